<?php
/**
 * Test stand-in of Symfony\Component\Console\Input\StreamableInputInterface, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Input;

/**
 * An input that can read answers from a stream.
 */
interface StreamableInputInterface extends InputInterface
{
    /**
     * @param resource $stream
     * @return void
     */
    public function setStream($stream);

    /**
     * @return resource|null
     */
    public function getStream();
}
