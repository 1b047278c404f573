<?php
/**
 * Test stand-in of Symfony\Component\Console\Exception\LogicException, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Exception;

/**
 * LogicException of the console component.
 */
class LogicException extends \LogicException implements ExceptionInterface
{
}
