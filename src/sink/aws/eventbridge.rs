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

/// The region an event bus ARN names (`arn:aws:events:eu-west-1:123456789012:event-bus/orders`);
/// `None` for a bus name or anything that is not such an ARN, read strictly: the region goes into
/// the endpoint's host name.
pub fn region_of(bus: &str) -> Option<&str> {
    match bus.split(':').collect::<Vec<_>>().as_slice() {
        ["arn", "aws", "events", region, account, resource]
            if super::is_region(region)
                && account.len() == 12
                && account.chars().all(|c| c.is_ascii_digit())
                && resource.strip_prefix("event-bus/").is_some_and(is_bus_name) =>
        {
            Some(region)
        }
        _ => None,
    }
}

/// An event bus name as EventBridge allows it: `[A-Za-z0-9._/-]`, 1 to 256 characters.
pub fn is_bus_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 256 && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'))
}

/// A recipient the `eventbridge` sink accepts: a bus name or a bus ARN.
pub fn is_bus(bus: &str) -> bool {
    is_bus_name(bus) || region_of(bus).is_some()
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

    #[test]
    fn an_arn_that_would_put_another_host_in_the_endpoint_is_refused() {
        for bus in [
            "arn:aws:events:x@10.0.0.5/:1:event-bus/y",
            "arn:aws:events:eu-west-1.evil.com/x:123456789012:event-bus/orders",
            "arn:aws:events:eu-west-1:12345:event-bus/orders",
            "arn:aws:sqs:eu-west-1:123456789012:event-bus/orders",
            "arn:aws:events:eu-west-1:123456789012:event-bus/",
        ] {
            assert!(!is_bus(bus), "{bus}");
        }
        assert!(is_bus("arn:aws:events:us-gov-west-1:123456789012:event-bus/orders") && is_bus("orders-bus"));
    }
}
