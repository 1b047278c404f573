//! The recorder: writes attempts to the attempt log in batches (through the run's writer: a
//! batch is one transaction, on SQLite shared with the other writes of the moment, so many
//! attempts share one commit), decides
//! each delivery's next step from the retry policy, and tells the scheduler only once that is
//! committed (which ends the attempts' places in the global bound; on SQLite the commit
//! reaches the disk with the next hand-off or WAL checkpoint, see `store::Durability`).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::scheduler::{Message, Tally};
use super::writer::Writer;
use crate::metrics::{AttemptOutcome, Metrics};
use crate::queue::EventQueue;
use crate::retry::{NextStep, RetryPolicy};
use crate::sink::{Outcome, Verdict};
use crate::delivery::{Completion, Delivery, NextAction, RetryPath};
use crate::store::Store;

/// A delivery attempt that has a result and still has to be recorded.
pub struct Attempted {
    pub delivery: Delivery,
    pub outcome: Outcome,
    pub attempted_at: i64,
}

impl Attempted {
    /// The attempt of `delivery`, which lets go of its body: recording needs only the payload.
    pub fn new(mut delivery: Delivery, outcome: Outcome, attempted_at: i64) -> Self {
        delivery.body.release();
        Self { delivery, outcome, attempted_at }
    }
}

const BATCH: usize = 512;
const WRITE_TRIES: u32 = 10;

/// Records what arrives on `attempts` (unbounded is safe: at most `concurrency` attempts exist
/// at once, and the scheduler ends their places only once they are recorded) until every
/// sender is gone.
pub(super) fn start(
    mut attempts: mpsc::UnboundedReceiver<Attempted>,
    store: Arc<Store>,
    writer: Writer,
    queue: Arc<dyn EventQueue>,
    policy: RetryPolicy,
    metrics: Arc<Metrics>,
    scheduler: mpsc::UnboundedSender<Message>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let retry_path = queue.retry_path();
        let mut batch = Vec::with_capacity(BATCH);
        while attempts.recv_many(&mut batch, BATCH).await > 0 {
            let (stored, not_stored) = stored_deliveries(batch.drain(..)).await;
            let now = store.now_ms();
            let completions: Arc<[Completion]> = stored.into_iter().map(|a| completion(a, &policy, now)).collect();
            if !completions.is_empty() {
                write(&store, &writer, queue.as_ref(), retry_path, &completions).await;
            }
            let tally = Tally { attempts: not_stored, ..Tally::default() };
            let tally = completions.iter().fold(tally, |tally, c| count(tally, &metrics, c));
            // The scheduler outlives the recorder's input; without it nobody waits for the tally.
            let _ = scheduler.send(Message::Recorded(tally));
        }
    })
}

/// The attempts whose delivery is stored (waiting for the commit of the hand-off that wrote
/// it, if it was sent before), and how many were not: their hand-off failed, so their rows do
/// not exist (SQLite may give their ids to other deliveries), or, when only the sync of its
/// log failed, stay leased until claimed again; their messages were not acked.
/// Those are not recorded; the event is delivered again when its message comes back.
async fn stored_deliveries(attempts: impl Iterator<Item = Attempted>) -> (Vec<Attempted>, u64) {
    let (stored, not_stored) = Delivery::split_stored(attempts, |attempted| &attempted.delivery).await;
    for attempted in &not_stored {
        tracing::warn!(uuid = %attempted.delivery.uuid, subscription = %attempted.delivery.target.subscription_id,
            "attempt not recorded: the hand-off of its delivery did not commit; the event's message will be delivered again");
    }
    (stored, not_stored.len() as u64)
}

/// Records `completions`; on [`RetryPath::OnBroker`] their retries are scheduled on the broker
/// first, confirmed (a crash before the record commits re-attempts the delivery once its lease
/// expires: it loses nothing).
async fn write(store: &Store, writer: &Writer, queue: &dyn EventQueue, retry_path: RetryPath, completions: &Arc<[Completion]>) {
    for attempt in 1..=WRITE_TRIES {
        let written = match retry_path {
            RetryPath::OnBroker => match queue.schedule_retries(completions, store.now_ms()).await {
                Ok(()) => writer.record(Arc::clone(completions), retry_path).await,
                Err(e) => Err(e),
            },
            RetryPath::InStore => writer.record(Arc::clone(completions), retry_path).await,
        };
        match written {
            Ok(()) => return,
            Err(e) => {
                tracing::error!(error = %e, attempt, "recording attempts failed; trying again");
                tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
            }
        }
    }
    // The deliveries stay in the store with their lease: they are attempted again once it expires.
    tracing::error!(count = completions.len(), "giving up recording attempts; they will be retried after their lease");
}

/// Adds the attempt `c` to `tally` and to the metrics.
fn count(mut tally: Tally, metrics: &Metrics, c: &Completion) -> Tally {
    tally.attempts += 1;
    let outcome = match c.next {
        NextAction::Done => {
            tally.delivered += 1;
            AttemptOutcome::Delivered
        }
        NextAction::RetryAt(_) => {
            tally.retries_scheduled += 1;
            AttemptOutcome::RetryScheduled
        }
        NextAction::DeadLetter { .. } => {
            tally.dead_lettered += 1;
            AttemptOutcome::DeadLettered
        }
        NextAction::DisableSubscription { .. } => {
            tally.dead_lettered += 1;
            AttemptOutcome::SubscriptionDisabled
        }
    };
    metrics.attempt(c.delivery.target.subscription_id.0, outcome, c.duration_ms);
    tally
}

/// Turns an attempt's outcome into what the log records and what happens next.
pub fn completion(attempted: Attempted, policy: &RetryPolicy, now: i64) -> Completion {
    let Attempted { delivery, outcome, attempted_at } = attempted;
    let deaths = delivery.deaths + 1;
    let detail = outcome.error.clone().unwrap_or_default();
    let next = match outcome.verdict {
        Verdict::Delivered => NextAction::Done,
        Verdict::Retry { retry_after } => match policy.after_failure(deaths, retry_after) {
            NextStep::RetryAfter(wait) => NextAction::RetryAt(now + wait.as_millis() as i64),
            NextStep::DeadLetter => NextAction::DeadLetter { reason: format!("gave up after {deaths} attempts: {detail}") },
        },
        Verdict::Fail => NextAction::DeadLetter { reason: format!("not retryable: {detail}") },
        Verdict::Gone => NextAction::DisableSubscription {
            reason: "the receiver answered 410 Gone; the subscription was disabled".into(),
        },
    };
    match &next {
        NextAction::DeadLetter { reason } | NextAction::DisableSubscription { reason } => {
            tracing::warn!(uuid = %delivery.uuid, subscription = %delivery.target.subscription_id, reason, "delivery dead-lettered");
        }
        _ => tracing::debug!(uuid = %delivery.uuid, subscription = %delivery.target.subscription_id, ?next, "attempt recorded"),
    }
    Completion {
        success: outcome.verdict == Verdict::Delivered,
        http_status: outcome.http_status,
        duration_ms: outcome.duration_ms,
        response_data: outcome.response,
        error_code: outcome.error_code,
        error: outcome.error,
        attempted_at,
        next,
        delivery,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::HandOffCommit;
    use crate::subscription::SubscriptionId;

    fn attempted(delivery_id: i64, hand_off: Option<HandOffCommit>) -> Attempted {
        let delivery = Delivery { hand_off, ..Delivery::example(delivery_id, SubscriptionId(1)) };
        Attempted { delivery, outcome: Outcome::failed(Verdict::Retry { retry_after: None }, "E_TEST", "test".into(), 1), attempted_at: 0 }
    }

    #[tokio::test]
    async fn only_attempts_of_deliveries_whose_hand_off_committed_are_recorded() {
        let (committed, commit) = HandOffCommit::pending();
        let (failed, failing) = HandOffCommit::pending();
        let (abandoned, dropping) = HandOffCommit::pending();
        let batch = vec![attempted(1, None), attempted(2, Some(commit)), attempted(3, Some(failing)), attempted(4, Some(dropping))];
        let waiting = tokio::spawn(stored_deliveries(batch.into_iter()));
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "the recorder waits for the commits still going on");
        committed.ended(true);
        failed.ended(false);
        drop(abandoned);
        let (stored, not_stored) = waiting.await.expect("the filter ends once every commit ended");
        let ids: Vec<i64> = stored.iter().map(|a| a.delivery.delivery_id).collect();
        assert_eq!(ids, vec![1, 2], "a claimed delivery and one whose hand-off committed");
        assert_eq!(not_stored, 2, "a failed commit and a hand-off dropped before committing");
    }
}
