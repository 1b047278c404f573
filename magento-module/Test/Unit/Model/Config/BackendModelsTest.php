<?php
/**
 * Tests of the admin fields' backend models.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\Config;

use MageOS\AsyncEvents\Model\Config\Backend\BackoffSchedule;
use MageOS\AsyncEvents\Model\Config\Backend\SsrfAllowList;
use Magento\Framework\Exception\LocalizedException;
use PHPUnit\Framework\TestCase;

/**
 * Bad entries are refused with a message naming them; good ones are saved normalised.
 */
class BackendModelsTest extends TestCase
{
    /**
     * A backend model holding a value, built as Magento would (without its heavy dependencies).
     *
     * @param class-string $class
     * @param string $value
     * @return \Magento\Framework\App\Config\Value
     */
    private function field(string $class, string $value)
    {
        $field = (new \ReflectionClass($class))->newInstanceWithoutConstructor();
        $field->setValue($value);
        return $field;
    }

    /**
     * The backoff schedule is normalised.
     */
    public function testTheBackoffScheduleIsNormalised(): void
    {
        $field = $this->field(BackoffSchedule::class, " 1, 5;30\n60 ");
        $field->beforeSave();
        self::assertSame('1,5,30,60', $field->getValue());
        $empty = $this->field(BackoffSchedule::class, '');
        $empty->beforeSave();
        self::assertSame('', $empty->getValue());
    }

    /**
     * A bad backoff entry is named.
     */
    public function testABadBackoffEntryIsNamed(): void
    {
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('"1.5" is not a whole number of seconds');
        $this->field(BackoffSchedule::class, '1,1.5')->beforeSave();
    }

    /**
     * The ssrf allow list takes addresses and cidrs.
     */
    public function testTheSsrfAllowListTakesAddressesAndCidrs(): void
    {
        $field = $this->field(SsrfAllowList::class, "127.0.0.1, 10.0.0.0/8\n::1\nfd00::/8");
        $field->beforeSave();
        self::assertSame("127.0.0.1\n10.0.0.0/8\n::1\nfd00::/8", $field->getValue());
        foreach (['localhost', '10.0.0.0/33', '1.2.3.4/x', '::1/129', '1.2.3.4/8/1'] as $bad) {
            self::assertFalse(SsrfAllowList::isAddressOrCidr($bad), $bad);
        }
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('"localhost" is not an IP address or CIDR');
        $this->field(SsrfAllowList::class, 'localhost')->beforeSave();
    }
}
