<?php
/**
 * Test stand-in of Magento\Framework\Setup\SchemaSetupInterface (Magento 2.4).
 */
namespace Magento\Framework\Setup;

/**
 * The database resource of a schema install or upgrade.
 */
interface SchemaSetupInterface extends SetupInterface
{
}
