<?php
/**
 * End to end, without Magento: the module's classes wired to the extension over the real RabbitMQ
 * and MariaDB, configured through env.php as a store configures them.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\EndToEnd;

use MageOS\AsyncEvents\Model\AsyncEvent;
use MageOS\AsyncEvents\Model\AsyncEventPublisher;
use MageOS\AsyncEvents\Model\Consumer\TriggerConsumer;
use MageOS\AsyncEvents\Model\Extension\ConfigProvider;
use MageOS\AsyncEvents\Setup\Recurring;
use MageOS\AsyncEvents\Test\Unit\Fake\ConsumerConfiguration;
use MageOS\AsyncEvents\Test\Unit\Fake\Logger;
use MageOS\AsyncEvents\Test\Unit\Fake\PdoAdapter;
use MageOS\AsyncEvents\Test\Unit\Fake\PoisonPill;
use MageOS\AsyncEvents\Test\Unit\Fixtures\OrderPlacedObserver;
use MageOS\AsyncEvents\Test\Unit\Receiver;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\DataObject;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use Magento\Framework\Setup\ModuleContextInterface;
use Magento\Framework\Setup\SchemaSetupInterface;

/**
 * A store that ran mageos-async-events switches to us: its subscriber row (token sealed by
 * Magento's encryptor) and one made over REST both get the event an observer publishes, through
 * RabbitMQ (env.php queue/amqp) into Magento's database (env.php db/connection/default), every
 * attempt in async_event_subscriber_log.
 *
 * MariaDB: ASYNC_EVENTS_TEST_MYSQL (default mysql://root@127.0.0.1:3306); each run makes its own
 * database, dropped after it. RabbitMQ: a virtual host of its own made with rabbitmqctl (the next
 * run deletes it), or ASYNC_EVENTS_TEST_AMQP (amqp://user:password@host:port/vhost) as it is.
 */
class RabbitMqMariaDbTest extends TestCase
{
    /**
     * @var \PDO
     */
    private \PDO $mysql;

    /**
     * @var string
     */
    private string $database;

    /**
     * @var string env.php crypt/key (a 2.4.7+ key: 'base64' and the base64 of 32 bytes)
     */
    private string $cryptKey;

    /**
     * @var Receiver
     */
    private Receiver $receiver;

    /**
     * @inheritdoc
     */
    protected function setUp(): void
    {
        parent::setUp();
        $suffix = bin2hex(random_bytes(5));
        $mysql = parse_url((string)(getenv('ASYNC_EVENTS_TEST_MYSQL') ?: 'mysql://root@127.0.0.1:3306'));
        $host = ($mysql['host'] ?? '127.0.0.1') . ':' . ($mysql['port'] ?? 3306);
        $user = urldecode($mysql['user'] ?? 'root');
        $password = urldecode($mysql['pass'] ?? '');
        $this->mysql = new \PDO(
            'mysql:host=' . ($mysql['host'] ?? '127.0.0.1') . ';port=' . ($mysql['port'] ?? 3306),
            $user,
            $password,
            [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]
        );
        $this->database = 'ae_test_module_' . $suffix;

        $this->cryptKey = 'base64' . base64_encode(random_bytes(32));
        $this->env = [
            'crypt' => ['key' => $this->cryptKey],
            'db' => ['connection' => ['default' => [
                'host' => $host, 'dbname' => $this->database, 'username' => $user, 'password' => $password,
            ]]],
            'queue' => ['amqp' => $this->amqpSettings('ae_test_module_' . $suffix)],
            'async_events' => ['ssrf_allow' => ['127.0.0.1']],
        ];
        $this->scopeConfig->values = [];
        $this->mysql->exec("CREATE DATABASE `{$this->database}`");
        $this->receiver = new Receiver();
    }

    /**
     * @inheritdoc
     */
    protected function tearDown(): void
    {
        $this->receiver->stop();
        parent::tearDown();
        $this->mysql->exec("DROP DATABASE IF EXISTS `{$this->database}`");
    }

    /**
     * Delete the virtual hosts earlier runs made. Not this run's own: the process keeps its
     * connections open until it ends, and the broker would close them under it.
     *
     * @return void
     */
    private function deleteEarlierVirtualHosts(): void
    {
        exec('rabbitmqctl -q list_vhosts name 2>/dev/null', $names);
        foreach ($names as $name) {
            if (strncmp($name, 'ae_test_module_', 15) === 0) {
                exec('rabbitmqctl -q delete_vhost ' . escapeshellarg($name) . ' 2>&1');
            }
        }
    }

    /**
     * env.php's queue/amqp: a virtual host of this run's own on the local broker, so that the
     * reference names (exchange magento, queue event.trigger) are used as they are.
     *
     * @param string $vhost
     * @return array<string, string>
     */
    private function amqpSettings(string $vhost): array
    {
        $given = getenv('ASYNC_EVENTS_TEST_AMQP');
        if ($given) {
            $url = parse_url($given);
            return [
                'host' => $url['host'] ?? '127.0.0.1', 'port' => (string)($url['port'] ?? 5672),
                'user' => urldecode($url['user'] ?? 'guest'), 'password' => urldecode($url['pass'] ?? 'guest'),
                'virtualhost' => urldecode(ltrim($url['path'] ?? '/', '/')) ?: '/',
            ];
        }
        $this->deleteEarlierVirtualHosts();
        foreach ([['add_vhost', $vhost], ['set_permissions', '-p', $vhost, 'guest', '.*', '.*', '.*']] as $arguments) {
            $command = implode(' ', array_map('escapeshellarg', $arguments));
            exec('rabbitmqctl -q ' . $command . ' 2>&1', $output, $status);
            if ($status !== 0) {
                self::fail("rabbitmqctl $command failed (is RabbitMQ installed and running here? "
                    . 'or set ASYNC_EVENTS_TEST_AMQP): ' . implode("\n", $output));
            }
        }
        return ['host' => '127.0.0.1', 'port' => '5672', 'user' => 'guest', 'password' => 'guest', 'virtualhost' => $vhost];
    }

    /**
     * Seal a token as Magento's encryptor does (Encryptor::encrypt(), cipher 3), with PHP's sodium.
     *
     * @param string $token
     * @return string
     */
    private function encryptAsMagento(string $token): string
    {
        $key = base64_decode(substr($this->cryptKey, strlen('base64')));
        $nonce = random_bytes(SODIUM_CRYPTO_AEAD_CHACHA20POLY1305_IETF_NPUBBYTES);
        $sealed = sodium_crypto_aead_chacha20poly1305_ietf_encrypt($token, $nonce, $nonce, $key);
        return '0:3:' . base64_encode($nonce . $sealed);
    }

    /**
     * Fetch rows of the test's database.
     *
     * @param string $sql
     * @param array<int, mixed> $bind
     * @return array<int, array<string, mixed>>
     */
    private function rows(string $sql, array $bind = []): array
    {
        $statement = $this->mysql->prepare(str_replace('{db}', "`{$this->database}`", $sql));
        $statement->execute($bind);
        return $statement->fetchAll(\PDO::FETCH_ASSOC);
    }

    /**
     * Magento's default connection: a connection of its own to the test's database, with
     * Magento's nested transactions.
     *
     * @var PdoAdapter|null
     */
    private ?PdoAdapter $magentoDb = null;

    /**
     * Magento's default connection.
     *
     * @return PdoAdapter
     */
    private function magentoDb(): PdoAdapter
    {
        if ($this->magentoDb === null) {
            $db = $this->env['db']['connection']['default'];
            [$host, $port] = explode(':', $db['host']);
            $this->magentoDb = new PdoAdapter(new \PDO(
                "mysql:host=$host;port=$port;dbname={$db['dbname']}",
                $db['username'],
                $db['password']
            ));
        }
        return $this->magentoDb;
    }

    /**
     * The publisher as Magento's DI builds it.
     *
     * @return AsyncEventPublisher
     */
    private function publisher(): AsyncEventPublisher
    {
        return new AsyncEventPublisher($this->clientProvider(), new ResourceConnection($this->magentoDb()), $this->connectionDsn());
    }

    /**
     * The trigger consumer as queue:consumers:start builds it.
     *
     * @return TriggerConsumer
     */
    private function triggerConsumer(): TriggerConsumer
    {
        $poisonPill = new PoisonPill();
        return new TriggerConsumer(
            configuration: new ConsumerConfiguration('event.trigger.consumer'),
            clientProvider: $this->clientProvider(),
            poisonPillRead: $poisonPill,
            poisonPillCompare: $poisonPill,
            logger: new Logger(),
            resolver: $this->resolver(),
            batchSize: 10
        );
    }

    /**
     * An observer publishing inside a save's transaction (Magento's default connection): nothing
     * is delivered for a save that rolls back; the committed one waits in the outbox until the
     * trigger consumer moves it to RabbitMQ, and is delivered once.
     */
    public function testAnEventPublishedInsideATransactionIsDeliveredOnlyIfItCommits(): void
    {
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig();
        self::assertSame('mysql://' . $this->env['db']['connection']['default']['username'] . '@'
            . $this->env['db']['connection']['default']['host'] . '/' . $this->database, $config['outbox_dsn']);
        (new Recurring($this->clientProvider(), new Logger()))->install(
            $this->createMock(SchemaSetupInterface::class),
            $this->createMock(ModuleContextInterface::class)
        );
        // setup:upgrade creates the table from db_schema.xml
        $this->mysql->exec("CREATE TABLE `{$this->database}`.async_event_outbox (
            outbox_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
            message MEDIUMTEXT NOT NULL,
            created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        $subscription = new AsyncEvent();
        $subscription->setEventName('test.order.created');
        $subscription->setRecipientUrl($this->receiver->baseUrl . '/tx');
        $subscription->setVerificationToken('tx-token');
        $this->repository()->save($subscription);

        $observer = new OrderPlacedObserver($this->publisher());
        $place = static function (int $orderId) use ($observer): void {
            $observer->execute(new Observer(['event' => new Event([
                'name' => 'sales_order_place_after', 'order' => new DataObject(['id' => $orderId, 'store_id' => 0]),
            ])]));
        };
        // Order 41's save fails after its observer published: the resource model rolls back
        $this->magentoDb()->beginTransaction();
        $place(41);
        $this->magentoDb()->rollBack();
        // Order 42's commits, its observer one level deeper (resource models nest transactions)
        $this->magentoDb()->beginTransaction();
        $this->magentoDb()->beginTransaction();
        $place(42);
        $this->magentoDb()->commit();
        self::assertSame([], $this->rows('SELECT outbox_id FROM {db}.async_event_outbox'), 'invisible before the commit');
        $this->magentoDb()->commit();
        $this->client()->flush();

        $waiting = $this->rows('SELECT message FROM {db}.async_event_outbox');
        self::assertCount(1, $waiting, 'the committed event waits in the outbox');
        $uuid = json_decode($waiting[0]['message'], true)['uuid'];
        self::assertSame([], $this->receiver->requests(), 'nothing is delivered before a trigger consumer runs');

        $consumer = $this->triggerConsumer();
        $consumer->process('1');
        self::assertSame(1, $consumer->getLastStats()['messages'], 'relayed to RabbitMQ and consumed');
        self::assertSame([], $this->rows('SELECT outbox_id FROM {db}.async_event_outbox'), 'relayed rows are deleted');
        $stats = $this->clientProvider()->createConsumer()->run($this->resolver(), ['drain' => true]);
        self::assertSame(0, $stats['messages'], 'nothing else was queued: no event for the rolled-back save');

        $requests = $this->receiver->requests();
        self::assertCount(1, $requests, 'one delivery');
        $body = json_decode($requests[0]['body'], true);
        self::assertSame($uuid, $body['id'], 'the uuid given in the transaction');
        self::assertSame('0000000042', $body['data']['increment_id']);
        self::assertSame(hash_hmac('sha256', $requests[0]['body'], 'tx-token'), $requests[0]['headers']['x-magento-signature']);
    }

    /**
     * An observer publishes; the trigger consumer delivers to the reference module's subscriber
     * row and to one saved over REST, and records both attempts in Magento's database.
     */
    public function testAnEventPublishedByAnObserverIsDeliveredAndRecordedInMagentosDatabase(): void
    {
        $config = (new ConfigProvider($this->connectionDsn(), $this->scopeConfig))->getConfig();
        self::assertStringStartsWith('mysql://', $config['store_dsn']);
        self::assertStringStartsWith('amqp://guest:guest@127.0.0.1:5672/', $config['queue_dsn'] ?? '');

        // setup:upgrade declares the queue topology.
        (new Recurring($this->clientProvider(), new Logger()))->install(
            $this->createMock(SchemaSetupInterface::class),
            $this->createMock(ModuleContextInterface::class)
        );

        // A subscription made over REST: its token is sealed as Magento seals it.
        $subscription = new AsyncEvent();
        $subscription->setEventName('test.order.created');
        $subscription->setRecipientUrl($this->receiver->baseUrl . '/rest');
        $subscription->setVerificationToken('rest-token');
        $rest = $this->repository()->save($subscription);
        $stored = $this->rows('SELECT verification_token FROM {db}.async_event_subscriber WHERE subscription_id = ?', [
            $rest->getSubscriptionId(),
        ]);
        self::assertMatchesRegularExpression('/^0:3:[A-Za-z0-9+\/=]+$/', $stored[0]['verification_token']);

        // The row mageos-async-events left behind, as it wrote it.
        $this->mysql->prepare(
            "INSERT INTO `{$this->database}`.async_event_subscriber
             (event_name, recipient_url, verification_token, status, subscribed_at, metadata, store_id)
             VALUES (?, ?, ?, 1, NOW(), 'http', 0)"
        )->execute(['test.order.created', $this->receiver->baseUrl . '/legacy', $this->encryptAsMagento('legacy-token')]);
        $legacyId = (int)$this->mysql->lastInsertId();

        // An order is placed: Magento dispatches sales_order_place_after to the observer.
        $publisher = $this->publisher();
        $order = new DataObject(['id' => 42, 'store_id' => 1]);
        (new OrderPlacedObserver($publisher))->execute(new Observer([
            'event' => new Event(['name' => 'sales_order_place_after', 'order' => $order]),
        ]));
        $this->client()->flush();

        $consumer = $this->triggerConsumer();
        $consumer->process('1');
        self::assertSame(1, $consumer->getLastStats()['messages'], 'the event came through RabbitMQ');

        $requests = $this->receiver->requests();
        usort($requests, static fn (array $a, array $b) => strcmp($a['path'], $b['path']));
        self::assertSame(['/legacy', '/rest'], array_column($requests, 'path'));
        $uuids = [];
        foreach (['legacy-token' => $requests[0], 'rest-token' => $requests[1]] as $token => $request) {
            $body = json_decode($request['body'], true);
            self::assertSame('test.order.created', $body['type']);
            self::assertSame('1', $body['source'], 'the store the observer published in');
            self::assertSame('0000000042', $body['data']['increment_id'], 'payload from the service in async_events.xml');
            self::assertSame(
                hash_hmac('sha256', $request['body'], (string)$token),
                $request['headers']['x-magento-signature'],
                'signed with the token as the subscriber knows it'
            );
            $uuids[] = $body['id'];
        }
        self::assertSame($uuids[0], $uuids[1], 'one event, one uuid');

        $log = $this->rows(
            'SELECT uuid, subscription_id, success FROM {db}.async_event_subscriber_log ORDER BY subscription_id'
        );
        self::assertSame([
            ['uuid' => $uuids[0], 'subscription_id' => $rest->getSubscriptionId(), 'success' => 1],
            ['uuid' => $uuids[0], 'subscription_id' => $legacyId, 'success' => 1],
        ], array_map(static fn (array $row) => array_map(
            static fn ($value) => is_numeric($value) ? (int)$value : $value,
            $row
        ), $log), 'the REST subscription was made first');
    }
}
