<?php
/**
 * Reads the attempt log for the admin's Logs grid.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Log;

use MageOS\AsyncEvents\Model\Store\StoreConnection;

/**
 * Pages `async_event_subscriber_log` with simple filters (exact or `like`) and one sort column.
 */
class LogReader
{
    /**
     * Columns the grid shows, filters and sorts on.
     */
    public const COLUMNS = [
        'log_id', 'uuid', 'subscription_id', 'event_name', 'store_id', 'success', 'attempt', 'http_status',
        'duration_ms', 'error_code', 'trigger_kind', 'created',
    ];

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
     * Get one page of attempts and the number of matching rows.
     *
     * @param array<int, array{0: string, 1: string, 2: mixed}> $filters [column, condition (eq|like|gteq|lteq), value]
     * @param string $orderBy
     * @param string $direction ASC or DESC
     * @param int $limit
     * @param int $offset
     * @return array{items: array<int, array<string, mixed>>, total_count: int}
     */
    public function getPage(
        array $filters = [],
        string $orderBy = 'log_id',
        string $direction = 'DESC',
        int $limit = 20,
        int $offset = 0
    ): array {
        $where = [];
        $bind = [];
        foreach ($filters as [$column, $condition, $value]) {
            if (!in_array($column, self::COLUMNS, true)) {
                continue;
            }
            $operator = ['eq' => '=', 'like' => 'LIKE', 'gteq' => '>=', 'lteq' => '<='][$condition] ?? '=';
            $where[] = "$column $operator ?";
            $bind[] = $value;
        }
        $whereSql = $where ? ' WHERE ' . implode(' AND ', $where) : '';
        $orderBy = in_array($orderBy, self::COLUMNS, true) ? $orderBy : 'log_id';
        $direction = strtoupper($direction) === 'ASC' ? 'ASC' : 'DESC';
        $table = $this->store->table('async_event_subscriber_log');
        $total = (int)$this->store->fetchOne("SELECT COUNT(*) FROM $table$whereSql", $bind);
        $items = $this->store->fetchAll(
            'SELECT ' . implode(', ', self::COLUMNS) . ", response_data FROM $table$whereSql"
            . " ORDER BY $orderBy $direction, log_id $direction LIMIT " . max(1, $limit) . ' OFFSET ' . max(0, $offset),
            $bind
        );
        return ['items' => $items, 'total_count' => $total];
    }
}
