<?php
/**
 * Service contract: a page of subscriptions (GET /V1/async_events).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Api\Data;

use Magento\Framework\Api\SearchResultsInterface;

/**
 * Subscriptions matching a search criteria, with the criteria and the total count.
 *
 * @api
 */
interface AsyncEventSearchResultsInterface extends SearchResultsInterface
{
    /**
     * Get the subscriptions of this page.
     *
     * @return \MageOS\AsyncEvents\Api\Data\AsyncEventDisplayInterface[]
     */
    public function getItems();

    /**
     * Set the subscriptions of this page.
     *
     * @param \MageOS\AsyncEvents\Api\Data\AsyncEventDisplayInterface[] $items
     * @return $this
     */
    public function setItems(array $items);
}
