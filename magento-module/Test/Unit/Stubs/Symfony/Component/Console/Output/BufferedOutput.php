<?php
/**
 * Test stand-in of Symfony\Component\Console\Output\BufferedOutput, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Output;

/**
 * An output that keeps what is written.
 */
class BufferedOutput extends Output
{
    private string $buffer = '';

    /**
     * Empties buffer and returns its content.
     */
    public function fetch(): string
    {
        $content = $this->buffer;
        $this->buffer = '';
        return $content;
    }

    /**
     * @return void
     */
    protected function doWrite(string $message, bool $newline)
    {
        $this->buffer .= $message;
        if ($newline) {
            $this->buffer .= \PHP_EOL;
        }
    }
}
