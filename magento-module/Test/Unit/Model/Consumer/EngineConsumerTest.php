<?php
/**
 * Tests of the consumer instances that queue:consumers:start runs.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\Consumer;

use MageOS\AsyncEvents\Model\Consumer\EngineConsumer;
use MageOS\AsyncEvents\Model\Consumer\RetryConsumer;
use MageOS\AsyncEvents\Model\Consumer\TriggerConsumer;
use MageOS\AsyncEvents\Test\Unit\Fake\ConsumerConfiguration;
use MageOS\AsyncEvents\Test\Unit\Fake\Logger;
use MageOS\AsyncEvents\Test\Unit\Fake\PoisonPill;
use MageOS\AsyncEvents\Test\Unit\Receiver;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\MessageQueue\ConsumerInterface;

/**
 * `--max-messages` arrives as a string or null; `--batch-size` as batchSize; the run stops on the
 * poison pill, at the limit, or after queue_consumer.xml's idle time.
 */
class EngineConsumerTest extends TestCase
{
    /**
     * @var PoisonPill
     */
    private PoisonPill $poisonPill;

    /**
     * @var Logger
     */
    private Logger $logger;

    /**
     * @var Receiver
     */
    private Receiver $receiver;

    /**
     * @inheritdoc
     */
    protected function setUp(): void
    {
        parent::setUp();
        $this->poisonPill = new PoisonPill();
        $this->logger = new Logger();
        $this->receiver = new Receiver();
    }

    /**
     * @inheritdoc
     */
    protected function tearDown(): void
    {
        $this->receiver->stop();
        parent::tearDown();
    }

    /**
     * The trigger consumer as ConsumerFactory builds it (named arguments configuration, batchSize).
     *
     * @param ConsumerConfiguration $configuration
     * @param int|string $batchSize
     * @return TriggerConsumer
     */
    private function trigger(ConsumerConfiguration $configuration, $batchSize = 0): TriggerConsumer
    {
        return new TriggerConsumer(
            configuration: $configuration,
            clientProvider: $this->clientProvider(),
            poisonPillRead: $this->poisonPill,
            poisonPillCompare: $this->poisonPill,
            logger: $this->logger,
            resolver: $this->resolver(),
            batchSize: $batchSize
        );
    }

    /**
     * Subscribe the receiver and publish $count orders.
     *
     * @param int $count
     * @param string $path
     * @return void
     */
    private function publishOrders(int $count, string $path = '/ok'): void
    {
        $this->client()->createSubscription([
            'event_name' => 'test.order.created',
            'recipient_url' => $this->receiver->baseUrl . $path,
            'verification_token' => 'tok',
        ]);
        for ($i = 1; $i <= $count; $i++) {
            $this->client()->publish('test.order.created', ['orderId' => $i]);
        }
    }

    /**
     * @return array<string, array{0: mixed, 1: int|null}>
     */
    public function maxMessagesOptions(): array
    {
        return [
            'not given' => [null, null],
            'empty' => ['', null],
            'zero' => ['0', null],
            'text number' => ['25', 25],
            'padded' => [' 7 ', 7],
            'int (older frameworks cast it)' => [3, 3],
        ];
    }

    /**
     * @dataProvider maxMessagesOptions
     * @param mixed $option
     * @param int|null $expected
     */
    public function testMaxMessagesIsReadFromTheRawOption($option, ?int $expected): void
    {
        self::assertSame($expected, EngineConsumer::parseMaxMessages($option));
    }

    /**
     * @return array<string, array{0: mixed}>
     */
    public function badMaxMessages(): array
    {
        return ['negative' => ['-1'], 'word' => ['ten'], 'decimal' => ['1.5'], 'array' => [[1]]];
    }

    /**
     * @dataProvider badMaxMessages
     * @param mixed $option
     */
    public function testABadMaxMessagesIsAClearError($option): void
    {
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('--max-messages must be a positive whole number');
        EngineConsumer::parseMaxMessages($option);
    }

    /**
     * Run options carry the limit the batch size and a round length.
     */
    public function testRunOptionsCarryTheLimitTheBatchSizeAndARoundLength(): void
    {
        $consumer = $this->trigger(new ConsumerConfiguration('event.trigger.consumer'), '50');
        self::assertSame(
            ['max_messages' => 5, 'idle_timeout' => EngineConsumer::ROUND_IDLE_SECONDS, 'batch_size' => 50],
            $consumer->buildRunOptions(5, null)
        );
        self::assertSame(
            ['max_messages' => EngineConsumer::ROUND_MESSAGES, 'idle_timeout' => 2.0],
            $this->trigger(new ConsumerConfiguration('event.trigger.consumer'))->buildRunOptions(null, 2.0)
        );
    }

    /**
     * It is a magento consumer started with the factorys arguments.
     */
    public function testItIsAMagentoConsumerStartedWithTheFactorysArguments(): void
    {
        foreach ([TriggerConsumer::class, RetryConsumer::class] as $class) {
            self::assertTrue(is_subclass_of($class, ConsumerInterface::class));
            $names = array_map(
                static fn (\ReflectionParameter $p) => $p->getName(),
                (new \ReflectionMethod($class, '__construct'))->getParameters()
            );
            self::assertContains('configuration', $names);
            self::assertSame('batchSize', end($names), 'batchSize is last and optional');
            $process = new \ReflectionMethod($class, 'process');
            self::assertNull($process->getParameters()[0]->getType(), 'no parameter type added to the framework\'s');
            self::assertNull($process->getReturnType());
        }
    }

    /**
     * The trigger consumer stops after max messages given as a string.
     */
    public function testTheTriggerConsumerStopsAfterMaxMessagesGivenAsAString(): void
    {
        $this->publishOrders(5);
        $consumer = $this->trigger(new ConsumerConfiguration('event.trigger.consumer'), 2);

        $consumer->process('3');

        $stats = $consumer->getLastStats();
        self::assertSame(3, $stats['messages']);
        self::assertSame('max_messages', $stats['stop_reason']);
        self::assertCount(3, $this->receiver->requests());
        $bodies = array_map(fn ($r) => json_decode($r['body'], true), $this->receiver->requests());
        $ids = array_map(fn ($b) => $b['data']['increment_id'], $bodies);
        sort($ids);
        self::assertSame(['000000001', '000000002', '000000003'], $ids, 'the oldest three, in any order');
        self::assertSame('test.order.created', $bodies[0]['type']);
        self::assertSame('info', $this->logger->records[0][0]);
        self::assertStringContainsString('event.trigger.consumer stopped (max_messages)', $this->logger->records[0][1]);
    }

    /**
     * Queue consumer xmls max messages applies when the option is null.
     */
    public function testQueueConsumerXmlsMaxMessagesAppliesWhenTheOptionIsNull(): void
    {
        $this->publishOrders(3);
        $consumer = $this->trigger(new ConsumerConfiguration('event.trigger.consumer', 2));
        $consumer->process(null);
        self::assertSame(2, $consumer->getLastStats()['messages']);
    }

    /**
     * It stops when idle for queue consumer xmls max idle time.
     */
    public function testItStopsWhenIdleForQueueConsumerXmlsMaxIdleTime(): void
    {
        $this->publishOrders(1);
        $consumer = $this->trigger(new ConsumerConfiguration('event.trigger.consumer', null, 1));
        $started = microtime(true);
        $consumer->process();
        self::assertSame('idle_timeout', $consumer->getLastStats()['stop_reason']);
        self::assertSame(1, $consumer->getLastStats()['messages']);
        self::assertLessThan(EngineConsumer::ROUND_IDLE_SECONDS, microtime(true) - $started);
    }

    /**
     * A new poison pill stops the consumer between rounds.
     */
    public function testANewPoisonPillStopsTheConsumerBetweenRounds(): void
    {
        $this->publishOrders(1);
        $this->poisonPill->changeAt = 1;
        $consumer = new class(
            new ConsumerConfiguration('event.trigger.consumer'),
            $this->clientProvider(),
            $this->poisonPill,
            $this->poisonPill,
            $this->logger,
            $this->resolver()
        ) extends TriggerConsumer {
            /**
             * Short rounds, so that the test does not wait ROUND_IDLE_SECONDS.
             *
             * @param int|null $remaining
             * @param float|null $idleLimit
             * @return array<string, mixed>
             */
            public function buildRunOptions(?int $remaining, ?float $idleLimit): array
            {
                return ['idle_timeout' => 0.3] + parent::buildRunOptions($remaining, $idleLimit);
            }
        };
        $consumer->process();
        self::assertSame('poison_pill', $consumer->getLastStats()['stop_reason']);
        self::assertSame(1, $consumer->getLastStats()['rounds']);
        self::assertSame(1, $consumer->getLastStats()['messages']);
    }

    /**
     * The retry consumer delivers retries without resolving.
     */
    public function testTheRetryConsumerDeliversRetriesWithoutResolving(): void
    {
        $this->publishOrders(1, '/fail');
        // The trigger consumer makes the first attempt; it fails and a retry is scheduled in 1 s.
        $this->trigger(new ConsumerConfiguration('event.trigger.consumer'))->process('1');
        self::assertCount(1, $this->receiver->requests());

        $retry = new RetryConsumer(
            new ConsumerConfiguration('event.retry.consumer'),
            $this->clientProvider(),
            $this->poisonPill,
            $this->poisonPill,
            $this->logger
        );
        $retry->process('1');

        self::assertSame(1, $retry->getLastStats()['attempts']);
        self::assertSame(0, $retry->getLastStats()['messages']);
        self::assertCount(2, $this->receiver->requests());
        self::assertSame(
            $this->receiver->requests()[0]['headers']['webhook-id'],
            $this->receiver->requests()[1]['headers']['webhook-id'],
            'a retry keeps the event id'
        );
    }
}
