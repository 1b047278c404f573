//! The transactional outbox on MySQL (it lives in Magento's database): rows written by a
//! publisher's own transaction reach receivers only when the transaction commits, whether
//! the consumer runs at the time or starts later, and consumers relaying side by side move
//! each row once. Runs on the MySQL backends, over the SQL queue and RabbitMQ.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use async_events_core::{AsyncEvents, RunOptions};
use serde_json::{json, Value};
use sqlx::AnyPool;

use async_events_core::outbox::Outbox;
use tempfile::TempDir;

use crate::harness::{backend, config, echo, mysql_database_dsn, own_name, prepare, publication, raw_pool, Backend, Setup, RUN_LIMIT};
use crate::receiver::Received;

const TABLE: &str = "m2_async_event_outbox";

/// A setup whose outbox is in a database of its own ("Magento's"), with Magento's table
/// prefix, and a connection to that database as Magento has.
async fn outbox_setup() -> Option<(Setup, AnyPool, TempDir)> {
    if backend() == Backend::Sqlite {
        return None;
    }
    let magento_dir = tempfile::tempdir().unwrap();
    prepare(magento_dir.path()).await;
    let dsn = mysql_database_dsn(&own_name(magento_dir.path()));
    // The table, as Magento's declarative schema creates it before anything is published.
    Outbox::open(&dsn, TABLE).await.expect("the outbox table is created");
    let setup = Setup::new(json!({"outbox_dsn": dsn, "outbox_table": TABLE})).await;
    Some((setup, raw_pool(&dsn).await, magento_dir))
}

/// Writes the messages of `events` into the outbox in one transaction of "Magento's"
/// connection, committed or rolled back; returns their uuids.
async fn publish_in_transaction(setup: &Setup, magento: &AnyPool, events: &[(&str, Value)], commit: bool) -> Vec<String> {
    let mut tx = magento.begin().await.unwrap();
    let mut uuids = Vec::new();
    for (name, arguments) in events {
        let envelope = setup.events.outbox_message(publication(name, arguments.clone(), 1)).unwrap();
        let insert = format!("INSERT INTO {TABLE} (message) VALUES (?)");
        sqlx::query(sqlx::AssertSqlSafe(insert)).bind(envelope.to_json()).execute(&mut *tx).await.unwrap();
        uuids.push(envelope.uuid.to_string());
    }
    if commit {
        tx.commit().await.unwrap();
    } else {
        tx.rollback().await.unwrap();
    }
    uuids
}

async fn outbox_rows(magento: &AnyPool) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {TABLE}"))).fetch_one(magento).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_committed_transactions_reach_receivers() {
    let Some((setup, magento, _magento_dir)) = outbox_setup().await else { return };
    setup.subscribe("customer.saved", "/hook", "t").await;

    let rolled_back = publish_in_transaction(&setup, &magento, &[("customer.saved", json!({"id": 1}))], false).await;
    let committed = publish_in_transaction(&setup, &magento, &[("customer.saved", json!({"id": 2}))], true).await;
    // Published now, with nothing running: the consumer starts afterwards, as after a crash
    // between the commit and the relay.
    let stats = setup.drain().await;

    let received: Vec<String> = setup.receiver.requests("/hook").iter().map(Received::event_id).collect();
    assert_eq!(received, committed, "the committed event once, the rolled-back one never ({rolled_back:?})");
    assert_eq!(stats.delivered, 1);
    assert_eq!(outbox_rows(&magento).await, 0, "relayed rows are deleted");
    assert_eq!(setup.trace(&async_events_core::EventUuid::parse(&committed[0]).unwrap()).await.subscriptions.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumers_relaying_side_by_side_move_each_row_once() {
    let Some((setup, magento, magento_dir)) = outbox_setup().await else { return };
    setup.subscribe("order.placed", "/hook", "t").await;
    let mut published = Vec::new();
    for batch in 0..10 {
        let events: Vec<(&str, Value)> = (0..50).map(|i| ("order.placed", json!({"n": batch * 50 + i}))).collect();
        published.extend(publish_in_transaction(&setup, &magento, &events, true).await);
    }
    // A malformed row (a bug in some publisher) is dead-lettered with its reason, and the rest go on.
    sqlx::query(sqlx::AssertSqlSafe(format!("INSERT INTO {TABLE} (message) VALUES ('not an envelope')"))).execute(&magento).await.unwrap();

    // A second consumer process on the same store and outbox.
    let settings = json!({"outbox_dsn": mysql_database_dsn(&own_name(magento_dir.path())), "outbox_table": TABLE});
    let other = AsyncEvents::open(config(setup.dir.path(), settings)).await.unwrap();
    let options = RunOptions { drain: true, poll_interval_ms: 20, ..Default::default() };
    let (stop_a, stop_b) = (AtomicBool::new(false), AtomicBool::new(false));
    let (mut resolver_a, mut resolver_b) = (echo, echo);
    let (a, b) = tokio::time::timeout(RUN_LIMIT, async {
        tokio::join!(
            setup.events.engine().run(Some(&mut resolver_a), &options, &stop_a),
            other.engine().run(Some(&mut resolver_b), &options, &stop_b)
        )
    })
    .await
    .expect("both runs finish");
    let (a, b) = (a.unwrap(), b.unwrap());

    let mut counts: HashMap<String, usize> = HashMap::new();
    for id in setup.receiver.requests("/hook").iter().map(Received::event_id) {
        *counts.entry(id).or_default() += 1;
    }
    assert_eq!(counts.len(), published.len(), "every committed event arrived");
    assert!(counts.values().all(|n| *n == 1), "none twice: {:?}", counts.values().filter(|n| **n > 1).count());
    assert_eq!(a.delivered + b.delivered, published.len() as u64);
    assert_eq!(outbox_rows(&magento).await, 0);
    let poisoned = setup.dead_letters(async_events_core::store::DeadLetterKind::Event).await;
    assert_eq!(poisoned.len(), 1);
    assert!(poisoned[0].reason.contains("malformed"), "{}", poisoned[0].reason);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_that_cannot_reach_the_outbox_leaves_the_run_working() {
    if backend() == Backend::Sqlite {
        return;
    }
    // Nothing listens on port 9: the relay logs and retries, the run still delivers what is queued.
    let setup = Setup::new(json!({"outbox_dsn": "mysql://root@127.0.0.1:9/none"})).await;
    setup.subscribe("a.b", "/hook", "t").await;
    let uuid = setup.publish("a.b", json!({}), 0).await;
    let options = RunOptions { idle_timeout: Some(1.5), poll_interval_ms: 20, ..Default::default() };
    let stats = setup.run(&mut echo, &options).await;
    assert_eq!(stats.delivered, 1);
    assert_eq!(setup.receiver.requests("/hook")[0].event_id(), uuid.to_string());
}
