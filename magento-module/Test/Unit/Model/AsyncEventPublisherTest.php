<?php
/**
 * Tests of the publisher: what an observer calls.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model;

use MageOS\AsyncEvents\Api\AsyncEventPublisherInterface;
use MageOS\AsyncEvents\Model\AsyncEventPublisher;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Model\Extension\ConfigProvider;
use MageOS\AsyncEvents\Test\Unit\Fake\PdoAdapter;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\Exception\LocalizedException;

/**
 * Publishing goes through the extension into the store's queue, with the store id as an int;
 * inside a transaction of Magento's default connection it goes into the outbox table, through
 * that connection, so that a roll-back takes it away.
 */
class AsyncEventPublisherTest extends TestCase
{
    /**
     * Magento's default connection (SQLite in memory), with the outbox table as db_schema.xml declares it.
     *
     * @var PdoAdapter
     */
    private PdoAdapter $magentoDb;

    /**
     * @inheritdoc
     */
    protected function setUp(): void
    {
        parent::setUp();
        $this->magentoDb = PdoAdapter::sqlite();
        $this->magentoDb->pdo->exec('CREATE TABLE m2_async_event_outbox (
            outbox_id INTEGER PRIMARY KEY AUTOINCREMENT,
            message TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
        )');
        $this->env['db']['table_prefix'] = 'm2_';
    }

    /**
     * The publisher over the test's store and Magento's connection.
     *
     * @param ClientProvider|null $clientProvider
     * @return AsyncEventPublisher
     */
    private function publisher(?ClientProvider $clientProvider = null): AsyncEventPublisher
    {
        return new AsyncEventPublisher(
            $clientProvider ?? $this->clientProvider(),
            new ResourceConnection($this->magentoDb, 'm2_'),
            $this->connectionDsn()
        );
    }

    /**
     * The outbox's rows.
     *
     * @return string[] the messages, oldest first
     */
    private function outbox(): array
    {
        return $this->magentoDb->pdo->query('SELECT message FROM m2_async_event_outbox ORDER BY outbox_id')
            ->fetchAll(\PDO::FETCH_COLUMN);
    }

    /**
     * Subscribe to test.order.created in each store the tests publish in (the engine only resolves
     * events somebody subscribed to).
     *
     * @return void
     */
    private function subscribe(): void
    {
        foreach ([0, 1, 2, 3] as $storeId) {
            $this->client()->createSubscription([
                'event_name' => 'test.order.created', 'recipient_url' => 'http://127.0.0.1:9/hook',
                'verification_token' => 't', 'store_id' => $storeId,
            ]);
        }
    }

    /**
     * Run the trigger consumer until the queue is empty.
     *
     * @return array<int, array{0: string, 1: array, 2: int}> the events it resolved
     */
    private function consume(): array
    {
        $seen = [];
        $this->clientProvider()->createConsumer()->run(
            function (string $event, array $arguments, int $storeId) use (&$seen) {
                $seen[] = [$event, $arguments, $storeId];
                return [];
            },
            ['drain' => true]
        );
        return $seen;
    }

    /**
     * It implements the service contract with the reference (4.x) signatures.
     */
    public function testItImplementsTheServiceContractWithTheReferenceSignature(): void
    {
        self::assertTrue(is_subclass_of(AsyncEventPublisher::class, AsyncEventPublisherInterface::class));
        $contract = new \ReflectionMethod(AsyncEventPublisherInterface::class, 'publish');
        self::assertSame(['eventName', 'data'], array_map(fn ($p) => $p->getName(), $contract->getParameters()));
        self::assertSame('void', (string)$contract->getReturnType());
        $method = new \ReflectionMethod(AsyncEventPublisher::class, 'publish');
        self::assertSame(['eventName', 'data', 'storeId', 'options'], array_map(fn ($p) => $p->getName(), $method->getParameters()));
        self::assertSame(['string', 'array', 'int', 'array'], array_map(fn ($p) => (string)$p->getType(), $method->getParameters()));
        self::assertSame(0, $method->getParameters()[2]->getDefaultValue());
        self::assertSame([], $method->getParameters()[3]->getDefaultValue());
        self::assertSame('void', (string)$method->getReturnType());
    }

    /**
     * Published events reach the consumer with their arguments and store.
     */
    public function testPublishedEventsReachTheConsumerWithTheirArgumentsAndStore(): void
    {
        $this->subscribe();
        $publisher = $this->publisher();
        $publisher->publish('test.order.created', ['orderId' => 42, 'withItems' => true], 3);
        $publisher->publish('test.order.created', ['orderId' => 43]);

        $seen = [];
        $stats = $this->clientProvider()->createConsumer()->run(
            function (string $event, array $arguments, int $storeId, string $uuid) use (&$seen) {
                $seen[] = [$event, $arguments, $storeId];
                return [];
            },
            ['max_messages' => 2, 'idle_timeout' => 5.0]
        );

        self::assertSame(2, $stats['messages']);
        self::assertSame([
            ['test.order.created', ['orderId' => 42, 'withItems' => true], 3],
            ['test.order.created', ['orderId' => 43], 0],
        ], $seen);
    }

    /**
     * Outside a transaction the event is queued at once, transactional publishing on or off.
     */
    public function testOutsideATransactionTheEventIsQueuedAtOnce(): void
    {
        $this->env['async_events']['transactional_publish'] = true;
        $this->subscribe();
        $this->publisher()->publish('test.order.created', ['orderId' => 1], 1);

        self::assertSame([], $this->outbox());
        self::assertSame([['test.order.created', ['orderId' => 1], 1]], $this->consume());
    }

    /**
     * Inside a transaction the queue message goes into the outbox through Magento's connection:
     * a roll-back takes it away, a commit keeps it, and nothing reaches the queue meanwhile.
     */
    public function testInsideATransactionTheEventGoesIntoTheOutboxAndARollBackTakesItAway(): void
    {
        $this->env['async_events']['transactional_publish'] = true;
        $this->subscribe();
        $publisher = $this->publisher();

        // A save that fails: Magento's resource model rolls its transaction back
        $this->magentoDb->beginTransaction();
        $publisher->publish('test.order.created', ['orderId' => 1], 1);
        self::assertCount(1, $this->outbox(), 'written inside the transaction');
        $this->magentoDb->rollBack();
        self::assertSame([], $this->outbox(), 'rolled back with it');

        // A save that commits, its observer nested one level deeper (as resource models nest)
        $this->magentoDb->beginTransaction();
        $this->magentoDb->beginTransaction();
        $publisher->publish('test.order.created', ['orderId' => 2, 'items' => ['a', 'b']], 2);
        $publisher->publish('test.order.created', ['orderId' => 3]);
        $this->magentoDb->commit();
        $this->magentoDb->commit();

        $rows = array_map(static fn (string $message) => json_decode($message, true), $this->outbox());
        self::assertCount(2, $rows, 'committed: the consumer relays them from here');
        self::assertEquals(
            [['test.order.created', ['orderId' => 2, 'items' => ['a', 'b']], 2], ['test.order.created', ['orderId' => 3], 0]],
            array_map(static fn (array $row) => [$row['event_name'], $row['arguments'], $row['store_id']], $rows)
        );
        self::assertMatchesRegularExpression('/^[0-9a-f-]{36}$/', $rows[0]['uuid']);
        self::assertNotSame($rows[0]['uuid'], $rows[1]['uuid']);
        self::assertSame([], $this->consume(), 'nothing was queued directly');
    }

    /**
     * A correlation id and a traceparent given to publish() reach the notifier's CloudEvent with the
     * publication time; inside a transaction the outbox's message keeps them (the relay itself needs
     * MySQL: the end-to-end test in real Magento covers it).
     */
    public function testCorrelationIdAndTraceparentReachTheCloudEvent(): void
    {
        $this->env['async_events']['transactional_publish'] = true;
        // A custom sink (its notifier is the run's callback below)
        $this->notifierFactory = new \MageOS\AsyncEvents\Service\AsyncEvent\NotifierFactory(['erp' => new \stdClass()]);
        foreach ([0, 3] as $storeId) {
            $this->client()->createSubscription([
                'event_name' => 'test.order.created', 'recipient_url' => 'erp://orders', 'metadata' => 'erp',
                'verification_token' => 't', 'store_id' => $storeId,
            ]);
        }
        $traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
        $publisher = $this->publisher();
        $publisher->publish('test.order.created', ['orderId' => 1], 3, ['correlation_id' => 'checkout-1', 'traceparent' => $traceparent]);
        $publisher->publish('test.order.created', ['orderId' => 2], 3, ['correlation_id' => 'checkout-2']);
        $this->magentoDb->beginTransaction();
        $publisher->publish('test.order.created', ['orderId' => 3], 3, ['correlation_id' => 'checkout-3', 'traceparent' => $traceparent]);
        $this->magentoDb->commit();
        $outboxed = json_decode($this->outbox()[0], true);
        self::assertSame(['checkout-3', $traceparent], [$outboxed['correlation_id'], $outboxed['traceparent']]);

        $events = [];
        $this->clientProvider()->createConsumer()->run(
            fn () => ['ok' => true],
            ['drain' => true],
            function (array $delivery) use (&$events) {
                $events[$delivery['event']['correlationid'] . '/' . $delivery['subscription_id']] = $delivery['event'];
                return ['success' => true];
            }
        );

        self::assertCount(4, $events, 'each event to the store-0 and the store-3 subscription');
        foreach ($events as $key => $event) {
            if (str_starts_with($key, 'checkout-1/')) {
                self::assertSame($traceparent, $event['traceparent']);
            } else {
                self::assertStringStartsWith('checkout-2/', $key);
                self::assertArrayNotHasKey('traceparent', $event);
            }
            $published = new \DateTimeImmutable($event['time']);
            self::assertLessThan(60, abs(time() - $published->getTimestamp()), 'time is when it was published');
        }
    }

    /**
     * With transactional publishing off, events published inside a transaction are queued at
     * once, and the consumers are given no outbox to relay.
     */
    public function testTheSwitchOffQueuesAtOnceInsideATransaction(): void
    {
        $this->env['async_events']['transactional_publish'] = false;
        $this->subscribe();
        self::assertArrayNotHasKey('outbox_dsn', $this->clientProvider()->getSettings());

        $this->magentoDb->beginTransaction();
        $this->publisher()->publish('test.order.created', ['orderId' => 5], 1);
        $this->magentoDb->rollBack();

        self::assertSame([], $this->outbox());
        self::assertSame([['test.order.created', ['orderId' => 5], 1]], $this->consume(), 'the roll-back does not reach it');
    }

    /**
     * An event the extension refuses is refused inside a transaction too, before anything is written.
     */
    public function testARefusedEventIsRefusedInsideATransactionToo(): void
    {
        $this->env['async_events']['transactional_publish'] = true;
        $this->magentoDb->beginTransaction();
        try {
            $this->publisher()->publish('', ['orderId' => 1]);
            self::fail('an empty event name was accepted');
        } catch (LocalizedException $e) {
            self::assertStringContainsString('The asynchronous event "" could not be published', $e->getMessage());
        }
        self::assertSame([], $this->outbox());
    }

    /**
     * A missing outbox table (setup:upgrade not run) fails the publish, and so the save.
     */
    public function testAMissingOutboxTableFailsThePublish(): void
    {
        $this->env['async_events']['transactional_publish'] = true;
        $this->magentoDb->pdo->exec('DROP TABLE m2_async_event_outbox');
        $this->magentoDb->beginTransaction();
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('The asynchronous event "test.order.created" could not be written to the outbox');
        $this->publisher()->publish('test.order.created', ['orderId' => 1]);
    }

    /**
     * A refused event is a localized exception naming it.
     */
    public function testARefusedEventIsALocalizedExceptionNamingIt(): void
    {
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('The asynchronous event "" could not be published');
        $this->publisher()->publish('', []);
    }

    /**
     * Unusable settings are a localized exception.
     */
    public function testUnusableSettingsAreALocalizedException(): void
    {
        $this->env['async_events'] = ['store_dsn' => 'bogus'];
        $publisher = $this->publisher(new ClientProvider(new ConfigProvider($this->connectionDsn(), $this->scopeConfig)));
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('async_events: ');
        $publisher->publish('test.order.created', ['orderId' => 1]);
    }
}
