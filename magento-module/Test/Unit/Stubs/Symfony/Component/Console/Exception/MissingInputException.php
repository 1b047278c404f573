<?php
/**
 * Test stand-in of Symfony\Component\Console\Exception\MissingInputException, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Exception;

/**
 * MissingInputException of the console component.
 */
class MissingInputException extends RuntimeException implements ExceptionInterface
{
}
