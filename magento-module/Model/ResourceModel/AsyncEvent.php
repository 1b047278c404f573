<?php
/**
 * Resource model of subscriptions on Magento's async_event_subscriber table.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\ResourceModel;

use Magento\Framework\Model\ResourceModel\Db\AbstractDb;

/**
 * The table mageos-async-events' resource model read and wrote, for code written against it
 * (the admin UI's save command, collections). With the store in Magento's database (the default:
 * the extension's MySQL store uses these tables) it reads and writes the subscriptions the
 * extension delivers to; tokens are sealed by Magento's encryptor, which the extension opens.
 * It bypasses the validation of AsyncEventRepository (declared event, SSRF guard, known sink),
 * as the reference's did. With the embedded SQLite store it sees Magento's empty table instead.
 */
class AsyncEvent extends AbstractDb
{
    /**
     * @inheritdoc
     */
    protected function _construct()
    {
        $this->_init('async_event_subscriber', 'subscription_id');
    }
}
