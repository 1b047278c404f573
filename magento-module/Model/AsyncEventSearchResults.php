<?php
/**
 * A page of subscriptions for GET /V1/async_events.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use MageOS\AsyncEvents\Api\Data\AsyncEventSearchResultsInterface;
use Magento\Framework\Api\SearchResults;

/**
 * Subscriptions matching a search criteria (items, search_criteria, total_count).
 */
class AsyncEventSearchResults extends SearchResults implements AsyncEventSearchResultsInterface
{
}
