//! Subscriptions: who receives which event, through which sink, and the checks a
//! subscription must pass before it is saved.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use url::Url;

use crate::envelope::validate_event_name;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::limits;
use crate::ssrf::AddressPolicy;

/// The id of a subscription (`async_event_subscriber.subscription_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SubscriptionId(pub i64);

impl fmt::Display for SubscriptionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A saved subscription, as shown to users: the verification token is never part of it.
#[derive(Debug, Clone, Serialize)]
pub struct Subscription {
    pub subscription_id: SubscriptionId,
    pub event_name: String,
    pub recipient_url: String,
    pub status: bool,
    pub subscribed_at: Option<String>,
    pub modified: Option<String>,
    /// The sink that delivers it (`http`, or a sink served by a PHP notifier).
    pub metadata: String,
    /// 0 means every store.
    pub store_id: u32,
    pub connect_timeout_ms: Option<u64>,
    pub timeout_ms: Option<u64>,
    /// Why the system disabled it (for example a 410 Gone from the receiver).
    pub disabled_reason: Option<String>,
}

/// A subscription to create.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSubscription {
    pub event_name: String,
    pub recipient_url: String,
    #[serde(deserialize_with = "secret")]
    pub verification_token: Secret,
    #[serde(default = "default_sink")]
    pub metadata: String,
    #[serde(default)]
    pub store_id: u32,
    #[serde(default = "active")]
    pub status: bool,
    #[serde(default)]
    pub connect_timeout_ms: Option<u64>,
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

/// Changes to a subscription; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SubscriptionPatch {
    pub event_name: Option<String>,
    pub recipient_url: Option<String>,
    #[serde(deserialize_with = "optional_secret")]
    pub verification_token: Option<Secret>,
    pub metadata: Option<String>,
    pub store_id: Option<u32>,
    pub status: Option<bool>,
    pub connect_timeout_ms: Option<u64>,
    pub timeout_ms: Option<u64>,
}

fn default_sink() -> String {
    crate::sink::HTTP_SINK.to_string()
}

fn active() -> bool {
    true
}

fn secret<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Secret, D::Error> {
    String::deserialize(d).map(Secret::new)
}

fn optional_secret<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Secret>, D::Error> {
    Option::<String>::deserialize(d).map(|s| s.map(Secret::new))
}

/// What a subscription is checked against: the sinks that exist and the SSRF policy.
pub struct SubscriptionRules<'a> {
    pub known_sinks: &'a [String],
    /// Sinks served by PHP notifiers (the `sinks` setting): their recipients are the
    /// notifier's business, even under a built-in sink's name.
    pub notified: &'a [String],
    pub addresses: &'a AddressPolicy,
}

impl SubscriptionRules<'_> {
    pub async fn check_new(&self, new: &mut NewSubscription) -> Result<()> {
        new.event_name = validate_event_name(&new.event_name)?;
        self.check_metadata(&new.metadata)?;
        check_token(&new.verification_token)?;
        check_timeouts(new.connect_timeout_ms, new.timeout_ms)?;
        self.check_recipient(&new.recipient_url, &new.metadata).await
    }

    /// `current`: the subscription's sink and recipient, needed when the patch changes only one
    /// of them (the pair it leaves is checked, so a custom sink's recipient turned HTTP passes
    /// the SSRF guard too).
    pub async fn check_patch(&self, patch: &mut SubscriptionPatch, current: Option<(&str, &str)>) -> Result<()> {
        if let Some(name) = &patch.event_name {
            patch.event_name = Some(validate_event_name(name)?);
        }
        if let Some(metadata) = &patch.metadata {
            self.check_metadata(metadata)?;
        }
        if let Some(token) = &patch.verification_token {
            check_token(token)?;
        }
        check_timeouts(patch.connect_timeout_ms, patch.timeout_ms)?;
        if patch.recipient_url.is_none() && patch.metadata.is_none() {
            return Ok(());
        }
        let sink = patch.metadata.as_deref().or(current.map(|(sink, _)| sink)).unwrap_or(crate::sink::HTTP_SINK);
        match patch.recipient_url.as_deref().or(current.map(|(_, recipient)| recipient)) {
            Some(recipient) => self.check_recipient(recipient, sink).await,
            None => Ok(()),
        }
    }

    fn check_metadata(&self, metadata: &str) -> Result<()> {
        if self.known_sinks.iter().any(|s| s == metadata) {
            Ok(())
        } else {
            Err(Error::validation(format!(
                "metadata '{metadata}' names no known sink; known sinks: {}",
                self.known_sinks.join(", ")
            )))
        }
    }

    /// An HTTP recipient is an http(s) URL the SSRF guard lets through; a notifier's sink reads
    /// its recipient itself (an EventBridge bus, a queue's ARN ...), so it only has to be there.
    async fn check_recipient(&self, recipient: &str, sink: &str) -> Result<()> {
        if recipient.len() > 1024 {
            return Err(Error::validation("the recipient URL is longer than 1024 characters"));
        }
        let native = !self.notified.iter().any(|n| n == sink);
        match sink {
            crate::sink::HTTP_SINK => {}
            crate::sink::EVENTBRIDGE_SINK if native => return check_event_bus(recipient),
            crate::sink::SQS_SINK if native => return check_queue_url(recipient),
            _ if recipient.trim().is_empty() => return Err(Error::validation("the recipient is empty")),
            _ => return Ok(()),
        }
        let url = Url::parse(recipient).map_err(|e| Error::validation(format!("the recipient URL '{recipient}' is invalid: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::validation(format!("the recipient URL must be http or https, not '{}'", url.scheme())));
        }
        self.addresses.check_url(&url).await
    }
}

/// An EventBridge recipient: a bus name (`[A-Za-z0-9._/-]`, at most 256) or a bus ARN.
fn check_event_bus(bus: &str) -> Result<()> {
    let bus = bus.trim();
    if crate::sink::aws::is_bus(bus) {
        Ok(())
    } else {
        Err(Error::validation(format!("'{bus}' is neither an EventBridge bus name nor a bus ARN")))
    }
}

/// An SQS recipient: the queue's URL (`https://sqs.eu-west-1.amazonaws.com/123456789012/orders`).
fn check_queue_url(queue: &str) -> Result<()> {
    match Url::parse(queue.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.path().len() > 1 => Ok(()),
        _ => Err(Error::validation(format!("'{queue}' is not an SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/QUEUE)"))),
    }
}

fn check_token(token: &Secret) -> Result<()> {
    if token.expose().trim().is_empty() {
        return Err(Error::validation("the verification token is empty"));
    }
    limits::check("the verification token", token.expose().len(), limits::MAX_TOKEN_BYTES)
}

fn check_timeouts(connect_ms: Option<u64>, total_ms: Option<u64>) -> Result<()> {
    if connect_ms == Some(0) || total_ms == Some(0) {
        return Err(Error::validation("timeouts must be greater than 0"));
    }
    if let Some(total) = total_ms.filter(|t| *t > 120_000) {
        return Err(Error::validation(format!("timeout_ms {total} is over the 120000 ms limit")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn new(url: &str, metadata: &str) -> NewSubscription {
        serde_json::from_value(json!({
            "event_name": "Sales.Order.Created", "recipient_url": url,
            "verification_token": "t0ken", "metadata": metadata
        }))
        .unwrap()
    }

    #[tokio::test]
    async fn checks_url_scheme_sink_and_ssrf() {
        let sinks = vec!["http".to_string()];
        let open = AddressPolicy { disabled: false, allow: vec!["127.0.0.0/8".parse().unwrap()] };
        let rules = SubscriptionRules { known_sinks: &sinks, notified: &[], addresses: &open };

        let mut ok = new("http://127.0.0.1:9/hook", "http");
        rules.check_new(&mut ok).await.unwrap();
        assert_eq!(ok.event_name, "sales.order.created");

        let err = rules.check_new(&mut new("ftp://127.0.0.1/x", "http")).await.unwrap_err();
        assert!(err.to_string().contains("http or https"), "{err}");
        let err = rules.check_new(&mut new("http://127.0.0.1/x", "kafka")).await.unwrap_err();
        assert!(err.to_string().contains("known sink"), "{err}");

        let closed = AddressPolicy::default();
        let rules = SubscriptionRules { known_sinks: &sinks, notified: &[], addresses: &closed };
        let err = rules.check_new(&mut new("http://10.0.0.1/x", "http")).await.unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Ssrf);
    }

    #[tokio::test]
    async fn a_notifiers_recipient_is_its_own_business_but_an_http_one_is_checked() {
        let sinks = vec!["http".to_string(), "eventbridge".to_string()];
        let closed = AddressPolicy::default();
        let rules = SubscriptionRules { known_sinks: &sinks, notified: &[], addresses: &closed };
        rules.check_new(&mut new("arn:aws:events:eu-west-1:123456789012:event-bus/orders", "eventbridge")).await.unwrap();
        assert!(rules.check_new(&mut new(" ", "eventbridge")).await.is_err());

        let on_bus = Some(("eventbridge", "old-bus"));
        let mut to_bus = SubscriptionPatch { recipient_url: Some("orders-bus".into()), ..Default::default() };
        rules.check_patch(&mut to_bus, on_bus).await.unwrap();
        let err = rules.check_patch(&mut to_bus, Some(("http", "https://example.com/"))).await.unwrap_err();
        assert!(err.to_string().contains("invalid"), "{err}");
        let mut back_to_http = SubscriptionPatch { metadata: Some("http".into()), ..to_bus.clone() };
        assert!(rules.check_patch(&mut back_to_http, on_bus).await.is_err(), "the patch's own sink counts");
    }

    #[tokio::test]
    async fn a_custom_sinks_recipient_turned_http_by_its_sink_alone_is_checked() {
        let sinks = vec!["http".to_string(), "eventbridge".to_string()];
        let closed = AddressPolicy::default();
        let rules = SubscriptionRules { known_sinks: &sinks, notified: &[], addresses: &closed };
        let mut to_http = SubscriptionPatch { metadata: Some("http".into()), ..Default::default() };
        let err = rules.check_patch(&mut to_http, Some(("eventbridge", "http://169.254.169.254/latest"))).await.unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Ssrf, "{err}");
        let err = rules.check_patch(&mut to_http, Some(("eventbridge", "orders-bus"))).await.unwrap_err();
        assert!(err.to_string().contains("invalid"), "{err}");
        let mut status_only = SubscriptionPatch { status: Some(false), ..Default::default() };
        rules.check_patch(&mut status_only, None).await.unwrap();
    }

    #[tokio::test]
    async fn aws_recipients_are_a_bus_name_or_arn_and_a_queue_url() {
        let sinks: Vec<String> = crate::sink::BUILT_IN.iter().map(|s| s.to_string()).collect();
        let closed = AddressPolicy::default();
        let rules = SubscriptionRules { known_sinks: &sinks, notified: &[], addresses: &closed };
        for (sink, recipient) in [
            ("eventbridge", "orders-bus"),
            ("eventbridge", "arn:aws:events:eu-west-1:123456789012:event-bus/orders"),
            ("sqs", "https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo"),
        ] {
            rules.check_new(&mut new(recipient, sink)).await.unwrap_or_else(|e| panic!("{sink} {recipient}: {e}"));
        }
        for (sink, recipient) in [("eventbridge", "https://example.com/bus"), ("eventbridge", " "), ("sqs", "orders"), ("sqs", "https://sqs.amazonaws.com")] {
            assert!(rules.check_new(&mut new(recipient, sink)).await.is_err(), "{sink} {recipient} is refused");
        }
        let notified = vec!["eventbridge".to_string()];
        let rules = SubscriptionRules { known_sinks: &sinks, notified: &notified, addresses: &closed };
        rules.check_new(&mut new("https://example.com/bus", "eventbridge")).await.expect("a PHP notifier reads its own recipients");
    }

    #[test]
    fn an_unknown_field_is_refused() {
        let r: std::result::Result<SubscriptionPatch, _> = serde_json::from_value(json!({"recipient": "x"}));
        assert!(r.is_err());
    }
}
