<?php
/**
 * Serves the extension's deliveries to custom sinks with the notifiers registered in NotifierFactory.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Consumer;

use MageOS\AsyncEvents\Model\AsyncEvent;
use MageOS\AsyncEvents\Model\CloudEvent\CloudEventConverter;
use MageOS\AsyncEvents\Service\AsyncEvent\NotifierFactory;
use ReflectionMethod;
use ReflectionNamedType;

/**
 * The `$notifier` of AsyncEvents\Consumer::run(): for a subscription whose metadata names a custom
 * sink, it calls that sink's notify() as mageos-async-events did, with the subscription (its token
 * sealed as Magento's encryptor seals it, so EncryptorInterface::decrypt() opens it) and the event:
 * a CloudEventImmutable for a 4.x notifier, the CloudEvent as an array (`data` holds the payload,
 * as 3.x passed it) for a notifier whose notify() takes an array. Which one is read from the
 * declared type of notify()'s second parameter. The bridge tells the extension how it went; the
 * extension records the attempt and retries or dead-letters it. An exception is a retried failure.
 */
class NotifierBridge
{
    /**
     * @var NotifierFactory
     */
    private NotifierFactory $notifierFactory;

    /**
     * @var CloudEventConverter
     */
    private CloudEventConverter $cloudEventConverter;

    /**
     * @var array<class-string, bool> whether each notifier class takes a CloudEvent
     */
    private array $takesCloudEvent = [];

    /**
     * @param NotifierFactory $notifierFactory
     * @param CloudEventConverter $cloudEventConverter
     */
    public function __construct(NotifierFactory $notifierFactory, CloudEventConverter $cloudEventConverter)
    {
        $this->notifierFactory = $notifierFactory;
        $this->cloudEventConverter = $cloudEventConverter;
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
        $notifier = $this->notifierFactory->getNotifier((string)$delivery['metadata']);
        $subscription = new AsyncEvent();
        $subscription->setSubscriptionId((int)$delivery['subscription_id']);
        $subscription->setEventName((string)$delivery['event_name']);
        $subscription->setRecipientUrl((string)$delivery['recipient_url']);
        $subscription->setVerificationToken((string)$delivery['verification_token']);
        $subscription->setMetadata((string)$delivery['metadata']);
        $subscription->setStoreId((int)$delivery['store_id']);
        $subscription->setStatus(true);

        $event = (array)$delivery['event'];
        $result = $notifier->notify(
            $subscription,
            $this->takesCloudEvent($notifier) ? $this->cloudEventConverter->fromArray($event) : $event
        );

        return [
            'success' => $result->getIsSuccessful(),
            'response_data' => method_exists($result, 'getResponseData') ? (string)$result->getResponseData() : '',
            'retryable' => $result->getIsRetryable(),
            'retry_after' => $result->getRetryAfter(),
        ];
    }

    /**
     * Whether the notifier's notify() declares a class (the CloudEvent) for its event, not an array.
     *
     * @param object $notifier
     * @return bool
     */
    private function takesCloudEvent(object $notifier): bool
    {
        $class = get_class($notifier);
        if (!isset($this->takesCloudEvent[$class])) {
            $parameter = (new ReflectionMethod($notifier, 'notify'))->getParameters()[1] ?? null;
            $type = $parameter ? $parameter->getType() : null;
            $this->takesCloudEvent[$class] = $type instanceof ReflectionNamedType && !$type->isBuiltin();
        }
        return $this->takesCloudEvent[$class];
    }
}
