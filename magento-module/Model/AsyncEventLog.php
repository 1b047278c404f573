<?php
/**
 * One delivery attempt as mageos-async-events 4.x's AsyncEventLog model showed it.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use Magento\Framework\Model\AbstractModel;

/**
 * A row of async_event_subscriber_log through {@see ResourceModel\AsyncEventLog}, with the
 * reference's getters and setters (serialized_data is an array here, JSON in the table).
 */
class AsyncEventLog extends AbstractModel
{
    /**
     * @var string
     */
    protected $_eventPrefix = 'async_event_subscriber_log';

    /**
     * @inheritdoc
     */
    protected function _construct()
    {
        $this->_init(ResourceModel\AsyncEventLog::class);
    }

    /**
     * Get log id.
     *
     * @return int
     */
    public function getLogId(): int
    {
        return (int)$this->getData('log_id');
    }

    /**
     * Set log id.
     *
     * @param int $logId
     * @return void
     */
    public function setLogId(int $logId): void
    {
        $this->setData('log_id', $logId);
    }

    /**
     * Get subscription.
     *
     * @return int
     */
    public function getSubscriptionId(): int
    {
        return (int)$this->getData('subscription_id');
    }

    /**
     * Set subscription.
     *
     * @param int $subscriptionId
     * @return void
     */
    public function setSubscriptionId(int $subscriptionId): void
    {
        $this->setData('subscription_id', $subscriptionId);
    }

    /**
     * Get whether the attempt succeeded.
     *
     * @return bool
     */
    public function getSuccess(): bool
    {
        return (bool)$this->getData('success');
    }

    /**
     * Set whether the attempt succeeded.
     *
     * @param bool $success
     * @return void
     */
    public function setSuccess(bool $success): void
    {
        $this->setData('success', $success);
    }

    /**
     * Get when the attempt was made.
     *
     * @return string
     */
    public function getCreated(): string
    {
        return (string)$this->getData('created');
    }

    /**
     * Set when the attempt was made.
     *
     * @param string $created
     * @return void
     */
    public function setCreated(string $created): void
    {
        $this->setData('created', $created);
    }

    /**
     * Get what the receiver answered, or the error.
     *
     * @return string
     */
    public function getResponseData(): string
    {
        return (string)$this->getData('response_data');
    }

    /**
     * Set what the receiver answered, or the error.
     *
     * @param string $responseData
     * @return void
     */
    public function setResponseData(string $responseData): void
    {
        $this->setData('response_data', $responseData);
    }

    /**
     * Get the event's uuid.
     *
     * @return string
     */
    public function getUuid(): string
    {
        return (string)$this->getData('uuid');
    }

    /**
     * Set the event's uuid.
     *
     * @param string $uuid
     * @return void
     */
    public function setUuid(string $uuid): void
    {
        $this->setData('uuid', $uuid);
    }

    /**
     * Get the event as it was sent.
     *
     * @return array
     */
    public function getSerializedData(): array
    {
        return (array)$this->getData('serialized_data');
    }

    /**
     * Set the event as it was sent.
     *
     * @param array $serializedData
     * @return void
     */
    public function setSerializedData(array $serializedData): void
    {
        $this->setData('serialized_data', $serializedData);
    }
}
