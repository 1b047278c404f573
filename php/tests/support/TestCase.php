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
        foreach (glob("{$this->dir}/*") ?: [] as $file) {
            unlink($file);
        }
        rmdir($this->dir);
    }

    protected function consumer(): Consumer
    {
        return new Consumer($this->config);
    }

    /** @return array<string, mixed> */
    protected function subscribe(string $event, string $url, string $token = 'secret-token'): array
    {
        return $this->client->createSubscription(['event_name' => $event, 'recipient_url' => $url, 'verification_token' => $token]);
    }
}
