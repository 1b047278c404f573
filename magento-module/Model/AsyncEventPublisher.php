<?php
/**
 * Publishes asynchronous events through the async_events extension.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use AsyncEvents\Exception\AsyncEventsException;
use MageOS\AsyncEvents\Api\AsyncEventPublisherInterface;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use Magento\Framework\Exception\LocalizedException;

/**
 * Same call as mageos-async-events: `publish('sales.order.created', ['id' => $orderId], $storeId)`.
 * The event is durable when this returns (SQL queue), or once the broker confirms it (RabbitMQ:
 * at the latest at the end of the request).
 */
class AsyncEventPublisher implements AsyncEventPublisherInterface
{
    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @param ClientProvider $clientProvider
     */
    public function __construct(ClientProvider $clientProvider)
    {
        $this->clientProvider = $clientProvider;
    }

    /**
     * @inheritdoc
     */
    public function publish(string $eventName, array $data, $storeId = 0): void
    {
        try {
            $this->clientProvider->getClient()->publish($eventName, $data, (int)$storeId);
        } catch (AsyncEventsException $e) {
            throw new LocalizedException(
                __('The asynchronous event "%1" could not be published: %2', $eventName, $e->getMessage()),
                $e
            );
        }
    }
}
