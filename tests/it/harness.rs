//! Shared set-up: a store in a temporary directory, a real receiver, and helpers to subscribe,
//! publish, run the engine and read traces and dead letters.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use async_events_core::facade::Publication;
use async_events_core::secret::Secret;
use async_events_core::store::{Attempt, DeadLetter, DeadLetterKind, SubscriptionTrace, Trace};
use async_events_core::{
    AsyncEvents, Clock, Config, Envelope, EventUuid, NewSubscription, PublishOptions, ResolveError, Resolver, RunOptions, RunStats,
    Subscription, SubscriptionId, SystemClock,
};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tempfile::TempDir;

use crate::receiver::Receiver;

/// No engine run in these tests may take longer than this; a hang fails the test instead.
pub const RUN_LIMIT: Duration = Duration::from_secs(90);

/// The backends these tests run on, from `ASYNC_EVENTS_TEST_BACKEND`: `sqlite` (the default),
/// `mysql` (the store and the SQL queue on MySQL/MariaDB at `ASYNC_EVENTS_TEST_MYSQL`, default
/// `mysql://root@127.0.0.1:3306`) or `mysql+amqp` (the store on MySQL, the queue on RabbitMQ at
/// `ASYNC_EVENTS_TEST_AMQP`). Each test gets its own database and queue, named after its
/// temporary directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    MySql,
    MySqlAmqp,
}

pub fn backend() -> Backend {
    match std::env::var("ASYNC_EVENTS_TEST_BACKEND").as_deref() {
        Err(_) | Ok("" | "sqlite") => Backend::Sqlite,
        Ok("mysql") => Backend::MySql,
        Ok("mysql+amqp") => Backend::MySqlAmqp,
        Ok(other) => panic!("ASYNC_EVENTS_TEST_BACKEND '{other}' is not sqlite, mysql or mysql+amqp"),
    }
}

pub fn broker_uri() -> String {
    std::env::var("ASYNC_EVENTS_TEST_AMQP").unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

fn mysql_server() -> String {
    std::env::var("ASYNC_EVENTS_TEST_MYSQL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into())
}

/// The DSN of `database` on the test server (MySQL backends).
pub fn mysql_database_dsn(database: &str) -> String {
    format!("{}/{database}", mysql_server())
}

/// The name of the test's own database or queue: `ae_test_` and the directory's name.
pub fn own_name(dir: &Path) -> String {
    let name = dir.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    format!("ae_test_{}", name.chars().filter(char::is_ascii_alphanumeric).collect::<String>())
}

/// The store's DSN for a test in `dir`.
pub fn store_dsn(dir: &Path) -> String {
    match backend() {
        Backend::Sqlite => format!("sqlite://{}/db.sqlite", dir.display()),
        Backend::MySql | Backend::MySqlAmqp => format!("{}/{}", mysql_server(), own_name(dir)),
    }
}

/// A configuration over the test's store in `dir` (see [`prepare`]): loopback allowed, plus
/// `overrides`.
pub fn config(dir: &Path, overrides: Value) -> Config {
    let mut settings = json!({
        "store_dsn": store_dsn(dir),
        "key_file": dir.join("tokens.key"),
        "index_path": dir.join("index"),
        "ssrf_allow": ["127.0.0.1"],
    });
    if backend() == Backend::MySqlAmqp {
        let queue = own_name(dir);
        settings.as_object_mut().unwrap().extend([
            ("queue_dsn".to_string(), json!(broker_uri())),
            ("amqp_queue".to_string(), json!(queue)),
            ("amqp_routing_key".to_string(), json!(queue)),
            ("amqp_failover_namespace".to_string(), json!(queue)),
        ]);
    }
    let Value::Object(overrides) = overrides else { panic!("overrides must be an object") };
    settings.as_object_mut().unwrap().extend(overrides);
    Config::load_from(Vec::new(), settings).expect("a valid test configuration")
}

/// Creates the test's database in `dir`'s name on MySQL (SQLite creates its file itself).
pub async fn prepare(dir: &Path) {
    if backend() != Backend::Sqlite {
        let server = raw_pool(&format!("{}/mysql", mysql_server())).await;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE IF NOT EXISTS {}", own_name(dir)))).execute(&server).await.expect("create the test database");
        server.close().await;
    }
}

/// Opens the core over a new store in `dir`.
pub async fn open(dir: &Path, overrides: Value) -> AsyncEvents {
    prepare(dir).await;
    AsyncEvents::open(config(dir, overrides)).await.expect("open the store")
}

/// A connection pool of its own on a database, as another process would have.
pub async fn raw_pool(dsn: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new().max_connections(1).connect(dsn).await.expect("open the database")
}

pub struct Setup {
    pub dir: TempDir,
    pub events: AsyncEvents,
    pub receiver: Receiver,
}

impl Setup {
    pub async fn new(overrides: Value) -> Self {
        Self::with_clock(overrides, Arc::new(SystemClock)).await
    }

    pub async fn with_clock(overrides: Value, clock: Arc<dyn Clock>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        prepare(dir.path()).await;
        let events = AsyncEvents::open_with_clock(config(dir.path(), overrides), clock).await.expect("open the store");
        let receiver = Receiver::start().await;
        Self { dir, events, receiver }
    }

    /// A connection pool of its own on the test's store.
    pub async fn store_pool(&self) -> sqlx::AnyPool {
        raw_pool(&store_dsn(self.dir.path())).await
    }

    /// Subscribes the receiver's `path` to `event` for every store.
    pub async fn subscribe(&self, event: &str, path: &str, token: &str) -> Subscription {
        self.subscribe_with(new_subscription(event, &self.receiver.url(path), token)).await
    }

    pub async fn subscribe_with(&self, new: NewSubscription) -> Subscription {
        self.events.create_subscription(new).await.expect("create a subscription")
    }

    pub async fn publish(&self, event: &str, arguments: Value, store_id: u32) -> EventUuid {
        self.events.publish(publication(event, arguments, store_id)).await.expect("publish")
    }

    /// Runs the trigger consumer with the echo resolver until everything is delivered or dead-lettered.
    pub async fn drain(&self) -> RunStats {
        self.run(&mut echo, &drain_options()).await
    }

    pub async fn run(&self, resolver: &mut dyn Resolver, options: &RunOptions) -> RunStats {
        let stop = AtomicBool::new(false);
        tokio::time::timeout(RUN_LIMIT, self.events.engine().run(Some(resolver), options, &stop))
            .await
            .expect("the engine run finishes in time")
            .expect("the engine run succeeds")
    }

    pub async fn trace(&self, uuid: &EventUuid) -> Trace {
        self.events.trace(uuid).await.expect("a trace")
    }

    pub async fn dead_letters(&self, kind: DeadLetterKind) -> Vec<DeadLetter> {
        self.events.dead_letters(kind, 1000, 0).await.expect("dead letters").items
    }

    /// Deliveries not finished yet and messages not yet acked.
    pub async fn backlog(&self) -> (i64, i64) {
        let pending = self.events.store().pending_deliveries().await.unwrap();
        (pending, self.events.queue_depth().await.unwrap())
    }
}

/// An event to publish, without options.
pub fn publication(event: &str, arguments: Value, store_id: u32) -> Publication {
    Publication { event_name: event.to_string(), arguments: arguments.to_string(), store_id, options: PublishOptions::default() }
}

pub fn new_subscription(event: &str, url: &str, token: &str) -> NewSubscription {
    NewSubscription {
        event_name: event.to_string(),
        recipient_url: url.to_string(),
        verification_token: Secret::new(token),
        metadata: "http".to_string(),
        store_id: 0,
        status: true,
        connect_timeout_ms: None,
        timeout_ms: None,
    }
}

/// The resolver of these tests: the payload is the published arguments, unchanged.
pub fn echo(event: &Envelope) -> Result<String, ResolveError> {
    Ok(event.arguments.get().to_string())
}

pub fn drain_options() -> RunOptions {
    RunOptions { drain: true, poll_interval_ms: 20, ..Default::default() }
}

pub fn subscription_trace(trace: &Trace, id: SubscriptionId) -> &SubscriptionTrace {
    trace
        .subscriptions
        .iter()
        .find(|s| s.subscription_id == id.0)
        .unwrap_or_else(|| panic!("subscription {id} is not in the trace: {trace:#?}"))
}

pub fn attempts_of(trace: &Trace, id: SubscriptionId) -> Vec<&Attempt> {
    trace.attempts.iter().filter(|a| a.subscription_id == id.0).collect()
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// `x-magento-signature` as a receiver verifies it: hex HMAC-SHA256(token, body).
pub fn expected_magento_signature(token: &str, body: &[u8]) -> String {
    hex::encode(hmac(token.as_bytes(), body))
}

/// `webhook-signature` as a Standard Webhooks receiver verifies it.
pub fn expected_webhook_signature(token: &str, id: &str, timestamp: &str, body: &[u8]) -> String {
    let mut signed = format!("{id}.{timestamp}.").into_bytes();
    signed.extend_from_slice(body);
    format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(hmac(token.as_bytes(), &signed)))
}
