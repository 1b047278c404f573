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

    /**
     * Escapes "<" and ">" special chars in given text.
     */
    public static function escape(string $text): string
    {
        $text = (string) preg_replace('/([^\\\\]|^)([<>])/', '$1\\\\$2', $text);
        return self::escapeTrailingBackslash($text);
    }

    /**
     * Escapes trailing "\\" in given text.
     *
     * @internal
     */
    public static function escapeTrailingBackslash(string $text): string
    {
        if (str_ends_with($text, '\\')) {
            $len = \strlen($text);
            $text = rtrim($text, '\\');
            $text = str_replace("\0", '', $text);
            $text .= str_repeat("\0", $len - \strlen($text));
        }
        return $text;
    }

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
        return strtr($message, ["\0" => '\\', '\\<' => '<', '\\>' => '>']);
    }
}
