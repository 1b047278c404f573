<?php
/**
 * Health checks behind `bin/magento async-events:doctor`.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Model\Extension\ConnectionDsn;
use MageOS\AsyncEvents\Model\Store\StoreConnection;
use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\App\ResourceConnection;

/**
 * Checks, in order: the extension is loaded (and its version), the broker is reachable, the
 * settings are accepted, where the AWS sinks' credentials come from, the store's tables are
 * present, the transactional outbox (rows waiting, the oldest's age), the events are declared,
 * the search index, and the figures of a consumer serving metrics. Each check is [name, status
 * (ok|fail|warn|skip), detail].
 */
class Doctor
{
    public const OK = 'ok';
    public const FAIL = 'fail';
    public const WARN = 'warn';
    public const SKIP = 'skip';

    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @var ConnectionDsn
     */
    private ConnectionDsn $connectionDsn;

    /**
     * @var StoreConnection
     */
    private StoreConnection $store;

    /**
     * @var Config
     */
    private Config $config;

    /**
     * @var ScopeConfigInterface
     */
    private ScopeConfigInterface $scopeConfig;

    /**
     * @var ResourceConnection
     */
    private ResourceConnection $resourceConnection;

    /**
     * Seconds after which rows still waiting in the outbox mean that no trigger consumer relays them.
     */
    public const OUTBOX_STALE_SECONDS = 60;

    /**
     * @param ClientProvider $clientProvider
     * @param ConnectionDsn $connectionDsn
     * @param StoreConnection $store
     * @param Config $config
     * @param ScopeConfigInterface $scopeConfig
     * @param ResourceConnection $resourceConnection Magento's database, where the outbox is
     */
    public function __construct(
        ClientProvider $clientProvider,
        ConnectionDsn $connectionDsn,
        StoreConnection $store,
        Config $config,
        ScopeConfigInterface $scopeConfig,
        ResourceConnection $resourceConnection
    ) {
        $this->clientProvider = $clientProvider;
        $this->connectionDsn = $connectionDsn;
        $this->store = $store;
        $this->config = $config;
        $this->scopeConfig = $scopeConfig;
        $this->resourceConnection = $resourceConnection;
    }

    /**
     * Run every check.
     *
     * @return array<int, array{0: string, 1: string, 2: string}>
     */
    public function run(): array
    {
        $checks = [];
        if (!$this->clientProvider->isExtensionLoaded()) {
            $checks[] = ['extension', self::FAIL, 'async_events is not loaded in ' . PHP_BINARY . ' (php --ini shows the ini files)'];
            return $checks;
        }
        $checks[] = ['extension', self::OK, 'async_events ' . $this->clientProvider->getExtensionVersion()];

        $checks[] = $this->checkBroker();
        try {
            $storeDsn = $this->connectionDsn->getStoreDsn();
            $this->clientProvider->getClient();
            $checks[] = ['settings', self::OK, 'store ' . $this->store->redact($storeDsn)
                . ($this->connectionDsn->usesSqliteFallback() ? ' (SQLite fallback: one host only)' : '')];
        } catch (\Exception $e) {
            $checks[] = ['settings', self::FAIL, $e->getMessage()];
            return $checks;
        }

        $checks[] = $this->checkAws();
        $checks[] = $this->checkTables();
        $checks[] = $this->checkOutbox();
        $events = $this->config->getEventNames();
        $checks[] = ['events', $events ? self::OK : self::WARN, $events
            ? count($events) . ' declared in async_events.xml: ' . implode(', ', array_slice($events, 0, 10))
                . (count($events) > 10 ? ' ...' : '')
            : 'no module declares an event in etc/async_events.xml'];
        $checks[] = $this->checkSearch();
        $checks[] = $this->checkMetrics();
        return $checks;
    }

    /**
     * The figures of the consumer serving metrics on `metrics_listen`, if one runs.
     *
     * @return array{0: string, 1: string, 2: string}
     */
    private function checkMetrics(): array
    {
        $listen = trim((string)($this->clientProvider->getSettings()['metrics_listen'] ?? ''));
        if ($listen === '') {
            return ['metrics', self::SKIP, 'no metrics_listen in env.php async_events'];
        }
        $address = ctype_digit($listen) ? "127.0.0.1:$listen" : $listen;
        $context = stream_context_create(['http' => ['timeout' => 2, 'ignore_errors' => true]]);
        $text = @file_get_contents("http://$address/metrics", false, $context);
        if (!is_string($text) || !str_contains($text, 'async_events_')) {
            return ['metrics', self::WARN, "no consumer serves metrics on $address now (it serves them while it runs)"];
        }
        $sum = static function (string $series) use ($text): float {
            $total = 0.0;
            foreach (explode("\n", $text) as $line) {
                if (str_starts_with($line, $series)) {
                    $total += (float)substr($line, (int)strrpos($line, ' ') + 1);
                }
            }
            return $total;
        };
        return ['metrics', self::OK, sprintf(
            'on %s: queue depth %d, pending deliveries %d, events consumed %d, attempts delivered %d, retries scheduled %d, dead letters %d',
            $address,
            $sum('async_events_queue_depth '),
            $sum('async_events_deliveries_pending '),
            $sum('async_events_events_consumed_total '),
            $sum('async_events_delivery_attempts_total{outcome="delivered"'),
            $sum('async_events_retries_scheduled_total '),
            $sum('async_events_dead_letters_total{')
        )];
    }

    /**
     * Rows waiting in the transactional outbox and the age of the oldest: committed events that
     * no trigger consumer has moved to the queue yet.
     *
     * @return array{0: string, 1: string, 2: string}
     */
    private function checkOutbox(): array
    {
        $on = $this->connectionDsn->getOutboxDsn() !== null;
        if (!$on && !$this->connectionDsn->usesTransactionalPublish()) {
            $detail = 'transactional publishing is off (env.php async_events/transactional_publish): events '
                . 'published inside a transaction are queued at once';
        } elseif (!$on) {
            return ['outbox', self::SKIP, 'no db/connection/default in env.php: events are queued at once'];
        }
        $table = $this->resourceConnection->getTableName(ConnectionDsn::OUTBOX_TABLE);
        try {
            $row = $this->resourceConnection->getConnection()->fetchRow(
                'SELECT COUNT(*) AS waiting, UNIX_TIMESTAMP() - UNIX_TIMESTAMP(MIN(created_at)) AS age FROM ' . $table
            );
        } catch (\Exception $e) {
            return ['outbox', $on ? self::FAIL : self::SKIP, "$table is missing or unreadable"
                . ($on ? ' (run bin/magento setup:upgrade): ' : ': ') . $e->getMessage()];
        }
        $waiting = (int)($row['waiting'] ?? 0);
        $age = max(0, (int)($row['age'] ?? 0));
        if (!$on) {
            return $waiting
                ? ['outbox', self::WARN, "$waiting event(s) wait in $table, the oldest {$age}s old, and no consumer "
                    . 'relays them while transactional publishing is off: turn it on until they are gone']
                : ['outbox', self::SKIP, $detail];
        }
        if ($waiting === 0) {
            return ['outbox', self::OK, "0 events waiting in $table (events published inside a transaction "
                . 'wait there until a trigger consumer queues them)'];
        }
        $detail = "$waiting event(s) waiting in $table, the oldest {$age}s old";
        return $age >= self::OUTBOX_STALE_SECONDS
            ? ['outbox', self::WARN, $detail . ': is event.trigger.consumer running? It moves them to the queue']
            : ['outbox', self::OK, $detail];
    }

    /**
     * Where the eventbridge and sqs sinks take their credentials and region from.
     *
     * @return array{0: string, 1: string, 2: string}
     */
    private function checkAws(): array
    {
        $settings = $this->clientProvider->getSettings();
        $env = static fn (string $name): string => (string)getenv($name);
        $profile = $env('AWS_PROFILE') ?: 'default';
        $credentialsFile = $env('AWS_SHARED_CREDENTIALS_FILE') ?: $env('HOME') . '/.aws/credentials';
        if (isset($settings['aws_access_key_id'], $settings['aws_secret_access_key'])) {
            $from = 'the admin configuration or env.php';
        } elseif ($env('AWS_ACCESS_KEY_ID') !== '' && $env('AWS_SECRET_ACCESS_KEY') !== '') {
            $from = 'the AWS_* environment variables';
        } elseif (is_readable($credentialsFile)) {
            $from = "the profile '$profile' of $credentialsFile";
        } else {
            return ['aws sinks', self::SKIP, 'no AWS credentials (needed only by eventbridge and sqs subscriptions)'];
        }
        $region = $settings['aws_region'] ?? ($env('AWS_REGION') ?: $env('AWS_DEFAULT_REGION'));
        $detail = "credentials from $from; region " . ($region ?: 'from each bus ARN or queue URL')
            . '; EventBridge source ' . ($settings['eventbridge_source'] ?? 'magento')
            . (isset($settings['aws_endpoint_url']) ? '; endpoint ' . $settings['aws_endpoint_url'] : '');
        return ['aws sinks', self::OK, $detail];
    }

    /**
     * The search answers (bringing the index up to date first, as every search does).
     *
     * @return array{0: string, 1: string, 2: string}
     */
    private function checkSearch(): array
    {
        $indexing = $this->scopeConfig->getValue('system/async_events/indexing_enabled');
        try {
            $total = $this->clientProvider->getClient()->search('*:*', 0)['total_count'];
        } catch (\Exception $e) {
            return ['search index', self::FAIL, $e->getMessage() . ' (bin/magento async-events:reindex rebuilds the index)'];
        }
        return ['search index', self::OK, $total . ' attempt(s) searchable'
            . ($indexing === null || (bool)$indexing ? '' : '; indexing is disabled in the admin: searches read the whole log')];
    }

    /**
     * Every table of the store answers a query.
     *
     * @return array{0: string, 1: string, 2: string}
     */
    private function checkTables(): array
    {
        $missing = [];
        $counts = [];
        $firstError = '';
        foreach (StoreConnection::TABLES as $table) {
            try {
                $counts[] = $table . ' ' . (int)$this->store->fetchOne('SELECT COUNT(*) FROM ' . $this->store->table($table));
            } catch (\Exception $e) {
                $missing[] = $table;
                $firstError = $firstError ?: $e->getMessage();
            }
        }
        return $missing
            ? ['tables', self::FAIL, 'missing or unreadable: ' . implode(', ', $missing)
                . ' (run bin/magento setup:upgrade): ' . $firstError]
            : ['tables', self::OK, implode(', ', $counts) . ' rows'];
    }

    /**
     * The broker named by the queue DSN accepts a TCP connection.
     *
     * @return array{0: string, 1: string, 2: string}
     */
    private function checkBroker(): array
    {
        $queueDsn = $this->connectionDsn->getQueueDsn();
        if ($queueDsn === null) {
            return ['broker', self::SKIP, 'no RabbitMQ in use (no queue/amqp in env.php, or queue/default_connection '
                . 'names another connection): events queue in the store (SQL queue)'];
        }
        $parts = parse_url($queueDsn);
        $host = (string)($parts['host'] ?? '');
        $port = (int)($parts['port'] ?? 5672);
        $errno = 0;
        $error = '';
        $socket = @fsockopen($host, $port, $errno, $error, 3.0);
        if ($socket === false) {
            return ['broker', self::FAIL, sprintf('%s:%d is not reachable: %s', $host, $port, $error ?: 'timeout')];
        }
        fclose($socket);
        return ['broker', self::OK, sprintf(
            '%s reachable; the topology (exchanges magento and event.failover, queues event.trigger, '
            . 'event.failover.retry, event.failover.deadletter) is declared by setup:upgrade and by the consumers',
            $this->store->redact($queueDsn)
        )];
    }
}
