<?php
/**
 * Test stand-in of Psr\Log\LoggerInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Psr\Log;

/**
 * Describes a logger instance (PSR-3, psr/log 3).
 */
interface LoggerInterface
{
    public function emergency(string|\Stringable $message, array $context = []): void;

    public function alert(string|\Stringable $message, array $context = []): void;

    public function critical(string|\Stringable $message, array $context = []): void;

    public function error(string|\Stringable $message, array $context = []): void;

    public function warning(string|\Stringable $message, array $context = []): void;

    public function notice(string|\Stringable $message, array $context = []): void;

    public function info(string|\Stringable $message, array $context = []): void;

    public function debug(string|\Stringable $message, array $context = []): void;

    public function log($level, string|\Stringable $message, array $context = []): void;
}
