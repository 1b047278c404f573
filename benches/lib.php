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

/** Waits until process $pid has a thread named $name (its `comm`), or $timeout s pass. */
function bench_wait_for_thread(int $pid, string $name, float $timeout): void
{
    $deadline = microtime(true) + $timeout;
    while (microtime(true) < $deadline) {
        foreach (glob("/proc/$pid/task/*/comm") ?: [] as $comm) {
            if (trim((string) @file_get_contents($comm)) === $name) {
                return;
            }
        }
        usleep(20_000);
    }
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

/**
 * What the child processes waited for so far used, their own children included: CPU seconds
 * (user + system) and voluntary context switches (a thread that waited: for a lock, a channel,
 * a socket, the disk). Switches count the hand-offs between threads, which a busy shared
 * host does not blur the way it blurs CPU time.
 *
 * @return array{cpu: float, switches: int}
 */
function bench_children_usage(): array
{
    $usage = getrusage(1);
    return [
        'cpu' => $usage['ru_utime.tv_sec'] + $usage['ru_utime.tv_usec'] / 1e6 + $usage['ru_stime.tv_sec'] + $usage['ru_stime.tv_usec'] / 1e6,
        'switches' => (int) $usage['ru_nvcsw'],
    ];
}

/** What the child processes waited for since `$before` (from bench_children_usage()) used. */
function bench_children_usage_since(array $before): array
{
    $now = bench_children_usage();
    return ['cpu' => $now['cpu'] - $before['cpu'], 'switches' => $now['switches'] - $before['switches']];
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

/**
 * The figures of a metrics endpoint's text (Prometheus' format): events consumed, attempts by
 * outcome and, delivered, by subscription, retries scheduled, dead letters by kind, the attempt
 * latency histogram's count, queue depth and pending deliveries (null when not served).
 */
function bench_metrics_figures(string $text): array
{
    $figures = ['consumed' => 0, 'attempts' => [], 'delivered_by_subscription' => [], 'retries' => 0, 'dead_event' => 0,
        'dead_delivery' => 0, 'latency_count' => 0, 'queue_depth' => null, 'pending' => null];
    foreach (explode("\n", $text) as $line) {
        if ($line === '' || $line[0] === '#' || !preg_match('/^([a-z_]+)(\{[^}]*\})? (\S+)$/', $line, $m)) {
            continue;
        }
        [, $name, $labels, $value] = $m;
        $value = (int) round((float) $value);
        preg_match_all('/(\w+)="([^"]*)"/', $labels, $pairs, PREG_SET_ORDER);
        $label = array_column($pairs, 2, 1);
        match ($name) {
            'async_events_events_consumed_total' => $figures['consumed'] = $value,
            'async_events_retries_scheduled_total' => $figures['retries'] = $value,
            'async_events_attempt_duration_seconds_count' => $figures['latency_count'] = $value,
            'async_events_queue_depth' => $figures['queue_depth'] = $value,
            'async_events_deliveries_pending' => $figures['pending'] = $value,
            'async_events_dead_letters_total' => $figures['dead_' . ($label['kind'] ?? 'delivery')] = $value,
            default => null,
        };
        if ($name === 'async_events_delivery_attempts_total') {
            $figures['attempts'][$label['outcome']] = ($figures['attempts'][$label['outcome']] ?? 0) + $value;
            if ($label['outcome'] === 'delivered') {
                $figures['delivered_by_subscription'][$label['subscription_id']] = $value;
            }
        }
    }
    return $figures;
}

/**
 * Starts metrics_scraper.php on a consumer's `metrics_listen` address; bench_metrics_stop()
 * stops it and returns its scrapes.
 */
function bench_metrics_start(string $address, string $name): array
{
    $dir = bench_dir();
    $paths = ["$dir/$name-metrics.jsonl", "$dir/$name-metrics.stop"];
    @unlink($paths[0]);
    @unlink($paths[1]);
    $process = proc_open([PHP_BINARY, __DIR__ . '/metrics_scraper.php', "http://$address/metrics", $paths[0], $paths[1], '100'],
        bench_descriptors("$dir/$name-metrics.out"), $pipes);
    if (!is_resource($process)) {
        throw new RuntimeException('cannot start metrics_scraper.php');
    }
    return [$process, ...$paths];
}

/** Stops the scraper and returns its scrapes: [['t' => microtime, 'figures' => [...]], ...]. */
function bench_metrics_stop(array $scraper): array
{
    [$process, $scrapes, $stop] = $scraper;
    touch($stop);
    proc_close($process);
    $lines = array_filter(explode("\n", (string) @file_get_contents($scrapes)));
    return array_map(fn ($line) => json_decode($line, true, 512, JSON_THROW_ON_ERROR), array_values($lines));
}

/**
 * Waits (at most $seconds) until nothing listens on $address any more: a run's metrics endpoint
 * closes a moment after run() returned, and the next run binds the same address.
 */
function bench_wait_until_unbound(string $address, float $seconds = 5.0): void
{
    $deadline = microtime(true) + $seconds;
    while (($probe = @stream_socket_server("tcp://$address")) === false && microtime(true) < $deadline) {
        usleep(10_000);
    }
    if ($probe !== false) {
        fclose($probe);
    }
}

/** A free port on 127.0.0.1. */
function bench_free_port(): int
{
    $socket = stream_socket_server('tcp://127.0.0.1:0');
    $name = (string) stream_socket_get_name($socket, false);
    fclose($socket);
    return (int) substr($name, strrpos($name, ':') + 1);
}

/**
 * Prints the endpoint's figures beside the run's own stats and exits 1 when they disagree: the
 * last scrape (taken after the run, while the same consumer idles) must equal the run's counts
 * (and $perSubscription the delivered attempts of each subscription), the backlog must be empty,
 * counters must never go down between scrapes, and, when the run lasted long enough to be
 * scraped, a scrape taken during it must show it under way.
 */
function bench_metrics_check(array $stats, array $scrapes, float $runStarted, float $runEnded, array $perSubscription): void
{
    $problems = [];
    $during = array_values(array_filter($scrapes, fn ($s) => $s['t'] > $runStarted && $s['t'] < $runEnded));
    $after = array_values(array_filter($scrapes, fn ($s) => $s['t'] >= $runEnded));
    $last = end($after) ?: null;
    $total = max(1, (int) $stats['attempts']);
    $midRun = array_filter($during, fn ($s) => array_sum($s['figures']['attempts']) > 0 && array_sum($s['figures']['attempts']) < $total);
    printf("  metrics endpoint: %d scrapes during our run (%.2fs), %d after it; %s\n", count($during), $runEnded - $runStarted,
        count($after), $midRun ? sprintf('mid-run it showed %s of %d attempts', implode(', ', array_map(
            fn ($s) => array_sum($s['figures']['attempts']), array_slice(array_values($midRun), 0, 5)
        )) . (count($midRun) > 5 ? ' ...' : ''), $total) : 'no scrape fell inside the run');
    if ($runEnded - $runStarted > 1.0 && !$midRun) {
        $problems[] = 'no scrape during a run of more than a second showed it under way';
    }
    $previous = null;
    foreach ($scrapes as $scrape) {
        $f = $scrape['figures'];
        $now = [$f['consumed'], array_sum($f['attempts']), $f['retries'], $f['dead_event'], $f['dead_delivery'], $f['latency_count']];
        if ($previous !== null && min(array_map(fn ($a, $b) => $a - $b, $now, $previous)) < 0) {
            $problems[] = 'a counter went down between two scrapes: ' . json_encode([$previous, $now]);
        }
        $previous = $now;
    }
    if ($last === null) {
        $problems[] = 'no scrape after the run (the endpoint did not answer)';
    } else {
        $f = $last['figures'];
        $rows = [
            'events consumed' => [$stats['messages'], $f['consumed']],
            'attempts (all outcomes)' => [$stats['attempts'], array_sum($f['attempts'])],
            'attempts delivered' => [$stats['delivered'], $f['attempts']['delivered'] ?? 0],
            'retries scheduled' => [$stats['retries_scheduled'], $f['retries']],
            'deliveries dead-lettered' => [$stats['deliveries_dead_lettered'], $f['dead_delivery']],
            'events dead-lettered' => [$stats['events_dead_lettered'], $f['dead_event']],
            'attempt latency histogram count' => [$stats['attempts'], $f['latency_count']],
            'queue depth after the run' => [0, $f['queue_depth']],
            'deliveries pending after the run' => [0, $f['pending']],
        ];
        $delivered = $f['delivered_by_subscription'];
        ksort($delivered);
        $rows['delivered per subscription'] = [implode(' / ', $perSubscription), implode(' / ', $delivered)];
        printf("  %-34s %12s %12s\n", '', 'run stats', 'endpoint');
        foreach ($rows as $what => [$run, $endpoint]) {
            $agrees = (string) $run === (string) $endpoint;
            printf("  %-34s %12s %12s%s\n", $what, (string) $run, $endpoint === null ? '-' : (string) $endpoint, $agrees ? '' : '   <- DISAGREES');
            if (!$agrees) {
                $problems[] = "$what: the run counted $run, the endpoint says " . json_encode($endpoint);
            }
        }
    }
    if ($problems) {
        fwrite(STDERR, "bench: THE METRICS ENDPOINT DISAGREES WITH THE RUN:\n  - " . implode("\n  - ", $problems) . "\n");
        exit(1);
    }
    echo "  the endpoint's figures match the run's own counts\n";
}

