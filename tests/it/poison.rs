//! Events that cannot be processed are dead-lettered, and the run goes on with the next one.

use async_events_core::store::DeadLetterKind;
use async_events_core::{Envelope, ResolveError};
use serde_json::json;

use crate::harness::{backend, drain_options, Backend, Setup};
use crate::receiver::Received;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resolver_error_dead_letters_the_event_and_the_run_goes_on() {
    let setup = Setup::new(json!({})).await;
    setup.subscribe("order.created", "/hook", "t").await;
    let before = setup.publish("order.created", json!({"id": 1}), 0).await;
    let failing = setup.publish("order.created", json!({"id": 2, "explode": true}), 5).await;
    let after = setup.publish("order.created", json!({"id": 3}), 0).await;

    let mut resolver = |event: &Envelope| -> Result<String, ResolveError> {
        if event.arguments.get().contains("explode") {
            Err(ResolveError::Failed("order 2 no longer exists".into()))
        } else {
            Ok(event.arguments.get().to_string())
        }
    };
    let stats = setup.run(&mut resolver, &drain_options()).await;

    assert_eq!((stats.messages, stats.events_dead_lettered, stats.delivered), (3, 1, 2), "{stats:?}");
    let delivered: Vec<String> = setup.receiver.requests("/hook").iter().map(Received::event_id).collect();
    assert_eq!(delivered.len(), 2);
    assert!(delivered.contains(&before.to_string()) && delivered.contains(&after.to_string()), "{delivered:?}");

    let dead = setup.dead_letters(DeadLetterKind::Event).await;
    assert_eq!(dead.len(), 1);
    assert_eq!((dead[0].uuid.as_str(), dead[0].event_name.as_str(), dead[0].store_id), (failing.as_str(), "order.created", 5));
    assert!(dead[0].reason.contains("order 2 no longer exists"), "{}", dead[0].reason);
    assert!(dead[0].body.contains("explode"), "the envelope is kept for replay: {}", dead[0].body);
    assert!(setup.dead_letters(DeadLetterKind::Delivery).await.is_empty());

    let trace = setup.trace(&failing).await;
    assert!(trace.event_dead_letter_reason.unwrap().contains("order 2 no longer exists"));
    assert!(trace.attempts.is_empty());
    assert_eq!(setup.backlog().await, (0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_queue_message_is_dead_lettered() {
    if backend() == Backend::MySqlAmqp {
        return; // a row of the SQL queue; the RabbitMQ tests send malformed messages of their own
    }
    let setup = Setup::new(json!({})).await;
    setup.subscribe("order.created", "/hook", "t").await;
    // Another publisher wrote a row the engine cannot read, ahead of a good event.
    let bad_uuid = "0190a9b8-0000-7000-8000-000000000bad";
    let pool = setup.store_pool().await;
    sqlx::query(
        "INSERT INTO async_event_queue (uuid, event_name, priority, body, available_at, created_at)
         VALUES (?, 'order.created', 0, '{\"uuid\": truncated', 0, 0)",
    )
    .bind(bad_uuid)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let good = setup.publish("order.created", json!({"id": 1}), 0).await;

    let stats = setup.drain().await;

    assert_eq!((stats.messages, stats.events_dead_lettered, stats.delivered), (2, 1, 1), "{stats:?}");
    let requests = setup.receiver.requests("/hook");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].event_id(), good.to_string());
    let dead = setup.dead_letters(DeadLetterKind::Event).await;
    assert_eq!(dead.len(), 1);
    assert_eq!((dead[0].uuid.as_str(), dead[0].event_name.as_str()), (bad_uuid, "order.created"));
    assert!(dead[0].reason.contains("malformed event message"), "{}", dead[0].reason);
    assert_eq!(dead[0].body, "{\"uuid\": truncated", "the message is kept as received");
    assert_eq!(setup.backlog().await, (0, 0));
}
