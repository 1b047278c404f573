<?php

declare(strict_types=1);

/**
 * Shared by the benchmark scripts: the result rows that scripts/bench turns into one table,
 * the payload and request body both sides send, the broker and store settings, and small
 * process helpers. Settings come from the environment:
 * BENCH_RESULTS (TSV file rows are appended to), BENCH_AMQP (default the local broker),
 * BENCH_STORE_DSN (the store of our consumer; default a fresh SQLite file per scenario. A
 * mysql:// DSN must name an empty database; the reference loop then logs there too).
 */

const BENCH_TOKEN = 'bench-token';
const BENCH_SUBSCRIBERS = ['a', 'b', 'c'];

function bench_dir(): string
{
    $dir = __DIR__ . '/../var/bench';
    @mkdir($dir, 0777, true);
    return realpath($dir) ?: $dir;
}

/**
 * Appends one row of the final table and prints it. $higherIsBetter decides the ratio's
 * direction: the ratio is always "how many times better ours is" (>1: ours better).
 * $reference null: no reference figure (the row is informative).
 */
function bench_row(string $what, float $ours, string $referenceName, ?float $reference, string $unit, bool $higherIsBetter, string $note = ''): void
{
    $ratio = $reference === null || $reference <= 0 || $ours <= 0 ? null : ($higherIsBetter ? $ours / $reference : $reference / $ours);
    $fields = [$what, bench_number($ours), $referenceName, $reference === null ? '-' : bench_number($reference), $unit . ($higherIsBetter ? ' (higher is better)' : ' (lower is better)'),
        $ratio === null ? '-' : sprintf('%.2fx', $ratio), $note];
    $file = getenv('BENCH_RESULTS');
    if ($file) {
        file_put_contents($file, implode("\t", array_map(fn ($f) => str_replace(["\t", "\n"], ' ', $f), $fields)) . "\n", FILE_APPEND);
    }
    printf("  %-60s ours %s | %s %s | %s | ratio %s%s\n", $what, $fields[1], $referenceName, $fields[3], $fields[4], $fields[5], $note === '' ? '' : " ($note)");
}

function bench_number(float $n): string
{
    if ($n >= 100) {
        return number_format($n, 0, '.', ' ');
    }
    return $n >= 10 ? sprintf('%.1f', $n) : sprintf('%.2f', $n);
}

/** The payload the resolver returns (and the reference loop builds), about 300 bytes. */
function bench_payload(): array
{
    return ['increment_id' => '000000001', 'customer_email' => 'roni_cost@example.com',
        'items' => array_fill(0, 5, ['sku' => 'WS12-M-Orange', 'qty' => 1, 'price' => 22.0])];
}

/** The request body of the reference design: a CloudEvent carrying the payload. */
function bench_body(string $uuid, string $eventName, int $storeId, array $data): string
{
    return json_encode(['specversion' => '1.0', 'id' => $uuid, 'source' => (string) $storeId, 'type' => $eventName,
        'datacontenttype' => 'application/json', 'data' => $data]);
}

function bench_amqp_uri(): string
{
    return getenv('BENCH_AMQP') ?: 'amqp://guest:guest@127.0.0.1:5672/%2f';
}

/** A php-amqplib connection to BENCH_AMQP. */
function bench_amqplib(): \PhpAmqpLib\Connection\AMQPStreamConnection
{
    require_once 'PhpAmqpLib/autoload.php';
    $u = parse_url(bench_amqp_uri());
    return new \PhpAmqpLib\Connection\AMQPStreamConnection($u['host'] ?? '127.0.0.1', $u['port'] ?? 5672,
        urldecode($u['user'] ?? 'guest'), urldecode($u['pass'] ?? 'guest'), urldecode(ltrim($u['path'] ?? '/', '/')) ?: '/');
}

/** Deletes bench queues (ignoring those already gone, or a broker that is away). */
function bench_delete_queues(string ...$queues): void
{
    try {
        $connection = bench_amqplib();
    } catch (\Throwable) {
        return;
    }
    foreach ($queues as $queue) {
        try {
            $channel = $connection->channel();
            $channel->queue_delete($queue);
            $channel->close();
        } catch (\Throwable) {
        }
    }
    $connection->close();
}

/** A queue name of this run (bench.NAME.random), deleted when the script ends, however it ends. */
function bench_queue(string $name): string
{
    static $queues = [];
    if ($queues === []) {
        register_shutdown_function(function () use (&$queues) {
            bench_delete_queues(...$queues);
        });
    }
    return $queues[] = "bench.$name." . bin2hex(random_bytes(3));
}

/** A fresh store DSN for a scenario: BENCH_STORE_DSN as given, or a new SQLite file. */
function bench_store_dsn(string $name): string
{
    $dsn = getenv('BENCH_STORE_DSN');
    if ($dsn) {
        return $dsn;
    }
    $file = bench_dir() . "/$name.sqlite";
    array_map('unlink', glob("$file*") ?: []);
    return "sqlite://$file";
}

/** Our configuration for a scenario: the store, RabbitMQ on its own queue, loopback allowed. */
function bench_config(string $storeDsn, string $queue): array
{
    $config = ['store_dsn' => $storeDsn, 'queue_dsn' => bench_amqp_uri(), 'amqp_queue' => $queue, 'amqp_routing_key' => $queue, 'ssrf_allow' => ['127.0.0.1']];
    if (str_starts_with($storeDsn, 'mysql://')) {
        // On MySQL the token key and the search index cannot sit beside the database.
        $config += ['key_file' => bench_dir() . '/mysql.key', 'index_path' => bench_dir() . '/mysql.index'];
    }
    return $config;
}

/** Creates the 3 subscriptions of a scenario; returns their ids. */
function bench_subscribe(\AsyncEvents\Client $client, string $base, string $eventName = 'sales.order.created'): array
{
    $ids = [];
    foreach (BENCH_SUBSCRIBERS as $name) {
        $ids[] = $client->createSubscription(['event_name' => $eventName, 'recipient_url' => "$base/$name", 'verification_token' => BENCH_TOKEN])['subscription_id'];
    }
    return $ids;
}

/** With a shared BENCH_STORE_DSN, removes a scenario's subscriptions (and their log). */
function bench_unsubscribe(\AsyncEvents\Client $client, array $ids): void
{
    if (getenv('BENCH_STORE_DSN')) {
        foreach ($ids as $id) {
            $client->deleteSubscription($id);
        }
    }
}

/**
 * Where the reference loop writes its log: SQLite (WAL, fsync on commit, as ours) in a fresh
 * file, or the MySQL database of BENCH_STORE_DSN.
 */
function bench_reference_log(string $name): \PDO
{
    $dsn = getenv('BENCH_STORE_DSN');
    if ($dsn && str_starts_with($dsn, 'mysql://')) {
        $u = parse_url($dsn);
        $pdo = new \PDO(sprintf('mysql:host=%s;port=%d;dbname=%s', $u['host'], $u['port'] ?? 3306, ltrim($u['path'], '/')), urldecode($u['user'] ?? ''), urldecode($u['pass'] ?? ''));
        $pdo->exec('CREATE TABLE IF NOT EXISTS bench_reference_log (log_id INT AUTO_INCREMENT PRIMARY KEY, uuid VARCHAR(36), subscription_id INT, success TINYINT, response_data TEXT, created DATETIME, serialized_data MEDIUMBLOB)');
        $pdo->exec('TRUNCATE bench_reference_log');
        return $pdo;
    }
    $file = bench_dir() . "/$name.sqlite";
    array_map('unlink', glob("$file*") ?: []);
    $pdo = new \PDO("sqlite:$file");
    $pdo->exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL');
    $pdo->exec('CREATE TABLE bench_reference_log (log_id INTEGER PRIMARY KEY, uuid TEXT, subscription_id INT, success INT, response_data TEXT, created TEXT, serialized_data BLOB)');
    return $pdo;
}

/** GETs a URL and decodes its JSON answer. */
function bench_get_json(string $url): array
{
    return json_decode((string) file_get_contents($url), true, 512, JSON_THROW_ON_ERROR);
}

/** The total of a sink_receiver's counts for the given subscriber paths. */
function bench_received(string $base, array $paths = BENCH_SUBSCRIBERS): int
{
    $counts = bench_get_json("$base/stats")['counts'];
    return array_sum(array_map(fn ($p) => $counts[$p] ?? 0, $paths));
}

/**
 * Descriptors for a child: stdout to $out, stderr to "$out.err" (shown by bench_wait()). Never
 * pass STDOUT or STDERR: proc_open() then seeks the shared descriptor to the PHP stream's
 * own position, and what printf() wrote since is overwritten.
 */
function bench_descriptors(string $out): array
{
    return [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', "$out.err", 'w']];
}

/** Starts a PHP script of this folder as a child process; stdout goes to $out. */
function bench_spawn(string $script, array $args, string $out): array
{
    $command = [PHP_BINARY, '-d', 'extension=' . getenv('ASYNC_EVENTS_EXTENSION'), __DIR__ . "/$script", ...array_map('strval', $args)];
    $process = proc_open($command, bench_descriptors($out), $pipes);
    if (!is_resource($process)) {
        throw new RuntimeException("cannot start $script");
    }
    return [$process, proc_get_status($process)['pid']];
}

/** Waits for a child (at most $timeout s, then SIGKILL) and returns its decoded JSON output. */
function bench_wait(array $child, string $out, float $timeout = 600): array
{
    [$process] = $child;
    $deadline = microtime(true) + $timeout;
    while (proc_get_status($process)['running']) {
        if (microtime(true) > $deadline) {
            proc_terminate($process, 9);
            fwrite(STDERR, "bench: a child ran past {$timeout}s and was killed\n");
            break;
        }
        usleep(20_000);
    }
    proc_close($process);
    $errors = (string) @file_get_contents("$out.err");
    if ($errors !== '') {
        fwrite(STDERR, $errors);
    }
    $json = json_decode((string) file_get_contents($out), true);
    if (!is_array($json)) {
        throw new RuntimeException("child wrote no result to $out: " . file_get_contents($out));
    }
    return $json;
}

/** A process's memory figure from /proc (VmRSS, VmHWM) in KiB, 0 once it is gone. */
function bench_proc_kib(int $pid, string $field = 'VmRSS'): int
{
    $status = @file_get_contents("/proc/$pid/status");
    return $status !== false && preg_match("/^$field:\s+(\d+) kB/m", $status, $m) ? (int) $m[1] : 0;
}

/** The q-quantile of a sorted list. */
function bench_quantile(array $sorted, float $q): float
{
    return $sorted === [] ? 0.0 : (float) $sorted[min(count($sorted) - 1, (int) (count($sorted) * $q))];
}
