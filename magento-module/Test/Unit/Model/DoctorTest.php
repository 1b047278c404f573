<?php
/**
 * Tests of the checks behind async-events:doctor.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model;

use MageOS\AsyncEvents\Model\Doctor;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Model\Extension\ConfigProvider;
use MageOS\AsyncEvents\Test\Unit\Fake\PdoAdapter;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\App\ResourceConnection;

/**
 * A healthy SQLite set-up passes; unusable settings fail with the extension's message.
 */
class DoctorTest extends TestCase
{
    /**
     * @var PdoAdapter|null Magento's default connection (SQLite in memory), with the outbox table
     */
    private ?PdoAdapter $magentoDb = null;

    /**
     * Magento's default connection, with the outbox table as db_schema.xml declares it.
     *
     * @return PdoAdapter
     */
    private function magentoDb(): PdoAdapter
    {
        if ($this->magentoDb === null) {
            $this->magentoDb = PdoAdapter::sqlite();
            $this->magentoDb->pdo->exec('CREATE TABLE async_event_outbox (
                outbox_id INTEGER PRIMARY KEY AUTOINCREMENT,
                message TEXT NOT NULL,
                created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
            )');
        }
        return $this->magentoDb;
    }

    /**
     * The doctor over the test's settings; with $reread, over env.php as it is now (the test's
     * shared client provider keeps the settings it was opened with).
     *
     * @param bool $reread
     * @return Doctor
     */
    private function doctor(bool $reread = false): Doctor
    {
        return new Doctor(
            $reread ? new ClientProvider(new ConfigProvider($this->connectionDsn(), $this->scopeConfig)) : $this->clientProvider(),
            $this->connectionDsn(),
            $this->store(),
            $this->eventsConfig(),
            $this->scopeConfig,
            new ResourceConnection($this->magentoDb())
        );
    }

    /**
     * Checks by name.
     *
     * @param array<int, array{0: string, 1: string, 2: string}> $checks
     * @return array<string, array{0: string, 1: string}>
     */
    private function byName(array $checks): array
    {
        $result = [];
        foreach ($checks as [$name, $status, $detail]) {
            $result[$name] = [$status, $detail];
        }
        return $result;
    }

    /**
     * A healthy sqlite set up passes.
     */
    public function testAHealthySqliteSetUpPasses(): void
    {
        $checks = $this->byName($this->doctor()->run());
        self::assertSame(['extension', 'broker', 'settings', 'aws sinks', 'tables', 'outbox', 'events', 'search index', 'metrics'], array_keys($checks));
        self::assertSame([Doctor::OK, 'async_events ' . phpversion('async_events')], $checks['extension']);
        self::assertSame(Doctor::OK, $checks['settings'][0]);
        self::assertStringContainsString('SQLite fallback', $checks['settings'][1]);
        self::assertSame(Doctor::OK, $checks['tables'][0], $checks['tables'][1]);
        self::assertStringContainsString('async_event_dead_letter 0', $checks['tables'][1]);
        self::assertSame(Doctor::SKIP, $checks['broker'][0]);
        self::assertSame(Doctor::OK, $checks['events'][0]);
        self::assertStringContainsString('test.order.created', $checks['events'][1]);
        self::assertSame([Doctor::OK, '0 attempt(s) searchable'], $checks['search index']);
        self::assertSame(Doctor::SKIP, $checks['outbox'][0], 'the test turned transactional publishing off');
    }

    /**
     * The outbox line counts the events waiting in the outbox and the age of the oldest; old ones
     * mean that no trigger consumer relays them, and so do any while transactional publishing is off.
     */
    public function testTheOutboxLineShowsTheEventsWaitingAndTheOldestsAge(): void
    {
        $this->env['async_events']['transactional_publish'] = true;
        self::assertSame(
            [Doctor::OK, '0 events waiting in async_event_outbox (events published inside a transaction wait there '
                . 'until a trigger consumer queues them)'],
            $this->byName($this->doctor(true)->run())['outbox']
        );

        $insert = $this->magentoDb()->pdo->prepare(
            "INSERT INTO async_event_outbox (message, created_at) VALUES ('{}', datetime('now', ?))"
        );
        $insert->execute(['-5 seconds']);
        $insert->execute(['-0 seconds']);
        [$status, $detail] = $this->byName($this->doctor(true)->run())['outbox'];
        self::assertSame(Doctor::OK, $status, $detail);
        self::assertMatchesRegularExpression('/^2 event\(s\) waiting in async_event_outbox, the oldest [56]s old$/', $detail);

        $insert->execute(['-300 seconds']);
        [$status, $detail] = $this->byName($this->doctor(true)->run())['outbox'];
        self::assertSame(Doctor::WARN, $status, $detail);
        self::assertMatchesRegularExpression('/^3 event\(s\) waiting .*, the oldest 30[01]s old: is event.trigger.consumer running/', $detail);

        $this->env['async_events']['transactional_publish'] = false;
        [$status, $detail] = $this->byName($this->doctor(true)->run())['outbox'];
        self::assertSame(Doctor::WARN, $status, $detail);
        self::assertStringContainsString('no consumer relays them while transactional publishing is off', $detail);

        $this->env['async_events']['transactional_publish'] = true;
        $this->magentoDb()->pdo->exec('DROP TABLE async_event_outbox');
        [$status, $detail] = $this->byName($this->doctor(true)->run())['outbox'];
        self::assertSame(Doctor::FAIL, $status, $detail);
        self::assertStringContainsString('async_event_outbox is missing or unreadable (run bin/magento setup:upgrade)', $detail);
    }

    /**
     * The AWS line says where credentials come from, or that there are none.
     */
    public function testTheAwsLineSaysWhereCredentialsComeFrom(): void
    {
        $home = getenv('HOME');
        putenv('HOME=' . sys_get_temp_dir() . '/no-home-' . bin2hex(random_bytes(4)));
        try {
            self::assertSame(Doctor::SKIP, $this->byName($this->doctor()->run())['aws sinks'][0]);
            $this->env['async_events'] += ['aws_access_key_id' => 'AKIAEXAMPLE', 'aws_secret_access_key' => 'secret',
                'aws_region' => 'eu-west-1', 'eventbridge_source' => 'shop.example.com'];
            $reopened = $this->doctor(true);
            self::assertSame([Doctor::OK, 'credentials from the admin configuration or env.php; region eu-west-1; EventBridge source shop.example.com'],
                $this->byName($reopened->run())['aws sinks']);
        } finally {
            putenv($home === false ? 'HOME' : "HOME=$home");
        }
    }

    /**
     * The metrics line shows what a running consumer serves on metrics_listen.
     */
    public function testTheMetricsLineShowsTheFiguresARunningConsumerServes(): void
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $address = (string)stream_socket_get_name($socket, false);
        fclose($socket);
        $this->env['async_events']['metrics_listen'] = $address;
        $doctor = $this->doctor(true);
        self::assertSame(Doctor::WARN, $this->byName($doctor->run())['metrics'][0], 'no consumer runs');

        // A consumer serving metrics, in another process, while the doctor looks.
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig();
        $client = new \AsyncEvents\Client($config);
        $client->createSubscription(['event_name' => 'test.order.created', 'recipient_url' => 'http://127.0.0.1:9/closed',
            'verification_token' => 't']);
        $client->publish('test.order.created', ['orderId' => 1]);
        $script = '$c = new AsyncEvents\\Consumer(json_decode($argv[1], true));'
            . '$c->run(fn ($e, $a) => $a, ["idle_timeout" => 4, "poll_interval_ms" => 20]);';
        $extension = getenv('ASYNC_EVENTS_EXTENSION') ?: dirname(__DIR__, 4) . '/target/release/libasync_events.so';
        $consumer = proc_open([PHP_BINARY, '-d', "extension=$extension", '-r', $script, json_encode($config)],
            [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        try {
            $deadline = microtime(true) + 10;
            do {
                usleep(200_000);
                $line = $this->byName($doctor->run())['metrics'];
            } while ((!str_contains($line[1], 'dead letters 1')) && microtime(true) < $deadline);
            self::assertSame(Doctor::OK, $line[0], $line[1]);
            self::assertStringContainsString(
                "on $address: queue depth 0, pending deliveries 0, events consumed 1, attempts delivered 0, retries scheduled 1, dead letters 1",
                $line[1]
            );
        } finally {
            proc_terminate($consumer);
            proc_close($consumer);
        }
    }

    /**
     * An unreachable broker fails.
     */
    public function testAnUnreachableBrokerFails(): void
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = (string)stream_socket_get_name($socket, false);
        fclose($socket);
        $this->env['async_events']['queue_dsn'] = 'amqp://guest:secret@' . $name . '/%2F';
        $checks = $this->byName($this->doctor()->run());
        self::assertSame(Doctor::FAIL, $checks['broker'][0]);
        self::assertStringContainsString('is not reachable', $checks['broker'][1]);
    }

    /**
     * Unusable settings fail with the extensions message.
     */
    public function testUnusableSettingsFailWithTheExtensionsMessage(): void
    {
        $this->env['async_events'] = ['store_dsn' => 'postgres://u:secret@127.0.0.1:1/m'];
        $checks = $this->byName($this->doctor()->run());
        self::assertSame(Doctor::FAIL, $checks['settings'][0]);
        self::assertStringContainsString('async_events: ', $checks['settings'][1]);
        self::assertArrayNotHasKey('tables', $checks, 'nothing else is checked without a store');
    }
}
