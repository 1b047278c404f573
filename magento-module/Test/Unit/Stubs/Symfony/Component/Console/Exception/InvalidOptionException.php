<?php
/**
 * Test stand-in of Symfony\Component\Console\Exception\InvalidOptionException, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Exception;

/**
 * InvalidOptionException of the console component.
 */
class InvalidOptionException extends \InvalidArgumentException implements ExceptionInterface
{
}
