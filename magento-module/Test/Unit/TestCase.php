<?php
/**
 * Base of the module's unit tests: a fresh SQLite store per test and the module's services wired
 * as Magento's DI would wire them, over the framework stand-ins.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit;

use AsyncEvents\Client;
use MageOS\AsyncEvents\Model\AsyncEventRepository;
use MageOS\AsyncEvents\Model\Config;
use MageOS\AsyncEvents\Model\Config\Converter;
use MageOS\AsyncEvents\Model\Config\Data;
use MageOS\AsyncEvents\Model\Config\Reader;
use MageOS\AsyncEvents\Model\Config\SchemaLocator;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Model\Extension\ConfigProvider;
use MageOS\AsyncEvents\Model\Extension\ConnectionDsn;
use MageOS\AsyncEvents\Model\Resolver\EventResolver;
use MageOS\AsyncEvents\Model\Subscription\SearchCriteriaFilter;
use MageOS\AsyncEvents\Test\Unit\Fake\ArrayCache;
use MageOS\AsyncEvents\Test\Unit\Fake\Authorization;
use MageOS\AsyncEvents\Test\Unit\Fake\FileResolver;
use MageOS\AsyncEvents\Test\Unit\Fake\ObjectManager;
use MageOS\AsyncEvents\Test\Unit\Fake\ScopeConfig;
use MageOS\AsyncEvents\Test\Unit\Fake\ValidationState;
use Magento\Framework\App\DeploymentConfig;
use Magento\Framework\App\Filesystem\DirectoryList;
use Magento\Framework\Module\Dir\Reader as ModuleDirReader;
use Magento\Framework\Webapi\ServiceInputProcessor;
use Magento\Framework\Webapi\ServiceOutputProcessor;

/**
 * Helpers shared by the tests.
 */
abstract class TestCase extends \PHPUnit\Framework\TestCase
{
    /**
     * @var string
     */
    protected string $dir;

    /**
     * @var array<string, mixed> env.php of the test
     */
    protected array $env;

    /**
     * @var ScopeConfig
     */
    protected ScopeConfig $scopeConfig;

    /**
     * @var \MageOS\AsyncEvents\Service\AsyncEvent\NotifierFactory|null custom sinks of the test
     */
    protected ?\MageOS\AsyncEvents\Service\AsyncEvent\NotifierFactory $notifierFactory = null;

    /**
     * @var ClientProvider|null
     */
    private ?ClientProvider $clientProvider = null;

    /**
     * @inheritdoc
     */
    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/mageos-async-events-test-' . bin2hex(random_bytes(6));
        mkdir($this->dir . '/var', 0777, true);
        $this->env = [
            'async_events' => [
                'sqlite' => $this->dir . '/store.sqlite',
                'ssrf_allow' => ['127.0.0.1'],
                'backoff_seconds' => [1],
                // db/connection/default below names no server: no outbox to relay unless a test asks
                'transactional_publish' => false,
            ],
            'db' => ['connection' => ['default' => [
                'host' => 'db.internal:3307', 'dbname' => 'magento', 'username' => 'mage', 'password' => 'p@ss',
            ]]],
        ];
        $this->scopeConfig = new ScopeConfig([
            ConfigProvider::XML_PATH_MAX_DEATHS => '1',
        ]);
    }

    /**
     * @inheritdoc
     */
    protected function tearDown(): void
    {
        $this->clientProvider = null;
        $this->removeTree($this->dir);
    }

    /**
     * The module's connection settings over the test's env.php.
     *
     * @return ConnectionDsn
     */
    protected function connectionDsn(): ConnectionDsn
    {
        return new ConnectionDsn(new DeploymentConfig($this->env), new DirectoryList($this->dir));
    }

    /**
     * The module's client provider (one per test, as DI shares it).
     *
     * @return ClientProvider
     */
    protected function clientProvider(): ClientProvider
    {
        if ($this->clientProvider === null) {
            $this->clientProvider = new ClientProvider(
                new ConfigProvider($this->connectionDsn(), $this->scopeConfig, $this->notifierFactory)
            );
        }
        return $this->clientProvider;
    }

    /**
     * SQL access to the test's store.
     *
     * @return \MageOS\AsyncEvents\Model\Store\StoreConnection
     */
    protected function store(): \MageOS\AsyncEvents\Model\Store\StoreConnection
    {
        return new \MageOS\AsyncEvents\Model\Store\StoreConnection($this->connectionDsn(), $this->clientProvider());
    }

    /**
     * The extension's client over the same store, for checks.
     *
     * @return Client
     */
    protected function client(): Client
    {
        return $this->clientProvider()->getClient();
    }

    /**
     * The module's dead-letter operations over the test's store.
     *
     * @return \MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement
     */
    protected function deadLetterManagement(): \MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement
    {
        return new \MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement($this->clientProvider());
    }

    /**
     * Fill the dead-letter lists: deliveries that give up at once (a closed port, max_deaths 0)
     * and events whose service throws. Call it before anything opens the client.
     *
     * @param int $deliveries
     * @param int $events
     * @param string|null $recipientUrl where the deliveries go (a closed port by default)
     * @return array{delivery: string[], event: string[]} the uuids, oldest first
     */
    protected function makeDeadLetters(int $deliveries, int $events = 0, ?string $recipientUrl = null): array
    {
        $this->env['async_events']['max_deaths'] = 0;
        $this->scopeConfig->values = [];
        if ($recipientUrl === null) {
            $socket = stream_socket_server('tcp://127.0.0.1:0');
            $name = (string)stream_socket_get_name($socket, false);
            fclose($socket);
            $recipientUrl = 'http://' . $name . '/closed';
        }
        $uuids = ['delivery' => [], 'event' => []];
        $this->client()->createSubscription([
            'event_name' => 'test.order.created', 'recipient_url' => $recipientUrl, 'verification_token' => 't',
        ]);
        $this->client()->createSubscription([
            'event_name' => 'test.broken', 'recipient_url' => $recipientUrl, 'verification_token' => 't',
        ]);
        for ($n = 1; $n <= $deliveries; $n++) {
            $uuids['delivery'][] = $this->client()->publish('test.order.created', ['orderId' => $n]);
        }
        for ($n = 1; $n <= $events; $n++) {
            $uuids['event'][] = $this->client()->publish('test.broken', ['orderId' => $n]);
        }
        $this->clientProvider()->createConsumer()->run($this->resolver(), ['drain' => true]);
        return $uuids;
    }

    /**
     * Fill the attempt log with one attempt per delivery: orders delivered to a receiver that
     * accepts them (HTTP 200), customers to one that fails (HTTP 500, dead-lettered at once: max
     * deaths 0). Call it before anything opens the client.
     *
     * @param Receiver $receiver
     * @param int $orders test.order.created events, order ids 1 to $orders
     * @param int $customers test.customer.saved events, customer ids 1 to $customers
     * @return array{orders: int, customers: int} the two subscription ids
     */
    protected function recordAttempts(Receiver $receiver, int $orders, int $customers): array
    {
        $this->env['async_events']['max_deaths'] = 0;
        $this->scopeConfig->values = [];
        $ok = $this->client()->createSubscription([
            'event_name' => 'test.order.created', 'recipient_url' => $receiver->baseUrl . '/ok/orders', 'verification_token' => 't',
        ]);
        $failing = $this->client()->createSubscription([
            'event_name' => 'test.customer.saved', 'recipient_url' => $receiver->baseUrl . '/fail/customers', 'verification_token' => 't',
        ]);
        for ($n = 1; $n <= $orders; $n++) {
            $this->client()->publish('test.order.created', ['orderId' => $n]);
        }
        for ($n = 1; $n <= $customers; $n++) {
            $this->client()->publish('test.customer.saved', ['customerId' => $n]);
        }
        $this->clientProvider()->createConsumer()->run($this->resolver(), ['drain' => true]);
        return ['orders' => (int)$ok['subscription_id'], 'customers' => (int)$failing['subscription_id']];
    }

    /**
     * The events of the fixture module(s), read through the module's reader.
     *
     * @param string[] $files
     * @return Config
     */
    protected function eventsConfig(array $files = ['async_events.xml']): Config
    {
        $reader = new Reader(
            new FileResolver(array_map(static fn (string $file) => __DIR__ . '/_files/' . $file, $files)),
            new Converter(),
            new SchemaLocator(new ModuleDirReader(['MageOS_AsyncEvents' => dirname(__DIR__, 2)])),
            new ValidationState()
        );
        return new Config(new Data($reader, new ArrayCache()));
    }

    /**
     * The resolver the trigger consumer uses.
     *
     * @param ObjectManager|null $objectManager
     * @return EventResolver
     */
    protected function resolver(?ObjectManager $objectManager = null): EventResolver
    {
        return new EventResolver(
            $this->eventsConfig(),
            $objectManager ?? new ObjectManager(),
            new ServiceInputProcessor(),
            new ServiceOutputProcessor()
        );
    }

    /**
     * The REST repository, for a caller holding $allowed ACL resources.
     *
     * @param Authorization|null $authorization
     * @return AsyncEventRepository
     */
    protected function repository(?Authorization $authorization = null): AsyncEventRepository
    {
        return new AsyncEventRepository(
            $this->clientProvider(),
            $this->eventsConfig(),
            $authorization ?? new Authorization(['Magento_Sales::sales', 'Magento_Sales::actions_view']),
            new SearchCriteriaFilter()
        );
    }

    /**
     * Delete a folder and what it holds.
     *
     * @param string $dir
     * @return void
     */
    private function removeTree(string $dir): void
    {
        if (!is_dir($dir)) {
            return;
        }
        $items = new \RecursiveIteratorIterator(
            new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::CHILD_FIRST
        );
        foreach ($items as $item) {
            if ($item->isDir()) {
                rmdir($item->getPathname());
            } elseif (!@unlink($item->getPathname()) && file_exists($item->getPathname())) {
                // SQLite removes its -shm/-wal files when its last connection closes, which may
                // happen meanwhile; only a file that is still there is an error.
                throw new \RuntimeException('cannot remove ' . $item->getPathname());
            }
        }
        rmdir($dir);
    }
}
