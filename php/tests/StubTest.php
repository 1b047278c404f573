<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

/**
 * php/async_events.stub.php must describe the built extension exactly: the same classes,
 * parents, methods, parameters (names, types, defaults) and return types.
 */
class StubTest extends \PHPUnit\Framework\TestCase
{
    public function testTheStubFileMatchesTheExtension(): void
    {
        $describe = __DIR__ . '/support/describe-api.php';
        $fromExtension = json_decode(shell_exec(escapeshellarg(PHP_BINARY) . ' -d extension=' . escapeshellarg(self::extensionPath()) . ' ' . escapeshellarg($describe)), true);
        $stub = realpath(__DIR__ . '/../async_events.stub.php');
        $fromStub = json_decode(shell_exec(escapeshellarg(PHP_BINARY) . ' -n ' . escapeshellarg($describe) . ' ' . escapeshellarg($stub)), true);

        self::assertNotEmpty($fromExtension, 'the extension describes no class');
        self::assertSame($fromExtension, $fromStub);
    }

    private static function extensionPath(): string
    {
        $path = getenv('ASYNC_EVENTS_EXTENSION');
        self::assertIsString($path, 'ASYNC_EVENTS_EXTENSION must name the built extension (scripts/test sets it)');
        return $path;
    }
}
