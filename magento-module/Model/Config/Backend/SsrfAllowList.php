<?php
/**
 * Checks the SSRF allow-list entered in the admin.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Config\Backend;

use MageOS\AsyncEvents\Model\Extension\ConfigProvider;
use Magento\Framework\App\Config\Value;
use Magento\Framework\Exception\LocalizedException;

/**
 * Accepts IPv4/IPv6 addresses and CIDRs, one per line or comma-separated; saves one per line.
 */
class SsrfAllowList extends Value
{
    /**
     * Validate and normalise before saving.
     *
     * @return $this
     * @throws LocalizedException when an entry is neither an address nor a CIDR
     */
    public function beforeSave()
    {
        $entries = ConfigProvider::parseList((string)$this->getValue());
        foreach ($entries as $entry) {
            if (!self::isAddressOrCidr($entry)) {
                throw new LocalizedException(__(
                    'SSRF Allow-list: "%1" is not an IP address or CIDR (for example 127.0.0.1 or 10.0.0.0/8).',
                    $entry
                ));
            }
        }
        $this->setValue(implode("\n", $entries));
        return parent::beforeSave();
    }

    /**
     * Whether an entry is an IP address or a CIDR.
     *
     * @param string $entry
     * @return bool
     */
    public static function isAddressOrCidr(string $entry): bool
    {
        $parts = explode('/', $entry);
        if (count($parts) > 2 || filter_var($parts[0], FILTER_VALIDATE_IP) === false) {
            return false;
        }
        if (count($parts) === 1) {
            return true;
        }
        $max = str_contains($parts[0], ':') ? 128 : 32;
        return ctype_digit($parts[1]) && (int)$parts[1] <= $max;
    }
}
