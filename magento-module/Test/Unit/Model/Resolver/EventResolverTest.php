<?php
/**
 * Tests of the resolver the trigger consumer hands to the extension.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\Resolver;

use MageOS\AsyncEvents\Model\Resolver\UnknownEventException;
use MageOS\AsyncEvents\Test\Unit\Fake\ObjectManager;
use MageOS\AsyncEvents\Test\Unit\Fixtures\OrderService;
use MageOS\AsyncEvents\Test\Unit\Receiver;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\Exception\InputException;

/**
 * Arguments by parameter name in, webapi-shaped output out; unknown events and failures raise.
 */
class EventResolverTest extends TestCase
{
    /**
     * Arguments are mapped by name and the result is snake cased.
     */
    public function testArgumentsAreMappedByNameAndTheResultIsSnakeCased(): void
    {
        $payload = ($this->resolver())('test.order.created', ['withItems' => true, 'orderId' => 7], 1, 'uuid-1');
        self::assertSame(
            ['entity_id' => 7, 'increment_id' => '000000007', 'item_skus' => ['SKU-1', 'SKU-2']],
            $payload
        );
    }

    /**
     * Snake case arguments and defaults are accepted.
     */
    public function testSnakeCaseArgumentsAndDefaultsAreAccepted(): void
    {
        $payload = ($this->resolver())('Test.Order.Created', ['order_id' => 8], 0, 'uuid-2');
        self::assertSame(['entity_id' => 8, 'increment_id' => '000000008', 'item_skus' => []], $payload);
    }

    /**
     * Scalar results are returned as they are.
     */
    public function testScalarResultsAreReturnedAsTheyAre(): void
    {
        self::assertSame(
            'customer5@example.com',
            ($this->resolver())('test.customer.saved', ['customerId' => 5], 0, 'uuid-3')
        );
    }

    /**
     * Each event gets a new service instance.
     */
    public function testEachEventGetsANewServiceInstance(): void
    {
        $objectManager = new ObjectManager();
        $resolver = $this->resolver($objectManager);
        $resolver('test.order.created', ['orderId' => 1], 0, 'a');
        $resolver('test.order.created', ['orderId' => 2], 0, 'b');
        self::assertSame([OrderService::class, OrderService::class], $objectManager->created);
    }

    /**
     * An unknown event raises and names the event.
     */
    public function testAnUnknownEventRaisesAndNamesTheEvent(): void
    {
        $this->expectException(UnknownEventException::class);
        $this->expectExceptionMessage('The event "nobody.declared.this" is not declared in any async_events.xml.');
        ($this->resolver())('nobody.declared.this', [], 0, 'uuid');
    }

    /**
     * A missing required argument raises.
     */
    public function testAMissingRequiredArgumentRaises(): void
    {
        $this->expectException(InputException::class);
        $this->expectExceptionMessage('orderId');
        ($this->resolver())('test.order.created', ['withItems' => true], 0, 'uuid');
    }

    /**
     * The services exception propagates.
     */
    public function testTheServicesExceptionPropagates(): void
    {
        $this->expectException(\DomainException::class);
        $this->expectExceptionMessage('order 9 does not exist');
        ($this->resolver())('test.broken', ['orderId' => 9], 0, 'uuid');
    }

    /**
     * The extension dead letters what the resolver refuses and delivers the rest.
     */
    public function testTheExtensionDeadLettersWhatTheResolverRefusesAndDeliversTheRest(): void
    {
        $receiver = new Receiver();
        try {
            foreach (['test.order.created', 'test.broken', 'not.declared'] as $event) {
                $this->client()->createSubscription([
                    'event_name' => $event, 'recipient_url' => $receiver->baseUrl . '/hook', 'verification_token' => 'tok',
                ]);
            }
            $good = $this->client()->publish('test.order.created', ['orderId' => 3]);
            $bad = $this->client()->publish('test.broken', ['orderId' => 4]);
            $unknown = $this->client()->publish('not.declared', []);

            $stats = $this->clientProvider()->createConsumer()->run($this->resolver(), ['drain' => true]);

            self::assertSame(3, $stats['messages']);
            self::assertSame(2, $stats['events_dead_lettered']);
            self::assertSame(1, $stats['delivered']);
            $body = json_decode($receiver->requests()[0]['body'], true);
            self::assertSame($good, $body['id']);
            self::assertSame(['entity_id' => 3, 'increment_id' => '000000003', 'item_skus' => []], $body['data']);
            $reasons = array_column($this->client()->deadLetters('event')['items'], 'reason', 'uuid');
            self::assertStringContainsString('order 4 does not exist', $reasons[$bad]);
            self::assertStringContainsString('"not.declared" is not declared', $reasons[$unknown]);
        } finally {
            $receiver->stop();
        }
    }
}
