<?php
/**
 * An object manager that creates classes with new.
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
     * @inheritdoc
     */
    public function create($type, array $arguments = [])
    {
        $this->created[] = $type;
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
