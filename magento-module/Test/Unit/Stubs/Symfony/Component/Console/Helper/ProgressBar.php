<?php
/**
 * Test stand-in of Symfony\Component\Console\Helper\ProgressBar, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Helper;

use Symfony\Component\Console\Output\OutputInterface;

/**
 * The ProgressBar provides helpers to display progress output (stand-in: the placeholders
 * current, max, bar, percent and message; it draws on every change, each drawing on its own line
 * as the real bar does on an undecorated output).
 */
final class ProgressBar
{
    public const FORMAT_VERBOSE = 'verbose';
    public const FORMAT_VERY_VERBOSE = 'very_verbose';
    public const FORMAT_DEBUG = 'debug';
    public const FORMAT_NORMAL = 'normal';

    private int $barWidth = 28;
    private string $barChar = '=';
    private string $emptyBarChar = '-';
    private string $progressChar = '>';
    private ?string $format = null;
    private array $messages = [];
    private int $step = 0;
    private int $max = 0;
    private bool $drawn = false;
    private OutputInterface $output;

    public function __construct(OutputInterface $output, int $max = 0, float $minSecondsBetweenRedraws = 1 / 25)
    {
        $this->output = $output;
        $this->setMaxSteps($max);
    }

    public function setMessage(string $message, string $name = 'message'): void
    {
        $this->messages[$name] = $message;
    }

    public function getMessage(string $name = 'message'): string
    {
        return $this->messages[$name] ?? '';
    }

    public function getMaxSteps(): int
    {
        return $this->max;
    }

    public function getProgress(): int
    {
        return $this->step;
    }

    public function getProgressPercent(): float
    {
        return $this->max ? (float) $this->step / $this->max : 0;
    }

    public function setBarWidth(int $size): void
    {
        $this->barWidth = max(1, $size);
    }

    public function getBarWidth(): int
    {
        return $this->barWidth;
    }

    public function setFormat(string $format): void
    {
        $this->format = $format;
    }

    public function start(?int $max = null, int $startAt = 0): void
    {
        if (null !== $max) {
            $this->setMaxSteps($max);
        }
        $this->step = $startAt;
        $this->display();
    }

    public function advance(int $step = 1): void
    {
        $this->setProgress($this->step + $step);
    }

    public function setProgress(int $step): void
    {
        if ($this->max && $step > $this->max) {
            $this->max = $step;
        } elseif ($step < 0) {
            $step = 0;
        }
        $changed = $step !== $this->step;
        $this->step = $step;
        if ($changed) {
            $this->display();
        }
    }

    public function setMaxSteps(int $max): void
    {
        $this->max = max(0, $max);
    }

    public function finish(): void
    {
        if (!$this->max) {
            $this->max = $this->step;
        }
        $this->step = $this->max;
        $this->display();
    }

    public function display(): void
    {
        $this->output->write(($this->drawn ? \PHP_EOL : '') . $this->render());
        $this->drawn = true;
    }

    public function clear(): void
    {
    }

    private function render(): string
    {
        $format = $this->format ?? ($this->max ? ' %current%/%max% [%bar%] %percent:3s%%' : ' %current% [%bar%]');
        return (string) preg_replace_callback('{%([a-z\-_]+)(?:\:([^%]+))?%}i', function ($matches) {
            switch ($matches[1]) {
                case 'current':
                    $text = (string) $this->step;
                    break;
                case 'max':
                    $text = (string) $this->max;
                    break;
                case 'percent':
                    $text = (string) floor($this->getProgressPercent() * 100);
                    break;
                case 'bar':
                    $complete = (int) floor($this->max ? $this->getProgressPercent() * $this->barWidth : $this->step % $this->barWidth);
                    $text = str_repeat($this->barChar, $complete);
                    if ($complete < $this->barWidth) {
                        $text .= $this->progressChar . str_repeat($this->emptyBarChar, $this->barWidth - $complete - 1);
                    }
                    break;
                default:
                    if (!isset($this->messages[$matches[1]])) {
                        return $matches[0];
                    }
                    $text = $this->messages[$matches[1]];
            }
            return isset($matches[2]) ? sprintf('%' . $matches[2], $text) : $text;
        }, $format);
    }
}
