//! Deliveries handed straight from the trigger stage to the delivery loop: written leased to
//! this run by the hand-off, so they are sent without a claim. Each waits here, by
//! subscription and in hand-off order, for a request slot; one that waits too long (a slow
//! subscription) is given back to the store before its lease runs short.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::shared::Shared;
use crate::store::Delivery;
use crate::subscription::SubscriptionId;

#[derive(Default)]
pub(super) struct Held {
    waiting: HashMap<SubscriptionId, VecDeque<(Delivery, Instant)>>,
}

impl Held {
    /// Takes every delivery handed over so far.
    pub fn receive(&mut self, handed: &mut mpsc::UnboundedReceiver<Delivery>) {
        while let Ok(delivery) = handed.try_recv() {
            self.push(delivery);
        }
    }

    pub fn push(&mut self, delivery: Delivery) {
        self.waiting.entry(delivery.target.subscription_id).or_default().push_back((delivery, Instant::now()));
    }

    /// Takes the deliveries that have a slot now, under the per-subscription `cap` and within
    /// the global room of `free`; their places in `shared` go from held to in flight.
    pub fn start(&mut self, shared: &Shared, cap: usize, mut free: usize) -> Vec<Delivery> {
        let mut started = Vec::new();
        for (subscription, queue) in &mut self.waiting {
            while free > 0 && !queue.is_empty() && shared.try_take_slot(*subscription, cap) {
                if let Some((delivery, _)) = queue.pop_front() {
                    shared.unhold(*subscription);
                    started.push(delivery);
                    free -= 1;
                }
            }
        }
        self.waiting.retain(|_, queue| !queue.is_empty());
        started
    }

    /// Takes the deliveries that have waited longer than `limit`, to give back to the store.
    pub fn take_overdue(&mut self, limit: Duration) -> Vec<Delivery> {
        let mut overdue = Vec::new();
        for queue in self.waiting.values_mut() {
            while queue.front().is_some_and(|(_, since)| since.elapsed() >= limit) {
                overdue.extend(queue.pop_front().map(|(delivery, _)| delivery));
            }
        }
        self.waiting.retain(|_, queue| !queue.is_empty());
        overdue
    }

    /// Takes every delivery still waiting (the run is stopping).
    pub fn take_all(&mut self) -> Vec<Delivery> {
        self.waiting.drain().flat_map(|(_, queue)| queue.into_iter().map(|(delivery, _)| delivery)).collect()
    }

    /// Whether a delivery of `subscription` is waiting.
    pub fn has(&self, subscription: SubscriptionId) -> bool {
        self.waiting.contains_key(&subscription)
    }
}
