//! The RabbitMQ queue against the real broker (`ASYNC_EVENTS_TEST_AMQP`, default
//! amqp://guest:guest@127.0.0.1:5672/%2f). Each test uses its own queue; the restart test stops
//! and starts the broker, so these tests take turns.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use async_events_core::facade::Publication;
use async_events_core::{AsyncEvents, EventUuid, PublishOptions, RunOptions};
use lapin::options::{BasicPublishOptions, QueueDeclareOptions};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{BasicProperties, Connection, ConnectionProperties};
use serde_json::{json, Value};
use tokio::sync::Mutex;

use crate::harness::{broker_uri, config, echo, Setup, RUN_LIMIT};
use crate::receiver::{Reply, Script};

pub static BROKER: Mutex<()> = Mutex::const_new(());

/// Settings for RabbitMQ on a queue of this test's own.
pub fn on_rabbitmq(extra: Value) -> Value {
    let id = uuid::Uuid::now_v7().simple();
    let queue = format!("it.trigger.{id}");
    let mut settings = json!({
        "queue_dsn": broker_uri(),
        "amqp_queue": queue,
        "amqp_routing_key": queue,
        "amqp_failover_namespace": format!("it.{id}"),
    });
    if let (Value::Object(s), Value::Object(e)) = (&mut settings, extra) {
        s.extend(e);
    }
    settings
}

fn publication(n: usize) -> Publication {
    Publication { event_name: "sales.order.created".into(), arguments: json!({"n": n}).to_string(), store_id: 0, options: PublishOptions::default() }
}

fn event_ids(setup: &Setup, path: &str) -> Vec<String> {
    setup.receiver.log().requests(path).iter().map(|r| r.event_id()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_published_to_rabbitmq_are_delivered_once_each() {
    let _turn = BROKER.lock().await;
    let setup = Setup::new(on_rabbitmq(json!({}))).await;
    setup.subscribe("sales.order.created", "/a", "t").await;
    setup.subscribe("sales.order.created", "/b", "t").await;
    let mut published = HashSet::new();
    for n in 0..200 {
        published.insert(setup.events.publish(publication(n)).await.expect("publish").to_string());
    }
    setup.events.flush().await.expect("every publish confirmed");

    let stats = setup.drain().await;

    assert_eq!(stats.messages, 200);
    for path in ["/a", "/b"] {
        let ids = event_ids(&setup, path);
        assert_eq!(ids.len(), 200, "{path} received each event once");
        assert_eq!(ids.into_iter().collect::<HashSet<_>>(), published);
    }
}

/// A batch's messages are acked only once its hand-off committed, while the next batch is
/// claimed: a run that stops after its last batch still acks that batch before it returns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_that_stops_at_max_messages_acks_its_last_batch_before_it_returns() {
    use async_events_core::queue::AmqpSettings;
    let _turn = BROKER.lock().await;
    let overrides = on_rabbitmq(json!({}));
    let setup = Setup::new(overrides.clone()).await;
    setup.subscribe("sales.order.created", "/a", "t").await;
    for n in 0..250 {
        setup.events.publish(publication(n)).await.expect("publish");
    }
    setup.events.flush().await.expect("every publish confirmed");
    let settings = AmqpSettings::from_config(&config(setup.dir.path(), overrides)).expect("settings").expect("a broker");

    let options = RunOptions { max_messages: Some(250), batch_size: 50, ..Default::default() };
    let stats = setup.run(&mut echo, &options).await;

    assert_eq!((stats.messages, stats.delivered, stats.stop_reason), (250, 250, "max_messages"));
    // The consumer's channel is still open: a message it had not acked would show as unacked.
    let mut unacked = None;
    for _ in 0..50 {
        unacked = unacked_on_the_broker(&settings.queue);
        if unacked == Some(0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(unacked, Some(0), "every batch, the last one included, was acked");
    assert_eq!(setup.backlog().await, (0, 0), "nothing left in the store or on the queue");
    assert_eq!(event_ids(&setup, "/a").len(), 250, "each event delivered once");
}

/// The same when the run is stopped (a signal) in the middle of the stream: the batch handed
/// over last is committed and acked, and what was not claimed stays on the queue.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_stopped_midway_acks_every_batch_it_handed_over() {
    use async_events_core::queue::AmqpSettings;
    let _turn = BROKER.lock().await;
    let overrides = on_rabbitmq(json!({}));
    let setup = Setup::new(overrides.clone()).await;
    setup.subscribe("sales.order.created", "/a", "t").await;
    for n in 0..2000 {
        setup.events.publish(publication(n)).await.expect("publish");
    }
    setup.events.flush().await.expect("every publish confirmed");
    let settings = AmqpSettings::from_config(&config(setup.dir.path(), overrides)).expect("settings").expect("a broker");

    let stop = AtomicBool::new(false);
    let options = RunOptions { batch_size: 20, ..Default::default() };
    let log = setup.receiver.log();
    let engine = setup.events.engine();
    let mut resolver = echo;
    let run = engine.run(Some(&mut resolver), &options, &stop);
    let stopper = async {
        while log.count("/a") < 100 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    };
    let (stats, ()) = tokio::time::timeout(RUN_LIMIT, async { tokio::join!(run, stopper) }).await.expect("the run stops in time");
    let stats = stats.expect("the run succeeds");

    assert_eq!(stats.stop_reason, "stopped");
    assert!(stats.messages < 2000, "stopped before the end of the stream ({} messages)", stats.messages);
    // The broker still holds what was not claimed (some of it prefetched to the consumer).
    let not_claimed = Some(2000 - stats.messages);
    let mut held = None;
    for _ in 0..50 {
        held = held_by_the_broker(&settings.queue);
        if held == not_claimed {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(held, not_claimed, "every batch handed over was acked, the last one included");
    // A stopping run gives the deliveries it still held back to the store.
    let (delivered, pending) = (event_ids(&setup, "/a").len() as u64, setup.backlog().await.0 as u64);
    assert_eq!(delivered + pending, stats.messages, "each handed event delivered once or waiting in the store");
    delete_queue(&settings.queue);
}

/// The broker keeps what a test leaves: the messages not consumed go with their queue.
fn delete_queue(queue: &str) {
    let deleted = std::process::Command::new("rabbitmqctl").args(["-q", "delete_queue", queue]).status().expect("rabbitmqctl runs");
    assert!(deleted.success(), "the test's queue {queue} is deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_modules_messages_are_consumed() {
    let _turn = BROKER.lock().await;
    let settings = on_rabbitmq(json!({}));
    let setup = Setup::new(settings.clone()).await;
    setup.subscribe("sales.order.created", "/hook", "t").await;
    let connection = Connection::connect(&broker_uri(), ConnectionProperties::default()).await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    let routing_key = settings["amqp_routing_key"].as_str().unwrap();
    channel
        .basic_publish("magento".into(), routing_key.into(), BasicPublishOptions::default(), br#"["sales.order.created","{\"id\":7}","1"]"#, BasicProperties::default())
        .await
        .unwrap()
        .await
        .unwrap();

    setup.drain().await;

    let received = setup.receiver.log().requests("/hook");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].json()["data"], json!({"id": 7}));
    assert_eq!(received[0].json()["source"], "1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_the_reference_module_left_in_its_delay_queues_are_delivered() {
    let _turn = BROKER.lock().await;
    let settings = on_rabbitmq(json!({}));
    let namespace = settings["amqp_failover_namespace"].as_str().unwrap().to_string();
    let setup = Setup::new(settings).await;
    let subscription = setup.subscribe("sales.order.created", "/hook", "t").await;
    setup.events.declare_topology().await.unwrap();
    // As the reference's RetryManager publishes it; its delay queue dead-letters it to the retry queue.
    let uuid = "0191f1c2-7a6e-7000-8000-00000000002a";
    let content = json!({"specversion": "1.0", "id": uuid, "source": "1", "type": "sales.order.created",
        "datacontenttype": "application/json", "data": {"increment_id": "000000042"}});
    let body = json!({"subscription_id": subscription.subscription_id.0, "death_count": 2,
        "content": content.to_string(), "uuid": uuid});
    let connection = Connection::connect(&broker_uri(), ConnectionProperties::default()).await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    channel
        .basic_publish(format!("{namespace}.failover").as_str().into(), "event.retry".into(), BasicPublishOptions::default(), body.to_string().as_bytes(), BasicProperties::default())
        .await
        .unwrap()
        .await
        .unwrap();

    let stats = setup.drain().await;

    assert_eq!(stats.attempts, 1, "{stats:?}");
    let received = setup.receiver.log().requests("/hook");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].event_id(), uuid, "the same uuid: the receiver's idempotency key");
    assert_eq!(received[0].json()["data"], json!({"increment_id": "000000042"}));
    assert_eq!(received[0].json()["source"], "1");
    let trace = setup.trace(&EventUuid::parse(uuid).unwrap()).await;
    assert_eq!((trace.subscriptions[0].status, trace.attempts.len()), ("Delivered", 1));
}

/// Declares `{namespace}.delay.{seconds}` as the reference module's RetryManager does.
pub async fn declare_reference_delay_queue(channel: &lapin::Channel, namespace: &str, seconds: i64) -> String {
    let queue = format!("{namespace}.delay.{seconds}");
    let mut arguments = FieldTable::default();
    arguments.insert("x-dead-letter-exchange".into(), AMQPValue::LongString(format!("{namespace}.failover").as_str().into()));
    arguments.insert("x-dead-letter-routing-key".into(), AMQPValue::LongString("event.retry".into()));
    arguments.insert("x-message-ttl".into(), AMQPValue::LongLongInt(seconds * 1000));
    arguments.insert("x-expires".into(), AMQPValue::LongLongInt(seconds * 2000));
    let options = QueueDeclareOptions { durable: true, auto_delete: true, ..Default::default() };
    channel.queue_declare(queue.as_str().into(), options, arguments).await.unwrap();
    queue
}

/// Whether `queue` is ours: declaring it with our arguments is accepted.
async fn is_our_delay_queue(connection: &Connection, namespace: &str, seconds: i64) -> bool {
    let channel = connection.create_channel().await.unwrap();
    let mut arguments = FieldTable::default();
    arguments.insert("x-message-ttl".into(), AMQPValue::LongLongInt(seconds * 1000));
    arguments.insert("x-dead-letter-exchange".into(), AMQPValue::LongString(format!("{namespace}.failover").as_str().into()));
    arguments.insert("x-dead-letter-routing-key".into(), AMQPValue::LongString("event.retry".into()));
    let queue = format!("{namespace}.delay.{seconds}");
    channel.queue_declare(queue.as_str().into(), QueueDeclareOptions { durable: true, ..Default::default() }, arguments).await.is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_modules_delay_queues_are_taken_over() {
    let _turn = BROKER.lock().await;
    let settings = on_rabbitmq(json!({}));
    let namespace = settings["amqp_failover_namespace"].as_str().unwrap().to_string();
    let connection = Connection::connect(&broker_uri(), ConnectionProperties::default()).await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    // What the reference leaves: an empty delay queue, and one holding a retry.
    declare_reference_delay_queue(&channel, &namespace, 1).await;
    let holding = declare_reference_delay_queue(&channel, &namespace, 4).await;
    let uuid = "0191f1c2-7a6e-7000-8000-0000000000aa";
    let content = json!({"specversion": "1.0", "id": uuid, "source": "0", "type": "sales.order.created", "data": {"n": 1}});
    let subscription_id = 1; // the first subscription of the new store, created below
    let body = json!({"subscription_id": subscription_id, "death_count": 1, "content": content.to_string(), "uuid": uuid});
    channel
        .basic_publish("".into(), holding.as_str().into(), BasicPublishOptions::default(), body.to_string().as_bytes(), BasicProperties::default().with_delivery_mode(2))
        .await
        .unwrap()
        .await
        .unwrap();

    // Opening the store declares the topology: no PRECONDITION_FAILED.
    let setup = Setup::new(settings).await;
    let subscription = setup.subscribe("sales.order.created", "/hook", "t").await;
    assert_eq!(subscription.subscription_id.0, subscription_id);
    assert!(is_our_delay_queue(&connection, &namespace, 1).await, "the empty one is replaced by ours");
    assert!(!is_our_delay_queue(&connection, &namespace, 4).await, "the one holding a retry is kept");

    setup.drain().await;
    let received = setup.receiver.log().requests("/hook");
    assert_eq!(received.iter().map(|r| r.event_id()).collect::<Vec<_>>(), vec![uuid.to_string()], "the reference's retry is delivered");
    setup.events.declare_topology().await.expect("a later declare");
    assert!(is_our_delay_queue(&connection, &namespace, 4).await, "replaced once empty");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_modules_dead_letters_become_ours_and_can_be_retried() {
    let _turn = BROKER.lock().await;
    let settings = on_rabbitmq(json!({}));
    let namespace = settings["amqp_failover_namespace"].as_str().unwrap().to_string();
    let setup = Setup::new(settings).await;
    let subscription = setup.subscribe("sales.order.created", "/hook", "t").await;
    let id = subscription.subscription_id.0;
    let uuid = "0191f1c2-7a6e-7000-8000-0000000000bb";
    let cloud_event = json!({"specversion": "1.0", "id": uuid, "source": "2", "type": "sales.order.created", "data": {"n": 1}});
    // As the reference's RetryManager::kill publishes them: its CloudEvent (4.x), the data alone (3.x), and a broken one.
    let kills = [
        json!({"subscription_id": id, "death_count": 0, "content": cloud_event.to_string()}).to_string(),
        json!({"subscription_id": id, "death_count": 0, "content": json!({"n": 2}).to_string()}).to_string(),
        "{broken".to_string(),
    ];
    let connection = Connection::connect(&broker_uri(), ConnectionProperties::default()).await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    for body in &kills {
        channel
            .basic_publish(format!("{namespace}.failover").as_str().into(), "event.retry.kill".into(), BasicPublishOptions::default(), body.as_bytes(), BasicProperties::default())
            .await
            .unwrap()
            .await
            .unwrap();
    }

    setup.events.declare_topology().await.expect("declare, as setup:upgrade does");

    let deliveries = setup.dead_letters(async_events_core::store::DeadLetterKind::Delivery).await;
    assert_eq!(deliveries.len(), 2, "{deliveries:#?}");
    let migrated = deliveries.iter().find(|d| d.uuid == uuid).expect("the CloudEvent's id is kept");
    assert_eq!((migrated.event_name.as_str(), migrated.store_id, migrated.body.as_str()), ("sales.order.created", 2, r#"{"n":1}"#));
    assert!(deliveries.iter().all(|d| d.subscription_id == Some(id) && d.event_name == "sales.order.created"));
    let unreadable = setup.dead_letters(async_events_core::store::DeadLetterKind::Event).await;
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].body, "{broken", "kept as it was");
    setup.events.declare_topology().await.expect("a second declare");
    assert_eq!(setup.dead_letters(async_events_core::store::DeadLetterKind::Delivery).await.len(), 2, "each imported once: the queue is empty");

    assert_eq!(setup.events.retry_dead_letters(async_events_core::store::DeadLetterKind::Delivery, 10).await.unwrap(), 2);
    setup.drain().await;
    let mut bodies: Vec<Value> = setup.receiver.log().requests("/hook").iter().map(|r| r.json()["data"].clone()).collect();
    bodies.sort_by_key(|b| b["n"].as_i64());
    assert_eq!(bodies, vec![json!({"n": 1}), json!({"n": 2})]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_consumers_share_the_queue_without_sending_twice() {
    let _turn = BROKER.lock().await;
    let settings = on_rabbitmq(json!({"amqp_prefetch": 10}));
    let setup = Setup::new(settings.clone()).await;
    setup.subscribe("sales.order.created", "/hook", "t").await;
    let second = AsyncEvents::open(config(setup.dir.path(), settings)).await.unwrap();
    let batch: Vec<Publication> = (0..400).map(publication).collect();
    setup.events.publish_batch(batch).await.expect("a batch handed over");
    setup.events.flush().await.expect("a confirmed batch");

    let options = RunOptions { drain: true, batch_size: 10, poll_interval_ms: 20, ..Default::default() };
    let (stop_a, stop_b) = (AtomicBool::new(false), AtomicBool::new(false));
    let (mut resolver_a, mut resolver_b) = (echo, echo);
    let (a, b) = tokio::time::timeout(RUN_LIMIT, async {
        tokio::join!(
            setup.events.engine().run(Some(&mut resolver_a), &options, &stop_a),
            second.engine().run(Some(&mut resolver_b), &options, &stop_b)
        )
    })
    .await
    .expect("both runs finish");
    let (a, b) = (a.unwrap(), b.unwrap());

    assert_eq!(a.messages + b.messages, 400);
    assert!(a.messages > 0 && b.messages > 0, "both consumers took work: {} and {}", a.messages, b.messages);
    let ids = event_ids(&setup, "/hook");
    assert_eq!(ids.len(), 400, "no event was sent twice");
    assert_eq!(ids.into_iter().collect::<HashSet<_>>().len(), 400);
}

fn rabbitmqctl(action: &str) {
    let status = std::process::Command::new("rabbitmqctl").arg(action).stdout(std::process::Stdio::null()).status();
    assert!(status.is_ok_and(|s| s.success()), "rabbitmqctl {action} failed; the restart test needs rabbitmqctl on PATH and rights on the broker");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publisher_and_consumer_survive_a_broker_restart() {
    let _turn = BROKER.lock().await;
    let setup = Setup::new(on_rabbitmq(json!({"confirm_timeout_ms": 3000}))).await;
    setup.subscribe("sales.order.created", "/hook", "t").await;

    let consumer = async {
        let options = RunOptions { idle_timeout: Some(8.0), poll_interval_ms: 20, ..Default::default() };
        let stop = AtomicBool::new(false);
        let mut resolver = echo;
        setup.events.engine().run(Some(&mut resolver), &options, &stop).await.expect("the consumer outlives the restart")
    };
    let publisher = async {
        let mut confirmed: Vec<EventUuid> = Vec::new();
        let mut republished = 0;
        let mut chunk_no = 0;
        while chunk_no < 15 {
            if chunk_no == 5 {
                tokio::task::spawn_blocking(|| {
                    rabbitmqctl("stop_app");
                    std::thread::sleep(Duration::from_secs(2));
                    rabbitmqctl("start_app");
                });
            }
            let chunk: Vec<Publication> = (0..20).map(|n| publication(chunk_no * 20 + n)).collect();
            let published = match setup.events.publish_batch(chunk).await {
                Ok(uuids) => setup.events.flush().await.map(|()| uuids),
                Err(e) => Err(e),
            };
            match published {
                Ok(uuids) => {
                    confirmed.extend(uuids);
                    chunk_no += 1;
                }
                Err(e) => {
                    // Not confirmed: reported to the caller, who publishes the chunk again.
                    republished += 1;
                    eprintln!("chunk {chunk_no} not confirmed ({e}); publishing it again");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        (confirmed, republished)
    };
    let (stats, (confirmed, republished)) =
        tokio::time::timeout(Duration::from_secs(120), async { tokio::join!(consumer, publisher) }).await.expect("in time");

    let delivered: Vec<String> = event_ids(&setup, "/hook");
    let unique: HashSet<&String> = delivered.iter().collect();
    let lost: Vec<&EventUuid> = confirmed.iter().filter(|u| !unique.contains(&u.to_string())).collect();
    eprintln!(
        "restart: {} confirmed, {} delivered ({} duplicates), {} chunks published again, consumer stats {stats:?}",
        confirmed.len(),
        delivered.len(),
        delivered.len() - unique.len(),
        republished
    );
    assert_eq!(confirmed.len(), 300);
    assert!(lost.is_empty(), "confirmed events lost: {lost:?}");
}

/// `rabbitmqctl list_queues name arguments`: each queue's line.
fn queues_on_the_broker() -> Vec<String> {
    let output = std::process::Command::new("rabbitmqctl").args(["-q", "list_queues", "name", "arguments"]).output().expect("rabbitmqctl runs");
    assert!(output.status.success(), "rabbitmqctl: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().map(str::to_string).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_off_goes_through_the_brokers_delay_queues() {
    let _turn = BROKER.lock().await;
    let schedule = [1u64, 3, 1];
    let settings = on_rabbitmq(json!({"backoff_seconds": schedule, "max_deaths": 3}));
    let namespace = settings["amqp_failover_namespace"].as_str().unwrap().to_string();
    let setup = Setup::new(settings).await;
    setup.receiver.program("/down", Script::always(Reply::status(503)));
    setup.subscribe("price.changed", "/down", "t").await;
    let uuid = setup.publish("price.changed", json!({"sku": "x"}), 0).await;
    setup.events.flush().await.unwrap();

    // One delay queue per distinct delay, declared with its TTL and its way back.
    let queues = queues_on_the_broker();
    for seconds in [1, 3] {
        let name = format!("{namespace}.delay.{seconds}");
        let line = queues.iter().find(|l| l.starts_with(&format!("{name}\t"))).unwrap_or_else(|| panic!("{name} is not on the broker: {queues:?}"));
        assert!(line.contains(&format!("{{\"x-message-ttl\",{}}}", seconds * 1000)), "{line}");
        assert!(line.contains(&format!("{{\"x-dead-letter-exchange\",\"{namespace}.failover\"}}")), "{line}");
        assert!(line.contains("{\"x-dead-letter-routing-key\",\"event.retry\"}"), "{line}");
    }
    for name in [format!("{namespace}.failover.retry"), format!("{namespace}.failover.deadletter")] {
        assert!(queues.iter().any(|l| l.starts_with(&format!("{name}\t"))), "{name} is not on the broker");
    }

    let stats = setup.drain().await;

    assert_eq!((stats.attempts, stats.retries_scheduled, stats.deliveries_dead_lettered), (4, 3, 1), "{stats:?}");
    let requests = setup.receiver.requests("/down");
    assert_eq!(requests.len(), 4);
    for (n, (pair, wait)) in requests.windows(2).zip(schedule).enumerate() {
        let gap = pair[1].arrived - pair[0].arrived;
        let wait = Duration::from_secs(wait);
        assert!(gap >= wait - Duration::from_millis(100), "retry {} came after {gap:?}, before its {wait:?} back-off", n + 1);
        assert!(gap <= wait + Duration::from_millis(1500), "retry {} came after {gap:?}, long after its {wait:?} back-off", n + 1);
    }
    assert!(requests.iter().all(|r| r.header("webhook-id") == uuid.as_str()));
    assert_eq!(setup.backlog().await, (0, 0), "nothing left in the store, the trigger queue or the delay queues");
}

/// A batch is acked after the next one is claimed: if the connection was replaced in between,
/// the old batch's delivery tags must not be acked on the new channel (they would ack the
/// messages that channel delivered under the same numbers, before their hand-off).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ack_for_a_replaced_connection_does_not_ack_the_new_connections_messages() {
    use async_events_core::queue::{AmqpQueue, AmqpSettings};
    let _turn = BROKER.lock().await;
    let overrides = on_rabbitmq(json!({}));
    let setup = Setup::new(overrides.clone()).await;
    for n in 0..20 {
        setup.events.publish(publication(n)).await.expect("publish");
    }
    setup.events.flush().await.expect("every publish confirmed");
    let settings = AmqpSettings::from_config(&config(setup.dir.path(), overrides)).expect("settings").expect("a broker");
    let queue = AmqpQueue::connect(settings.clone()).await.expect("connect");
    let first = queue.claim(5, Duration::from_secs(2)).await.expect("claim");
    assert!(!first.is_empty());
    let closed = std::process::Command::new("rabbitmqctl")
        .args(["-q", "close_all_connections", "the test replaces the consumer's connection"])
        .status()
        .expect("rabbitmqctl runs");
    assert!(closed.success(), "rabbitmqctl close_all_connections");
    // Claims first return what the old channel had prefetched, then notice it closed and open
    // another connection; the broker redelivers there.
    let mut second = Vec::new();
    for _ in 0..50 {
        second = queue.claim(5, Duration::from_millis(200)).await.unwrap_or_default();
        if second.first().is_some_and(|m| m.connection != first[0].connection) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(second.first().is_some_and(|m| m.connection != first[0].connection), "claimed again on a new connection");
    assert_eq!(first[0].message_id, second[0].message_id, "the new channel numbers its deliveries from 1 again");

    let tags: Vec<i64> = first.iter().map(|m| m.message_id).collect();
    queue.ack(first[0].connection, &tags).await.expect("an ack for a gone connection is skipped, not an error");
    // Nothing was handed over: the broker keeps all 20 (an ack on the new channel would take 5).
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(held_by_the_broker(&settings.queue), Some(20), "no message acked");
    }
    delete_queue(&settings.queue);
}

/// `rabbitmqctl list_queues`: the messages of `queue` delivered and not acked yet.
pub(crate) fn unacked_on_the_broker(queue: &str) -> Option<u64> {
    queue_figure(queue, "messages_unacknowledged")
}

/// `rabbitmqctl list_queues`: the messages `queue` holds, ready or delivered and not acked.
fn held_by_the_broker(queue: &str) -> Option<u64> {
    queue_figure(queue, "messages")
}

fn queue_figure(queue: &str, column: &str) -> Option<u64> {
    let output = std::process::Command::new("rabbitmqctl").args(["-q", "list_queues", "name", column]).output().expect("rabbitmqctl runs");
    assert!(output.status.success(), "rabbitmqctl: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().find_map(|line| {
        let (name, count) = line.split_once('\t')?;
        (name == queue).then(|| count.trim().parse().ok()).flatten()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_left_unacked_stays_unacked_when_later_batches_are_acked() {
    use async_events_core::queue::{AmqpQueue, AmqpSettings};
    let _turn = BROKER.lock().await;
    let overrides = on_rabbitmq(json!({}));
    let setup = Setup::new(overrides.clone()).await;
    for n in 0..30 {
        setup.events.publish(publication(n)).await.expect("publish");
    }
    setup.events.flush().await.expect("every publish confirmed");
    let settings = AmqpSettings::from_config(&config(setup.dir.path(), overrides)).expect("settings").expect("a broker");
    let queue = AmqpQueue::connect(settings.clone()).await.expect("connect");
    let mut claimed: Vec<i64> = Vec::new();
    let mut connection = 0;
    while claimed.len() < 30 {
        let more = queue.claim(30 - claimed.len(), Duration::from_secs(2)).await.expect("claim");
        assert!(!more.is_empty(), "the 30 published messages are on the queue");
        connection = more[0].connection;
        claimed.extend(more.iter().map(|m| m.message_id));
    }
    let batches: Vec<&[i64]> = claimed.chunks(10).collect();
    // The first batch follows nothing unacked; the second is left as a failed hand-off leaves
    // it; the third is acked after that gap.
    queue.ack(connection, batches[0]).await.expect("ack");
    queue.ack(connection, batches[2]).await.expect("ack");
    let mut unacked = None;
    for _ in 0..50 {
        unacked = unacked_on_the_broker(&settings.queue);
        if unacked.is_some_and(|n| n <= 10) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(unacked, Some(10), "only the second batch is unacked: the third batch's ack must not cover it");
    queue.ack(connection, batches[1]).await.expect("ack");
    for _ in 0..50 {
        unacked = unacked_on_the_broker(&settings.queue);
        if unacked == Some(0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(unacked, Some(0), "acked tag by tag after the gap, every message is acked");
}
