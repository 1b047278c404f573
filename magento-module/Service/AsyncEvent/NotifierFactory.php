<?php
/**
 * Registry of custom sinks written in PHP.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Service\AsyncEvent;

use Magento\Framework\Exception\LocalizedException;

/**
 * Sink modules add their notifiers to the `notifierClasses` argument in di.xml, as they did for
 * mageos-async-events. The names are passed to the extension as `sinks`, so that subscriptions
 * naming them are accepted; the extension serves `http`, `eventbridge` and `sqs` itself.
 * A notifier is either a NotifierInterface (4.x: notify() takes a CloudEvent) or a 3.x-style
 * object whose notify() takes `array $data` and so cannot implement the 4.x interface.
 */
class NotifierFactory implements NotifierFactoryInterface
{
    /**
     * @var array<string, object|mixed>
     */
    private array $notifierClasses;

    /**
     * @param array $notifierClasses metadata key => notifier
     */
    public function __construct(array $notifierClasses = [])
    {
        $this->notifierClasses = $notifierClasses;
    }

    /**
     * @inheritdoc
     */
    public function create(string $type): NotifierInterface
    {
        $notifier = $this->getNotifier($type);
        if (!$notifier instanceof NotifierInterface) {
            throw new LocalizedException(__(
                'The notifier of the sink "%1" (%2) takes an array: it is a 3.x notifier, not a %3.',
                $type,
                get_class($notifier),
                NotifierInterface::class
            ));
        }
        return $notifier;
    }

    /**
     * Get the notifier of a sink, of the 4.x interface or a 3.x-style one.
     *
     * @param string $type the subscription's metadata
     * @return object with a public notify(AsyncEventInterface, CloudEventImmutable|array) method
     * @throws LocalizedException when nothing that can notify is registered under the name
     */
    public function getNotifier(string $type): object
    {
        $notifier = $this->notifierClasses[$type] ?? null;
        if (!is_object($notifier) || !is_callable([$notifier, 'notify'])) {
            throw new LocalizedException(__('No notifier is registered for the sink "%1".', $type));
        }
        return $notifier;
    }

    /**
     * Get the names of the sinks registered here.
     *
     * @return string[]
     */
    public function getSinkNames(): array
    {
        return array_map('strval', array_keys($this->notifierClasses));
    }
}
