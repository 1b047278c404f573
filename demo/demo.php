<?php

declare(strict_types=1);

/**
 * The README's demo, on the embedded default (one SQLite file): a local receiver that verifies
 * both signatures; three subscriptions (healthy, always failing, slow); events published from
 * PHP; the consumer run until everything is delivered or dead-lettered; a trace, a replay,
 * and a summary. Run by scripts/demo, which builds the extension and loads it.
 */

use AsyncEvents\Client;
use AsyncEvents\Consumer;

const EVENTS = 50;
const TOKEN = 'demo-verification-token';

$dir = __DIR__ . '/../var/demo';
@array_map('unlink', glob("$dir/*") ?: []);
@mkdir($dir, 0777, true);

// 1. The receiver (Python, verifying with hmac and the standardwebhooks package).
$portFile = "$dir/receiver.port";
$python = getenv('DEMO_PYTHON') ?: 'python3';
$receiver = proc_open([$python, __DIR__ . '/receiver.py', $portFile, TOKEN], [], $pipes);
$deadline = microtime(true) + 15;
while ((!is_file($portFile) || filesize($portFile) === 0) && microtime(true) < $deadline) {
    usleep(50_000);
}
$base = 'http://127.0.0.1:' . trim((string) file_get_contents($portFile));
register_shutdown_function(fn () => proc_terminate($receiver));

$config = ['store_dsn' => "sqlite://$dir/async_events.sqlite", 'ssrf_allow' => ['127.0.0.1']];
$client = new Client($config);

// 2. Three subscriptions to one event.
$subscriptions = [];
foreach (['healthy', 'failing', 'slow'] as $kind) {
    $subscriptions[$kind] = $client->createSubscription([
        'event_name' => 'sales.order.created',
        'recipient_url' => "$base/$kind/webhook",
        'verification_token' => TOKEN,
    ])['subscription_id'];
}
printf("Receiver on %s; subscriptions: %s\n", $base, json_encode($subscriptions));

// 3. Publish from PHP, as an observer would.
$uuids = [];
$started = microtime(true);
for ($i = 1; $i <= EVENTS; $i++) {
    $uuids[] = $client->publish('sales.order.created', ['orderId' => $i], 1);
}
printf("Published %d events in %.1f ms\n", EVENTS, (microtime(true) - $started) * 1000);

// 4. Consume until drained. The resolver plays Magento's service method.
$resolver = fn (string $event, array $arguments, int $storeId, string $uuid): array => [
    'increment_id' => sprintf('%09d', $arguments['orderId']),
    'customer_email' => "customer{$arguments['orderId']}@example.com",
    'grand_total' => 10 + $arguments['orderId'] / 4,
    'store_id' => $storeId,
];
$consumer = new Consumer($config);
$totals = ['attempts' => 0, 'delivered' => 0, 'retries_scheduled' => 0, 'deliveries_dead_lettered' => 0];
echo "Consuming; the failing receiver is retried after 1, 4, 9, 16 and 25 s, then dead-lettered.\n";
$started = microtime(true);
do {
    $stats = $consumer->run($resolver, ['drain' => true, 'idle_timeout' => 3]);
    foreach ($totals as $key => $value) {
        $totals[$key] = $value + $stats[$key];
    }
    printf("  %5.1f s: %d attempts, %d delivered, %d retries scheduled, %d dead-lettered\n",
        microtime(true) - $started, $totals['attempts'], $totals['delivered'], $totals['retries_scheduled'], $totals['deliveries_dead_lettered']);
} while ($stats['stop_reason'] !== 'drained');

// 5. The trace of the first event.
$trace = $client->trace($uuids[0]);
echo "\nTrace of event {$uuids[0]} ({$trace['event_name']}):\n";
$kinds = array_flip($subscriptions);
$first = $trace['attempts'][0]['created_ms'];
foreach ($trace['attempts'] as $attempt) {
    printf("  +%6.2f s  %-8s attempt %d (%s)  %s  %s\n", ($attempt['created_ms'] - $first) / 1000, $kinds[$attempt['subscription_id']],
        $attempt['attempt'], $attempt['trigger'], $attempt['success'] ? 'ok    ' : 'FAILED', $attempt['http_status'] ?? $attempt['error_code']);
}
foreach ($trace['subscriptions'] as $s) {
    printf("  %-8s %s after %d attempt(s)\n", $kinds[$s['subscription_id']], $s['status'], $s['attempts']);
}
$failingGaps = [];
$previous = null;
foreach ($trace['attempts'] as $attempt) {
    if ($attempt['subscription_id'] === $subscriptions['failing']) {
        if ($previous !== null) {
            $failingGaps[] = round(($attempt['created_ms'] - $previous) / 1000, 1);
        }
        $previous = $attempt['created_ms'];
    }
}

// 6. Replay the first event to the healthy subscription: a new chain under the same uuid.
$client->replay($uuids[0], $subscriptions['healthy']);
$consumer->run(null, ['drain' => true]);
$replayed = array_values(array_filter($client->trace($uuids[0])['attempts'], fn ($a) => $a['trigger'] === 'replay'));

// 7. Summary, from our records and from the receiver's.
$received = json_decode((string) file_get_contents("$base/stats"), true);
$deadLetters = $client->deadLetters('delivery', 1000);
$failingAttempts = array_count_values(array_column(array_filter($client->trace($uuids[0])['attempts'],
    fn ($a) => $a['subscription_id'] === $subscriptions['failing']), 'subscription_id'));
$totalRequests = array_sum($received['requests']);
$checks = [
    'every request verified by the receiver (x-magento-signature and Standard Webhooks)' =>
        $received['magento_signature_ok'] === $totalRequests && $received['standard_webhooks_ok'] === $totalRequests && $received['rejected'] === [],
    'healthy and slow subscribers received every event' =>
        ($received['requests']['healthy'] ?? 0) === EVENTS + 1 && ($received['requests']['slow'] ?? 0) === EVENTS,
    'failing subscriber dead-lettered after exactly 1 + max_deaths (6) attempts' =>
        ($failingAttempts[$subscriptions['failing']] ?? 0) === 6 && $deadLetters['total_count'] === EVENTS,
    'back-off spacing 1, 4, 9, 16, 25 s (within 1 s)' => count($failingGaps) === 5
        && array_sum(array_map(fn ($gap, $want) => abs($gap - $want) <= 1.0 ? 1 : 0, $failingGaps, [1, 4, 9, 16, 25])) === 5,
    'replay delivered under the same uuid' => count($replayed) === 1 && $replayed[0]['success']
        && in_array($uuids[0], array_slice($received['ids']['healthy'], -1), true),
];
echo "\nSummary\n";
printf("  published events:          %d\n", EVENTS);
printf("  requests received:         %s\n", json_encode($received['requests']));
printf("  failing back-off gaps (s): %s\n", implode(', ', $failingGaps));
printf("  dead letters (delivery):   %d\n", $deadLetters['total_count']);
foreach ($checks as $what => $ok) {
    printf("  [%s] %s\n", $ok ? 'ok' : 'FAIL', $what);
}
exit(in_array(false, $checks, true) ? 1 : 0);
