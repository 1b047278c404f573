//! The store's database connection: SQLite (the embedded default) or MySQL/MariaDB (Magento's
//! database), behind sqlx's `Any` driver so that every query is written once. What differs
//! between the two is here: connecting, the tables' DDL, how a write transaction starts and
//! how a claim keeps other consumers off the rows it takes.
//!
//! `Any` decodes a fixed set of types, without MySQL's TINYINT and DATETIME: queries select
//! `boolean` columns as `CAST(name AS SIGNED) AS name` (read with [`flag`]) and `datetime`
//! columns as `CAST(name AS CHAR) AS name`, which both dialects understand.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Connection, Executor, Row, Transaction};

use super::schema;
use super::wal_sync::WalSync;
use crate::config::StoreLocation;
use crate::secret::redact_password;
use crate::error::{Error, ErrorKind, Result, StorageContext};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    MySql,
}

/// A pool and the dialect it speaks.
#[derive(Clone)]
pub struct Database {
    pub pool: AnyPool,
    pub dialect: Dialect,
    /// `INSERT ... RETURNING` works: SQLite, and MariaDB from 10.5 (not MySQL).
    pub inserts_return_rows: bool,
    /// SQLite: the database's write-ahead log, which a write group may sync after its commit
    /// (see `write_group`).
    pub wal: Option<Arc<WalSync>>,
}

/// The writer and the readers of one store.
pub(super) struct Pools {
    pub writer: Database,
    pub reader: AnyPool,
    /// SQLite: how to open a connection of its own for WAL checkpoints (see `checkpoint`).
    pub checkpoint: Option<AnyConnectOptions>,
}

impl Database {
    /// Starts a transaction that will write. SQLite takes its write lock at once (`BEGIN
    /// IMMEDIATE`), so that a transaction that reads first never fails to upgrade its lock
    /// when another process wrote meanwhile; MySQL locks row by row.
    pub async fn begin_write(&self) -> std::result::Result<Transaction<'static, Any>, sqlx::Error> {
        match self.dialect {
            Dialect::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Dialect::MySql => self.pool.begin().await,
        }
    }

    /// What ends the SELECT of a claim: on MySQL it locks the rows it returns and passes over
    /// rows other consumers are claiming; SQLite's write lock already keeps them out.
    pub fn claim_lock(&self) -> &'static str {
        match self.dialect {
            Dialect::Sqlite => "",
            Dialect::MySql => " FOR UPDATE SKIP LOCKED",
        }
    }
}

/// Opens the pools of the store at `location`, creating the tables that are missing.
pub(super) async fn connect(location: &StoreLocation) -> Result<Pools> {
    install_drivers();
    match location {
        StoreLocation::Sqlite(path) => connect_sqlite(path).await,
        StoreLocation::MySql(url) => connect_mysql(url).await,
    }
}

fn install_drivers() {
    static DRIVERS: Once = Once::new();
    DRIVERS.call_once(sqlx::any::install_default_drivers);
}

async fn connect_sqlite(path: &Path) -> Result<Pools> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::with_source(ErrorKind::Storage, format!("cannot create {}", dir.display()), e))?;
    }
    let cannot_open = format!("cannot open the SQLite database {}", path.display());
    let absolute = std::path::absolute(path).map_err(|e| Error::with_source(ErrorKind::Storage, &cannot_open, e))?;
    let url = |mode: &str| -> Result<AnyConnectOptions> {
        let url = url::Url::from_file_path(&absolute)
            .map_err(|()| Error::new(ErrorKind::Config, format!("{} is not a usable path", path.display())))?;
        format!("sqlite://{}?mode={mode}", url.path()).parse().context(&cannot_open)
    };
    // One writer: SQLite allows one at a time, and queueing writers in the pool is fair and
    // immediate, where several connections would wait on SQLite's busy handler, which sleeps.
    let writer = sqlite_pool_options()
        .max_connections(1)
        .after_connect(|conn, _| Box::pin(async move { sqlite_writer_session(conn).await }))
        .after_release(|conn, _| Box::pin(async move { Ok(outside_transaction(conn).await) }))
        .connect_with(url("rwc")?)
        .await
        .context(&cannot_open)?;
    // WAL survives in the file; it lets the readers run beside the writer.
    writer.execute("PRAGMA journal_mode = WAL").await.context(&cannot_open)?;
    create_tables(&writer, schema::SQLITE, Dialect::Sqlite).await?;
    let reader = sqlite_pool_options()
        .max_connections(4)
        .after_connect(|conn, _| Box::pin(async move { sqlite_session(conn).await }))
        .connect_with(url("ro")?)
        .await
        .context(&cannot_open)?;
    // The log is next to the file SQLite opened, which follows symbolic links.
    let file: String = sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
        .fetch_one(&writer)
        .await
        .context(&cannot_open)?;
    let wal = Some(Arc::new(WalSync::new(PathBuf::from(format!("{file}-wal")))));
    let writer = Database { pool: writer, dialect: Dialect::Sqlite, inserts_return_rows: true, wal };
    Ok(Pools { writer, reader, checkpoint: Some(url("rw")?) })
}

/// How long a pooled SQLite connection may have been idle and still be lent without a ping.
/// sqlx pings a connection when it comes back to the pool, and by default again when it lends
/// it: on SQLite each is a hop to the connection's worker thread and back, around every write
/// group and read. The ping on lending is dropped here: nothing on the other side can close a
/// SQLite connection, the ping only finds a worker thread that stopped, and a connection
/// pinged on its return within the last second has shown its worker alive. MySQL's pool keeps
/// sqlx's ping on every lending: the server may have closed a connection, and one closed
/// while it sat in the pool would fail its next statement.
const SQLITE_LENT_WITHOUT_PING_WITHIN: Duration = Duration::from_secs(1);

/// The options of every SQLite pool of the store: a connection idle for
/// [`SQLITE_LENT_WITHOUT_PING_WITHIN`] or longer is pinged before it is lent (and closed if
/// its worker stopped).
pub(super) fn sqlite_pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new().test_before_acquire(false).before_acquire(|conn, idle| {
        Box::pin(async move {
            if idle.idle_for >= SQLITE_LENT_WITHOUT_PING_WITHIN {
                conn.ping().await?;
            }
            Ok(true)
        })
    })
}

/// Whether a connection given back to the pool may be used again: it must be outside any
/// transaction. A failed commit (a full disk) can leave SQLite's transaction open where
/// sqlx's own rollback cannot end it, and every later `BEGIN` on that connection would fail;
/// such a connection is closed instead, and the pool opens a new one.
async fn outside_transaction(conn: &mut sqlx::AnyConnection) -> bool {
    if !conn.is_in_transaction() {
        return true;
    }
    // A dropped transaction's rollback is queued on the connection: a ping lets it run.
    conn.ping().await.is_ok() && !conn.is_in_transaction()
}

/// Every SQLite connection: full fsync on commit, foreign keys enforced, a generous busy wait
/// for the other processes on the same file, and WAL checkpoints inside a commit only as a
/// safety net (see `checkpoint`).
pub(super) async fn sqlite_session(conn: &mut sqlx::AnyConnection) -> std::result::Result<(), sqlx::Error> {
    let pragmas = format!(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA wal_autocheckpoint = {}",
        super::checkpoint::WRITER_CHECKPOINT_PAGES
    );
    conn.execute(sqlx::AssertSqlSafe(pragmas)).await?;
    Ok(())
}

/// The writer connection: [`sqlite_session`], and the journals of a write group's savepoints
/// kept in memory (`temp_store`). With temporary files, a group of several writes opened, wrote
/// and closed a file for its savepoints' journal once it passed 64 KiB.
async fn sqlite_writer_session(conn: &mut sqlx::AnyConnection) -> std::result::Result<(), sqlx::Error> {
    sqlite_session(conn).await?;
    conn.execute("PRAGMA temp_store = MEMORY").await?;
    Ok(())
}

async fn connect_mysql(url: &str) -> Result<Pools> {
    let cannot_open = format!("cannot connect to the MySQL store {}", redact_password(url));
    // Several writers: InnoDB locks rows, so claims, hand-offs and records of different
    // deliveries go on side by side.
    let pool = mysql_pool(url, 16, &cannot_open).await?;
    create_tables(&pool, schema::MYSQL, Dialect::MySql).await?;
    let version: String = sqlx::query_scalar("SELECT CAST(VERSION() AS CHAR)").fetch_one(&pool).await.context(&cannot_open)?;
    let inserts_return_rows = mariadb_with_returning(&version);
    Ok(Pools { writer: Database { pool: pool.clone(), dialect: Dialect::MySql, inserts_return_rows, wal: None }, reader: pool, checkpoint: None })
}

/// A pool of up to `connections` MySQL connections in UTC and READ COMMITTED, which takes no
/// gap locks (they would make concurrent inserts into one table wait on each other).
pub(crate) async fn mysql_pool(url: &str, connections: u32, cannot_open: &str) -> Result<AnyPool> {
    install_drivers();
    let options: AnyConnectOptions = url.parse().context(cannot_open)?;
    AnyPoolOptions::new()
        .max_connections(connections)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED").await?;
                conn.execute("SET time_zone = '+00:00'").await?;
                Ok(())
            })
        })
        .after_release(|conn, _| Box::pin(async move { Ok(outside_transaction(conn).await) }))
        .connect_with(options)
        .await
        .context(cannot_open)
}

/// Whether a server that reports `version` is MariaDB 10.5 or later, which has
/// `INSERT ... RETURNING` (`10.11.6-MariaDB-0+deb12u1`; MySQL says `8.0.36`).
fn mariadb_with_returning(version: &str) -> bool {
    if !version.contains("MariaDB") {
        return false;
    }
    // Old clients are told `5.5.5-` before the real version.
    let version = version.strip_prefix("5.5.5-").unwrap_or(version);
    let mut parts = version.split(['.', '-']).map(|part| part.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (10, 5)
}

/// Creates the tables that are missing, then the columns added since ([`schema::ADDED_COLUMNS`]).
async fn create_tables(pool: &AnyPool, statements: &[&'static str], dialect: Dialect) -> Result<()> {
    for statement in statements {
        pool.execute(*statement).await.context("cannot create the tables")?;
    }
    for added in schema::ADDED_COLUMNS {
        if has_column(pool, dialect, added).await? {
            continue;
        }
        let definition = match dialect {
            Dialect::Sqlite => added.sqlite,
            Dialect::MySql => added.mysql,
        };
        let sql = format!("ALTER TABLE {} ADD COLUMN {} {definition}", added.table, added.column);
        // Another process opening the store at the same time may add it first.
        if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await {
            if !has_column(pool, dialect, added).await.unwrap_or(false) {
                return Err(e).context(&format!("cannot add the column {}.{}", added.table, added.column));
            }
        }
    }
    Ok(())
}

/// Whether the store's table already has the `added` column.
async fn has_column(pool: &AnyPool, dialect: Dialect, added: &schema::AddedColumn) -> Result<bool> {
    let sql = match dialect {
        Dialect::Sqlite => "SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?",
        Dialect::MySql => {
            "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?"
        }
    };
    let found: i64 = sqlx::query_scalar(sql)
        .bind(added.table)
        .bind(added.column)
        .fetch_one(pool)
        .await
        .context(&format!("cannot read the columns of {}", added.table))?;
    Ok(found > 0)
}

/// Reads a `boolean` column selected as `CAST(name AS SIGNED) AS name`.
pub(crate) fn flag(row: &AnyRow, name: &str) -> std::result::Result<bool, sqlx::Error> {
    Ok(row.try_get::<i64, _>(name)? != 0)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::mariadb_with_returning;
    use crate::clock::SystemClock;
    use crate::config::Config;
    use crate::store::Store;

    #[tokio::test]
    async fn the_sqlite_writer_keeps_savepoint_journals_in_memory_and_sqlite_keeps_no_memory_statistics() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let dsn = format!("sqlite://{}/db.sqlite", dir.path().display());
        let config = Config::load_from(Vec::new(), json!({ "store_dsn": dsn })).expect("a valid test configuration");
        let store = Store::open(&config, Arc::new(SystemClock)).await.expect("open the store");
        let temp_store: i64 = sqlx::query_scalar("PRAGMA temp_store").fetch_one(&store.writer.pool).await.expect("temp_store");
        assert_eq!(temp_store, 2, "MEMORY");
        // Set by .cargo/config.toml (LIBSQLITE3_FLAGS) when the bundled SQLite is compiled.
        let options: Vec<String> = sqlx::query_scalar("PRAGMA compile_options").fetch_all(&store.reader).await.expect("compile options");
        assert!(options.iter().any(|option| option == "DEFAULT_MEMSTATUS=0"), "{options:?}");
    }

    #[test]
    fn returning_is_known_from_the_server_version() {
        assert!(mariadb_with_returning("10.11.19-MariaDB-0+deb12u1"));
        assert!(mariadb_with_returning("10.5.0-MariaDB"));
        assert!(mariadb_with_returning("11.4.2-MariaDB-ubu2404"));
        assert!(!mariadb_with_returning("10.4.32-MariaDB"));
        assert!(!mariadb_with_returning("8.0.36"));
        assert!(mariadb_with_returning("5.5.5-10.11.6-MariaDB"));
    }
}
