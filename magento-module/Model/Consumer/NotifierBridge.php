<?php
/**
 * Serves the extension's deliveries to custom sinks with the notifiers registered in NotifierFactory.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Consumer;

use MageOS\AsyncEvents\Model\AsyncEvent;
use MageOS\AsyncEvents\Service\AsyncEvent\NotifierFactoryInterface;

/**
 * The `$notifier` of AsyncEvents\Consumer::run(): for a subscription whose metadata names a custom
 * sink, it calls that sink's NotifierInterface::notify() as mageos-async-events did, with the
 * subscription (its token sealed as Magento's encryptor seals it, so EncryptorInterface::decrypt()
 * opens it) and the CloudEvent as an array, and tells the extension how it went. The extension
 * records the attempt, and retries or dead-letters it; an exception is a retried failure.
 */
class NotifierBridge
{
    /**
     * @var NotifierFactoryInterface
     */
    private NotifierFactoryInterface $notifierFactory;

    /**
     * @param NotifierFactoryInterface $notifierFactory
     */
    public function __construct(NotifierFactoryInterface $notifierFactory)
    {
        $this->notifierFactory = $notifierFactory;
    }

    /**
     * Deliver one event with the subscription's notifier.
     *
     * @param array<string, mixed> $delivery as AsyncEvents\Consumer::run() passes it
     * @return array{success: bool, response_data: string, retryable: bool, retry_after: int|null}
     * @throws \Magento\Framework\Exception\LocalizedException when no notifier serves the sink
     */
    public function __invoke(array $delivery): array
    {
        $notifier = $this->notifierFactory->create((string)$delivery['metadata']);
        $subscription = new AsyncEvent();
        $subscription->setSubscriptionId((int)$delivery['subscription_id']);
        $subscription->setEventName((string)$delivery['event_name']);
        $subscription->setRecipientUrl((string)$delivery['recipient_url']);
        $subscription->setVerificationToken((string)$delivery['verification_token']);
        $subscription->setMetadata((string)$delivery['metadata']);
        $subscription->setStoreId((int)$delivery['store_id']);
        $subscription->setStatus(true);

        $result = $notifier->notify($subscription, (array)$delivery['event']);

        return [
            'success' => $result->getIsSuccessful(),
            'response_data' => method_exists($result, 'getResponseData') ? (string)$result->getResponseData() : '',
            'retryable' => $result->getIsRetryable(),
            'retry_after' => $result->getRetryAfter(),
        ];
    }
}
