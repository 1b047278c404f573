//! The event envelope: what `publish` puts on the queue, and the event uuid that identifies
//! an event across retries and replays (it is the receiver's idempotency key).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::limits;

/// The id of one published event: a UUID v7, so ids sort by publish time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventUuid(String);

impl EventUuid {
    pub fn generate() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }

    /// Accepts any RFC 4122 uuid (replays and traces may name events published elsewhere).
    pub fn parse(text: &str) -> Result<Self> {
        uuid::Uuid::parse_str(text)
            .map(|u| Self(u.to_string()))
            .map_err(|_| Error::validation(format!("'{text}' is not a uuid")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EventUuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Optional attributes of a publish call.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublishOptions {
    /// Ties events of one business operation together; defaults to the event uuid.
    pub correlation_id: Option<String>,
    /// W3C trace context of the publishing request, passed on for distributed tracing.
    pub traceparent: Option<String>,
    /// Higher is claimed first (0 to 9, as AMQP priorities).
    pub priority: u8,
}

/// One published event, as it travels on the queue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    pub uuid: EventUuid,
    pub event_name: String,
    pub store_id: u32,
    /// The published arguments, kept as the exact JSON the publisher produced.
    pub arguments: Box<RawValue>,
    pub created_at: Millis,
    pub correlation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traceparent: Option<String>,
    #[serde(default)]
    pub priority: u8,
}

/// A published event's message claimed from the queue, before its envelope is read.
#[derive(Debug, Clone)]
pub struct ClaimedMessage {
    pub message_id: i64,
    /// The uuid and event name as the publisher's row says, known even when the body is malformed.
    pub uuid: String,
    pub event_name: String,
    /// The envelope as JSON text; it is parsed by the engine, which dead-letters it if malformed.
    pub body: String,
    /// How many times it has been claimed, this claim included.
    pub claims: u32,
    /// The broker connection it was claimed on (its session generation): its delivery tag
    /// means something only there. 0 for the SQL queue.
    pub connection: u64,
}

impl Envelope {
    /// Builds an envelope, checking what a publisher controls.
    pub fn new(
        event_name: &str,
        arguments_json: String,
        store_id: u32,
        options: PublishOptions,
        now: Millis,
    ) -> Result<Self> {
        let event_name = validate_event_name(event_name)?;
        limits::check(&format!("the arguments of '{event_name}'"), arguments_json.len(), limits::MAX_ARGUMENTS_BYTES)?;
        let arguments = RawValue::from_string(arguments_json)
            .map_err(|e| Error::validation(format!("the arguments of '{event_name}' are not JSON: {e}")))?;
        if options.priority > 9 {
            return Err(Error::validation(format!("priority {} is out of range 0..9", options.priority)));
        }
        if let Some(tp) = &options.traceparent {
            validate_traceparent(tp)?;
        }
        let uuid = EventUuid::generate();
        let correlation_id = options.correlation_id.unwrap_or_else(|| uuid.to_string());
        Ok(Self {
            uuid,
            event_name,
            store_id,
            arguments,
            created_at: now,
            correlation_id,
            traceparent: options.traceparent,
            priority: options.priority,
        })
    }

    pub fn to_json(&self) -> String {
        // An envelope holds only strings, numbers and already valid JSON: this cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| Error::validation(format!("malformed event message: {e}")))
    }

    /// Reads a queue message: our envelope, or the reference module's in the forms its
    /// ecosystem publishes (left in a queue when migrating, or still published by modules that
    /// use Magento's publisher directly): `["event.name", "<arguments as JSON>"]`, with a third
    /// element, the store id, as a string or an integer. Those get a new uuid.
    pub fn from_message(text: &str, now: Millis) -> Result<Self> {
        if text.trim_start().starts_with('[') {
            let (name, arguments, store_id) = reference_message(text)?;
            return Self::new(&name, arguments, store_id, PublishOptions::default(), now);
        }
        Self::from_json(text)
    }
}

/// The name, arguments and store id of a reference module's `event.trigger` message.
fn reference_message(text: &str) -> Result<(String, String, u32)> {
    let malformed = |why: String| Error::validation(format!("malformed event message: {why}"));
    let parts: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
    let (name, arguments, store) = match parts.as_slice() {
        [name, arguments] => (name, arguments, None),
        [name, arguments, store] => (name, arguments, Some(store)),
        _ => return Err(malformed(format!("{} elements, where the reference module writes 2 or 3", parts.len()))),
    };
    let (Some(name), Some(arguments)) = (name.as_str(), arguments.as_str()) else {
        return Err(malformed("the event name and the arguments must be strings".into()));
    };
    let store_id = match store {
        None | Some(serde_json::Value::Null) => Some(0),
        Some(value) => reference_store_id(value),
    }
    .ok_or_else(|| malformed(format!("store id {}", store.map_or_else(String::new, |s| s.to_string()))))?;
    Ok((name.to_string(), arguments.to_string(), store_id))
}

/// A store id as the reference module writes it (in its messages, and as its CloudEvents'
/// `source`): a string of digits or an integer.
pub(crate) fn reference_store_id(value: &serde_json::Value) -> Option<u32> {
    match value {
        serde_json::Value::String(text) => text.trim().parse().ok(),
        serde_json::Value::Number(number) => number.as_u64().and_then(|n| u32::try_from(n).ok()),
        _ => None,
    }
}

/// Event names as async_events.xml allows them (`[a-zA-Z0-9._-]+`), lower-cased as the reference reads them.
pub fn validate_event_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::validation("the event name is empty"));
    }
    if name.len() > 255 {
        return Err(Error::validation("the event name is longer than 255 characters"));
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))) {
        return Err(Error::validation(format!(
            "the event name '{name}' has the character '{bad}'; allowed are letters, digits, '.', '_' and '-'"
        )));
    }
    Ok(name.to_ascii_lowercase())
}

/// `version-traceid-parentid-flags`, as in W3C Trace Context.
fn validate_traceparent(tp: &str) -> Result<()> {
    let parts: Vec<&str> = tp.split('-').collect();
    let hex_len_ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    let ok = parts.len() == 4
        && hex_len_ok(parts[0], 2)
        && hex_len_ok(parts[1], 32)
        && hex_len_ok(parts[2], 16)
        && hex_len_ok(parts[3], 2);
    if ok {
        Ok(())
    } else {
        Err(Error::validation(format!("'{tp}' is not a W3C traceparent")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2_000, failure_persistence: None, ..Default::default() })]

        /// Generated queue messages, in our form and the reference module's: decoding gives an
        /// envelope or a validation error, never a panic.
        #[test]
        fn any_message_decodes_or_is_refused(
            body in r#"\PC{0,80}|\["[a-zA-Z0-9._\- ]{0,12}", ?"\PC{0,20}"(, ?("[ 0-9a-z]{0,4}"|-?[0-9]{1,12}))?\]|\{"uuid":"\PC{0,40}","event_name":"\PC{0,12}","store_id":-?[0-9]{1,11},"arguments":\PC{0,20}\}"#
        ) {
            if let Err(error) = Envelope::from_message(&body, 0) {
                proptest::prop_assert_eq!(error.kind(), crate::ErrorKind::Validation);
            }
        }
    }

    #[test]
    fn event_names_are_checked_and_lower_cased() {
        assert_eq!(validate_event_name("Sales.Order.Created").unwrap(), "sales.order.created");
        assert!(validate_event_name("  ").is_err());
        assert!(validate_event_name("sales order").unwrap_err().to_string().contains("' '"));
    }

    #[test]
    fn envelope_round_trips_with_the_exact_argument_json() {
        let env = Envelope::new("a.b", r#"{"id": 1}"#.into(), 2, PublishOptions::default(), 5).unwrap();
        let back = Envelope::from_json(&env.to_json()).unwrap();
        assert_eq!(back.arguments.get(), r#"{"id": 1}"#);
        assert_eq!(back.correlation_id, env.uuid.to_string());
        assert_eq!(back.store_id, 2);
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        assert!(Envelope::new("a", "{".into(), 0, PublishOptions::default(), 0).is_err());
        let tp = PublishOptions { traceparent: Some("00-zz".into()), ..Default::default() };
        assert!(Envelope::new("a", "[]".into(), 0, tp, 0).is_err());
        let good = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_string();
        let tp = PublishOptions { traceparent: Some(good), ..Default::default() };
        assert!(Envelope::new("a", "[]".into(), 0, tp, 0).is_ok());
    }

    #[test]
    fn the_reference_modules_messages_are_read_too() {
        let read = |text: &str| {
            let env = Envelope::from_message(text, 9).unwrap();
            (env.event_name, env.arguments.get().to_string(), env.store_id)
        };
        let expected = |store_id| ("sales.order.created".to_string(), r#"{"id":5}"#.to_string(), store_id);
        assert_eq!(read(r#"["Sales.Order.Created","{\"id\":5}","1"]"#), expected(1), "3.x: the store id as a string");
        assert_eq!(read(r#"["sales.order.created","{\"id\":5}",2]"#), expected(2), "4.x: an integer");
        assert_eq!(read(r#"["sales.order.created","{\"id\":5}"]"#), expected(0), "no store id: every store");
        assert_eq!(read(r#"["sales.order.created","{\"id\":5}",null]"#), expected(0));
        for bad in [r#"["a","{}","x"]"#, r#"["a","{}",-1]"#, r#"["a","{}",1.5]"#, r#"["a"]"#, r#"["a","{}",1,2]"#, r#"[1,"{}"]"#, r#"["a",{}]"#, "nonsense", "[}"] {
            let error = Envelope::from_message(bad, 9).unwrap_err();
            assert!(error.to_string().contains("malformed event message") || error.to_string().contains("not JSON"), "{bad}: {error}");
        }
    }

    #[test]
    fn uuids_are_version_7() {
        let u = EventUuid::generate();
        assert_eq!(uuid::Uuid::parse_str(u.as_str()).unwrap().get_version_num(), 7);
    }
}
