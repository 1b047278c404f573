<?php
/**
 * Tests that the service contracts follow Magento's webapi reflection rules.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Api;

use MageOS\AsyncEvents\Api\AsyncEventPublisherInterface;
use MageOS\AsyncEvents\Api\AsyncEventRepositoryInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventDisplayInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventSearchResultsInterface;
use MageOS\AsyncEvents\Model\AsyncEvent;
use MageOS\AsyncEvents\Model\AsyncEventSearchResults;
use PHPUnit\Framework\TestCase;

/**
 * Webapi reads types from docblocks: every method documents its parameters and return type, class
 * types are fully qualified, and there is no bare `array` (Magento cannot describe it).
 */
class ServiceContractTest extends TestCase
{
    private const SIMPLE_TYPES = ['int', 'string', 'bool', 'float', 'mixed', 'void', 'null', '$this'];

    /**
     * @return array<string, array{0: class-string}>
     */
    public function serviceContracts(): array
    {
        return [
            'repository' => [AsyncEventRepositoryInterface::class],
            'publisher' => [AsyncEventPublisherInterface::class],
            'subscription in' => [AsyncEventInterface::class],
            'subscription out' => [AsyncEventDisplayInterface::class],
            'search results' => [AsyncEventSearchResultsInterface::class],
        ];
    }

    /**
     * @dataProvider serviceContracts
     * @param class-string $interface
     */
    public function testEveryMethodHasWebapiReadableDocblockTypes(string $interface): void
    {
        $class = new \ReflectionClass($interface);
        self::assertNotFalse($class->getDocComment(), "$interface has no class docblock");
        foreach ($class->getMethods() as $method) {
            if ($method->getDeclaringClass()->getName() !== $interface) {
                continue;
            }
            $where = "$interface::{$method->getName()}()";
            $doc = (string)$method->getDocComment();
            self::assertNotSame('', $doc, "$where has no docblock");
            self::assertMatchesRegularExpression('/@return\s+\S+/', $doc, "$where has no @return");
            preg_match('/@return\s+(\S+)/', $doc, $m);
            $this->assertTypeIsWebapiReadable($m[1], "$where @return");
            foreach ($method->getParameters() as $parameter) {
                self::assertMatchesRegularExpression(
                    '/@param\s+(\S+)\s+\$' . $parameter->getName() . '\b/',
                    $doc,
                    "$where does not document \${$parameter->getName()}"
                );
                preg_match('/@param\s+(\S+)\s+\$' . $parameter->getName() . '\b/', $doc, $p);
                $this->assertTypeIsWebapiReadable($p[1], "$where @param \${$parameter->getName()}");
            }
        }
    }

    /**
     * The returned data types are the display ones.
     */
    public function testTheReturnedDataTypesAreTheDisplayOnes(): void
    {
        foreach (['get', 'save', 'update'] as $method) {
            $doc = (string)(new \ReflectionMethod(AsyncEventRepositoryInterface::class, $method))->getDocComment();
            self::assertStringContainsString('@return \\' . AsyncEventDisplayInterface::class, $doc);
        }
        $doc = (string)(new \ReflectionMethod(AsyncEventSearchResultsInterface::class, 'getItems'))->getDocComment();
        self::assertStringContainsString('@return \\' . AsyncEventDisplayInterface::class . '[]', $doc);
    }

    /**
     * The display type has no token and no metadata.
     */
    public function testTheDisplayTypeHasNoTokenAndNoMetadata(): void
    {
        $getters = array_values(array_filter(array_map(
            static fn (\ReflectionMethod $m) => $m->getName(),
            (new \ReflectionClass(AsyncEventDisplayInterface::class))->getMethods()
        ), static fn (string $name) => strncmp($name, 'get', 3) === 0));
        sort($getters);
        self::assertSame(
            ['getEventName', 'getRecipientUrl', 'getStatus', 'getStoreId', 'getSubscribedAt', 'getSubscriptionId'],
            $getters
        );
    }

    /**
     * Getters return what setters set.
     */
    public function testGettersReturnWhatSettersSet(): void
    {
        $event = new AsyncEvent();
        foreach ([
            'SubscriptionId' => 12,
            'EventName' => 'sales.order.created',
            'RecipientUrl' => 'https://erp.example.com/hooks',
            'VerificationToken' => 'token',
            'Metadata' => 'http',
            'StoreId' => 3,
            'Status' => false,
            'SubscribedAt' => '2025-01-02 03:04:05',
        ] as $field => $value) {
            self::assertNull($event->{"get$field"}(), "$field is null before it is set");
            $event->{"set$field"}($value);
            self::assertSame($value, $event->{"get$field"}());
        }
    }

    /**
     * Setters return void and take the parameters of mageos-async-events 4.x, so classes written
     * against 4.x's data interfaces (implementing or calling them) keep working.
     */
    public function testSettersHaveTheSignaturesOf4x(): void
    {
        foreach ([AsyncEventInterface::class, AsyncEventDisplayInterface::class] as $interface) {
            foreach ((new \ReflectionClass($interface))->getMethods() as $method) {
                if (strncmp($method->getName(), 'set', 3) !== 0) {
                    continue;
                }
                self::assertSame('void', (string)$method->getReturnType(), "$interface::{$method->getName()}()");
                self::assertCount(1, $method->getParameters());
                self::assertFalse($method->getParameters()[0]->allowsNull(), "$interface::{$method->getName()}()");
            }
        }
        $setSubscriptionId = new \ReflectionMethod(AsyncEventInterface::class, 'setSubscriptionId');
        self::assertSame('int $id', $setSubscriptionId->getParameters()[0]->getType() . ' $' . $setSubscriptionId->getParameters()[0]->getName());
    }

    /**
     * An extension row becomes a display object without token.
     */
    public function testAnExtensionRowBecomesADisplayObjectWithoutToken(): void
    {
        $event = AsyncEvent::fromExtensionRow([
            'subscription_id' => 5, 'event_name' => 'a.b', 'recipient_url' => 'https://x', 'status' => true,
            'subscribed_at' => '2025-01-01 00:00:00', 'metadata' => 'http', 'store_id' => 0, 'timeout_ms' => null,
        ]);
        self::assertSame(5, $event->getSubscriptionId());
        self::assertSame(0, $event->getStoreId());
        self::assertTrue($event->getStatus());
        self::assertNull($event->getVerificationToken());
        self::assertSame(
            ['event_name' => 'a.b', 'recipient_url' => 'https://x', 'metadata' => 'http', 'store_id' => 0, 'status' => true],
            $event->toExtensionChanges()
        );
    }

    /**
     * Search results carry items criteria and count.
     */
    public function testSearchResultsCarryItemsCriteriaAndCount(): void
    {
        $results = new AsyncEventSearchResults();
        $items = [AsyncEvent::fromExtensionRow(['subscription_id' => 1])];
        $criteria = new \Magento\Framework\Api\SearchCriteria();
        self::assertSame($results, $results->setItems($items));
        $results->setSearchCriteria($criteria)->setTotalCount(7);
        self::assertSame($items, $results->getItems());
        self::assertSame($criteria, $results->getSearchCriteria());
        self::assertSame(7, $results->getTotalCount());
    }

    /**
     * A docblock type Magento's TypeProcessor understands, fully qualified, never bare `array`.
     *
     * @param string $type
     * @param string $where
     * @return void
     */
    private function assertTypeIsWebapiReadable(string $type, string $where): void
    {
        foreach (explode('|', $type) as $single) {
            $base = substr($single, -2) === '[]' ? substr($single, 0, -2) : $single;
            self::assertNotSame('array', $single, "$where is a bare array; use string[], \\Fqcn[] or mixed");
            if (in_array($base, self::SIMPLE_TYPES, true)) {
                continue;
            }
            self::assertStringStartsWith('\\', $base, "$where: $base is not fully qualified");
            self::assertTrue(
                class_exists($base) || interface_exists($base),
                "$where: $base does not exist"
            );
        }
    }
}
