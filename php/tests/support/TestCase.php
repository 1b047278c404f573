<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

use AsyncEvents\Client;
use AsyncEvents\Consumer;

/**
 * A fresh SQLite store per test, and a client and consumer over it.
 */
abstract class TestCase extends \PHPUnit\Framework\TestCase
{
    protected string $dir;
    /** @var array<string, mixed> */
    protected array $config;
    protected Client $client;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/async-events-test-' . bin2hex(random_bytes(6));
        mkdir($this->dir);
        $this->config = [
            'store_dsn' => "sqlite://{$this->dir}/store.sqlite",
            'ssrf_allow' => ['127.0.0.1'],
            'max_deaths' => 1,
            'backoff_seconds' => [1],
        ];
        $this->client = new Client($this->config);
    }

    protected function tearDown(): void
    {
        self::removeTree($this->dir);
    }

    /** Removes a file, or a folder with everything in it (the store, its search index ...). */
    protected static function removeTree(string $path): void
    {
        if (is_dir($path) && !is_link($path)) {
            foreach (scandir($path) ?: [] as $entry) {
                if ($entry !== '.' && $entry !== '..') {
                    self::removeTree("$path/$entry");
                }
            }
            rmdir($path);
        } elseif (file_exists($path) || is_link($path)) {
            unlink($path);
        }
    }

    protected function consumer(): Consumer
    {
        return new Consumer($this->config);
    }

    /**
     * The first column of every row $sql returns, read in a child PHP process without the
     * extension: two SQLite libraries in one process (PDO's and the extension's) break each
     * other's file locks, which sqlite.org lists as a way to corrupt a database.
     *
     * @return list<mixed>
     */
    protected function storeColumn(string $sql): array
    {
        $script = 'echo json_encode((new PDO($argv[1]))->query($argv[2])->fetchAll(PDO::FETCH_COLUMN));';
        $command = implode(' ', array_map('escapeshellarg', [PHP_BINARY, '-r', $script, "sqlite:{$this->dir}/store.sqlite", $sql]));
        $output = shell_exec($command);
        self::assertIsString($output, "reading the store failed: $sql");
        return json_decode($output, true, 512, JSON_THROW_ON_ERROR);
    }

    /** @return array<string, mixed> */
    protected function subscribe(string $event, string $url, string $token = 'secret-token'): array
    {
        return $this->client->createSubscription(['event_name' => $event, 'recipient_url' => $url, 'verification_token' => $token]);
    }
}
