<?php
/**
 * Retry chains of single deliveries, as mageos-async-events 4.x's RetryManager offered them.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Service\AsyncEvent;

use CloudEvents\V1\CloudEventImmutable;
use MageOS\AsyncEvents\Api\RetryManagementInterface;
use MageOS\AsyncEvents\Model\Replay\EventReplayer;
use Magento\Framework\Exception\LocalizedException;
use Psr\Log\LoggerInterface;

/**
 * The extension schedules retries itself (back-off, max deaths, dead letters); this class lets
 * code written for the reference start one. init() and place() replay the event to the
 * subscription: the extension starts a new delivery chain under the same uuid, as the admin's
 * Replay does, from the payload its store kept (the CloudEvent passed in is not re-sent, and a
 * place() back-off is not applied: the chain's first attempt is immediate, later ones follow the
 * back-off schedule). kill() cannot dead-letter from outside: the extension dead-letters a delivery
 * when its own retries are exhausted, so kill() only logs.
 */
class RetryManager implements RetryManagementInterface
{
    public const DEATH_COUNT = 'death_count';
    public const SUBSCRIPTION_ID = 'subscription_id';
    public const CONTENT = 'content';
    public const UUID = 'uuid';

    /**
     * @param EventReplayer $eventReplayer
     * @param LoggerInterface $logger
     */
    public function __construct(
        private readonly EventReplayer $eventReplayer,
        private readonly LoggerInterface $logger
    ) {
    }

    /**
     * @inheritdoc
     *
     * @throws LocalizedException when the store does not know the event
     */
    public function init(int $subscriptionId, CloudEventImmutable $event, string $uuid): void
    {
        $this->eventReplayer->replay($subscriptionId, $uuid);
    }

    /**
     * @inheritdoc
     *
     * @throws LocalizedException when the store does not know the event
     */
    public function place(int $deathCount, int $subscriptionId, CloudEventImmutable $event, string $uuid, ?int $backoff): void
    {
        $this->eventReplayer->replay($subscriptionId, $uuid);
    }

    /**
     * @inheritdoc
     */
    public function kill(int $subscriptionId, CloudEventImmutable $event): void
    {
        $this->logger->warning(
            'async events: kill() is not needed here, the extension dead-letters deliveries whose retries are exhausted',
            ['subscription_id' => $subscriptionId, 'uuid' => $event->getId()]
        );
    }
}
