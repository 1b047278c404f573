<?php
/**
 * The `event.trigger.consumer`: resolves published events and delivers them.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Consumer;

use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Model\Resolver\EventResolver;
use Magento\Framework\MessageQueue\ConsumerConfigurationInterface;
use Magento\Framework\MessageQueue\PoisonPill\PoisonPillCompareInterface;
use Magento\Framework\MessageQueue\PoisonPill\PoisonPillReadInterface;
use Psr\Log\LoggerInterface;

/**
 * Claims published events, builds each payload with the event's service method (EventResolver),
 * fans it out to the event's subscriptions and records every attempt. `--max-messages` counts
 * published events.
 */
class TriggerConsumer extends EngineConsumer
{
    /**
     * @var EventResolver
     */
    private EventResolver $resolver;

    /**
     * @param ConsumerConfigurationInterface $configuration
     * @param ClientProvider $clientProvider
     * @param PoisonPillReadInterface $poisonPillRead
     * @param PoisonPillCompareInterface $poisonPillCompare
     * @param LoggerInterface $logger
     * @param EventResolver $resolver
     * @param NotifierBridge|null $notifierBridge
     * @param int|string $batchSize
     */
    public function __construct(
        ConsumerConfigurationInterface $configuration,
        ClientProvider $clientProvider,
        PoisonPillReadInterface $poisonPillRead,
        PoisonPillCompareInterface $poisonPillCompare,
        LoggerInterface $logger,
        EventResolver $resolver,
        ?NotifierBridge $notifierBridge = null,
        $batchSize = 0
    ) {
        parent::__construct(
            $configuration,
            $clientProvider,
            $poisonPillRead,
            $poisonPillCompare,
            $logger,
            $notifierBridge,
            $batchSize
        );
        $this->resolver = $resolver;
    }

    /**
     * @inheritdoc
     */
    protected function getResolver(): ?callable
    {
        return $this->resolver;
    }

    /**
     * @inheritdoc
     */
    protected function getCountedStat(): string
    {
        return 'messages';
    }
}
