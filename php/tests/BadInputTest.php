<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

use AsyncEvents\Client;
use AsyncEvents\Exception\SsrfException;
use AsyncEvents\Exception\ValidationException;

/**
 * Bad input gets a typed exception that names what is wrong, and costs nothing: nothing is
 * written, nothing already there is touched, and the same limits hold on SQLite and MySQL.
 */
class BadInputTest extends TestCase
{
    /** @return iterable<string, array{string, string}> */
    public static function badEventNames(): iterable
    {
        yield 'NUL byte' => ["sales.order\0.created", 'holds a NUL byte'];
        yield 'invalid UTF-8' => ["sales.order.\xff\xfe", 'is not valid UTF-8'];
    }

    /** @dataProvider badEventNames */
    public function testABadEventNameIsAValidationError(string $name, string $why): void
    {
        $this->expectException(ValidationException::class);
        $this->expectExceptionMessage("\$eventName $why");
        $this->client->publish($name, []);
    }

    public function testAnArrayKeyThatIsNotUtf8IsAValidationErrorNamingIt(): void
    {
        $this->expectException(ValidationException::class);
        $this->expectExceptionMessage("\$arguments['order'] has a key that is not valid UTF-8");
        $this->client->publish('sales.order.created', ['order' => ["\xff" => 1]]);
    }

    public function testANegativeIdleTimeoutIsAValidationError(): void
    {
        $this->expectException(ValidationException::class);
        $this->expectExceptionMessage('idle_timeout');
        $this->consumer()->run(fn () => [], ['idle_timeout' => -1]);
    }

    public function testAnEmptyBatchPublishesNothing(): void
    {
        self::assertSame([], $this->client->publishBatch([]));
    }

    public function testAMalformedExportQueryLeavesTheFileAtItsPathAlone(): void
    {
        $path = "{$this->dir}/export.csv";
        file_put_contents($path, "kept\n");
        try {
            $this->client->searchExport('event_name:(', $path);
            self::fail('a malformed query is refused');
        } catch (ValidationException $e) {
            self::assertStringContainsString('invalid search query', $e->getMessage());
        }
        self::assertSame("kept\n", file_get_contents($path));
        self::assertSame([], glob("{$this->dir}/.export.csv*"), 'no partial file is left');

        self::assertSame(0, $this->client->searchExport('event_name:none', $path));
        self::assertStringStartsWith('log_id,', (string) file_get_contents($path), 'a complete export replaces the file');
    }

    /** @return iterable<string, array{string, string}> */
    public static function unboundedQueries(): iterable
    {
        yield '1 MiB query' => [str_repeat('a ', 512 * 1024), 'over the limit of 8192'];
        yield 'long fuzzy term' => ['data.data.email:' . str_repeat('x', 5000) . '~2', 'longer than 64 characters'];
        yield 'many clauses' => [implode(' OR ', array_fill(0, 1100, 'a')), 'over the limit of 1024'];
        yield 'many wildcards' => ['event_name:' . str_repeat('a*', 40), 'more than 16 wildcards'];
        yield 'many patterns' => [implode(' ', array_fill(0, 500, '*a*b*c')), 'over the limit of 32'];
    }

    /** @dataProvider unboundedQueries */
    public function testAnUnboundedQueryIsRefusedBeforeItRuns(string $query, string $why): void
    {
        $this->expectException(ValidationException::class);
        $this->expectExceptionMessage($why);
        $this->client->search($query);
    }

    /** @return iterable<string, array{string}> */
    public static function internalAddressesInIpv6(): iterable
    {
        yield 'IPv4-compatible loopback' => ['http://[::127.0.0.1]/hook'];
        yield '6to4 of loopback' => ['http://[2002:7f00:1::]/hook'];
        yield '6to4 of the metadata service' => ['http://[2002:a9fe:a9fe::]/hook'];
        yield 'site-local' => ['http://[fec0::1]/hook'];
        yield 'Teredo of loopback' => ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook'];
        yield 'NAT64 of a private address' => ['http://[64:ff9b::a00:1]/hook'];
    }

    /** @dataProvider internalAddressesInIpv6 */
    public function testIpv6FormsOfInternalAddressesAreRefusedAtSaveTime(string $url): void
    {
        $guarded = new Client(['ssrf_allow' => []] + $this->config);
        $this->expectException(SsrfException::class);
        $guarded->createSubscription(['event_name' => 'sales.order.created', 'recipient_url' => $url, 'verification_token' => 't']);
    }

    public function testACustomSinksRecipientTurnedHttpIsChecked(): void
    {
        $guarded = new Client(['ssrf_allow' => [], 'sinks' => ['custom']] + $this->config);
        $saved = $guarded->createSubscription(['event_name' => 'sales.order.created', 'recipient_url' => 'http://169.254.169.254/latest',
            'verification_token' => 't', 'metadata' => 'custom']);
        $this->expectException(SsrfException::class);
        $guarded->updateSubscription($saved['subscription_id'], ['metadata' => 'http']);
    }

    /** @return iterable<string, array{string}> */
    public static function stores(): iterable
    {
        yield 'SQLite' => ['sqlite'];
        yield 'MySQL' => ['mysql'];
    }

    /** @dataProvider stores */
    public function testSizeLimitsAreTheSameOnEveryStoreAndWriteNothing(string $store): void
    {
        $database = $store === 'mysql' ? $this->mysqlDatabase() : null;
        try {
            $config = $database === null ? $this->config : ['store_dsn' => $database['dsn'], 'key_file' => "{$this->dir}/key",
                'index_path' => "{$this->dir}/index"] + $this->config;
            $client = new Client($config);
            try {
                $client->createSubscription(['event_name' => 'limit.test', 'recipient_url' => 'http://127.0.0.1:9/hook',
                    'verification_token' => str_repeat('t', 10 * 1024 * 1024)]);
                self::fail('a 10 MiB token is refused');
            } catch (ValidationException $e) {
                self::assertStringContainsString('the verification token: 10485760 bytes, over the limit of 256 bytes', $e->getMessage());
            }
            try {
                $client->publish('limit.test', ['blob' => str_repeat('x', 50 * 1024 * 1024)]);
                self::fail('50 MiB of arguments are refused');
            } catch (ValidationException $e) {
                self::assertStringContainsString("the arguments of 'limit.test': 52428", $e->getMessage());
                self::assertStringContainsString('over the limit of 4194304 bytes', $e->getMessage());
            }
            self::assertSame([], $client->listSubscriptions());

            // Just under the limits, it works on every store.
            $client->createSubscription(['event_name' => 'limit.test', 'recipient_url' => 'http://127.0.0.1:9/hook',
                'verification_token' => str_repeat('t', 256)]);
            $client->publish('limit.test', ['blob' => str_repeat('x', 4 * 1024 * 1024 - 20)]);
            $stats = (new \AsyncEvents\Consumer($config))->run(fn (string $event, array $arguments) => $arguments + ['more' => str_repeat('y', 100)],
                ['max_messages' => 1]);
            self::assertSame(1, $stats['events_dead_lettered'], 'a payload over the limit dead-letters its event');
            self::assertStringContainsString("the resolver's payload: 4194", $client->deadLetters('event')['items'][0]['reason']);
        } finally {
            if ($database !== null) {
                $database['pdo']->exec("DROP DATABASE `{$database['name']}`");
            }
        }
    }

    /** @return array{dsn: string, name: string, pdo: \PDO} */
    private function mysqlDatabase(): array
    {
        $server = getenv('ASYNC_EVENTS_TEST_MYSQL') ?: 'mysql://root@127.0.0.1:3306';
        $parts = parse_url($server);
        $pdo = new \PDO(sprintf('mysql:host=%s;port=%d', $parts['host'], $parts['port'] ?? 3306), $parts['user'] ?? 'root', $parts['pass'] ?? '');
        $name = 'ae_test_php_' . bin2hex(random_bytes(4));
        $pdo->exec("CREATE DATABASE `$name`");
        return ['dsn' => "$server/$name", 'name' => $name, 'pdo' => $pdo];
    }
}
