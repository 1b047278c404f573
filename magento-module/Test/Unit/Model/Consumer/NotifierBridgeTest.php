<?php
/**
 * Custom sinks written in PHP, served by the consumers through NotifierBridge.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\Consumer;

use CloudEvents\V1\CloudEventImmutable;
use MageOS\AsyncEvents\Model\CloudEvent\CloudEventConverter;
use MageOS\AsyncEvents\Model\Consumer\NotifierBridge;
use MageOS\AsyncEvents\Model\Consumer\RetryConsumer;
use MageOS\AsyncEvents\Model\Consumer\TriggerConsumer;
use MageOS\AsyncEvents\Model\Replay\EventReplayer;
use MageOS\AsyncEvents\Model\RetryHandler;
use MageOS\AsyncEvents\Service\AsyncEvent\HttpNotifier;
use MageOS\AsyncEvents\Service\AsyncEvent\NotifierFactory;
use MageOS\AsyncEvents\Service\AsyncEvent\RetryManager;
use MageOS\AsyncEvents\Test\Unit\Fake\ConsumerConfiguration;
use MageOS\AsyncEvents\Test\Unit\Fake\Logger;
use MageOS\AsyncEvents\Test\Unit\Fake\PoisonPill;
use MageOS\AsyncEvents\Test\Unit\Fixtures\ArrayNotifier;
use MageOS\AsyncEvents\Test\Unit\Fixtures\CloudEventNotifier;
use MageOS\AsyncEvents\Test\Unit\Fixtures\RecordingNotifier;
use MageOS\AsyncEvents\Test\Unit\TestCase;

/**
 * A subscription whose metadata names a notifier registered in NotifierFactory is delivered by
 * that notifier, as in mageos-async-events; its attempts are recorded and retried like HTTP ones.
 * A 4.x notifier (NotifierInterface) gets a CloudEventImmutable (the cloudevents/sdk-php stand-in
 * of Test/Unit/Stubs here), a 3.x-style one the CloudEvent as an array.
 */
class NotifierBridgeTest extends TestCase
{
    /**
     * Subscribe the notifier's sink and publish one order.
     *
     * @param RecordingNotifier $notifier
     * @return int the subscription id
     */
    private function subscribeNotifier(RecordingNotifier $notifier): int
    {
        $this->notifierFactory = new NotifierFactory(['erp' => $notifier]);
        $subscription = $this->client()->createSubscription([
            'event_name' => 'test.order.created',
            'recipient_url' => 'http://127.0.0.1:9/orders-erp',
            'verification_token' => 'bus-token',
            'metadata' => 'erp',
            'store_id' => 2,
        ]);
        $this->client()->publish('test.order.created', ['orderId' => 7], 2);
        return (int)$subscription['subscription_id'];
    }

    /**
     * A consumer as ConsumerFactory builds it, with the module's bridge.
     *
     * @param string $class TriggerConsumer or RetryConsumer
     * @return TriggerConsumer|RetryConsumer
     */
    private function consumer(string $class)
    {
        $poisonPill = new PoisonPill();
        $arguments = [
            'configuration' => new ConsumerConfiguration($class === TriggerConsumer::class ? 'event.trigger.consumer' : 'event.retry.consumer', null, 3),
            'clientProvider' => $this->clientProvider(),
            'poisonPillRead' => $poisonPill,
            'poisonPillCompare' => $poisonPill,
            'logger' => new Logger(),
            'notifierBridge' => new NotifierBridge($this->notifierFactory, new CloudEventConverter()),
        ];
        if ($class === TriggerConsumer::class) {
            $arguments['resolver'] = $this->resolver();
        }
        return new $class(...$arguments);
    }

    /**
     * The trigger consumer calls a 3.x-style notifier with the subscription and the CloudEvent as an array.
     */
    public function testTheTriggerConsumerDeliversThroughTheNotifier(): void
    {
        $notifier = new ArrayNotifier([RecordingNotifier::result(true, '{"FailedEntryCount":0}')]);
        $subscriptionId = $this->subscribeNotifier($notifier);

        $consumer = $this->consumer(TriggerConsumer::class);
        $consumer->process('1');

        self::assertSame(1, $consumer->getLastStats()['delivered']);
        self::assertCount(1, $notifier->calls);
        ['subscription' => $subscription, 'data' => $data] = $notifier->calls[0];
        self::assertSame($subscriptionId, $subscription->getSubscriptionId());
        self::assertSame('erp', $subscription->getMetadata());
        self::assertSame('http://127.0.0.1:9/orders-erp', $subscription->getRecipientUrl());
        self::assertNotSame('bus-token', $subscription->getVerificationToken(), 'sealed, as the store keeps it');
        self::assertSame('test.order.created', $data['type']);
        self::assertSame('2', $data['source']);
        self::assertSame('000000007', $data['data']['increment_id']);
        $log = $this->store()->fetchAll('SELECT uuid, success, response_data FROM async_event_subscriber_log');
        self::assertCount(1, $log);
        self::assertSame($data['id'], $log[0]['uuid']);
        self::assertSame(1, (int)$log[0]['success']);
        self::assertSame('{"FailedEntryCount":0}', $log[0]['response_data']);
    }

    /**
     * A retryable failure and an exception are retried by the retry consumer, through the notifier.
     */
    public function testFailuresAreRetriedThroughTheNotifier(): void
    {
        $notifier = new ArrayNotifier([
            RecordingNotifier::result(false, 'ThrottlingException', true),
            new \RuntimeException('the bus is unreachable'),
            RecordingNotifier::result(true, 'ok'),
        ]);
        $this->env['async_events']['max_deaths'] = 5;
        $this->subscribeNotifier($notifier);

        $this->consumer(TriggerConsumer::class)->process('1');
        $retry = $this->consumer(RetryConsumer::class);
        $retry->process('2');

        self::assertCount(3, $notifier->calls);
        self::assertSame(1, $retry->getLastStats()['delivered']);
        $log = $this->store()->fetchAll(
            'SELECT success, error_code, response_data FROM async_event_subscriber_log ORDER BY log_id'
        );
        self::assertSame(['E_NOTIFIER', 'E_NOTIFIER_EXCEPTION', null], array_column($log, 'error_code'));
        self::assertSame('ThrottlingException', $log[0]['response_data']);
        self::assertStringContainsString('RuntimeException: the bus is unreachable', $log[1]['response_data']);
    }

    /**
     * A notifier written for 4.x gets a CloudEventImmutable carrying the event's id, type, store and payload.
     */
    public function testA4xNotifierGetsTheCloudEvent(): void
    {
        $notifier = new CloudEventNotifier([RecordingNotifier::result(true, 'accepted')]);
        $subscriptionId = $this->subscribeNotifier($notifier);

        $consumer = $this->consumer(TriggerConsumer::class);
        $consumer->process('1');

        self::assertSame(1, $consumer->getLastStats()['delivered']);
        self::assertCount(1, $notifier->calls);
        ['subscription' => $subscription, 'event' => $event] = $notifier->calls[0];
        self::assertSame($subscriptionId, $subscription->getSubscriptionId());
        self::assertInstanceOf(CloudEventImmutable::class, $event);
        self::assertSame('test.order.created', $event->getType());
        self::assertSame('2', $event->getSource());
        self::assertSame('application/json', $event->getDataContentType());
        self::assertSame('000000007', $event->getData()['increment_id']);
        $log = $this->store()->fetchAll('SELECT uuid, success, response_data FROM async_event_subscriber_log');
        self::assertSame([['uuid' => $event->getId(), 'success' => 1, 'response_data' => 'accepted']], array_map(
            static fn (array $row) => ['uuid' => $row['uuid'], 'success' => (int)$row['success'], 'response_data' => $row['response_data']],
            $log
        ));
    }

    /**
     * The factory hands 4.x notifiers to create() and refuses a 3.x one there, naming it; the bridge takes both.
     */
    public function testTheFactoryTellsTheTwoKindsApart(): void
    {
        $modern = new CloudEventNotifier([]);
        $legacy = new ArrayNotifier([]);
        $factory = new NotifierFactory(['bus' => $modern, 'erp' => $legacy, 'odd' => new \stdClass()]);

        self::assertSame($modern, $factory->create('bus'));
        self::assertSame($legacy, $factory->getNotifier('erp'));
        $this->assertLocalizedException(static fn () => $factory->create('erp'), ArrayNotifier::class);
        $this->assertLocalizedException(static fn () => $factory->getNotifier('odd'), 'No notifier is registered for the sink "odd"');
        $this->assertLocalizedException(static fn () => $factory->getNotifier('nope'), 'No notifier is registered for the sink "nope"');
    }

    /**
     * Run a call that must fail with a LocalizedException whose message contains a text.
     *
     * @param callable $call
     * @param string $expected
     * @return void
     */
    private function assertLocalizedException(callable $call, string $expected): void
    {
        try {
            $call();
            self::fail('no exception');
        } catch (\Magento\Framework\Exception\LocalizedException $e) {
            self::assertStringContainsString($expected, $e->getMessage());
        }
    }
    /**
     * The reference's retry message (RetryHandler) and HttpNotifier::notify() replay a recorded
     * event to its subscription through the extension: the retry consumer delivers it again,
     * under the same uuid; an unknown uuid is logged, or a failed result.
     */
    public function testRetryHandlerAndHttpNotifierReplayThroughTheExtension(): void
    {
        $notifier = new ArrayNotifier([RecordingNotifier::result(true, 'ok')]);
        $subscriptionId = $this->subscribeNotifier($notifier);
        $this->consumer(TriggerConsumer::class)->process('1');
        $uuid = $notifier->calls[0]['data']['id'];
        $logger = new Logger();
        $replayer = new EventReplayer($this->clientProvider());

        (new RetryHandler($replayer, $logger))->process([
            RetryManager::SUBSCRIPTION_ID => $subscriptionId,
            RetryManager::DEATH_COUNT => 1,
            RetryManager::CONTENT => '{"specversion":"1.0"}',
            RetryManager::UUID => $uuid,
        ]);
        $subscription = new \MageOS\AsyncEvents\Model\AsyncEvent();
        $subscription->setSubscriptionId($subscriptionId);
        $result = (new HttpNotifier($replayer))->notify(
            $subscription,
            new CloudEventImmutable($uuid, '2', 'test.order.created', [], 'application/json')
        );
        self::assertTrue($result->getIsSuccessful(), $result->getResponseData());
        $this->consumer(RetryConsumer::class)->process('2');

        self::assertCount(3, $notifier->calls);
        self::assertSame([$uuid, $uuid], [$notifier->calls[1]['data']['id'], $notifier->calls[2]['data']['id']]);
        self::assertSame('000000007', $notifier->calls[2]['data']['data']['increment_id']);

        (new RetryHandler($replayer, $logger))->process([RetryManager::SUBSCRIPTION_ID => $subscriptionId, RetryManager::UUID => 'nope']);
        self::assertStringContainsString('Event nope cannot be replayed', json_encode($logger->records));
        $unknown = (new HttpNotifier($replayer))->notify($subscription, new CloudEventImmutable('nope', '2', 'test.order.created'));
        self::assertFalse($unknown->getIsSuccessful());
    }
}
