<?php
/**
 * Test stand-in of Magento\Framework\Config\CacheInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Config;

/**
 * Config cache interface (Magento's extends Cache\FrontendInterface; the methods Config\Data uses).
 */
interface CacheInterface
{
    /**
     * @param string $identifier
     * @return int|bool
     */
    public function test($identifier);

    /**
     * @param string $identifier
     * @return string|bool
     */
    public function load($identifier);

    /**
     * @param string $data
     * @param string $identifier
     * @param array $tags
     * @param int|bool|null $lifeTime
     * @return bool
     */
    public function save($data, $identifier, array $tags = [], $lifeTime = null);

    /**
     * @param string $identifier
     * @return bool
     */
    public function remove($identifier);
}
