<?php
/**
 * Names of the queue topology, under the interface mageos-async-events 4.x gave them.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Helper;

/**
 * The exchange, queues and routing keys the reference module used, which the extension declares
 * and consumes under the same names on RabbitMQ (see etc/queue_topology.xml); code that publishes
 * to `event.trigger` with these constants keeps working.
 *
 * @api
 */
interface QueueMetadataInterface
{
    /**
     * Topic (and queue) of published events.
     */
    public const EVENT_QUEUE = 'event.trigger';

    public const FAILOVER_EXCHANGE = 'event.failover';

    public const RETRY_INIT_QUEUE = 'event.delay.1';

    public const RETRY_INIT_ROUTING_KEY = 'event.retry.init';

    public const DEAD_LETTER_ROUTING_KEY = 'event.retry';

    public const DEAD_LETTER_KILL_KEY = 'event.retry.kill';
}
