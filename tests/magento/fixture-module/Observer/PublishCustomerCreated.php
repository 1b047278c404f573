<?php
/**
 * Publishes fixture.customer.created when the customer repository saves a new customer.
 */
declare(strict_types=1);

namespace MageOSTest\AsyncEventsFixture\Observer;

use Magento\Customer\Api\Data\CustomerInterface;
use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use MageOS\AsyncEvents\Api\AsyncEventPublisherInterface;

/**
 * Observer of customer_save_after_data_object, which runs inside the transaction around CustomerRepository::save():
 * its event goes through the transactional outbox and is queued once a trigger consumer relays it.
 */
class PublishCustomerCreated implements ObserverInterface
{
    /**
     * @var AsyncEventPublisherInterface
     */
    private AsyncEventPublisherInterface $publisher;

    /**
     * @param AsyncEventPublisherInterface $publisher
     */
    public function __construct(AsyncEventPublisherInterface $publisher)
    {
        $this->publisher = $publisher;
    }

    /**
     * Publish a new customer's id; the consumer resolves it with CustomerRepositoryInterface::getById.
     *
     * @param Observer $observer
     * @return void
     */
    public function execute(Observer $observer)
    {
        $customer = $observer->getEvent()->getData('customer_data_object');
        // A new account is saved twice (account, then its addresses); the first save has no original
        if (!$customer instanceof CustomerInterface || $observer->getEvent()->getData('orig_customer_data_object')) {
            return;
        }
        // The outbox checks' customers publish through PublishCustomerSavedInTransaction only
        if (strncmp((string)$customer->getEmail(), 'outbox.', 7) === 0) {
            return;
        }
        $this->publisher->publish(
            'fixture.customer.created',
            ['customerId' => (int)$customer->getId()],
            (int)$customer->getStoreId()
        );
    }
}
