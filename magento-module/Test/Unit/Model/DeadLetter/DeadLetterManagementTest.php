<?php
/**
 * Tests of the dead-letter operations of the admin page and the CLI.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\DeadLetter;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use MageOS\AsyncEvents\Test\Unit\Receiver;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Exception\NoSuchEntityException;

/**
 * List, retry (replay and remove), erase and export both kinds of dead letters.
 */
class DeadLetterManagementTest extends TestCase
{
    /**
     * @var Receiver
     */
    private Receiver $receiver;

    /**
     * @inheritdoc
     */
    protected function setUp(): void
    {
        parent::setUp();
        $this->scopeConfig->values = [];
        $this->env['async_events']['max_deaths'] = 0;
        $this->receiver = new Receiver();
    }

    /**
     * @inheritdoc
     */
    protected function tearDown(): void
    {
        $this->receiver->stop();
        parent::tearDown();
    }

    /**
     * One delivery dead letter (the receiver fails) and one event dead letter (the service throws).
     *
     * @return array{delivery: string, event: string}
     */
    private function deadLetters(): array
    {
        $this->client()->createSubscription([
            'event_name' => 'test.order.created', 'recipient_url' => $this->receiver->baseUrl . '/fail', 'verification_token' => 't',
        ]);
        $this->client()->createSubscription([
            'event_name' => 'test.broken', 'recipient_url' => $this->receiver->baseUrl . '/ok', 'verification_token' => 't',
        ]);
        $delivery = $this->client()->publish('test.order.created', ['orderId' => 1]);
        $event = $this->client()->publish('test.broken', ['orderId' => 2]);
        $this->clientProvider()->createConsumer()->run($this->resolver(), ['drain' => true]);
        return ['delivery' => $delivery, 'event' => $event];
    }

    /**
     * @return DeadLetterManagement
     */
    private function management(): DeadLetterManagement
    {
        return new DeadLetterManagement($this->clientProvider(), $this->store());
    }

    /**
     * Both lists are read with paging.
     */
    public function testBothListsAreReadWithPaging(): void
    {
        $uuids = $this->deadLetters();
        $deliveries = $this->management()->getList('delivery');
        self::assertSame(1, $deliveries['total_count']);
        self::assertSame($uuids['delivery'], $deliveries['items'][0]['uuid']);
        self::assertArrayHasKey('dead_letter_id', $deliveries['items'][0]);
        self::assertSame(1, $this->management()->count('event'));
        $this->expectException(LocalizedException::class);
        $this->management()->getList('poison');
    }

    /**
     * Retry replays the delivery and removes the dead letter.
     */
    public function testRetryReplaysTheDeliveryAndRemovesTheDeadLetter(): void
    {
        $uuids = $this->deadLetters();
        $id = (int)$this->management()->getList('delivery')['items'][0]['dead_letter_id'];
        self::assertCount(1, $this->receiver->requests());

        self::assertSame(1, $this->management()->retry($id));
        self::assertSame(0, $this->management()->count('delivery'));
        $this->clientProvider()->createConsumer()->run(null, ['drain' => true]);
        $requests = $this->receiver->requests();
        self::assertCount(2, $requests);
        self::assertSame($uuids['delivery'], $requests[1]['headers']['webhook-id'], 'same event id');

        $this->expectException(NoSuchEntityException::class);
        $this->management()->retry($id);
    }

    /**
     * Retrying an event dead letter queues the event again.
     */
    public function testRetryingAnEventDeadLetterQueuesTheEventAgain(): void
    {
        $this->deadLetters();
        $result = $this->management()->retryOldest('event', null, function ($done, $total, $id, $error) use (&$seen) {
            $seen[] = [$done, $total, $error];
        });
        self::assertSame(['retried' => 1, 'failed' => 0], $result);
        self::assertSame([[1, 1, null]], $seen);
        // Still broken: the consumer dead-letters it again.
        $stats = $this->clientProvider()->createConsumer()->run($this->resolver(), ['drain' => true]);
        self::assertSame(1, $stats['events_dead_lettered']);
    }

    /**
     * Erase and export.
     */
    public function testEraseAndExport(): void
    {
        $uuids = $this->deadLetters();
        $file = $this->dir . '/export/dead-letters.json';
        self::assertSame(1, $this->management()->export('delivery', $file));
        $exported = json_decode((string)file_get_contents($file), true);
        self::assertSame($uuids['delivery'], $exported[0]['uuid']);
        self::assertSame('delivery', $exported[0]['kind']);
        self::assertArrayHasKey('reason', $exported[0]);
        self::assertIsArray($exported[0]['body'], 'the body is exported as JSON, not as a string');

        self::assertSame(1, $this->management()->erase('event'));
        self::assertSame(1, $this->management()->count('delivery'));
        self::assertSame(1, $this->management()->erase());
        self::assertSame(0, $this->management()->count('delivery'));
    }
}
