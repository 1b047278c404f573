<?php
/**
 * Publishes fixture.customer.saved from inside a customer save's database transaction.
 */
declare(strict_types=1);

namespace MageOSTest\AsyncEventsFixture\Observer;

use Magento\Customer\Model\Customer;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Magento\Framework\Exception\LocalizedException;
use MageOS\AsyncEvents\Api\AsyncEventPublisherInterface;

/**
 * Observer of customer_save_after, which the customer model dispatches inside its resource model's
 * transaction. Only customers whose email starts with `outbox.` take part (the other checks' customers
 * do not): each publishes once per request, and one whose email starts with `outbox.rollback.` then
 * makes the save fail, so that Magento rolls the transaction back.
 */
class PublishCustomerSavedInTransaction implements ObserverInterface
{
    /**
     * @var array<string, true> emails published in this request
     */
    private static array $published = [];

    /**
     * The W3C trace context the fixture's events are published in.
     */
    public const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    /**
     * @var AsyncEventPublisherInterface
     */
    private AsyncEventPublisherInterface $publisher;

    /**
     * @var ResourceConnection
     */
    private ResourceConnection $resourceConnection;

    /**
     * @param AsyncEventPublisherInterface $publisher
     * @param ResourceConnection $resourceConnection
     */
    public function __construct(AsyncEventPublisherInterface $publisher, ResourceConnection $resourceConnection)
    {
        $this->publisher = $publisher;
        $this->resourceConnection = $resourceConnection;
    }

    /**
     * Publish the customer's id from inside the save's transaction; fail the save of a rollback customer.
     *
     * @param Observer $observer
     * @return void
     * @throws LocalizedException
     */
    public function execute(Observer $observer)
    {
        $customer = $observer->getEvent()->getData('customer');
        if (!$customer instanceof Customer) {
            return;
        }
        $email = (string)$customer->getEmail();
        if (strncmp($email, 'outbox.', 7) !== 0 || isset(self::$published[$email])) {
            return;
        }
        self::$published[$email] = true;
        if ($this->resourceConnection->getConnection()->getTransactionLevel() < 1) {
            throw new LocalizedException(__('fixture: customer_save_after ran outside a transaction'));
        }
        // Beyond the interface's call: the store, and the operation's correlation id and trace context
        $this->publisher->publish(
            'fixture.customer.saved',
            ['customerId' => (int)$customer->getId()],
            (int)$customer->getStoreId(),
            ['correlation_id' => 'customer-save:' . $email, 'traceparent' => self::TRACEPARENT]
        );
        if (strncmp($email, 'outbox.rollback.', 16) === 0) {
            throw new LocalizedException(__('fixture: the save of %1 fails after its observer published', $email));
        }
    }
}
