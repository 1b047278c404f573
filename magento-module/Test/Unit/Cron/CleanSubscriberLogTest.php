<?php
/**
 * Tests of the nightly log retention job.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Cron;

use MageOS\AsyncEvents\Cron\CleanSubscriberLog;
use MageOS\AsyncEvents\Model\Log\LogCleaner;
use MageOS\AsyncEvents\Test\Unit\Fake\Logger;
use MageOS\AsyncEvents\Test\Unit\Fake\ScopeConfig;
use MageOS\AsyncEvents\Test\Unit\TestCase;

/**
 * Off by default; when on, deletes what is older than the configured days.
 */
class CleanSubscriberLogTest extends TestCase
{
    /**
     * Three attempt rows, 40, 20 and 0 days old.
     *
     * @return void
     */
    private function logRows(): void
    {
        $subscription = $this->client()->createSubscription([
            'event_name' => 'a.b', 'recipient_url' => 'http://127.0.0.1:9/x', 'verification_token' => 't',
        ]);
        foreach ([40, 20, 0] as $n => $age) {
            $this->store()->execute(
                'INSERT INTO async_event_subscriber_log (uuid, subscription_id, success, response_data, created) VALUES (?, ?, 1, ?, ?)',
                ["uuid-$n", $subscription['subscription_id'], 'ok', gmdate('Y-m-d H:i:s', time() - $age * 86400)]
            );
        }
    }

    /**
     * Nothing is deleted while the cleanup is off.
     */
    public function testNothingIsDeletedWhileTheCleanupIsOff(): void
    {
        $this->logRows();
        $job = new CleanSubscriberLog(new ScopeConfig([CleanSubscriberLog::XML_PATH_DAYS => '30']), new LogCleaner($this->store()), new Logger());
        self::assertSame(0, $job->execute());
        self::assertSame(3, (int)$this->store()->fetchOne('SELECT COUNT(*) FROM async_event_subscriber_log'));
    }

    /**
     * Old attempts are deleted when it is on.
     */
    public function testOldAttemptsAreDeletedWhenItIsOn(): void
    {
        $this->logRows();
        $logger = new Logger();
        $job = new CleanSubscriberLog(new ScopeConfig([
            CleanSubscriberLog::XML_PATH_ENABLED => '1',
            CleanSubscriberLog::XML_PATH_DAYS => '10',
            CleanSubscriberLog::XML_PATH_BATCH_SIZE => '1',
        ]), new LogCleaner($this->store()), $logger);
        self::assertSame(2, $job->execute());
        self::assertSame(['uuid-2'], $this->store()->fetchColumn('SELECT uuid FROM async_event_subscriber_log'));
        self::assertStringContainsString('2 attempts older than 10 days deleted', $logger->records[0][1]);
    }
}
