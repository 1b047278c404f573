//! State shared by a run's parts: in-flight counts (global and per subscription), the
//! deliveries handed straight to the delivery loop and not started yet, counters, and the
//! wake-up signals between hand-off, delivery loop and recorder.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::RunStats;
use crate::subscription::SubscriptionId;

#[derive(Default)]
pub(crate) struct Counters {
    messages: AtomicU64,
    events_dead_lettered: AtomicU64,
    attempts_claimed: AtomicU64,
    pub(crate) attempts: AtomicU64,
    pub(crate) delivered: AtomicU64,
    pub(crate) retries_scheduled: AtomicU64,
    pub(crate) deliveries_dead_lettered: AtomicU64,
}

impl Counters {
    pub(crate) fn add_messages(&self, processed: u64, dead_lettered: u64) {
        self.messages.fetch_add(processed, Ordering::Relaxed);
        self.events_dead_lettered.fetch_add(dead_lettered, Ordering::Relaxed);
    }

    pub(crate) fn messages(&self) -> u64 {
        self.messages.load(Ordering::Relaxed)
    }

    pub(crate) fn attempts_claimed(&self) -> u64 {
        self.attempts_claimed.load(Ordering::Relaxed)
    }

    pub(crate) fn snapshot(&self, stop_reason: &'static str) -> RunStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        RunStats {
            messages: get(&self.messages),
            events_dead_lettered: get(&self.events_dead_lettered),
            attempts: get(&self.attempts),
            delivered: get(&self.delivered),
            retries_scheduled: get(&self.retries_scheduled),
            deliveries_dead_lettered: get(&self.deliveries_dead_lettered),
            stop_reason,
        }
    }
}

/// One subscription's part of a run.
#[derive(Default)]
struct Load {
    /// Requests open (the per-subscription cap).
    open: usize,
    /// Deliveries handed straight over and waiting for a slot.
    held: usize,
    /// When one of its requests last finished.
    last_finished: Option<Instant>,
}

/// Held deliveries of a subscription none of whose requests finished for this long (a slow
/// receiver) do not count against the trigger stage: they will go back to the store.
const STALLED_AFTER: Duration = Duration::from_secs(1);

pub(crate) struct Shared {
    pub(crate) stats: Counters,
    /// Attempts claimed and not yet recorded (the global bound: memory and the grace period).
    in_flight: AtomicUsize,
    per_subscription: Mutex<HashMap<SubscriptionId, Load>>,
    stop_claiming: AtomicBool,
    /// The delivery loop found nothing due at its last look.
    nothing_due: AtomicBool,
    /// Wakes the delivery loop (new deliveries handed over, slots freed).
    pub(crate) deliveries_changed: Notify,
    /// Wakes the calling thread (a delivery finished, or one waits for its notifier).
    recorded: Notify,
}

impl Shared {
    pub(crate) fn new() -> Self {
        Self {
            stats: Counters::default(),
            in_flight: AtomicUsize::new(0),
            per_subscription: Mutex::new(HashMap::new()),
            stop_claiming: AtomicBool::new(false),
            nothing_due: AtomicBool::new(false),
            deliveries_changed: Notify::new(),
            recorded: Notify::new(),
        }
    }

    pub(crate) fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }

    /// Deliveries are running or handed over, or were due at the delivery loop's last look.
    pub(crate) fn busy(&self) -> bool {
        self.in_flight() > 0 || self.loads().values().any(|load| load.held > 0) || !self.nothing_due()
    }

    pub(crate) fn nothing_due(&self) -> bool {
        self.nothing_due.load(Ordering::Acquire)
    }

    pub(crate) fn set_nothing_due(&self, nothing_due: bool) {
        self.nothing_due.store(nothing_due, Ordering::Release);
    }

    pub(crate) fn stop_claiming(&self) {
        self.stop_claiming.store(true, Ordering::Release);
        self.deliveries_changed.notify_one();
    }

    pub(crate) fn claiming_stopped(&self) -> bool {
        self.stop_claiming.load(Ordering::Acquire)
    }

    /// Subscriptions at their cap: the next claim skips them.
    pub(crate) fn saturated(&self, cap: usize) -> Vec<SubscriptionId> {
        let loads = self.loads();
        loads.iter().filter(|(_, load)| load.open >= cap).map(|(id, _)| *id).collect()
    }

    /// Whether `subscription` has a request slot free under `cap`.
    pub(crate) fn has_free_slot(&self, subscription: SubscriptionId, cap: usize) -> bool {
        self.loads().get(&subscription).is_none_or(|load| load.open < cap)
    }

    /// Takes a slot of `subscription` if it has one free, and a place in the global bound.
    pub(crate) fn try_take_slot(&self, subscription: SubscriptionId, cap: usize) -> bool {
        let mut loads = self.loads();
        let load = loads.entry(subscription).or_default();
        if load.open >= cap {
            return false;
        }
        load.open += 1;
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.stats.attempts_claimed.fetch_add(1, Ordering::Relaxed);
        true
    }

    /// Held deliveries of the subscriptions whose requests are finishing (not stalled).
    pub(crate) fn moving_held(&self) -> usize {
        let loads = self.loads();
        let moving = |load: &&Load| load.last_finished.is_some_and(|at| at.elapsed() < STALLED_AFTER);
        loads.values().filter(moving).map(|load| load.held).sum()
    }

    /// Reserves a place for a delivery of `subscription` handed straight to the delivery loop,
    /// if the subscription has fewer than `window` open and held: beyond that, deliveries wait
    /// in the store, not in memory.
    pub(crate) fn try_hold(&self, subscription: SubscriptionId, window: usize) -> bool {
        let mut loads = self.loads();
        let load = loads.entry(subscription).or_default();
        if load.open + load.held >= window {
            return false;
        }
        load.held += 1;
        true
    }

    /// Gives back the place of a held delivery: started (after its slot was taken), given back
    /// to the store, or never handed over.
    pub(crate) fn unhold(&self, subscription: SubscriptionId) {
        let mut loads = self.loads();
        if let Some(load) = loads.get_mut(&subscription) {
            load.held = load.held.saturating_sub(1);
            if load.open == 0 && load.held == 0 {
                loads.remove(&subscription);
            }
        }
    }

    fn loads(&self) -> std::sync::MutexGuard<'_, HashMap<SubscriptionId, Load>> {
        self.per_subscription.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Frees the subscription's slot once its request is answered: the cap bounds the
    /// requests open at one receiver, not the attempts waiting to be recorded.
    pub(crate) fn request_finished(&self, subscription: SubscriptionId) {
        {
            let mut loads = self.loads();
            if let Some(load) = loads.get_mut(&subscription) {
                load.open = load.open.saturating_sub(1);
                load.last_finished = Some(Instant::now());
                if load.open == 0 && load.held == 0 {
                    loads.remove(&subscription);
                }
            }
        }
        self.deliveries_changed.notify_one();
    }

    /// Ends the attempt's part of the global bound once it is durably recorded.
    pub(crate) fn recorded(&self) {
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
        self.deliveries_changed.notify_one();
        self.recorded.notify_one();
    }

    /// Wakes the calling thread for a delivery handed to its notifier.
    pub(crate) fn wake_caller(&self) {
        self.recorded.notify_one();
    }

    /// Sleeps until a delivery is recorded or handed over, or `poll` passes.
    pub(crate) async fn wait_for_work(&self, poll: Duration) {
        let _ = tokio::time::timeout(poll, self.recorded.notified()).await;
    }
}
