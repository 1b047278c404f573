<?php
/**
 * Test stand-in of Magento\Framework\Api\Search\FilterGroup, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Api\Search;

use Magento\Framework\Api\AbstractSimpleObject;

/**
 * Groups two or more filters together using a logical OR.
 */
class FilterGroup extends AbstractSimpleObject
{
    public const FILTERS = 'filters';

    /**
     * @return \Magento\Framework\Api\Filter[]|null
     */
    public function getFilters()
    {
        $filters = $this->_get(self::FILTERS);
        return $filters === null ? [] : $filters;
    }

    /**
     * @param \Magento\Framework\Api\Filter[] $filters
     * @return $this
     */
    public function setFilters(?array $filters = null)
    {
        return $this->setData(self::FILTERS, $filters);
    }
}
