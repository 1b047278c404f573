<?php
/**
 * Resource model of delivery attempts on Magento's async_event_subscriber_log table.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\ResourceModel;

use Magento\Framework\Model\ResourceModel\Db\AbstractDb;

/**
 * The attempt log the extension writes (with its MySQL store, the default inside Magento), read
 * and written as mageos-async-events did: serialized_data is stored as JSON. Rows saved here lack
 * what the extension adds (event name, attempt, duration ...) unless the caller sets them.
 */
class AsyncEventLog extends AbstractDb
{
    /**
     * @var array
     */
    protected $_serializableFields = ['serialized_data' => [[], []]];

    /**
     * @inheritdoc
     */
    protected function _construct()
    {
        $this->_init('async_event_subscriber_log', 'log_id');
    }
}
