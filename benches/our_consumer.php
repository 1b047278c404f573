<?php

declare(strict_types=1);

/**
 * Our consumer as a child process of the benchmarks: consumes the RabbitMQ queue QUEUE into
 * the store STORE_DSN and delivers, until COUNT events (0: until SIGTERM). The resolver
 * returns the event's arguments merged into the fixed payload (so a `sent_us` argument reaches
 * the receiver). A run stopped by max_messages leaves the deliveries it handed to the store
 * but did not send yet to the next run; so with COUNT a second run without a resolver (the
 * retry consumer) drains them, and the stats and time cover both.
 * Usage: php our_consumer.php STORE_DSN QUEUE COUNT [RUN_OPTIONS_JSON]; the environment's
 * BENCH_RUN_OPTIONS (JSON) adds run options for every scenario. Prints the run's stats with
 * `seconds` as JSON.
 */

require __DIR__ . '/lib.php';

[, $storeDsn, $queue, $count] = $argv;
$options = json_decode($argv[4] ?? '{}', true) + json_decode(getenv('BENCH_RUN_OPTIONS') ?: '{}', true);
if ((int) $count > 0) {
    $options['max_messages'] = (int) $count;
}
$payload = bench_payload();
$consumer = new AsyncEvents\Consumer(bench_config($storeDsn, $queue));
$started = hrtime(true);
$stats = $consumer->run(fn (string $event, array $arguments) => $arguments + $payload, $options);
if ((int) $count > 0 && $stats['stop_reason'] === 'max_messages') {
    $rest = $consumer->run(null, ['drain' => true] + array_diff_key($options, ['max_messages' => 1]));
    foreach ($rest as $key => $value) {
        $stats[$key] = is_int($value) ? $stats[$key] + $value : $value;
    }
}
$stats['seconds'] = (hrtime(true) - $started) / 1e9;
$stats['peak_rss_kib'] = bench_proc_kib(getmypid(), 'VmHWM');
echo json_encode($stats), "\n";
