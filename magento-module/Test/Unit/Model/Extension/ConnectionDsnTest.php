<?php
/**
 * Tests of the env.php to DSN mapping and of the extension's settings.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\Extension;

use MageOS\AsyncEvents\Model\Extension\ConfigProvider;
use MageOS\AsyncEvents\Service\AsyncEvent\NotifierFactory;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\Exception\LocalizedException;

/**
 * Magento's database and broker become `mysql://` and `amqp://` DSNs; env.php can name DSNs itself
 * or ask for the SQLite file under var/; admin settings and env.php reach the extension.
 */
class ConnectionDsnTest extends TestCase
{
    /**
     * Magentos database becomes a mysql dsn.
     */
    public function testMagentosDatabaseBecomesAMysqlDsn(): void
    {
        $this->env['async_events'] = [];
        self::assertSame('mysql://mage:p%40ss@db.internal:3307/magento', $this->connectionDsn()->getStoreDsn());

        $this->env['db']['connection']['default'] = [
            'host' => '/var/run/mysqld/mysqld.sock', 'dbname' => 'shop', 'username' => 'root', 'password' => '',
        ];
        $this->env['db']['table_prefix'] = 'm2_';
        self::assertSame(
            'mysql://root@localhost/shop?socket=%2Fvar%2Frun%2Fmysqld%2Fmysqld.sock&table_prefix=m2_',
            $this->connectionDsn()->getStoreDsn()
        );

        $this->env['db'] = ['connection' => ['default' => [
            'host' => 'localhost', 'port' => '3306', 'dbname' => 'm', 'username' => 'u:x', 'password' => 'a/b c',
        ]]];
        self::assertSame('mysql://u%3Ax:a%2Fb%20c@localhost:3306/m', $this->connectionDsn()->getStoreDsn());
    }

    /**
     * The transactional outbox is in Magento's database whatever the store is, its table with
     * Magento's table prefix; env.php's transactional_publish => false turns it off.
     */
    public function testTheOutboxIsInMagentosDatabase(): void
    {
        $this->env['async_events'] = ['sqlite' => true];
        $this->env['db']['connection']['default'] = [
            'host' => '/var/run/mysqld/mysqld.sock', 'dbname' => 'shop', 'username' => 'root', 'password' => '',
        ];
        $this->env['db']['table_prefix'] = 'm2_';
        self::assertTrue($this->connectionDsn()->usesTransactionalPublish(), 'on by default');
        self::assertSame('mysql://root@localhost/shop?socket=%2Fvar%2Frun%2Fmysqld%2Fmysqld.sock', $this->connectionDsn()->getOutboxDsn());
        self::assertSame('m2_async_event_outbox', $this->connectionDsn()->getOutboxTable());
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig();
        self::assertSame(
            ['mysql://root@localhost/shop?socket=%2Fvar%2Frun%2Fmysqld%2Fmysqld.sock', 'm2_async_event_outbox'],
            [$config['outbox_dsn'], $config['outbox_table']]
        );
        new \AsyncEvents\Client($config);

        foreach ([false, 0, '0', 'false'] as $off) {
            $this->env['async_events']['transactional_publish'] = $off;
            self::assertFalse($this->connectionDsn()->usesTransactionalPublish(), var_export($off, true));
            self::assertNull($this->connectionDsn()->getOutboxDsn());
            self::assertArrayNotHasKey('outbox_dsn', (new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig());
        }
        $this->env['async_events']['transactional_publish'] = true;
        unset($this->env['db']);
        self::assertNull($this->connectionDsn()->getOutboxDsn(), 'no Magento database named');
    }

    /**
     * Without a database or fallback the error says what to set.
     */
    public function testWithoutADatabaseOrFallbackTheErrorSaysWhatToSet(): void
    {
        $this->env = [];
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('async_events/sqlite => true');
        $this->connectionDsn()->getStoreDsn();
    }

    /**
     * The sqlite fallback lives under var.
     */
    public function testTheSqliteFallbackLivesUnderVar(): void
    {
        $this->env['async_events'] = ['sqlite' => true];
        self::assertTrue($this->connectionDsn()->usesSqliteFallback());
        self::assertSame(
            'sqlite://' . $this->dir . '/var/async_events/async_events.sqlite',
            $this->connectionDsn()->getStoreDsn()
        );
        $this->env['queue'] = ['amqp' => ['host' => 'rabbit', 'user' => 'guest', 'password' => 'guest']];
        self::assertNull($this->connectionDsn()->getQueueDsn(), 'the embedded store keeps its own queue');
    }

    /**
     * Explicit dsns win.
     */
    public function testExplicitDsnsWin(): void
    {
        $this->env['async_events'] = ['store_dsn' => 'sqlite:///tmp/x.sqlite', 'queue_dsn' => 'amqp://a@b:1/%2F', 'sqlite' => true];
        self::assertFalse($this->connectionDsn()->usesSqliteFallback());
        self::assertSame('sqlite:///tmp/x.sqlite', $this->connectionDsn()->getStoreDsn());
        self::assertSame('amqp://a@b:1/%2F', $this->connectionDsn()->getQueueDsn());
    }

    /**
     * Magentos broker becomes an amqp dsn.
     */
    public function testMagentosBrokerBecomesAnAmqpDsn(): void
    {
        $this->env['async_events'] = [];
        self::assertNull($this->connectionDsn()->getQueueDsn(), 'no queue/amqp: the SQL queue');

        $this->env['queue'] = ['amqp' => [
            'host' => 'rabbit', 'port' => '5672', 'user' => 'guest', 'password' => 'gu@st', 'virtualhost' => '/',
        ]];
        self::assertSame('amqp://guest:gu%40st@rabbit:5672/%2F', $this->connectionDsn()->getQueueDsn());

        $this->env['queue']['amqp'] = ['host' => 'mq', 'user' => 'm', 'password' => 'p', 'virtualhost' => 'shop', 'ssl' => 'true'];
        self::assertSame('amqps://m:p@mq:5671/shop', $this->connectionDsn()->getQueueDsn());

        $this->env['queue']['default_connection'] = 'db';
        self::assertNull($this->connectionDsn()->getQueueDsn(), 'default_connection db: the SQL queue');
    }

    /**
     * Admin settings reach the extension and env php overrides them.
     */
    public function testAdminSettingsReachTheExtensionAndEnvPhpOverridesThem(): void
    {
        $this->env['async_events'] = [
            'sqlite' => true, 'max_deaths' => 9, 'ssrf_guard' => false, 'store_zero_matches_every_store' => false, 'unknown' => 1,
        ];
        $this->scopeConfig->values = [
            ConfigProvider::XML_PATH_MAX_DEATHS => '3',
            ConfigProvider::XML_PATH_BACKOFF_SCHEDULE => '1, 5,30',
            ConfigProvider::XML_PATH_RETRY_AFTER_CAP => '120',
            ConfigProvider::XML_PATH_CONNECT_TIMEOUT => '2',
            ConfigProvider::XML_PATH_TIMEOUT => '45',
            ConfigProvider::XML_PATH_SSRF_ALLOW => "10.0.0.0/8\n127.0.0.1",
        ];
        $config = (new ConfigProvider(
            $this->connectionDsn(),
            $this->scopeConfig,
            new NotifierFactory(['http' => null, 'eventbridge' => null, 'sqs' => null, 'erp' => null])
        ))->getConfig();

        self::assertSame([
            'store_dsn' => 'sqlite://' . $this->dir . '/var/async_events/async_events.sqlite',
            'outbox_dsn' => 'mysql://mage:p%40ss@db.internal:3307/magento',
            'outbox_table' => 'async_event_outbox',
            'max_deaths' => 9,
            'backoff_seconds' => [1, 5, 30],
            'retry_after_cap_seconds' => 120,
            'connect_timeout_ms' => 2000,
            'timeout_ms' => 45000,
            'ssrf_allow' => ['10.0.0.0/8', '127.0.0.1'],
            'sinks' => ['erp'],
            'ssrf_guard' => false,
            'store_zero_matches_every_store' => false,
            'lease_seconds' => 75,
        ], $config);

        // The extension accepts every key.
        new \AsyncEvents\Client($config);
    }

    /**
     * The AWS sinks' admin settings reach the extension, the secret decrypted; EventBridge's
     * Source is the store's base host unless set; env.php overrides them.
     */
    public function testAwsSettingsReachTheExtension(): void
    {
        $this->env['async_events'] = ['sqlite' => true];
        $this->scopeConfig->values = [
            ConfigProvider::XML_PATH_AWS_REGION => 'eu-west-1',
            ConfigProvider::XML_PATH_AWS_ACCESS_KEY_ID => 'AKIAEXAMPLE',
            ConfigProvider::XML_PATH_AWS_SECRET_ACCESS_KEY => 'sealed:s3cret',
            ConfigProvider::XML_PATH_BASE_URL => 'https://shop.example.com/',
        ];
        $encryptor = new class implements \Magento\Framework\Encryption\EncryptorInterface {
            public function getHash($password, $salt = false)
            {
                return '';
            }

            public function hash($data)
            {
                return '';
            }

            public function validateHash($password, $hash)
            {
                return false;
            }

            public function isValidHash($password, $hash)
            {
                return false;
            }

            public function validateHashVersion($hash, $validateCount = false)
            {
                return false;
            }

            public function encrypt($data)
            {
                return 'sealed:' . $data;
            }

            public function decrypt($data)
            {
                return substr((string)$data, strlen('sealed:'));
            }

            public function validateKey($key)
            {
                return true;
            }
        };
        $provider = new ConfigProvider($this->connectionDsn(), $this->scopeConfig, null, $encryptor);
        $config = $provider->getConfig();
        self::assertSame('eu-west-1', $config['aws_region']);
        self::assertSame('AKIAEXAMPLE', $config['aws_access_key_id']);
        self::assertSame('s3cret', $config['aws_secret_access_key'], 'decrypted for the extension');
        self::assertSame('shop.example.com', $config['eventbridge_source']);
        new \AsyncEvents\Client($config);

        $this->scopeConfig->values[ConfigProvider::XML_PATH_EVENTBRIDGE_SOURCE] = 'com.example.shop';
        $this->env['async_events'] = ['sqlite' => true, 'aws_endpoint_url' => 'http://127.0.0.1:4566', 'aws_region' => 'us-east-1'];
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig, null, $encryptor))->getConfig();
        self::assertSame('com.example.shop', $config['eventbridge_source']);
        self::assertSame(['us-east-1', 'http://127.0.0.1:4566'], [$config['aws_region'], $config['aws_endpoint_url']], 'env.php wins');

        // A store that used mage-os/mageos-async-events-aws keeps its EventBridge (else SQS) settings
        $this->env['async_events'] = ['sqlite' => true];
        $this->scopeConfig->values = [
            'async_events_aws/sqs/region' => 'us-west-2',
            'async_events_aws/sqs/access_key' => 'AKIASQS',
            'async_events_aws/sqs/secret_access_key' => 'sealed:sqs-secret',
            'async_events_aws/eventbridge/source' => 'com.example.legacy',
        ];
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig, null, $encryptor))->getConfig();
        self::assertSame(['us-west-2', 'AKIASQS', 'sqs-secret', 'com.example.legacy'],
            [$config['aws_region'], $config['aws_access_key_id'], $config['aws_secret_access_key'], $config['eventbridge_source']]);
        $this->scopeConfig->values += [
            'async_events_aws/eventbridge/region' => 'eu-central-1',
            'async_events_aws/eventbridge/access_key' => 'AKIAEB',
            'async_events_aws/eventbridge/secret_access_key' => 'sealed:eb-secret',
        ];
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig, null, $encryptor))->getConfig();
        self::assertSame(['eu-central-1', 'AKIAEB', 'eb-secret'],
            [$config['aws_region'], $config['aws_access_key_id'], $config['aws_secret_access_key']], 'EventBridge\'s before SQS\'s');
    }

    /**
     * Empty admin settings leave the extensions defaults.
     */
    public function testEmptyAdminSettingsLeaveTheExtensionsDefaults(): void
    {
        $this->env['async_events'] = ['sqlite' => true];
        $this->scopeConfig->values = [];
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig();
        self::assertSame(['store_dsn', 'outbox_dsn', 'outbox_table'], array_keys($config));
    }

    /**
     * The admin's indexing switch reaches the extension; the index has a home under var/ when the
     * store is not an SQLite file; env.php wins over both.
     */
    public function testIndexingSettingsReachTheExtension(): void
    {
        $this->env['async_events'] = ['sqlite' => true];
        $this->scopeConfig->values = [ConfigProvider::XML_PATH_INDEXING_ENABLED => '0'];
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig();
        self::assertSame(['store_dsn', 'outbox_dsn', 'outbox_table', 'indexing_enabled'], array_keys($config), 'next to the SQLite file, by the extension');
        self::assertFalse($config['indexing_enabled']);
        $scanning = new \AsyncEvents\Client($config);
        self::assertSame(0, $scanning->search('*:*', 0)['total_count']);
        self::assertDirectoryDoesNotExist($this->dir . '/var/async_events/async_events.sqlite.index', 'no index with indexing off');

        $this->scopeConfig->values = [ConfigProvider::XML_PATH_INDEXING_ENABLED => '1'];
        self::assertTrue((new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig()['indexing_enabled']);

        $this->env['async_events'] = ['indexing_enabled' => false];
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig();
        self::assertStringStartsWith('mysql://', $config['store_dsn']);
        self::assertFalse($config['indexing_enabled'], 'env.php wins');
        self::assertSame($this->dir . '/var/async_events/search_index', $config['index_path']);
        self::assertSame($this->dir . '/var/async_events/async_events.key', $config['key_file'], 'the core needs a key file on MySQL');

        $this->env['async_events'] = ['index_path' => '/srv/index'];
        self::assertSame('/srv/index', (new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig()['index_path']);
    }

    /**
     * With env.php's crypt/key, tokens are sealed as Magento's encryptor seals them: Magento
     * (and the reference module) can read what we saved, and no key file is made.
     */
    public function testTokensAreSealedWithMagentosCryptKey(): void
    {
        $key = random_bytes(32);
        $this->env['crypt'] = ['key' => "0123456789abcdef0123456789abcdef\nbase64" . base64_encode($key)];
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig();
        self::assertSame($this->env['crypt']['key'], $config['magento_crypt_key']);

        $this->client()->createSubscription([
            'event_name' => 'test.order.created', 'recipient_url' => 'http://127.0.0.1:9/hook', 'verification_token' => 'tok',
        ]);
        $stored = $this->store()->fetchOne('SELECT verification_token FROM async_event_subscriber');
        self::assertStringStartsWith('1:3:', (string)$stored, 'the newest key (version 1), cipher 3');
        // Opened as Magento's SodiumChachaIetf opens it.
        $data = base64_decode(substr((string)$stored, 4));
        $nonce = substr($data, 0, SODIUM_CRYPTO_AEAD_CHACHA20POLY1305_IETF_NPUBBYTES);
        $sealed = substr($data, SODIUM_CRYPTO_AEAD_CHACHA20POLY1305_IETF_NPUBBYTES);
        self::assertSame('tok', sodium_crypto_aead_chacha20poly1305_ietf_decrypt($sealed, $nonce, $nonce, $key));
        self::assertFileDoesNotExist($this->dir . '/store.sqlite.key');
    }
}
