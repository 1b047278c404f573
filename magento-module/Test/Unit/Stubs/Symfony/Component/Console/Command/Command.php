<?php
/**
 * Test stand-in of Symfony\Component\Console\Command\Command, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Command;

use Symfony\Component\Console\Exception\InvalidArgumentException;
use Symfony\Component\Console\Exception\LogicException;
use Symfony\Component\Console\Helper\HelperSet;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputDefinition;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Base class for all commands (stand-in: without the application, completion and process title).
 */
class Command
{
    public const SUCCESS = 0;
    public const FAILURE = 1;
    public const INVALID = 2;

    private ?string $name = null;
    private array $aliases = [];
    private InputDefinition $definition;
    private bool $hidden = false;
    private string $help = '';
    private string $description = '';
    private bool $ignoreValidationErrors = false;
    private ?HelperSet $helperSet = null;

    /**
     * @param string|null $name The name of the command; passing null means it must be set in configure()
     */
    public function __construct(?string $name = null)
    {
        $this->definition = new InputDefinition();
        if (null !== $name) {
            $this->setName($name);
        }
        $this->configure();
    }

    /**
     * @return void
     */
    public function ignoreValidationErrors()
    {
        $this->ignoreValidationErrors = true;
    }

    /**
     * @return void
     */
    public function setHelperSet(HelperSet $helperSet)
    {
        $this->helperSet = $helperSet;
    }

    public function getHelperSet(): ?HelperSet
    {
        return $this->helperSet;
    }

    /**
     * @return bool
     */
    public function isEnabled()
    {
        return true;
    }

    /**
     * @return void
     */
    protected function configure()
    {
    }

    /**
     * @return int
     */
    protected function execute(InputInterface $input, OutputInterface $output)
    {
        throw new LogicException('You must override the execute() method in the concrete command class.');
    }

    /**
     * @return void
     */
    protected function interact(InputInterface $input, OutputInterface $output)
    {
    }

    /**
     * @return void
     */
    protected function initialize(InputInterface $input, OutputInterface $output)
    {
    }

    public function run(InputInterface $input, OutputInterface $output): int
    {
        try {
            $input->bind($this->getDefinition());
        } catch (\Symfony\Component\Console\Exception\ExceptionInterface $e) {
            if (!$this->ignoreValidationErrors) {
                throw $e;
            }
        }
        $this->initialize($input, $output);
        if ($input->isInteractive()) {
            $this->interact($input, $output);
        }
        $input->validate();
        $statusCode = $this->execute($input, $output);
        if (!\is_int($statusCode)) {
            throw new \TypeError(sprintf('Return value of "%s::execute()" must be of the type int, "%s" returned.', static::class, get_debug_type($statusCode)));
        }
        return $statusCode;
    }

    public function setDefinition(array|InputDefinition $definition): static
    {
        if ($definition instanceof InputDefinition) {
            $this->definition = $definition;
        } else {
            $this->definition->setDefinition($definition);
        }
        return $this;
    }

    public function getDefinition(): InputDefinition
    {
        return $this->definition;
    }

    public function addArgument(string $name, ?int $mode = null, string $description = '', mixed $default = null /* array|\Closure $suggestedValues = null */): static
    {
        $this->definition->addArgument(new InputArgument($name, $mode, $description, $default));
        return $this;
    }

    public function addOption(string $name, string|array|null $shortcut = null, ?int $mode = null, string $description = '', mixed $default = null /* array|\Closure $suggestedValues = [] */): static
    {
        $this->definition->addOption(new InputOption($name, $shortcut, $mode, $description, $default));
        return $this;
    }

    public function setName(string $name): static
    {
        if ('' === $name || !preg_match('/^[^\:]++(\:[^\:]++)*$/', $name)) {
            throw new InvalidArgumentException(sprintf('Command name "%s" is invalid.', $name));
        }
        $this->name = $name;
        return $this;
    }

    public function getName(): ?string
    {
        return $this->name;
    }

    public function setHidden(bool $hidden = true): static
    {
        $this->hidden = $hidden;
        return $this;
    }

    public function isHidden(): bool
    {
        return $this->hidden;
    }

    public function setDescription(string $description): static
    {
        $this->description = $description;
        return $this;
    }

    public function getDescription(): string
    {
        return $this->description;
    }

    public function setHelp(string $help): static
    {
        $this->help = $help;
        return $this;
    }

    public function getHelp(): string
    {
        return $this->help;
    }

    public function setAliases(iterable $aliases): static
    {
        $this->aliases = \is_array($aliases) ? $aliases : iterator_to_array($aliases);
        return $this;
    }

    public function getAliases(): array
    {
        return $this->aliases;
    }

    /**
     * Gets a helper instance by name.
     *
     * @return mixed
     */
    public function getHelper(string $name): mixed
    {
        if (null === $this->helperSet) {
            throw new LogicException(sprintf('Cannot retrieve helper "%s" because there is no HelperSet defined.', $name));
        }
        return $this->helperSet->get($name);
    }
}
