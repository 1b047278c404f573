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
 * naming them are accepted. The built-in `http` sink is served by the extension itself.
 */
class NotifierFactory implements NotifierFactoryInterface
{
    /**
     * @var array<string, NotifierInterface|mixed>
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
        $notifier = $this->notifierClasses[$type] ?? null;
        if (!$notifier instanceof NotifierInterface) {
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
