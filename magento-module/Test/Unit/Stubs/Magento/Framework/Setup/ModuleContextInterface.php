<?php
/**
 * Test stand-in of Magento\Framework\Setup\ModuleContextInterface, with the framework's real signatures (Magento 2.4).
 */
namespace Magento\Framework\Setup;

/**
 * The module being installed or upgraded.
 */
interface ModuleContextInterface
{
    /**
     * @return string
     */
    public function getVersion();
}
