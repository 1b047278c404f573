<?php
/**
 * Drives the dead-letter retry job batch after batch, for the CLI and cron.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\DeadLetter;

use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Phrase;

/**
 * The extension keeps the job (its progress and when its next batch is due) in the store, so any
 * process may advance it: this calls runRetryJob() and waits out each cooldown until the job ends,
 * the caller asks to stop, or the next batch would come after a deadline (cron gives itself less
 * than a minute, so that runs never pile up).
 */
class RetryJobRunner
{
    /**
     * Longest single wait, so that a stop request is seen soon even without a signal.
     */
    private const MAX_NAP_SECONDS = 1.0;

    /**
     * Added to each wait: the store's clock counts milliseconds, so a batch due "now" may still be
     * a fraction of a millisecond away.
     */
    private const MARGIN_SECONDS = 0.005;

    /**
     * @var DeadLetterManagement
     */
    private DeadLetterManagement $deadLetters;

    /**
     * @var callable(float): void
     */
    private $sleep;

    /**
     * @var callable(): float
     */
    private $clock;

    /**
     * @param DeadLetterManagement $deadLetters
     * @param callable|null $sleep waits a number of seconds (usleep by default; tests pass their own)
     * @param callable|null $clock the Unix time in seconds (microtime by default)
     */
    public function __construct(DeadLetterManagement $deadLetters, ?callable $sleep = null, ?callable $clock = null)
    {
        $this->deadLetters = $deadLetters;
        $this->sleep = $sleep ?? static function (float $seconds): void {
            usleep((int)round($seconds * 1000000));
        };
        $this->clock = $clock ?? static fn (): float => microtime(true);
    }

    /**
     * Advance the running job batch by batch until it ends.
     *
     * @param float|null $deadline Unix time after which no batch is started; null for none
     * @param callable|null $onProgress called with the job after each call of runRetryJob()
     * @param callable|null $shouldStop returns true when the caller wants to stop waiting
     * @return array<string, mixed>|null the latest job (still running when the deadline or $shouldStop
     *     ended the wait), or null if there never was one
     * @throws LocalizedException
     */
    public function run(?float $deadline = null, ?callable $onProgress = null, ?callable $shouldStop = null): ?array
    {
        $shouldStop = $shouldStop ?? static fn (): bool => false;
        while (true) {
            $job = $this->deadLetters->runRetryJob();
            if ($onProgress !== null && $job !== null) {
                $onProgress($job);
            }
            if (!self::isRunning($job) || $shouldStop()) {
                return $job;
            }
            $due = $this->nextBatchTime($job);
            if ($deadline !== null && $due > $deadline) {
                return $job;
            }
            while (($wait = $due - ($this->clock)()) > 0 && !$shouldStop()) {
                ($this->sleep)(min($wait + self::MARGIN_SECONDS, self::MAX_NAP_SECONDS));
            }
            if ($shouldStop()) {
                return $job;
            }
        }
    }

    /**
     * Whether a job still has batches to do.
     *
     * @param array<string, mixed>|null $job
     * @return bool
     */
    public static function isRunning(?array $job): bool
    {
        return $job !== null && ($job['status'] ?? null) === DeadLetterManagement::JOB_RUNNING;
    }

    /**
     * Seconds until the job's next batch is due (0 when it is due).
     *
     * @param array<string, mixed> $job
     * @return float
     */
    public function secondsUntilNextBatch(array $job): float
    {
        return max(0.0, $this->nextBatchTime($job) - ($this->clock)());
    }

    /**
     * How far the job got, in percent of the dead letters there were when it started.
     *
     * @param array<string, mixed> $job
     * @return int
     */
    public function getPercent(array $job): int
    {
        $total = (int)$job['total'];
        if ($total <= 0) {
            return $job['status'] === DeadLetterManagement::JOB_RUNNING ? 0 : 100;
        }
        return (int)min(100, floor(100 * (int)$job['retried'] / $total));
    }

    /**
     * Say where the job stands, for the admin page.
     *
     * @param array<string, mixed>|null $job null when there never was one
     * @return Phrase
     */
    public function describe(?array $job): Phrase
    {
        if ($job === null) {
            return __('No retry job has run yet.');
        }
        if (!self::isRunning($job)) {
            return __(
                'Retry job %1 (%2 dead letters) is %3: %4 of %5 retried; started %6 UTC.',
                $job['job_id'],
                $job['kind'],
                $job['status'],
                $job['retried'],
                $job['total'],
                $job['started']
            );
        }
        return __(
            'Retry job %1 (%2 dead letters) is running: %3 of %4 retried, %5 per batch, %6 s between batches; '
            . 'next batch at %7 UTC (in %8 s).',
            $job['job_id'],
            $job['kind'],
            $job['retried'],
            $job['total'],
            $job['batch_size'],
            $job['cooldown_seconds'],
            $job['next_batch_at'],
            (int)ceil($this->secondsUntilNextBatch($job))
        );
    }

    /**
     * When the job's next batch is due, as Unix time.
     *
     * @param array<string, mixed> $job
     * @return float
     */
    private function nextBatchTime(array $job): float
    {
        $text = (string)($job['next_batch_at'] ?? '');
        $utc = new \DateTimeZone('UTC');
        $time = \DateTimeImmutable::createFromFormat('!Y-m-d H:i:s.v', $text, $utc)
            ?: \DateTimeImmutable::createFromFormat('!Y-m-d H:i:s', $text, $utc);
        return $time === false ? 0.0 : (float)$time->format('U.u');
    }
}
