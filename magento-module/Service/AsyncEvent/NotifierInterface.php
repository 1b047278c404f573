<?php
/**
 * Contract of custom sinks written in PHP (kept from mageos-async-events 4.x).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Service\AsyncEvent;

use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use MageOS\AsyncEvents\Api\Data\ResultInterface;

/**
 * A sink served by PHP code, registered under a `metadata` key in NotifierFactory's
 * `notifierClasses` argument.
 *
 * @api
 */
interface NotifierInterface
{
    /**
     * Deliver one event to one subscription.
     *
     * @param AsyncEventInterface $asyncEvent the subscription
     * @param array $data the event: its payload and uuid
     * @return ResultInterface
     */
    public function notify(AsyncEventInterface $asyncEvent, array $data): ResultInterface;
}
