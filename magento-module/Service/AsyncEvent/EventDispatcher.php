<?php
/**
 * Dispatches an event whose payload is built already, as mageos-async-events 4.x's EventDispatcher did.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Service\AsyncEvent;

use MageOS\AsyncEvents\Model\AsyncEventPublisher;
use MageOS\AsyncEvents\Model\Resolver\EventResolver;

/**
 * The reference called every active subscription of the event in turn from here. The extension
 * delivers instead: the payload is published as the event's only argument under
 * EventResolver::RESOLVED_OUTPUT, which the resolver hands back unchanged, so the trigger consumer
 * fans it out to the store's subscriptions with retries, logging and signatures like any event.
 */
class EventDispatcher
{
    /**
     * @param AsyncEventPublisher $publisher
     */
    public function __construct(private readonly AsyncEventPublisher $publisher)
    {
    }

    /**
     * Dispatch an event to the subscriptions of its store.
     *
     * @param string $eventName
     * @param mixed $output the payload (the CloudEvent's data)
     * @param int $storeId
     * @return void
     * @throws \Magento\Framework\Exception\LocalizedException when the event cannot be published
     */
    public function dispatch(string $eventName, mixed $output, int $storeId = 0): void
    {
        $this->publisher->publish($eventName, [EventResolver::RESOLVED_OUTPUT => $output], $storeId);
    }
}
