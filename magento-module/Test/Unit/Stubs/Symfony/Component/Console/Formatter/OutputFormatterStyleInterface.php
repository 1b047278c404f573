<?php
/**
 * Test stand-in of Symfony\Component\Console\Formatter\OutputFormatterStyleInterface, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Formatter;

/**
 * Formatter style interface for defining styles.
 */
interface OutputFormatterStyleInterface
{
    /**
     * @return void
     */
    public function setForeground(?string $color);

    /**
     * @return void
     */
    public function setBackground(?string $color);

    /**
     * @return void
     */
    public function setOption(string $option);

    /**
     * @return void
     */
    public function unsetOption(string $option);

    /**
     * @return void
     */
    public function setOptions(array $options);

    public function apply(string $text): string;
}
