<?php
/**
 * Test stand-in of Symfony\Component\Console\Input\InputInterface, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Input;

/**
 * InputInterface is the interface implemented by all input classes.
 */
interface InputInterface
{
    public function getFirstArgument(): ?string;

    public function hasParameterOption(string|array $values, bool $onlyParams = false): bool;

    /**
     * @return mixed
     */
    public function getParameterOption(string|array $values, string|bool|int|float|array|null $default = false, bool $onlyParams = false);

    /**
     * @return void
     */
    public function bind(InputDefinition $definition);

    /**
     * @return void
     */
    public function validate();

    public function getArguments(): array;

    /**
     * @return mixed
     */
    public function getArgument(string $name);

    /**
     * @return void
     */
    public function setArgument(string $name, mixed $value);

    public function hasArgument(string $name): bool;

    public function getOptions(): array;

    /**
     * @return mixed
     */
    public function getOption(string $name);

    /**
     * @return void
     */
    public function setOption(string $name, mixed $value);

    public function hasOption(string $name): bool;

    public function isInteractive(): bool;

    /**
     * @return void
     */
    public function setInteractive(bool $interactive);
}
