//! The delivery loop: starts the deliveries the trigger stage handed straight over (`held`)
//! and claims due ones from the store while there are free slots, skipping subscriptions at
//! their cap, so a slow receiver only ever occupies its own slots; sends each on its own
//! task, or hands it to the calling thread when a notifier serves its sink; results go to the
//! recorder.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::held::Held;
use super::recorder::Attempted;
use super::shared::Shared;
use super::{Engine, RunOptions};
use crate::error::Result;
use crate::sink::{Outcome, Verdict};
use crate::delivery::Delivery;
use crate::subscription::SubscriptionId;

/// Where the loop's deliveries come from and where their results go.
pub(super) struct Lines {
    /// Deliveries the trigger stage wrote leased to this run.
    pub handed: mpsc::UnboundedReceiver<Delivery>,
    pub recorder: mpsc::UnboundedSender<Attempted>,
    pub to_notifier: mpsc::UnboundedSender<Delivery>,
}

pub(super) async fn run(engine: Engine, shared: Arc<Shared>, mut lines: Lines, options: RunOptions) -> Result<()> {
    let poll = Duration::from_millis(options.poll_interval_ms);
    let cap = options.per_subscription_concurrency;
    // A held delivery goes back to the store while most of its lease is left for its request.
    let hold_limit = Duration::from_millis(u64::try_from(engine.lease_ms / 4).unwrap_or(0).max(1));
    let mut held = Held::default();
    let mut look = StoreLook::default();
    let mut handed_open = true;
    while !shared.claiming_stopped() {
        held.receive(&mut lines.handed);
        give_back(&engine, &shared, held.take_overdue(hold_limit)).await;
        let free = options.concurrency.saturating_sub(shared.in_flight());
        let mut started = held.start(&shared, cap, free);
        let free = free - started.len();
        let mut over_cap = Vec::new();
        if free > 0 && look.due(&shared, &held, cap, poll) {
            let saturated = shared.saturated(cap);
            match engine.store.claim_deliveries(free.min(options.batch_size), engine.lease_ms, &saturated).await {
                Ok(claimed) => {
                    shared.set_nothing_due(claimed.is_empty());
                    look.claimed(saturated);
                    for delivery in claimed {
                        if shared.try_take_slot(delivery.target.subscription_id, cap) {
                            started.push(delivery);
                        } else {
                            over_cap.push(delivery.delivery_id);
                        }
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "claiming deliveries failed; trying again");
                    tokio::time::sleep(poll).await;
                }
            }
        }
        let idle = started.is_empty();
        for delivery in started {
            start(&engine, &shared, &lines, delivery);
        }
        if let Err(e) = engine.store.release_deliveries(&over_cap).await {
            tracing::warn!(error = %e, "releasing deliveries over their cap failed; their lease will expire");
        }
        if idle {
            tokio::select! {
                delivery = lines.handed.recv(), if handed_open => match delivery {
                    Some(delivery) => held.push(delivery),
                    None => handed_open = false,
                },
                () = shared.deliveries_changed.notified() => {}
                () = tokio::time::sleep(poll) => {}
            }
        }
    }
    held.receive(&mut lines.handed);
    give_back(&engine, &shared, held.take_all()).await;
    // This run claims nothing more: what is left due in the store no longer keeps it busy.
    shared.set_nothing_due(true);
    Ok(())
}

/// Sends `delivery` on its own task through the core's sink for it, or hands it to the calling
/// thread when a notifier serves its sink; a disabled subscription's delivery fails at once.
fn start(engine: &Engine, shared: &Arc<Shared>, lines: &Lines, delivery: Delivery) {
    if delivery.target.active && !engine.sinks.serves(&delivery.target.metadata) {
        // The calling thread outlives this loop; if it is gone the lease brings the delivery back.
        let _ = lines.to_notifier.send(delivery);
        shared.wake_caller();
        return;
    }
    let sinks = Arc::clone(&engine.sinks);
    let clock = Arc::clone(&engine.store.clock);
    let recorder = lines.recorder.clone();
    let shared = Arc::clone(shared);
    tokio::spawn(async move {
        let attempted_at = clock.now_ms();
        let outcome = if delivery.target.active {
            sinks.send(&delivery).await
        } else {
            Outcome::failed(Verdict::Fail, "E_DISABLED", "the subscription is disabled".into(), 0)
        };
        shared.request_finished(delivery.target.subscription_id);
        // The recorder outlives every delivery task; if it is gone the lease brings the delivery back.
        let _ = recorder.send(Attempted { delivery, outcome, attempted_at });
    });
}

/// Gives held deliveries back to the store, unleased, for any consumer to claim.
async fn give_back(engine: &Engine, shared: &Shared, deliveries: Vec<Delivery>) {
    if deliveries.is_empty() {
        return;
    }
    let ids: Vec<i64> = deliveries.iter().map(|d| d.delivery_id).collect();
    if let Err(e) = engine.store.release_deliveries(&ids).await {
        tracing::warn!(error = %e, count = ids.len(), "giving held deliveries back failed; their lease will expire");
    }
    tracing::debug!(count = ids.len(), "held deliveries given back to the store");
    shared.set_nothing_due(false);
    for delivery in &deliveries {
        shared.unhold(delivery.target.subscription_id);
    }
}

/// When the loop claims from the store: while it may hold due deliveries (the last claim
/// found some, or the trigger stage wrote some unleased), when a subscription the last claim
/// skipped at its cap has a slot again and nothing held for it, and at every poll interval
/// (retries come due, other processes add deliveries).
#[derive(Default)]
struct StoreLook {
    last: Option<Instant>,
    skipped: Vec<SubscriptionId>,
}

impl StoreLook {
    fn due(&self, shared: &Shared, held: &Held, cap: usize, poll: Duration) -> bool {
        !shared.nothing_due()
            || self.last.is_none_or(|at| at.elapsed() >= poll)
            || self.skipped.iter().any(|sub| !held.has(*sub) && shared.has_free_slot(*sub, cap))
    }

    fn claimed(&mut self, skipped: Vec<SubscriptionId>) {
        self.last = Some(Instant::now());
        self.skipped = skipped;
    }
}
