<?php
/**
 * Base of the module's admin grids: keeps the filters, sort and page the grid asks for.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Ui\DataProvider;

use Magento\Framework\Api\Filter;
use Magento\Ui\DataProvider\AbstractDataProvider;

/**
 * The grids read the extension's store rather than a Magento collection: the UI component's
 * filters, sort and page are collected here and applied by getData() of each grid.
 */
abstract class AbstractGridDataProvider extends AbstractDataProvider
{
    /**
     * @var array<int, array{0: string, 1: string, 2: mixed}> field, condition (eq when none), value
     */
    protected array $filters = [];

    /**
     * @var array{0: string, 1: string} field, ASC or DESC; a grid sets its default sort
     */
    protected array $order = ['', 'ASC'];

    /**
     * @var array{0: int, 1: int} page number, page size
     */
    private array $limit = [1, 20];

    /**
     * @inheritdoc
     */
    public function addFilter(Filter $filter)
    {
        $this->filters[] = [(string)$filter->getField(), (string)($filter->getConditionType() ?: 'eq'), $filter->getValue()];
    }

    /**
     * @inheritdoc
     */
    public function addOrder($field, $direction)
    {
        $this->order = [(string)$field, strtoupper((string)$direction) === 'DESC' ? 'DESC' : 'ASC'];
    }

    /**
     * @inheritdoc
     */
    public function setLimit($offset, $size)
    {
        $this->limit = [max(1, (int)$offset), max(1, (int)$size)];
    }

    /**
     * Rows per page.
     *
     * @return int
     */
    protected function getPageSize(): int
    {
        return $this->limit[1];
    }

    /**
     * Rows before the page asked for.
     *
     * @return int
     */
    protected function getOffset(): int
    {
        return ($this->limit[0] - 1) * $this->limit[1];
    }
}
