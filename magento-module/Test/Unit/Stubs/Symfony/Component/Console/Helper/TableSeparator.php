<?php
/**
 * Test stand-in of Symfony\Component\Console\Helper\TableSeparator, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Helper;

/**
 * Marks a row of a Table as a separator line.
 */
class TableSeparator extends TableCell
{
    public function __construct(array $options = [])
    {
        parent::__construct('', $options);
    }
}
