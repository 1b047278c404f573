<?php
/**
 * Test stand-in of Magento\Framework\Console\Cli, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Console;

/**
 * Magento's console application (stand-in: the exit codes the commands return).
 */
class Cli
{
    public const RETURN_SUCCESS = 0;
    public const RETURN_FAILURE = 1;
}
