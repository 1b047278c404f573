<?php
/**
 * Test stand-in of Symfony\Component\Console\Exception\ExceptionInterface, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Exception;

/**
 * Every exception of the console component.
 */
interface ExceptionInterface extends \Throwable
{
}
