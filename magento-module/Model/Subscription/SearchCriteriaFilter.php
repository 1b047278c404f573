<?php
/**
 * Applies a webapi SearchCriteria to a list of subscription rows.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Subscription;

use Magento\Framework\Api\SearchCriteriaInterface;
use Magento\Framework\Api\SortOrder;
use Magento\Framework\Exception\InputException;

/**
 * Filters (groups are ANDed, filters inside a group ORed, as in Magento's collections), sorts and
 * pages the subscriptions the extension returns. Subscriptions are few, so this runs in PHP.
 */
class SearchCriteriaFilter
{
    /**
     * Fields a client may filter and sort on.
     */
    public const FIELDS = [
        'subscription_id', 'event_name', 'recipient_url', 'status', 'store_id', 'subscribed_at', 'metadata',
    ];

    /**
     * Condition types understood, as in Magento's collections.
     */
    public const CONDITIONS = ['eq', 'neq', 'like', 'nlike', 'in', 'nin', 'gt', 'lt', 'gteq', 'lteq', 'null', 'notnull'];

    /**
     * Filter, sort and page rows.
     *
     * @param SearchCriteriaInterface $criteria
     * @param array<int, array<string, mixed>> $rows
     * @return array{0: array<int, array<string, mixed>>, 1: int} the page and the count before paging
     * @throws InputException on an unknown field, condition or sort direction, or a bad page
     */
    public function apply(SearchCriteriaInterface $criteria, array $rows): array
    {
        foreach ($criteria->getFilterGroups() ?? [] as $group) {
            $filters = $group->getFilters() ?? [];
            if (!$filters) {
                continue;
            }
            foreach ($filters as $filter) {
                $this->assertField((string)$filter->getField());
                $condition = (string)($filter->getConditionType() ?: 'eq');
                if (!in_array($condition, self::CONDITIONS, true)) {
                    throw new InputException(__(
                        'The condition type "%1" is not supported; use one of: %2.',
                        $condition,
                        implode(', ', self::CONDITIONS)
                    ));
                }
            }
            $rows = array_values(array_filter($rows, function (array $row) use ($filters): bool {
                foreach ($filters as $filter) {
                    $field = (string)$filter->getField();
                    if ($this->matches($row[$field] ?? null, (string)($filter->getConditionType() ?: 'eq'), $filter->getValue())) {
                        return true;
                    }
                }
                return false;
            }));
        }
        $sortOrders = $criteria->getSortOrders() ?? [];
        foreach ($sortOrders as $sortOrder) {
            $this->assertField((string)$sortOrder->getField());
            $direction = strtoupper((string)($sortOrder->getDirection() ?: SortOrder::SORT_ASC));
            if (!in_array($direction, [SortOrder::SORT_ASC, SortOrder::SORT_DESC], true)) {
                throw new InputException(__('The sort direction "%1" is not supported; use ASC or DESC.', $direction));
            }
        }
        if ($sortOrders) {
            usort($rows, static function (array $a, array $b) use ($sortOrders): int {
                foreach ($sortOrders as $sortOrder) {
                    $field = (string)$sortOrder->getField();
                    $cmp = ($a[$field] ?? null) <=> ($b[$field] ?? null);
                    if ($cmp !== 0) {
                        return strtoupper((string)$sortOrder->getDirection()) === SortOrder::SORT_DESC ? -$cmp : $cmp;
                    }
                }
                return ($a['subscription_id'] ?? 0) <=> ($b['subscription_id'] ?? 0);
            });
        }
        $total = count($rows);
        $pageSize = $criteria->getPageSize();
        if ($pageSize !== null) {
            $pageSize = (int)$pageSize;
            $page = (int)($criteria->getCurrentPage() ?: 1);
            if ($pageSize < 1 || $page < 1) {
                throw new InputException(__('searchCriteria pageSize and currentPage must be positive numbers.'));
            }
            $rows = array_slice($rows, ($page - 1) * $pageSize, $pageSize);
        }
        return [$rows, $total];
    }

    /**
     * Refuse fields a subscription does not expose.
     *
     * @param string $field
     * @return void
     * @throws InputException
     */
    private function assertField(string $field): void
    {
        if (!in_array($field, self::FIELDS, true)) {
            throw new InputException(__(
                'The field "%1" cannot be used in searchCriteria; use one of: %2.',
                $field,
                implode(', ', self::FIELDS)
            ));
        }
    }

    /**
     * Whether a value satisfies one condition.
     *
     * @param mixed $actual
     * @param string $condition
     * @param mixed $expected
     * @return bool
     */
    private function matches($actual, string $condition, $expected): bool
    {
        $list = is_array($expected) ? $expected : explode(',', (string)$expected);
        switch ($condition) {
            case 'null':
                return $actual === null;
            case 'notnull':
                return $actual !== null;
            case 'in':
                return in_array($this->text($actual), array_map([$this, 'text'], $list), true);
            case 'nin':
                return !in_array($this->text($actual), array_map([$this, 'text'], $list), true);
            case 'like':
                return $this->like($actual, (string)$expected);
            case 'nlike':
                return !$this->like($actual, (string)$expected);
            case 'neq':
                return $this->text($actual) !== $this->text($expected);
            case 'gt':
                return $this->compare($actual, $expected) > 0;
            case 'lt':
                return $this->compare($actual, $expected) < 0;
            case 'gteq':
                return $this->compare($actual, $expected) >= 0;
            case 'lteq':
                return $this->compare($actual, $expected) <= 0;
            default:
                return $this->text($actual) === $this->text($expected);
        }
    }

    /**
     * Text form of a value, as a database would compare it (true is 1).
     *
     * @param mixed $value
     * @return string
     */
    private function text($value): string
    {
        if (is_bool($value)) {
            return $value ? '1' : '0';
        }
        $text = trim((string)$value);
        return strtolower($text) === 'true' ? '1' : (strtolower($text) === 'false' ? '0' : $text);
    }

    /**
     * Numeric comparison for numbers, text comparison otherwise.
     *
     * @param mixed $actual
     * @param mixed $expected
     * @return int
     */
    private function compare($actual, $expected): int
    {
        $a = $this->text($actual);
        $b = $this->text($expected);
        if (is_numeric($a) && is_numeric($b)) {
            return (float)$a <=> (float)$b;
        }
        return strcmp($a, $b);
    }

    /**
     * SQL LIKE (% and _), case-insensitive.
     *
     * @param mixed $actual
     * @param string $pattern
     * @return bool
     */
    private function like($actual, string $pattern): bool
    {
        $regex = '';
        foreach (preg_split('//u', $pattern, -1, PREG_SPLIT_NO_EMPTY) ?: [] as $char) {
            $regex .= $char === '%' ? '.*' : ($char === '_' ? '.' : preg_quote($char, '/'));
        }
        return (bool)preg_match('/^' . $regex . '$/isu', $this->text($actual));
    }
}
