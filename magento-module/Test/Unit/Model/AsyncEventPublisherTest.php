<?php
/**
 * Tests of the publisher: what an observer calls.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model;

use MageOS\AsyncEvents\Api\AsyncEventPublisherInterface;
use MageOS\AsyncEvents\Model\AsyncEventPublisher;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Model\Extension\ConfigProvider;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\Exception\LocalizedException;

/**
 * Publishing goes through the extension into the store's queue, with the store id as an int.
 */
class AsyncEventPublisherTest extends TestCase
{
    /**
     * It implements the service contract with the reference signature.
     */
    public function testItImplementsTheServiceContractWithTheReferenceSignature(): void
    {
        $method = new \ReflectionMethod(AsyncEventPublisher::class, 'publish');
        self::assertTrue(is_subclass_of(AsyncEventPublisher::class, AsyncEventPublisherInterface::class));
        self::assertSame(['eventName', 'data', 'storeId'], array_map(fn ($p) => $p->getName(), $method->getParameters()));
        self::assertNull($method->getParameters()[2]->getType(), 'storeId stays untyped, as in mageos-async-events');
        self::assertSame(0, $method->getParameters()[2]->getDefaultValue());
    }

    /**
     * Published events reach the consumer with their arguments and store.
     */
    public function testPublishedEventsReachTheConsumerWithTheirArgumentsAndStore(): void
    {
        // The engine only resolves events somebody subscribed to.
        $this->client()->createSubscription([
            'event_name' => 'test.order.created', 'recipient_url' => 'http://127.0.0.1:9/hook', 'verification_token' => 't',
        ]);
        $publisher = new AsyncEventPublisher($this->clientProvider());
        $publisher->publish('test.order.created', ['orderId' => 42, 'withItems' => true], '3');
        $publisher->publish('test.order.created', ['orderId' => 43]);

        $seen = [];
        $stats = $this->clientProvider()->createConsumer()->run(
            function (string $event, array $arguments, int $storeId, string $uuid) use (&$seen) {
                $seen[] = [$event, $arguments, $storeId];
                return [];
            },
            ['max_messages' => 2, 'idle_timeout' => 5.0]
        );

        self::assertSame(2, $stats['messages']);
        self::assertSame([
            ['test.order.created', ['orderId' => 42, 'withItems' => true], 3],
            ['test.order.created', ['orderId' => 43], 0],
        ], $seen);
    }

    /**
     * A refused event is a localized exception naming it.
     */
    public function testARefusedEventIsALocalizedExceptionNamingIt(): void
    {
        $publisher = new AsyncEventPublisher($this->clientProvider());
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('The asynchronous event "" could not be published');
        $publisher->publish('', []);
    }

    /**
     * Unusable settings are a localized exception.
     */
    public function testUnusableSettingsAreALocalizedException(): void
    {
        $this->env['async_events'] = ['store_dsn' => 'bogus'];
        $publisher = new AsyncEventPublisher(new ClientProvider(new ConfigProvider($this->connectionDsn(), $this->scopeConfig)));
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('async_events: ');
        $publisher->publish('test.order.created', ['orderId' => 1]);
    }
}
