<?php
/**
 * The reference module's Elasticsearch indexer leftovers are removed.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Setup\Patch\Schema;

use MageOS\AsyncEvents\Setup\Patch\Schema\RemoveReferenceSearchIndexer;
use Magento\Framework\Setup\Patch\SchemaPatchInterface;
use Magento\Framework\Setup\SchemaSetupInterface;
use PHPUnit\Framework\TestCase;

/**
 * The patch drops the mview triggers of async_event_subscriber_log (named as Magento's MySQL
 * adapter names them), the changelog async_event_cl, and the state rows of the view and indexer
 * `async_event`, on prefixed tables too.
 */
class RemoveReferenceSearchIndexerTest extends TestCase
{
    /**
     * Every leftover is removed with statements that do nothing when it is gone.
     */
    public function testItDropsTheTriggersTheChangelogAndTheStateRows(): void
    {
        $connection = new class {
            /** @var array<int, array<int, mixed>> */
            public array $calls = [];

            public function getTriggerName($tableName, $time, $event)
            {
                return 'trg_' . $tableName . '_' . $time . '_' . $event;
            }

            public function dropTrigger($triggerName, $schemaName = null)
            {
                $this->calls[] = ['dropTrigger', $triggerName];
                return true;
            }

            public function dropTable($tableName, $schemaName = null)
            {
                $this->calls[] = ['dropTable', $tableName];
                return true;
            }

            public function isTableExists($tableName, $schemaName = null)
            {
                return $tableName !== 'm2_indexer_state';
            }

            public function delete($table, $where = '')
            {
                $this->calls[] = ['delete', $table, $where];
                return 1;
            }
        };
        $setup = $this->createMock(SchemaSetupInterface::class);
        $setup->method('getConnection')->willReturn($connection);
        $setup->method('getTable')->willReturnCallback(static fn ($table) => 'm2_' . $table);

        $patch = new RemoveReferenceSearchIndexer($setup);
        self::assertInstanceOf(SchemaPatchInterface::class, $patch);
        self::assertSame($patch, $patch->apply());

        self::assertSame([
            ['dropTrigger', 'trg_m2_async_event_subscriber_log_after_insert'],
            ['dropTrigger', 'trg_m2_async_event_subscriber_log_after_update'],
            ['dropTrigger', 'trg_m2_async_event_subscriber_log_after_delete'],
            ['dropTable', 'm2_async_event_cl'],
            ['delete', 'm2_mview_state', ['view_id = ?' => 'async_event']],
        ], $connection->calls);
        self::assertSame([], RemoveReferenceSearchIndexer::getDependencies());
    }
}
