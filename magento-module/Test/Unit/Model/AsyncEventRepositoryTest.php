<?php
/**
 * Tests of the REST repository: validation, ACL, search criteria, and the token never returned.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model;

use MageOS\AsyncEvents\Api\AsyncEventRepositoryInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventDisplayInterface;
use MageOS\AsyncEvents\Model\AsyncEvent;
use MageOS\AsyncEvents\Test\Unit\Fake\Authorization;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\Api\Filter;
use Magento\Framework\Api\Search\FilterGroup;
use Magento\Framework\Api\SearchCriteria;
use Magento\Framework\Api\SortOrder;
use Magento\Framework\Exception\AuthorizationException;
use Magento\Framework\Exception\InputException;
use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Framework\Webapi\ServiceOutputProcessor;

/**
 * What POST/PUT/GET/DELETE /V1/async_event(s) do.
 */
class AsyncEventRepositoryTest extends TestCase
{
    /**
     * A subscription as a REST body would build it.
     *
     * @param array<string, mixed> $fields
     * @return AsyncEvent
     */
    private function asyncEvent(array $fields = []): AsyncEvent
    {
        $fields += [
            'event_name' => 'Test.Order.Created',
            'recipient_url' => 'http://127.0.0.1:9/hook',
            'verification_token' => 'secret-token',
        ];
        $event = new AsyncEvent();
        foreach ($fields as $key => $value) {
            $event->{'set' . str_replace('_', '', ucwords($key, '_'))}($value);
        }
        return $event;
    }

    /**
     * What the webapi would send back for a repository method's result.
     *
     * @param mixed $result
     * @param string $method
     * @return mixed
     */
    private function output($result, string $method)
    {
        return (new ServiceOutputProcessor())->process($result, AsyncEventRepositoryInterface::class, $method);
    }

    /**
     * Keys of an array, sorted.
     *
     * @param array<string, mixed> $array
     * @return string[]
     */
    private function sortedKeys(array $array): array
    {
        $keys = array_keys($array);
        sort($keys);
        return $keys;
    }

    /**
     * Create returns the subscription without its token.
     */
    public function testCreateReturnsTheSubscriptionWithoutItsToken(): void
    {
        $saved = $this->repository()->save($this->asyncEvent(['store_id' => 2]));

        self::assertInstanceOf(AsyncEventDisplayInterface::class, $saved);
        $output = $this->output($saved, 'save');
        self::assertSame('test.order.created', $output['event_name'], 'names are lower-cased');
        self::assertSame('http://127.0.0.1:9/hook', $output['recipient_url']);
        self::assertTrue($output['status'], 'a new subscription is enabled');
        self::assertSame(2, $output['store_id']);
        self::assertIsInt($output['subscription_id']);
        self::assertNotEmpty($output['subscribed_at']);
        self::assertSame(
            ['event_name', 'recipient_url', 'status', 'store_id', 'subscribed_at', 'subscription_id'],
            $this->sortedKeys($output),
            'the reference module\'s output keys: never the token, nor the sink metadata'
        );
        self::assertStringNotContainsString('secret-token', json_encode($output));

        $again = $this->output($this->repository()->get($output['subscription_id']), 'get');
        self::assertSame($output, $again);
    }

    /**
     * Missing fields are refused one by one.
     */
    public function testMissingFieldsAreRefusedOneByOne(): void
    {
        foreach (['event_name', 'recipient_url', 'verification_token'] as $field) {
            $event = $this->asyncEvent();
            $event->setData($field, null);
            try {
                $this->repository()->save($event);
                self::fail("$field accepted empty");
            } catch (InputException $e) {
                self::assertStringContainsString($field, $e->getMessage());
            }
        }
    }

    /**
     * An undeclared event is refused with the declared ones.
     */
    public function testAnUndeclaredEventIsRefusedWithTheDeclaredOnes(): void
    {
        $this->expectException(InputException::class);
        $this->expectExceptionMessage(
            'The event "sales.order.created" is not declared in any module\'s async_events.xml. '
            . 'Declared events: test.broken, test.customer.saved, test.order.created.'
        );
        $this->repository()->save($this->asyncEvent(['event_name' => 'sales.order.created']));
    }

    /**
     * The caller must hold the events acl resources.
     */
    public function testTheCallerMustHoldTheEventsAclResources(): void
    {
        $authorization = new Authorization(['Magento_Sales::sales']);
        try {
            $this->repository($authorization)->save($this->asyncEvent());
            self::fail('created without Magento_Sales::actions_view');
        } catch (AuthorizationException $e) {
            self::assertStringContainsString('Magento_Sales::actions_view', $e->getMessage());
            self::assertStringNotContainsString('Magento_Sales::sales,', $e->getMessage());
        }
        self::assertSame([], $this->client()->listSubscriptions());
        self::assertSame(['Magento_Sales::sales', 'Magento_Sales::actions_view'], $authorization->asked);

        // Trusted callers (the admin) may skip the check, as in mageos-async-events.
        $saved = $this->repository($authorization)->save($this->asyncEvent(), false);
        self::assertNotNull($saved->getSubscriptionId());
    }

    /**
     * Internal addresses are refused by the ssrf guard.
     */
    public function testInternalAddressesAreRefusedByTheSsrfGuard(): void
    {
        $this->expectException(InputException::class);
        $this->expectExceptionMessage('The recipient_url is refused');
        $this->repository()->save($this->asyncEvent(['recipient_url' => 'http://169.254.169.254/latest/meta-data']));
    }

    /**
     * Only http urls and known sinks are accepted.
     */
    public function testOnlyHttpUrlsAndKnownSinksAreAccepted(): void
    {
        try {
            $this->repository()->save($this->asyncEvent(['recipient_url' => 'file:///etc/passwd']));
            self::fail('file:// accepted');
        } catch (InputException $e) {
            self::assertNotSame('', $e->getMessage());
        }
        $this->expectException(InputException::class);
        $this->expectExceptionMessage('known sink');
        $this->repository()->save($this->asyncEvent(['metadata' => 'kafka']));
    }

    /**
     * Update changes only what was sent.
     */
    public function testUpdateChangesOnlyWhatWasSent(): void
    {
        $id = (int)$this->repository()->save($this->asyncEvent())->getSubscriptionId();

        $changes = new AsyncEvent();
        $changes->setStatus(false);
        $updated = $this->output($this->repository()->update($id, $changes), 'update');
        self::assertFalse($updated['status']);
        self::assertSame('http://127.0.0.1:9/hook', $updated['recipient_url']);

        // save() with an id is an update too (PUT bodies carrying subscription_id, old callers).
        $changes = new AsyncEvent();
        $changes->setSubscriptionId($id);
        $changes->setRecipientUrl('https://127.0.0.1:8443/other');
        $updated = $this->output($this->repository()->save($changes), 'save');
        self::assertSame('https://127.0.0.1:8443/other', $updated['recipient_url']);
        self::assertFalse($updated['status']);
    }

    /**
     * Update validates a new event and empty values.
     */
    public function testUpdateValidatesANewEventAndEmptyValues(): void
    {
        $id = (int)$this->repository()->save($this->asyncEvent())->getSubscriptionId();
        try {
            $this->repository()->update($id, $this->asyncEvent(['event_name' => 'not.declared']));
            self::fail('undeclared event accepted');
        } catch (InputException $e) {
            self::assertStringContainsString('"not.declared" is not declared', $e->getMessage());
        }
        $this->expectException(InputException::class);
        $this->expectExceptionMessage('recipient_url');
        $this->repository()->update($id, $this->asyncEvent(['recipient_url' => ' ']));
    }

    /**
     * Missing subscriptions are no such entity.
     */
    public function testMissingSubscriptionsAreNoSuchEntity(): void
    {
        foreach ([
            fn () => $this->repository()->get(404),
            fn () => $this->repository()->update(404, $this->asyncEvent()),
            fn () => $this->repository()->deleteById(404),
        ] as $call) {
            try {
                $call();
                self::fail('no exception');
            } catch (NoSuchEntityException $e) {
                self::assertSame('The subscription with subscription_id 404 does not exist.', $e->getMessage());
            }
        }
    }

    /**
     * Delete removes the subscription.
     */
    public function testDeleteRemovesTheSubscription(): void
    {
        $id = (int)$this->repository()->save($this->asyncEvent())->getSubscriptionId();
        self::assertTrue($this->repository()->deleteById($id));
        $this->expectException(NoSuchEntityException::class);
        $this->repository()->get($id);
    }

    /**
     * List filters sorts and pages.
     */
    public function testListFiltersSortsAndPages(): void
    {
        foreach ([[1, 'http://127.0.0.1:9/a'], [2, 'http://127.0.0.1:9/b'], [1, 'http://127.0.0.1:9/c']] as [$store, $url]) {
            $this->repository()->save($this->asyncEvent(['store_id' => $store, 'recipient_url' => $url]));
        }
        $this->repository()->save($this->asyncEvent(['event_name' => 'test.customer.saved']));

        $criteria = new SearchCriteria();
        $criteria->setFilterGroups([
            new FilterGroup([FilterGroup::FILTERS => [
                new Filter(['field' => 'event_name', 'value' => 'test.order.created', 'condition_type' => 'eq']),
            ]]),
            new FilterGroup([FilterGroup::FILTERS => [
                new Filter(['field' => 'store_id', 'value' => '1']),
                new Filter(['field' => 'recipient_url', 'value' => '%/b', 'condition_type' => 'like']),
            ]]),
        ]);
        $criteria->setSortOrders([new SortOrder(['field' => 'recipient_url', 'direction' => 'DESC'])]);
        $criteria->setPageSize(2);
        $criteria->setCurrentPage(1);

        $results = $this->repository()->getList($criteria);
        $output = $this->output($results, 'getList');
        self::assertSame(3, $output['total_count']);
        self::assertSame(
            ['http://127.0.0.1:9/c', 'http://127.0.0.1:9/b'],
            array_column($output['items'], 'recipient_url')
        );
        self::assertSame($criteria, $results->getSearchCriteria());
        foreach ($output['items'] as $item) {
            self::assertArrayNotHasKey('verification_token', $item);
        }

        $criteria->setCurrentPage(2);
        self::assertSame(['http://127.0.0.1:9/a'], array_map(
            fn ($item) => $item->getRecipientUrl(),
            $this->repository()->getList($criteria)->getItems()
        ));
    }

    /**
     * Unknown search fields and conditions are refused.
     */
    public function testUnknownSearchFieldsAndConditionsAreRefused(): void
    {
        $criteria = new SearchCriteria();
        $criteria->setFilterGroups([new FilterGroup([FilterGroup::FILTERS => [
            new Filter(['field' => 'verification_token', 'value' => 'x']),
        ]])]);
        try {
            $this->repository()->getList($criteria);
            self::fail('filtering on the token accepted');
        } catch (InputException $e) {
            self::assertStringContainsString('"verification_token" cannot be used in searchCriteria', $e->getMessage());
        }
        $criteria->setFilterGroups([new FilterGroup([FilterGroup::FILTERS => [
            new Filter(['field' => 'status', 'value' => '1', 'condition_type' => 'regexp']),
        ]])]);
        $this->expectException(InputException::class);
        $this->expectExceptionMessage('The condition type "regexp" is not supported');
        $this->repository()->getList($criteria);
    }
}
