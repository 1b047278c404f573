<?php
/**
 * Test stand-in of Symfony\Component\Console\Helper\Table, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Helper;

use Symfony\Component\Console\Output\OutputInterface;

/**
 * Provides helpers to display a table (stand-in: the "default" style only, one header row, cells
 * padded on the right to the widest of their column, no colspan, rowspan or wrapping):
 *
 *     +----+-------+
 *     | ID | Event |
 *     +----+-------+
 *     | 1  | a.b   |
 *     +----+-------+
 */
class Table
{
    private array $headers = [];
    private array $rows = [];
    private OutputInterface $output;

    public function __construct(OutputInterface $output)
    {
        $this->output = $output;
    }

    /**
     * @return $this
     */
    public function setHeaders(array $headers): static
    {
        $headers = array_values($headers);
        if ($headers && !\is_array($headers[0])) {
            $headers = [$headers];
        }
        $this->headers = $headers;
        return $this;
    }

    /**
     * @return $this
     */
    public function setRows(array $rows): static
    {
        $this->rows = [];
        return $this->addRows($rows);
    }

    /**
     * @return $this
     */
    public function addRows(array $rows): static
    {
        foreach ($rows as $row) {
            $this->addRow($row);
        }
        return $this;
    }

    /**
     * @return $this
     */
    public function addRow(TableSeparator|array $row): static
    {
        if ($row instanceof TableSeparator) {
            $this->rows[] = $row;
            return $this;
        }
        $this->rows[] = array_values($row);
        return $this;
    }

    /**
     * Renders table to output.
     */
    public function render(): void
    {
        $header = $this->headers[0] ?? [];
        $lines = array_merge($header ? [$header] : [], $this->rows);
        if (!$lines) {
            return;
        }
        $widths = [];
        foreach ($lines as $line) {
            if ($line instanceof TableSeparator) {
                continue;
            }
            foreach ($line as $column => $cell) {
                $widths[$column] = max($widths[$column] ?? 0, $this->width((string) $cell));
            }
        }
        $separator = '+';
        foreach ($widths as $width) {
            $separator .= str_repeat('-', $width + 2) . '+';
        }
        $out = [$separator];
        if ($header) {
            $out[] = $this->renderRow($header, $widths);
            $out[] = $separator;
        }
        foreach ($this->rows as $row) {
            $out[] = $row instanceof TableSeparator ? $separator : $this->renderRow($row, $widths);
        }
        if ($this->rows) {
            $out[] = $separator;
        }
        foreach ($out as $line) {
            $this->output->writeln($line);
        }
    }

    private function renderRow(array $row, array $widths): string
    {
        $line = '|';
        foreach ($widths as $column => $width) {
            $cell = (string) ($row[$column] ?? '');
            $line .= ' ' . $cell . str_repeat(' ', $width - $this->width($cell)) . ' |';
        }
        return $line;
    }

    private function width(string $cell): int
    {
        return mb_strwidth((string) preg_replace('#</?(info|comment|question|error)>|</>#', '', $cell), 'UTF-8');
    }
}
