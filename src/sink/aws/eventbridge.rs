//! Amazon EventBridge's PutEvents: one entry per delivery (`Source` from the settings,
//! `DetailType` the event name, `Detail` the CloudEvent, `EventBusName` the subscription's
//! recipient: a bus name or ARN), and each entry's result from the answer.

use serde_json::{json, Value};

use super::EntryResult;

pub const SERVICE: &str = "events";
pub const TARGET: &str = "AWSEvents.PutEvents";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The entry of one delivery.
pub fn entry(source: &str, event_name: &str, cloud_event: &str, bus: &str) -> Value {
    json!({ "Source": source, "DetailType": event_name, "Detail": cloud_event, "EventBusName": bus })
}

/// The request body for `entries` (all to the same bus).
pub fn request(entries: &[Value]) -> Vec<u8> {
    json!({ "Entries": entries }).to_string().into_bytes()
}

/// The result of each entry, in order: `Entries[i]` has an `EventId` or an `ErrorCode`.
pub fn results(answer: &Value, count: usize) -> Vec<EntryResult> {
    let entries = answer.get("Entries").and_then(Value::as_array);
    (0..count)
        .map(|i| match entries.and_then(|e| e.get(i)) {
            Some(entry) => match entry.get("ErrorCode").and_then(Value::as_str) {
                Some(code) => EntryResult::Failed {
                    code: code.to_string(),
                    message: entry.get("ErrorMessage").and_then(Value::as_str).unwrap_or_default().to_string(),
                },
                None => EntryResult::Sent(entry.to_string()),
            },
            None => EntryResult::Failed { code: "InternalFailure".into(), message: "PutEvents answered without this entry".into() },
        })
        .collect()
}

/// The region an event bus ARN names (`arn:aws:events:eu-west-1:123456789012:event-bus/orders`).
pub fn region_of(bus: &str) -> Option<&str> {
    let mut parts = bus.split(':');
    (parts.next() == Some("arn")).then(|| parts.nth(2)).flatten().filter(|r| !r.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_entry_gets_its_result() {
        let answer = json!({"FailedEntryCount": 1, "Entries": [{"EventId": "e1"}, {"ErrorCode": "ThrottlingException", "ErrorMessage": "slow down"}]});
        let results = results(&answer, 3);
        assert_eq!(results[0], EntryResult::Sent(r#"{"EventId":"e1"}"#.into()));
        assert_eq!(results[1], EntryResult::Failed { code: "ThrottlingException".into(), message: "slow down".into() });
        assert!(matches!(&results[2], EntryResult::Failed { code, .. } if code == "InternalFailure"));
    }

    #[test]
    fn the_region_comes_from_an_arn_not_a_name() {
        assert_eq!(region_of("arn:aws:events:eu-west-1:123456789012:event-bus/orders"), Some("eu-west-1"));
        assert_eq!(region_of("orders"), None);
    }
}
