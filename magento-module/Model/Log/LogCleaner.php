<?php
/**
 * Log retention: deletes old attempt log rows in batches.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Log;

use MageOS\AsyncEvents\Model\Store\StoreConnection;

/**
 * Deletes `async_event_subscriber_log` rows created before a cut-off, a batch of ids at a time
 * (portable to SQLite and MySQL, and never a long lock on the table).
 */
class LogCleaner
{
    /**
     * @var StoreConnection
     */
    private StoreConnection $store;

    /**
     * @param StoreConnection $store
     */
    public function __construct(StoreConnection $store)
    {
        $this->store = $store;
    }

    /**
     * Delete attempts older than $days days.
     *
     * @param int $days
     * @param int $batchSize
     * @param callable|null $progress called with (deleted so far, total to delete) after each batch
     * @param \DateTimeInterface|null $now
     * @return int rows deleted
     */
    public function deleteOlderThan(
        int $days,
        int $batchSize = 1000,
        ?callable $progress = null,
        ?\DateTimeInterface $now = null
    ): int {
        $now = $now ? \DateTimeImmutable::createFromInterface($now) : new \DateTimeImmutable('now', new \DateTimeZone('UTC'));
        $cutoff = $now->setTimezone(new \DateTimeZone('UTC'))->modify(sprintf('-%d days', max(0, $days)))
            ->format('Y-m-d H:i:s');
        $batchSize = max(1, $batchSize);
        $table = $this->store->table('async_event_subscriber_log');
        $total = (int)$this->store->fetchOne("SELECT COUNT(*) FROM $table WHERE created < ?", [$cutoff]);
        $deleted = 0;
        while ($deleted < $total) {
            $ids = array_map('intval', $this->store->fetchColumn(
                "SELECT log_id FROM $table WHERE created < ? ORDER BY log_id LIMIT $batchSize",
                [$cutoff]
            ));
            if (!$ids) {
                break;
            }
            $placeholders = implode(',', array_fill(0, count($ids), '?'));
            $deleted += $this->store->execute("DELETE FROM $table WHERE log_id IN ($placeholders)", $ids);
            if ($progress) {
                $progress($deleted, $total);
            }
        }
        return $deleted;
    }
}
