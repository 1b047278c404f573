<?php
/**
 * Test stand-in of Magento\Framework\Setup\InstallSchemaInterface, with the framework's real signatures (Magento 2.4).
 */
namespace Magento\Framework\Setup;

/**
 * A schema installer; a module's Setup\Recurring implementing it runs on every setup:upgrade.
 */
interface InstallSchemaInterface
{
    /**
     * @param SchemaSetupInterface $setup
     * @param ModuleContextInterface $context
     * @return void
     */
    public function install(SchemaSetupInterface $setup, ModuleContextInterface $context);
}
