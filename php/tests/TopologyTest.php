<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

/**
 * Client::declareTopology(), what the Magento module runs at setup:upgrade: on RabbitMQ the
 * trigger, retry, dead-letter and delay queues exist afterwards with the right arguments,
 * checked on the broker; declaring again changes nothing; on the SQL queue there is nothing
 * to declare beyond the store's table.
 */
class TopologyTest extends TestCase
{
    public function testRabbitMqQueuesAreDeclaredWithTheirArguments(): void
    {
        $namespace = 'topology.' . bin2hex(random_bytes(4));
        $this->config = array_merge($this->config, [
            'queue_dsn' => getenv('ASYNC_EVENTS_TEST_AMQP') ?: 'amqp://guest:guest@127.0.0.1:5672/%2f',
            'amqp_queue' => "$namespace.trigger",
            'amqp_routing_key' => "$namespace.trigger",
            'amqp_failover_namespace' => $namespace,
            'backoff_seconds' => [2, 5, 5],
            'max_deaths' => 3,
        ]);
        $client = new \AsyncEvents\Client($this->config);

        $declared = $client->declareTopology();

        $expected = ["$namespace.trigger", "$namespace.failover.retry", "$namespace.failover.deadletter",
            "$namespace.delay.1", "$namespace.delay.2", "$namespace.delay.5"];
        self::assertSame($expected, $declared);
        self::assertSame($declared, $client->declareTopology(), 'declaring again is harmless');

        $onBroker = [];
        exec('rabbitmqctl -q list_queues name arguments 2>&1', $lines, $status);
        self::assertSame(0, $status, implode("\n", $lines));
        foreach ($lines as $line) {
            [$name, $arguments] = explode("\t", $line, 2) + [1 => ''];
            $onBroker[$name] = $arguments;
        }
        foreach ($expected as $queue) {
            self::assertArrayHasKey($queue, $onBroker, "$queue is on the broker");
        }
        foreach ([1, 2, 5] as $seconds) {
            $arguments = $onBroker["$namespace.delay.$seconds"];
            self::assertStringContainsString(sprintf('{"x-message-ttl",%d}', $seconds * 1000), $arguments);
            self::assertStringContainsString(sprintf('{"x-dead-letter-exchange","%s.failover"}', $namespace), $arguments);
            self::assertStringContainsString('{"x-dead-letter-routing-key","event.retry"}', $arguments);
        }
        foreach ($expected as $queue) {
            exec('rabbitmqctl -q delete_queue ' . escapeshellarg($queue) . ' 2>&1');
        }
    }

    public function testTheSqlQueueHasOnlyItsTable(): void
    {
        self::assertSame(['async_event_queue'], $this->client->declareTopology());
    }
}
