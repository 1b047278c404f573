//! The acker: ends the trigger stage's batches once their hand-off committed (acks their
//! messages, counts them), in the order they were handed over, on a task of its own. The
//! calling thread claims and resolves the next batch meanwhile instead of waiting for a
//! commit and a broker round trip. At most one batch waits for the acker beside the one it is
//! ending, so hand-offs cannot pile up in the writer. A commit or an ack that fails stops it
//! with its error (that batch's messages, and those of later batches, are not acked and come
//! back), and the run ends with that error.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::writer::Commit;
use super::Engine;
use crate::envelope::ClaimedMessage;
use crate::error::{Error, ErrorKind, Result};

/// A batch handed over whose commit may still be going on: its messages are acked once it
/// committed.
pub(super) struct Committing {
    pub commit: Commit,
    pub claimed: Vec<ClaimedMessage>,
    pub dead_lettered: u64,
}

pub(super) struct Acker {
    /// Dropped by [`Acker::finish`]: the task then ends after the batches it was given.
    to_acker: Option<mpsc::Sender<Committing>>,
    task: Option<JoinHandle<Result<()>>>,
}

impl Acker {
    pub fn start(engine: Engine) -> Self {
        let (to_acker, mut batches) = mpsc::channel::<Committing>(1);
        let task = tokio::spawn(async move {
            while let Some(batch) = batches.recv().await {
                end(&engine, batch).await?;
            }
            Ok(())
        });
        Self { to_acker: Some(to_acker), task: Some(task) }
    }

    /// Gives the acker a batch just handed over; waits while another batch waits for it.
    /// Fails with the acker's error once a commit or an ack failed.
    pub async fn push(&mut self, batch: Committing) -> Result<()> {
        let sent = match &self.to_acker {
            Some(to_acker) => to_acker.send(batch).await.is_ok(),
            None => false,
        };
        if sent {
            return Ok(());
        }
        // The task stopped: its error says why.
        self.finish().await?;
        Err(Error::new(ErrorKind::Storage, "the run's acker has stopped"))
    }

    /// Fails with the acker's error if it stopped on one; returns at once otherwise (the run
    /// looks each turn, so a failed commit ends it even when no batch follows).
    pub async fn check(&mut self) -> Result<()> {
        if self.task.as_ref().is_some_and(JoinHandle::is_finished) {
            self.finish().await
        } else {
            Ok(())
        }
    }

    /// Waits until every batch given is ended, or for the first failure; nothing may be
    /// pushed after. Later calls return at once.
    pub async fn finish(&mut self) -> Result<()> {
        self.to_acker = None;
        match self.task.take() {
            Some(task) => task.await.unwrap_or_else(|e| Err(Error::with_source(ErrorKind::Storage, "the run's acker failed", e))),
            None => Ok(()),
        }
    }
}

/// Waits for the commit of a batch handed over, then acks its messages.
async fn end(engine: &Engine, batch: Committing) -> Result<()> {
    batch.commit.outcome().await?;
    engine.queue.ack_after_hand_off(&batch.claimed).await?;
    engine.metrics.events_consumed(batch.claimed.len() as u64, batch.dead_lettered);
    Ok(())
}
