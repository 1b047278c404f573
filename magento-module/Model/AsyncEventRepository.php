<?php
/**
 * Subscriptions kept by the async_events extension, behind the REST service contract.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use AsyncEvents\Exception\AsyncEventsException;
use AsyncEvents\Exception\NotFoundException;
use AsyncEvents\Exception\SsrfException;
use AsyncEvents\Exception\ValidationException;
use MageOS\AsyncEvents\Api\AsyncEventRepositoryInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventDisplayInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventSearchResultsInterface;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Model\Subscription\SearchCriteriaFilter;
use Magento\Framework\Api\SearchCriteriaInterface;
use Magento\Framework\AuthorizationInterface;
use Magento\Framework\Exception\AuthorizationException;
use Magento\Framework\Exception\InputException;
use Magento\Framework\Exception\NoSuchEntityException;

/**
 * Validates what a client sends (HTTP 400 with a message saying what is wrong), checks the
 * event's ACL resources, and hands the subscription to the extension, which encrypts the token,
 * applies the SSRF guard and never returns the token.
 */
class AsyncEventRepository implements AsyncEventRepositoryInterface
{
    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @var Config
     */
    private Config $config;

    /**
     * @var AuthorizationInterface
     */
    private AuthorizationInterface $authorization;

    /**
     * @var SearchCriteriaFilter
     */
    private SearchCriteriaFilter $searchCriteriaFilter;

    /**
     * @param ClientProvider $clientProvider
     * @param Config $config
     * @param AuthorizationInterface $authorization
     * @param SearchCriteriaFilter $searchCriteriaFilter
     */
    public function __construct(
        ClientProvider $clientProvider,
        Config $config,
        AuthorizationInterface $authorization,
        SearchCriteriaFilter $searchCriteriaFilter
    ) {
        $this->clientProvider = $clientProvider;
        $this->config = $config;
        $this->authorization = $authorization;
        $this->searchCriteriaFilter = $searchCriteriaFilter;
    }

    /**
     * @inheritdoc
     */
    public function get(int $subscriptionId): AsyncEventDisplayInterface
    {
        return AsyncEvent::fromExtensionRow($this->fetch($subscriptionId));
    }

    /**
     * @inheritdoc
     */
    public function getList(SearchCriteriaInterface $searchCriteria): AsyncEventSearchResultsInterface
    {
        $rows = $this->call(fn () => $this->clientProvider->getClient()->listSubscriptions(null));
        [$page, $total] = $this->searchCriteriaFilter->apply($searchCriteria, $rows);
        $results = new AsyncEventSearchResults();
        $results->setItems(array_map([AsyncEvent::class, 'fromExtensionRow'], $page));
        $results->setSearchCriteria($searchCriteria);
        $results->setTotalCount($total);
        return $results;
    }

    /**
     * @inheritdoc
     */
    public function save(AsyncEventInterface $asyncEvent, bool $checkResources = true): AsyncEventDisplayInterface
    {
        if ($asyncEvent->getSubscriptionId()) {
            return $this->change((int)$asyncEvent->getSubscriptionId(), $asyncEvent, $checkResources);
        }
        foreach ([
            AsyncEventInterface::EVENT_NAME => $asyncEvent->getEventName(),
            AsyncEventInterface::RECIPIENT_URL => $asyncEvent->getRecipientUrl(),
            AsyncEventInterface::VERIFICATION_TOKEN => $asyncEvent->getVerificationToken(),
        ] as $field => $value) {
            if ($value === null || trim($value) === '') {
                throw InputException::requiredField($field);
            }
        }
        $this->validateEvent((string)$asyncEvent->getEventName(), $checkResources);
        $subscription = $this->toChanges($asyncEvent);
        $subscription += [AsyncEventInterface::STATUS => true];
        $row = $this->call(fn () => $this->clientProvider->getClient()->createSubscription($subscription));
        return AsyncEvent::fromExtensionRow($row);
    }

    /**
     * @inheritdoc
     */
    public function update(int $subscriptionId, AsyncEventInterface $asyncEvent): AsyncEventDisplayInterface
    {
        return $this->change($subscriptionId, $asyncEvent, true);
    }

    /**
     * @inheritdoc
     */
    public function deleteById(int $subscriptionId): bool
    {
        $this->fetch($subscriptionId);
        $this->call(fn () => $this->clientProvider->getClient()->deleteSubscription($subscriptionId), $subscriptionId);
        return true;
    }

    /**
     * Change the fields the client set.
     *
     * @param int $subscriptionId
     * @param AsyncEventInterface $asyncEvent
     * @param bool $checkResources
     * @return AsyncEventDisplayInterface
     * @throws InputException
     * @throws NoSuchEntityException
     * @throws AuthorizationException
     */
    private function change(int $subscriptionId, AsyncEventInterface $asyncEvent, bool $checkResources): AsyncEventDisplayInterface
    {
        $current = $this->fetch($subscriptionId);
        $changes = $this->toChanges($asyncEvent);
        foreach ([AsyncEventInterface::RECIPIENT_URL, AsyncEventInterface::VERIFICATION_TOKEN] as $field) {
            if (array_key_exists($field, $changes) && trim((string)$changes[$field]) === '') {
                throw InputException::invalidFieldValue($field, '');
            }
        }
        if (isset($changes[AsyncEventInterface::EVENT_NAME])
            && $changes[AsyncEventInterface::EVENT_NAME] !== ($current['event_name'] ?? null)
        ) {
            $this->validateEvent($changes[AsyncEventInterface::EVENT_NAME], $checkResources);
        }
        if (!$changes) {
            return AsyncEvent::fromExtensionRow($current);
        }
        $row = $this->call(
            fn () => $this->clientProvider->getClient()->updateSubscription($subscriptionId, $changes),
            $subscriptionId
        );
        return AsyncEvent::fromExtensionRow($row);
    }

    /**
     * The extension's fields for what the client set, with the event name lower-cased.
     *
     * @param AsyncEventInterface $asyncEvent
     * @return array<string, mixed>
     * @throws InputException
     */
    private function toChanges(AsyncEventInterface $asyncEvent): array
    {
        $changes = $asyncEvent instanceof AsyncEvent ? $asyncEvent->toExtensionChanges() : array_filter([
            AsyncEventInterface::EVENT_NAME => $asyncEvent->getEventName(),
            AsyncEventInterface::RECIPIENT_URL => $asyncEvent->getRecipientUrl(),
            AsyncEventInterface::VERIFICATION_TOKEN => $asyncEvent->getVerificationToken(),
            AsyncEventInterface::METADATA => $asyncEvent->getMetadata(),
            AsyncEventInterface::STORE_ID => $asyncEvent->getStoreId(),
            AsyncEventInterface::STATUS => $asyncEvent->getStatus(),
        ], static fn ($value) => $value !== null);
        if (isset($changes[AsyncEventInterface::EVENT_NAME])) {
            $changes[AsyncEventInterface::EVENT_NAME] = strtolower(trim($changes[AsyncEventInterface::EVENT_NAME]));
        }
        if (isset($changes[AsyncEventInterface::RECIPIENT_URL])) {
            $changes[AsyncEventInterface::RECIPIENT_URL] = trim($changes[AsyncEventInterface::RECIPIENT_URL]);
        }
        if (isset($changes[AsyncEventInterface::METADATA])) {
            $metadata = trim($changes[AsyncEventInterface::METADATA]);
            if ($metadata === '') {
                unset($changes[AsyncEventInterface::METADATA]);
            } else {
                $changes[AsyncEventInterface::METADATA] = $metadata;
            }
        }
        if (isset($changes[AsyncEventInterface::STORE_ID]) && $changes[AsyncEventInterface::STORE_ID] < 0) {
            throw InputException::invalidFieldValue(AsyncEventInterface::STORE_ID, $changes[AsyncEventInterface::STORE_ID]);
        }
        return $changes;
    }

    /**
     * The event must be declared, and the caller must hold every ACL resource it lists.
     *
     * @param string $eventName
     * @param bool $checkResources
     * @return void
     * @throws InputException
     * @throws AuthorizationException
     */
    private function validateEvent(string $eventName, bool $checkResources): void
    {
        $event = $this->config->getEvent(strtolower(trim($eventName)));
        if ($event === null) {
            $known = $this->config->getEventNames();
            throw new InputException(__(
                'The event "%1" is not declared in any module\'s async_events.xml. Declared events: %2.',
                $eventName,
                $known ? implode(', ', $known) : '(none)'
            ));
        }
        if (!$checkResources) {
            return;
        }
        $missing = array_values(array_filter(
            $event['resources'],
            fn (string $resource) => !$this->authorization->isAllowed($resource)
        ));
        if ($missing) {
            throw new AuthorizationException(__(
                'Subscribing to "%1" needs access to %2, which this integration or user does not have.',
                $eventName,
                implode(', ', $missing)
            ));
        }
    }

    /**
     * Read one subscription from the extension.
     *
     * @param int $subscriptionId
     * @return array<string, mixed>
     * @throws NoSuchEntityException
     */
    private function fetch(int $subscriptionId): array
    {
        return $this->call(fn () => $this->clientProvider->getClient()->getSubscription($subscriptionId), $subscriptionId);
    }

    /**
     * Call the extension, turning its exceptions into the webapi's.
     *
     * @param callable $call
     * @param int|null $subscriptionId
     * @return mixed
     * @throws InputException on a refused value (HTTP 400)
     * @throws NoSuchEntityException on a missing subscription (HTTP 404)
     * @throws \RuntimeException when the store fails (HTTP 500)
     */
    private function call(callable $call, ?int $subscriptionId = null)
    {
        try {
            return $call();
        } catch (SsrfException $e) {
            throw new InputException(__(
                'The recipient_url is refused: %1. Internal addresses are only allowed through the SSRF '
                . 'allow-list (Stores > Configuration > Advanced > System > Asynchronous Events).',
                $e->getMessage()
            ), $e);
        } catch (ValidationException $e) {
            throw new InputException(__('%1', $e->getMessage()), $e);
        } catch (NotFoundException $e) {
            throw new NoSuchEntityException(
                __('The subscription with subscription_id %1 does not exist.', (string)$subscriptionId),
                $e
            );
        } catch (AsyncEventsException $e) {
            throw new \RuntimeException('async_events: ' . $e->getMessage(), 0, $e);
        }
    }
}
