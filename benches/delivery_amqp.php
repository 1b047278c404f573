<?php

declare(strict_types=1);

/**
 * Delivery with RabbitMQ as the trigger queue (store: BENCH_STORE_DSN or SQLite), 1 event to
 * 3 subscribers, every attempt recorded. Our consumer (benches/our_consumer.php) against the
 * reference design's consumer (benches/reference_consumer.php: php-amqplib prefetch 1, one
 * curl POST per subscriber in turn, a log row per attempt, then ack), same run:
 *  1. throughput to nginx answering 200 (NGINX_BASE), beside the machine's HTTP ceiling (a
 *     native reqwest client, 128 requests in flight, same bodies, same receiver);
 *  2. isolation: one of the 3 subscribers answers after 5 s (benches/sink_receiver.rs
 *     --slow); the deliveries per second the two healthy ones get;
 *  3. latency publish -> delivered (p50, p99) at a fixed offered rate, measured by the
 *     receiver from a `sent_us` argument carried in the payload.
 * Our consumer runs with the default run options (the reference with prefetch 1).
 * Usage: php delivery_amqp.php [EVENTS=3000] [ISOLATION_SECONDS=15] [LATENCY_SECONDS=10] [RATE=1000]
 * Environment: NGINX_BASE, RECEIVER_BIN, HTTP_CEILING_BIN, ASYNC_EVENTS_EXTENSION.
 */

require __DIR__ . '/lib.php';

use AsyncEvents\Client;
use PhpAmqpLib\Message\AMQPMessage;

$events = (int) ($argv[1] ?? 3000);
$isolationSeconds = (float) ($argv[2] ?? 15);
$latencySeconds = (float) ($argv[3] ?? 10);
$rate = (int) ($argv[4] ?? 1000);
$nginx = getenv('NGINX_BASE');
$dir = bench_dir();
$store = getenv('BENCH_STORE_DSN') ? 'store ' . preg_replace('#//[^@]*@#', '//', (string) getenv('BENCH_STORE_DSN')) : 'SQLite store';

/** Starts benches/sink_receiver.rs with $options; returns [process, base URL]. */
function start_receiver(array $options): array
{
    $portFile = bench_dir() . '/receiver-' . bin2hex(random_bytes(3)) . '.port';
    $process = proc_open([getenv('RECEIVER_BIN'), $portFile, ...$options], bench_descriptors(bench_dir() . '/receiver.out'), $pipes);
    register_shutdown_function(function () use ($process) {
        try {
            proc_terminate($process);
        } catch (\Throwable) {
        }
    });
    for ($i = 0; $i < 100 && !@filesize($portFile); $i++) {
        usleep(50_000);
    }
    $base = 'http://127.0.0.1:' . trim((string) file_get_contents($portFile));
    unlink($portFile);
    return [$process, $base];
}

function stop_process($process, int $signal = SIGTERM): void
{
    proc_terminate($process, $signal);
    proc_close($process);
}

/** Our client on a fresh store and queue, with the 3 subscriptions to $base. */
function ours_setup(string $name, string $queue, string $base): array
{
    $storeDsn = bench_store_dsn($name);
    $client = new Client(bench_config($storeDsn, $queue));
    return [$client, $storeDsn, bench_subscribe($client, $base)];
}

function publish_ours(Client $client, int $n): void
{
    for ($i = 0; $i < $n; $i += 100) {
        $client->publishBatch(array_map(fn ($j) => ['event_name' => 'sales.order.created', 'arguments' => ['id' => $j]], range($i, min($n, $i + 100) - 1)));
    }
}

/** Fills a reference queue (default exchange) with $n messages in the reference module's format, confirmed. */
function publish_reference(string $queue, int $n): void
{
    $connection = bench_amqplib();
    $channel = $connection->channel();
    $channel->queue_declare($queue, false, true, false, false);
    $channel->confirm_select();
    for ($i = 0; $i < $n; $i++) {
        $channel->batch_basic_publish(new AMQPMessage(json_encode(['sales.order.created', json_encode(['id' => $i]), '0']), ['delivery_mode' => 2]), '', $queue);
        if ($i % 100 === 99 || $i === $n - 1) {
            $channel->publish_batch();
            $channel->wait_for_pending_acks(10);
        }
    }
    $connection->close();
}

/** Waits until the healthy paths have $target deliveries or $seconds pass; returns [deliveries, seconds]. */
function watch_healthy(string $base, int $target, float $seconds, float $started): array
{
    do {
        usleep(100_000);
        $healthy = bench_received($base, ['a', 'b']);
        $elapsed = microtime(true) - $started;
    } while ($healthy < $target && $elapsed < $seconds);
    return [$healthy, $elapsed];
}

// 1. Throughput to nginx, and the machine's HTTP ceiling.
printf("Delivery with RabbitMQ as the queue, %s, 1 event -> 3 subscribers, every attempt recorded\n", $store);
$queue = bench_queue('deliver');
[$client, $storeDsn, $ids] = ours_setup('amqp-ours', $queue, $nginx);
publish_ours($client, $events);
$usageBefore = bench_children_usage();
$child = bench_spawn('our_consumer.php', [$storeDsn, $queue, $events], "$dir/ours.json");
// BENCH_PERF=1 profiles our consumer's process; BENCH_PERF=system the whole machine while it
// runs (the broker, nginx and the store's server take their share of the two cores too).
// `perf record -p` follows only the threads there when it attaches: it waits until the run
// is consuming (lapin's I/O thread is the last to start; the store's and the runtime's come
// before it), and unwinds with DWARF (glibc and a release build have no frame pointers).
$perfSystem = getenv('BENCH_PERF') === 'system';
if (getenv('BENCH_PERF') && !$perfSystem) {
    bench_wait_for_thread($child[1], 'lapin-io-loop', 10.0);
}
$perfTarget = $perfSystem ? ['-g', '-a'] : ['--call-graph', 'dwarf,16384', '-F', '299', '-p', (string) $child[1]];
$perf = getenv('BENCH_PERF')
    ? proc_open(['perf', 'record', '-q', '-o', "$dir/perf-ours.data", ...$perfTarget], [0 => ['file', '/dev/null', 'r']], $pipes)
    : null;
$ours = bench_wait($child, "$dir/ours.json");
$oursUsage = bench_children_usage_since($usageBefore);
if ($perf) {
    // perf record -p ends with the process it follows; -a when told to.
    if ($perfSystem) {
        proc_terminate($perf, SIGINT);
    }
    proc_close($perf);
    $report = 'perf report -i ' . escapeshellarg("$dir/perf-ours.data") . ' --stdio --no-children';
    shell_exec("$report --percent-limit 1.5 --sort dso,symbol -g none > " . escapeshellarg("$dir/perf-ours.txt") . ' 2>/dev/null');
    shell_exec("$report --sort dso > " . escapeshellarg("$dir/perf-ours-dso.txt") . ' 2>/dev/null');
    shell_exec("$report --sort comm,dso -g none > " . escapeshellarg("$dir/perf-ours-threads.txt") . ' 2>/dev/null');
    echo "  perf profile of " . ($perfSystem ? 'the machine while our consumer ran' : 'our consumer') . ": $dir/perf-ours.txt, $dir/perf-ours-dso.txt, $dir/perf-ours-threads.txt\n";
}
if ($ours['delivered'] !== 3 * $events) {
    fwrite(STDERR, "ours delivered {$ours['delivered']} of " . (3 * $events) . "\n");
    exit(1);
}
bench_unsubscribe($client, $ids);
$referenceQueue = bench_queue('deliver.ref');
publish_reference($referenceQueue, $events);
$usageBefore = bench_children_usage();
$reference = bench_wait(bench_spawn('reference_consumer.php', [$referenceQueue, $events, $nginx, 'amqp-reference'], "$dir/reference.json"), "$dir/reference.json");
$referenceUsage = bench_children_usage_since($usageBefore);
if ($reference['delivered'] !== 3 * $events) {
    fwrite(STDERR, "the reference delivered {$reference['delivered']} of " . (3 * $events) . "\n");
    exit(1);
}
bench_delete_queues($queue, $referenceQueue);
file_put_contents("$dir/body.json", bench_body(bin2hex(random_bytes(16)), 'sales.order.created', 0, ['id' => 1] + bench_payload()));
$requests = max(30000, 3 * $events);
$usageBefore = bench_children_usage();
$ceiling = (float) shell_exec(implode(' ', array_map('escapeshellarg', [getenv('HTTP_CEILING_BIN'), $nginx, $requests, 128, "$dir/body.json", BENCH_TOKEN]))) / 3;
$ceilingUsage = bench_children_usage_since($usageBefore);
$oursRate = $events / $ours['seconds'];
bench_row("delivery (RabbitMQ, nginx): $events events, events/s", $oursRate, 'reference consumer', $events / $reference['seconds'], 'events/s', true, sprintf('ours %.0f deliveries/s', 3 * $oursRate));
bench_row('delivery (RabbitMQ, nginx): vs the machine\'s HTTP ceiling', $oursRate, 'reqwest, 128 in flight', $ceiling, 'events/s', true, sprintf('ratio = share of the ceiling; %d requests', $requests));
// The consumer's CPU (user + system, all its threads) per delivery, beside the ceiling client's
// per request: what a delivery costs us beyond the request itself (the broker, nginx and the
// store's server are other processes, not counted).
bench_row('delivery (RabbitMQ, nginx): CPU per delivery, consumer process', 1e6 * $oursUsage['cpu'] / (3 * $events), 'reqwest client, per request', 1e6 * $ceilingUsage['cpu'] / $requests, 'µs', false,
    sprintf('reference consumer %.0f µs', 1e6 * $referenceUsage['cpu'] / (3 * $events)));
// Voluntary context switches of the same processes: how often a thread of ours waited for
// another (the store's worker thread, the runtime's, the broker's I/O) per delivery.
bench_row('delivery (RabbitMQ, nginx): voluntary context switches per delivery', $oursUsage['switches'] / (3 * $events), 'reqwest client, per request', $ceilingUsage['switches'] / $requests, 'switches', false,
    sprintf('reference consumer %.2f', $referenceUsage['switches'] / (3 * $events)));

// 2. Isolation: subscriber c answers after 5 s.
[$slow, $slowBase] = start_receiver(['--slow', '/c=5000']);
$isolationEvents = 10000;
$queue = bench_queue('isolation');
[$client, $storeDsn, $ids] = ours_setup('isolation-ours', $queue, $slowBase);
publish_ours($client, $isolationEvents);
file_get_contents("$slowBase/reset");
$started = microtime(true);
$child = bench_spawn('our_consumer.php', [$storeDsn, $queue, 0, json_encode(['grace_seconds' => 1])], "$dir/isolation-ours.json");
[$oursHealthy, $oursSeconds] = watch_healthy($slowBase, 2 * $isolationEvents, $isolationSeconds, $started);
proc_terminate($child[0], SIGTERM);
bench_wait($child, "$dir/isolation-ours.json", 30);
bench_unsubscribe($client, $ids);
$referenceQueue = bench_queue('isolation.ref');
publish_reference($referenceQueue, 100);
file_get_contents("$slowBase/reset");
$started = microtime(true);
$child = bench_spawn('reference_consumer.php', [$referenceQueue, 0, $slowBase, 'isolation-reference'], "$dir/isolation-reference.json");
[$referenceHealthy, $referenceSeconds] = watch_healthy($slowBase, 200, $isolationSeconds, $started);
proc_terminate($child[0], SIGTERM);
bench_wait($child, "$dir/isolation-reference.json", 30);
stop_process($slow);
bench_delete_queues($queue, $referenceQueue);
bench_row('isolation: 1 of 3 subscribers answers after 5 s; deliveries/s to the 2 healthy ones', $oursHealthy / $oursSeconds, 'reference consumer', $referenceHealthy / $referenceSeconds, 'deliveries/s', true,
    sprintf('ours %d in %.1f s, reference %d in %.1f s', $oursHealthy, $oursSeconds, $referenceHealthy, $referenceSeconds));

// 3. Latency publish -> delivered at a fixed offered rate.
[$receiver, $base] = start_receiver([]);
$total = (int) ($rate * $latencySeconds);

/** Publishes $total events at $rate/s through $publish(int $sentUs), $flush() every 50; returns the achieved rate. */
function offer(int $total, int $rate, callable $publish, callable $flush): float
{
    $started = hrtime(true);
    for ($i = 0; $i < $total; $i++) {
        $wait = $started + intdiv($i * 1_000_000_000, $rate) - hrtime(true);
        if ($wait > 0) {
            usleep(intdiv($wait, 1000));
        }
        $publish((int) (microtime(true) * 1e6));
        if ($i % 50 === 49) {
            $flush();
        }
    }
    $flush();
    return $total / ((hrtime(true) - $started) / 1e9);
}

/** Waits for the consumer (at most $timeout s, then SIGTERM); returns the receiver's latency and how many it got. */
function settle(array $child, string $out, string $base, float $timeout): array
{
    $deadline = microtime(true) + $timeout;
    while (proc_get_status($child[0])['running'] && microtime(true) < $deadline) {
        usleep(100_000);
    }
    proc_terminate($child[0], SIGTERM);
    bench_wait($child, $out, 30);
    return bench_get_json("$base/stats")['latency'];
}

$queue = bench_queue('latency');
[$client, $storeDsn, $ids] = ours_setup('latency-ours', $queue, $base);
$child = bench_spawn('our_consumer.php', [$storeDsn, $queue, $total], "$dir/latency-ours.json");
sleep(2);
file_get_contents("$base/reset");
$oursOffered = offer($total, $rate, fn (int $sent) => $client->publish('sales.order.created', ['sent_us' => $sent]), fn () => $client->flush());
$oursLatency = settle($child, "$dir/latency-ours.json", $base, 120);
bench_unsubscribe($client, $ids);

$referenceQueue = bench_queue('latency.ref');
$connection = bench_amqplib();
$channel = $connection->channel();
$channel->queue_declare($referenceQueue, false, true, false, false);
$child = bench_spawn('reference_consumer.php', [$referenceQueue, $total, $base, 'latency-reference'], "$dir/latency-reference.json");
sleep(2);
file_get_contents("$base/reset");
$referenceOffered = offer($total, $rate, fn (int $sent) => $channel->basic_publish(
    new AMQPMessage(json_encode(['sales.order.created', json_encode(['sent_us' => $sent]), '0']), ['delivery_mode' => 2]), '', $referenceQueue), fn () => null);
$referenceLatency = settle($child, "$dir/latency-reference.json", $base, 120);
$connection->close();
stop_process($receiver);
bench_delete_queues($queue, $referenceQueue);
$note = sprintf('offered %.0f/s (ours) and %.0f/s (reference) for %.0f s; received %d and %d of %d deliveries',
    $oursOffered, $referenceOffered, $latencySeconds, $oursLatency['count'], $referenceLatency['count'], 3 * $total);
bench_row("latency publish -> delivered at $rate events/s, p50", $oursLatency['p50_us'] / 1e3, 'reference consumer', $referenceLatency['p50_us'] / 1e3, 'ms', false, $note);
bench_row("latency publish -> delivered at $rate events/s, p99", $oursLatency['p99_us'] / 1e3, 'reference consumer', $referenceLatency['p99_us'] / 1e3, 'ms', false,
    sprintf('max: ours %.0f ms, reference %.0f ms', $oursLatency['max_us'] / 1e3, $referenceLatency['max_us'] / 1e3));
