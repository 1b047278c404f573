<?php
/**
 * Replays a recorded event to one subscription through the extension.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Replay;

use AsyncEvents\Exception\AsyncEventsException;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use Magento\Framework\Exception\LocalizedException;

/**
 * What the reference's retry and notify entry points mean here: the extension starts a new
 * delivery chain of the event under the same uuid for the subscription, from the payload its
 * store kept, and delivers and retries it like any other.
 */
class EventReplayer
{
    /**
     * @param ClientProvider $clientProvider
     */
    public function __construct(private readonly ClientProvider $clientProvider)
    {
    }

    /**
     * Start a new delivery chain of a recorded event for one subscription.
     *
     * @param int $subscriptionId
     * @param string $uuid
     * @return int how many deliveries were queued
     * @throws LocalizedException when the store does not know the event or the subscription
     */
    public function replay(int $subscriptionId, string $uuid): int
    {
        try {
            return $this->clientProvider->getClient()->replay($uuid, $subscriptionId);
        } catch (AsyncEventsException $e) {
            throw new LocalizedException(
                __('Event %1 cannot be replayed to subscription %2: %3', $uuid, $subscriptionId, $e->getMessage()),
                $e
            );
        }
    }
}
