<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

/**
 * PHP ending inside a callback of the extension (`exit()`, `memory_limit`,
 * `max_execution_time`, a fatal error) ends the process as PHP ends it: its own exit status
 * and message, no crash, shutdown functions that can still use the extension, and the event
 * or delivery left for the next consumer. And PHP code called by the extension can call the
 * extension again: a resolver that publishes, a notifier that reads.
 */
class EndingTest extends TestCase
{
    private Receiver $receiver;

    protected function setUp(): void
    {
        parent::setUp();
        // Short leases, so that what the ended process held comes back quickly.
        $this->config += ['lease_seconds' => 2, 'timeout_ms' => 1000, 'sinks' => ['custom']];
        $this->client = new \AsyncEvents\Client($this->config);
        $this->receiver = new Receiver();
    }

    protected function tearDown(): void
    {
        $this->receiver->stop();
        parent::tearDown();
    }

    /** @return iterable<string, array{string, int, string}> */
    public static function resolverEndings(): iterable
    {
        yield 'exit()' => ['exit-in-resolver', 3, ''];
        yield 'memory_limit' => ['memory-in-resolver', 255, 'Allowed memory size'];
        yield 'max_execution_time' => ['time-in-resolver', 255, 'Maximum execution time'];
    }

    /** @dataProvider resolverEndings */
    public function testPhpEndingInTheResolverEndsTheProcessAndKeepsTheEvent(string $case, int $status, string $message): void
    {
        $this->subscribe('ending.test', "{$this->receiver->baseUrl}/ok");
        $uuid = $this->client->publish('ending.test', ['n' => 1]);

        [$exit, $output] = $this->runEnding($case);

        self::assertSame($status, $exit, "PHP's own exit status\n$output");
        self::assertStringContainsString($message, $output);
        self::assertStringContainsString('shutdown: 1 subscriptions', $output, 'the extension works in shutdown functions');
        self::assertStringNotContainsString('the call returned', $output);
        self::assertStringNotContainsStringIgnoringCase('panic', $output);
        self::assertSame([], $this->client->deadLetters('event')['items'], 'the event was not dead-lettered');

        $this->drainAfterTheLease(fn (string $event, array $arguments) => $arguments);
        self::assertSame([$uuid], array_map(fn ($r) => $r['headers']['webhook-id'], $this->receiver->requests()), 'the next consumer delivered it');
    }

    /** @return iterable<string, array{string, int, string}> */
    public static function notifierEndings(): iterable
    {
        yield 'exit()' => ['exit-in-notifier', 4, ''];
        yield 'fatal error' => ['error-in-notifier', 255, 'Cannot redeclare'];
    }

    /** @dataProvider notifierEndings */
    public function testPhpEndingInTheNotifierEndsTheProcessAndKeepsTheDelivery(string $case, int $status, string $message): void
    {
        $this->client->createSubscription(['event_name' => 'ending.test', 'recipient_url' => 'orders-bus',
            'verification_token' => 'secret-token', 'metadata' => 'custom']);
        $uuid = $this->client->publish('ending.test', ['n' => 2]);

        [$exit, $output] = $this->runEnding($case);

        self::assertSame($status, $exit, "PHP's own exit status\n$output");
        self::assertStringContainsString($message, $output);
        self::assertStringContainsString('shutdown: 1 subscriptions', $output);
        self::assertStringNotContainsStringIgnoringCase('panic', $output);

        $notified = [];
        $this->drainAfterTheLease(fn (string $event, array $arguments) => $arguments, function (array $delivery) use (&$notified): array {
            $notified[] = $delivery['uuid'];
            return ['success' => true, 'response_data' => 'ok'];
        });
        self::assertSame([$uuid], $notified, 'the next consumer notified it');
        self::assertCount(1, $this->client->trace($uuid)['attempts'], 'the ended attempt was not recorded, the next one was');
    }

    public function testPhpEndingInTheReindexProgressCallbackEndsTheProcess(): void
    {
        [$exit, $output] = $this->runEnding('memory-in-progress');

        self::assertSame(255, $exit, $output);
        self::assertStringContainsString('Allowed memory size', $output);
        self::assertStringContainsString('shutdown: 0 subscriptions', $output);
        self::assertStringNotContainsStringIgnoringCase('panic', $output);
    }

    public function testAResolverCanPublishAndANotifierCanReadThroughTheExtension(): void
    {
        $this->subscribe('order.placed', "{$this->receiver->baseUrl}/placed");
        $this->client->createSubscription(['event_name' => 'invoice.due', 'recipient_url' => 'billing',
            'verification_token' => 'secret-token', 'metadata' => 'custom']);
        $placed = $this->client->publish('order.placed', ['order' => 7]);

        $client = $this->client;
        $published = [];
        $resolver = function (string $event, array $arguments) use ($client, &$published): array {
            if ($event === 'order.placed') {
                $published[] = $client->publish('invoice.due', ['order' => $arguments['order']]);
            }
            return $arguments;
        };
        $seen = [];
        $notifier = function (array $delivery) use ($client, &$seen): array {
            // Its own attempt is recorded once it returns: the search cannot find it yet.
            $seen[] = [$delivery['uuid'], count($client->trace($delivery['uuid'])['subscriptions']), $client->search('event_name:invoice.due')['total_count']];
            return ['success' => true, 'response_data' => 'ok'];
        };
        $stats = $this->consumer()->run($resolver, ['drain' => true], $notifier);

        self::assertSame(2, $stats['messages'], "the event the resolver published was consumed in the same run\n" . print_r($stats, true));
        self::assertCount(1, $published);
        self::assertSame([$placed], array_map(fn ($r) => $r['headers']['webhook-id'], $this->receiver->requests()));
        self::assertSame([[$published[0], 1, 0]], $seen, 'the notifier read the trace and searched the log');
        self::assertSame([], $this->client->deadLetters('event')['items']);
    }

    public function testAReindexProgressCallbackCanUseTheExtension(): void
    {
        $this->subscribe('order.placed', "{$this->receiver->baseUrl}/placed");
        $this->client->publish('order.placed', ['order' => 8]);
        $this->consumer()->run(fn (string $event, array $arguments) => $arguments, ['drain' => true]);

        $client = $this->client;
        $seen = [];
        $indexed = $client->reindex(function (int $indexed, int $total) use ($client, &$seen): void {
            $seen[] = [$indexed, $total, $client->search('event_name:order.placed', 0)['total_count'], count($client->listSubscriptions())];
            try {
                $client->syncSearchIndex();
                $seen[] = 'synced';
            } catch (\AsyncEvents\Exception\StorageException $e) {
                $seen[] = str_contains($e->getMessage(), 'is being written') ? 'busy' : $e->getMessage();
            }
        });

        self::assertSame(1, $indexed);
        // The search during the rebuild sees the index as it was before (empty), the sync waits for nothing.
        self::assertSame([[0, 1, 0, 1], 'busy', [1, 1, 0, 1], 'busy'], $seen);
        self::assertSame(1, $client->search('event_name:order.placed', 0)['total_count']);
    }

    /**
     * Runs the fixture process over this test's store; returns its exit status and output.
     *
     * @return array{int, string}
     */
    private function runEnding(string $case): array
    {
        $command = [PHP_BINARY, '-d', 'extension=' . getenv('ASYNC_EVENTS_EXTENSION'), '-d', 'memory_limit=64M',
            '-d', 'display_errors=stderr', __DIR__ . '/fixtures/ending-consumer.php', json_encode($this->config), $case];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $output = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        $exit = proc_close($process);
        return [$exit, $output];
    }

    private function drainAfterTheLease(callable $resolver, ?callable $notifier = null): void
    {
        sleep(3);
        $this->consumer()->run($resolver, ['drain' => true], $notifier);
    }
}
