//! The dead-letter retry job: works through a dead-letter list in batches with a cooldown
//! between them, one job at a time, with its progress kept in `async_event_dead_letter_job`
//! so that any process (cron, the CLI, the admin) can start, stop, advance or watch it.

use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::dead_letters::DeadLetterKind;
use super::Store;
use crate::clock::format_datetime;
use crate::error::{Error, Result, StorageContext};

/// A retry job and its progress.
#[derive(Debug, Clone, Serialize)]
pub struct RetryJob {
    pub job_id: i64,
    pub kind: String,
    pub batch_size: u32,
    pub cooldown_seconds: u32,
    /// `running`, `stopped` or `finished`.
    pub status: String,
    pub retried: u64,
    /// Dead letters in the list when the job started.
    pub total: u64,
    pub started: String,
    pub next_batch_at: String,
    #[serde(skip)]
    next_batch_ms: i64,
}

const COLUMNS: &str = "job_id, kind, batch_size, cooldown_seconds, status, retried, total, started_at, next_batch_at";

fn retry_job(row: &AnyRow) -> Result<RetryJob> {
    let read = || -> std::result::Result<RetryJob, sqlx::Error> {
        Ok(RetryJob {
            job_id: row.try_get("job_id")?,
            kind: row.try_get("kind")?,
            batch_size: row.try_get::<i64, _>("batch_size")? as u32,
            cooldown_seconds: row.try_get::<i64, _>("cooldown_seconds")? as u32,
            status: row.try_get("status")?,
            retried: row.try_get::<i64, _>("retried")? as u64,
            total: row.try_get::<i64, _>("total")? as u64,
            started: format_datetime(row.try_get("started_at")?),
            next_batch_at: format_datetime(row.try_get("next_batch_at")?),
            next_batch_ms: row.try_get("next_batch_at")?,
        })
    };
    read().context("cannot read the retry job")
}

impl Store {
    /// Starts a job over the dead letters of `kind`; refused while another job runs.
    pub async fn start_retry_job(&self, kind: DeadLetterKind, batch_size: u32, cooldown_seconds: u32) -> Result<RetryJob> {
        if batch_size == 0 {
            return Err(Error::validation("the batch size must be at least 1"));
        }
        let total = self.count_dead_letters(kind).await?;
        let mut tx = self.writer.begin_write().await.context("cannot start a retry job")?;
        let running: Option<i64> = sqlx::query_scalar("SELECT job_id FROM async_event_dead_letter_job WHERE status = 'running'")
            .fetch_optional(&mut *tx)
            .await
            .context("cannot read the retry job")?;
        if let Some(job) = running {
            return Err(Error::validation(format!("retry job {job} is still running; stop it first")));
        }
        let now = self.now_ms();
        sqlx::query(
            "INSERT INTO async_event_dead_letter_job (kind, batch_size, cooldown_seconds, status, retried, total, started_at, next_batch_at)
             VALUES (?, ?, ?, 'running', 0, ?, ?, ?)",
        )
        .bind(kind.as_str())
        .bind(i64::from(batch_size))
        .bind(i64::from(cooldown_seconds))
        .bind(total)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("cannot start a retry job")?;
        tx.commit().await.context("cannot start a retry job")?;
        self.retry_job().await?.ok_or_else(|| Error::not_found("the retry job just started is gone"))
    }

    /// Stops the running job, if any; returns the latest job.
    pub async fn stop_retry_job(&self) -> Result<Option<RetryJob>> {
        sqlx::query("UPDATE async_event_dead_letter_job SET status = 'stopped' WHERE status = 'running'")
            .execute(&self.writer.pool)
            .await
            .context("cannot stop the retry job")?;
        self.retry_job().await
    }

    /// The latest job, running or not.
    pub async fn retry_job(&self) -> Result<Option<RetryJob>> {
        let sql = format!("SELECT {COLUMNS} FROM async_event_dead_letter_job ORDER BY job_id DESC LIMIT 1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_optional(&self.writer.pool).await.context("cannot read the retry job")?;
        row.as_ref().map(retry_job).transpose()
    }

    /// The running job if its next batch is due.
    pub async fn due_retry_job(&self) -> Result<Option<RetryJob>> {
        let job = self.retry_job().await?;
        Ok(job.filter(|job| job.status == "running" && self.now_ms() >= job.next_batch_ms))
    }

    /// Records that `job` retried `retried` dead letters in its latest batch, finishing it when
    /// the list is empty and starting its cooldown otherwise. Returns the latest job.
    pub async fn advance_retry_job(&self, job: &RetryJob, retried: usize) -> Result<Option<RetryJob>> {
        let finished = self.count_dead_letters(DeadLetterKind::parse(&job.kind)?).await? == 0;
        sqlx::query(
            "UPDATE async_event_dead_letter_job SET retried = retried + ?, next_batch_at = ?,
               status = CASE WHEN ? THEN 'finished' ELSE status END
             WHERE job_id = ? AND status = 'running'",
        )
        .bind(retried as i64)
        .bind(self.now_ms() + i64::from(job.cooldown_seconds) * 1000)
        .bind(finished)
        .bind(job.job_id)
        .execute(&self.writer.pool)
        .await
        .context("cannot record the retry job's progress")?;
        self.retry_job().await
    }
}
