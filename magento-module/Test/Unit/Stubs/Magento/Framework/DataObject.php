<?php
/**
 * Test stand-in of Magento\Framework\DataObject, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework;

/**
 * Universal data container with array access to its data and magic getters and setters.
 */
class DataObject
{
    /**
     * @var array
     */
    protected $_data = [];

    /**
     * @param array $data
     */
    public function __construct(array $data = [])
    {
        $this->_data = $data;
    }

    /**
     * @param string|array $key
     * @param mixed $value
     * @return $this
     */
    public function setData($key, $value = null)
    {
        if ($key === (array)$key) {
            $this->_data = $key;
        } else {
            $this->_data[$key] = $value;
        }
        return $this;
    }

    /**
     * @param string $key
     * @param string|int $index
     * @return mixed
     */
    public function getData($key = '', $index = null)
    {
        if ('' === $key) {
            return $this->_data;
        }
        $value = $this->_data[$key] ?? null;
        if ($index !== null && is_array($value)) {
            return $value[$index] ?? null;
        }
        return $value;
    }

    /**
     * Get, set, unset or check an attribute through get*, set*, uns* and has* calls.
     *
     * @param string $method
     * @param array $args
     * @return mixed
     */
    public function __call($method, $args)
    {
        $key = strtolower((string)preg_replace('/(.)([A-Z])/', '$1_$2', substr($method, 3)));
        switch (substr((string)$method, 0, 3)) {
            case 'get':
                return $this->getData($key, $args[0] ?? null);
            case 'set':
                return $this->setData($key, $args[0] ?? null);
            case 'uns':
                unset($this->_data[$key]);
                return $this;
            case 'has':
                return isset($this->_data[$key]);
        }
        throw new \BadMethodCallException('Invalid method ' . get_class($this) . '::' . $method);
    }
}
