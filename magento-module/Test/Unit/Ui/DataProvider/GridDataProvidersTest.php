<?php
/**
 * Tests of the subscribers and logs grids' data.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Ui\DataProvider;

use MageOS\AsyncEvents\Model\Log\LogReader;
use MageOS\AsyncEvents\Model\Search\LogSearch;
use MageOS\AsyncEvents\Model\Search\QueryBuilder;
use MageOS\AsyncEvents\Test\Unit\Receiver;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use MageOS\AsyncEvents\Ui\DataProvider\LogDataProvider;
use MageOS\AsyncEvents\Ui\DataProvider\SubscriberDataProvider;
use Magento\Framework\Api\Filter;
use Magento\Framework\Api\Search\DocumentInterface;

/**
 * The grids apply the filters, sort and page the UI component asks for.
 */
class GridDataProvidersTest extends TestCase
{
    /**
     * @var Receiver|null
     */
    private ?Receiver $receiver = null;

    /**
     * @inheritdoc
     */
    protected function tearDown(): void
    {
        if ($this->receiver !== null) {
            $this->receiver->stop();
        }
        parent::tearDown();
    }

    /**
     * The logs grid as the UI component creates it.
     *
     * @return LogDataProvider
     */
    private function logsGrid(): LogDataProvider
    {
        return new LogDataProvider(
            'logs',
            'log_id',
            'id',
            new LogReader($this->store()),
            new LogSearch($this->clientProvider()),
            new QueryBuilder()
        );
    }

    /**
     * The search box's filter, as Magento\Ui\Component\Filters\Type\Search adds it.
     *
     * @param string $query
     * @return Filter
     */
    private function searchBox(string $query): Filter
    {
        return $this->filter('fulltext', $query, 'fulltext');
    }

    /**
     * A grid filter.
     *
     * @param string $field
     * @param mixed $value
     * @param string|null $condition
     * @return Filter
     */
    private function filter(string $field, $value, ?string $condition = null): Filter
    {
        return (new Filter())->setField($field)->setValue($value)->setConditionType($condition);
    }

    /**
     * The subscribers grid filters, sorts and pages, without tokens.
     */
    public function testTheSubscribersGridFiltersSortsAndPages(): void
    {
        foreach (['test.order.created' => true, 'test.order.shipped' => true, 'test.customer.saved' => false] as $event => $status) {
            $this->client()->createSubscription([
                'event_name' => $event, 'recipient_url' => 'http://127.0.0.1:9/' . $event, 'verification_token' => 'secret',
                'status' => $status,
            ]);
        }
        $grid = fn () => new SubscriberDataProvider('subscribers', 'subscription_id', 'id', $this->clientProvider());

        $all = $grid()->getData();
        self::assertSame(3, $all['totalRecords']);
        self::assertSame(['test.order.created', 'test.order.shipped', 'test.customer.saved'], array_column($all['items'], 'event_name'));
        self::assertArrayNotHasKey('verification_token', $all['items'][0]);
        self::assertSame([1, 1, 0], array_column($all['items'], 'status'));

        $orders = $grid();
        $orders->addFilter($this->filter('event_name', '%ORDER%', 'like'));
        $orders->addFilter($this->filter('status', '1'));
        $orders->addOrder('event_name', 'desc');
        $orders->setLimit(2, 1);
        $page = $orders->getData();
        self::assertSame(2, $page['totalRecords']);
        self::assertSame(['test.order.created'], array_column($page['items'], 'event_name'), 'page 2 of 1, newest name first');
    }

    /**
     * The Export button pages through getSearchResult() with the page it sets on
     * getSearchCriteria(), keeping the grid's filters (the selected rows among them); each row is
     * a document whose columns are its custom attributes and data.
     */
    public function testTheExportPagesThroughTheSelectedRowsAsDocuments(): void
    {
        $ids = [];
        foreach (['test.order.created', 'test.order.shipped', 'test.customer.saved'] as $event) {
            $ids[] = (int)$this->client()->createSubscription([
                'event_name' => $event, 'recipient_url' => 'http://127.0.0.1:9/' . $event, 'verification_token' => 'secret',
            ])['subscription_id'];
        }
        $grid = new SubscriberDataProvider('subscribers', 'subscription_id', 'id', $this->clientProvider());
        $grid->addFilter($this->filter('subscription_id', [$ids[0], $ids[2]], 'in'));
        $criteria = $grid->getSearchCriteria();
        $criteria->setCurrentPage(1);
        $criteria->setPageSize(1);

        $exported = [];
        $first = $grid->getSearchResult();
        self::assertSame(2, $first->getTotalCount());
        foreach ([1, 2] as $page) {
            $criteria->setCurrentPage($page);
            foreach ($grid->getSearchResult()->getItems() as $document) {
                self::assertInstanceOf(DocumentInterface::class, $document);
                self::assertSame($document->getData('event_name'), $document->getCustomAttribute('event_name')->getValue());
                self::assertNull($document->getCustomAttribute('verification_token')->getValue());
                $exported[$document->getId()] = $document->getCustomAttribute('event_name')->getValue();
            }
        }
        self::assertSame([$ids[0] => 'test.order.created', $ids[2] => 'test.customer.saved'], $exported);

        $others = new SubscriberDataProvider('subscribers', 'subscription_id', 'id', $this->clientProvider());
        $others->addFilter($this->filter('subscription_id', [$ids[0], $ids[2]], 'nin'));
        self::assertSame(['test.order.shipped'], array_column($others->getData()['items'], 'event_name'));
    }

    /**
     * The logs grid is newest first by default and passes filters and paging to the log reader.
     */
    public function testTheLogsGridIsNewestFirstAndPassesFiltersAndPaging(): void
    {
        $uuids = $this->makeDeadLetters(3)['delivery'];
        $grid = fn () => $this->logsGrid();

        $all = $grid()->getData();
        self::assertSame(3, $all['totalRecords']);
        self::assertSame('', $all['search_error']);
        $ids = array_column($all['items'], 'log_id');
        self::assertTrue($ids[0] > $ids[1] && $ids[1] > $ids[2], 'newest first');

        $paged = $grid();
        $paged->addOrder('log_id', 'ASC');
        $paged->setLimit(2, 2);
        self::assertSame([$ids[0]], array_column($paged->getData()['items'], 'log_id'), 'page 2 of 2, oldest first');

        $one = $grid();
        $one->addFilter($this->filter('uuid', $uuids[1]));
        $page = $one->getData();
        self::assertSame(1, $page['totalRecords']);
        self::assertSame($uuids[1], $page['items'][0]['uuid']);
    }

    /**
     * A query in the search box pages the matches newest first, without a cap, in the grid's shape.
     */
    public function testTheSearchBoxPagesTheMatchesNewestFirstWithoutACap(): void
    {
        $this->makeDeadLetters(130);
        $sql = new LogReader($this->store());
        $newest = array_map('intval', array_column($sql->getPage([], 'log_id', 'DESC', 200)['items'], 'log_id'));

        $grid = $this->logsGrid();
        $grid->addFilter($this->searchBox('  event_name:test.order.* AND success:false '));
        $grid->setLimit(1, 200);
        $all = $grid->getData();
        self::assertSame(130, $all['totalRecords']);
        self::assertSame('', $all['search_error']);
        self::assertSame($newest, array_column($all['items'], 'log_id'), 'every match, newest first, more than 100');
        $row = $all['items'][0];
        self::assertSame(0, $row['success'], 'as the Success options of the column');
        self::assertSame('publish', $row['trigger_kind']);
        self::assertSame('test.order.created', $row['event_name']);
        self::assertArrayNotHasKey('payload', $row);
        self::assertArrayNotHasKey('trigger', $row);

        $page = $this->logsGrid();
        $page->addFilter($this->searchBox('success:false'));
        $page->setLimit(3, 50);
        $result = $page->getData();
        self::assertSame(130, $result['totalRecords']);
        self::assertSame(array_slice($newest, 100, 30), array_column($result['items'], 'log_id'), 'page 3 of 50');

        $none = $this->logsGrid();
        $none->addFilter($this->searchBox('success:true'));
        self::assertSame(['totalRecords' => 0, 'items' => [], 'search_error' => ''], $none->getData());
    }

    /**
     * Sorting by ID or Created ascending gives the oldest first; the column filters narrow the search.
     */
    public function testTheSearchKeepsTheSortAndTheColumnFilters(): void
    {
        $this->receiver = new Receiver();
        $this->recordAttempts($this->receiver, 4, 3);
        $sql = new LogReader($this->store());
        $orders = array_map('intval', array_column(
            $sql->getPage([['event_name', 'eq', 'test.order.created']], 'log_id', 'ASC', 100)['items'],
            'log_id'
        ));
        self::assertCount(4, $orders);

        $oldest = $this->logsGrid();
        $oldest->addFilter($this->searchBox('data.data.increment_id:0*'));
        $oldest->addOrder('log_id', 'asc');
        $oldest->setLimit(1, 2);
        $page = $oldest->getData();
        self::assertSame(4, $page['totalRecords'], 'only orders have an increment id');
        self::assertSame(array_slice($orders, 0, 2), array_column($page['items'], 'log_id'));

        $byCreated = $this->logsGrid();
        $byCreated->addFilter($this->searchBox('*:*'));
        $byCreated->addOrder('created', 'ASC');
        $byCreated->addFilter($this->filter('success', '1'));
        self::assertSame($orders, array_column($byCreated->getData()['items'], 'log_id'));

        $filtered = $this->logsGrid();
        $filtered->addFilter($this->filter('http_status', '%500%', 'like'));
        $filtered->addFilter($this->searchBox('event_name:test.* OR data.data.increment_id:000000001'));
        $result = $filtered->getData();
        self::assertSame(3, $result['totalRecords'], 'the customers, who failed with 500');
        self::assertSame(['test.customer.saved'], array_values(array_unique(array_column($result['items'], 'event_name'))));
        self::assertSame([500], array_values(array_unique(array_column($result['items'], 'http_status'))));
    }

    /**
     * A malformed query gives an empty page and the extension's message, about the query as typed.
     */
    public function testAMalformedQueryShowsTheExtensionsMessageInsteadOfFailing(): void
    {
        $this->makeDeadLetters(2);
        $expected = "invalid search query: unbalanced parentheses: the `(` at position 11 is never closed\n"
            . "event_name:(a OR b\n"
            . '           ^';

        $grid = $this->logsGrid();
        $grid->addFilter($this->searchBox('event_name:(a OR b'));
        self::assertSame(['totalRecords' => 0, 'items' => [], 'search_error' => $expected], $grid->getData());

        $filtered = $this->logsGrid();
        $filtered->addFilter($this->filter('uuid', '%0%', 'like'));
        $filtered->addFilter($this->searchBox('event_name:(a OR b'));
        self::assertSame($expected, $filtered->getData()['search_error'], 'not about the query with the filters around it');
        self::assertSame(0, count($filtered));
    }

    /**
     * Without the extension's store, the search shows the reason instead of failing.
     */
    public function testAnUnusableStoreShowsTheReasonInsteadOfFailing(): void
    {
        $this->env['async_events'] = ['store_dsn' => 'postgres://127.0.0.1/m'];
        $grid = $this->logsGrid();
        $grid->addFilter($this->searchBox('success:false'));
        $data = $grid->getData();
        self::assertSame([], $data['items']);
        self::assertStringStartsWith('async_events: ', $data['search_error']);
        self::assertStringContainsString('postgres', $data['search_error']);
    }
}
