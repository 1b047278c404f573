<?php
/**
 * Test stand-in of Magento\Ui\DataProvider\AbstractDataProvider, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Ui\DataProvider;

/**
 * Base of the UI components' data providers (stand-in: without the collection, so a grid
 * overrides addFilter(), addOrder(), setLimit() and getData(); without DataProviderInterface).
 */
abstract class AbstractDataProvider implements \Countable
{
    /** @var string */
    protected $primaryFieldName;

    /** @var string */
    protected $requestFieldName;

    /** @var array */
    protected $meta = [];

    /** @var array */
    protected $data = [];

    /** @var string */
    protected $name;

    /**
     * @param string $name
     * @param string $primaryFieldName
     * @param string $requestFieldName
     * @param array $meta
     * @param array $data
     */
    public function __construct($name, $primaryFieldName, $requestFieldName, array $meta = [], array $data = [])
    {
        $this->name = $name;
        $this->primaryFieldName = $primaryFieldName;
        $this->requestFieldName = $requestFieldName;
        $this->meta = $meta;
        $this->data = $data;
    }

    /**
     * @return string
     */
    public function getName()
    {
        return $this->name;
    }

    /**
     * @return string
     */
    public function getPrimaryFieldName()
    {
        return $this->primaryFieldName;
    }

    /**
     * @return string
     */
    public function getRequestFieldName()
    {
        return $this->requestFieldName;
    }

    /**
     * @return array
     */
    public function getMeta()
    {
        return $this->meta;
    }

    /**
     * @param \Magento\Framework\Api\Filter $filter
     * @return mixed|void
     */
    public function addFilter(\Magento\Framework\Api\Filter $filter)
    {
        throw new \LogicException('the stand-in has no collection to filter');
    }

    /**
     * @param string $field
     * @param string $direction
     * @return void
     */
    public function addOrder($field, $direction)
    {
        throw new \LogicException('the stand-in has no collection to sort');
    }

    /**
     * @param int $offset
     * @param int $size
     * @return void
     */
    public function setLimit($offset, $size)
    {
        throw new \LogicException('the stand-in has no collection to page');
    }

    /**
     * @return array
     */
    public function getData()
    {
        throw new \LogicException('the stand-in has no collection to read');
    }

    /**
     * @return int
     */
    public function count(): int
    {
        return (int)($this->getData()['totalRecords'] ?? 0);
    }

    /**
     * @return array
     */
    public function getConfigData()
    {
        return $this->data['config'] ?? [];
    }

    /**
     * @param mixed $config
     * @return bool
     */
    public function setConfigData($config)
    {
        $this->data['config'] = $config;
        return true;
    }
}
