<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

/**
 * Starts fixtures/receiver.php under PHP's built-in server on a free loopback port and reads
 * back what it received.
 */
class Receiver
{
    /** @var resource */
    private $process;
    private string $log;
    public readonly string $baseUrl;

    public function __construct()
    {
        $this->log = tempnam(sys_get_temp_dir(), 'receiver');
        $port = self::freePort();
        $command = [PHP_BINARY, '-n', '-S', "127.0.0.1:$port", __DIR__ . '/../fixtures/receiver.php'];
        $env = ['RECEIVER_LOG' => $this->log, 'PHP_CLI_SERVER_WORKERS' => '4'];
        $this->process = proc_open($command, [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null, $env);
        $this->baseUrl = "http://127.0.0.1:$port";
        $deadline = microtime(true) + 10;
        while (!@fsockopen('127.0.0.1', $port) && microtime(true) < $deadline) {
            usleep(20_000);
        }
    }

    private static function freePort(): int
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = stream_socket_get_name($socket, false);
        fclose($socket);
        return (int) substr($name, strrpos($name, ':') + 1);
    }

    /** @return list<array{path: string, headers: array<string, string>, body: string, at: float}> */
    public function requests(): array
    {
        $lines = array_filter(explode("\n", (string) file_get_contents($this->log)));
        return array_values(array_map(fn (string $line) => json_decode($line, true, 512, JSON_THROW_ON_ERROR), $lines));
    }

    public function stop(): void
    {
        proc_terminate($this->process);
        proc_close($this->process);
        @unlink($this->log);
    }
}
