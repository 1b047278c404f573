<?php
/**
 * The settings the async_events extension is opened with inside Magento.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Extension;

use MageOS\AsyncEvents\Service\AsyncEvent\NotifierFactory;
use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\Encryption\EncryptorInterface;

/**
 * Builds the extension's settings array (see the extension's README) from, in rising order of
 * precedence: the admin configuration (Stores > Configuration > Advanced > System >
 * Asynchronous Events), then env.php's `async_events` section. The DSNs (store, queue and the
 * transactional outbox in Magento's database) come from {@see ConnectionDsn}. `ASYNC_EVENTS_*`
 * environment variables only fill in what neither sets.
 */
class ConfigProvider
{
    public const XML_PATH_MAX_DEATHS = 'system/async_events/max_deaths';
    public const XML_PATH_BACKOFF_SCHEDULE = 'system/async_events/backoff_schedule';
    public const XML_PATH_RETRY_AFTER_CAP = 'system/async_events/retry_after_cap';
    public const XML_PATH_CONNECT_TIMEOUT = 'system/async_events/connect_timeout';
    public const XML_PATH_TIMEOUT = 'system/async_events/timeout';
    public const XML_PATH_SSRF_ALLOW = 'system/async_events/ssrf_allow';
    public const XML_PATH_INDEXING_ENABLED = 'system/async_events/indexing_enabled';
    public const XML_PATH_AWS_REGION = 'system/async_events/aws_region';
    public const XML_PATH_AWS_ACCESS_KEY_ID = 'system/async_events/aws_access_key_id';
    public const XML_PATH_AWS_SECRET_ACCESS_KEY = 'system/async_events/aws_secret_access_key';
    public const XML_PATH_EVENTBRIDGE_SOURCE = 'system/async_events/eventbridge_source';
    public const XML_PATH_BASE_URL = 'web/secure/base_url';

    /**
     * Sinks the extension serves itself, whatever PHP notifiers are registered under their names
     * (the 4.x AWS sink package's, say); env.php's `sinks` may still hand them to PHP.
     */
    public const NATIVE_SINKS = ['http', 'eventbridge', 'sqs'];

    /**
     * Settings env.php's `async_events` section may set directly (the extension's own keys).
     */
    public const PASS_THROUGH_KEYS = [
        'key_file',
        'max_deaths',
        'backoff_seconds',
        'retry_after_cap_seconds',
        'connect_timeout_ms',
        'timeout_ms',
        'lease_seconds',
        'ssrf_guard',
        'ssrf_allow',
        'sinks',
        'indexing_enabled',
        'index_path',
        'amqp_exchange',
        'amqp_queue',
        'amqp_routing_key',
        'amqp_failover_namespace',
        'amqp_quorum',
        'amqp_prefetch',
        'confirm_timeout_ms',
        'confirm_each_publish',
        'aws_region',
        'aws_access_key_id',
        'aws_secret_access_key',
        'aws_session_token',
        'aws_endpoint_url',
        'eventbridge_source',
        'metrics_listen',
        'store_zero_matches_every_store',
    ];

    /**
     * Margin kept between the HTTP timeout and a claim's lease.
     */
    private const LEASE_MARGIN_SECONDS = 30;

    /**
     * @var ConnectionDsn
     */
    private ConnectionDsn $connectionDsn;

    /**
     * @var ScopeConfigInterface
     */
    private ScopeConfigInterface $scopeConfig;

    /**
     * @var NotifierFactory|null
     */
    private ?NotifierFactory $notifierFactory;

    /**
     * @var EncryptorInterface|null
     */
    private ?EncryptorInterface $encryptor;

    /**
     * @param ConnectionDsn $connectionDsn
     * @param ScopeConfigInterface $scopeConfig
     * @param NotifierFactory|null $notifierFactory the sinks served by PHP notifiers
     * @param EncryptorInterface|null $encryptor opens the AWS secret saved in the admin
     */
    public function __construct(
        ConnectionDsn $connectionDsn,
        ScopeConfigInterface $scopeConfig,
        ?NotifierFactory $notifierFactory = null,
        ?EncryptorInterface $encryptor = null
    ) {
        $this->connectionDsn = $connectionDsn;
        $this->scopeConfig = $scopeConfig;
        $this->notifierFactory = $notifierFactory;
        $this->encryptor = $encryptor;
    }

    /**
     * Get the settings array for AsyncEvents\Client and AsyncEvents\Consumer.
     *
     * @return array<string, mixed>
     * @throws \Magento\Framework\Exception\LocalizedException when env.php names no store
     */
    public function getConfig(): array
    {
        $config = ['store_dsn' => $this->connectionDsn->getStoreDsn()];
        $queueDsn = $this->connectionDsn->getQueueDsn();
        if ($queueDsn !== null) {
            $config['queue_dsn'] = $queueDsn;
        }
        $outboxDsn = $this->connectionDsn->getOutboxDsn();
        if ($outboxDsn !== null) {
            // Trigger consumers relay what publishers wrote into the outbox inside transactions
            $config['outbox_dsn'] = $outboxDsn;
            $config['outbox_table'] = $this->connectionDsn->getOutboxTable();
        }
        $cryptKey = $this->connectionDsn->getCryptKey();
        if ($cryptKey !== null) {
            $config['magento_crypt_key'] = $cryptKey;
        }
        $config += $this->adminSettings();
        $sinks = $this->notifierFactory ? $this->notifierFactory->getSinkNames() : [];
        $sinks = array_values(array_diff($sinks, self::NATIVE_SINKS));
        if ($sinks) {
            $config['sinks'] = $sinks;
        }
        $section = $this->connectionDsn->section();
        foreach (self::PASS_THROUGH_KEYS as $key) {
            if (array_key_exists($key, $section) && $section[$key] !== null) {
                $config[$key] = $section[$key];
            }
        }
        $defaults = [
            'index_path' => $this->connectionDsn->getDefaultIndexPath(),
            'key_file' => $this->connectionDsn->getDefaultKeyFile(),
        ];
        foreach ($defaults as $key => $path) {
            if (!isset($config[$key]) && $path !== null) {
                $config[$key] = $path;
            }
        }
        return $this->keepLeaseAboveTimeout($config);
    }

    /**
     * Settings from the admin configuration (default scope).
     *
     * @return array<string, mixed>
     */
    private function adminSettings(): array
    {
        $settings = [];
        $maxDeaths = $this->value(self::XML_PATH_MAX_DEATHS);
        if ($maxDeaths !== '' && ctype_digit($maxDeaths)) {
            $settings['max_deaths'] = (int)$maxDeaths;
        }
        $schedule = self::parseList($this->value(self::XML_PATH_BACKOFF_SCHEDULE));
        if ($schedule) {
            $settings['backoff_seconds'] = array_map('intval', array_filter($schedule, 'ctype_digit'));
        }
        $cap = $this->value(self::XML_PATH_RETRY_AFTER_CAP);
        if ($cap !== '' && ctype_digit($cap)) {
            $settings['retry_after_cap_seconds'] = (int)$cap;
        }
        $connect = $this->value(self::XML_PATH_CONNECT_TIMEOUT);
        if (is_numeric($connect) && (float)$connect > 0) {
            $settings['connect_timeout_ms'] = (int)round((float)$connect * 1000);
        }
        $timeout = $this->value(self::XML_PATH_TIMEOUT);
        if (is_numeric($timeout) && (float)$timeout > 0) {
            $settings['timeout_ms'] = (int)round((float)$timeout * 1000);
        }
        $allow = self::parseList($this->value(self::XML_PATH_SSRF_ALLOW));
        if ($allow) {
            $settings['ssrf_allow'] = $allow;
        }
        $indexing = $this->value(self::XML_PATH_INDEXING_ENABLED);
        if ($indexing === '0' || $indexing === '1') {
            $settings['indexing_enabled'] = $indexing === '1';
        }
        return $settings + $this->awsSettings();
    }

    /**
     * Where AWS credentials may be set, in order: ours, then those of the mage-os/mageos-async-events-aws
     * package's EventBridge and SQS sinks (a store switching keeps its settings); the first place with a
     * region or an access key gives all three.
     */
    private const AWS_CREDENTIAL_PATHS = [
        [self::XML_PATH_AWS_REGION, self::XML_PATH_AWS_ACCESS_KEY_ID, self::XML_PATH_AWS_SECRET_ACCESS_KEY],
        ['async_events_aws/eventbridge/region', 'async_events_aws/eventbridge/access_key',
            'async_events_aws/eventbridge/secret_access_key'],
        ['async_events_aws/sqs/region', 'async_events_aws/sqs/access_key', 'async_events_aws/sqs/secret_access_key'],
    ];

    /**
     * The AWS sinks' settings from the admin; unset ones are left to the AWS environment
     * variables and profile. EventBridge's Source defaults to the AWS package's source, then to the
     * store's base host.
     *
     * @return array<string, mixed>
     */
    private function awsSettings(): array
    {
        $settings = [];
        foreach (self::AWS_CREDENTIAL_PATHS as [$regionPath, $keyPath, $secretPath]) {
            $region = $this->value($regionPath);
            $key = $this->value($keyPath);
            if ($region === '' && $key === '') {
                continue;
            }
            $settings = array_filter(['aws_region' => $region, 'aws_access_key_id' => $key], static fn ($v) => $v !== '');
            $secret = $this->value($secretPath);
            if ($secret !== '' && $this->encryptor !== null) {
                $secret = trim((string)$this->encryptor->decrypt($secret));
                if ($secret !== '') {
                    $settings['aws_secret_access_key'] = $secret;
                }
            }
            break;
        }
        $host = parse_url($this->value(self::XML_PATH_BASE_URL), PHP_URL_HOST);
        $source = $this->value(self::XML_PATH_EVENTBRIDGE_SOURCE);
        if ($source === '') {
            $source = $this->value('async_events_aws/eventbridge/source');
        }
        if ($source === '' && is_string($host) && $host !== '') {
            $source = $host;
        }
        if ($source !== '') {
            $settings['eventbridge_source'] = $source;
        }
        return $settings;
    }

    /**
     * The extension refuses a lease that does not outlast the HTTP timeout; raise it with the timeout.
     *
     * @param array<string, mixed> $config
     * @return array<string, mixed>
     */
    private function keepLeaseAboveTimeout(array $config): array
    {
        if (!isset($config['timeout_ms']) || isset($config['lease_seconds'])) {
            return $config;
        }
        $needed = (int)ceil((int)$config['timeout_ms'] / 1000) + self::LEASE_MARGIN_SECONDS;
        if ($needed > 60) {
            $config['lease_seconds'] = $needed;
        }
        return $config;
    }

    /**
     * Read a default-scope value as trimmed text.
     *
     * @param string $path
     * @return string
     */
    private function value(string $path): string
    {
        $value = $this->scopeConfig->getValue($path);
        return $value === null ? '' : trim((string)$value);
    }

    /**
     * Split a comma- or newline-separated list.
     *
     * @param string $value
     * @return string[]
     */
    public static function parseList(string $value): array
    {
        $items = preg_split('/[\s,;]+/', $value) ?: [];
        return array_values(array_filter(array_map('trim', $items), static fn ($item) => $item !== ''));
    }
}
