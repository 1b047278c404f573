<?php
/**
 * Test stand-in of Magento\Framework\Config\DataInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Config;

/**
 * Config data interface.
 */
interface DataInterface
{
    /**
     * @param array $config
     * @return void
     */
    public function merge(array $config);

    /**
     * @param string $key
     * @param mixed $default
     * @return mixed
     */
    public function get($key, $default = null);
}
