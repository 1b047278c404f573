<?php
/**
 * Test stand-in of Symfony\Component\Console\Formatter\OutputFormatterInterface, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Formatter;

/**
 * Formatter interface for console output.
 */
interface OutputFormatterInterface
{
    /**
     * @return void
     */
    public function setDecorated(bool $decorated);

    public function isDecorated(): bool;

    /**
     * @return void
     */
    public function setStyle(string $name, OutputFormatterStyleInterface $style);

    public function hasStyle(string $name): bool;

    public function getStyle(string $name): OutputFormatterStyleInterface;

    public function format(?string $message): ?string;
}
