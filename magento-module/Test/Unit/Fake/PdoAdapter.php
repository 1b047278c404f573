<?php
/**
 * Magento's database adapter over a PDO connection, with Magento's nested transactions.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\DB\Adapter\AdapterInterface;

/**
 * Transactions nest as in Magento\Framework\DB\Adapter\Pdo\Mysql: only the outermost begin, commit
 * and roll-back reach the database, and an inner roll-back makes the outer commit fail. On SQLite,
 * UNIX_TIMESTAMP() is a PHP function (MySQL's, for the UTC times CURRENT_TIMESTAMP stores there).
 */
class PdoAdapter implements AdapterInterface
{
    /**
     * @var \PDO
     */
    public \PDO $pdo;

    /**
     * @var int
     */
    private int $level = 0;

    /**
     * @var bool
     */
    private bool $rolledBack = false;

    /**
     * @param \PDO $pdo
     */
    public function __construct(\PDO $pdo)
    {
        $pdo->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_EXCEPTION);
        if ($pdo->getAttribute(\PDO::ATTR_DRIVER_NAME) === 'sqlite') {
            $pdo->sqliteCreateFunction('UNIX_TIMESTAMP', static function (...$time): ?int {
                if (!$time) {
                    return time();
                }
                return $time[0] === null ? null : (int)strtotime($time[0] . ' UTC');
            });
        }
        $this->pdo = $pdo;
    }

    /**
     * An SQLite database in memory.
     *
     * @return self
     */
    public static function sqlite(): self
    {
        return new self(new \PDO('sqlite::memory:'));
    }

    /**
     * @inheritdoc
     */
    public function beginTransaction()
    {
        if ($this->rolledBack) {
            throw new \Exception('Rolled back transaction has not been completed correctly.');
        }
        if ($this->level === 0) {
            $this->pdo->beginTransaction();
        }
        $this->level++;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function commit()
    {
        if ($this->level === 0) {
            throw new \Exception('Asymmetric transaction commit.');
        }
        if ($this->rolledBack) {
            throw new \Exception('Rolled back transaction has not been completed correctly.');
        }
        if ($this->level === 1) {
            $this->pdo->commit();
        }
        $this->level--;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function rollBack()
    {
        if ($this->level === 0) {
            throw new \Exception('Asymmetric transaction rollback.');
        }
        if ($this->level === 1) {
            $this->pdo->rollBack();
            $this->rolledBack = false;
        } else {
            $this->rolledBack = true;
        }
        $this->level--;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function insert($table, array $bind)
    {
        $columns = array_keys($bind);
        $statement = $this->pdo->prepare(sprintf(
            'INSERT INTO %s (%s) VALUES (%s)',
            $table,
            implode(', ', $columns),
            implode(', ', array_fill(0, count($columns), '?'))
        ));
        $statement->execute(array_values($bind));
        return $statement->rowCount();
    }

    /**
     * @inheritdoc
     */
    public function fetchRow($sql, $bind = [], $fetchMode = null)
    {
        $statement = $this->pdo->prepare((string)$sql);
        $statement->execute((array)$bind);
        $row = $statement->fetch(\PDO::FETCH_ASSOC);
        return $row === false ? [] : $row;
    }

    /**
     * @inheritdoc
     */
    public function fetchOne($sql, $bind = [])
    {
        $statement = $this->pdo->prepare((string)$sql);
        $statement->execute((array)$bind);
        return $statement->fetchColumn();
    }

    /**
     * @inheritdoc
     */
    public function getTableName($tableName)
    {
        return $tableName;
    }

    /**
     * @inheritdoc
     */
    public function getTransactionLevel()
    {
        return $this->level;
    }
}
