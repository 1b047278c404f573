<?php
/**
 * Tests of the loop that drives the dead-letter retry job for the CLI and cron.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\DeadLetter;

use MageOS\AsyncEvents\Model\DeadLetter\RetryJobRunner;
use MageOS\AsyncEvents\Test\Unit\TestCase;

/**
 * Batch after batch until the job ends, waiting out the cooldowns; a deadline or a stop request
 * ends the wait early; the job's state in words and percent.
 */
class RetryJobRunnerTest extends TestCase
{
    /**
     * @var float[] seconds each sleep was asked for
     */
    private array $sleeps = [];

    /**
     * A runner that really sleeps, and records how long.
     *
     * @param callable|null $sleep
     * @return RetryJobRunner
     */
    private function runner(?callable $sleep = null): RetryJobRunner
    {
        return new RetryJobRunner($this->deadLetterManagement(), $sleep ?? function (float $seconds): void {
            $this->sleeps[] = $seconds;
            usleep((int)($seconds * 1000000));
        });
    }

    /**
     * Without a job there is nothing to do.
     */
    public function testWithoutAJobThereIsNothingToDo(): void
    {
        $seen = [];
        self::assertNull($this->runner()->run(null, function (array $job) use (&$seen) {
            $seen[] = $job;
        }));
        self::assertSame([], $seen);
        self::assertSame([], $this->sleeps);
    }

    /**
     * The job runs batch after batch to its end.
     */
    public function testTheJobRunsBatchAfterBatchToItsEnd(): void
    {
        $this->makeDeadLetters(5);
        $this->deadLetterManagement()->startRetryJob('delivery', 2, 0);
        $progress = [];
        $job = $this->runner()->run(null, function (array $job) use (&$progress) {
            $progress[] = [$job['status'], $job['retried']];
        });
        self::assertSame([['running', 2], ['running', 4], ['finished', 5]], $progress);
        self::assertSame(['finished', 5, 5], [$job['status'], $job['retried'], $job['total']]);
        self::assertSame(0, $this->deadLetterManagement()->count('delivery'));
    }

    /**
     * Each cooldown is waited out.
     */
    public function testEachCooldownIsWaitedOut(): void
    {
        $this->makeDeadLetters(2);
        $this->deadLetterManagement()->startRetryJob('delivery', 1, 1);
        $started = microtime(true);
        $job = $this->runner()->run();
        self::assertSame('finished', $job['status']);
        self::assertGreaterThanOrEqual(0.9, microtime(true) - $started, 'one cooldown between two batches');
        self::assertGreaterThanOrEqual(0.9, array_sum($this->sleeps));
        foreach ($this->sleeps as $sleep) {
            self::assertLessThanOrEqual(1.01, $sleep, 'naps stay short, so that a stop request is seen');
        }
    }

    /**
     * A batch due after the deadline is left for later.
     */
    public function testABatchDueAfterTheDeadlineIsLeftForLater(): void
    {
        $this->makeDeadLetters(2);
        $this->deadLetterManagement()->startRetryJob('delivery', 1, 3600);
        $job = $this->runner()->run(microtime(true) + 50);
        self::assertSame(['running', 1], [$job['status'], $job['retried']]);
        self::assertSame([], $this->sleeps, 'no waiting for a batch an hour away');
    }

    /**
     * A stop request ends the wait and leaves the job running for its owner to stop.
     */
    public function testAStopRequestEndsTheWait(): void
    {
        $this->makeDeadLetters(2);
        $this->deadLetterManagement()->startRetryJob('delivery', 1, 3600);
        $stop = false;
        $job = $this->runner(function (float $seconds) use (&$stop): void {
            $this->sleeps[] = $seconds;
            $stop = true;
        })->run(null, null, function () use (&$stop): bool {
            return $stop;
        });
        self::assertSame(['running', 1], [$job['status'], $job['retried']]);
        self::assertCount(1, $this->sleeps);
    }

    /**
     * The job's state in words, percent and seconds to the next batch.
     */
    public function testTheJobsStateInWordsAndNumbers(): void
    {
        $now = 1795458600.0;
        $runner = new RetryJobRunner($this->deadLetterManagement(), null, static fn (): float => $now);
        $job = [
            'job_id' => 7, 'kind' => 'delivery', 'batch_size' => 10, 'cooldown_seconds' => 60, 'status' => 'running',
            'retried' => 30, 'total' => 40, 'started' => '2026-11-23 18:20:00.000', 'next_batch_at' => '2026-11-23 18:30:12.500',
        ];
        self::assertSame(12.5, $runner->secondsUntilNextBatch($job));
        self::assertSame(75, $runner->getPercent($job));
        self::assertTrue(RetryJobRunner::isRunning($job));
        self::assertSame(
            'Retry job 7 (delivery dead letters) is running: 30 of 40 retried, 10 per batch, 60 s between batches; '
            . 'next batch at 2026-11-23 18:30:12.500 UTC (in 13 s).',
            (string)$runner->describe($job)
        );

        $finished = ['status' => 'finished', 'retried' => 41, 'next_batch_at' => '2026-11-23 18:29:00.000'] + $job;
        self::assertSame(0.0, $runner->secondsUntilNextBatch($finished));
        self::assertSame(100, $runner->getPercent($finished), 'dead letters added during the job do not go past 100');
        self::assertFalse(RetryJobRunner::isRunning($finished));
        self::assertFalse(RetryJobRunner::isRunning(null));
        self::assertSame('No retry job has run yet.', (string)$runner->describe(null));
        self::assertSame(
            'Retry job 7 (delivery dead letters) is finished: 41 of 40 retried; started 2026-11-23 18:20:00.000 UTC.',
            (string)$runner->describe($finished)
        );
        self::assertSame(100, $runner->getPercent(['total' => 0, 'retried' => 0] + $finished));
        self::assertSame(0, $runner->getPercent(['total' => 0, 'retried' => 0] + $job));
    }
}
