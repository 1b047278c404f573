<?php
/**
 * Cached, merged async_events.xml configuration.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Config;

use Magento\Framework\Config\CacheInterface;
use Magento\Framework\Serialize\SerializerInterface;

/**
 * The events of every module's async_events.xml, read once and kept in the config cache
 * (cleared by `bin/magento cache:clean config`).
 */
class Data extends \Magento\Framework\Config\Data
{
    /**
     * Cache id of the merged configuration.
     */
    public const CACHE_ID = 'mageos_async_events_config';

    /**
     * @param Reader $reader
     * @param CacheInterface $cache
     * @param string $cacheId
     * @param SerializerInterface|null $serializer
     */
    public function __construct(
        Reader $reader,
        CacheInterface $cache,
        $cacheId = self::CACHE_ID,
        ?SerializerInterface $serializer = null
    ) {
        parent::__construct($reader, $cache, $cacheId, $serializer);
    }
}
