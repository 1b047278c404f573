//! The recorder: writes attempts to the attempt log in batches (one transaction each, so many
//! attempts share one fsync), decides each delivery's next step from the retry policy, and
//! ends the attempt's place in the global bound only once that is durable.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::shared::Shared;
use crate::metrics::{AttemptOutcome, Metrics};
use crate::queue::TriggerQueue;
use crate::retry::{NextStep, RetryPolicy};
use crate::sink::{Outcome, Verdict};
use crate::delivery::{Completion, Delivery, NextAction};
use crate::store::Store;

/// A delivery attempt that has a result and still has to be recorded.
pub struct Attempted {
    pub delivery: Delivery,
    pub outcome: Outcome,
    pub attempted_at: i64,
}

const BATCH: usize = 512;
const WRITE_TRIES: u32 = 10;

pub(super) fn start(
    store: Arc<Store>,
    queue: TriggerQueue,
    policy: RetryPolicy,
    shared: Arc<Shared>,
    metrics: Arc<Metrics>,
) -> (mpsc::UnboundedSender<Attempted>, JoinHandle<()>) {
    // Unbounded is safe: at most `concurrency` attempts exist at once (slots are freed here).
    let (tx, mut rx) = mpsc::unbounded_channel::<Attempted>();
    let handle = tokio::spawn(async move {
        let mut batch = Vec::with_capacity(BATCH);
        while rx.recv_many(&mut batch, BATCH).await > 0 {
            let now = store.now_ms();
            let completions: Vec<Completion> = batch.drain(..).map(|a| completion(a, &policy, now)).collect();
            write(&store, &queue, &completions).await;
            for c in &completions {
                count(&shared, &metrics, c);
                shared.recorded();
            }
        }
    });
    (tx, handle)
}

/// Schedules the retries on the broker if the queue keeps them (confirmed first: a crash
/// before the record commits re-attempts the delivery once its lease expires, it loses
/// nothing), then records.
async fn write(store: &Store, queue: &TriggerQueue, completions: &[Completion]) {
    for attempt in 1..=WRITE_TRIES {
        let written = match queue.schedule_retries(completions, store.now_ms()).await {
            Ok(retries_on_broker) => store.record(completions, retries_on_broker).await,
            Err(e) => Err(e),
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

fn count(shared: &Shared, metrics: &Metrics, c: &Completion) {
    let stats = &shared.stats;
    stats.attempts.fetch_add(1, Ordering::Relaxed);
    let (counter, outcome) = match c.next {
        NextAction::Done => (&stats.delivered, AttemptOutcome::Delivered),
        NextAction::RetryAt(_) => (&stats.retries_scheduled, AttemptOutcome::RetryScheduled),
        NextAction::DeadLetter { .. } => (&stats.deliveries_dead_lettered, AttemptOutcome::DeadLettered),
        NextAction::DisableSubscription { .. } => (&stats.deliveries_dead_lettered, AttemptOutcome::SubscriptionDisabled),
    };
    counter.fetch_add(1, Ordering::Relaxed);
    metrics.attempt(c.delivery.target.subscription_id.0, outcome, c.duration_ms);
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
