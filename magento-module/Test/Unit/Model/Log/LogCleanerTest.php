<?php
/**
 * Tests of log retention and of the Logs grid's reader.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\Log;

use MageOS\AsyncEvents\Model\Log\LogCleaner;
use MageOS\AsyncEvents\Model\Log\LogReader;
use MageOS\AsyncEvents\Test\Unit\Receiver;
use MageOS\AsyncEvents\Test\Unit\TestCase;

/**
 * Old attempts go, in batches; recent ones stay.
 */
class LogCleanerTest extends TestCase
{
    /**
     * Deliver $count events and date their attempts $ages days back.
     *
     * @param int[] $ages
     * @return void
     */
    private function attemptsAged(array $ages): void
    {
        $receiver = new Receiver();
        try {
            $this->client()->createSubscription([
                'event_name' => 'test.order.created', 'recipient_url' => $receiver->baseUrl . '/ok', 'verification_token' => 't',
            ]);
            foreach ($ages as $n => $age) {
                $this->client()->publish('test.order.created', ['orderId' => $n + 1]);
            }
            $this->clientProvider()->createConsumer()->run($this->resolver(), ['drain' => true]);
        } finally {
            $receiver->stop();
        }
        $ids = $this->store()->fetchColumn('SELECT log_id FROM async_event_subscriber_log ORDER BY log_id');
        self::assertCount(count($ages), $ids);
        foreach ($ids as $n => $id) {
            $this->store()->execute(
                'UPDATE async_event_subscriber_log SET created = ? WHERE log_id = ?',
                [gmdate('Y-m-d H:i:s', time() - $ages[$n] * 86400), $id]
            );
        }
    }

    /**
     * Attempts older than the retention are deleted in batches.
     */
    public function testAttemptsOlderThanTheRetentionAreDeletedInBatches(): void
    {
        $this->attemptsAged([40, 35, 31, 29, 1]);
        $calls = [];
        $deleted = (new LogCleaner($this->store()))->deleteOlderThan(30, 2, function (int $done, int $total) use (&$calls) {
            $calls[] = [$done, $total];
        });
        self::assertSame(3, $deleted);
        self::assertSame([[2, 3], [3, 3]], $calls, 'two batches of at most 2');
        $left = $this->store()->fetchOne('SELECT COUNT(*) FROM async_event_subscriber_log');
        self::assertSame(2, (int)$left);
    }

    /**
     * The log reader pages filters and sorts.
     */
    public function testTheLogReaderPagesFiltersAndSorts(): void
    {
        $this->attemptsAged([3, 2, 1]);
        $reader = new LogReader($this->store());
        $page = $reader->getPage([], 'log_id', 'ASC', 2, 0);
        self::assertSame(3, $page['total_count']);
        self::assertCount(2, $page['items']);
        self::assertLessThan($page['items'][1]['log_id'], $page['items'][0]['log_id']);
        self::assertSame('test.order.created', $page['items'][0]['event_name']);

        $uuid = $page['items'][0]['uuid'];
        $one = $reader->getPage([['uuid', 'eq', $uuid], ['not_a_column', 'eq', 'x']]);
        self::assertSame(1, $one['total_count']);
        self::assertSame(3, $reader->getPage([['event_name', 'like', 'test.%']])['total_count']);
    }
}
