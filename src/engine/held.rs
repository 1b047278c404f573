//! Deliveries leased to this run that wait for a request slot: handed straight from the trigger
//! stage (written leased by the hand-off, so sent without a claim) or claimed from the store
//! beyond the slots free at the time. Each waits here, by
//! subscription and in hand-off order, for a request slot; one that waits too long (a slow
//! subscription) is given back to the store before its lease runs short.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::loads::Loads;
use crate::delivery::Delivery;
use crate::subscription::SubscriptionId;

#[derive(Default)]
pub(super) struct Held {
    waiting: HashMap<SubscriptionId, VecDeque<(Delivery, Instant)>>,
}

impl Held {
    pub fn push(&mut self, delivery: Delivery) {
        self.waiting.entry(delivery.target.subscription_id).or_default().push_back((delivery, Instant::now()));
    }

    /// Takes the deliveries that have a slot now, under the per-subscription `cap` and within
    /// the global room of `free`, the subscriptions that have waited longest first; their
    /// places in `loads` go from held to open.
    pub fn start(&mut self, loads: &mut Loads, cap: usize, mut free: usize) -> Vec<Delivery> {
        let mut order: Vec<(Instant, SubscriptionId)> =
            self.waiting.iter().filter_map(|(sub, queue)| queue.front().map(|(_, since)| (*since, *sub))).collect();
        order.sort_unstable();
        let mut started = Vec::new();
        for (_, subscription) in order {
            let Some(queue) = self.waiting.get_mut(&subscription) else { continue };
            while free > 0 && !queue.is_empty() && loads.try_take_slot(subscription, cap) {
                if let Some((delivery, _)) = queue.pop_front() {
                    loads.unhold(subscription);
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

    /// Since when the delivery that has waited longest is waiting.
    pub fn oldest(&self) -> Option<Instant> {
        self.waiting.values().filter_map(|queue| queue.front().map(|(_, since)| *since)).min()
    }

    /// Whether a delivery of `subscription` is waiting.
    pub fn has(&self, subscription: SubscriptionId) -> bool {
        self.waiting.contains_key(&subscription)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(delivery_id: i64, subscription: i64) -> Delivery {
        Delivery::example(delivery_id, SubscriptionId(subscription))
    }

    /// Holds `deliveries` (id, subscription) in this order, as the trigger stage would.
    fn holding(loads: &mut Loads, deliveries: &[(i64, i64)]) -> Held {
        let mut held = Held::default();
        for (id, sub) in deliveries {
            assert!(loads.try_hold(SubscriptionId(*sub), 100));
            held.push(delivery(*id, *sub));
        }
        held
    }

    fn ids(started: &[Delivery]) -> Vec<i64> {
        started.iter().map(|d| d.delivery_id).collect()
    }

    #[test]
    fn the_subscription_that_waited_longest_starts_first() {
        let mut loads = Loads::default();
        let mut held = holding(&mut loads, &[(1, 7), (2, 3), (3, 7), (4, 3)]);
        // One free place: subscription 7's first delivery was handed over first.
        assert_eq!(ids(&held.start(&mut loads, 10, 1)), vec![1]);
        // Now subscription 3's oldest (2) is older than 7's next (3).
        assert_eq!(ids(&held.start(&mut loads, 10, 1)), vec![2]);
        assert_eq!(ids(&held.start(&mut loads, 10, 5)), vec![3, 4]);
        assert!(!held.has(SubscriptionId(3)) && !held.has(SubscriptionId(7)));
        assert_eq!(loads.held(), 0, "every held place became an open request");
        assert!(!loads.has_free_slot(SubscriptionId(7), 2), "subscription 7 has two requests open");
    }

    #[test]
    fn a_subscription_at_its_cap_keeps_its_deliveries_held() {
        let mut loads = Loads::default();
        let mut held = holding(&mut loads, &[(1, 7), (2, 7), (3, 7)]);
        assert_eq!(ids(&held.start(&mut loads, 2, 10)), vec![1, 2]);
        assert!(held.start(&mut loads, 2, 10).is_empty(), "two requests open, the cap is two");
        loads.request_finished(SubscriptionId(7));
        assert_eq!(ids(&held.start(&mut loads, 2, 10)), vec![3]);
    }

    #[test]
    fn overdue_and_remaining_deliveries_are_taken_for_the_store() {
        let mut loads = Loads::default();
        let mut held = holding(&mut loads, &[(1, 7), (2, 3)]);
        assert!(held.take_overdue(Duration::from_secs(60)).is_empty());
        let mut overdue = ids(&held.take_overdue(Duration::ZERO));
        overdue.sort_unstable();
        assert_eq!(overdue, vec![1, 2]);
        let mut held = holding(&mut loads, &[(3, 7)]);
        assert_eq!(ids(&held.take_all()), vec![3]);
        assert!(!held.has(SubscriptionId(7)));
    }
}
