//! Sinks served by a notifier on the calling thread (PHP notifiers in Magento): their
//! deliveries are attempted, recorded, retried and dead-lettered like HTTP ones.

use std::sync::atomic::AtomicBool;

use async_events_core::store::DeadLetterKind;
use async_events_core::{Notification, Notified};
use serde_json::{json, Value};

use crate::harness::{drain_options, echo, new_subscription, Setup, RUN_LIMIT};

/// What the test's notifier saw of one call.
struct Seen {
    uuid: String,
    metadata: String,
    recipient: String,
    sealed_token: String,
    body: Value,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notifier_serves_its_sink_with_retries_and_every_attempt_recorded() {
    let setup = Setup::new(json!({"sinks": ["eventbridge"], "backoff_seconds": [1]})).await;
    let mut bus = new_subscription("sales.order.created", &setup.receiver.url("/bus"), "bus-token");
    bus.metadata = "eventbridge".into();
    let bus = setup.subscribe_with(bus).await;
    setup.subscribe("sales.order.created", "/http", "t").await;
    let uuid = setup.publish("sales.order.created", json!({"increment_id": "000000042"}), 3).await;

    let mut seen = Vec::new();
    let mut notifier = |n: &Notification<'_>| {
        seen.push(Seen {
            uuid: n.delivery.uuid.to_string(),
            metadata: n.delivery.target.metadata.clone(),
            recipient: n.delivery.target.recipient_url.clone(),
            sealed_token: n.sealed_token.to_string(),
            body: serde_json::from_str(n.body).unwrap(),
        });
        Ok(match seen.len() {
            1 => Notified { success: false, retryable: true, retry_after: None, response: "ThrottlingException".into() },
            _ => Notified { success: true, retryable: false, retry_after: None, response: "{\"FailedEntryCount\":0}".into() },
        })
    };
    let stop = AtomicBool::new(false);
    let mut resolver = echo;
    let stats = tokio::time::timeout(RUN_LIMIT, setup.events.engine().run_with_notifier(Some(&mut resolver), Some(&mut notifier), &drain_options(), &stop))
        .await
        .expect("the run finishes in time")
        .expect("the run succeeds");

    assert_eq!((stats.attempts, stats.delivered, stats.retries_scheduled), (3, 2, 1), "{stats:?}");
    assert_eq!(seen.len(), 2, "the failed attempt was retried through the notifier");
    for call in &seen {
        assert_eq!((call.uuid.as_str(), call.metadata.as_str()), (uuid.as_str(), "eventbridge"));
        assert_eq!(call.recipient, setup.receiver.url("/bus"));
        assert!(!call.sealed_token.is_empty() && !call.sealed_token.contains("bus-token"), "the token is passed sealed");
        assert_eq!(call.body["id"], uuid.as_str());
        assert_eq!(call.body["source"], "3");
        assert_eq!(call.body["data"], json!({"increment_id": "000000042"}));
    }
    assert!(setup.receiver.log().requests("/bus").is_empty(), "no HTTP request for the notifier's sink");
    assert_eq!(setup.receiver.log().requests("/http").len(), 1, "the HTTP subscription as usual");
    let trace = setup.trace(&uuid).await;
    let attempts: Vec<_> = trace.attempts.iter().filter(|a| a.subscription_id == bus.subscription_id.0).collect();
    assert_eq!(attempts.len(), 2);
    assert_eq!((attempts[0].success, attempts[0].error_code.as_deref()), (false, Some("E_NOTIFIER")));
    assert!(attempts[1].success);
    assert!(attempts[1].created_ms - attempts[0].created_ms >= 900, "retried after its back-off");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_notifier_its_deliveries_fail_retryably_and_are_kept() {
    let setup = Setup::new(json!({"sinks": ["eventbridge"], "max_deaths": 0})).await;
    let mut bus = new_subscription("sales.order.created", &setup.receiver.url("/bus"), "t");
    bus.metadata = "eventbridge".into();
    setup.subscribe_with(bus).await;
    let uuid = setup.publish("sales.order.created", json!({"id": 1}), 0).await;

    let stats = setup.drain().await;

    assert_eq!((stats.attempts, stats.deliveries_dead_lettered), (1, 1), "{stats:?}");
    let trace = setup.trace(&uuid).await;
    assert_eq!(trace.attempts[0].error_code.as_deref(), Some("E_NO_NOTIFIER"));
    let dead = setup.events.dead_letters(DeadLetterKind::Delivery, 10, 0).await.unwrap();
    assert_eq!(dead.items.len(), 1, "dead-lettered, so it can be retried once a notifier runs");
}
