<?php
/**
 * Test stand-in of Symfony\Component\Console\Exception\InvalidArgumentException, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Exception;

/**
 * InvalidArgumentException of the console component.
 */
class InvalidArgumentException extends \InvalidArgumentException implements ExceptionInterface
{
}
