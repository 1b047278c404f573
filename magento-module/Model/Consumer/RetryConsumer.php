<?php
/**
 * The `event.retry.consumer`: works through pending deliveries, retries and replays.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Consumer;

/**
 * Runs the engine without a resolver: the payload of a retry travels with it, so no PHP code runs
 * per message. `--max-messages` counts delivery attempts.
 */
class RetryConsumer extends EngineConsumer
{
    /**
     * @inheritdoc
     */
    protected function getResolver(): ?callable
    {
        return null;
    }

    /**
     * @inheritdoc
     */
    protected function getCountedStat(): string
    {
        return 'attempts';
    }
}
