<?php
/**
 * Data of the subscribers grid, read from the extension.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Ui\DataProvider;

use MageOS\AsyncEvents\Model\Extension\ClientProvider;

/**
 * The grid's filters, sort and page applied to the extension's subscription list (subscriptions
 * are few). Tokens are never part of it.
 */
class SubscriberDataProvider extends AbstractGridDataProvider
{
    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @var array{0: string, 1: string}
     */
    protected array $order = ['subscription_id', 'ASC'];

    /**
     * @param string $name
     * @param string $primaryFieldName
     * @param string $requestFieldName
     * @param ClientProvider $clientProvider
     * @param array $meta
     * @param array $data
     */
    public function __construct(
        $name,
        $primaryFieldName,
        $requestFieldName,
        ClientProvider $clientProvider,
        array $meta = [],
        array $data = []
    ) {
        parent::__construct($name, $primaryFieldName, $requestFieldName, $meta, $data);
        $this->clientProvider = $clientProvider;
    }

    /**
     * @inheritdoc
     */
    public function getData()
    {
        $rows = array_values(array_filter(
            $this->clientProvider->getClient()->listSubscriptions(null),
            fn (array $row) => $this->matches($row)
        ));
        [$field, $direction] = $this->order;
        usort($rows, static function ($a, $b) use ($field, $direction) {
            $cmp = ($a[$field] ?? null) <=> ($b[$field] ?? null);
            return $direction === 'DESC' ? -$cmp : $cmp;
        });
        $items = array_map(static function (array $row) {
            $row['status'] = !empty($row['status']) ? 1 : 0;
            unset($row['verification_token']);
            return $row;
        }, array_slice($rows, $this->getOffset(), $this->getPageSize()));
        return ['totalRecords' => count($rows), 'items' => $items];
    }

    /**
     * Whether a subscription passes the grid's filters (text filters are `like '%x%'`).
     *
     * @param array<string, mixed> $row
     * @return bool
     */
    private function matches(array $row): bool
    {
        foreach ($this->filters as [$field, $condition, $value]) {
            $actual = $row[$field] ?? null;
            $actual = is_bool($actual) ? (int)$actual : $actual;
            switch ($condition) {
                case 'like':
                    $needle = strtolower(trim((string)$value, '%'));
                    if (!str_contains(strtolower((string)$actual), $needle)) {
                        return false;
                    }
                    break;
                case 'in':
                case 'nin':
                    $listed = in_array((string)$actual, array_map('strval', (array)$value), true);
                    if ($listed !== ($condition === 'in')) {
                        return false;
                    }
                    break;
                case 'gteq':
                    if ($actual < $value) {
                        return false;
                    }
                    break;
                case 'lteq':
                    if ($actual > $value) {
                        return false;
                    }
                    break;
                default:
                    if ((string)$actual !== (string)$value) {
                        return false;
                    }
            }
        }
        return true;
    }
}
