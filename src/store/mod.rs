//! The store: subscriptions, deliveries in progress, the attempt log, dead letters and the SQL
//! queue (`sql_queue`: in the same database, so a hand-off and its acks commit together), in
//! SQLite (one file created on first use: WAL, foreign keys on; the run's write groups commit
//! without their fsync, and those whose acks leave the store sync the log after, see
//! `write_group`) or in
//! MySQL/MariaDB (Magento's database). `database` holds what differs between the two.

mod attempts;
mod checkpoint;
mod database;
mod dead_letter_job;
mod dead_letters;
mod deliveries;
mod log_rows;
mod schema;
mod sql_queue;
mod subscriptions;
mod wal_sync;
mod write_group;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sqlx::any::AnyConnectOptions;
use sqlx::{Any, AnyPool, Transaction};

pub use checkpoint::Checkpointer;
pub use attempts::{Attempt, SubscriptionTrace, Trace};
pub use database::{Database, Dialect};
pub(crate) use database::mysql_pool;
pub use dead_letter_job::RetryJob;
pub use dead_letters::{DeadLetter, DeadLetterKind, Page, Poisoned};
pub use deliveries::HandedOff;
pub use write_group::{Durability, GroupConnection, WriteGroup, WriteGrouping};
pub use log_rows::LogRow;
pub use sql_queue::SqlQueue;
pub use subscriptions::SubscriptionFilter;

use crate::clock::Clock;
use crate::config::Config;
use crate::error::{Result, StorageContext};
use crate::secret::TokenCipher;

pub struct Store {
    /// What writes: on SQLite one connection (one writer at a time), on MySQL a pool.
    pub(crate) writer: Database,
    /// Readers, which SQLite's WAL lets run beside the writer.
    pub(crate) reader: AnyPool,
    pub(crate) clock: Arc<dyn Clock>,
    cipher: TokenCipher,
    /// When each subscription's token that cannot be decrypted was last warned about (see
    /// [`Store::target`]).
    token_warnings: Mutex<HashMap<i64, i64>>,
    /// Subscriptions of store 0 receive every store's events (`store_zero_matches_every_store`).
    store_zero_matches_every_store: bool,
    /// SQLite: how to open the checkpointer's connection.
    checkpoint: Option<AnyConnectOptions>,
}

impl Store {
    /// Opens (creating what is missing) the database and key file that `config` names.
    pub async fn open(config: &Config, clock: Arc<dyn Clock>) -> Result<Self> {
        let pools = database::connect(&config.store_location()?).await?;
        let cipher = config.token_cipher()?;
        Ok(Self {
            writer: pools.writer,
            reader: pools.reader,
            clock,
            cipher,
            token_warnings: Mutex::new(HashMap::new()),
            store_zero_matches_every_store: config.store_zero_matches_every_store,
            checkpoint: pools.checkpoint,
        })
    }

    /// On SQLite, a [`Checkpointer`] that keeps the WAL checkpointed off the writer's path
    /// until it is dropped (a consumer's run keeps one); `None` on MySQL, or if its connection
    /// cannot be opened (commits then checkpoint by themselves, later than SQLite's default).
    pub async fn checkpointer(&self) -> Option<Checkpointer> {
        let options = self.checkpoint.as_ref()?;
        match checkpoint::start(options).await {
            Ok(checkpointer) => Some(checkpointer),
            Err(e) => {
                tracing::warn!(error = %e, "no WAL checkpointer for this run");
                None
            }
        }
    }

    /// How the hot path's writes are best grouped (see [`WriteGroup`]) on this store.
    pub fn write_grouping(&self) -> WriteGrouping {
        match self.writer.dialect {
            // One writer: the writes of the moment share its transaction and its fsync.
            Dialect::Sqlite => WriteGrouping { groups_at_once: 1, writes_per_group: 64 },
            // InnoDB already shares one log flush between transactions committing together, and
            // locks rows one by one: writes go side by side, so that a hand-off never waits
            // behind a record batch.
            Dialect::MySql => WriteGrouping { groups_at_once: 8, writes_per_group: 1 },
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.writer.dialect
    }

    pub fn cipher(&self) -> &TokenCipher {
        &self.cipher
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

/// `?, ?, ?` for an IN list of `n` values.
pub(crate) fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Ids per `IN (...)` list: below SQLite's default limit of variables.
pub(crate) const IDS_PER_STATEMENT: usize = 500;

/// Leases rows `ids` (values of `id_column`) of `table` until `until`, setting also `also`
/// (`, column = expression` or nothing): the second half of a claim, in its transaction.
pub(crate) async fn lease(tx: &mut Transaction<'_, Any>, table: &str, id_column: &str, ids: &[i64], until: i64, also: &str) -> Result<()> {
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let sql = format!("UPDATE {table} SET lease_until = ?{also} WHERE {id_column} IN ({})", placeholders(chunk.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(until);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut **tx).await.context("cannot lease claimed rows")?;
    }
    Ok(())
}

