<?php
/**
 * Validation always on, as in developer mode.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\Config\ValidationStateInterface;

/**
 * Says validation is required.
 */
class ValidationState implements ValidationStateInterface
{
    /**
     * @inheritdoc
     */
    public function isValidationRequired()
    {
        return true;
    }
}
