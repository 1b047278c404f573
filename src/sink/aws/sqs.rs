//! Amazon SQS's SendMessageBatch: one message per delivery (the CloudEvent as its body, the
//! event name and uuid as message attributes; on a FIFO queue the event name as group and the
//! uuid as deduplication id), and each message's result from the answer.

use serde_json::{json, Value};

use super::EntryResult;
use super::request::retryable;

pub const SERVICE: &str = "sqs";
pub const TARGET: &str = "AmazonSQS.SendMessageBatch";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

/// The message of one delivery (its `Id` is set by [`request`]).
pub fn entry(queue_url: &str, event_name: &str, uuid: &str, cloud_event: &str) -> Value {
    let mut message = json!({
        "MessageBody": cloud_event,
        "MessageAttributes": {
            "event_name": { "DataType": "String", "StringValue": event_name },
            "uuid": { "DataType": "String", "StringValue": uuid },
        },
    });
    if queue_url.ends_with(".fifo") {
        message["MessageGroupId"] = json!(event_name);
        message["MessageDeduplicationId"] = json!(uuid);
    }
    message
}

/// The request body for `entries` (all to `queue_url`), each numbered by its position.
pub fn request(queue_url: &str, entries: &[Value]) -> Vec<u8> {
    let entries: Vec<Value> = entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let mut entry = entry.clone();
            entry["Id"] = json!(i.to_string());
            entry
        })
        .collect();
    json!({ "QueueUrl": queue_url, "Entries": entries }).to_string().into_bytes()
}

/// The result of each message, in order, from `Successful` and `Failed` (matched by `Id`). A
/// failure that is not the sender's fault is AWS's, and retried.
pub fn results(answer: &Value, count: usize) -> Vec<EntryResult> {
    let by_id = |list: &str, i: usize| {
        answer.get(list).and_then(Value::as_array).and_then(|items| items.iter().find(|m| m.get("Id").and_then(Value::as_str) == Some(&i.to_string())))
    };
    (0..count)
        .map(|i| {
            if let Some(sent) = by_id("Successful", i) {
                return EntryResult::Sent(sent.to_string());
            }
            match by_id("Failed", i) {
                Some(failed) => {
                    let code = failed.get("Code").and_then(Value::as_str).unwrap_or("UnknownError");
                    let senders_fault = failed.get("SenderFault").and_then(Value::as_bool).unwrap_or(true);
                    let code = if !senders_fault && !retryable(code) { "InternalError" } else { code };
                    EntryResult::Failed {
                        code: code.to_string(),
                        message: failed.get("Message").and_then(Value::as_str).unwrap_or_default().to_string(),
                    }
                }
                None => EntryResult::Failed { code: "InternalError".into(), message: "SendMessageBatch answered without this message".into() },
            }
        })
        .collect()
}

/// The region a queue URL names (`https://sqs.eu-west-1.amazonaws.com/123456789012/orders`,
/// or the legacy `https://eu-west-1.queue.amazonaws.com/...`).
pub fn region_of(queue_url: &str) -> Option<String> {
    let host = url::Url::parse(queue_url).ok()?.host_str()?.to_string();
    let labels: Vec<&str> = host.split('.').collect();
    match labels.as_slice() {
        ["sqs", region, "amazonaws", ..] | [region, "queue", "amazonaws", ..] if super::is_region(region) => Some(region.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_queue_gets_a_group_and_the_uuid_as_deduplication_id() {
        let standard = entry("https://sqs.eu-west-1.amazonaws.com/1/orders", "sales.order.created", "u-1", "{}");
        assert!(standard.get("MessageGroupId").is_none());
        let fifo = entry("https://sqs.eu-west-1.amazonaws.com/1/orders.fifo", "sales.order.created", "u-1", "{}");
        assert_eq!(fifo["MessageGroupId"], "sales.order.created");
        assert_eq!(fifo["MessageDeduplicationId"], "u-1");
        assert_eq!(fifo["MessageAttributes"]["uuid"]["StringValue"], "u-1");
    }

    #[test]
    fn each_message_gets_its_result_by_id() {
        let answer = json!({
            "Successful": [{"Id": "1", "MessageId": "m1"}],
            "Failed": [{"Id": "0", "SenderFault": false, "Code": "ServiceUnavailable", "Message": "later"},
                       {"Id": "2", "SenderFault": true, "Code": "InvalidMessageContents", "Message": "bad"}],
        });
        let results = results(&answer, 3);
        assert_eq!(results[0], EntryResult::Failed { code: "ServiceUnavailable".into(), message: "later".into() });
        assert_eq!(results[1], EntryResult::Sent(r#"{"Id":"1","MessageId":"m1"}"#.into()));
        assert_eq!(results[2], EntryResult::Failed { code: "InvalidMessageContents".into(), message: "bad".into() });
    }

    #[test]
    fn the_region_comes_from_the_queue_url() {
        assert_eq!(region_of("https://sqs.eu-west-1.amazonaws.com/1/orders").as_deref(), Some("eu-west-1"));
        assert_eq!(region_of("https://us-east-2.queue.amazonaws.com/1/orders").as_deref(), Some("us-east-2"));
        assert_eq!(region_of("http://127.0.0.1:5000/1/orders"), None);
    }
}
