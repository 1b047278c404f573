<?php

declare(strict_types=1);

/**
 * Publishing to RabbitMQ from PHP, persistent, ~1 KiB of arguments, to the exchange
 * `magento` (topic) and a queue of its own: our extension (single publish() calls and
 * publishBatch() of 100, both with the confirms awaited once at flush(); and publishBatch()
 * of 100 followed by flush(), confirmed batch by batch) beside reference publishers
 * with php-amqplib measured in the same run (no confirms, as Magento's AMQP publisher;
 * batches of 100 with confirms; a confirm per message) and the broker's ceiling (a native
 * lapin publisher, benches/amqp_ceiling.rs, 1000 unconfirmed in flight). Also the time one
 * publish call adds to a request (p50, p99). Usage: php publish.php [COUNT]; the
 * confirm-per-message reference publishes COUNT/10 (at least 1000). Run by scripts/bench.
 */

require __DIR__ . '/lib.php';

use AsyncEvents\Client;
use PhpAmqpLib\Message\AMQPMessage;

$count = (int) ($argv[1] ?? 20000);
$slowCount = max(1000, intdiv($count, 10));
$ceilingBin = getenv('CEILING_BIN');
$uri = bench_amqp_uri();
$queue = bench_queue('publish');
$referenceQueue = bench_queue('publish.ref');
$client = new Client(bench_config(bench_store_dsn('publish'), $queue));
$arguments = ['blob' => str_repeat('x', 1000)];

/** Times $publish() $n times; returns [events/s, sorted per-call ns]. $end runs once inside the timing. */
function timed(int $n, callable $publish, ?callable $end = null): array
{
    $latencies = [];
    $started = hrtime(true);
    for ($i = 0; $i < $n; $i++) {
        $t = hrtime(true);
        $publish($i);
        $latencies[] = hrtime(true) - $t;
    }
    if ($end) {
        $end();
    }
    $rate = $n / ((hrtime(true) - $started) / 1e9);
    sort($latencies);
    return [$rate, $latencies];
}

// Every measurement starts on an empty queue: a queue already holding the earlier
// measurement's messages is slower to publish to, which would favour whichever goes first.
$connection = bench_amqplib();
$setup = $connection->channel();
$empty = function (string $queue) use ($setup): void {
    $setup->queue_purge($queue);
};

// Ours: publish() each and publishBatch() of 100 in alternating rounds, so that the broker's
// drift over the run (its disk, other load) falls on both alike.
$hundred = array_fill(0, 100, ['event_name' => 'sales.order.created', 'arguments' => $arguments]);
$rounds = 10;
$perRound = max(100, intdiv($count, $rounds * 100) * 100);
[$singleSeconds, $batchSeconds, $singleLatencies] = [0.0, 0.0, []];
$client->flush();
for ($round = 0; $round < $rounds; $round++) {
    [$rate, $latencies] = timed($perRound, fn () => $client->publish('sales.order.created', $arguments), fn () => $client->flush());
    $singleSeconds += $perRound / $rate;
    array_push($singleLatencies, ...$latencies);
    $empty($queue);
    [$rate] = timed(intdiv($perRound, 100), fn () => $client->publishBatch($hundred), fn () => $client->flush());
    $batchSeconds += intdiv($perRound, 100) / $rate;
    $empty($queue);
}
sort($singleLatencies);
$single = $rounds * $perRound / $singleSeconds;
$batch = $rounds * $perRound / $batchSeconds;
[$batchEachConfirmed] = timed(intdiv($count, 100), function () use ($client, $hundred) {
    $client->publishBatch($hundred);
    $client->flush();
});
$batchEachConfirmed *= 100;

// The reference: php-amqplib, the message Magento's publisher sends for the reference module.
$setup->exchange_declare('magento', 'topic', false, true, false);
$setup->queue_declare($referenceQueue, false, true, false, false);
$setup->queue_bind($referenceQueue, 'magento', $referenceQueue);
$message = new AMQPMessage(json_encode(['sales.order.created', json_encode($arguments), '0']),
    ['delivery_mode' => AMQPMessage::DELIVERY_MODE_PERSISTENT, 'content_type' => 'application/json']);

$plain = $connection->channel();
[$noConfirm, $noConfirmLatencies] = timed($count, fn () => $plain->basic_publish($message, 'magento', $referenceQueue));
$empty($referenceQueue);

$confirmed = $connection->channel();
$confirmed->confirm_select();
[$batchConfirmed] = timed(intdiv($count, 100), function () use ($confirmed, $message, $referenceQueue) {
    for ($j = 0; $j < 100; $j++) {
        $confirmed->batch_basic_publish($message, 'magento', $referenceQueue);
    }
    $confirmed->publish_batch();
    $confirmed->wait_for_pending_acks(10);
});
$batchConfirmed *= 100;
$empty($referenceQueue);
[$eachConfirmed, $eachLatencies] = timed($slowCount, function () use ($confirmed, $message, $referenceQueue) {
    $confirmed->basic_publish($message, 'magento', $referenceQueue);
    $confirmed->wait_for_pending_acks(10);
});
$connection->close();

$ceiling = (float) shell_exec(escapeshellarg($ceilingBin) . ' ' . escapeshellarg($uri) . ' bench.ceiling ' . $count . ' 1024');
bench_delete_queues($queue, $referenceQueue, 'bench.ceiling');

$us = fn (array $sorted, float $q) => bench_quantile($sorted, $q) / 1e3;
printf("Publish to RabbitMQ, persistent, ~1 KiB, %d events (confirm per message: %d)\n", $count, $slowCount);
bench_row('publish: publish() each, confirms at flush() vs php-amqplib, confirm per message', $single, 'php-amqplib confirm each', $eachConfirmed, 'events/s', true);
bench_row('publish: publishBatch(100) vs publish() each, both confirmed at flush()', $batch, 'ours, publish() each', $single, 'events/s', true);
bench_row('publish: publishBatch(100) + flush() vs php-amqplib batch of 100, each batch confirmed', $batchEachConfirmed, 'php-amqplib batch 100', $batchConfirmed, 'events/s', true);
bench_row('publish: publish() each (confirmed) vs php-amqplib without confirms (Magento)', $single, 'php-amqplib no confirms', $noConfirm, 'events/s', true, 'reference is not confirmed');
bench_row('publish: publish() each vs the broker ceiling (native lapin, 1000 in flight)', $single, 'lapin ceiling', $ceiling, 'events/s', true, 'ratio = share of the ceiling');
bench_row('publish: publishBatch(100) vs the broker ceiling', $batch, 'lapin ceiling', $ceiling, 'events/s', true, 'ratio = share of the ceiling');
bench_row('publish: time one publish() adds to a request, p50', $us($singleLatencies, 0.5), 'php-amqplib no confirms', $us($noConfirmLatencies, 0.5), 'us', false, sprintf('confirm each: %.0f us', $us($eachLatencies, 0.5)));
bench_row('publish: time one publish() adds to a request, p99', $us($singleLatencies, 0.99), 'php-amqplib no confirms', $us($noConfirmLatencies, 0.99), 'us', false, sprintf('confirm each: %.0f us; ours waits for confirms at flush()/request end', $us($eachLatencies, 0.99)));
