<?php
/**
 * Tests of the search index upkeep job.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Cron;

use MageOS\AsyncEvents\Cron\SyncSearchIndex;
use MageOS\AsyncEvents\Model\Search\LogSearch;
use MageOS\AsyncEvents\Test\Unit\Fake\Logger;
use MageOS\AsyncEvents\Test\Unit\TestCase;

/**
 * The job takes deleted attempts out of the index, logs what it did, and logs a failure instead of
 * throwing.
 */
class SyncSearchIndexTest extends TestCase
{
    /**
     * Deleted attempts leave the index; a sync with nothing to do logs nothing.
     */
    public function testDeletedAttemptsLeaveTheIndex(): void
    {
        $this->makeDeadLetters(3);
        $search = new LogSearch($this->clientProvider());
        self::assertSame(3, $search->search('*:*', 0)['total_count']);
        $subscription = $this->client()->listSubscriptions(['event_name' => 'test.order.created'])[0];
        $this->client()->deleteSubscription((int)$subscription['subscription_id']);

        $logger = new Logger();
        $job = new SyncSearchIndex($search, $logger);
        self::assertSame(['added' => 0, 'removed' => 3], $job->execute());
        self::assertSame([['info', 'async_events search index synced: 0 attempts added, 3 removed', []]], $logger->records);
        self::assertSame(0, $search->search('*:*', 0)['total_count']);

        $logger->records = [];
        self::assertSame(['added' => 0, 'removed' => 0], $job->execute());
        self::assertSame([], $logger->records);
    }

    /**
     * A store the extension cannot open is logged as an error.
     */
    public function testAFailureIsLoggedNotThrown(): void
    {
        $this->env['async_events'] = ['store_dsn' => 'postgres://127.0.0.1/m'];
        $logger = new Logger();
        self::assertSame(['added' => 0, 'removed' => 0], (new SyncSearchIndex(new LogSearch($this->clientProvider()), $logger))->execute());
        self::assertSame('error', $logger->records[0][0]);
        self::assertStringStartsWith('async_events search index sync failed: async_events: ', $logger->records[0][1]);
    }
}
