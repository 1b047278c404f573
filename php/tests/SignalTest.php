<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

/**
 * SIGTERM stops a run gracefully: the consumer stops claiming, lets the deliveries in
 * flight finish and be recorded, and returns with stop_reason "stopped"; nothing is lost.
 */
class SignalTest extends TestCase
{
    public function testSigtermStopsARunAfterRecordingWhatIsInFlight(): void
    {
        if (!function_exists('pcntl_fork')) {
            self::markTestSkipped('pcntl is not available');
        }
        $receiver = new Receiver();
        try {
            $this->subscribe('a.b', $receiver->baseUrl . '/slow');
            foreach (range(1, 3) as $n) {
                $this->client->publish('a.b', ['n' => $n]);
            }
            $statsFile = "{$this->dir}/stats.json";
            $pid = pcntl_fork();
            if ($pid === 0) {
                $stats = $this->consumer()->run(fn ($event, $arguments) => $arguments, ['per_subscription_concurrency' => 1]);
                file_put_contents($statsFile, json_encode($stats));
                posix_kill(getmypid(), SIGKILL);
            }
            // Wait until the first (1 s) request is open, then ask the consumer to stop.
            $deadline = microtime(true) + 10;
            while ($receiver->requests() === [] && microtime(true) < $deadline) {
                usleep(20_000);
            }
            posix_kill($pid, SIGTERM);
            pcntl_waitpid($pid, $status);

            $stats = json_decode((string) file_get_contents($statsFile), true);
            self::assertSame('stopped', $stats['stop_reason']);
            self::assertSame(1, $stats['delivered'], 'the request in flight was finished and recorded');
            self::assertCount(1, $receiver->requests(), 'nothing new was started after the signal');

            // The other two are still pending, and a later run delivers them.
            $rest = $this->consumer()->run(null, ['drain' => true]);
            self::assertSame(2, $rest['delivered']);
        } finally {
            $receiver->stop();
        }
    }
}
