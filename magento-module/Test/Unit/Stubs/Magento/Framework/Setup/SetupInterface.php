<?php
/**
 * Test stand-in of Magento\Framework\Setup\SetupInterface, with the framework's real signatures (Magento 2.4).
 */
namespace Magento\Framework\Setup;

/**
 * The database resource of an install or upgrade.
 */
interface SetupInterface
{
    /**
     * @return \Magento\Framework\DB\Adapter\AdapterInterface
     */
    public function getConnection();

    /**
     * @param string $tableName
     * @param string $realTableName
     * @return $this
     */
    public function setTable($tableName, $realTableName);

    /**
     * @param string|array $tableName
     * @return string
     */
    public function getTable($tableName);

    /**
     * @param string $tableName
     * @return string
     */
    public function getTablePlaceholder($tableName);

    /**
     * @param string $table
     * @return bool
     */
    public function tableExists($table);

    /**
     * @param string $sql
     * @return $this
     */
    public function run($sql);

    /**
     * @return $this
     */
    public function startSetup();

    /**
     * @return $this
     */
    public function endSetup();
}
