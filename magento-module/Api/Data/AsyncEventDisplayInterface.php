<?php
/**
 * Service contract: a subscription as returned by REST, without its verification token.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Api\Data;

/**
 * A saved subscription as the API shows it. Webapi output has one key per getter
 * (subscription_id, event_name, recipient_url, status, subscribed_at, store_id), so the
 * verification token and the sink metadata are never part of a response.
 *
 * @api
 */
interface AsyncEventDisplayInterface
{
    /**
     * Get the subscription id.
     *
     * @return int
     */
    public function getSubscriptionId(): ?int;

    /**
     * Get the name of the event subscribed to.
     *
     * @return string
     */
    public function getEventName(): ?string;

    /**
     * Get the recipient.
     *
     * @return string
     */
    public function getRecipientUrl(): ?string;

    /**
     * Whether the subscription is enabled.
     *
     * @return bool
     */
    public function getStatus(): ?bool;

    /**
     * Get when the subscription was created (UTC, Y-m-d H:i:s).
     *
     * @return string|null
     */
    public function getSubscribedAt(): ?string;

    /**
     * Get the store the subscription listens to; 0 means every store.
     *
     * @return int
     */
    public function getStoreId(): ?int;

    /**
     * Set the store the subscription listens to.
     *
     * @param int $storeId
     * @return void
     */
    public function setStoreId(int $storeId): void;
}
