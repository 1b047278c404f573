<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

use AsyncEvents\Exception\AsyncEventsException;
use AsyncEvents\Exception\ConfigException;
use AsyncEvents\Exception\ValidationException;

class PublishTest extends TestCase
{
    public function testPublishReturnsAVersion7UuidAndQueuesTheEvent(): void
    {
        $uuid = $this->client->publish('sales.order.created', ['orderId' => 42], 1);
        self::assertMatchesRegularExpression('/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/', $uuid);

        [$body] = $this->storeColumn('SELECT body FROM async_event_queue');
        $envelope = json_decode($body, true);
        self::assertSame($uuid, $envelope['uuid']);
        self::assertSame('sales.order.created', $envelope['event_name']);
        self::assertSame(1, $envelope['store_id']);
        self::assertSame(['orderId' => 42], $envelope['arguments']);
    }

    public function testBatchPublishesAllInOrder(): void
    {
        $uuids = $this->client->publishBatch([
            ['event_name' => 'a.one', 'arguments' => ['n' => 1]],
            ['event_name' => 'a.two', 'arguments' => ['n' => 2], 'store_id' => 3, 'priority' => 5],
        ]);
        self::assertCount(2, $uuids);
        self::assertSame($uuids, $this->storeColumn('SELECT uuid FROM async_event_queue ORDER BY message_id'));
    }

    public function testArgumentsAreQueuedAsPhpOrdersThemAsJsonEncodeWouldWriteThem(): void
    {
        $arguments = ['order' => ['z' => 1, 'a' => [3, 2]], 'customer' => 'b', 'id' => 7];
        $this->client->publish('a.single', $arguments);
        $this->client->publishBatch([
            ['event_name' => 'a.batched', 'arguments' => $arguments],
            ['event_name' => 'a.none'],
            ['event_name' => 'a.null', 'arguments' => null],
        ]);
        $queued = array_map(
            fn (string $body) => json_decode($body, false, 512, JSON_THROW_ON_ERROR)->arguments,
            $this->storeColumn('SELECT body FROM async_event_queue ORDER BY message_id'),
        );
        $written = array_map(fn ($value) => json_encode($value), $queued);
        self::assertSame([json_encode($arguments), json_encode($arguments), '[]', '[]'], $written);
    }

    public function testABatchWithOneBadEventPublishesNothing(): void
    {
        try {
            $this->client->publishBatch([['event_name' => 'good'], ['event_name' => 'bad name']]);
            self::fail('a bad event name must be refused');
        } catch (ValidationException $e) {
            self::assertStringContainsString("'bad name'", $e->getMessage());
        }
        self::assertSame([0], $this->storeColumn('SELECT COUNT(*) FROM async_event_queue'));
    }

    /** @return iterable<string, array{callable(\AsyncEvents\Client): mixed, string}> */
    public static function badCalls(): iterable
    {
        yield 'empty event name' => [fn ($c) => $c->publish('', []), 'empty'];
        yield 'object in arguments' => [fn ($c) => $c->publish('a.b', ['order' => new \stdClass()]), "\$arguments['order'] is of type"];
        yield 'NAN in arguments' => [fn ($c) => $c->publish('a.b', ['x' => [NAN]]), "\$arguments['x'][0] is NaN"];
        $nested = [];
        for ($i = 0; $i < 200; $i++) {
            $nested = [$nested];
        }
        yield 'arguments nested too deep' => [fn ($c) => $c->publish('a.b', ['x' => $nested]), "\$arguments['x'][0][0]"];
        yield 'unknown option' => [fn ($c) => $c->publish('a.b', [], 0, ['priorty' => 1]), 'priorty'];
        yield 'priority out of range' => [fn ($c) => $c->publish('a.b', [], 0, ['priority' => 10]), 'priority 10'];
        yield 'negative store id' => [fn ($c) => $c->publish('a.b', [], -1), 'store id -1'];
        yield 'bad traceparent' => [fn ($c) => $c->publish('a.b', [], 0, ['traceparent' => 'nope']), 'traceparent'];
        yield 'bad uuid' => [fn ($c) => $c->trace('not-a-uuid'), 'not a uuid'];
        yield 'unknown dead-letter kind' => [fn ($c) => $c->deadLetters('poison'), "'poison'"];
    }

    /** @dataProvider badCalls */
    public function testBadArgumentsRaiseATypedException(callable $call, string $expected): void
    {
        try {
            $call($this->client);
            self::fail('expected a ValidationException');
        } catch (ValidationException $e) {
            self::assertInstanceOf(AsyncEventsException::class, $e);
            self::assertInstanceOf(\RuntimeException::class, $e);
            self::assertStringContainsString($expected, $e->getMessage());
        }
    }

    public function testWrongPhpTypesRaiseTypeError(): void
    {
        $this->expectException(\TypeError::class);
        $this->client->publish('a.b', 'not an array');
    }

    public function testBadConfigurationRaisesConfigException(): void
    {
        $this->expectException(ConfigException::class);
        $this->expectExceptionMessage('max_deth');
        new \AsyncEvents\Client(['store_dsn' => "sqlite://{$this->dir}/x.sqlite", 'max_deth' => 3]);
    }
}
