//! The store: subscriptions, deliveries in progress, the attempt log and dead letters, in one
//! SQLite file created on first use (WAL, foreign keys on, full fsync on commit).

mod attempts;
mod dead_letter_job;
mod dead_letters;
mod deliveries;
mod log_rows;
mod schema;
mod subscriptions;

use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub use attempts::{Attempt, SubscriptionTrace, Trace};
pub use dead_letter_job::RetryJob;
pub use dead_letters::{DeadLetter, DeadLetterKind, Page, Poisoned};
pub use deliveries::{Completion, Delivery, NextAction, Resolved, Target, Trigger};
pub use log_rows::LogRow;
pub use subscriptions::SubscriptionFilter;

use crate::clock::Clock;
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result, StorageContext};
use crate::secret::TokenCipher;

pub struct Store {
    /// The one connection that writes. SQLite allows one writer at a time: queueing writers
    /// in the pool is fair and immediate, where several connections would wait on SQLite's
    /// busy handler, which sleeps.
    pub(crate) writer: SqlitePool,
    /// Readers, which WAL lets run beside the writer.
    pub(crate) reader: SqlitePool,
    pub(crate) clock: Arc<dyn Clock>,
    cipher: TokenCipher,
}

impl Store {
    /// Opens (creating if needed) the database and key file that `config` names.
    pub async fn open(config: &Config, clock: Arc<dyn Clock>) -> Result<Self> {
        let path = config.sqlite_path()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::with_source(ErrorKind::Storage, format!("cannot create {}", dir.display()), e))?;
        }
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
        let cannot_open = format!("cannot open the SQLite database {}", path.display());
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .context(&cannot_open)?;
        for statement in schema::SCHEMA {
            sqlx::query(*statement).execute(&writer).await.context("cannot create the tables")?;
        }
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await
            .context(&cannot_open)?;
        let cipher = TokenCipher::from_key_file(&config.key_file_path()?)?;
        Ok(Self { writer, reader, clock, cipher })
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
