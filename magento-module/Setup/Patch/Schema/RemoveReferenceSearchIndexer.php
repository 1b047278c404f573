<?php
/**
 * Removes what mageos-async-events' Elasticsearch indexer left in the database.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Setup\Patch\Schema;

use Magento\Framework\Setup\Patch\SchemaPatchInterface;
use Magento\Framework\Setup\SchemaSetupInterface;

/**
 * mageos-async-events declared the indexer `async_event` with the mview view `async_event`
 * subscribed to async_event_subscriber_log (entity column log_id). Magento made for it the
 * changelog table async_event_cl, the after insert/update/delete triggers on the log table, and a
 * row in mview_state and in indexer_state. This module searches with the extension's own index,
 * and the triggers would go on writing every attempt into a changelog nobody reads, so they are
 * dropped. Every step is a no-op when there is nothing to remove.
 */
class RemoveReferenceSearchIndexer implements SchemaPatchInterface
{
    /**
     * The indexer id and mview view id of the reference module.
     */
    public const VIEW_ID = 'async_event';

    /**
     * The table the view subscribed to.
     */
    public const SUBSCRIBED_TABLE = 'async_event_subscriber_log';

    /**
     * @param SchemaSetupInterface $schemaSetup
     */
    public function __construct(private readonly SchemaSetupInterface $schemaSetup)
    {
    }

    /**
     * @inheritdoc
     */
    public function apply()
    {
        $connection = $this->schemaSetup->getConnection();
        $logTable = $this->schemaSetup->getTable(self::SUBSCRIBED_TABLE);
        foreach (['insert', 'update', 'delete'] as $event) {
            $connection->dropTrigger($connection->getTriggerName($logTable, 'after', $event));
        }
        $connection->dropTable($this->schemaSetup->getTable(self::VIEW_ID . '_cl'));
        foreach (['mview_state' => 'view_id', 'indexer_state' => 'indexer_id'] as $table => $column) {
            $stateTable = $this->schemaSetup->getTable($table);
            if ($connection->isTableExists($stateTable)) {
                $connection->delete($stateTable, [$column . ' = ?' => self::VIEW_ID]);
            }
        }
        return $this;
    }

    /**
     * @inheritdoc
     */
    public static function getDependencies()
    {
        return [];
    }

    /**
     * @inheritdoc
     */
    public function getAliases()
    {
        return [];
    }
}
