<?php
/**
 * Service contract: subscriptions to asynchronous events (the REST routes /V1/async_event(s)).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Api;

use MageOS\AsyncEvents\Api\Data\AsyncEventDisplayInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventSearchResultsInterface;
use Magento\Framework\Api\SearchCriteriaInterface;

/**
 * Creates, reads, changes and deletes subscriptions. Responses never carry the verification token.
 *
 * @api
 */
interface AsyncEventRepositoryInterface
{
    /**
     * Get one subscription.
     *
     * @param int $subscriptionId
     * @return \MageOS\AsyncEvents\Api\Data\AsyncEventDisplayInterface
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     */
    public function get(int $subscriptionId): AsyncEventDisplayInterface;

    /**
     * Get the subscriptions matching a search criteria.
     *
     * Filterable and sortable fields: subscription_id, event_name, recipient_url, status, store_id,
     * subscribed_at, metadata.
     *
     * @param \Magento\Framework\Api\SearchCriteriaInterface $searchCriteria
     * @return \MageOS\AsyncEvents\Api\Data\AsyncEventSearchResultsInterface
     * @throws \Magento\Framework\Exception\InputException
     */
    public function getList(SearchCriteriaInterface $searchCriteria): AsyncEventSearchResultsInterface;

    /**
     * Create a subscription, or change one when the subscription id is set.
     *
     * On creation the event must be declared in async_events.xml, the caller must hold the event's ACL
     * resources (unless $checkResources is false), the recipient must pass the SSRF guard and the
     * metadata must name a known sink.
     *
     * @param \MageOS\AsyncEvents\Api\Data\AsyncEventInterface $asyncEvent
     * @param bool $checkResources
     * @return \MageOS\AsyncEvents\Api\Data\AsyncEventDisplayInterface
     * @throws \Magento\Framework\Exception\InputException
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     * @throws \Magento\Framework\Exception\AuthorizationException
     * @throws \Magento\Framework\Exception\LocalizedException
     */
    public function save(AsyncEventInterface $asyncEvent, bool $checkResources = true): AsyncEventDisplayInterface;

    /**
     * Change the given fields of a subscription; fields left out keep their value.
     *
     * @param int $subscriptionId
     * @param \MageOS\AsyncEvents\Api\Data\AsyncEventInterface $asyncEvent
     * @return \MageOS\AsyncEvents\Api\Data\AsyncEventDisplayInterface
     * @throws \Magento\Framework\Exception\InputException
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     * @throws \Magento\Framework\Exception\AuthorizationException
     * @throws \Magento\Framework\Exception\LocalizedException
     */
    public function update(int $subscriptionId, AsyncEventInterface $asyncEvent): AsyncEventDisplayInterface;

    /**
     * Delete a subscription with its attempt log and pending deliveries.
     *
     * @param int $subscriptionId
     * @return bool
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     */
    public function deleteById(int $subscriptionId): bool;
}
