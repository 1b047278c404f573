<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

/**
 * Our signatures, checked by code we did not write: demo/receiver.py verifies
 * `x-magento-signature` with Python's hmac and the Standard Webhooks headers with the
 * `standardwebhooks` package from PyPI; hash_hmac checks the former here too.
 */
class IndependentVerifierTest extends TestCase
{
    private const TOKEN = 'independent-token';
    /** @var resource */
    private $receiver;
    private string $baseUrl;

    protected function setUp(): void
    {
        parent::setUp();
        $python = getenv('DEMO_PYTHON');
        if (!is_string($python) || !is_executable($python)) {
            self::fail('DEMO_PYTHON must name a python with the standardwebhooks package (scripts/test sets it)');
        }
        $portFile = "{$this->dir}/port";
        $this->receiver = proc_open([$python, __DIR__ . '/../../demo/receiver.py', $portFile, self::TOKEN], [], $pipes);
        $deadline = microtime(true) + 15;
        while ((!is_file($portFile) || filesize($portFile) === 0) && microtime(true) < $deadline) {
            usleep(50_000);
        }
        $this->baseUrl = 'http://127.0.0.1:' . trim((string) file_get_contents($portFile));
    }

    protected function tearDown(): void
    {
        proc_terminate($this->receiver);
        proc_close($this->receiver);
        parent::tearDown();
    }

    /** @return array<string, mixed> */
    private function receiverStats(): array
    {
        return json_decode((string) file_get_contents("{$this->baseUrl}/stats"), true, 512, JSON_THROW_ON_ERROR);
    }

    public function testEveryDeliveryPassesTheIndependentVerifiers(): void
    {
        $this->subscribe('catalog.product.saved', "{$this->baseUrl}/healthy/hook", self::TOKEN);
        $payloads = [['name' => 'Ünïcødé ☃', 'url' => 'https://example.com/a/b?c=d&e=f'], ['price' => 0.1 + 0.2], ['empty' => []], ['quote' => "it's \"quoted\"\n"]];
        foreach ($payloads as $payload) {
            $this->client->publish('catalog.product.saved', $payload, 2);
        }

        $stats = $this->consumer()->run(fn (string $event, array $arguments) => $arguments, ['drain' => true]);

        self::assertSame(count($payloads), $stats['delivered']);
        $received = $this->receiverStats();
        self::assertSame(['healthy' => count($payloads)], $received['requests']);
        self::assertSame(count($payloads), $received['magento_signature_ok']);
        self::assertSame(count($payloads), $received['standard_webhooks_ok']);
        self::assertSame([], $received['rejected']);
    }

    public function testTheVerifiersRejectAWrongToken(): void
    {
        $this->subscribe('catalog.product.saved', "{$this->baseUrl}/healthy/hook", 'not-the-receivers-token');
        $this->client->publish('catalog.product.saved', ['sku' => 'x']);

        $stats = $this->consumer()->run(fn (string $event, array $arguments) => $arguments, ['drain' => true]);

        // 401 is not retried: one attempt, dead-lettered.
        self::assertSame(1, $stats['deliveries_dead_lettered']);
        $received = $this->receiverStats();
        self::assertSame(0, $received['magento_signature_ok']);
        self::assertSame(0, $received['standard_webhooks_ok']);
        self::assertCount(1, $received['rejected']);
    }
}
