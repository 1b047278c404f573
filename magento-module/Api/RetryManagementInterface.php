<?php
/**
 * Contract of retrying one subscription's delivery (the signature of mageos-async-events 4.x).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Api;

use CloudEvents\V1\CloudEventImmutable;

/**
 * Starts, continues or ends the retry chain of an event for one subscription.
 *
 * @api
 */
interface RetryManagementInterface
{
    /**
     * Start a retry chain of the event for the subscription.
     *
     * @param int $subscriptionId
     * @param CloudEventImmutable $event
     * @param string $uuid
     * @return void
     */
    public function init(int $subscriptionId, CloudEventImmutable $event, string $uuid): void;

    /**
     * Schedule the next attempt of a retry chain.
     *
     * @param int $deathCount
     * @param int $subscriptionId
     * @param CloudEventImmutable $event
     * @param string $uuid
     * @param int|null $backoff seconds; null for the back-off schedule's
     * @return void
     */
    public function place(int $deathCount, int $subscriptionId, CloudEventImmutable $event, string $uuid, ?int $backoff): void;

    /**
     * End a retry chain: the delivery is dead-lettered.
     *
     * @param int $subscriptionId
     * @param CloudEventImmutable $event
     * @return void
     */
    public function kill(int $subscriptionId, CloudEventImmutable $event): void;
}
