<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

use AsyncEvents\DeadLetters;
use AsyncEvents\Exception\ValidationException;

class DeadLettersTest extends TestCase
{
    private Receiver $receiver;
    private DeadLetters $deadLetters;

    protected function setUp(): void
    {
        parent::setUp();
        $this->receiver = new Receiver();
        $this->deadLetters = new DeadLetters($this->config);
    }

    protected function tearDown(): void
    {
        $this->receiver->stop();
        parent::tearDown();
    }

    /** Dead-letters $n deliveries to a subscription answering 410, then points it at /ok. */
    private function deadLetterDeliveries(int $n): int
    {
        $id = $this->subscribe('a.b', $this->receiver->baseUrl . '/gone')['subscription_id'];
        foreach (range(1, $n) as $i) {
            $this->client->publish('a.b', ['n' => $i]);
        }
        $this->consumer()->run(fn ($event, $arguments) => $arguments, ['drain' => true]);
        self::assertSame($n, $this->client->deadLetters('delivery')['total_count']);
        $this->client->updateSubscription($id, ['recipient_url' => $this->receiver->baseUrl . '/ok', 'status' => true]);
        return $id;
    }

    public function testRetryTheOldestDeliveryAndSeeItDelivered(): void
    {
        $this->deadLetterDeliveries(3);
        $oldest = $this->client->deadLetters('delivery', 10)['items'][2]['uuid'];

        self::assertSame(1, $this->deadLetters->retry('delivery'));
        $this->consumer()->run(null, ['drain' => true]);

        self::assertSame(2, $this->client->deadLetters('delivery')['total_count']);
        $trace = $this->client->trace($oldest);
        self::assertSame('Delivered', $trace['subscriptions'][0]['status']);
        self::assertSame('replay', end($trace['attempts'])['trigger']);
    }

    public function testARetriedEventGoesBackOnTheQueue(): void
    {
        $this->subscribe('a.b', $this->receiver->baseUrl . '/ok');
        $uuid = $this->client->publish('a.b', ['n' => 1]);
        $this->consumer()->run(fn () => throw new \RuntimeException('not yet'), ['drain' => true]);
        self::assertSame(1, $this->client->deadLetters('event')['total_count']);

        self::assertSame(1, $this->deadLetters->retry('event', 10));
        $this->consumer()->run(fn ($event, $arguments) => $arguments, ['drain' => true]);

        self::assertSame(0, $this->client->deadLetters('event')['total_count']);
        self::assertSame('Delivered', $this->client->trace($uuid)['subscriptions'][0]['status']);
    }

    public function testExportWritesEveryAttributeThenEraseEmptiesTheList(): void
    {
        $this->deadLetterDeliveries(2);
        $path = "{$this->dir}/export.json";

        self::assertSame(2, $this->deadLetters->export('delivery', $path));
        $exported = json_decode((string) file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
        self::assertCount(2, $exported);
        $keys = array_keys($exported[0]);
        sort($keys);
        self::assertSame(['body', 'correlation_id', 'created', 'dead_letter_id', 'deaths', 'event_name', 'kind', 'reason', 'store_id', 'subscription_id', 'uuid'], $keys);
        $bodies = array_map(fn (array $letter) => json_decode($letter['body'], true)['n'], $exported);
        sort($bodies);
        self::assertSame([1, 2], $bodies);
        self::assertStringContainsString('410', $exported[0]['reason']);

        self::assertSame(2, $this->deadLetters->erase('delivery'));
        self::assertSame(0, $this->client->deadLetters('delivery')['total_count']);
    }

    public function testTheRetryJobWorksInBatchesOneJobAtATime(): void
    {
        $this->deadLetterDeliveries(5);
        self::assertNull($this->deadLetters->retryJob());

        $job = $this->deadLetters->startRetryJob('delivery', 2, 0);
        self::assertSame(['running', 0, 5], [$job['status'], $job['retried'], $job['total']]);
        try {
            $this->deadLetters->startRetryJob('event');
            self::fail('a second job must be refused');
        } catch (ValidationException $e) {
            self::assertStringContainsString('still running', $e->getMessage());
        }

        $progress = [];
        while (($job = $this->deadLetters->runRetryJob())['status'] === 'running') {
            $progress[] = $job['retried'];
        }
        self::assertSame([2, 4], $progress);
        self::assertSame(['finished', 5], [$job['status'], $job['retried']]);
        $this->consumer()->run(null, ['drain' => true]);
        self::assertSame(0, $this->client->deadLetters('delivery')['total_count']);
        self::assertCount(5, array_filter($this->receiver->requests(), fn ($r) => $r['path'] === '/ok'));
    }

    public function testACooldownHoldsTheNextBatchAndStopEndsTheJob(): void
    {
        $this->deadLetterDeliveries(3);
        $this->deadLetters->startRetryJob('delivery', 1, 3600);
        self::assertSame(1, $this->deadLetters->runRetryJob()['retried']);
        self::assertSame(1, $this->deadLetters->runRetryJob()['retried'], 'the cooldown holds the second batch');
        self::assertSame('stopped', $this->deadLetters->stopRetryJob()['status']);
        self::assertSame(2, $this->client->deadLetters('delivery')['total_count']);
    }
}
