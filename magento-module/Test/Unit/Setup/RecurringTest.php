<?php
/**
 * Tests of the topology declaration at setup:upgrade.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Setup;

use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Setup\Recurring;
use MageOS\AsyncEvents\Test\Unit\Fake\Logger;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\Setup\ModuleContextInterface;
use Magento\Framework\Setup\SchemaSetupInterface;

/**
 * setup:upgrade declares the queue topology through the extension, and only warns when the
 * extension is not loaded yet.
 */
class RecurringTest extends TestCase
{
    /**
     * setup:upgrade's arguments; Recurring uses neither.
     *
     * @return array{0: SchemaSetupInterface, 1: ModuleContextInterface}
     */
    private function upgradeArguments(): array
    {
        return [$this->createMock(SchemaSetupInterface::class), $this->createMock(ModuleContextInterface::class)];
    }

    /**
     * The extension declares what the configured queue needs (the SQL queue: its table).
     */
    public function testTheTopologyIsDeclaredThroughTheExtension(): void
    {
        $logger = new Logger();
        (new Recurring($this->clientProvider(), $logger))->install(...$this->upgradeArguments());

        self::assertCount(1, $logger->records);
        [$level, $message, $context] = $logger->records[0];
        self::assertSame('info', $level);
        self::assertStringContainsString('topology declared', $message);
        self::assertSame(['async_event_queue'], $context['queues']);
    }

    /**
     * Without the extension, setup:upgrade goes on with a warning.
     */
    public function testAMissingExtensionOnlyWarns(): void
    {
        $provider = $this->createMock(ClientProvider::class);
        $provider->method('isExtensionLoaded')->willReturn(false);
        $provider->expects(self::never())->method('getClient');
        $logger = new Logger();

        (new Recurring($provider, $logger))->install(...$this->upgradeArguments());

        self::assertSame('warning', $logger->records[0][0]);
        self::assertStringContainsString('not loaded', $logger->records[0][1]);
    }
}
