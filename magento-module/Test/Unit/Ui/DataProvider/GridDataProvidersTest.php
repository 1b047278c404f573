<?php
/**
 * Tests of the subscribers and logs grids' data.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Ui\DataProvider;

use MageOS\AsyncEvents\Model\Log\LogReader;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use MageOS\AsyncEvents\Ui\DataProvider\LogDataProvider;
use MageOS\AsyncEvents\Ui\DataProvider\SubscriberDataProvider;
use Magento\Framework\Api\Filter;

/**
 * The grids apply the filters, sort and page the UI component asks for.
 */
class GridDataProvidersTest extends TestCase
{
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
     * The logs grid is newest first by default and passes filters and paging to the log reader.
     */
    public function testTheLogsGridIsNewestFirstAndPassesFiltersAndPaging(): void
    {
        $uuids = $this->makeDeadLetters(3)['delivery'];
        $grid = fn () => new LogDataProvider('logs', 'log_id', 'id', new LogReader($this->store()));

        $all = $grid()->getData();
        self::assertSame(3, $all['totalRecords']);
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
}
