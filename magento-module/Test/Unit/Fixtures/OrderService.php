<?php
/**
 * A service of the fixture events: what async_events.xml points at.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fixtures;

/**
 * Methods with typed, defaulted and data-object parameters, returning data objects and scalars.
 */
class OrderService
{
    /**
     * Get an order.
     *
     * @param int $orderId
     * @param bool $withItems
     * @return \MageOS\AsyncEvents\Test\Unit\Fixtures\Order
     */
    public function getOrder(int $orderId, bool $withItems = false): Order
    {
        return new Order($orderId, '00000000' . $orderId, $withItems ? ['SKU-1', 'SKU-2'] : []);
    }

    /**
     * Get a customer's e-mail address.
     *
     * @param int $customerId
     * @return string
     */
    public function getCustomerEmail(int $customerId): string
    {
        return "customer{$customerId}@example.com";
    }

    /**
     * Get a customer by filter.
     *
     * @param \MageOS\AsyncEvents\Test\Unit\Fixtures\CustomerFilter $filter
     * @return array
     */
    public function getCustomer(CustomerFilter $filter): array
    {
        return ['email' => $filter->getEmail(), 'website_id' => $filter->getWebsiteId()];
    }

    /**
     * Always fails.
     *
     * @param int $orderId
     * @return void
     * @throws \DomainException
     */
    public function fail(int $orderId): void
    {
        throw new \DomainException("order {$orderId} does not exist");
    }
}
