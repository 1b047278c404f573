<?php
/**
 * Collection of subscriptions on Magento's async_event_subscriber table.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\ResourceModel\AsyncEvent;

use MageOS\AsyncEvents\Model\ResourceModel\AsyncEvent as AsyncEventResource;
use Magento\Framework\DataObject;
use Magento\Framework\Model\ResourceModel\Db\Collection\AbstractCollection;

/**
 * For code that filters subscriptions with a collection or a CollectionProcessor (the admin UI's
 * grid query). Items are DataObjects of the table's rows, whose getSubscriptionId(),
 * getEventName() ... read the columns; the module's Model\AsyncEvent is the webapi's data object,
 * not a Magento model, so it cannot be a collection item. Same store caveat as the resource model.
 */
class Collection extends AbstractCollection
{
    /**
     * @var string
     */
    protected $_idFieldName = 'subscription_id';

    /**
     * @inheritdoc
     */
    protected function _construct()
    {
        $this->_init(DataObject::class, AsyncEventResource::class);
    }
}
