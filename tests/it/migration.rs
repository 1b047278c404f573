//! Rows the reference module wrote, read after the switch: its attempt log rows have no event
//! name (the column is ours), and are still found by event name and traced with it.

use async_events_core::search::SortOrder;
use async_events_core::EventUuid;
use serde_json::json;

use crate::harness::Setup;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_modules_log_rows_are_found_by_event_name() {
    let setup = Setup::new(json!({})).await;
    let subscription = setup.subscribe("sales.order.created", "/hook", "t").await;
    let uuid = "0191f1c2-7a6e-7000-8000-0000000000cc";
    // Only the columns the reference module writes.
    let pool = setup.store_pool().await;
    sqlx::query(
        "INSERT INTO async_event_subscriber_log (uuid, subscription_id, success, created, serialized_data, response_data)
         VALUES (?, ?, 1, '2025-01-02 03:04:05', ?, 'OK')",
    )
    .bind(uuid)
    .bind(subscription.subscription_id.0)
    .bind(json!({"data": {"increment_id": "000000042"}}).to_string().into_bytes())
    .execute(&pool)
    .await
    .expect("a reference log row");

    for indexing in [true, false] {
        let events = crate::harness::open(setup.dir.path(), json!({"indexing_enabled": indexing})).await;
        let found = events.search("event_name:sales.order.created", SortOrder::NewestFirst, 0, 10).await.expect("a search");
        assert_eq!(found.total_count, 1, "indexing {indexing}");
        assert_eq!((found.items[0].uuid.as_str(), found.items[0].event_name.as_str()), (uuid, "sales.order.created"));
    }
    let trace = setup.trace(&EventUuid::parse(uuid).unwrap()).await;
    assert_eq!(trace.event_name, "sales.order.created");
    assert_eq!(trace.attempts.len(), 1);
}
