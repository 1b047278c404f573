<?php
/**
 * Test stand-in of Magento\Framework\App\ResourceConnection, with the framework's real signatures (Magento 2.4,
 * PHP 8.4-clean) of the methods the module calls.
 */
namespace Magento\Framework\App;

use Magento\Framework\DB\Adapter\AdapterInterface;

/**
 * Magento's database connections (stand-in: one connection, the default, and a table prefix).
 */
class ResourceConnection
{
    public const DEFAULT_CONNECTION = 'default';

    /** @var AdapterInterface */
    private $connection;

    /** @var string */
    private $tablePrefix;

    /**
     * @param AdapterInterface $connection the default connection (stand-in only)
     * @param string $tablePrefix env.php db/table_prefix (stand-in only)
     */
    public function __construct(AdapterInterface $connection, $tablePrefix = '')
    {
        $this->connection = $connection;
        $this->tablePrefix = (string)$tablePrefix;
    }

    /**
     * Retrieve connection to resource specified by $resourceName.
     *
     * @param string $resourceName
     * @return \Magento\Framework\DB\Adapter\AdapterInterface
     */
    public function getConnection($resourceName = self::DEFAULT_CONNECTION)
    {
        return $this->connection;
    }

    /**
     * Get resource table name, validated by db adapter.
     *
     * @param string|string[] $modelEntity
     * @param string $connectionName
     * @return string
     */
    public function getTableName($modelEntity, $connectionName = self::DEFAULT_CONNECTION)
    {
        $tableName = (string)(is_array($modelEntity) ? implode('_', $modelEntity) : $modelEntity);
        if ($this->tablePrefix !== '' && strpos($tableName, $this->tablePrefix) !== 0) {
            $tableName = $this->tablePrefix . $tableName;
        }
        return $this->getConnection($connectionName)->getTableName($tableName);
    }
}
