<?php
/**
 * Routes what code publishes to the event.trigger topic through Magento's message queue publisher
 * into the extension.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Plugin;

use MageOS\AsyncEvents\Helper\QueueMetadataInterface;
use MageOS\AsyncEvents\Model\AsyncEventTriggerHandler;
use Magento\Framework\MessageQueue\PublisherInterface;

/**
 * Modules written for mageos-async-events may publish `[name, "<json arguments>"(, storeId)]` to the
 * topic event.trigger with Magento's PublisherInterface (mage-os/mageos-common-async-events does).
 * Such a message is published through the module's AsyncEventPublisher instead: it then works with
 * the SQL queue as with RabbitMQ (Magento's own MySQL queue is not the extension's), and inside a save's
 * transaction it goes into the transactional outbox, so that a rolled-back save publishes nothing.
 * Other topics go on to Magento's publisher.
 */
class TriggerTopicPublisher
{
    /**
     * @param AsyncEventTriggerHandler $triggerHandler
     */
    public function __construct(private readonly AsyncEventTriggerHandler $triggerHandler)
    {
    }

    /**
     * Publish an event.trigger message through the extension; anything else as Magento does.
     *
     * @param PublisherInterface $subject
     * @param callable $proceed
     * @param string $topicName
     * @param array|object $data
     * @return null
     * @throws \Magento\Framework\Exception\LocalizedException when the event cannot be published
     * @SuppressWarnings(PHPMD.UnusedFormalParameter)
     */
    public function aroundPublish(PublisherInterface $subject, callable $proceed, $topicName, $data)
    {
        if ($topicName !== QueueMetadataInterface::EVENT_QUEUE || !is_array($data)) {
            return $proceed($topicName, $data);
        }
        $this->triggerHandler->publish($data);
        return null;
    }
}
