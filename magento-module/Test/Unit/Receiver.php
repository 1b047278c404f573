<?php
/**
 * A real HTTP receiver on loopback for the module's tests.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit;

/**
 * Runs _files/receiver.php under PHP's built-in server on a free port and reads back what it got.
 */
class Receiver
{
    /**
     * @var resource
     */
    private $process;

    /**
     * @var string
     */
    private string $log;

    /**
     * @var string
     */
    public string $baseUrl;

    /**
     * Start the server and wait until it accepts connections.
     */
    public function __construct()
    {
        $this->log = (string)tempnam(sys_get_temp_dir(), 'receiver');
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = (string)stream_socket_get_name($socket, false);
        fclose($socket);
        $port = (int)substr($name, strrpos($name, ':') + 1);
        $command = [PHP_BINARY, '-n', '-S', "127.0.0.1:$port", __DIR__ . '/_files/receiver.php'];
        $this->process = proc_open(
            $command,
            [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
            $pipes,
            null,
            ['RECEIVER_LOG' => $this->log, 'PHP_CLI_SERVER_WORKERS' => '4']
        );
        $this->baseUrl = "http://127.0.0.1:$port";
        $deadline = microtime(true) + 10;
        while (!@fsockopen('127.0.0.1', $port) && microtime(true) < $deadline) {
            usleep(20000);
        }
    }

    /**
     * Get the requests received so far.
     *
     * @return array<int, array{path: string, headers: array<string, string>, body: string}>
     */
    public function requests(): array
    {
        $lines = array_filter(explode("\n", (string)file_get_contents($this->log)));
        return array_values(array_map(static fn (string $line) => json_decode($line, true), $lines));
    }

    /**
     * Stop the server.
     *
     * @return void
     */
    public function stop(): void
    {
        proc_terminate($this->process);
        proc_close($this->process);
        @unlink($this->log);
    }
}
