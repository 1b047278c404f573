//! Each subscription's part of a run, as the scheduler counts it: requests open at its receiver
//! (bounded by the per-subscription cap), deliveries held for it in memory (bounded by the
//! window), and when one of its requests last finished (a subscription none of whose requests
//! finish is stalled). Plain data: only the scheduler task holds it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::subscription::SubscriptionId;

/// Held deliveries of a subscription none of whose requests finished for this long (a slow
/// receiver) do not count against the trigger stage: they will go back to the store.
const STALLED_AFTER: Duration = Duration::from_secs(1);

#[derive(Default)]
struct Load {
    open: usize,
    held: usize,
    last_finished: Option<Instant>,
}

impl Load {
    /// Whether one of its requests finished lately (it is not stalled).
    fn is_moving(&self) -> bool {
        self.last_finished.is_some_and(|at| at.elapsed() < STALLED_AFTER)
    }
}

#[derive(Default)]
pub(super) struct Loads {
    by_subscription: HashMap<SubscriptionId, Load>,
    held: usize,
}

impl Loads {
    /// Deliveries held for every subscription.
    pub fn held(&self) -> usize {
        self.held
    }

    /// Subscriptions the next claim skips: those whose window is full, and those at their
    /// `cap` whose requests are not finishing (deliveries claimed for them would only wait).
    pub fn without_room(&self, cap: usize, window: usize) -> Vec<SubscriptionId> {
        let no_room = |load: &Load| load.open + load.held >= window || (load.open >= cap && !load.is_moving());
        self.by_subscription.iter().filter(|(_, load)| no_room(load)).map(|(id, _)| *id).collect()
    }

    /// Whether `subscription` has a request slot free under `cap`.
    pub fn has_free_slot(&self, subscription: SubscriptionId, cap: usize) -> bool {
        self.by_subscription.get(&subscription).is_none_or(|load| load.open < cap)
    }

    /// Opens a request of `subscription` if it has a slot free under `cap`.
    pub fn try_take_slot(&mut self, subscription: SubscriptionId, cap: usize) -> bool {
        let load = self.by_subscription.entry(subscription).or_default();
        if load.open >= cap {
            return false;
        }
        load.open += 1;
        true
    }

    /// Frees the slot of a request of `subscription` once it is answered: the cap bounds the
    /// requests open at one receiver, not the attempts waiting to be recorded.
    pub fn request_finished(&mut self, subscription: SubscriptionId) {
        if let Some(load) = self.by_subscription.get_mut(&subscription) {
            load.open = load.open.saturating_sub(1);
            load.last_finished = Some(Instant::now());
        }
        self.forget_if_idle(subscription);
    }

    /// Reserves a place for a delivery of `subscription` held in memory, if it has fewer than
    /// `window` open and held: beyond that, its deliveries wait in the store.
    pub fn try_hold(&mut self, subscription: SubscriptionId, window: usize) -> bool {
        let load = self.by_subscription.entry(subscription).or_default();
        if load.open + load.held >= window {
            return false;
        }
        load.held += 1;
        self.held += 1;
        true
    }

    /// Gives back the place of a held delivery: started, given back to the store, or never
    /// handed over.
    pub fn unhold(&mut self, subscription: SubscriptionId) {
        if let Some(load) = self.by_subscription.get_mut(&subscription).filter(|load| load.held > 0) {
            load.held -= 1;
            self.held -= 1;
        }
        self.forget_if_idle(subscription);
    }

    /// Held deliveries of the subscriptions whose requests are finishing (not stalled).
    pub fn moving_held(&self) -> usize {
        self.by_subscription.values().filter(|load| load.is_moving()).map(|load| load.held).sum()
    }

    fn forget_if_idle(&mut self, subscription: SubscriptionId) {
        if self.by_subscription.get(&subscription).is_some_and(|load| load.open == 0 && load.held == 0) {
            self.by_subscription.remove(&subscription);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_bounds_open_and_held_together() {
        let mut loads = Loads::default();
        let sub = SubscriptionId(7);
        assert!(loads.try_take_slot(sub, 10));
        assert!(loads.try_hold(sub, 3) && loads.try_hold(sub, 3));
        assert!(!loads.try_hold(sub, 3), "one open and two held fill a window of three");
        assert_eq!(loads.held(), 2);
        loads.unhold(sub);
        loads.unhold(sub);
        loads.unhold(sub);
        assert_eq!(loads.held(), 0, "unholding more than was held changes nothing");
    }

    #[test]
    fn held_deliveries_of_a_stalled_subscription_are_not_moving() {
        let mut loads = Loads::default();
        let (moving, stalled) = (SubscriptionId(1), SubscriptionId(2));
        assert!(loads.try_take_slot(moving, 2) && loads.try_take_slot(moving, 2));
        loads.request_finished(moving);
        assert!(loads.try_hold(moving, 10) && loads.try_hold(stalled, 10));
        assert_eq!(loads.moving_held(), 1, "the subscription that never finished a request is not moving");
        assert_eq!(loads.held(), 2);
    }

    #[test]
    fn a_stalled_subscription_at_its_cap_has_no_room_until_a_request_finishes() {
        let mut loads = Loads::default();
        let sub = SubscriptionId(3);
        assert!(loads.try_take_slot(sub, 2) && loads.try_take_slot(sub, 2));
        assert!(!loads.try_take_slot(sub, 2));
        assert_eq!(loads.without_room(2, 10), vec![sub], "none of its requests has finished");
        loads.request_finished(sub);
        assert!(loads.has_free_slot(sub, 2) && loads.without_room(2, 10).is_empty());
        assert!(loads.try_take_slot(sub, 2));
        assert!(loads.without_room(2, 10).is_empty(), "at its cap but moving: deliveries claimed for it are held");
    }

    #[test]
    fn a_subscription_whose_window_is_full_has_no_room() {
        let mut loads = Loads::default();
        let sub = SubscriptionId(4);
        assert!(loads.try_take_slot(sub, 2));
        assert!(loads.try_hold(sub, 4) && loads.try_hold(sub, 4));
        assert!(loads.without_room(2, 4).is_empty(), "one open and two held leave room in a window of four");
        assert!(loads.try_hold(sub, 4));
        assert_eq!(loads.without_room(2, 4), vec![sub], "one open and three held fill a window of four");
    }
}
