<?php
/**
 * Handles an `event.trigger` message in the form mageos-async-events published it.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use Magento\Framework\Serialize\Serializer\Json;
use Psr\Log\LoggerInterface;

/**
 * The reference's trigger consumer handler: a message `[name, "<json arguments>"]` or
 * `[name, "<json arguments>", storeId]` (store id a string or an integer). The event is handed to
 * the extension with the same name, arguments and store, so the trigger consumer resolves it with
 * the event's service method and delivers it. As in the reference, a failure is logged, not thrown.
 */
class AsyncEventTriggerHandler
{
    /**
     * @param AsyncEventPublisher $publisher
     * @param Json $json
     * @param LoggerInterface $logger
     */
    public function __construct(
        private readonly AsyncEventPublisher $publisher,
        private readonly Json $json,
        private readonly LoggerInterface $logger
    ) {
    }

    /**
     * Process an asynchronous event message.
     *
     * @param array $queueMessage
     * @return void
     */
    public function process(array $queueMessage): void
    {
        $eventName = (string)($queueMessage[0] ?? '');
        try {
            $this->publish($queueMessage);
        } catch (\Exception $exception) {
            $this->logger->critical(
                sprintf('Error when processing %s async event', $eventName),
                ['message' => $exception->getMessage(), 'exception' => $exception]
            );
        }
    }

    /**
     * Publish the event of a trigger message through the module's publisher (inside a transaction,
     * into the transactional outbox).
     *
     * @param array $queueMessage `[name, "<json arguments>"]` or `[name, "<json arguments>", storeId]`
     * @return void
     * @throws \InvalidArgumentException when the arguments are not JSON
     * @throws \Magento\Framework\Exception\LocalizedException when the event cannot be published
     */
    public function publish(array $queueMessage): void
    {
        $arguments = $this->json->unserialize((string)($queueMessage[1] ?? '[]'));
        $this->publisher->publish((string)($queueMessage[0] ?? ''), (array)$arguments, (int)($queueMessage[2] ?? 0));
    }
}
