<?php
/**
 * Helpers of mageos-async-events 4.x that other modules use: Helper\Config, QueueMetadataInterface,
 * and the payload pass-through behind EventDispatcher.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Compatibility;

use MageOS\AsyncEvents\Helper\Config;
use MageOS\AsyncEvents\Helper\QueueMetadataInterface;
use MageOS\AsyncEvents\Model\Resolver\EventResolver;
use MageOS\AsyncEvents\Test\Unit\Fake\ScopeConfig;
use MageOS\AsyncEvents\Test\Unit\TestCase;

/**
 * Each reads or names what the module really uses.
 */
class ReferenceHelpersTest extends TestCase
{
    /**
     * Helper\Config reads the admin settings of the reference's paths.
     */
    public function testConfigReadsTheAdminSettings(): void
    {
        $config = new Config(new ScopeConfig([
            'system/async_events/indexing_enabled' => '1',
            'system/async_events/subscriber_log_cleanup_cron' => '0',
            'system/async_events/subscriber_log_cron_delete_period' => '30',
            'system/async_events/max_deaths' => '7',
        ]));

        self::assertTrue($config->isIndexingEnabled());
        self::assertFalse($config->isCleanUpCronEnabled());
        self::assertSame(30, $config->getCleanUpCronDeletePeriod());
        self::assertSame(7, $config->getMaximumDeaths());
    }

    /**
     * The constants name the exchange, topic and routing keys of etc/queue_topology.xml.
     */
    public function testQueueMetadataNamesTheTopology(): void
    {
        $topology = simplexml_load_file(dirname(__DIR__, 3) . '/etc/queue_topology.xml');
        $bindings = [];
        foreach ($topology->exchange as $exchange) {
            foreach ($exchange->binding as $binding) {
                $bindings[(string)$exchange['name']][] = (string)$binding['topic'];
            }
        }

        self::assertSame([QueueMetadataInterface::EVENT_QUEUE], $bindings['magento']);
        self::assertContains(QueueMetadataInterface::DEAD_LETTER_ROUTING_KEY, $bindings[QueueMetadataInterface::FAILOVER_EXCHANGE]);
        self::assertContains(QueueMetadataInterface::DEAD_LETTER_KILL_KEY, $bindings[QueueMetadataInterface::FAILOVER_EXCHANGE]);
    }

    /**
     * A payload dispatched ready-made (EventDispatcher) comes out of the resolver unchanged, even
     * for an event no async_events.xml declares, as the reference's dispatcher never looked.
     */
    public function testTheResolverPassesADispatchedPayloadThrough(): void
    {
        $payload = ['increment_id' => '000000007', 'items' => [['sku' => 'A']]];

        self::assertSame(
            $payload,
            ($this->resolver())('erp.order.exported', [EventResolver::RESOLVED_OUTPUT => $payload], 1, 'uuid')
        );
    }
}
