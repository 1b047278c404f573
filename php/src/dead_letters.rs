//! `AsyncEvents\DeadLetters`: the operations on the two dead-letter lists (`event`: could not
//! be processed; `delivery`: retries exhausted or failed for good): retry, erase, export,
//! and the batch retry job. Listing is `AsyncEvents\Client::deadLetters()`.

// PHP parameter names are camelCase ($batchSize), as named arguments and reflection show them.
#![allow(non_snake_case)]

use async_events_core::store::{DeadLetterKind, RetryJob};
use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;

use crate::bridge::to_php_array;
use crate::exceptions::{to_exception, validation};
use crate::handle::Handle;

/// Retries, erases and exports dead letters over one configuration.
#[php_class]
#[php(name = "AsyncEvents\\DeadLetters")]
pub struct DeadLetters {
    handle: Handle,
}

fn kind(text: &str) -> PhpResult<DeadLetterKind> {
    DeadLetterKind::parse(text).map_err(to_exception)
}

fn count(value: i64, name: &str) -> PhpResult<u32> {
    u32::try_from(value).ok().filter(|v| *v > 0).ok_or_else(|| validation(format!("{name} must be between 1 and 4294967295")))
}

fn job_or_null(job: Option<RetryJob>) -> Option<ZBox<ZendHashTable>> {
    job.map(|job| to_php_array(&job))
}

#[php_impl]
impl DeadLetters {
    /// Takes the same `$config` as `AsyncEvents\Client`.
    pub fn __construct(config: Option<&ZendHashTable>) -> PhpResult<Self> {
        Ok(Self { handle: Handle::new(config)? })
    }

    /// Retries the `$count` oldest dead letters of `$kind` (`event` or `delivery`): an event goes
    /// back on the queue, a delivery starts a new chain to its subscription. Returns how many.
    #[php(defaults(count = 1))]
    pub fn retry(&self, kind: String, count: i64) -> PhpResult<i64> {
        let (kind, count) = (self::kind(&kind)?, self::count(count, "$count")?);
        let retried = self.handle.run(|core| async move { core.retry_dead_letters(kind, count).await })?;
        Ok(retried as i64)
    }

    /// Erases every dead letter of `$kind`; returns how many.
    pub fn erase(&self, kind: String) -> PhpResult<i64> {
        let kind = self::kind(&kind)?;
        let erased = self.handle.run(|core| async move { core.erase_dead_letters(kind).await })?;
        Ok(erased as i64)
    }

    /// Writes every dead letter of `$kind` to `$path` as a JSON array with all attributes;
    /// returns how many.
    pub fn export(&self, kind: String, path: String) -> PhpResult<i64> {
        let kind = self::kind(&kind)?;
        let written = self.handle.run(|core| async move { core.export_dead_letters(kind, std::path::Path::new(&path)).await })?;
        Ok(written as i64)
    }

    /// Starts the batch retry job over `$kind` (one job at a time).
    #[php(defaults(batchSize = 100, cooldownSeconds = 60))]
    pub fn start_retry_job(&self, kind: String, batchSize: i64, cooldownSeconds: i64) -> PhpResult<ZBox<ZendHashTable>> {
        let kind = self::kind(&kind)?;
        let batch = count(batchSize, "$batchSize")?;
        let cooldown = u32::try_from(cooldownSeconds).map_err(|_| validation("$cooldownSeconds must not be negative"))?;
        let job = self.handle.run(|core| async move { core.start_retry_job(kind, batch, cooldown).await })?;
        Ok(to_php_array(&job))
    }

    /// Stops the running job; returns the latest job, or null if there never was one.
    pub fn stop_retry_job(&self) -> PhpResult<Option<ZBox<ZendHashTable>>> {
        self.handle.run(|core| async move { core.stop_retry_job().await }).map(job_or_null)
    }

    /// The latest job (`status`: running, stopped, finished; `retried` of `total`), or null.
    pub fn retry_job(&self) -> PhpResult<Option<ZBox<ZendHashTable>>> {
        self.handle.run(|core| async move { core.retry_job().await }).map(job_or_null)
    }

    /// Advances the running job by one batch if its cooldown has passed (call it from cron
    /// or a loop); returns the latest job, or null.
    pub fn run_retry_job(&self) -> PhpResult<Option<ZBox<ZendHashTable>>> {
        self.handle.run(|core| async move { core.run_retry_job_step().await }).map(job_or_null)
    }
}
