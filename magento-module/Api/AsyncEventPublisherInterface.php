<?php
/**
 * Service contract: publish an asynchronous event.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Api;

/**
 * Publishes asynchronous events declared in async_events.xml; delivery happens later, in the
 * `event.trigger.consumer` consumer. The signature is mageos-async-events 4.x's: the store id is a
 * third, optional argument of the implementation ({@see \MageOS\AsyncEvents\Model\AsyncEventPublisher}).
 *
 * @api
 */
interface AsyncEventPublisherInterface
{
    /**
     * Publish an asynchronous event.
     *
     * The arguments are stored as JSON and, at consume time, passed by parameter name to the
     * service method declared for the event in async_events.xml. Inside a transaction of
     * Magento's default connection the event is written into that transaction (the transactional
     * outbox): it is published when the transaction commits, and never if it rolls back.
     *
     * @param string $eventName the name declared in async_events.xml, for example sales.order.created
     * @param mixed[] $data the service method's arguments, by parameter name (null, scalars and arrays)
     * @return void
     * @throws \Magento\Framework\Exception\LocalizedException when the event cannot be published
     */
    public function publish(string $eventName, array $data): void;
}
