<?php
/**
 * Data of the logs grid: the attempt log, or the attempts matching the search box's Lucene query.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Ui\DataProvider;

use MageOS\AsyncEvents\Model\Log\LogReader;
use MageOS\AsyncEvents\Model\Search\InvalidQueryException;
use MageOS\AsyncEvents\Model\Search\LogSearch;
use MageOS\AsyncEvents\Model\Search\QueryBuilder;
use Magento\Framework\Api\Filter;
use Magento\Framework\Exception\LocalizedException;

/**
 * Without a search, the grid's filters, sort and page go to LogReader; newest attempts first by
 * default. With a query in the search box (the `fulltext` filter of the listing's filterSearch),
 * the page comes from the extension's search: the query, ANDed with the column filters, newest
 * first (oldest first when the grid sorts by ID or Created ascending; other sorts are not
 * available there), paged without a cap. A query the extension refuses gives an empty page and
 * its message under `search_error`, which the grid shows above the table.
 */
class LogDataProvider extends AbstractGridDataProvider
{
    /**
     * Condition type of the listing's keyword search (Magento\Ui\Component\Filters\Type\Search).
     */
    public const FULLTEXT_CONDITION = 'fulltext';

    /**
     * @var array{0: string, 1: string}
     */
    protected array $order = ['log_id', 'DESC'];

    /**
     * @var LogReader
     */
    private LogReader $logReader;

    /**
     * @var LogSearch
     */
    private LogSearch $logSearch;

    /**
     * @var QueryBuilder
     */
    private QueryBuilder $queryBuilder;

    /**
     * @var string the search box's query; '' for none
     */
    private string $query = '';

    /**
     * @param string $name
     * @param string $primaryFieldName
     * @param string $requestFieldName
     * @param LogReader $logReader
     * @param LogSearch $logSearch
     * @param QueryBuilder $queryBuilder
     * @param array $meta
     * @param array $data
     */
    public function __construct(
        $name,
        $primaryFieldName,
        $requestFieldName,
        LogReader $logReader,
        LogSearch $logSearch,
        QueryBuilder $queryBuilder,
        array $meta = [],
        array $data = []
    ) {
        parent::__construct($name, $primaryFieldName, $requestFieldName, $meta, $data);
        $this->logReader = $logReader;
        $this->logSearch = $logSearch;
        $this->queryBuilder = $queryBuilder;
    }

    /**
     * @inheritdoc
     */
    public function addFilter(Filter $filter)
    {
        if ($filter->getConditionType() === self::FULLTEXT_CONDITION) {
            $this->query = trim((string)$filter->getValue());
            return;
        }
        parent::addFilter($filter);
    }

    /**
     * @inheritdoc
     */
    public function getData()
    {
        if ($this->query === '') {
            $result = $this->logReader->getPage($this->filters, $this->order[0], $this->order[1], $this->getPageSize(), $this->getOffset());
            return ['totalRecords' => $result['total_count'], 'items' => $result['items'], 'search_error' => ''];
        }
        try {
            $result = $this->search();
        } catch (LocalizedException $e) {
            return ['totalRecords' => 0, 'items' => [], 'search_error' => $e->getMessage()];
        }
        return [
            'totalRecords' => $result['total_count'],
            'items' => array_map([LogSearch::class, 'toGridRow'], $result['items']),
            'search_error' => '',
        ];
    }

    /**
     * The page of the search box's query within the column filters.
     *
     * @return array{items: array<int, array<string, mixed>>, total_count: int}
     * @throws LocalizedException
     */
    private function search(): array
    {
        $oldestFirst = in_array($this->order[0], ['log_id', 'created'], true) && $this->order[1] === 'ASC';
        $filters = $this->queryBuilder->fromGridFilters($this->filters);
        try {
            return $this->logSearch->search(
                $this->queryBuilder->combine($this->query, $filters),
                $this->getPageSize(),
                $this->getOffset(),
                $oldestFirst
            );
        } catch (InvalidQueryException $e) {
            if ($filters === '') {
                throw $e;
            }
            // Report the error on the query as typed, not on the query with the filters around it.
            $this->logSearch->search($this->query, 0);
            throw $e;
        }
    }
}
