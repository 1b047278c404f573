<?php
/**
 * Each minute's turn of the dead-letter retry job (crontab.xml: mageos_asyncevents_cron_deadletterretryjob).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Cron;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use MageOS\AsyncEvents\Model\DeadLetter\RetryJobRunner;
use Magento\Framework\Exception\LocalizedException;
use Psr\Log\LoggerInterface;

/**
 * Advances the job started from the admin (or by a CLI run that was interrupted) by every batch
 * that falls due within this minute, so that cooldowns shorter than a minute hold too. Without a
 * running job it returns at once.
 */
class RunDeadLetterRetryJob
{
    /**
     * Seconds of each minute the job may wait for its next batch; the next cron run takes over after.
     */
    public const TIME_BUDGET_SECONDS = 50;

    /**
     * @var DeadLetterManagement
     */
    private DeadLetterManagement $deadLetters;

    /**
     * @var RetryJobRunner
     */
    private RetryJobRunner $runner;

    /**
     * @var LoggerInterface
     */
    private LoggerInterface $logger;

    /**
     * @param DeadLetterManagement $deadLetters
     * @param RetryJobRunner $runner
     * @param LoggerInterface $logger
     */
    public function __construct(DeadLetterManagement $deadLetters, RetryJobRunner $runner, LoggerInterface $logger)
    {
        $this->deadLetters = $deadLetters;
        $this->runner = $runner;
        $this->logger = $logger;
    }

    /**
     * Run the job's due batches.
     *
     * @return array<string, mixed>|null the latest job
     */
    public function execute(): ?array
    {
        try {
            $before = $this->deadLetters->getRetryJob();
            if (!RetryJobRunner::isRunning($before)) {
                return $before;
            }
            $job = $this->runner->run(microtime(true) + self::TIME_BUDGET_SECONDS);
        } catch (LocalizedException $e) {
            $this->logger->error('async_events dead-letter retry job: ' . $e->getMessage());
            return null;
        }
        if ($job !== null && ($job['job_id'] !== $before['job_id'] || $job['retried'] !== $before['retried']
            || $job['status'] !== $before['status'])) {
            $this->logger->info(sprintf(
                'async_events dead-letter retry job %d (%s): %d of %d retried, %s',
                $job['job_id'],
                $job['kind'],
                $job['retried'],
                $job['total'],
                $job['status']
            ));
        }
        return $job;
    }
}
