<?php
/**
 * Declares the queue topology on every setup:upgrade.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Setup;

use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use Magento\Framework\Setup\InstallSchemaInterface;
use Magento\Framework\Setup\ModuleContextInterface;
use Magento\Framework\Setup\SchemaSetupInterface;
use Psr\Log\LoggerInterface;

/**
 * Runs after the declarative schema (db_schema.xml has made the tables): declares, through the
 * extension and idempotently, what the queue needs. On RabbitMQ these are the exchanges magento
 * and event.failover, the queues event.trigger, event.failover.retry, event.failover.deadletter
 * and one delay queue per distinct delay of the back-off schedule. A broker that cannot be
 * reached fails setup:upgrade with the extension's message; a missing extension only warns, so
 * that the module can be installed before the extension.
 */
class Recurring implements InstallSchemaInterface
{
    /**
     * @param ClientProvider $clientProvider
     * @param LoggerInterface $logger
     */
    public function __construct(
        private readonly ClientProvider $clientProvider,
        private readonly LoggerInterface $logger
    ) {
    }

    /**
     * @inheritdoc
     */
    public function install(SchemaSetupInterface $setup, ModuleContextInterface $context)
    {
        if (!$this->clientProvider->isExtensionLoaded()) {
            $this->logger->warning('async_events extension not loaded: the queue topology was not declared');
            return;
        }
        $queues = $this->clientProvider->getClient()->declareTopology();
        $this->logger->info('async events queue topology declared', ['queues' => $queues]);
    }
}
