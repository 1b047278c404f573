<?php
/**
 * Collection of delivery attempts on Magento's async_event_subscriber_log table.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\ResourceModel\AsyncEventLog;

use MageOS\AsyncEvents\Model\AsyncEventLog;
use MageOS\AsyncEvents\Model\ResourceModel\AsyncEventLog as AsyncEventLogResource;
use Magento\Framework\Model\ResourceModel\Db\Collection\AbstractCollection;

/**
 * Attempts as AsyncEventLog models, for code that reads the log with a collection.
 */
class Collection extends AbstractCollection
{
    /**
     * @var string
     */
    protected $_idFieldName = 'log_id';

    /**
     * @inheritdoc
     */
    protected function _construct()
    {
        $this->_init(AsyncEventLog::class, AsyncEventLogResource::class);
    }
}
