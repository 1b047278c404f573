<?php

declare(strict_types=1);

/**
 * Memory of a consumer over many deliveries, RabbitMQ as the queue (store: BENCH_STORE_DSN or
 * SQLite), 1 event to 3 subscribers, receiver benches/sink_receiver.rs (it counts what
 * arrives). The parent samples the consumer's VmRSS, RssAnon (heap and stacks, without the
 * mapped files SQLite and the libraries bring) and VmHWM from /proc every 0.2 s and keeps one
 * sample per tenth of the deliveries: the peak, and whether RSS grows from the first tenth to
 * the end. Ours over EVENTS events, the reference consumer over REF_EVENTS
 * (it is slower; PHP's memory does not depend on the count). Usage:
 * php rss.php [EVENTS=100000] [REF_EVENTS=10000] (1 000 000 deliveries = 333 334 events).
 * Environment: RECEIVER_BIN, ASYNC_EVENTS_EXTENSION.
 */

require __DIR__ . '/lib.php';

use AsyncEvents\Client;
use PhpAmqpLib\Message\AMQPMessage;

$events = (int) ($argv[1] ?? 100000);
$referenceEvents = (int) ($argv[2] ?? 10000);
$dir = bench_dir();

$portFile = "$dir/rss-receiver.port";
@unlink($portFile);
$receiver = proc_open([getenv('RECEIVER_BIN'), $portFile], bench_descriptors("$dir/rss-receiver.out"), $pipes);
register_shutdown_function(function () use ($receiver) {
    try {
        proc_terminate($receiver);
    } catch (\Throwable) {
    }
});
for ($i = 0; $i < 100 && !@filesize($portFile); $i++) {
    usleep(50_000);
}
$base = 'http://127.0.0.1:' . trim((string) file_get_contents($portFile));

/**
 * Follows a consumer child until it exits: returns [peak VmHWM KiB, samples [deliveries => [VmRSS KiB,
 * RssAnon KiB]], deliveries/s over the run].
 */
function follow(array $child, string $base, int $deliveries): array
{
    [$process, $pid] = $child;
    $step = max(1, intdiv($deliveries, 10));
    $samples = [];
    $peak = 0;
    $started = microtime(true);
    $last = 0;
    while (proc_get_status($process)['running']) {
        usleep(200_000);
        $rss = bench_proc_kib($pid);
        $peak = max($peak, bench_proc_kib($pid, 'VmHWM'));
        $received = bench_received($base);
        if ($rss > 0 && $received >= (count($samples) + 1) * $step) {
            $samples[$received] = [$rss, bench_proc_kib($pid, 'RssAnon')];
        }
        if ($received > $last) {
            $last = $received;
            $finished = microtime(true);
        }
    }
    return [$peak, $samples, $last / (($finished ?? microtime(true)) - $started)];
}

function describe(string $who, array $samples): string
{
    return "$who: " . implode(', ', array_map(fn ($d, $kib) => sprintf('%d: %.1f/%.1f', $d, $kib[0] / 1024, $kib[1] / 1024), array_keys($samples), $samples)) . ' (deliveries: RSS/anonymous MiB)';
}

/** RSS ($kind 0) or anonymous RSS ($kind 1) at the end minus at the first sample, MiB. */
function growth(array $samples, int $kind): float
{
    return $samples === [] ? 0.0 : (end($samples)[$kind] - reset($samples)[$kind]) / 1024;
}

// The reference consumer first: it is the shorter run, and php-amqplib does not reconnect
// (a broker restarted by tests elsewhere ends it; scripts/bench then runs the part again).
$referenceQueue = bench_queue('rss.ref');
$connection = bench_amqplib();
$channel = $connection->channel();
$channel->queue_declare($referenceQueue, false, true, false, false);
$channel->confirm_select();
for ($i = 0; $i < $referenceEvents; $i++) {
    $channel->batch_basic_publish(new AMQPMessage(json_encode(['sales.order.created', json_encode(['id' => $i]), '0']), ['delivery_mode' => 2]), '', $referenceQueue);
    if ($i % 100 === 99 || $i === $referenceEvents - 1) {
        $channel->publish_batch();
        $channel->wait_for_pending_acks(10);
    }
}
$connection->close();
file_get_contents("$base/reset");
$child = bench_spawn('reference_consumer.php', [$referenceQueue, $referenceEvents, $base, 'rss-reference'], "$dir/rss-reference.json");
[$referencePeak, $referenceSamples, $referenceRate] = follow($child, $base, 3 * $referenceEvents);
$reference = bench_wait($child, "$dir/rss-reference.json");
printf("Consumer memory, RabbitMQ as the queue, 1 event -> 3 subscribers\n  %s\n", describe('reference', $referenceSamples));

// Ours.
$queue = bench_queue('rss');
$storeDsn = bench_store_dsn('rss-ours');
$client = new Client(bench_config($storeDsn, $queue));
$ids = bench_subscribe($client, $base);
for ($i = 0; $i < $events; $i += 500) {
    $client->publishBatch(array_fill(0, min(500, $events - $i), ['event_name' => 'sales.order.created', 'arguments' => ['id' => $i]]));
}
file_get_contents("$base/reset");
$child = bench_spawn('our_consumer.php', [$storeDsn, $queue, $events], "$dir/rss-ours.json");
[$oursPeak, $oursSamples, $oursRate] = follow($child, $base, 3 * $events);
$ours = bench_wait($child, "$dir/rss-ours.json");
printf("  %s\n", describe('ours', $oursSamples));
bench_unsubscribe($client, $ids);

proc_terminate($receiver);
proc_close($receiver);
bench_delete_queues($queue, $referenceQueue);

if ($ours['delivered'] < 3 * $events || $reference['delivered'] !== 3 * $referenceEvents) {
    fwrite(STDERR, "rss: ours delivered {$ours['delivered']} of " . (3 * $events) . ", the reference {$reference['delivered']} of " . (3 * $referenceEvents) . "\n");
    exit(1);
}
$counts = sprintf('ours over %d deliveries, reference over %d', 3 * $events, 3 * $referenceEvents);
bench_row('memory: consumer peak RSS (VmHWM)', max($oursPeak, $ours['peak_rss_kib']) / 1024, 'reference consumer', max($referencePeak, $reference['peak_rss_kib']) / 1024, 'MiB', false, $counts);
bench_row('memory: RSS growth from the first tenth of the deliveries to the end', growth($oursSamples, 0), 'reference consumer', growth($referenceSamples, 0), 'MiB', false, $counts);
bench_row('memory: anonymous RSS (RssAnon) growth, same span', growth($oursSamples, 1), 'reference consumer', growth($referenceSamples, 1), 'MiB', false, 'without mapped files');
bench_row('memory run: delivery throughput (receiver count / time)', $oursRate / 3, 'reference consumer', $referenceRate / 3, 'events/s', true, $counts);
