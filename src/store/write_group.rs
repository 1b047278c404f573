//! Write groups: the hot path's writes that arrive together (a hand-off and the attempt
//! records of the same moment) in one transaction, so that they share one commit (one fsync
//! on SQLite, whose one writer would otherwise commit them in turn). In a group of several,
//! each write has a savepoint of its own, so that a write that fails is undone alone and the
//! others still commit; a group of one needs none (its failure rolls the group back).
//!
//! On SQLite a group that nobody outside the store waits on (attempt records) may commit
//! without its fsync ([`Durability::WithNextSync`]): see that variant for why at-least-once
//! delivery still holds. A group that must reach the disk ([`Durability::AtCommit`]) commits
//! without the fsync too, and its write-ahead log is synced after the commit, off the write
//! lock ([`PendingSync`]): the next group writes while the disk syncs.

use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::{Acquire, Any, AnyConnection, Connection, Executor, Transaction};

use super::database::Dialect;
use super::wal_sync::WalSync;
use super::Store;
use crate::error::{Error, ErrorKind, Result, StorageContext};

/// How many groups a store writes at once, and how many writes a group takes at most.
#[derive(Debug, Clone, Copy)]
pub struct WriteGrouping {
    pub groups_at_once: usize,
    pub writes_per_group: usize,
}

/// When a group's commit reaches the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Before the group is reported committed ([`PendingSync::synced`]). A group that a
    /// broker's ack follows (a hand-off) needs it: acked and lost in a power cut, an event
    /// would be gone. MySQL commits as the server is configured. SQLite commits without its
    /// fsync (`synchronous = NORMAL`), and the write-ahead log file is then synced from another
    /// thread: once the commit returns, the group's frames are written to that file, and an
    /// fsync of the file, through any descriptor, puts them on the disk. If a checkpoint copied
    /// them to the database meanwhile and the log was started over, they are already on the
    /// disk: a checkpoint syncs the database before the log may be reused.
    AtCommit,
    /// SQLite (`synchronous = NORMAL` for this commit): with the next sync of the log (a
    /// hand-off's from RabbitMQ, any commit outside the writer) or the next WAL checkpoint that
    /// copies frames, which syncs the WAL first (a run's checkpointer tries every 250 ms and
    /// once more when the run ends; SQLite's own one past 10 000 pages). A power cut before
    /// then undoes the group as a whole, never a part of it nor a later group without it (the
    /// WAL is replayed in order): attempt records lost so are lost with their deliveries'
    /// deletions, and those deliveries are sent again; a SQL queue's hand-off lost so is lost
    /// with its messages' acks, and they are claimed again. At-least-once delivery allows
    /// both. MySQL commits as the server is configured.
    WithNextSync,
}

/// The writer connection a group writes on. On SQLite a group changes its `synchronous`
/// setting (see [`GroupConnection::begin`]): [`GroupConnection::release`] sets it back, and a
/// connection that could not be set back (or was dropped without `release`) is closed rather
/// than returned to the pool, where other writes would commit without their fsync.
pub struct GroupConnection {
    connection: Option<PoolConnection<Any>>,
    dialect: Dialect,
    /// SQLite: the write-ahead log that a group committed [`Durability::AtCommit`] syncs.
    wal: Option<Arc<WalSync>>,
    /// `synchronous` may be NORMAL: set back before the pool gets the connection again.
    relaxed: bool,
}

/// An open transaction that writes of the hot path join.
pub struct WriteGroup<'c> {
    tx: Transaction<'c, Any>,
    /// What its commit must sync to be durable (SQLite, [`Durability::AtCommit`]).
    sync: Option<Arc<WalSync>>,
    /// The group takes one write, without a savepoint.
    solo: bool,
    writes: usize,
    /// A failed write could not be undone alone: committing would keep part of it.
    broken: bool,
}

/// A committed group on its way to the disk: [`PendingSync::synced`] returns once it is as
/// durable as its [`Durability`] says.
#[must_use = "a committed group is durable only once synced"]
pub struct PendingSync(Option<Arc<WalSync>>);

impl PendingSync {
    /// Syncs what the group's commit left to sync (on SQLite the write-ahead log, on a thread
    /// of the blocking pool); at once when there is nothing.
    pub async fn synced(self) -> Result<()> {
        let Some(wal) = self.0 else { return Ok(()) };
        let syncing = Arc::clone(&wal);
        match tokio::task::spawn_blocking(move || syncing.sync()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(reason)) => Err(Error::new(ErrorKind::Storage, reason)),
            Err(e) => Err(Error::new(ErrorKind::Storage, format!("the sync of {} stopped: {e}", wal.path().display()))),
        }
    }
}

/// One write of a group; [`GroupWrite::end`] keeps or undoes it.
pub(super) struct GroupWrite<'g> {
    scope: Scope<'g>,
    broken: &'g mut bool,
}

/// Where a write's statements go.
enum Scope<'g> {
    /// A savepoint of a group of several.
    Savepoint(Transaction<'g, Any>),
    /// The group's transaction itself, in a group of one.
    Alone(&'g mut AnyConnection),
}

impl Store {
    /// Takes the writer connection for a group (on SQLite it waits for the one writer).
    pub async fn group_connection(&self) -> Result<GroupConnection> {
        let connection = self.writer.pool.acquire().await.context("cannot start writing")?;
        Ok(GroupConnection { connection: Some(connection), dialect: self.writer.dialect, wal: self.writer.wal.clone(), relaxed: false })
    }
}

impl GroupConnection {
    /// Starts a group of `writes` writes (on SQLite it takes the write lock).
    pub async fn begin(&mut self, writes: usize, durability: Durability) -> Result<WriteGroup<'_>> {
        let connection = self.connection.as_mut().ok_or_else(|| Error::new(ErrorKind::Storage, "the writer connection is gone"))?;
        // On SQLite every group commits without its fsync; one that must reach the disk syncs
        // the write-ahead log after its commit (see `Durability::AtCommit`). SQLite refuses to
        // change `synchronous` inside a transaction: it is set just before, in the same call.
        let (tx, sync) = match self.dialect {
            Dialect::Sqlite => {
                self.relaxed = true;
                let sync = self.wal.clone().filter(|_| durability == Durability::AtCommit);
                (connection.begin_with("PRAGMA synchronous = NORMAL; BEGIN IMMEDIATE").await, sync)
            }
            Dialect::MySql => (connection.begin().await, None),
        };
        let tx = tx.context("cannot start writing")?;
        Ok(WriteGroup { tx, sync, solo: writes == 1, writes: 0, broken: false })
    }

    /// Gives the connection back to the pool with its `synchronous` setting as the pool set it
    /// (or closes it, when that cannot be restored).
    pub async fn release(mut self) {
        let Some(connection) = self.connection.as_mut().filter(|_| self.relaxed) else { return };
        match connection.execute("PRAGMA synchronous = FULL").await {
            Ok(_) => self.relaxed = false,
            Err(e) => tracing::warn!(error = %e, "cannot restore the writer's fsync on commit; its connection is closed"),
        }
        // Dropped: back to the pool, or closed if still relaxed.
    }
}

impl Drop for GroupConnection {
    fn drop(&mut self) {
        if let Some(connection) = self.connection.take().filter(|_| self.relaxed) {
            // Closed, not pooled: the pool opens a new connection with the usual settings.
            drop(connection.detach());
        }
    }
}

impl WriteGroup<'_> {
    /// Commits every write of the group that succeeded (dropped instead, all are rolled
    /// back); they are durable as the group's [`Durability`] says once the returned
    /// [`PendingSync`] is synced. A group with a failed write that could not be undone alone
    /// is rolled back, not committed.
    pub async fn commit(self) -> Result<PendingSync> {
        if self.broken {
            // Dropping the transaction rolls it back.
            return Err(Error::new(ErrorKind::Storage, "a failed write could not be undone alone: its group was rolled back"));
        }
        self.tx.commit().await.context("cannot commit")?;
        Ok(PendingSync(self.sync))
    }

    /// Starts one write of the group; refused once a failed write could not be undone alone
    /// (SQLite may have rolled the whole transaction back: a later statement would run and
    /// commit on its own, outside the group), and beyond the one write of a group of one.
    pub(super) async fn write(&mut self) -> Result<GroupWrite<'_>> {
        if self.broken {
            return Err(Error::new(ErrorKind::Storage, "an earlier write of its group could not be undone: the group is rolled back"));
        }
        if self.solo && self.writes > 0 {
            return Err(Error::new(ErrorKind::Storage, "a group begun for one write takes no second"));
        }
        self.writes += 1;
        let scope = if self.solo {
            Scope::Alone(&mut self.tx)
        } else {
            Scope::Savepoint(Acquire::begin(&mut self.tx).await.context("cannot start a write in a group")?)
        };
        Ok(GroupWrite { scope, broken: &mut self.broken })
    }
}

impl GroupWrite<'_> {
    /// Where the write's statements go.
    pub fn connection(&mut self) -> &mut AnyConnection {
        match &mut self.scope {
            Scope::Savepoint(savepoint) => savepoint,
            Scope::Alone(connection) => connection,
        }
    }

    /// Keeps the write if it succeeded, undoes it if it failed; returns what it returned.
    pub async fn end<T>(self, written: Result<T>) -> Result<T> {
        match (self.scope, written) {
            (Scope::Alone(_), Ok(value)) => Ok(value),
            (Scope::Alone(_), Err(e)) => {
                // The group holds nothing else: it is rolled back instead of committed.
                *self.broken = true;
                Err(e)
            }
            (Scope::Savepoint(savepoint), Ok(value)) => match savepoint.commit().await {
                Ok(()) => Ok(value),
                Err(e) => {
                    *self.broken = true;
                    Err(e).context("cannot end a write in a group")
                }
            },
            (Scope::Savepoint(savepoint), Err(e)) => {
                if let Err(undo) = savepoint.rollback().await {
                    tracing::error!(error = %undo, "cannot undo a failed write; its group will be rolled back");
                    *self.broken = true;
                }
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::clock::SystemClock;
    use crate::config::Config;

    async fn sqlite_store(dir: &tempfile::TempDir) -> Store {
        let dsn = format!("sqlite://{}/db.sqlite", dir.path().display());
        let config = Config::load_from(Vec::new(), json!({ "store_dsn": dsn })).expect("a valid test configuration");
        Store::open(&config, Arc::new(SystemClock)).await.expect("open the store")
    }

    /// SQLite's `synchronous` level on `connection`: 2 is FULL (fsync on commit), 1 NORMAL.
    async fn synchronous(connection: &mut AnyConnection) -> i64 {
        sqlx::query_scalar("PRAGMA synchronous").fetch_one(connection).await.expect("read the synchronous level")
    }

    #[tokio::test]
    async fn groups_commit_without_their_fsync_and_only_a_group_that_must_reach_the_disk_syncs_the_log() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = sqlite_store(&dir).await;
        // A marker that lives as long as the writer's connection: the pool gets that
        // connection back, not a new one.
        sqlx::query("CREATE TEMP TABLE marker (x INTEGER)").execute(&store.writer.pool).await.expect("a marker");
        let mut connection = store.group_connection().await.expect("the writer connection");
        let mut group = connection.begin(2, Durability::WithNextSync).await.expect("a relaxed group");
        let mut write = group.write().await.expect("a write");
        assert_eq!(synchronous(write.connection()).await, 1, "the group commits without its fsync");
        write.end(Ok(())).await.expect("the write ends");
        let pending = group.commit().await.expect("the group commits");
        assert!(pending.0.is_none(), "nothing to sync");
        let mut group = connection.begin(1, Durability::AtCommit).await.expect("a durable group after it");
        let mut write = group.write().await.expect("a write");
        assert_eq!(synchronous(write.connection()).await, 1, "a hand-off's group commits without its fsync too");
        write.end(Ok(())).await.expect("the write ends");
        let pending = group.commit().await.expect("the group commits");
        let wal = pending.0.clone().expect("the log to sync");
        let expected = std::fs::canonicalize(dir.path()).expect("the directory").join("db.sqlite-wal");
        assert_eq!(wal.path(), expected, "the database's own log, as SQLite resolved its path");
        assert!(wal.path().exists(), "the commit wrote the log");
        pending.synced().await.expect("the log is synced");
        connection.release().await;
        let mut pooled = store.writer.pool.acquire().await.expect("the writer connection again");
        assert_eq!(synchronous(&mut pooled).await, 2, "the pool gets the connection back syncing every commit");
        sqlx::query("SELECT COUNT(*) FROM marker").execute(&mut *pooled).await.expect("the same connection, not a new one");
    }

    #[tokio::test]
    async fn a_log_that_cannot_be_synced_fails_the_group() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let missing = Arc::new(WalSync::new(dir.path().join("gone.sqlite-wal")));
        let e = PendingSync(Some(missing)).synced().await.expect_err("nothing to sync there");
        assert_eq!(e.kind(), ErrorKind::Storage);
        assert!(e.to_string().contains("gone.sqlite-wal"), "{e}");
    }

    #[tokio::test]
    async fn a_relaxed_connection_dropped_without_release_is_closed_not_pooled() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = sqlite_store(&dir).await;
        let mut connection = store.group_connection().await.expect("the writer connection");
        drop(connection.begin(1, Durability::WithNextSync).await.expect("a relaxed group"));
        drop(connection);
        let mut pooled = store.writer.pool.acquire().await.expect("a new writer connection");
        assert_eq!(synchronous(&mut pooled).await, 2, "the connection that stayed relaxed is gone");
    }

    #[tokio::test]
    async fn a_group_of_one_takes_one_write_without_a_savepoint() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = sqlite_store(&dir).await;
        let insert = "INSERT INTO async_event_queue (uuid, event_name, body, available_at, created_at) VALUES ('u', 'e', '{}', 0, 0)";
        let mut connection = store.group_connection().await.expect("the writer connection");

        let mut group = connection.begin(1, Durability::AtCommit).await.expect("a group of one");
        let mut write = group.write().await.expect("its write");
        sqlx::query(insert).execute(write.connection()).await.expect("a statement");
        write.end(Ok(())).await.expect("the write ends");
        assert!(group.write().await.is_err(), "no second write in a group of one");
        group.commit().await.expect("the group commits").synced().await.expect("the group is durable");

        let mut group = connection.begin(1, Durability::AtCommit).await.expect("another group of one");
        let mut write = group.write().await.expect("its write");
        sqlx::query(insert).execute(write.connection()).await.expect("a first statement");
        let failed = write.end::<()>(Err(Error::new(ErrorKind::Storage, "a later statement failed"))).await;
        assert!(failed.is_err());
        assert!(group.commit().await.is_err(), "the group of a failed solo write is not committed");
        connection.release().await;
        let rows: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM async_event_queue").fetch_one(&store.reader).await.expect("count the queue");
        assert_eq!(rows, 1, "the first group's row; the failed write's statement was rolled back with its group");
    }
}
