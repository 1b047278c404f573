<?php
/**
 * Test stand-in of Magento\Framework\Api\SortOrder, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Api;

/**
 * Data object for sort order.
 */
class SortOrder extends AbstractSimpleObject
{
    public const FIELD = 'field';
    public const DIRECTION = 'direction';
    public const SORT_ASC = 'ASC';
    public const SORT_DESC = 'DESC';

    /**
     * @return string|null
     */
    public function getField()
    {
        return $this->_get(self::FIELD);
    }

    /**
     * @param string $field
     * @return $this
     */
    public function setField($field)
    {
        return $this->setData(self::FIELD, $field);
    }

    /**
     * @return string|null
     */
    public function getDirection()
    {
        return $this->_get(self::DIRECTION);
    }

    /**
     * @param string $direction
     * @return $this
     */
    public function setDirection($direction)
    {
        return $this->setData(self::DIRECTION, $direction);
    }
}
