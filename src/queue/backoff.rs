//! Back-off on RabbitMQ, as the reference module lays it out: a failed delivery waits in a
//! delay queue `event.delay.{N}` (`x-message-ttl` N seconds, dead-letter exchange
//! `event.failover`, routing key `event.retry`), then reaches the retry queue
//! `event.failover.retry`, whose consumer hands it back to the store as a delivery due at
//! the time it carries. Unlike the reference, the delay queues are a fixed set declared
//! up front, one per distinct delay of the schedule, and no message has an expiration of its
//! own: a wait the set does not have (a Retry-After) goes through the longest delay queue that
//! is not longer, and the rest of the wait is kept by the store's due time. A 1 s delay queue
//! is always there, so that no wait is stretched by more than a second.
//! `event.retry.kill` routes to `event.failover.deadletter`, which nothing consumes.
//!
//! The names start with a namespace (`event` by default), so that tests and stores sharing a
//! broker each have their own.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::envelope::reference_store_id;
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::delivery::{EventContext, RetryMessage};

/// The exchanges and queues of the back-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackoffTopology {
    pub exchange: String,
    pub retry_queue: String,
    pub dead_letter_queue: String,
    /// Distinct delays in seconds, ascending.
    pub delays: Vec<u64>,
    namespace: String,
}

pub const RETRY_KEY: &str = "event.retry";
pub const KILL_KEY: &str = "event.retry.kill";

impl BackoffTopology {
    pub fn new(namespace: &str, policy: &RetryPolicy) -> Self {
        let mut delays: Vec<u64> = (1..=policy.max_deaths.max(1)).map(|deaths| policy.backoff(deaths).as_secs().max(1)).collect();
        delays.push(1);
        delays.sort_unstable();
        delays.dedup();
        Self {
            exchange: format!("{namespace}.failover"),
            retry_queue: format!("{namespace}.failover.retry"),
            dead_letter_queue: format!("{namespace}.failover.deadletter"),
            delays,
            namespace: namespace.to_string(),
        }
    }

    pub fn delay_queue(&self, seconds: u64) -> String {
        format!("{}.delay.{seconds}", self.namespace)
    }

    /// The delay queue for a wait of `wait_ms`: the longest delay not longer than the wait,
    /// or the shortest one.
    pub fn delay_queue_for(&self, wait_ms: i64) -> String {
        let wait = u64::try_from(wait_ms / 1000).unwrap_or(0);
        let seconds = self.delays.iter().rev().find(|d| **d <= wait).or(self.delays.first()).copied().unwrap_or(1);
        self.delay_queue(seconds)
    }
}

/// A retry as the reference module queues it: `{"subscription_id", "death_count", "content"
/// (the CloudEvent as JSON text), "uuid"}`.
#[derive(Deserialize)]
struct ReferenceRetry {
    subscription_id: i64,
    death_count: u32,
    content: String,
    uuid: Option<String>,
}

/// What a retry needs of the reference's CloudEvent.
#[derive(Deserialize)]
struct ReferenceCloudEvent<'a> {
    id: String,
    #[serde(rename = "type")]
    event_name: String,
    source: serde_json::Value,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
}

impl RetryMessage {
    /// Reads a retry-queue message: ours, or one the reference module left in its delay queues
    /// when a store switched (due at once, its deaths kept).
    pub fn from_message(text: &str, now: i64) -> Result<Self> {
        let ours = match serde_json::from_str::<Self>(text) {
            Ok(retry) => return Ok(retry),
            Err(e) => e,
        };
        let Ok(reference) = serde_json::from_str::<ReferenceRetry>(text) else {
            return Err(Error::validation(format!("malformed retry message: {ours}")));
        };
        let event: ReferenceCloudEvent<'_> = serde_json::from_str(&reference.content)
            .map_err(|e| Error::validation(format!("malformed retry message of the reference module: its content: {e}")))?;
        let store_id = reference_store_id(&event.source)
            .ok_or_else(|| Error::validation(format!("malformed retry message of the reference module: source {}", event.source)))?;
        Ok(Self {
            uuid: reference.uuid.unwrap_or(event.id),
            subscription_id: reference.subscription_id,
            event_name: event.event_name,
            store_id,
            payload: event.data.map_or_else(|| "null".to_string(), |data| data.get().to_string()),
            deaths: reference.death_count,
            due_at: now,
            context: EventContext::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::*;

    fn policy(backoff_seconds: Vec<u64>, max_deaths: u32) -> RetryPolicy {
        RetryPolicy { max_deaths, backoff_seconds, retry_after_cap: Duration::from_secs(3600) }
    }

    #[test]
    fn one_delay_queue_per_distinct_delay_of_the_schedule() {
        let default = BackoffTopology::new("event", &policy(Vec::new(), 5));
        assert_eq!(default.delays, vec![1, 4, 9, 16, 25]);
        assert_eq!(default.delay_queue(4), "event.delay.4");
        assert_eq!((default.exchange.as_str(), default.retry_queue.as_str()), ("event.failover", "event.failover.retry"));
        let repeated = BackoffTopology::new("t", &policy(vec![2, 2, 5], 4));
        assert_eq!(repeated.delays, vec![1, 2, 5], "1 s is always there, for short Retry-After waits");
    }

    #[test]
    fn a_wait_goes_to_the_longest_delay_that_is_not_longer() {
        let t = BackoffTopology::new("event", &policy(Vec::new(), 5));
        assert_eq!(t.delay_queue_for(9_000), "event.delay.9");
        assert_eq!(t.delay_queue_for(120_000), "event.delay.25");
        assert_eq!(t.delay_queue_for(15_999), "event.delay.9");
        assert_eq!(t.delay_queue_for(200), "event.delay.1");
        let slow = BackoffTopology::new("event", &policy(vec![30], 3));
        assert_eq!(slow.delay_queue_for(1_000), "event.delay.1", "Retry-After: 1 under a 30 s schedule");
        assert_eq!(slow.delay_queue_for(45_000), "event.delay.30");
    }

    #[test]
    fn retries_the_reference_module_left_behind_are_read() {
        let content = r#"{"specversion":"1.0","id":"0191f1c2-7a6e-7000-8000-000000000001","source":"2","type":"sales.order.created","datacontenttype":"application/json","data":{"increment_id":"000000042"}}"#;
        let text = json!({"subscription_id": 7, "death_count": 2, "content": content, "uuid": "0191f1c2-7a6e-7000-8000-000000000001"}).to_string();
        let retry = RetryMessage::from_message(&text, 1_000).unwrap();
        assert_eq!(
            retry,
            RetryMessage {
                uuid: "0191f1c2-7a6e-7000-8000-000000000001".into(),
                subscription_id: 7,
                event_name: "sales.order.created".into(),
                store_id: 2,
                payload: r#"{"increment_id":"000000042"}"#.into(),
                deaths: 2,
                due_at: 1_000,
                context: Default::default(),
            }
        );
        let ours = serde_json::to_string(&retry).unwrap();
        assert_eq!(RetryMessage::from_message(&ours, 5).unwrap(), retry, "ours keeps its due time");
        let bad = json!({"subscription_id": 7, "death_count": 2, "content": "not json"}).to_string();
        assert!(RetryMessage::from_message(&bad, 0).unwrap_err().to_string().contains("its content"));
        assert!(RetryMessage::from_message("[1]", 0).unwrap_err().to_string().contains("malformed retry message"));
    }
}
