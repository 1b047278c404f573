<?php
/**
 * Test stand-in of Magento\Framework\Config\Data, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Config;

use Magento\Framework\Serialize\SerializerInterface;

/**
 * Represents loaded and cached configuration data.
 */
class Data implements DataInterface
{
    /** @var array */
    protected $cacheTags = [];

    /** @var array */
    protected $_data = [];

    /** @var ReaderInterface */
    private $reader;

    /** @var CacheInterface */
    private $cache;

    /** @var string */
    private $cacheId;

    /** @var SerializerInterface */
    private $serializer;

    /**
     * @param ReaderInterface $reader
     * @param CacheInterface $cache
     * @param string $cacheId
     * @param SerializerInterface|null $serializer
     * @param array|null $cacheTags
     */
    public function __construct(
        ReaderInterface $reader,
        CacheInterface $cache,
        $cacheId,
        ?SerializerInterface $serializer = null,
        ?array $cacheTags = null
    ) {
        $this->reader = $reader;
        $this->cache = $cache;
        $this->cacheId = $cacheId;
        // Magento falls back to the ObjectManager's Json serializer.
        $this->serializer = $serializer ?: new \Magento\Framework\Serialize\Serializer\Json();
        if ($cacheTags) {
            $this->cacheTags = $cacheTags;
        }
        $this->initData();
    }

    /**
     * @return void
     */
    protected function initData()
    {
        $data = $this->cache->load($this->cacheId);
        if (false === $data) {
            $data = $this->reader->read();
            $this->cache->save($this->serializer->serialize($data), $this->cacheId, $this->cacheTags);
        } else {
            $data = $this->serializer->unserialize($data);
        }
        $this->merge($data);
    }

    /**
     * @param array $config
     * @return void
     */
    public function merge(array $config)
    {
        $this->_data = array_replace_recursive($this->_data, $config);
    }

    /**
     * @param string $path
     * @param mixed $default
     * @return array|mixed|null
     */
    public function get($path = null, $default = null)
    {
        if ($path === null) {
            return $this->_data;
        }
        $data = $this->_data;
        foreach (explode('/', $path) as $key) {
            if (is_array($data) && array_key_exists($key, $data)) {
                $data = $data[$key];
            } else {
                return $default;
            }
        }
        return $data;
    }

    /**
     * @return void
     */
    public function reset()
    {
        $this->cache->remove($this->cacheId);
        $this->_data = [];
        $configData = $this->reader->read();
        if ($configData) {
            $this->merge($configData);
        }
    }
}
