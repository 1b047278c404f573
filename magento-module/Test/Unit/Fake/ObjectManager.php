<?php
/**
 * An object manager that creates classes with new, or with a factory the test registers.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\ObjectManagerInterface;

/**
 * Counts what it creates.
 */
class ObjectManager implements ObjectManagerInterface
{
    /**
     * @var string[]
     */
    public array $created = [];

    /**
     * @var array<string, callable(array): object> how to create classes whose constructor needs arguments
     */
    public array $factories = [];

    /**
     * @inheritdoc
     */
    public function create($type, array $arguments = [])
    {
        $this->created[] = $type;
        if (isset($this->factories[$type])) {
            return ($this->factories[$type])($arguments);
        }
        return new $type(...$arguments);
    }

    /**
     * @inheritdoc
     */
    public function get($type)
    {
        return $this->create($type);
    }

    /**
     * @inheritdoc
     */
    public function configure(array $configuration)
    {
    }
}
