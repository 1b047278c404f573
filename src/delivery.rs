//! The delivery vocabulary every part shares: an event resolved for its subscriptions, a
//! delivery of it to one subscription (its target and its context), why it is attempted, and
//! what an attempt's completion leads to. The store keeps these, the queues carry them, the
//! sinks send them and the engine moves them; none of those owns them.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use url::Url;

use crate::clock::Millis;
use crate::envelope::{Envelope, EventUuid};
use crate::error::{Error, ErrorKind, Result};
use crate::secret::Secret;
use crate::subscription::SubscriptionId;

/// Why an attempt happens: the first delivery of a published event, a retry, or a replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Publish,
    Retry,
    Replay,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Publish => "publish",
            Trigger::Retry => "retry",
            Trigger::Replay => "replay",
        }
    }

    pub(crate) fn parse(text: &str) -> Self {
        match text {
            "retry" => Trigger::Retry,
            "replay" => Trigger::Replay,
            _ => Trigger::Publish,
        }
    }
}

/// What receivers are told of an event beside its data: when it was published, and the
/// business operation and distributed trace it belongs to (the CloudEvent's `time`,
/// `correlationid` and `traceparent`). Kept with each delivery and each recorded attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventContext {
    /// Epoch ms; 0 where it is not known (a replay from the log, a reference module's retry):
    /// the delivery is then dated when it is written.
    #[serde(default)]
    pub published_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traceparent: Option<String>,
}

impl EventContext {
    pub fn of(envelope: &Envelope) -> Self {
        Self {
            published_at: envelope.created_at,
            correlation_id: Some(envelope.correlation_id.clone()),
            traceparent: envelope.traceparent.clone(),
        }
    }

    /// The same context, dated `now` where its publication time is not known.
    pub(crate) fn dated(&self, now: Millis) -> Self {
        Self { published_at: if self.published_at > 0 { self.published_at } else { now }, ..self.clone() }
    }
}

/// Where and how a delivery is sent: the subscription as the sink needs it. Read once per
/// batch or claim and shared by that batch's deliveries to the subscription.
#[derive(Debug)]
pub struct Target {
    pub subscription_id: SubscriptionId,
    pub recipient_url: String,
    /// The verification token, or why it could not be decrypted (the store's key changed or
    /// was lost): see [`Target::signing_token`].
    pub token: std::result::Result<Secret, String>,
    pub metadata: String,
    pub active: bool,
    pub connect_timeout_ms: Option<u64>,
    pub timeout_ms: Option<u64>,
    /// `recipient_url` parsed, once per target, by the first delivery that needs it.
    url: OnceLock<std::result::Result<Url, String>>,
}

impl Target {
    pub fn new(
        subscription_id: SubscriptionId,
        recipient_url: String,
        token: std::result::Result<Secret, String>,
        metadata: String,
        active: bool,
        connect_timeout_ms: Option<u64>,
        timeout_ms: Option<u64>,
    ) -> Self {
        Self { subscription_id, recipient_url, token, metadata, active, connect_timeout_ms, timeout_ms, url: OnceLock::new() }
    }

    /// The recipient as a URL (HTTP sinks); an invalid one fails each attempt that needs it.
    pub fn url(&self) -> Result<&Url> {
        self.url
            .get_or_init(|| Url::parse(&self.recipient_url).map_err(|e| format!("the recipient URL '{}' is invalid: {e}", self.recipient_url)))
            .as_ref()
            .map_err(|why| Error::validation(why.clone()))
    }

    /// The token that signs this subscription's deliveries. An undecryptable one fails (kind
    /// `Crypto`) only the attempts that need it, which are retried: the run goes on for every
    /// other subscription, and none of this one's deliveries is lost while the key is mended.
    pub fn signing_token(&self) -> Result<&Secret> {
        self.token.as_ref().map_err(|why| Error::new(ErrorKind::Crypto, why.clone()))
    }
}

/// A claimed delivery: one event for one subscription, leased to this consumer.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub delivery_id: i64,
    pub uuid: EventUuid,
    pub event_name: String,
    pub store_id: u32,
    /// The resolved event data (JSON), the CloudEvent's `data`.
    pub payload: Arc<str>,
    pub trigger: Trigger,
    /// Failed attempts so far in this chain; this attempt is number `deaths + 1`.
    pub deaths: u32,
    pub target: Arc<Target>,
    pub context: EventContext,
    /// The body the sinks send, shared by the deliveries of one event that one hand-off
    /// leased (it does not depend on the subscription), so it is encoded once per event and
    /// hand-off; a claimed delivery has its own. The fields above it must not change once a
    /// delivery is built: its body may be encoded already, or be encoded from a sibling.
    pub body: EncodedBody,
    /// The commit of the hand-off that wrote this delivery, when the delivery was passed on
    /// to be sent before that commit ended; `None` for a delivery known to be stored.
    pub hand_off: Option<HandOffCommit>,
}

impl Delivery {
    /// Whether this delivery's row is committed: at once for a claimed one; for one sent
    /// while its hand-off committed, once that commit ends (`false` if it failed).
    pub async fn is_stored(&self) -> bool {
        match &self.hand_off {
            None => true,
            Some(commit) => commit.succeeded().await,
        }
    }

    /// Splits `items` into those whose delivery is stored and those whose hand-off did not
    /// commit, waiting for the commits still going on.
    pub async fn split_stored<T>(items: impl IntoIterator<Item = T>, delivery: impl Fn(&T) -> &Delivery) -> (Vec<T>, Vec<T>) {
        let (mut stored, mut not_stored) = (Vec::new(), Vec::new());
        for item in items {
            if delivery(&item).is_stored().await {
                stored.push(item);
            } else {
                not_stored.push(item);
            }
        }
        (stored, not_stored)
    }

    /// Whether this delivery's hand-off is already known to have failed to commit.
    pub fn hand_off_failed(&self) -> bool {
        self.hand_off.as_ref().is_some_and(HandOffCommit::failed)
    }
}

/// A request body shared by the deliveries of one event (see [`Delivery::body`]): encoded by
/// the first of them that is sent and reused by the others. The default shares nothing: the
/// body is encoded for each attempt.
#[derive(Debug, Clone, Default)]
pub struct EncodedBody(Option<Arc<OnceLock<std::result::Result<Bytes, String>>>>);

impl EncodedBody {
    /// A body for deliveries to share.
    pub fn shared() -> Self {
        Self(Some(Arc::default()))
    }

    /// The body: encoded by `encode`, unless a delivery sharing it already did. A failure to
    /// encode is kept too (the same event fails the same way), as a validation error.
    pub fn get_or_encode(&self, encode: impl FnOnce() -> Result<Vec<u8>>) -> Result<Bytes> {
        match &self.0 {
            None => encode().map(Bytes::from),
            Some(cell) => cell.get_or_init(|| encode().map(Bytes::from).map_err(|e| e.to_string())).clone().map_err(Error::validation),
        }
    }

    /// Lets go of the shared body once this delivery's attempt is made: it is freed with the
    /// last delivery that still needs it, not kept until the attempts are recorded.
    pub fn release(&mut self) {
        self.0 = None;
    }
}

/// The outcome of one hand-off's commit, as the deliveries it wrote wait for it.
#[derive(Debug, Clone)]
pub struct HandOffCommit(watch::Receiver<Option<bool>>);

/// What tells the deliveries of a hand-off how its commit ended; dropped without telling, it
/// tells them it failed.
pub struct HandOffCommitted(watch::Sender<Option<bool>>);

impl HandOffCommit {
    /// A commit not ended yet, and what ends it.
    pub fn pending() -> (HandOffCommitted, HandOffCommit) {
        let (tx, rx) = watch::channel(None);
        (HandOffCommitted(tx), HandOffCommit(rx))
    }

    /// Whether the commit has ended and failed (or was abandoned), without waiting.
    pub fn failed(&self) -> bool {
        match *self.0.borrow() {
            Some(succeeded) => !succeeded,
            None => self.0.has_changed().is_err(),
        }
    }

    /// Waits until the commit ended; whether it succeeded.
    pub async fn succeeded(&self) -> bool {
        let mut outcome = self.0.clone();
        // Closed without an outcome: the hand-off was dropped before committing.
        outcome.wait_for(Option::is_some).await.is_ok_and(|ended| *ended == Some(true))
    }
}

impl HandOffCommitted {
    pub fn ended(self, succeeded: bool) {
        // No delivery left waiting is fine.
        let _ = self.0.send(Some(succeeded));
    }
}

#[cfg(test)]
impl Delivery {
    /// A first attempt of `order.created` (payload `{}`) to an HTTP subscription, for unit tests.
    pub(crate) fn example(delivery_id: i64, subscription_id: SubscriptionId) -> Self {
        Delivery {
            delivery_id,
            uuid: EventUuid::generate(),
            event_name: "order.created".into(),
            store_id: 0,
            payload: "{}".into(),
            trigger: Trigger::Publish,
            deaths: 0,
            target: Arc::new(Target::new(
                subscription_id,
                "https://erp.example.com/hooks".into(),
                Ok(Secret::new("t")),
                "http".into(),
                true,
                None,
                None,
            )),
            context: EventContext::default(),
            body: EncodedBody::default(),
            hand_off: None,
        }
    }
}

/// An event resolved into its payload, to hand to each of its subscriptions.
pub struct Resolved {
    pub uuid: EventUuid,
    pub event_name: String,
    pub store_id: u32,
    pub payload: Arc<str>,
    pub context: EventContext,
    pub subscriptions: Vec<SubscriptionId>,
    /// Those of `subscriptions` that the handing run sends itself, without a claim: their
    /// deliveries are written already leased to it (see [`Store::hand_off`](crate::store::Store::hand_off)).
    pub leased: Vec<SubscriptionId>,
}

/// What happens to a delivery once its attempt is recorded.
#[derive(Debug, Clone, PartialEq)]
pub enum NextAction {
    /// Delivered, or a failure that is final: the delivery is finished.
    Done,
    RetryAt(Millis),
    DeadLetter { reason: String },
    /// The receiver said the subscription is gone (410): disable it and dead-letter the event.
    DisableSubscription { reason: String },
}

/// Where a failed delivery waits out its back-off; the event queue decides it once, when the
/// core opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryPath {
    /// As a delivery of the store with a due time (the SQL queue).
    InStore,
    /// On RabbitMQ's delay queues, confirmed before the attempt is recorded; the store's
    /// delivery is then finished.
    OnBroker,
}

/// The result of one attempt, as written to `async_event_subscriber_log`.
#[derive(Debug, Clone)]
pub struct Completion {
    pub delivery: Delivery,
    pub success: bool,
    pub http_status: Option<u16>,
    pub duration_ms: u64,
    pub response_data: String,
    pub error_code: Option<&'static str>,
    pub error: Option<String>,
    pub attempted_at: Millis,
    pub next: NextAction,
}

/// A delivery waiting out its back-off on the broker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryMessage {
    pub uuid: String,
    pub subscription_id: i64,
    pub event_name: String,
    pub store_id: u32,
    /// The resolved payload (JSON text).
    pub payload: String,
    /// Failed attempts so far.
    pub deaths: u32,
    /// When the next attempt is due (epoch ms).
    pub due_at: i64,
    #[serde(default)]
    pub context: EventContext,
}

#[cfg(test)]
mod tests {
    use super::HandOffCommit;

    #[test]
    fn a_hand_off_commit_is_failed_once_it_ended_badly_or_was_abandoned() {
        let (committed, commit) = HandOffCommit::pending();
        assert!(!commit.failed(), "still committing");
        committed.ended(true);
        assert!(!commit.failed());
        let (committed, commit) = HandOffCommit::pending();
        committed.ended(false);
        assert!(commit.failed());
        let (committed, commit) = HandOffCommit::pending();
        drop(committed);
        assert!(commit.failed(), "a hand-off dropped before its commit ended");
    }
}
