<?php
/**
 * Stand-in for Magento's message queue publisher contract (the real signature).
 */
declare(strict_types=1);

namespace Magento\Framework\MessageQueue;

interface PublisherInterface
{
    /**
     * @param string $topicName
     * @param array|object $data
     * @return null|mixed
     */
    public function publish($topicName, $data);
}
