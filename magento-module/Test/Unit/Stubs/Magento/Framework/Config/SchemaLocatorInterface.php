<?php
/**
 * Test stand-in of Magento\Framework\Config\SchemaLocatorInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Config;

/**
 * Config schema locator interface.
 */
interface SchemaLocatorInterface
{
    /**
     * @return string|null
     */
    public function getSchema();

    /**
     * @return string|null
     */
    public function getPerFileSchema();
}
