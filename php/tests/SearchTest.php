<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

use AsyncEvents\Client;
use AsyncEvents\Exception\ConfigException;
use AsyncEvents\Exception\ValidationException;

/**
 * Search over the attempt log through the extension: attempts recorded by a real consumer run
 * are found by Lucene queries, paged without a cap, exported as CSV, reindexed with progress,
 * and kept in step with deletions.
 */
class SearchTest extends TestCase
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

    /**
     * Orders to a receiver that accepts them and customers to one that fails (each failure is
     * retried once: max_deaths 1), all delivered or dead-lettered.
     *
     * @return array{orders: int, customers: int, subscription: int} the orders' subscription id
     */
    private function deliver(int $orders, int $customers): array
    {
        $ok = $this->subscribe('sales.order.created', $this->receiver->baseUrl . '/ok/orders');
        $this->subscribe('customer.created', $this->receiver->baseUrl . '/fail/customers');
        for ($i = 1; $i <= $orders; $i++) {
            $email = $i % 3 === 0 ? 'roni_cost@example.com' : "customer$i@example.com";
            $this->client->publish('sales.order.created', ['increment_id' => sprintf('CK%06d', $i), 'customer_email' => $email, 'grand_total' => 10.5 * $i], 1);
        }
        for ($i = 1; $i <= $customers; $i++) {
            $this->client->publish('customer.created', ['customer_email' => "new$i@example.com", 'firstname' => 'Veronica'], 1);
        }
        $this->consumer()->run(fn (string $event, array $arguments): array => $arguments, ['drain' => true]);
        return ['orders' => $orders, 'customers' => $customers, 'subscription' => $ok['subscription_id']];
    }

    public function testTheIssueExamplesFindTheRecordedAttemptsNewestFirst(): void
    {
        $this->deliver(9, 2);

        $roni = $this->client->search('data.data.customer_email: roni_cost@example.com');
        self::assertSame(3, $roni['total_count']);
        self::assertCount(3, $roni['items']);
        $ids = array_column($roni['items'], 'log_id');
        $sorted = $ids;
        rsort($sorted);
        self::assertSame($sorted, $ids, 'newest first');
        $first = $roni['items'][0];
        self::assertSame('sales.order.created', $first['event_name']);
        self::assertTrue($first['success']);
        self::assertSame(200, $first['http_status']);
        self::assertSame('roni_cost@example.com', json_decode($first['payload'], true)['customer_email']);

        // Each customer event failed twice (the first attempt and one retry).
        $failed = $this->client->search('event_name: customer.* AND success: false');
        self::assertSame(4, $failed['total_count']);
        self::assertSame(['retry', 'retry', 'publish', 'publish'], array_column($failed['items'], 'trigger'));
        self::assertSame(9, $this->client->search('data.data.increment_id: CK* AND success: true')['total_count']);
        self::assertSame(13, $this->client->search('*.created')['total_count']);
        self::assertSame(0, $this->client->search('data.data.increment_id: CK* AND success: false')['total_count']);

        $oldest = $this->client->search('data.data.customer_email: roni_cost@example.com', 1, 0, 'oldest');
        self::assertSame(min($ids), $oldest['items'][0]['log_id']);
    }

    public function testPagesHaveNoCapOf100AndZeroGivesTheCountOnly(): void
    {
        $this->deliver(130, 0);

        $page = $this->client->search('*:*', 120);
        self::assertSame(130, $page['total_count']);
        self::assertCount(120, $page['items']);
        $rest = $this->client->search('*:*', 120, 120);
        self::assertCount(10, $rest['items']);
        self::assertSame([], array_intersect(array_column($page['items'], 'log_id'), array_column($rest['items'], 'log_id')));
        $count = $this->client->search('success:true', 0);
        self::assertSame(['items' => [], 'total_count' => 130], $count);
    }

    public function testABadQueryIsAValidationErrorThatPointsAtThePosition(): void
    {
        try {
            $this->client->search('event_name:(a OR b');
            self::fail('a malformed query was accepted');
        } catch (ValidationException $e) {
            self::assertSame(
                "invalid search query: unbalanced parentheses: the `(` at position 11 is never closed\nevent_name:(a OR b\n           ^",
                $e->getMessage()
            );
        }
        $this->expectException(ValidationException::class);
        $this->client->search('*:*', -1);
    }

    public function testTheExportHasEveryMatchAsCsv(): void
    {
        $this->deliver(12, 1);
        $path = "{$this->dir}/export.csv";

        self::assertSame(12, $this->client->searchExport('event_name:sales.order.created', $path));
        $handle = fopen($path, 'r');
        $header = fgetcsv($handle, escape: '');
        self::assertSame(['log_id', 'uuid', 'event_name', 'subscription_id', 'store_id', 'attempt', 'trigger', 'success',
            'http_status', 'duration_ms', 'error_code', 'error', 'created', 'next_attempt_at', 'correlation_id', 'traceparent', 'response_data', 'payload'], $header);
        $rows = [];
        while (($row = fgetcsv($handle, escape: '')) !== false) {
            $rows[] = array_combine($header, $row);
        }
        fclose($handle);
        self::assertCount(12, $rows);
        $expected = array_column($this->client->search('event_name:sales.order.created', 100)['items'], 'log_id');
        self::assertSame($expected, array_map('intval', array_column($rows, 'log_id')));
        self::assertStringStartsWith('CK0000', json_decode($rows[0]['payload'], true)['increment_id']);
        self::assertSame('true', $rows[0]['success']);

        // A bad query leaves no file behind.
        unlink($path);
        try {
            $this->client->searchExport('a:', $path);
            self::fail('a malformed query was accepted');
        } catch (ValidationException) {
            self::assertFileDoesNotExist($path);
        }
    }

    public function testReindexReportsProgressAndSyncRemovesDeletedAttempts(): void
    {
        $delivered = $this->deliver(5, 1);

        $progress = [];
        self::assertSame(7, $this->client->reindex(function (int $indexed, int $total) use (&$progress): void {
            $progress[] = [$indexed, $total];
        }));
        self::assertSame([0, 7], $progress[0]);
        self::assertSame([7, 7], $progress[array_key_last($progress)]);

        // Deleting a subscription deletes its attempts; a sync takes them out of the index.
        $this->client->deleteSubscription($delivered['subscription']);
        self::assertSame(['added' => 0, 'removed' => 5], $this->client->syncSearchIndex());
        self::assertSame(2, $this->client->search('*:*')['total_count']);
        self::assertSame(['added' => 0, 'removed' => 0], $this->client->syncSearchIndex());
    }

    public function testWithIndexingOffQueriesScanTheLogAndThereIsNothingToRebuild(): void
    {
        $this->deliver(4, 1);
        $scanning = new Client($this->config + ['indexing_enabled' => false]);

        self::assertSame(2, $scanning->search('data.data.customer_email:*example.com AND NOT data.data.increment_id:CK* AND event_name:customer.*', 10)['total_count']);
        self::assertSame(
            array_column($this->client->search('*.created', 100)['items'], 'log_id'),
            array_column($scanning->search('*.created', 100)['items'], 'log_id')
        );
        $this->expectException(ConfigException::class);
        $scanning->reindex();
    }
}
