<?php

declare(strict_types=1);

/**
 * The reference design's trigger consumer, as mageos-async-events runs it: php-amqplib
 * basic_consume with prefetch 1; for each message (`["event.name", "<arguments JSON>",
 * "<store id>"]`) it builds the payload, POSTs it to each subscriber in turn over one
 * kept-alive curl handle with the hex HMAC-SHA256 `x-magento-signature` header (timeouts 15 s
 * and connect 5 s), writes one log row per attempt, then acks. Usage:
 * php reference_consumer.php QUEUE COUNT BASE_URL LOG_NAME — stops after COUNT messages (0:
 * at SIGTERM); prints {"messages","deliveries","delivered","seconds","peak_rss_kib"} as JSON.
 */

require __DIR__ . '/lib.php';

use PhpAmqpLib\Message\AMQPMessage;

[, $queue, $count, $base, $logName] = $argv;
$count = (int) $count;
$stop = false;
pcntl_async_signals(true);
pcntl_signal(SIGTERM, function () use (&$stop) { $stop = true; });

$pdo = bench_reference_log($logName);
$insert = $pdo->prepare('INSERT INTO bench_reference_log (uuid, subscription_id, success, response_data, created, serialized_data) VALUES (?, ?, ?, ?, ?, ?)');
$payload = bench_payload();
$curl = curl_init();
$messages = 0;
$deliveries = 0;
$delivered = 0;

$started = hrtime(true);
$connection = bench_amqplib();
$channel = $connection->channel();
$channel->basic_qos(0, 1, false);
$channel->basic_consume($queue, '', false, false, false, false, function (AMQPMessage $message) use (&$messages, &$deliveries, &$delivered, $curl, $insert, $payload, $base) {
    [$eventName, $arguments, $storeId] = json_decode($message->getBody(), true, 512, JSON_THROW_ON_ERROR);
    $data = json_decode($arguments, true, 512, JSON_THROW_ON_ERROR) + $payload;
    foreach (BENCH_SUBSCRIBERS as $n => $name) {
        $uuid = bin2hex(random_bytes(16));
        $body = bench_body($uuid, $eventName, (int) $storeId, $data);
        curl_setopt_array($curl, [CURLOPT_URL => "$base/$name", CURLOPT_POST => true, CURLOPT_POSTFIELDS => $body, CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => 15, CURLOPT_CONNECTTIMEOUT => 5,
            CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'x-magento-signature: ' . hash_hmac('sha256', $body, BENCH_TOKEN)]]);
        $response = curl_exec($curl);
        $ok = curl_getinfo($curl, CURLINFO_RESPONSE_CODE) === 200;
        $insert->execute([$uuid, $n + 1, (int) $ok, (string) $response, date('Y-m-d H:i:s'), $body]);
        $deliveries++;
        $delivered += (int) $ok;
    }
    $message->ack();
    $messages++;
});
while (!$stop && ($count === 0 || $messages < $count)) {
    try {
        $channel->wait(null, false, 0.2);
    } catch (PhpAmqpLib\Exception\AMQPTimeoutException) {
    }
}
$seconds = (hrtime(true) - $started) / 1e9;
$channel->close();
$connection->close();
echo json_encode(['messages' => $messages, 'deliveries' => $deliveries, 'delivered' => $delivered, 'seconds' => $seconds, 'peak_rss_kib' => bench_proc_kib(getmypid(), 'VmHWM')]), "\n";
