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

/// A store switching from the reference module on RabbitMQ: its subscriber and log rows in
/// the database; in the broker, trigger messages of every form its ecosystem publishes, a
/// retry waiting in one of its delay queues and a dead letter. After `setup:upgrade`'s
/// declare and one drain, every message is delivered (the dead letter once retried) and
/// every log row, old and new, is found by event name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_switching_from_the_reference_module_loses_nothing() {
    use crate::amqp::{declare_reference_delay_queue, on_rabbitmq, BROKER};
    use async_events_core::store::DeadLetterKind;
    use async_events_core::secret::Secret;
    use lapin::options::BasicPublishOptions;
    use lapin::{BasicProperties, Connection, ConnectionProperties};

    if crate::harness::backend() != crate::harness::Backend::MySqlAmqp {
        return;
    }
    let _turn = BROKER.lock().await;
    let settings = on_rabbitmq(json!({}));
    let namespace = settings["amqp_failover_namespace"].as_str().unwrap().to_string();
    let trigger_queue = settings["amqp_queue"].as_str().unwrap().to_string();
    let setup = Setup::new(settings).await;
    const EVENT: &str = "sales.order.created";

    // The database as the reference left it: a subscriber row and a log row of its columns only.
    let pool = setup.store_pool().await;
    let token = setup.events.store().cipher().encrypt(&Secret::new("legacy-token")).unwrap();
    sqlx::query(
        "INSERT INTO async_event_subscriber (event_name, recipient_url, verification_token, status, subscribed_at, metadata, store_id)
         VALUES (?, ?, ?, 1, '2025-01-01 00:00:00', 'http', 0)",
    )
    .bind(EVENT)
    .bind(setup.receiver.url("/legacy"))
    .bind(token)
    .execute(&pool)
    .await
    .unwrap();
    let subscription_id: i64 = sqlx::query_scalar("SELECT MAX(subscription_id) FROM async_event_subscriber").fetch_one(&pool).await.unwrap();
    sqlx::query(
        "INSERT INTO async_event_subscriber_log (uuid, subscription_id, success, created, serialized_data, response_data)
         VALUES ('0191f1c2-7a6e-7000-8000-000000000100', ?, 1, '2025-01-02 03:04:05', ?, 'OK')",
    )
    .bind(subscription_id)
    .bind(br#"{"data":{"increment_id":"000000001"}}"#.to_vec())
    .execute(&pool)
    .await
    .unwrap();

    // The broker as the reference left it.
    let connection = Connection::connect(&crate::harness::broker_uri(), ConnectionProperties::default()).await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    let publish = |exchange: String, key: String, body: String| {
        let channel = channel.clone();
        async move {
            let properties = BasicProperties::default().with_delivery_mode(2);
            channel.basic_publish(exchange.as_str().into(), key.as_str().into(), BasicPublishOptions::default(), body.as_bytes(), properties).await.unwrap().await.unwrap();
        }
    };
    for form in [r#"["sales.order.created","{\"n\":1}","0"]"#, r#"["sales.order.created","{\"n\":2}",0]"#, r#"["sales.order.created","{\"n\":3}"]"#] {
        publish(String::new(), trigger_queue.clone(), form.to_string()).await;
    }
    let delay_queue = format!("{namespace}.delay.9");
    channel.queue_delete(delay_queue.as_str().into(), lapin::options::QueueDeleteOptions::default()).await.unwrap();
    declare_reference_delay_queue(&channel, &namespace, 9).await;
    let retry_uuid = "0191f1c2-7a6e-7000-8000-000000000101";
    let cloud_event = |uuid: &str, n: i64| json!({"specversion": "1.0", "id": uuid, "source": "0", "type": EVENT, "data": {"n": n}}).to_string();
    let retry = json!({"subscription_id": subscription_id, "death_count": 1, "content": cloud_event(retry_uuid, 4), "uuid": retry_uuid});
    publish(String::new(), delay_queue, retry.to_string()).await;
    let dead_uuid = "0191f1c2-7a6e-7000-8000-000000000102";
    let dead = json!({"subscription_id": subscription_id, "death_count": 0, "content": cloud_event(dead_uuid, 5)});
    publish(format!("{namespace}.failover"), "event.retry.kill".into(), dead.to_string()).await;

    // setup:upgrade, then the consumers; the dead letter is retried from the admin.
    setup.events.declare_topology().await.expect("the declare takes the reference's queues over");
    assert_eq!(setup.events.retry_dead_letters(DeadLetterKind::Delivery, 10).await.unwrap(), 1);
    setup.drain().await;

    let mut delivered: Vec<i64> = setup.receiver.requests("/legacy").iter().map(|r| r.json()["data"]["n"].as_i64().unwrap()).collect();
    delivered.sort();
    assert_eq!(delivered, vec![1, 2, 3, 4, 5], "every message, once, to the subscriber the reference left");
    let verified = setup.receiver.requests("/legacy").iter().all(|r| {
        r.header("x-magento-signature") == crate::harness::expected_magento_signature("legacy-token", &r.body)
    });
    assert!(verified, "signed with the reference's stored token");
    let found = setup.events.search(&format!("event_name:{EVENT}"), SortOrder::NewestFirst, 0, 100).await.unwrap();
    let log_rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM async_event_subscriber_log").fetch_one(&pool).await.unwrap();
    assert_eq!((found.total_count, log_rows), (6, 6), "the reference's row and one per delivery, all found by event name");
}
