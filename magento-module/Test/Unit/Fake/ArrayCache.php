<?php
/**
 * The config cache, in memory.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\Config\CacheInterface;

/**
 * Keeps saved entries and counts loads.
 */
class ArrayCache implements CacheInterface
{
    /**
     * @var array<string, string>
     */
    public array $entries = [];

    /**
     * @inheritdoc
     */
    public function test($identifier)
    {
        return isset($this->entries[$identifier]);
    }

    /**
     * @inheritdoc
     */
    public function load($identifier)
    {
        return $this->entries[$identifier] ?? false;
    }

    /**
     * @inheritdoc
     */
    public function save($data, $identifier, array $tags = [], $lifeTime = null)
    {
        $this->entries[$identifier] = (string)$data;
        return true;
    }

    /**
     * @inheritdoc
     */
    public function remove($identifier)
    {
        unset($this->entries[$identifier]);
        return true;
    }
}
