<?php
/**
 * Test stand-in of Magento\Framework\MessageQueue\ConsumerConfigurationInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\MessageQueue;

/**
 * Configuration for the consumer.
 */
interface ConsumerConfigurationInterface
{
    public const CONSUMER_NAME = 'consumer_name';
    public const QUEUE_NAME = 'queue_name';
    public const MAX_MESSAGES = 'max_messages';
    public const SCHEMA_TYPE = 'schema_type';
    public const TOPICS = 'topics';
    public const TOPIC_TYPE = 'consumer_type';
    public const TOPIC_HANDLERS = 'handlers';
    public const MAX_IDLE_TIME = 'max_idle_time';
    public const SLEEP = 'sleep';
    public const ONLY_SPAWN_WHEN_MESSAGE_AVAILABLE = 'only_spawn_when_message_available';
    public const TYPE_SYNC = 'sync';
    public const TYPE_ASYNC = 'async';
    public const INSTANCE_TYPE_BATCH = 'batch';
    public const INSTANCE_TYPE_SINGULAR = 'singular';

    /**
     * @return string
     */
    public function getConsumerName();

    /**
     * @return string
     */
    public function getQueueName();

    /**
     * @return string
     */
    public function getType();

    /**
     * @return int|null
     */
    public function getMaxMessages();

    /**
     * @param string $topicName
     * @return callback[]
     */
    public function getHandlers($topicName);

    /**
     * @return string[]
     */
    public function getTopicNames();

    /**
     * @param string $topicName
     * @return string
     */
    public function getMessageSchemaType($topicName);

    /**
     * @return QueueInterface
     */
    public function getQueue();

    /**
     * @return int|null
     */
    public function getMaxIdleTime();

    /**
     * @return int|null
     */
    public function getSleep();

    /**
     * @return boolean|null
     */
    public function getOnlySpawnWhenMessageAvailable();
}
