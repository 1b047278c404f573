<?php
/**
 * Data of the logs grid: the attempt log.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Ui\DataProvider;

use MageOS\AsyncEvents\Model\Log\LogReader;

/**
 * The grid's filters, sort and page passed to LogReader; newest attempts first by default.
 */
class LogDataProvider extends AbstractGridDataProvider
{
    /**
     * @var array{0: string, 1: string}
     */
    protected array $order = ['log_id', 'DESC'];

    /**
     * @var LogReader
     */
    private LogReader $logReader;

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
    public function getData()
    {
        $result = $this->logReader->getPage($this->filters, $this->order[0], $this->order[1], $this->getPageSize(), $this->getOffset());
        return ['totalRecords' => $result['total_count'], 'items' => $result['items']];
    }
}
