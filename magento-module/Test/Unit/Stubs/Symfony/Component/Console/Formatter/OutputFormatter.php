<?php
/**
 * Test stand-in of Symfony\Component\Console\Formatter\OutputFormatter, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Formatter;

use Symfony\Component\Console\Exception\InvalidArgumentException;

/**
 * Formatter class for console output (stand-in: style tags are removed, never turned into colours).
 */
class OutputFormatter implements OutputFormatterInterface
{
    private bool $decorated;
    private array $styles = [];

    public function __construct(bool $decorated = false, array $styles = [])
    {
        $this->decorated = $decorated;
        foreach ($styles as $name => $style) {
            $this->setStyle($name, $style);
        }
    }

    /**
     * @return void
     */
    public function setDecorated(bool $decorated)
    {
        $this->decorated = $decorated;
    }

    public function isDecorated(): bool
    {
        return $this->decorated;
    }

    /**
     * @return void
     */
    public function setStyle(string $name, OutputFormatterStyleInterface $style)
    {
        $this->styles[strtolower($name)] = $style;
    }

    public function hasStyle(string $name): bool
    {
        return isset($this->styles[strtolower($name)]);
    }

    public function getStyle(string $name): OutputFormatterStyleInterface
    {
        if (!$this->hasStyle($name)) {
            throw new InvalidArgumentException(sprintf('Undefined style: "%s".', $name));
        }
        return $this->styles[strtolower($name)];
    }

    public function format(?string $message): ?string
    {
        if (null === $message) {
            return null;
        }
        $message = (string) preg_replace('#</?(info|comment|question|error)>|</>|<(fg|bg|options)=[^>]*>#', '', $message);
        return str_replace('\\<', '<', $message);
    }
}
