<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

/**
 * At-least-once under crashes: consumer processes are killed with SIGKILL again and again
 * while events are delivered to 3 subscribers. Afterwards every (event, subscriber) pair was
 * delivered at least once, duplicates carry the same webhook-id, and their number is
 * reported. On the SQL queue and on RabbitMQ. CRASH_TEST_EVENTS sets the count (10000).
 */
class CrashTest extends TestCase
{
    /** @return iterable<string, array{array<string, mixed>}> */
    public static function queues(): iterable
    {
        yield 'SQL queue' => [[]];
        $queue = 'crash.trigger.' . bin2hex(random_bytes(3));
        yield 'RabbitMQ' => [['queue_dsn' => getenv('ASYNC_EVENTS_TEST_AMQP') ?: 'amqp://guest:guest@127.0.0.1:5672/%2f',
            'amqp_queue' => $queue, 'amqp_routing_key' => $queue]];
    }

    /**
     * @dataProvider queues
     * @param array<string, mixed> $queue
     */
    public function testEveryPairIsDeliveredDespiteRepeatedKills(array $queue): void
    {
        $events = (int) (getenv('CRASH_TEST_EVENTS') ?: 10000);
        // Short leases, so that what a killed consumer held comes back quickly.
        $this->config += $queue + ['lease_seconds' => 3, 'timeout_ms' => 2000];
        $this->client = new \AsyncEvents\Client($this->config);
        $receiver = new Receiver();
        try {
            foreach (['a', 'b', 'c'] as $path) {
                $this->subscribe('crash.test', "{$receiver->baseUrl}/ok/$path");
            }
            for ($i = 0; $i < $events; $i += 500) {
                $this->client->publishBatch(array_fill(0, min(500, $events - $i), ['event_name' => 'crash.test', 'arguments' => ['n' => 1]]));
            }

            $kills = 0;
            $deadline = microtime(true) + 600;
            do {
                $consumer = proc_open([PHP_BINARY, '-d', 'extension=' . getenv('ASYNC_EVENTS_EXTENSION'), __DIR__ . '/fixtures/crash-consumer.php', json_encode($this->config)],
                    [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
                usleep(random_int(300_000, 1_200_000));
                proc_terminate($consumer, SIGKILL);
                proc_close($consumer);
                $kills++;
                $delivered = count(array_unique(array_map(fn ($r) => $r['path'] . ' ' . $r['headers']['webhook-id'], $receiver->requests())));
            } while ($delivered < 3 * $events && $kills < 30 && microtime(true) < $deadline);

            // A last consumer, not killed, finishes what the leases give back.
            $this->consumer()->run(fn (string $event, array $arguments) => $arguments, ['drain' => true]);

            $pairs = [];
            foreach ($receiver->requests() as $request) {
                $key = $request['path'] . ' ' . $request['headers']['webhook-id'];
                $pairs[$key] = ($pairs[$key] ?? 0) + 1;
                self::assertSame(json_decode($request['body'], true)['id'], $request['headers']['webhook-id']);
            }
            $duplicates = array_sum($pairs) - count($pairs);
            fwrite(STDERR, sprintf("\n[crash test, %s] %d events x 3 subscribers, %d kills: %d pairs delivered, %d duplicate deliveries\n",
                isset($queue['queue_dsn']) ? 'RabbitMQ' : 'SQL queue', $events, $kills, count($pairs), $duplicates));
            self::assertGreaterThan(1, $kills, 'the consumers were killed while working');
            self::assertCount(3 * $events, $pairs, 'every (event, subscriber) pair was delivered at least once');
        } finally {
            $receiver->stop();
        }
    }
}
