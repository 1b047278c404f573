<?php
/**
 * Tests of the async_events.xml reader, converter and cached data.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\Config;

use MageOS\AsyncEvents\Model\Config;
use MageOS\AsyncEvents\Model\Config\Converter;
use MageOS\AsyncEvents\Model\Config\Data;
use MageOS\AsyncEvents\Model\Config\Reader;
use MageOS\AsyncEvents\Model\Config\SchemaLocator;
use MageOS\AsyncEvents\Test\Unit\Fake\ArrayCache;
use MageOS\AsyncEvents\Test\Unit\Fake\FileResolver;
use MageOS\AsyncEvents\Test\Unit\Fake\ValidationState;
use MageOS\AsyncEvents\Test\Unit\Fixtures\OrderService;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Module\Dir\Reader as ModuleDirReader;

/**
 * Every module's file is merged, names are lower-cased, bad names are refused, results are cached.
 */
class ReaderTest extends TestCase
{
    /**
     * Events are read with lower cased names services and resources.
     */
    public function testEventsAreReadWithLowerCasedNamesServicesAndResources(): void
    {
        $config = $this->eventsConfig();
        self::assertSame(['test.broken', 'test.customer.saved', 'test.order.created'], $config->getEventNames());
        self::assertSame([
            'class' => OrderService::class,
            'method' => 'getOrder',
            'resources' => ['Magento_Sales::sales', 'Magento_Sales::actions_view'],
        ], $config->getEvent('TEST.order.Created'));
        self::assertSame(OrderService::class, $config->getEvent('test.customer.saved')['class'], 'leading \\ removed');
        self::assertNull($config->getEvent('test.unknown'));
        self::assertSame([], $config->get('test.unknown'));
        self::assertTrue($config->isDefined('Test.Order.Created'));
    }

    /**
     * A later module overrides an event.
     */
    public function testALaterModuleOverridesAnEvent(): void
    {
        $config = $this->eventsConfig(['async_events.xml', 'async_events_override.xml']);
        self::assertSame('getCustomer', $config->getEvent('test.customer.saved')['method']);
        self::assertSame(['Magento_Customer::manage'], $config->getEvent('test.customer.saved')['resources']);
        self::assertSame('getOrder', $config->getEvent('test.order.created')['method']);
    }

    /**
     * The schema refuses bad event names.
     */
    public function testTheSchemaRefusesBadEventNames(): void
    {
        $file = $this->dir . '/async_events.xml';
        file_put_contents($file, str_replace(
            'name="test.broken"',
            'name="test broken!"',
            (string)file_get_contents(__DIR__ . '/../../_files/async_events.xml')
        ));
        $reader = new Reader(
            new FileResolver([$file]),
            new Converter(),
            new SchemaLocator(new ModuleDirReader(['MageOS_AsyncEvents' => dirname(__DIR__, 4)])),
            new ValidationState()
        );
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('Invalid XML in file');
        $reader->read();
    }

    /**
     * The converter refuses bad names even without validation.
     */
    public function testTheConverterRefusesBadNamesEvenWithoutValidation(): void
    {
        $dom = new \DOMDocument();
        $dom->loadXML('<config><async_event name="a b"><service class="X" method="y"/></async_event></config>');
        $this->expectException(\InvalidArgumentException::class);
        $this->expectExceptionMessage('may only contain [a-zA-Z0-9._-]');
        (new Converter())->convert($dom);
    }

    /**
     * The schema locator points at the modules xsd.
     */
    public function testTheSchemaLocatorPointsAtTheModulesXsd(): void
    {
        $locator = new SchemaLocator(new ModuleDirReader(['MageOS_AsyncEvents' => '/m']));
        self::assertSame('/m/etc/async_events.xsd', $locator->getSchema());
        self::assertSame('/m/etc/async_events.xsd', $locator->getPerFileSchema());
        self::assertFileExists(dirname(__DIR__, 4) . '/etc/async_events.xsd');
    }

    /**
     * The merged configuration is cached.
     */
    public function testTheMergedConfigurationIsCached(): void
    {
        $cache = new ArrayCache();
        $reader = new Reader(
            new FileResolver([__DIR__ . '/../../_files/async_events.xml']),
            new Converter(),
            new SchemaLocator(new ModuleDirReader(['MageOS_AsyncEvents' => dirname(__DIR__, 4)])),
            new ValidationState()
        );
        new Data($reader, $cache);
        self::assertArrayHasKey(Data::CACHE_ID, $cache->entries);

        // A second instance reads the cache, not the files.
        $emptyReader = new Reader(
            new FileResolver([]),
            new Converter(),
            new SchemaLocator(new ModuleDirReader(['MageOS_AsyncEvents' => dirname(__DIR__, 4)])),
            new ValidationState()
        );
        $config = new Config(new Data($emptyReader, $cache));
        self::assertTrue($config->isDefined('test.order.created'));
    }
}
