//! State shared by a run's parts: in-flight counts (global and per subscription), counters,
//! and the wake-up signal between hand-off, delivery loop and recorder.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

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

pub(crate) struct Shared {
    pub(crate) stats: Counters,
    /// Attempts claimed and not yet recorded (the global bound: memory and the grace period).
    in_flight: AtomicUsize,
    /// Requests open per subscription (the per-subscription cap).
    per_subscription: Mutex<HashMap<SubscriptionId, usize>>,
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

    /// Deliveries are running, or were due at the delivery loop's last look.
    pub(crate) fn busy(&self) -> bool {
        self.in_flight() > 0 || !self.nothing_due.load(Ordering::Acquire)
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
        let counts = self.per_subscription.lock().unwrap_or_else(|p| p.into_inner());
        counts.iter().filter(|(_, n)| **n >= cap).map(|(id, _)| *id).collect()
    }

    /// Takes a slot of `subscription` if it has one free, and a place in the global bound.
    pub(crate) fn try_take_slot(&self, subscription: SubscriptionId, cap: usize) -> bool {
        let mut counts = self.per_subscription.lock().unwrap_or_else(|p| p.into_inner());
        let n = counts.entry(subscription).or_insert(0);
        if *n >= cap {
            return false;
        }
        *n += 1;
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.stats.attempts_claimed.fetch_add(1, Ordering::Relaxed);
        true
    }

    /// Frees the subscription's slot once its request is answered: the cap bounds the
    /// requests open at one receiver, not the attempts waiting to be recorded.
    pub(crate) fn request_finished(&self, subscription: SubscriptionId) {
        {
            let mut counts = self.per_subscription.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(n) = counts.get_mut(&subscription) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    counts.remove(&subscription);
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
