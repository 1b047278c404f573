<?php
/**
 * Data of the logs grid: the attempt log.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Ui\DataProvider;

use MageOS\AsyncEvents\Model\Log\LogReader;
use Magento\Framework\Api\Filter;
use Magento\Ui\DataProvider\AbstractDataProvider;

/**
 * The grid's filters, sort and page passed to LogReader.
 */
class LogDataProvider extends AbstractDataProvider
{
    /**
     * @var LogReader
     */
    private LogReader $logReader;

    /**
     * @var array<int, array{0: string, 1: string, 2: mixed}>
     */
    private array $filters = [];

    /**
     * @var array{0: string, 1: string}
     */
    private array $order = ['log_id', 'DESC'];

    /**
     * @var array{0: int, 1: int} page number, page size
     */
    private array $limit = [1, 20];

    /**
     * @param string $name
     * @param string $primaryFieldName
     * @param string $requestFieldName
     * @param LogReader $logReader
     * @param array $meta
     * @param array $data
     */
    public function __construct(
        $name,
        $primaryFieldName,
        $requestFieldName,
        LogReader $logReader,
        array $meta = [],
        array $data = []
    ) {
        parent::__construct($name, $primaryFieldName, $requestFieldName, $meta, $data);
        $this->logReader = $logReader;
    }

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
        $this->order = [(string)$field, (string)$direction];
    }

    /**
     * @inheritdoc
     */
    public function setLimit($offset, $size)
    {
        $this->limit = [max(1, (int)$offset), max(1, (int)$size)];
    }

    /**
     * @inheritdoc
     */
    public function getData()
    {
        [$page, $size] = $this->limit;
        $result = $this->logReader->getPage($this->filters, $this->order[0], $this->order[1], $size, ($page - 1) * $size);
        return ['totalRecords' => $result['total_count'], 'items' => $result['items']];
    }
}
