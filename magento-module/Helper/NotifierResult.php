<?php
/**
 * What a custom notifier returns, under the class name mageos-async-events gave it.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Helper;

use MageOS\AsyncEvents\Api\Data\ResultInterface;
use Magento\Framework\DataObject;

/**
 * Notifiers written for mageos-async-events build this object and fill it with the same setters;
 * the trigger and retry consumers read it back (success, retry, Retry-After, response data).
 */
class NotifierResult extends DataObject implements ResultInterface
{
    private const SUCCESS = 'success';
    private const RETRYABLE = 'is_retryable';
    private const RETRY_AFTER = 'retry_after';
    private const SUBSCRIPTION_ID = 'subscription_id';
    private const RESPONSE_DATA = 'response_data';
    private const UUID = 'uuid';
    private const DATA = 'data';

    /**
     * @inheritdoc
     */
    public function getIsSuccessful(): bool
    {
        return (bool)$this->getData(self::SUCCESS);
    }

    /**
     * @inheritdoc
     */
    public function setIsSuccessful(bool $isSuccessful): void
    {
        $this->setData(self::SUCCESS, $isSuccessful);
    }

    /**
     * Whether the delivery succeeded (the older name of getIsSuccessful()).
     *
     * @return bool
     */
    public function getSuccess(): bool
    {
        return $this->getIsSuccessful();
    }

    /**
     * Set whether the delivery succeeded (the older name of setIsSuccessful()).
     *
     * @param bool $success
     * @return void
     */
    public function setSuccess(bool $success): void
    {
        $this->setIsSuccessful($success);
    }

    /**
     * @inheritdoc
     */
    public function getIsRetryable(): bool
    {
        return (bool)$this->getData(self::RETRYABLE);
    }

    /**
     * @inheritdoc
     */
    public function setIsRetryable(bool $isRetryable): void
    {
        $this->setData(self::RETRYABLE, $isRetryable);
    }

    /**
     * @inheritdoc
     */
    public function getRetryAfter(): ?int
    {
        $seconds = $this->getData(self::RETRY_AFTER);
        return $seconds === null ? null : (int)$seconds;
    }

    /**
     * @inheritdoc
     */
    public function setRetryAfter(int $retryAfter): void
    {
        $this->setData(self::RETRY_AFTER, $retryAfter);
    }

    /**
     * Get the subscription the delivery was for.
     *
     * @return int
     */
    public function getSubscriptionId(): int
    {
        return (int)$this->getData(self::SUBSCRIPTION_ID);
    }

    /**
     * Set the subscription the delivery was for.
     *
     * @param int $subscriptionId
     * @return void
     */
    public function setSubscriptionId(int $subscriptionId): void
    {
        $this->setData(self::SUBSCRIPTION_ID, $subscriptionId);
    }

    /**
     * Get what the receiver answered, or the error (kept in the attempt log).
     *
     * @return string
     */
    public function getResponseData(): string
    {
        return (string)$this->getData(self::RESPONSE_DATA);
    }

    /**
     * Set what the receiver answered, or the error.
     *
     * @param string $responseData
     * @return void
     */
    public function setResponseData(string $responseData): void
    {
        $this->setData(self::RESPONSE_DATA, $responseData);
    }

    /**
     * Get the event's uuid.
     *
     * @return string
     */
    public function getUuid(): string
    {
        return (string)$this->getData(self::UUID);
    }

    /**
     * Set the event's uuid.
     *
     * @param string $uuid
     * @return void
     */
    public function setUuid(string $uuid): void
    {
        $this->setData(self::UUID, $uuid);
    }

    /**
     * Get the event as it was sent.
     *
     * @return array
     */
    public function getAsyncEventData(): array
    {
        return (array)$this->getData(self::DATA);
    }

    /**
     * Set the event as it was sent.
     *
     * @param array $eventData
     * @return void
     */
    public function setAsyncEventData(array $eventData): void
    {
        $this->setData(self::DATA, $eventData);
    }
}
