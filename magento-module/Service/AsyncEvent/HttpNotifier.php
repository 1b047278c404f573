<?php
/**
 * The `http` notifier of mageos-async-events 4.x, on the extension's HTTP sink.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Service\AsyncEvent;

use CloudEvents\V1\CloudEventImmutable;
use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use MageOS\AsyncEvents\Api\Data\ResultInterface;
use MageOS\AsyncEvents\Helper\NotifierResult;
use MageOS\AsyncEvents\Model\Replay\EventReplayer;
use Magento\Framework\Exception\LocalizedException;

/**
 * The consumers deliver `http` subscriptions in the extension (concurrently, with the SSRF guard,
 * retries, Standard Webhooks and x-magento-signature headers); those deliveries do not go through
 * PHP, so a plugin on this class never sees them. What this class does is what calling the
 * reference's HttpNotifier from code meant: send this event to this subscription. It asks the
 * extension to deliver the event (by its id, the uuid) to the subscription again, which the
 * extension does with the payload its store kept; the result says the delivery was queued, not
 * what the receiver answered (that lands in the attempt log and the trace page). A plugin on
 * notify() can therefore watch or veto such direct sends; to run PHP on every delivery, register
 * a custom sink in NotifierFactory instead.
 */
class HttpNotifier implements NotifierInterface
{
    /**
     * @param EventReplayer $eventReplayer
     */
    public function __construct(private readonly EventReplayer $eventReplayer)
    {
    }

    /**
     * @inheritdoc
     */
    public function notify(AsyncEventInterface $asyncEvent, CloudEventImmutable $event): ResultInterface
    {
        $result = new NotifierResult();
        $result->setSubscriptionId((int)$asyncEvent->getSubscriptionId());
        $result->setUuid($event->getId());
        $result->setIsRetryable(false);
        try {
            $queued = $this->eventReplayer->replay((int)$asyncEvent->getSubscriptionId(), $event->getId());
            $result->setIsSuccessful($queued > 0);
            $result->setResponseData((string)__('%1 delivery(ies) queued in the extension.', $queued));
        } catch (LocalizedException $e) {
            $result->setIsSuccessful(false);
            $result->setResponseData($e->getMessage());
        }
        return $result;
    }
}
