<?php
/**
 * SQL access to the store's tables, for the operations the extension's API does not offer yet.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Store;

use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Model\Extension\ConnectionDsn;
use Magento\Framework\Exception\LocalizedException;

/**
 * Runs SQL on the store named by the store DSN, for listing and pruning the attempt log and
 * checking the tables; everything else (dead letters included) goes through the extension. Kept in
 * this one class so that it can be replaced by extension calls once the extension offers them.
 *
 * On Magento's database (mysql://) it uses PDO in this process. On the SQLite fallback it runs the
 * statements in a child PHP process (sqlite-runner.php): the extension links its own SQLite, and
 * two SQLite copies with one file open in one process can corrupt it.
 */
class StoreConnection
{
    /**
     * The store's tables.
     */
    public const TABLES = [
        'async_event_subscriber',
        'async_event_subscriber_log',
        'async_event_queue',
        'async_event_delivery',
        'async_event_dead_letter',
        'async_event_dead_letter_job',
    ];

    /**
     * @var ConnectionDsn
     */
    private ConnectionDsn $connectionDsn;

    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @var \PDO|null MySQL connection
     */
    private ?\PDO $pdo = null;

    /**
     * @var string|null SQLite file
     */
    private ?string $sqlitePath = null;

    /**
     * @var string
     */
    private string $prefix = '';

    /**
     * @var bool
     */
    private bool $opened = false;

    /**
     * @param ConnectionDsn $connectionDsn
     * @param ClientProvider $clientProvider
     */
    public function __construct(ConnectionDsn $connectionDsn, ClientProvider $clientProvider)
    {
        $this->connectionDsn = $connectionDsn;
        $this->clientProvider = $clientProvider;
    }

    /**
     * Get a table's name with Magento's table prefix.
     *
     * @param string $table
     * @return string
     * @throws LocalizedException when the store cannot be opened
     */
    public function table(string $table): string
    {
        $this->open();
        return $this->prefix . $table;
    }

    /**
     * Run a query and return every row.
     *
     * @param string $sql
     * @param array $bind
     * @return array<int, array<string, mixed>>
     * @throws LocalizedException
     */
    public function fetchAll(string $sql, array $bind = []): array
    {
        return $this->run([['sql' => $sql, 'bind' => $bind, 'mode' => 'all']])[0];
    }

    /**
     * Run a query and return the first column of every row.
     *
     * @param string $sql
     * @param array $bind
     * @return array<int, mixed>
     * @throws LocalizedException
     */
    public function fetchColumn(string $sql, array $bind = []): array
    {
        return $this->run([['sql' => $sql, 'bind' => $bind, 'mode' => 'column']])[0];
    }

    /**
     * Run a query and return its first value, or null.
     *
     * @param string $sql
     * @param array $bind
     * @return mixed
     * @throws LocalizedException
     */
    public function fetchOne(string $sql, array $bind = [])
    {
        return $this->fetchColumn($sql, $bind)[0] ?? null;
    }

    /**
     * Run a statement and return how many rows it changed.
     *
     * @param string $sql
     * @param array $bind
     * @return int
     * @throws LocalizedException
     */
    public function execute(string $sql, array $bind = []): int
    {
        return (int)$this->run([['sql' => $sql, 'bind' => $bind, 'mode' => 'exec']])[0];
    }

    /**
     * Run statements in one transaction.
     *
     * @param array<int, array{sql: string, bind: array, mode: string}> $statements
     * @return array<int, mixed> one result per statement
     * @throws LocalizedException
     */
    public function run(array $statements): array
    {
        $this->open();
        if ($this->sqlitePath !== null) {
            return $this->runInChildProcess($statements);
        }
        $results = [];
        try {
            $this->pdo->beginTransaction();
            foreach ($statements as $statement) {
                $query = $this->pdo->prepare($statement['sql']);
                $query->execute(array_values($statement['bind']));
                $results[] = $statement['mode'] === 'exec' ? $query->rowCount()
                    : $query->fetchAll($statement['mode'] === 'column' ? \PDO::FETCH_COLUMN : \PDO::FETCH_ASSOC);
                $query->closeCursor();
            }
            $this->pdo->commit();
        } catch (\PDOException $e) {
            if ($this->pdo->inTransaction()) {
                $this->pdo->rollBack();
            }
            throw new LocalizedException(__('The store refused a query: %1', $e->getMessage()), $e);
        }
        return $results;
    }

    /**
     * A DSN without its password, for messages.
     *
     * @param string $dsn
     * @return string
     */
    public function redact(string $dsn): string
    {
        return (string)preg_replace('#//([^:/@]*):[^@/]*@#', '//$1:***@', $dsn);
    }

    /**
     * Open the store once: the extension first (it creates the tables), then our connection.
     *
     * @return void
     * @throws LocalizedException
     */
    private function open(): void
    {
        if ($this->opened) {
            return;
        }
        // The extension creates its tables on first use: make it use the store once.
        $this->clientProvider->getClient()->listSubscriptions(['limit' => 1]);
        $dsn = $this->connectionDsn->getStoreDsn();
        if (str_starts_with($dsn, 'sqlite://')) {
            $this->sqlitePath = substr($dsn, strlen('sqlite://'));
            $this->opened = true;
            return;
        }
        $parts = parse_url($dsn);
        if (!is_array($parts) || !in_array($parts['scheme'] ?? '', ['mysql', 'mariadb'], true)) {
            throw new LocalizedException(__('The store DSN "%1" is not sqlite:// or mysql://.', $this->redact($dsn)));
        }
        parse_str($parts['query'] ?? '', $query);
        $this->prefix = (string)($query['table_prefix'] ?? '');
        $pdoDsn = 'mysql:dbname=' . rawurldecode(ltrim($parts['path'] ?? '', '/')) . ';charset=utf8mb4;'
            . (isset($query['socket'])
                ? 'unix_socket=' . $query['socket']
                : 'host=' . trim($parts['host'] ?? 'localhost', '[]') . ';port=' . ($parts['port'] ?? 3306));
        try {
            $this->pdo = new \PDO(
                $pdoDsn,
                rawurldecode($parts['user'] ?? ''),
                rawurldecode($parts['pass'] ?? ''),
                [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]
            );
        } catch (\PDOException $e) {
            throw new LocalizedException(
                __('The store %1 cannot be opened: %2', $this->redact($dsn), $e->getMessage()),
                $e
            );
        }
        $this->opened = true;
    }

    /**
     * Run statements on the SQLite file in a child PHP process.
     *
     * @param array<int, array{sql: string, bind: array, mode: string}> $statements
     * @return array<int, mixed>
     * @throws LocalizedException
     */
    private function runInChildProcess(array $statements): array
    {
        $process = proc_open(
            [$this->phpBinary(), __DIR__ . '/sqlite-runner.php'],
            [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes
        );
        if (!is_resource($process)) {
            throw new LocalizedException(__('%1 cannot be started to query the SQLite store.', $this->phpBinary()));
        }
        fwrite($pipes[0], (string)json_encode(['path' => $this->sqlitePath, 'statements' => $statements]));
        fclose($pipes[0]);
        $output = (string)stream_get_contents($pipes[1]);
        $errors = (string)stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        proc_close($process);
        $response = json_decode($output, true);
        if (!is_array($response) || isset($response['error']) || !isset($response['results'])) {
            throw new LocalizedException(__(
                'The SQLite store refused a query: %1',
                $response['error'] ?? trim($errors . ' ' . $output)
            ));
        }
        return $response['results'];
    }

    /**
     * The PHP command-line binary (under PHP-FPM, the `php` next to it unless env.php names one).
     *
     * @return string
     */
    private function phpBinary(): string
    {
        $configured = $this->connectionDsn->section()['php_binary'] ?? null;
        if (is_string($configured) && $configured !== '') {
            return $configured;
        }
        return PHP_SAPI === 'cli' ? PHP_BINARY : PHP_BINDIR . '/php';
    }
}
