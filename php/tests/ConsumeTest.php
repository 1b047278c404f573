<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

class ConsumeTest extends TestCase
{
    private Receiver $receiver;

    protected function setUp(): void
    {
        parent::setUp();
        $this->receiver = new Receiver();
    }

    protected function tearDown(): void
    {
        $this->receiver->stop();
        parent::tearDown();
    }

    public function testAResolvedEventIsDeliveredSignedAndRecorded(): void
    {
        $this->subscribe('sales.order.created', $this->receiver->baseUrl . '/ok/orders', 'token-1');
        $uuid = $this->client->publish('sales.order.created', ['orderId' => 7], 1);

        $calls = [];
        $stats = $this->consumer()->run(function (string $event, array $arguments, int $storeId, string $id) use (&$calls): array {
            $calls[] = [$event, $arguments, $storeId, $id];
            return ['increment_id' => '00000000' . $arguments['orderId'], 'grand_total' => 12.5];
        }, ['drain' => true]);

        self::assertSame([['sales.order.created', ['orderId' => 7], 1, $uuid]], $calls);
        self::assertSame(1, $stats['delivered']);
        self::assertSame('drained', $stats['stop_reason']);

        $requests = $this->receiver->requests();
        self::assertCount(1, $requests);
        $request = $requests[0];
        $body = json_decode($request['body'], true);
        $published = new \DateTimeImmutable($body['time'] ?? 'invalid');
        self::assertLessThan(60, abs(time() - $published->getTimestamp()), 'time: when it was published');
        self::assertSame(['specversion' => '1.0', 'id' => $uuid, 'source' => '1', 'type' => 'sales.order.created',
            'datacontenttype' => 'application/json', 'time' => $body['time'], 'correlationid' => $uuid,
            'data' => ['increment_id' => '000000007', 'grand_total' => 12.5]], $body);
        // The payload keeps the resolver's key order (for this ASCII payload, json_encode()'s bytes).
        self::assertStringEndsWith('"data":' . json_encode(['increment_id' => '000000007', 'grand_total' => 12.5]) . '}', $request['body']);
        self::assertSame(hash_hmac('sha256', $request['body'], 'token-1'), $request['headers']['x-magento-signature']);
        self::assertSame($uuid, $request['headers']['webhook-id']);
        $signed = $uuid . '.' . $request['headers']['webhook-timestamp'] . '.' . $request['body'];
        self::assertSame('v1,' . base64_encode(hash_hmac('sha256', $signed, 'token-1', true)), $request['headers']['webhook-signature']);

        $trace = $this->client->trace($uuid);
        self::assertSame('Delivered', $trace['subscriptions'][0]['status']);
        self::assertSame(200, $trace['attempts'][0]['http_status']);
        self::assertSame(['grand_total' => 12.5, 'increment_id' => '000000007'], $trace['payload']);
    }

    public function testANotifierServesTheSinksTheCoreHasNotBuiltIn(): void
    {
        $config = array_replace($this->config, ['sinks' => ['eventbridge'], 'max_deaths' => 0]);
        $client = new \AsyncEvents\Client($config);
        $client->createSubscription([
            'event_name' => 'sales.order.created', 'recipient_url' => $this->receiver->baseUrl . '/bus',
            'verification_token' => 't', 'metadata' => 'eventbridge',
        ]);
        $delivered = $client->publish('sales.order.created', ['orderId' => 1], 4);
        $refused = $client->publish('sales.order.created', ['orderId' => 2]);
        $odd = $client->publish('sales.order.created', ['orderId' => 3]);

        $calls = [];
        $stats = (new \AsyncEvents\Consumer($config))->run(
            fn (string $event, array $arguments): array => $arguments,
            ['drain' => true],
            function (array $delivery) use (&$calls) {
                $calls[] = $delivery;
                return match ($delivery['event']['data']['orderId']) {
                    1 => ['success' => true, 'response_data' => 'accepted'],
                    2 => ['success' => false, 'response_data' => 'AccessDenied', 'retryable' => false],
                    3 => 'yes',
                };
            }
        );

        self::assertSame([1, 2], [$stats['delivered'], $stats['deliveries_dead_lettered']]);
        self::assertCount(3, $calls);
        self::assertSame([$delivered, 'eventbridge', 4, 1], [$calls[0]['uuid'], $calls[0]['metadata'], $calls[0]['store_id'], $calls[0]['attempt']]);
        self::assertSame($calls[0]['event'], json_decode($calls[0]['body'], true));
        self::assertSame([], $this->receiver->requests(), 'no HTTP request for the notifier\'s sink');
        self::assertSame('accepted', $client->trace($delivered)['attempts'][0]['response_data']);
        self::assertSame('E_NOTIFIER', $client->trace($refused)['attempts'][0]['error_code']);
        self::assertStringContainsString("instead of an array with a boolean 'success'", $client->trace($odd)['attempts'][0]['response_data']);
    }

    public function testAResolverExceptionDeadLettersTheEventAndTheRunGoesOn(): void
    {
        $this->subscribe('sales.order.created', $this->receiver->baseUrl . '/ok/orders');
        $bad = $this->client->publish('sales.order.created', ['orderId' => 1]);
        $good = $this->client->publish('sales.order.created', ['orderId' => 2]);

        $stats = $this->consumer()->run(function (string $event, array $arguments): array {
            if ($arguments['orderId'] === 1) {
                throw new \DomainException('order 1 does not exist');
            }
            return $arguments;
        }, ['drain' => true]);

        self::assertSame(2, $stats['messages']);
        self::assertSame(1, $stats['events_dead_lettered']);
        self::assertSame(1, $stats['delivered']);
        $dead = $this->client->deadLetters('event');
        self::assertSame(1, $dead['total_count']);
        self::assertSame($bad, $dead['items'][0]['uuid']);
        self::assertSame('the resolver failed: DomainException: order 1 does not exist', $dead['items'][0]['reason']);
        self::assertSame($good, json_decode($this->receiver->requests()[0]['body'], true)['id']);
    }

    public function testPublishedFloatsReachTheResolverAsTheSameDoubles(): void
    {
        $this->subscribe('a.b', $this->receiver->baseUrl . '/ok');
        $floats = [1 / 11, 2 / 13, 1.5e-30, 0.1, 1.0, 1e300];
        $this->client->publish('a.b', ['floats' => $floats]);
        $seen = null;
        $this->consumer()->run(function (string $event, array $arguments) use (&$seen): array {
            $seen = $arguments['floats'];
            return ['floats' => $arguments['floats']];
        }, ['drain' => true]);
        self::assertSame($floats, $seen);
        self::assertSame($floats, json_decode($this->receiver->requests()[0]['body'], true)['data']['floats']);
    }

    public function testAResolverReturningAnObjectDeadLettersTheEvent(): void
    {
        $this->subscribe('a.b', $this->receiver->baseUrl . '/ok');
        $this->client->publish('a.b', []);
        $stats = $this->consumer()->run(fn () => ['order' => ['items' => [1, new \stdClass()]]], ['drain' => true]);
        self::assertSame(1, $stats['events_dead_lettered']);
        // The reason names where the object is.
        self::assertStringContainsString("the resolver's result['order']['items'][1] is of type", $this->client->deadLetters('event')['items'][0]['reason']);
    }

    public function testAFailingSubscriberIsRetriedThenDeadLetteredAndCanBeReplayed(): void
    {
        $failing = $this->subscribe('a.b', $this->receiver->baseUrl . '/fail')['subscription_id'];
        $this->subscribe('a.b', $this->receiver->baseUrl . '/ok');
        $uuid = $this->client->publish('a.b', ['x' => 1]);

        $stats = $this->consumer()->run(fn ($event, $arguments) => $arguments, ['drain' => true, 'poll_interval_ms' => 20]);

        // max_deaths 1: two attempts to the failing one, one to the healthy one.
        self::assertSame(3, $stats['attempts']);
        self::assertSame(1, $stats['deliveries_dead_lettered']);
        $paths = array_column($this->receiver->requests(), 'path');
        sort($paths);
        self::assertSame(['/fail', '/fail', '/ok'], $paths);
        $statuses = array_column($this->client->trace($uuid)['subscriptions'], 'status', 'subscription_id');
        self::assertSame('Dead Lettered', $statuses[$failing]);

        self::assertSame(1, $this->client->replay($uuid, $failing));
        $this->consumer()->run(null, ['drain' => true, 'poll_interval_ms' => 20]);
        $trace = $this->client->trace($uuid);
        self::assertContains('replay', array_column($trace['attempts'], 'trigger'));
        self::assertCount(5, $this->receiver->requests());
    }

    public function testTheRetryConsumerWithoutResolverLeavesPublishedEventsAlone(): void
    {
        $this->subscribe('a.b', $this->receiver->baseUrl . '/ok');
        $this->client->publish('a.b', []);
        $stats = $this->consumer()->run(null, ['idle_timeout' => 0.2]);
        self::assertSame(0, $stats['messages']);
        self::assertSame('idle_timeout', $stats['stop_reason']);
        self::assertSame([], $this->receiver->requests());
    }

    public function testMaxMessagesStopsAfterThatManyEvents(): void
    {
        $this->subscribe('a.b', $this->receiver->baseUrl . '/ok');
        foreach (range(1, 5) as $n) {
            $this->client->publish('a.b', ['n' => $n]);
        }
        $stats = $this->consumer()->run(fn ($e, $a) => $a, ['max_messages' => 3, 'batch_size' => 2]);
        self::assertSame(3, $stats['messages']);
        self::assertSame(3, $stats['delivered']);
        self::assertSame('max_messages', $stats['stop_reason']);
    }

    public function testBadRunOptionsRaiseAValidationException(): void
    {
        $this->expectException(\AsyncEvents\Exception\ValidationException::class);
        $this->expectExceptionMessage('max_mesages');
        $this->consumer()->run(null, ['max_mesages' => 1]);
    }
}
