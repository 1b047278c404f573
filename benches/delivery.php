<?php

declare(strict_types=1);

/**
 * Delivery throughput on the embedded default (SQLite): 1 event to 3 subscribers, every
 * attempt recorded. Our consumer against a sequential PHP loop doing what the reference
 * module does (one curl POST per subscriber in turn over a kept-alive handle, HMAC signed,
 * one log row per attempt), both posting to the same receiver (benches/sink_receiver.rs).
 * Run by scripts/bench. Prints events/s for each and the ratio.
 *
 * Our consumer serves its metrics (`metrics_listen`) meanwhile: a child process scrapes them
 * every 100 ms during the run, and again after it while the same consumer idles 2 s
 * (a run without resolver, nothing left to do); the endpoint's figures are printed beside the
 * run's own stats, and the benchmark fails if they disagree.
 */

require __DIR__ . '/lib.php';

use AsyncEvents\Client;
use AsyncEvents\Consumer;

$events = (int) ($argv[1] ?? 5000);
$dir = bench_dir();
@array_map('unlink', glob("$dir/{ours,reference}.sqlite*", GLOB_BRACE) ?: []);
$base = 'http://127.0.0.1:' . trim((string) file_get_contents(getenv('RECEIVER_PORT_FILE')));
$token = 'bench-token';
$payload = ['increment_id' => '000000001', 'customer_email' => 'roni_cost@example.com', 'items' => array_fill(0, 5, ['sku' => 'WS12-M-Orange', 'qty' => 1, 'price' => 22.0])];

// Ours.
$metricsAddress = '127.0.0.1:' . bench_free_port();
$config = ['store_dsn' => "sqlite://$dir/ours.sqlite", 'ssrf_allow' => ['127.0.0.1'], 'metrics_listen' => $metricsAddress];
$client = new Client($config);
$subscriptionIds = [];
foreach (['a', 'b', 'c'] as $name) {
    $subscriptionIds[] = $client->createSubscription(['event_name' => 'sales.order.created', 'recipient_url' => "$base/$name", 'verification_token' => $token])['subscription_id'];
}
for ($i = 0; $i < $events; $i += 500) {
    $client->publishBatch(array_fill(0, min(500, $events - $i), ['event_name' => 'sales.order.created', 'arguments' => ['id' => 1]]));
}
$consumer = new Consumer($config);
$scraper = bench_metrics_start($metricsAddress, 'delivery');
$runStarted = microtime(true);
$started = hrtime(true);
$stats = $consumer->run(fn () => $payload, ['drain' => true, 'batch_size' => 500, 'poll_interval_ms' => 5]);
$oursSeconds = (hrtime(true) - $started) / 1e9;
$runEnded = microtime(true);
// The endpoint lives as long as a run: the same consumer (the same counters) idles a moment so that it is scraped after the run
bench_wait_until_unbound($metricsAddress);
$idle = $consumer->run(null, ['idle_timeout' => 2.0]);
$scrapes = bench_metrics_stop($scraper);
if ($stats['delivered'] !== 3 * $events) {
    fwrite(STDERR, "ours delivered {$stats['delivered']} of " . (3 * $events) . "\n");
    exit(1);
}
if ($idle['attempts'] !== 0 || $idle['messages'] !== 0) {
    fwrite(STDERR, 'the idle run after ours had work: ' . json_encode($idle) . "\n");
    exit(1);
}

// The reference design: sequential, one subscriber after the other, a log row per attempt.
$pdo = new PDO("sqlite:$dir/reference.sqlite");
$pdo->exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL');
$pdo->exec('CREATE TABLE async_event_subscriber_log (log_id INTEGER PRIMARY KEY, uuid TEXT, subscription_id INT, success INT, response_data TEXT, created TEXT, serialized_data BLOB)');
$insert = $pdo->prepare('INSERT INTO async_event_subscriber_log (uuid, subscription_id, success, response_data, created, serialized_data) VALUES (?, ?, ?, ?, ?, ?)');
$curl = curl_init();
$started = hrtime(true);
for ($i = 0; $i < $events; $i++) {
    foreach (['a', 'b', 'c'] as $n => $name) {
        $uuid = bin2hex(random_bytes(16));
        $body = json_encode(['specversion' => '1.0', 'id' => $uuid, 'source' => '0', 'type' => 'sales.order.created', 'datacontenttype' => 'application/json', 'data' => $payload]);
        curl_setopt_array($curl, [CURLOPT_URL => "$base/$name", CURLOPT_POST => true, CURLOPT_POSTFIELDS => $body, CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => 15, CURLOPT_CONNECTTIMEOUT => 5,
            CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'x-magento-signature: ' . hash_hmac('sha256', $body, $token)]]);
        $response = curl_exec($curl);
        $ok = curl_getinfo($curl, CURLINFO_RESPONSE_CODE) === 200;
        $insert->execute([$uuid, $n + 1, (int) $ok, (string) $response, date('Y-m-d H:i:s'), $body]);
    }
}
$referenceSeconds = (hrtime(true) - $started) / 1e9;

$ours = $events / $oursSeconds;
$reference = $events / $referenceSeconds;
printf("Delivery, SQLite store and queue, 1 event -> 3 subscribers, %d events, every attempt recorded\n", $events);
bench_metrics_check($stats, $scrapes, $runStarted, $runEnded, array_fill(0, count($subscriptionIds), $events));
bench_row("delivery (SQLite queue, axum receiver): $events events, events/s", $ours, 'sequential PHP + curl', $reference, 'events/s', true, sprintf('ours %.0f deliveries/s', 3 * $ours));
