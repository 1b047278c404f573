<?php
/**
 * Test stand-in of Magento\Framework\Config\ValidationStateInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Config;

/**
 * Config validation state interface.
 */
interface ValidationStateInterface
{
    /**
     * @return bool
     */
    public function isValidationRequired();
}
