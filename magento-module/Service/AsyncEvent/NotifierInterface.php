<?php
/**
 * Contract of custom sinks written in PHP (the signature of mageos-async-events 4.x).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Service\AsyncEvent;

use CloudEvents\V1\CloudEventImmutable;
use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use MageOS\AsyncEvents\Api\Data\ResultInterface;

/**
 * A sink served by PHP code, registered under a `metadata` key in NotifierFactory's
 * `notifierClasses` argument. The event is a CloudEvent of cloudevents/sdk-php, which a sink
 * package implementing this interface requires. Notifiers written for 3.x, whose notify() takes
 * `array $data` and which therefore cannot implement this interface, may still be registered:
 * {@see \MageOS\AsyncEvents\Model\Consumer\NotifierBridge} calls each with the form it declares.
 *
 * @api
 */
interface NotifierInterface
{
    /**
     * Deliver one event to one subscription.
     *
     * @param AsyncEventInterface $asyncEvent the subscription
     * @param CloudEventImmutable $event the event, as the HTTP sink sends it
     * @return ResultInterface
     */
    public function notify(AsyncEventInterface $asyncEvent, CloudEventImmutable $event): ResultInterface;
}
