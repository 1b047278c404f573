<?php
/**
 * Checks the back-off schedule entered in the admin.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Config\Backend;

use MageOS\AsyncEvents\Model\Extension\ConfigProvider;
use Magento\Framework\App\Config\Value;
use Magento\Framework\Exception\LocalizedException;

/**
 * Accepts an empty value or whole seconds separated by commas; saves them normalised ("1,5,30").
 */
class BackoffSchedule extends Value
{
    /**
     * Validate and normalise before saving.
     *
     * @return $this
     * @throws LocalizedException when an entry is not a whole number of seconds
     */
    public function beforeSave()
    {
        $entries = ConfigProvider::parseList((string)$this->getValue());
        foreach ($entries as $entry) {
            if (!ctype_digit($entry)) {
                throw new LocalizedException(__(
                    'Back-off Schedule: "%1" is not a whole number of seconds. Use for example 1,5,30,60.',
                    $entry
                ));
            }
        }
        $this->setValue(implode(',', array_map('intval', $entries)));
        return parent::beforeSave();
    }
}
