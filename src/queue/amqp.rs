//! The RabbitMQ queue (lapin): published events go to the topic exchange `magento` with the
//! routing key `event.trigger`, bound to the queue `event.trigger`, as the reference module
//! names them. Messages are persistent; `publish` hands them to the connection and returns,
//! and `flush` awaits every broker confirm (a nack, an unroutable message or a timeout is an
//! error naming the events). The consumer side has a bounded prefetch and acks a message only
//! after its hand-off to the store has committed. A lost connection (broker restart) is
//! rebuilt on the next call, with back-off; what was not acked is redelivered by the broker.
//! The back-off's delay and retry queues (`backoff`) are declared with the rest.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicGetOptions, BasicPublishOptions, BasicQosOptions, ConfirmSelectOptions, ExchangeDeclareOptions,
    QueueBindOptions, QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{BasicProperties, Channel, Confirmation, Connection, ConnectionProperties, Consumer, ExchangeKind, PublisherConfirm};

use super::backoff::{BackoffTopology, KILL_KEY, RETRY_KEY};
use crate::config::Config;
use crate::delivery::RetryMessage;
use crate::envelope::ClaimedMessage;
use crate::secret::redact_password;
use crate::envelope::Envelope;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::Confirms;

/// Where the queue lives and how it is declared.
#[derive(Debug, Clone)]
pub struct AmqpSettings {
    /// `amqp://user:password@host:port/vhost` (`%2f` for the default vhost).
    pub uri: String,
    pub exchange: String,
    pub queue: String,
    pub routing_key: String,
    /// Declare `x-queue-type: quorum` (for clusters); classic otherwise.
    pub quorum: bool,
    /// Unacked messages the consumer holds at most.
    pub prefetch: u16,
    pub confirm_timeout: Duration,
    pub backoff: BackoffTopology,
}

impl AmqpSettings {
    /// RabbitMQ's settings when `queue_dsn` names a broker; `None` for the SQL queue.
    pub fn from_config(config: &Config) -> Result<Option<Self>> {
        let Some(uri) = config.amqp_uri()? else { return Ok(None) };
        Ok(Some(Self {
            uri: uri.to_string(),
            exchange: config.amqp_exchange.clone(),
            queue: config.amqp_queue.clone(),
            routing_key: config.amqp_routing_key.clone(),
            quorum: config.amqp_quorum,
            prefetch: config.amqp_prefetch,
            confirm_timeout: Duration::from_millis(config.confirm_timeout_ms),
            backoff: BackoffTopology::new(&config.amqp_failover_namespace, &config.retry_policy()),
        }))
    }

    /// The same broker, consuming the back-off's retry queue.
    pub fn for_retry_queue(&self) -> Self {
        Self {
            exchange: self.backoff.exchange.clone(),
            queue: self.backoff.retry_queue.clone(),
            routing_key: RETRY_KEY.to_string(),
            ..self.clone()
        }
    }
}

struct Session {
    /// The connection of the channels; also opens the consumer's and the declare steps' own.
    connection: Connection,
    publisher: Channel,
    consumer: Option<(Channel, Consumer)>,
    /// Every delivery tag of the consumer's channel up to this one is acked (see `ack`).
    acked_through: u64,
    generation: u64,
}

/// A message to publish.
struct Outgoing<'a> {
    exchange: &'a str,
    routing_key: &'a str,
    uuid: &'a str,
    body: String,
    properties: BasicProperties,
}

/// A publish awaiting its confirm.
struct Pending {
    uuid: String,
    confirm: PublisherConfirm,
}

pub struct AmqpQueue {
    settings: AmqpSettings,
    session: tokio::sync::Mutex<Option<Session>>,
    pending: Mutex<Vec<Pending>>,
    generations: AtomicU64,
    /// Broker confirms waited for by `flush`, and those that failed (for the metrics).
    pub(crate) confirms: Confirms,
}

fn queue_error(what: &str, e: lapin::Error) -> Error {
    Error::with_source(ErrorKind::Storage, format!("RabbitMQ: {what}"), e)
}

impl AmqpQueue {
    /// Connects and declares the topology; fails at once with a clear error if the broker
    /// cannot be reached.
    pub async fn connect(settings: AmqpSettings) -> Result<Self> {
        let queue = Self::lazy(settings);
        drop(queue.live().await?);
        Ok(queue)
    }

    /// Declares the whole topology again (idempotent); returns the queues' names.
    pub async fn declare(&self) -> Result<Vec<String>> {
        let mut guard = self.live().await?;
        let Some(session) = guard.as_mut() else { return Err(no_session()) };
        if let Err(e) = declare_topology(&session.connection, &session.publisher, &self.settings).await {
            *guard = None;
            return Err(e);
        }
        let b = &self.settings.backoff;
        let mut queues = vec![self.settings.queue.clone(), b.retry_queue.clone(), b.dead_letter_queue.clone()];
        queues.extend(b.delays.iter().map(|d| b.delay_queue(*d)));
        Ok(queues)
    }

    /// A queue that connects on first use.
    pub fn lazy(settings: AmqpSettings) -> Self {
        Self {
            settings,
            session: tokio::sync::Mutex::new(None),
            pending: Mutex::new(Vec::new()),
            generations: AtomicU64::new(0),
            confirms: Confirms::default(),
        }
    }

    async fn open_session(&self) -> Result<Session> {
        let s = &self.settings;
        let connection = Connection::connect(&s.uri, ConnectionProperties::default())
            .await
            .map_err(|e| queue_error(&format!("cannot connect to {}", redact_password(&s.uri)), e))?;
        let publisher = connection.create_channel().await.map_err(|e| queue_error("cannot open a channel", e))?;
        declare_topology(&connection, &publisher, s).await?;
        publisher.confirm_select(ConfirmSelectOptions::default()).await.map_err(|e| queue_error("cannot enable confirms", e))?;
        let generation = self.generations.fetch_add(1, Ordering::SeqCst) + 1;
        tracing::info!(uri = %redact_password(&s.uri), generation, "connected to RabbitMQ");
        Ok(Session { connection, publisher, consumer: None, acked_through: 0, generation })
    }

    /// The session, opened if there is none. Callers drop it (set `None`) after an error, so
    /// the next call reconnects.
    async fn live(&self) -> Result<tokio::sync::MutexGuard<'_, Option<Session>>> {
        let mut guard = self.session.lock().await;
        if guard.is_none() {
            *guard = Some(self.open_session().await?);
        }
        Ok(guard)
    }

    /// Hands the events to the connection; their confirms are awaited by [`AmqpQueue::flush`].
    pub async fn publish(&self, envelopes: &[Envelope]) -> Result<()> {
        let exchange = self.settings.exchange.as_str();
        let outgoing = envelopes.iter().map(|envelope| {
            let properties = BasicProperties::default()
                .with_correlation_id(envelope.correlation_id.as_str().into())
                .with_priority(envelope.priority);
            Outgoing { exchange, routing_key: &self.settings.routing_key, uuid: envelope.uuid.as_str(), body: envelope.to_json(), properties }
        });
        self.send(outgoing.collect()).await
    }

    /// Hands messages `(uuid, body)` back as they were published (see `EventQueue::requeue`).
    pub async fn requeue(&self, messages: &[(&str, &str)]) -> Result<()> {
        let (exchange, routing_key) = (self.settings.exchange.as_str(), self.settings.routing_key.as_str());
        let outgoing = messages
            .iter()
            .map(|(uuid, body)| Outgoing { exchange, routing_key, uuid, body: body.to_string(), properties: BasicProperties::default() });
        self.send(outgoing.collect()).await
    }

    /// Puts failed deliveries in the delay queues of their waits and awaits the broker's
    /// confirms: once this returns, every retry is durably scheduled.
    pub async fn schedule_retries(&self, retries: &[RetryMessage], now: i64) -> Result<()> {
        let backoff = &self.settings.backoff;
        let delay_queues: Vec<String> = retries.iter().map(|retry| backoff.delay_queue_for(retry.due_at - now)).collect();
        let mut outgoing = Vec::with_capacity(retries.len());
        for (retry, delay_queue) in retries.iter().zip(&delay_queues) {
            let body = serde_json::to_string(retry).map_err(|e| Error::with_source(ErrorKind::Storage, "cannot encode a retry", e))?;
            outgoing.push(Outgoing { exchange: "", routing_key: delay_queue, uuid: &retry.uuid, body, properties: BasicProperties::default() });
        }
        self.send(outgoing).await?;
        self.flush().await
    }

    /// Publishes `messages` persistent and mandatory, keeping their confirms for
    /// [`AmqpQueue::flush`]. Every message's frames are queued before any is awaited, so the
    /// connection writes them together instead of one round trip to its I/O thread each.
    async fn send(&self, messages: Vec<Outgoing<'_>>) -> Result<()> {
        let mut guard = self.live().await?;
        let Some(session) = guard.as_mut() else { return Err(no_session()) };
        let publisher = &session.publisher;
        let uuids: Vec<String> = messages.iter().map(|m| m.uuid.to_string()).collect();
        let published = futures_util::future::join_all(messages.into_iter().map(|m| {
            let properties =
                m.properties.with_delivery_mode(2).with_content_type("application/json".into()).with_message_id(m.uuid.into());
            let options = BasicPublishOptions { mandatory: true, ..Default::default() };
            async move { publisher.basic_publish(m.exchange.into(), m.routing_key.into(), options, m.body.as_bytes(), properties).await }
        }))
        .await;
        let mut confirms = Vec::with_capacity(published.len());
        let mut failure = None;
        for (uuid, published) in uuids.into_iter().zip(published) {
            match published {
                Ok(confirm) => confirms.push(Pending { uuid, confirm }),
                Err(e) => failure = failure.or(Some(e)),
            }
        }
        // What was handed over, a failure or not, is awaited by flush().
        self.pending.lock().unwrap_or_else(|p| p.into_inner()).extend(confirms);
        match failure {
            Some(e) => {
                *guard = None;
                Err(queue_error("cannot publish", e))
            }
            None => Ok(()),
        }
    }

    /// Waits for the broker's confirm of every event published so far.
    pub async fn flush(&self) -> Result<()> {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()));
        let waited = pending.len();
        let mut failed = Vec::new();
        for Pending { uuid, confirm } in pending {
            match tokio::time::timeout(self.settings.confirm_timeout, confirm).await {
                Ok(Ok(Confirmation::Ack(None))) | Ok(Ok(Confirmation::NotRequested)) => {}
                Ok(Ok(Confirmation::Ack(Some(_)))) => failed.push(format!("{uuid} (unroutable)")),
                Ok(Ok(Confirmation::Nack(_))) => failed.push(format!("{uuid} (nacked)")),
                Ok(Err(e)) => failed.push(format!("{uuid} ({e})")),
                Err(_) => failed.push(format!("{uuid} (no confirm within {:?})", self.settings.confirm_timeout)),
            }
        }
        self.confirms.waited.fetch_add(waited as u64, Ordering::Relaxed);
        self.confirms.failed.fetch_add(failed.len() as u64, Ordering::Relaxed);
        if failed.is_empty() {
            return Ok(());
        }
        tracing::error!(events = ?failed, "RabbitMQ did not confirm published events");
        Err(Error::new(ErrorKind::Storage, format!("RabbitMQ did not confirm {} event(s): {}", failed.len(), failed.join(", "))))
    }

    /// Events published and not yet confirmed.
    pub fn unconfirmed(&self) -> usize {
        self.pending.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Takes up to `limit` messages, waiting at most `wait` for the first. A lost connection is
    /// logged and gives no messages; the next claim reconnects.
    pub async fn claim(&self, limit: usize, wait: Duration) -> Result<Vec<ClaimedMessage>> {
        let claimed = self.claim_on_session(limit, wait).await;
        match claimed {
            Ok(claimed) => Ok(claimed),
            Err(e) => {
                tracing::warn!(error = %e, "RabbitMQ unavailable; reconnecting");
                *self.session.lock().await = None;
                tokio::time::sleep(wait.max(Duration::from_millis(500))).await;
                Ok(Vec::new())
            }
        }
    }

    async fn claim_on_session(&self, limit: usize, wait: Duration) -> Result<Vec<ClaimedMessage>> {
        let s = &self.settings;
        let mut guard = self.live().await?;
        let Some(session) = guard.as_mut() else { return Err(no_session()) };
        if session.consumer.is_none() {
            let channel = session.connection.create_channel().await.map_err(|e| queue_error("cannot open a channel", e))?;
            channel.basic_qos(s.prefetch, BasicQosOptions::default()).await.map_err(|e| queue_error("cannot set prefetch", e))?;
            let consumer = channel
                .basic_consume(s.queue.as_str().into(), "".into(), BasicConsumeOptions::default(), FieldTable::default())
                .await
                .map_err(|e| queue_error("cannot consume", e))?;
            session.consumer = Some((channel, consumer));
            // A new channel numbers its deliveries from 1.
            session.acked_through = 0;
        }
        let Some((_, consumer)) = session.consumer.as_mut() else { return Err(no_session()) };
        let mut messages = Vec::new();
        match tokio::time::timeout(wait, consumer.next()).await {
            Err(_) => return Ok(Vec::new()),
            Ok(first) => messages.push(first),
        }
        while messages.len() < limit {
            match consumer.next().now_or_never() {
                Some(next) => messages.push(next),
                None => break,
            }
        }
        let generation = session.generation;
        messages
            .into_iter()
            .map(|m| match m {
                Some(Ok(delivery)) => Ok(claimed_message(delivery, generation)),
                Some(Err(e)) => Err(queue_error("the consumer failed", e)),
                None => Err(Error::new(ErrorKind::Storage, "RabbitMQ: the consumer was cancelled")),
            })
            .collect()
    }

    /// Acks messages claimed on `connection` (their [`ClaimedMessage::connection`]) once their
    /// hand-off has committed. If the channel they came from is gone (a later claim may have
    /// reconnected meanwhile), the broker redelivers them: at-least-once, with the same event uuid.
    ///
    /// Messages are claimed in delivery order, one batch at a time, so a batch usually follows
    /// the last one acked without a gap: then one ack with `multiple` covers it (one frame for
    /// the broker instead of one per message). A gap (a batch whose hand-off failed is left
    /// unacked, for the broker to redeliver) must not be covered: the batch is then acked tag by
    /// tag, and so is every later one on that channel.
    pub async fn ack(&self, connection: u64, tags: &[i64]) -> Result<()> {
        // No reconnection here: acks are only valid on the channel the messages came from.
        let mut guard = self.session.lock().await;
        let channel = guard.as_ref().filter(|s| s.generation == connection).and_then(|s| s.consumer.as_ref()).map(|(c, _)| c.clone());
        let (Some(channel), Some(session)) = (channel, guard.as_mut()) else {
            tracing::warn!(count = tags.len(), "the channel of these messages is gone; the broker will redeliver them");
            return Ok(());
        };
        let mut sorted: Vec<u64> = tags.iter().map(|tag| *tag as u64).collect();
        sorted.sort_unstable();
        let Some(&last) = sorted.last() else { return Ok(()) };
        let follows_without_gap = sorted[0] == session.acked_through + 1 && sorted.windows(2).all(|pair| pair[1] == pair[0] + 1);
        let acked = if follows_without_gap {
            let acked = channel.basic_ack(last, BasicAckOptions { multiple: true }).await;
            if acked.is_ok() {
                session.acked_through = last;
            }
            acked
        } else {
            // Every ack is queued on the connection before any is awaited.
            let each = sorted.iter().map(|tag| channel.basic_ack(*tag, BasicAckOptions::default()));
            futures_util::future::join_all(each).await.into_iter().collect::<std::result::Result<(), _>>()
        };
        if let Err(e) = acked {
            // The channel died under us (a broker restart not noticed yet): as above, the
            // broker redelivers what was not acked, and the next call reconnects.
            tracing::warn!(error = %e, count = tags.len(), "cannot ack on a dead channel; the broker will redeliver these messages");
            *guard = None;
        }
        Ok(())
    }

    /// Hands the messages of the back-off's dead-letter queue to `keep`, up to 500 at a time,
    /// acking each batch once `keep` returns; returns how many. Nothing of ours goes to that
    /// queue: what it holds, the reference module dead-lettered.
    pub async fn take_dead_letter_queue<F, Fut>(&self, mut keep: F) -> Result<u64>
    where
        F: FnMut(Vec<String>) -> Fut,
        Fut: std::future::Future<Output = Result<()>>,
    {
        let queue = self.settings.backoff.dead_letter_queue.as_str();
        let channel = {
            let guard = self.live().await?;
            let Some(session) = guard.as_ref() else { return Err(no_session()) };
            session.connection.create_channel().await.map_err(|e| queue_error("cannot open a channel", e))?
        };
        let mut taken = 0;
        loop {
            let mut bodies = Vec::new();
            let mut last_tag = None;
            while bodies.len() < 500 {
                let got = channel.basic_get(queue.into(), BasicGetOptions::default()).await.map_err(|e| queue_error(&format!("cannot read {queue}"), e))?;
                let Some(message) = got else { break };
                last_tag = Some(message.delivery.delivery_tag);
                bodies.push(String::from_utf8_lossy(&message.delivery.data).into_owned());
            }
            let Some(tag) = last_tag else { break };
            taken += bodies.len() as u64;
            keep(bodies).await?;
            channel.basic_ack(tag, BasicAckOptions { multiple: true }).await.map_err(|e| queue_error(&format!("cannot ack {queue}"), e))?;
        }
        let _ = channel.close(200, "taken".into()).await;
        Ok(taken)
    }

    /// Messages ready in the queue (not counting those delivered and unacked).
    pub async fn depth(&self) -> Result<i64> {
        self.depth_of(std::slice::from_ref(&self.settings.queue)).await
    }

    /// Messages waiting out their back-off: in the delay queues and the retry queue.
    pub async fn retries_waiting(&self) -> Result<i64> {
        let backoff = &self.settings.backoff;
        let mut queues: Vec<String> = backoff.delays.iter().map(|d| backoff.delay_queue(*d)).collect();
        queues.push(backoff.retry_queue.clone());
        self.depth_of(&queues).await
    }

    async fn depth_of(&self, queues: &[String]) -> Result<i64> {
        let mut guard = self.live().await?;
        let Some(session) = guard.as_mut() else { return Err(no_session()) };
        let mut total = 0;
        for queue in queues {
            let passive = QueueDeclareOptions { passive: true, ..Default::default() };
            match session.publisher.queue_declare(queue.as_str().into(), passive, FieldTable::default()).await {
                Ok(declared) => total += i64::from(declared.message_count()),
                Err(e) => {
                    *guard = None;
                    return Err(queue_error(&format!("cannot read the depth of {queue}"), e));
                }
            }
        }
        Ok(total)
    }
}

fn no_session() -> Error {
    Error::new(ErrorKind::Storage, "RabbitMQ: no session")
}

fn claimed_message(delivery: lapin::message::Delivery, connection: u64) -> ClaimedMessage {
    let uuid = delivery.properties.message_id().as_ref().map(|id| id.to_string()).unwrap_or_default();
    // Quorum queues count deliveries; classic queues only say whether this is a redelivery.
    let delivery_count = delivery
        .properties
        .headers()
        .as_ref()
        .and_then(|h| h.inner().get("x-delivery-count").cloned())
        .and_then(|v| match v {
            AMQPValue::LongLongInt(n) => Some(n as u32),
            AMQPValue::LongInt(n) => Some(n as u32),
            _ => None,
        });
    let claims = delivery_count.map_or(if delivery.redelivered { 2 } else { 1 }, |n| n + 1);
    ClaimedMessage {
        message_id: delivery.delivery_tag as i64,
        event_name: String::new(),
        uuid,
        body: String::from_utf8_lossy(&delivery.data).into_owned(),
        claims,
        connection,
    }
}

/// Declares the exchange, the queue and their binding, and the back-off's exchange, retry,
/// dead-letter and delay queues (idempotent).
async fn declare_topology(connection: &Connection, channel: &Channel, s: &AmqpSettings) -> Result<()> {
    let b = &s.backoff;
    declare_exchange(channel, &s.exchange).await?;
    declare_queue(channel, s, &s.queue, FieldTable::default()).await?;
    bind(channel, &s.queue, &s.exchange, &s.routing_key).await?;
    declare_exchange(channel, &b.exchange).await?;
    declare_queue(channel, s, &b.retry_queue, FieldTable::default()).await?;
    bind(channel, &b.retry_queue, &b.exchange, RETRY_KEY).await?;
    declare_queue(channel, s, &b.dead_letter_queue, FieldTable::default()).await?;
    bind(channel, &b.dead_letter_queue, &b.exchange, KILL_KEY).await?;
    for seconds in &b.delays {
        declare_delay_queue(connection, s, *seconds).await?;
    }
    Ok(())
}

/// The arguments of a delay queue of `seconds`: ours, or those the reference module's
/// RetryManager declares (an `x-expires` of twice the delay besides).
fn delay_arguments(b: &BackoffTopology, seconds: u64, reference: bool) -> FieldTable {
    let mut arguments = FieldTable::default();
    arguments.insert("x-message-ttl".into(), AMQPValue::LongLongInt(seconds as i64 * 1000));
    arguments.insert("x-dead-letter-exchange".into(), AMQPValue::LongString(b.exchange.as_str().into()));
    arguments.insert("x-dead-letter-routing-key".into(), AMQPValue::LongString(RETRY_KEY.into()));
    if reference {
        arguments.insert("x-expires".into(), AMQPValue::LongLongInt(seconds as i64 * 2000));
    }
    arguments
}

/// A delay queue, each step on a channel of its own (RabbitMQ closes a channel whose declare
/// it refuses). One the reference module declared (auto-delete, `x-expires`) makes RabbitMQ
/// refuse ours with PRECONDITION_FAILED: an empty one is replaced by ours; one that still
/// holds the reference's retries is declared again as the reference declares it (which
/// keeps it from expiring) and used as it is, since its delay and dead-lettering are ours,
/// until a later declare finds it empty.
async fn declare_delay_queue(connection: &Connection, s: &AmqpSettings, seconds: u64) -> Result<()> {
    let name = s.backoff.delay_queue(seconds);
    let queue = name.as_str();
    let ours = || with_queue_type(s, delay_arguments(&s.backoff, seconds, false));
    let durable = QueueDeclareOptions { durable: true, ..Default::default() };
    let declared = on_own_channel(connection, &format!("cannot declare queue {queue}"), |channel| async move {
        channel.queue_declare(queue.into(), durable, ours()).await.map(|_| ())
    })
    .await;
    match declared {
        Err(e) if e.precondition_failed => tracing::debug!(queue, error = %e.error, "a delay queue exists with other arguments"),
        other => return other.map_err(|e| e.error),
    }
    let replaced = on_own_channel(connection, &format!("cannot replace delay queue {queue}"), |channel| async move {
        channel.queue_delete(queue.into(), QueueDeleteOptions { if_empty: true, ..Default::default() }).await?;
        channel.queue_declare(queue.into(), durable, ours()).await.map(|_| ())
    })
    .await;
    match replaced {
        Ok(()) => {
            tracing::info!(queue, "replaced an empty delay queue of the reference module by ours");
            Ok(())
        }
        Err(e) if e.precondition_failed => {
            let reference = QueueDeclareOptions { durable: true, auto_delete: true, ..Default::default() };
            let what = format!("delay queue {queue} exists with arguments that are neither ours nor the reference module's; delete it");
            on_own_channel(connection, &what, |channel| async move {
                channel.queue_declare(queue.into(), reference, delay_arguments(&s.backoff, seconds, true)).await.map(|_| ())
            })
            .await
            .map_err(|e| e.error)?;
            tracing::warn!(queue, "the reference module's delay queue still holds retries; it is used as it is until it is empty");
            Ok(())
        }
        Err(e) => Err(e.error),
    }
}

/// An error of a step on its own channel, and whether it was RabbitMQ's PRECONDITION_FAILED.
struct ChannelError {
    error: Error,
    precondition_failed: bool,
}

/// Runs `step` on a new channel of `connection`, closed afterwards unless the step failed
/// (RabbitMQ closes it then); a failure is reported as `what`.
async fn on_own_channel<F, Fut>(connection: &Connection, what: &str, step: F) -> std::result::Result<(), ChannelError>
where
    F: FnOnce(Channel) -> Fut,
    Fut: std::future::Future<Output = lapin::Result<()>>,
{
    let failed = |e: lapin::Error| ChannelError {
        precondition_failed: matches!(e.kind(), lapin::ErrorKind::ProtocolError(amqp) if amqp.get_id() == 406),
        error: queue_error(what, e),
    };
    let channel = connection.create_channel().await.map_err(failed)?;
    step(channel.clone()).await.map_err(failed)?;
    let _ = channel.close(200, "declared".into()).await;
    Ok(())
}

async fn declare_exchange(channel: &Channel, exchange: &str) -> Result<()> {
    let durable = ExchangeDeclareOptions { durable: true, ..Default::default() };
    channel
        .exchange_declare(exchange.into(), ExchangeKind::Topic, durable, FieldTable::default())
        .await
        .map_err(|e| queue_error(&format!("cannot declare exchange {exchange}"), e))
}

/// A durable queue, a quorum queue if the settings say so.
async fn declare_queue(channel: &Channel, s: &AmqpSettings, queue: &str, arguments: FieldTable) -> Result<()> {
    channel
        .queue_declare(queue.into(), QueueDeclareOptions { durable: true, ..Default::default() }, with_queue_type(s, arguments))
        .await
        .map_err(|e| queue_error(&format!("cannot declare queue {queue}"), e))?;
    Ok(())
}

/// `arguments`, with the queue type quorum if the settings say so.
fn with_queue_type(s: &AmqpSettings, mut arguments: FieldTable) -> FieldTable {
    if s.quorum {
        arguments.insert("x-queue-type".into(), AMQPValue::LongString("quorum".into()));
    }
    arguments
}

async fn bind(channel: &Channel, queue: &str, exchange: &str, routing_key: &str) -> Result<()> {
    channel
        .queue_bind(queue.into(), exchange.into(), routing_key.into(), QueueBindOptions::default(), FieldTable::default())
        .await
        .map_err(|e| queue_error(&format!("cannot bind queue {queue}"), e))
}
