<?php
/**
 * Base of the module's admin grids: keeps the filters, sort and page the grid asks for.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Ui\DataProvider;

use Magento\Framework\Api\Filter;
use Magento\Framework\Api\Search\SearchResult;
use Magento\Framework\Api\SearchCriteria;
use Magento\Ui\DataProvider\AbstractDataProvider;

/**
 * The grids read the extension's store rather than a Magento collection: the UI component's
 * filters, sort and page are collected here and applied by getData() of each grid. The listing's
 * Export button (Magento\Ui\Model\Export\ConvertToCsv) pages through getSearchResult() with the
 * page and size it sets on getSearchCriteria(), with the grid's filters and sort.
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
     * @var SearchCriteria|null the page the export asks for
     */
    private ?SearchCriteria $searchCriteria = null;

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

    /**
     * Get the criteria whose current page and page size getSearchResult() reads.
     *
     * @return SearchCriteria
     */
    public function getSearchCriteria()
    {
        if ($this->searchCriteria === null) {
            $this->searchCriteria = new SearchCriteria();
            $this->searchCriteria->setCurrentPage($this->limit[0]);
            $this->searchCriteria->setPageSize($this->limit[1]);
        }
        return $this->searchCriteria;
    }

    /**
     * Get the page of getSearchCriteria() as documents, with the total of rows.
     *
     * @return SearchResult
     */
    public function getSearchResult()
    {
        $criteria = $this->getSearchCriteria();
        $this->setLimit((int)$criteria->getCurrentPage(), (int)$criteria->getPageSize());
        $data = $this->getData();
        $result = new SearchResult();
        $result->setSearchCriteria($criteria);
        $result->setTotalCount((int)$data['totalRecords']);
        $result->setItems(array_map(function (array $row): GridDocument {
            $document = new GridDocument($row);
            $document->setId($row[$this->getPrimaryFieldName()] ?? null);
            return $document;
        }, $data['items']));
        return $result;
    }
}
