<?php
/**
 * Data object of a subscription, for REST input and output.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use MageOS\AsyncEvents\Api\Data\AsyncEventDisplayInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use Magento\Framework\Api\AbstractSimpleObject;

/**
 * A subscription. Fields never set read as null, so an update changes only what the client sent.
 */
class AsyncEvent extends AbstractSimpleObject implements AsyncEventInterface, AsyncEventDisplayInterface
{
    /**
     * Builds a subscription from the array the extension returns (the token is never in it).
     *
     * @param array<string, mixed> $row
     * @return self
     */
    public static function fromExtensionRow(array $row): self
    {
        $event = new self();
        if (isset($row['subscription_id'])) {
            $event->setSubscriptionId((int)$row['subscription_id']);
        }
        foreach ([self::EVENT_NAME, self::RECIPIENT_URL, self::METADATA, self::SUBSCRIBED_AT] as $key) {
            if (isset($row[$key])) {
                $event->setData($key, (string)$row[$key]);
            }
        }
        if (isset($row['store_id'])) {
            $event->setStoreId((int)$row['store_id']);
        }
        if (isset($row['status'])) {
            $event->setStatus((bool)$row['status']);
        }
        return $event;
    }

    /**
     * @inheritdoc
     */
    public function getSubscriptionId(): ?int
    {
        $value = $this->_get(self::SUBSCRIPTION_ID);
        return $value === null ? null : (int)$value;
    }

    /**
     * @inheritdoc
     */
    public function setSubscriptionId(int $id): void
    {
        $this->setData(self::SUBSCRIPTION_ID, $id);
    }

    /**
     * @inheritdoc
     */
    public function getEventName(): ?string
    {
        return $this->stringOrNull(self::EVENT_NAME);
    }

    /**
     * @inheritdoc
     */
    public function setEventName(string $eventName): void
    {
        $this->setData(self::EVENT_NAME, $eventName);
    }

    /**
     * @inheritdoc
     */
    public function getRecipientUrl(): ?string
    {
        return $this->stringOrNull(self::RECIPIENT_URL);
    }

    /**
     * @inheritdoc
     */
    public function setRecipientUrl(string $recipientURL): void
    {
        $this->setData(self::RECIPIENT_URL, $recipientURL);
    }

    /**
     * @inheritdoc
     */
    public function getVerificationToken(): ?string
    {
        return $this->stringOrNull(self::VERIFICATION_TOKEN);
    }

    /**
     * @inheritdoc
     */
    public function setVerificationToken(string $verificationToken): void
    {
        $this->setData(self::VERIFICATION_TOKEN, $verificationToken);
    }

    /**
     * @inheritdoc
     */
    public function getMetadata(): ?string
    {
        return $this->stringOrNull(self::METADATA);
    }

    /**
     * @inheritdoc
     */
    public function setMetadata(string $metadata): void
    {
        $this->setData(self::METADATA, $metadata);
    }

    /**
     * @inheritdoc
     */
    public function getStoreId(): ?int
    {
        $value = $this->_get(self::STORE_ID);
        return $value === null ? null : (int)$value;
    }

    /**
     * @inheritdoc
     */
    public function setStoreId(int $storeId): void
    {
        $this->setData(self::STORE_ID, $storeId);
    }

    /**
     * @inheritdoc
     */
    public function getStatus(): ?bool
    {
        $value = $this->_get(self::STATUS);
        return $value === null ? null : (bool)$value;
    }

    /**
     * @inheritdoc
     */
    public function setStatus(bool $status): void
    {
        $this->setData(self::STATUS, $status);
    }

    /**
     * @inheritdoc
     */
    public function getSubscribedAt(): ?string
    {
        return $this->stringOrNull(self::SUBSCRIBED_AT);
    }

    /**
     * @inheritdoc
     */
    public function setSubscribedAt(string $subscribedAt): void
    {
        $this->setData(self::SUBSCRIBED_AT, $subscribedAt);
    }

    /**
     * The fields a client set, as the extension's createSubscription()/updateSubscription() take them.
     *
     * @return array<string, mixed>
     */
    public function toExtensionChanges(): array
    {
        $changes = [];
        foreach ([self::EVENT_NAME, self::RECIPIENT_URL, self::VERIFICATION_TOKEN, self::METADATA] as $key) {
            $value = $this->stringOrNull($key);
            if ($value !== null) {
                $changes[$key] = $value;
            }
        }
        if ($this->getStoreId() !== null) {
            $changes[self::STORE_ID] = $this->getStoreId();
        }
        if ($this->getStatus() !== null) {
            $changes[self::STATUS] = $this->getStatus();
        }
        return $changes;
    }

    /**
     * Sets several fields at once, as Magento's models do (the admin UI package fills a new
     * subscription from its form this way); unknown keys are kept and ignored.
     *
     * @param array<string, mixed> $data
     * @return $this
     */
    public function addData(array $data): self
    {
        foreach ($data as $key => $value) {
            $this->setData($key, $value);
        }
        return $this;
    }

    /**
     * Accepted for code written against the reference's model; a save always sends what was set.
     *
     * @param bool $flag
     * @return $this
     */
    public function setHasDataChanges($flag): self
    {
        return $this;
    }

    /**
     * Whether the subscription is not saved yet, as Magento's models say it; the flag is accepted
     * for code written against the reference's model (a subscription without an id is new).
     *
     * @param bool|null $flag
     * @return bool
     */
    public function isObjectNew($flag = null): bool
    {
        return $this->getSubscriptionId() === null;
    }

    /**
     * Read a text field.
     *
     * @param string $key
     * @return string|null
     */
    private function stringOrNull(string $key): ?string
    {
        $value = $this->_get($key);
        return $value === null ? null : (string)$value;
    }
}
