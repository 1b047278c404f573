<?php
/**
 * Test stand-in of Magento\Framework\Api\Filter, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Api;

/**
 * Filter which can be used by any methods from service layer.
 */
class Filter extends AbstractSimpleObject
{
    public const KEY_FIELD = 'field';
    public const KEY_VALUE = 'value';
    public const KEY_CONDITION_TYPE = 'condition_type';

    /**
     * @return string
     */
    public function getField()
    {
        return $this->_get(self::KEY_FIELD);
    }

    /**
     * @param string $field
     * @return $this
     */
    public function setField($field)
    {
        return $this->setData(self::KEY_FIELD, $field);
    }

    /**
     * @return string
     */
    public function getValue()
    {
        return $this->_get(self::KEY_VALUE);
    }

    /**
     * @param string $value
     * @return $this
     */
    public function setValue($value)
    {
        return $this->setData(self::KEY_VALUE, $value);
    }

    /**
     * @return string|null
     */
    public function getConditionType()
    {
        return $this->_get(self::KEY_CONDITION_TYPE);
    }

    /**
     * @param string $conditionType
     * @return $this
     */
    public function setConditionType($conditionType)
    {
        return $this->setData(self::KEY_CONDITION_TYPE, $conditionType);
    }
}
