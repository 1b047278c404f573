<?php
/**
 * Service contract: a subscription as written through REST (POST/PUT /V1/async_event).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Api\Data;

/**
 * A subscription to an asynchronous event, as received from a client. It carries the
 * verification token; what is sent back is an AsyncEventDisplayInterface, which never does.
 *
 * @api
 */
interface AsyncEventInterface
{
    public const SUBSCRIPTION_ID = 'subscription_id';
    public const EVENT_NAME = 'event_name';
    public const RECIPIENT_URL = 'recipient_url';
    public const VERIFICATION_TOKEN = 'verification_token';
    public const METADATA = 'metadata';
    public const STORE_ID = 'store_id';
    public const STATUS = 'status';
    public const SUBSCRIBED_AT = 'subscribed_at';

    /**
     * Get the subscription id (null for a subscription not saved yet).
     *
     * @return int|null
     */
    public function getSubscriptionId(): ?int;

    /**
     * Set the subscription id.
     *
     * @param int $id
     * @return void
     */
    public function setSubscriptionId(int $id): void;

    /**
     * Get the name of the event subscribed to, as declared in async_events.xml.
     *
     * @return string|null
     */
    public function getEventName(): ?string;

    /**
     * Set the name of the event subscribed to.
     *
     * @param string $eventName
     * @return void
     */
    public function setEventName(string $eventName): void;

    /**
     * Get the recipient: an http(s) URL for the `http` sink, or what the sink named in metadata expects.
     *
     * @return string|null
     */
    public function getRecipientUrl(): ?string;

    /**
     * Set the recipient.
     *
     * @param string $recipientURL
     * @return void
     */
    public function setRecipientUrl(string $recipientURL): void;

    /**
     * Get the verification token the deliveries are signed with (write only: never returned by the API).
     *
     * @return string|null
     */
    public function getVerificationToken(): ?string;

    /**
     * Set the verification token the deliveries are signed with.
     *
     * @param string $verificationToken
     * @return void
     */
    public function setVerificationToken(string $verificationToken): void;

    /**
     * Get the sink that delivers the event (`http` unless a sink module adds others).
     *
     * @return string|null
     */
    public function getMetadata(): ?string;

    /**
     * Set the sink that delivers the event.
     *
     * @param string $metadata
     * @return void
     */
    public function setMetadata(string $metadata): void;

    /**
     * Get the store the subscription listens to; 0 means every store.
     *
     * @return int|null
     */
    public function getStoreId(): ?int;

    /**
     * Set the store the subscription listens to.
     *
     * @param int $storeId
     * @return void
     */
    public function setStoreId(int $storeId): void;

    /**
     * Whether the subscription is enabled.
     *
     * @return bool|null
     */
    public function getStatus(): ?bool;

    /**
     * Enable or disable the subscription.
     *
     * @param bool $status
     * @return void
     */
    public function setStatus(bool $status): void;

    /**
     * Get when the subscription was created (UTC, Y-m-d H:i:s).
     *
     * @return string|null
     */
    public function getSubscribedAt(): ?string;

    /**
     * Set when the subscription was created; ignored on save.
     *
     * @param string $subscribedAt
     * @return void
     */
    public function setSubscribedAt(string $subscribedAt): void;
}
