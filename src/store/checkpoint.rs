//! SQLite's WAL checkpoints, off the writer's path. By default SQLite checkpoints inside the
//! commit that takes the WAL past 1 000 pages, and a hand-off waiting behind that commit waited
//! tens of milliseconds: the p99 of the latency benchmark (docs/PERFORMANCE.md). Here a commit
//! checkpoints only past [`WRITER_CHECKPOINT_PAGES`], a safety net for processes that run no
//! consumer, and a consumer's run keeps a [`Checkpointer`]: a task that copies the WAL into
//! the database file every [`CHECKPOINT_EVERY`] on a connection of its own, without blocking
//! the writer (`PASSIVE`), until the run drops it.

use std::time::Duration;

use sqlx::any::AnyConnectOptions;
use tokio::sync::oneshot;

use super::database::sqlite_session;
use crate::error::{Result, StorageContext};

/// WAL pages past which a commit checkpoints by itself (about 40 MiB with 4 KiB pages).
pub(super) const WRITER_CHECKPOINT_PAGES: u32 = 10_000;

/// How often a run's checkpointer copies the WAL into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Keeps the WAL checkpointed while it lives; a last checkpoint when it ends.
pub struct Checkpointer {
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Checkpointer {
    /// Ends it with a last checkpoint, which syncs the WAL first when it has frames to copy:
    /// what the run's writer committed without its fsync (`Durability::WithNextSync`) then
    /// reaches the disk before the run returns (not when another checkpoint holds SQLite's
    /// checkpoint lock, nor writes that a run past its grace period still makes).
    pub async fn finish(self) {
        drop(self.stop);
        let _ = self.task.await;
    }
}

/// Starts checkpointing the database that `options` opens.
pub(super) async fn start(options: &AnyConnectOptions) -> Result<Checkpointer> {
    let pool = super::database::sqlite_pool_options()
        .max_connections(1)
        .after_connect(|conn, _| Box::pin(async move { sqlite_session(conn).await }))
        .connect_with(options.clone())
        .await
        .context("cannot open a connection for WAL checkpoints")?;
    let (stop_tx, mut stop) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let mut every = tokio::time::interval(CHECKPOINT_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let stopping = tokio::select! {
                _ = &mut stop => true,
                _ = every.tick() => false,
            };
            match sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(&pool).await {
                Ok((busy, _, _)) if busy != 0 => tracing::debug!("a WAL checkpoint found another one running; the next one tries again"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "a WAL checkpoint failed; the next one tries again"),
            }
            if stopping {
                break;
            }
        }
        pool.close().await;
    });
    Ok(Checkpointer { stop: stop_tx, task })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use sqlx::Executor;

    use super::*;
    use crate::config::StoreLocation;
    use crate::store::database::{connect, Pools};

    const BATCHES: usize = 6;
    const BATCH_BYTES: usize = 512 * 1024;

    async fn store(path: &Path) -> Pools {
        let pools = connect(&StoreLocation::Sqlite(path.to_path_buf())).await.unwrap();
        pools.writer.pool.execute("CREATE TABLE filler (data BLOB)").await.unwrap();
        pools
    }

    /// Commits BATCHES transactions of BATCH_BYTES, a while apart, and returns the WAL's size.
    async fn write_batches(pools: &Pools, path: &Path) -> u64 {
        for _ in 0..BATCHES {
            sqlx::query("INSERT INTO filler (data) VALUES (zeroblob(?))").bind(BATCH_BYTES as i64).execute(&pools.writer.pool).await.unwrap();
            tokio::time::sleep(CHECKPOINT_EVERY + Duration::from_millis(150)).await;
        }
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_checkpointer_keeps_the_wal_from_growing_with_the_writes() {
        let dir = tempfile::tempdir().unwrap();
        let (alone, checkpointed) = (dir.path().join("alone.sqlite"), dir.path().join("checkpointed.sqlite"));
        let (alone_pools, checkpointed_pools) = (store(&alone).await, store(&checkpointed).await);
        let _checkpointer = start(checkpointed_pools.checkpoint.as_ref().unwrap()).await.unwrap();

        let (alone_wal, checkpointed_wal) =
            tokio::join!(write_batches(&alone_pools, &alone), write_batches(&checkpointed_pools, &checkpointed));

        let all = (BATCHES * BATCH_BYTES) as u64;
        assert!(alone_wal >= all, "without a checkpointer the WAL holds every batch: {alone_wal} bytes");
        assert!(checkpointed_wal < all / 2, "each batch was checkpointed and the WAL started over: {checkpointed_wal} bytes");
    }
}
