<?php
/**
 * Entry points of mageos-async-events 4.x that other modules call to publish: EventDispatcher,
 * AsyncEventTriggerHandler (the handler of the reference's event.trigger messages), and Magento's
 * publisher for the topic event.trigger.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Compatibility;

use MageOS\AsyncEvents\Model\AsyncEventPublisher;
use MageOS\AsyncEvents\Model\AsyncEventTriggerHandler;
use MageOS\AsyncEvents\Model\Resolver\EventResolver;
use MageOS\AsyncEvents\Plugin\TriggerTopicPublisher;
use MageOS\AsyncEvents\Service\AsyncEvent\EventDispatcher;
use MageOS\AsyncEvents\Test\Unit\Fake\Logger;
use MageOS\AsyncEvents\Test\Unit\Fake\PdoAdapter;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\MessageQueue\PublisherInterface;
use Magento\Framework\Serialize\Serializer\Json;

/**
 * Each publishes through the extension what the reference published, and the trigger consumer reads it.
 */
class ReferenceEntryPointsTest extends TestCase
{
    /**
     * The module's publisher over the test's store (outside any transaction).
     *
     * @return AsyncEventPublisher
     */
    private function publisher(): AsyncEventPublisher
    {
        return new AsyncEventPublisher($this->clientProvider(), new ResourceConnection(PdoAdapter::sqlite(), ''), $this->connectionDsn());
    }

    /**
     * Subscribe to $eventName in every store, then run the trigger consumer until the queue is empty.
     *
     * @param string $eventName
     * @param callable(): void $publish
     * @return array<int, array{0: string, 1: array, 2: int}> the events the resolver saw
     */
    private function consumeAfter(string $eventName, callable $publish): array
    {
        $this->client()->createSubscription([
            'event_name' => $eventName, 'recipient_url' => 'http://127.0.0.1:9/hook', 'verification_token' => 't',
        ]);
        $publish();
        $seen = [];
        $this->clientProvider()->createConsumer()->run(
            function (string $event, array $arguments, int $storeId) use (&$seen) {
                $seen[] = [$event, $arguments, $storeId];
                return [];
            },
            ['max_messages' => 1, 'idle_timeout' => 2.0]
        );
        return $seen;
    }

    /**
     * A ready payload is published under the resolver's pass-through key, with its store.
     */
    public function testEventDispatcherPublishesTheReadyPayload(): void
    {
        $payload = ['increment_id' => '000000007'];
        $seen = $this->consumeAfter('erp.order.exported', function () use ($payload) {
            (new EventDispatcher($this->publisher()))->dispatch('erp.order.exported', $payload, 2);
        });

        self::assertSame([['erp.order.exported', [EventResolver::RESOLVED_OUTPUT => $payload], 2]], $seen);
    }

    /**
     * The reference's trigger message `[name, json arguments, store]` is published as it was; a
     * message whose arguments are not JSON is logged as critical, as the reference did, and nothing
     * is thrown at the caller.
     */
    public function testTheTriggerHandlerPublishesTheReferencesMessage(): void
    {
        $logger = new Logger();
        $handler = new AsyncEventTriggerHandler($this->publisher(), new Json(), $logger);
        $seen = $this->consumeAfter('sales.order.created', function () use ($handler) {
            $handler->process(['sales.order.created', '{"orderId":42}', '3']);
            $handler->process(['sales.order.created', '{not json']);
        });

        self::assertSame([['sales.order.created', ['orderId' => 42], 3]], $seen);
        self::assertCount(1, $logger->records);
        self::assertSame('critical', $logger->records[0][0]);
        self::assertStringContainsString('sales.order.created', $logger->records[0][1]);
    }

    /**
     * What a module publishes to event.trigger with Magento's publisher (as mageos-common-async-events
     * does) goes through the extension, with the SQL queue too; other topics reach Magento's publisher.
     */
    public function testMagentosPublisherHandsEventTriggerMessagesToTheExtension(): void
    {
        $plugin = new TriggerTopicPublisher(new AsyncEventTriggerHandler($this->publisher(), new Json(), new Logger()));
        $magentos = new class implements PublisherInterface {
            /** @var array<int, array{0: string, 1: mixed}> */
            public array $published = [];

            public function publish($topicName, $data)
            {
                $this->published[] = [$topicName, $data];
                return null;
            }
        };
        $proceed = fn ($topic, $data) => $magentos->publish($topic, $data);
        $seen = $this->consumeAfter('customer.created', function () use ($plugin, $magentos, $proceed) {
            $plugin->aroundPublish($magentos, $proceed, 'event.trigger', ['customer.created', '{"customerId":7}']);
            $plugin->aroundPublish($magentos, $proceed, 'async.operations.all', ['other']);
        });

        self::assertSame([['customer.created', ['customerId' => 7], 0]], $seen);
        self::assertSame([['async.operations.all', ['other']]], $magentos->published);
        $this->expectException(\InvalidArgumentException::class);
        $plugin->aroundPublish($magentos, $proceed, 'event.trigger', ['customer.created', '{not json']);
    }
}
