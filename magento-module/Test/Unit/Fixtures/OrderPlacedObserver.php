<?php
/**
 * An observer as a Magento module writes one to publish an asynchronous event.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fixtures;

use MageOS\AsyncEvents\Api\AsyncEventPublisherInterface;
use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;

/**
 * On sales_order_place_after: publishes test.order.created with the order's id, in its store.
 */
class OrderPlacedObserver implements ObserverInterface
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
     * @inheritdoc
     */
    public function execute(Observer $observer)
    {
        $order = $observer->getEvent()->getOrder();
        $this->publisher->publish('test.order.created', ['orderId' => (int)$order->getId()], $order->getStoreId());
    }
}
