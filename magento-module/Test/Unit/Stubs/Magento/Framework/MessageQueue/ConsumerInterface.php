<?php
/**
 * Test stand-in of Magento\Framework\MessageQueue\ConsumerInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\MessageQueue;

/**
 * Consumers will connect to a queue, read messages, and invoke a method to process the message contents.
 */
interface ConsumerInterface
{
    /**
     * @param int|null $maxNumberOfMessages
     * @return void
     */
    public function process($maxNumberOfMessages = null);
}
