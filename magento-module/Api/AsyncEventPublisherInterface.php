<?php
/**
 * Service contract: publish an asynchronous event.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Api;

/**
 * Publishes asynchronous events declared in async_events.xml; delivery happens later, in the
 * `event.trigger.consumer` consumer.
 *
 * @api
 */
interface AsyncEventPublisherInterface
{
    /**
     * Publish an asynchronous event.
     *
     * The arguments are stored as JSON and, at consume time, passed by parameter name to the
     * service method declared for the event in async_events.xml.
     *
     * @param string $eventName the name declared in async_events.xml, for example sales.order.created
     * @param mixed[] $data the service method's arguments, by parameter name (null, scalars and arrays)
     * @param int|string $storeId the store the event belongs to; 0 means every store
     * @return void
     * @throws \Magento\Framework\Exception\LocalizedException when the event cannot be published
     */
    public function publish(string $eventName, array $data, $storeId = 0): void;
}
