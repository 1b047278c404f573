<?php

declare(strict_types=1);

/**
 * Publishing to RabbitMQ from PHP, persistent, 1 KiB of arguments, confirmed by the broker:
 * our extension (single publish() calls with the confirms awaited once at flush(), and
 * publishBatch() of 100) beside the broker's ceiling measured in the same run by a native
 * lapin publisher (benches/amqp_ceiling.rs, 1000 unconfirmed in flight). Also the time one
 * publish() call adds to a request (p50, p99). Run by scripts/bench.
 */

use AsyncEvents\Client;

$count = (int) ($argv[1] ?? 20000);
$ceilingBin = getenv('CEILING_BIN');
$uri = getenv('BENCH_AMQP') ?: 'amqp://guest:guest@127.0.0.1:5672/%2f';
$dir = __DIR__ . '/../var/bench';
@mkdir($dir, 0777, true);
$queue = 'bench.publish.' . bin2hex(random_bytes(3));
$client = new Client(['store_dsn' => "sqlite://$dir/publish.sqlite", 'queue_dsn' => $uri, 'amqp_queue' => $queue, 'amqp_routing_key' => $queue]);
$arguments = ['blob' => str_repeat('x', 1000)];

$latencies = [];
$started = hrtime(true);
for ($i = 0; $i < $count; $i++) {
    $t = hrtime(true);
    $client->publish('sales.order.created', $arguments);
    $latencies[] = hrtime(true) - $t;
}
$client->flush();
$single = $count / ((hrtime(true) - $started) / 1e9);
sort($latencies);

$started = hrtime(true);
for ($i = 0; $i < $count; $i += 100) {
    $client->publishBatch(array_fill(0, 100, ['event_name' => 'sales.order.created', 'arguments' => $arguments]));
}
$batch = $count / ((hrtime(true) - $started) / 1e9);

$ceiling = (float) shell_exec(escapeshellarg($ceilingBin) . ' ' . escapeshellarg($uri) . ' bench.ceiling ' . $count . ' 1024');
printf("Publish to RabbitMQ, persistent, ~1 KiB, confirmed, %d events\n", $count);
printf("  %-52s %10.0f events/s  (%.0f%% of the ceiling)\n", 'ours, publish() each, confirms awaited at flush()', $single, 100 * $single / $ceiling);
printf("  %-52s %10.0f events/s  (%.0f%% of the ceiling)\n", 'ours, publishBatch() of 100, confirmed per batch', $batch, 100 * $batch / $ceiling);
printf("  %-52s %10.0f msg/s\n", 'broker ceiling (native lapin, 1000 in flight)', $ceiling);
printf("  %-52s p50 %.1f us, p99 %.1f us\n", 'time one publish() adds to a request', $latencies[intdiv($count, 2)] / 1e3, $latencies[(int) ($count * 0.99)] / 1e3);
