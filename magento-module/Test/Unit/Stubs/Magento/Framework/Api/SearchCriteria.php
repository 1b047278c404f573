<?php
/**
 * Test stand-in of Magento\Framework\Api\SearchCriteria, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Api;

/**
 * Data Object for SearchCriteria.
 */
class SearchCriteria extends AbstractSimpleObject implements SearchCriteriaInterface
{
    public const FILTER_GROUPS = 'filter_groups';
    public const SORT_ORDERS = 'sort_orders';
    public const PAGE_SIZE = 'page_size';
    public const CURRENT_PAGE = 'current_page';
    public const REQUEST_NAME = 'request_name';

    /**
     * @return \Magento\Framework\Api\Search\FilterGroup[]
     */
    public function getFilterGroups()
    {
        $groups = $this->_get(self::FILTER_GROUPS);
        return $groups === null ? [] : $groups;
    }

    /**
     * @param \Magento\Framework\Api\Search\FilterGroup[] $filterGroups
     * @return $this
     */
    public function setFilterGroups(?array $filterGroups = null)
    {
        return $this->setData(self::FILTER_GROUPS, $filterGroups);
    }

    /**
     * @return \Magento\Framework\Api\SortOrder[]|null
     */
    public function getSortOrders()
    {
        return $this->_get(self::SORT_ORDERS);
    }

    /**
     * @param \Magento\Framework\Api\SortOrder[] $sortOrders
     * @return $this
     */
    public function setSortOrders(?array $sortOrders = null)
    {
        return $this->setData(self::SORT_ORDERS, $sortOrders);
    }

    /**
     * @return int|null
     */
    public function getPageSize()
    {
        return $this->_get(self::PAGE_SIZE);
    }

    /**
     * @param int $pageSize
     * @return $this
     */
    public function setPageSize($pageSize)
    {
        return $this->setData(self::PAGE_SIZE, $pageSize);
    }

    /**
     * @return int|null
     */
    public function getCurrentPage()
    {
        return $this->_get(self::CURRENT_PAGE);
    }

    /**
     * @param int $currentPage
     * @return $this
     */
    public function setCurrentPage($currentPage)
    {
        return $this->setData(self::CURRENT_PAGE, $currentPage);
    }
}
