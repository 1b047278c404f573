<?php

declare(strict_types=1);

/**
 * The AWS sinks against moto's server (a local EventBridge and SQS at AWS_BENCH_ENDPOINT,
 * started by scripts/bench): 1 event to an EventBridge bus and an SQS queue, every attempt
 * recorded. Ours (the core's sinks: signed, batched calls) against the same deliveries served
 * by a PHP notifier that makes one call per delivery with curl, as a PHP sink package does
 * (unsigned here: moto does not check signatures, so the reference skips that cost). Both run
 * in our consumer over the same SQLite store. Run by scripts/bench. Prints deliveries/s.
 */

require __DIR__ . '/lib.php';

use AsyncEvents\Client;
use AsyncEvents\Consumer;

$events = (int) ($argv[1] ?? 1000);
$endpoint = getenv('AWS_BENCH_ENDPOINT') ?: 'http://127.0.0.1:5000';
$dir = bench_dir();

/** One call of AWS's JSON protocol to moto. */
function aws_call(CurlHandle $curl, string $endpoint, string $target, array $body): array
{
    [$contentType, $service] = str_starts_with($target, 'AmazonSQS') ? ['application/x-amz-json-1.0', 'sqs'] : ['application/x-amz-json-1.1', 'events'];
    curl_setopt_array($curl, [CURLOPT_URL => $endpoint, CURLOPT_POST => true, CURLOPT_POSTFIELDS => json_encode($body), CURLOPT_RETURNTRANSFER => true,
        CURLOPT_HTTPHEADER => ["content-type: $contentType", "x-amz-target: $target",
            "authorization: AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/$service/aws4_request, SignedHeaders=host, Signature=x"]]);
    $response = (string) curl_exec($curl);
    if (curl_getinfo($curl, CURLINFO_RESPONSE_CODE) !== 200) {
        throw new RuntimeException("$target: $response");
    }
    return json_decode($response, true) ?? [];
}

$curl = curl_init();
$run = bin2hex(random_bytes(3));
$bus = "bench-bus-$run";
aws_call($curl, $endpoint, 'AWSEvents.CreateEventBus', ['Name' => $bus]);
$queueUrl = aws_call($curl, $endpoint, 'AmazonSQS.CreateQueue', ['QueueName' => "bench-$run"])['QueueUrl'];

$measure = function (string $name, array $settings, ?callable $notifier) use ($dir, $events, $bus, $queueUrl): float {
    @array_map('unlink', glob("$dir/aws-$name.sqlite*") ?: []);
    $config = $settings + ['store_dsn' => "sqlite://$dir/aws-$name.sqlite", 'aws_region' => 'us-east-1',
        'aws_access_key_id' => 'bench', 'aws_secret_access_key' => 'bench', 'eventbridge_source' => 'magento.bench'];
    $client = new Client($config);
    $client->createSubscription(['event_name' => 'sales.order.created', 'recipient_url' => $bus, 'verification_token' => 't', 'metadata' => 'eventbridge']);
    $client->createSubscription(['event_name' => 'sales.order.created', 'recipient_url' => $queueUrl, 'verification_token' => 't', 'metadata' => 'sqs']);
    for ($i = 0; $i < $events; $i += 500) {
        $client->publishBatch(array_fill(0, min(500, $events - $i), ['event_name' => 'sales.order.created', 'arguments' => ['id' => 1]]));
    }
    $started = hrtime(true);
    $stats = (new Consumer($config))->run(fn () => bench_payload(), ['drain' => true, 'batch_size' => 200, 'poll_interval_ms' => 5], $notifier);
    $seconds = (hrtime(true) - $started) / 1e9;
    if ($stats['delivered'] !== 2 * $events) {
        throw new RuntimeException("$name delivered {$stats['delivered']} of " . (2 * $events) . ': ' . json_encode($stats));
    }
    return 2 * $events / $seconds;
};

$ours = $measure('ours', ['aws_endpoint_url' => $endpoint], null);
$notifier = function (array $delivery) use ($curl, $endpoint): array {
    $response = $delivery['metadata'] === 'eventbridge'
        ? aws_call($curl, $endpoint, 'AWSEvents.PutEvents', ['Entries' => [['Source' => 'magento.bench', 'DetailType' => $delivery['event_name'],
            'Detail' => $delivery['body'], 'EventBusName' => $delivery['recipient_url']]]])
        : aws_call($curl, $endpoint, 'AmazonSQS.SendMessage', ['QueueUrl' => $delivery['recipient_url'], 'MessageBody' => $delivery['body']]);
    return ['success' => true, 'response_data' => json_encode($response)];
};
$reference = $measure('notifier', ['sinks' => ['eventbridge', 'sqs']], $notifier);

printf("AWS sinks against moto, 1 event -> an EventBridge bus and an SQS queue, %d events, every attempt recorded\n", $events);
bench_row("AWS sinks (EventBridge + SQS on moto): $events events, deliveries/s", $ours, 'PHP notifier + curl', $reference, 'deliveries/s', true,
    'moto (one Python process) is the ceiling of both');
