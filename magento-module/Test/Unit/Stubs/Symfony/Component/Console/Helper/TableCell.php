<?php
/**
 * Test stand-in of Symfony\Component\Console\Helper\TableCell, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Helper;

/**
 * A cell of a Table (stand-in: its value only; no rowspan, colspan or style).
 */
class TableCell
{
    private string $value;
    private array $options = [
        'rowspan' => 1,
        'colspan' => 1,
        'style' => null,
    ];

    public function __construct(string $value = '', array $options = [])
    {
        $this->value = $value;
        $this->options = array_merge($this->options, $options);
    }

    /**
     * Returns the cell value.
     */
    public function __toString(): string
    {
        return $this->value;
    }

    /**
     * Gets number of colspan.
     */
    public function getColspan(): int
    {
        return (int) $this->options['colspan'];
    }

    /**
     * Gets number of rowspan.
     */
    public function getRowspan(): int
    {
        return (int) $this->options['rowspan'];
    }
}
