<?php
/**
 * Test stand-in of Symfony\Component\Console\Exception\RuntimeException, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Exception;

/**
 * RuntimeException of the console component.
 */
class RuntimeException extends \RuntimeException implements ExceptionInterface
{
}
