<?php
/**
 * Test stand-in of Magento\Framework\Api\SearchCriteriaInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Api;

/**
 * Search criteria interface.
 */
interface SearchCriteriaInterface
{
    public const SORT_ASC = 1;
    public const SORT_DESC = -1;

    /**
     * @return \Magento\Framework\Api\Search\FilterGroup[]
     */
    public function getFilterGroups();

    /**
     * @param \Magento\Framework\Api\Search\FilterGroup[] $filterGroups
     * @return $this
     */
    public function setFilterGroups(?array $filterGroups = null);

    /**
     * @return \Magento\Framework\Api\SortOrder[]|null
     */
    public function getSortOrders();

    /**
     * @param \Magento\Framework\Api\SortOrder[] $sortOrders
     * @return $this
     */
    public function setSortOrders(?array $sortOrders = null);

    /**
     * @return int|null
     */
    public function getPageSize();

    /**
     * @param int $pageSize
     * @return $this
     */
    public function setPageSize($pageSize);

    /**
     * @return int|null
     */
    public function getCurrentPage();

    /**
     * @param int $currentPage
     * @return $this
     */
    public function setCurrentPage($currentPage);
}
