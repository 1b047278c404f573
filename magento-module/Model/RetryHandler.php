<?php
/**
 * Handles a retry message in the form mageos-async-events published it to event.failover.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use MageOS\AsyncEvents\Model\Replay\EventReplayer;
use MageOS\AsyncEvents\Service\AsyncEvent\RetryManager;
use Magento\Framework\Exception\LocalizedException;
use Psr\Log\LoggerInterface;

/**
 * The reference's retry consumer handler: a message with `subscription_id`, `death_count`,
 * `content` (the CloudEvent JSON) and `uuid`. The event is replayed to that subscription through
 * the extension, which delivers it from the payload its store kept and retries it on its own
 * back-off schedule; an event the store does not know is logged and skipped.
 */
class RetryHandler
{
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
     * Process a retry message.
     *
     * @param array $message
     * @return void
     */
    public function process(array $message): void
    {
        try {
            $this->eventReplayer->replay(
                (int)($message[RetryManager::SUBSCRIPTION_ID] ?? 0),
                (string)($message[RetryManager::UUID] ?? '')
            );
        } catch (LocalizedException $exception) {
            $this->logger->error($exception->getMessage(), ['exception' => $exception]);
        }
    }
}
