<?php
/**
 * Maps Magento's env.php connection settings to the extension's store and queue DSNs.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Extension;

use Magento\Framework\App\DeploymentConfig;
use Magento\Framework\App\Filesystem\DirectoryList;
use Magento\Framework\Exception\LocalizedException;

/**
 * The one place that turns env.php into DSNs, so that it is easy to adjust:
 *
 * - store (subscriptions, attempt log, dead letters; the SQL queue when there is no broker):
 *   `async_events/store_dsn` when set; else, when `async_events/sqlite` is true (or a path), an
 *   SQLite file under var/ (`sqlite://<magento>/var/async_events/async_events.sqlite`); else
 *   Magento's database from `db/connection/default`, as
 *   `mysql://user:password@host:port/dbname[?socket=...&table_prefix=...]`.
 * - queue: `async_events/queue_dsn` when set; else, unless the store is the SQLite fallback or
 *   `queue/default_connection` names another connection, `queue/amqp` as
 *   `amqp[s]://user:password@host:port/<url-encoded vhost>`; else none (the store's SQL queue).
 * - transactional outbox: Magento's database, whatever the store is, unless
 *   `async_events/transactional_publish` is false.
 */
class ConnectionDsn
{
    /**
     * env.php section of the module.
     */
    public const ENV_SECTION = 'async_events';

    /**
     * File of the SQLite fallback, under var/.
     */
    public const SQLITE_FILE = 'async_events/async_events.sqlite';

    /**
     * Search index folder under var/ for a store that is not an SQLite file.
     */
    public const INDEX_DIR = 'async_events/search_index';
    public const KEY_FILE = 'async_events/async_events.key';

    /**
     * The transactional outbox's table in Magento's database (without the table prefix).
     */
    public const OUTBOX_TABLE = 'async_event_outbox';

    /**
     * @var DeploymentConfig
     */
    private DeploymentConfig $deploymentConfig;

    /**
     * @var DirectoryList
     */
    private DirectoryList $directoryList;

    /**
     * @param DeploymentConfig $deploymentConfig
     * @param DirectoryList $directoryList
     */
    public function __construct(DeploymentConfig $deploymentConfig, DirectoryList $directoryList)
    {
        $this->deploymentConfig = $deploymentConfig;
        $this->directoryList = $directoryList;
    }

    /**
     * Whether env.php asks for the embedded SQLite store.
     *
     * @return bool
     */
    public function usesSqliteFallback(): bool
    {
        $explicit = $this->section()['store_dsn'] ?? null;
        if (is_string($explicit) && $explicit !== '') {
            return false;
        }
        $sqlite = $this->section()['sqlite'] ?? false;
        return $sqlite === true || $sqlite === 1 || $sqlite === '1' || (is_string($sqlite) && strlen($sqlite) > 1);
    }

    /**
     * Get the store DSN.
     *
     * @return string
     * @throws LocalizedException when env.php names no database and no SQLite fallback
     */
    public function getStoreDsn(): string
    {
        $section = $this->section();
        if (is_string($section['store_dsn'] ?? null) && $section['store_dsn'] !== '') {
            return $section['store_dsn'];
        }
        if ($this->usesSqliteFallback()) {
            return 'sqlite://' . $this->sqlitePath();
        }
        $dsn = $this->magentoDatabaseDsn(true);
        if ($dsn === null) {
            throw new LocalizedException(__(
                'async_events: env.php has no db/connection/default to keep subscriptions in; '
                . 'set async_events/store_dsn, or async_events/sqlite => true for an SQLite file under var/.'
            ));
        }
        return $dsn;
    }

    /**
     * Whether publishing inside a transaction of Magento's default connection goes through the
     * transactional outbox: env.php `async_events/transactional_publish`, on unless false.
     *
     * @return bool
     */
    public function usesTransactionalPublish(): bool
    {
        $value = $this->section()['transactional_publish'] ?? true;
        return !($value === false || $value === 0 || $value === '0' || $value === 'false' || $value === '');
    }

    /**
     * The transactional outbox's DSN: Magento's database (`db/connection/default`, whatever the
     * store is), as `mysql://user:password@host:port/dbname[?socket=...]` without the table prefix
     * ({@see getOutboxTable()} carries it); null when transactional publishing is off or env.php
     * names no database.
     *
     * @return string|null
     */
    public function getOutboxDsn(): ?string
    {
        return $this->usesTransactionalPublish() ? $this->magentoDatabaseDsn(false) : null;
    }

    /**
     * The outbox table's name in Magento's database, with env.php's `db/table_prefix`.
     *
     * @return string
     */
    public function getOutboxTable(): string
    {
        return (string)$this->deploymentConfig->get('db/table_prefix', '') . self::OUTBOX_TABLE;
    }

    /**
     * Magento's database (`db/connection/default`) as a mysql:// DSN, or null when env.php names none.
     *
     * @param bool $withTablePrefix add `table_prefix=` (the store's tables carry it)
     * @return string|null
     */
    private function magentoDatabaseDsn(bool $withTablePrefix): ?string
    {
        $db = $this->deploymentConfig->get('db/connection/default');
        if (!is_array($db) || empty($db['host']) || empty($db['dbname'])) {
            return null;
        }
        [$host, $port, $socket] = $this->splitHost((string)$db['host']);
        if (!empty($db['port'])) {
            $port = (int)$db['port'];
        }
        $query = [];
        if ($socket !== null) {
            $query['socket'] = $socket;
        }
        $prefix = (string)$this->deploymentConfig->get('db/table_prefix', '');
        if ($withTablePrefix && $prefix !== '') {
            $query['table_prefix'] = $prefix;
        }
        return 'mysql://' . $this->credentials($db['username'] ?? '', $db['password'] ?? '')
            . $host . ($port ? ':' . $port : '')
            . '/' . rawurlencode((string)$db['dbname'])
            . ($query ? '?' . http_build_query($query, '', '&', PHP_QUERY_RFC3986) : '');
    }

    /**
     * Where the search index lives when env.php does not say (`async_events/index_path`): null for
     * an SQLite store (the extension keeps it next to the file), `var/async_events/search_index`
     * otherwise. The index is local to each host; every host brings its own up to date from the log.
     *
     * @return string|null
     * @throws LocalizedException when env.php names no store
     */
    public function getDefaultIndexPath(): ?string
    {
        return $this->underVarUnlessSqlite(self::INDEX_DIR);
    }

    /**
     * Where the key of the verification tokens lives when env.php does not say
     * (`async_events/key_file`): null for an SQLite store (the extension keeps it next to the
     * file), `var/async_events/async_events.key` otherwise. Every host needs the same key.
     *
     * @return string|null
     * @throws LocalizedException when env.php names no store
     */
    public function getDefaultKeyFile(): ?string
    {
        return $this->underVarUnlessSqlite(self::KEY_FILE);
    }

    /**
     * A path under Magento's var/ for a store on MySQL; null for an SQLite store.
     *
     * @param string $relative
     * @return string|null
     * @throws LocalizedException when env.php names no store
     */
    private function underVarUnlessSqlite(string $relative): ?string
    {
        if (strncmp($this->getStoreDsn(), 'sqlite:', 7) === 0) {
            return null;
        }
        return rtrim($this->directoryList->getPath(DirectoryList::VAR_DIR), '/') . '/' . $relative;
    }

    /**
     * Magento's encryption key(s), env.php's `crypt/key`: the extension seals verification tokens
     * with it as Magento's encryptor does, so the tokens mageos-async-events saved keep working.
     *
     * @return string|null
     */
    public function getCryptKey(): ?string
    {
        $key = $this->deploymentConfig->get('crypt/key');
        return is_string($key) && trim($key) !== '' ? $key : null;
    }

    /**
     * Get the queue DSN, or null for the store's own SQL queue.
     *
     * @return string|null
     */
    public function getQueueDsn(): ?string
    {
        $section = $this->section();
        if (is_string($section['queue_dsn'] ?? null) && $section['queue_dsn'] !== '') {
            return $section['queue_dsn'];
        }
        if ($this->usesSqliteFallback()) {
            return null;
        }
        $default = $this->deploymentConfig->get('queue/default_connection');
        if (is_string($default) && $default !== '' && $default !== 'amqp') {
            return null;
        }
        $amqp = $this->deploymentConfig->get('queue/amqp');
        if (!is_array($amqp) || empty($amqp['host'])) {
            return null;
        }
        $ssl = $amqp['ssl'] ?? false;
        $secure = $ssl === true || $ssl === 1 || in_array(strtolower((string)$ssl), ['1', 'true'], true);
        $port = (int)($amqp['port'] ?? ($secure ? 5671 : 5672));
        $vhost = (string)($amqp['virtualhost'] ?? '/');
        return ($secure ? 'amqps' : 'amqp') . '://'
            . $this->credentials($amqp['user'] ?? '', $amqp['password'] ?? '')
            . $amqp['host'] . ':' . $port . '/' . rawurlencode($vhost === '' ? '/' : $vhost);
    }

    /**
     * The module's env.php section (`async_events`).
     *
     * @return array<string, mixed>
     */
    public function section(): array
    {
        $section = $this->deploymentConfig->get(self::ENV_SECTION);
        return is_array($section) ? $section : [];
    }

    /**
     * Path of the SQLite fallback file.
     *
     * @return string
     */
    private function sqlitePath(): string
    {
        $configured = $this->section()['sqlite'] ?? null;
        if (is_string($configured) && strlen($configured) > 1) {
            return $configured;
        }
        return rtrim($this->directoryList->getPath(DirectoryList::VAR_DIR), '/') . '/' . self::SQLITE_FILE;
    }

    /**
     * `user:password@`, URL-encoded, or nothing.
     *
     * @param mixed $user
     * @param mixed $password
     * @return string
     */
    private function credentials($user, $password): string
    {
        $user = (string)$user;
        $password = (string)$password;
        if ($user === '') {
            return '';
        }
        return rawurlencode($user) . ($password !== '' ? ':' . rawurlencode($password) : '') . '@';
    }

    /**
     * Split Magento's db host (`host`, `host:port`, `/path/to/socket`, `[::1]:3306`).
     *
     * @param string $host
     * @return array{0: string, 1: int|null, 2: string|null} host, port, socket
     */
    private function splitHost(string $host): array
    {
        if (str_starts_with($host, '/')) {
            return ['localhost', null, $host];
        }
        if (preg_match('/^\[(.+)\](?::(\d+))?$/', $host, $m)) {
            return ['[' . $m[1] . ']', isset($m[2]) ? (int)$m[2] : null, null];
        }
        if (substr_count($host, ':') === 1) {
            [$name, $port] = explode(':', $host);
            if (ctype_digit($port)) {
                return [$name, (int)$port, null];
            }
            return [$name, null, $port];
        }
        return [$host, null, null];
    }
}
