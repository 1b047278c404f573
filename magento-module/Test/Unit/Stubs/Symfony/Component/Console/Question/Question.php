<?php
/**
 * Test stand-in of Symfony\Component\Console\Question\Question, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Question;

/**
 * Represents a Question (stand-in: without autocompletion, hidden answers and multiline).
 */
class Question
{
    private string $question;
    private string|bool|int|float|null $default;
    private ?int $attempts = null;
    private $validator;
    private $normalizer;
    private bool $trimmable = true;

    public function __construct(string $question, string|bool|int|float|null $default = null)
    {
        $this->question = $question;
        $this->default = $default;
    }

    public function getQuestion(): string
    {
        return $this->question;
    }

    public function getDefault(): string|bool|int|float|null
    {
        return $this->default;
    }

    public function isHidden(): bool
    {
        return false;
    }

    public function setValidator(?callable $validator = null): static
    {
        $this->validator = $validator;
        return $this;
    }

    public function getValidator(): ?callable
    {
        return $this->validator;
    }

    public function setMaxAttempts(?int $attempts): static
    {
        $this->attempts = $attempts;
        return $this;
    }

    public function getMaxAttempts(): ?int
    {
        return $this->attempts;
    }

    public function setNormalizer(callable $normalizer): static
    {
        $this->normalizer = $normalizer;
        return $this;
    }

    public function getNormalizer(): ?callable
    {
        return $this->normalizer;
    }

    public function isTrimmable(): bool
    {
        return $this->trimmable;
    }

    public function setTrimmable(bool $trimmable): static
    {
        $this->trimmable = $trimmable;
        return $this;
    }
}
