<?php
/**
 * A consumer's queue_consumer.xml settings.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\MessageQueue\ConsumerConfigurationInterface;

/**
 * Name, queue, maxMessages and maxIdleTime of queue_consumer.xml.
 */
class ConsumerConfiguration implements ConsumerConfigurationInterface
{
    /**
     * @var string
     */
    private string $name;

    /**
     * @var int|null
     */
    private ?int $maxMessages;

    /**
     * @var int|null
     */
    private ?int $maxIdleTime;

    /**
     * @param string $name
     * @param int|null $maxMessages
     * @param int|null $maxIdleTime
     */
    public function __construct(string $name, ?int $maxMessages = null, ?int $maxIdleTime = null)
    {
        $this->name = $name;
        $this->maxMessages = $maxMessages;
        $this->maxIdleTime = $maxIdleTime;
    }

    /**
     * @inheritdoc
     */
    public function getConsumerName()
    {
        return $this->name;
    }

    /**
     * @inheritdoc
     */
    public function getQueueName()
    {
        return $this->name === 'event.retry.consumer' ? 'event.failover.retry' : 'event.trigger';
    }

    /**
     * @inheritdoc
     */
    public function getType()
    {
        return self::TYPE_ASYNC;
    }

    /**
     * @inheritdoc
     */
    public function getMaxMessages()
    {
        return $this->maxMessages;
    }

    /**
     * @inheritdoc
     */
    public function getMaxIdleTime()
    {
        return $this->maxIdleTime;
    }

    /**
     * @inheritdoc
     */
    public function getSleep()
    {
        return null;
    }

    /**
     * @inheritdoc
     */
    public function getOnlySpawnWhenMessageAvailable()
    {
        return false;
    }

    /**
     * @inheritdoc
     */
    public function getHandlers($topicName)
    {
        return [];
    }

    /**
     * @inheritdoc
     */
    public function getTopicNames()
    {
        return [];
    }

    /**
     * @inheritdoc
     */
    public function getMessageSchemaType($topicName)
    {
        return 'string[]';
    }

    /**
     * @inheritdoc
     */
    public function getQueue()
    {
        throw new \LogicException('the engine consumers never use Magento\'s queue object');
    }
}
