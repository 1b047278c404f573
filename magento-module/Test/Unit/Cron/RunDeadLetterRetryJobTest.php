<?php
/**
 * Tests of the cron job that advances the dead-letter retry job.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Cron;

use MageOS\AsyncEvents\Cron\RunDeadLetterRetryJob;
use MageOS\AsyncEvents\Model\DeadLetter\RetryJobRunner;
use MageOS\AsyncEvents\Test\Unit\Fake\Logger;
use MageOS\AsyncEvents\Test\Unit\TestCase;

/**
 * Returns at once without a running job; runs the batches due within its minute; logs progress and
 * errors.
 */
class RunDeadLetterRetryJobTest extends TestCase
{
    /**
     * @var Logger
     */
    private Logger $logger;

    /**
     * The cron job over the test's store.
     *
     * @return RunDeadLetterRetryJob
     */
    private function cron(): RunDeadLetterRetryJob
    {
        $this->logger = new Logger();
        $deadLetters = $this->deadLetterManagement();
        return new RunDeadLetterRetryJob($deadLetters, new RetryJobRunner($deadLetters), $this->logger);
    }

    /**
     * crontab.xml runs it each minute in the module's group.
     */
    public function testCrontabRunsItEachMinute(): void
    {
        $xml = simplexml_load_file(dirname(__DIR__, 3) . '/etc/crontab.xml');
        $job = $xml->xpath('//group[@id="async_events"]/job[@name="mageos_asyncevents_cron_deadletterretryjob"]')[0];
        self::assertSame(RunDeadLetterRetryJob::class, (string)$job['instance']);
        self::assertSame('execute', (string)$job['method']);
        self::assertSame('* * * * *', (string)$job->schedule);
    }

    /**
     * Without a running job it does nothing.
     */
    public function testWithoutARunningJobItDoesNothing(): void
    {
        $this->makeDeadLetters(1);
        self::assertNull($this->cron()->execute());
        self::assertSame([], $this->logger->records);

        $this->deadLetterManagement()->startRetryJob('delivery', 1, 0);
        $this->deadLetterManagement()->stopRetryJob();
        self::assertSame('stopped', $this->cron()->execute()['status']);
        self::assertSame(1, $this->deadLetterManagement()->count('delivery'), 'a stopped job stays stopped');
        self::assertSame([], $this->logger->records);
    }

    /**
     * It runs every batch that is due and logs the progress.
     */
    public function testItRunsEveryBatchThatIsDueAndLogsTheProgress(): void
    {
        $this->makeDeadLetters(3);
        $started = $this->deadLetterManagement()->startRetryJob('delivery', 1, 0);
        $job = $this->cron()->execute();
        self::assertSame(['finished', 3], [$job['status'], $job['retried']]);
        self::assertSame(0, $this->deadLetterManagement()->count('delivery'));
        self::assertSame(
            [['info', "async_events dead-letter retry job {$started['job_id']} (delivery): 3 of 3 retried, finished", []]],
            $this->logger->records
        );
    }

    /**
     * A batch due after this minute is left to the next run.
     */
    public function testABatchDueAfterThisMinuteIsLeftToTheNextRun(): void
    {
        $this->makeDeadLetters(2);
        $this->deadLetterManagement()->startRetryJob('delivery', 1, 3600);
        $started = microtime(true);
        $job = $this->cron()->execute();
        self::assertLessThan(5, microtime(true) - $started, 'cron does not wait an hour');
        self::assertSame(['running', 1], [$job['status'], $job['retried']]);
        self::assertStringContainsString('1 of 2 retried, running', $this->logger->records[0][1]);

        $job = $this->cron()->execute();
        self::assertSame(['running', 1], [$job['status'], $job['retried']], 'the cooldown holds the next batch');
        self::assertSame([], $this->logger->records, 'nothing to log while the cooldown lasts');
    }

    /**
     * A store the extension refuses is logged as an error.
     */
    public function testAStoreTheExtensionRefusesIsLoggedAsAnError(): void
    {
        $this->env['async_events'] = ['store_dsn' => 'nosuch://store'];
        self::assertNull($this->cron()->execute());
        self::assertSame('error', $this->logger->records[0][0]);
        self::assertStringStartsWith('async_events dead-letter retry job: async_events: ', $this->logger->records[0][1]);
    }
}
