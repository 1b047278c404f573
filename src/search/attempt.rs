//! An attempt as search sees it: named values taken from a log row and its payload, the one
//! model that both the index and the plain scan match queries against ([`visit_attempt`]
//! names them; [`SearchedAttempt`] holds them for the scan).
//!
//! The names:
//! - the row's columns: `log_id`, `uuid`, `subscription_id`, `event_name`, `store_id`,
//!   `attempt`, `trigger` (`publish`, `retry`, `replay`), `success` (`true`/`false`),
//!   `duration_ms`, `created` (`2024-01-15 10:30:00.000`, UTC; date ranges read it as a date),
//!   `http_status` (absent when no response came), `error_code` (absent on success),
//!   `correlation_id`, `traceparent` and its `trace_id` (absent on rows written before they
//!   were kept, and on the reference module's);
//! - the payload under `data.data.`: the reference module indexes its `serialized_data`,
//!   a `{"data": payload}` envelope, as the field `data`, so its users write
//!   `data.data.customer_email`; our log stores the payload alone, and its fields get the same
//!   names. Nested objects become dotted names (`data.data.billing_address.city`); a payload
//!   that is not an object is the single value `data.data`.
//!
//! Values: strings are text, numbers are numbers, booleans are the text `true`/`false`;
//! nulls, arrays (with everything inside them) and keys that are empty or hold the control
//! characters U+0000 or U+0001 are not searchable. A key that appears twice in an object keeps
//! both values. A payload that is not JSON has no searchable values.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::query::{Document, FieldValue};
use crate::store::LogRow;

/// The fields searched by a clause that names none: `*.created` finds event names.
pub const DEFAULT_FIELDS: &[&str] = &["event_name"];

/// The name the payload's own fields are prefixed with.
pub const PAYLOAD_FIELD: &str = "data.data";

/// One searchable value, borrowed while it is visited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Text(&'a str),
    Number(f64),
}

/// Calls `visit` with the name and value of each searchable value of `row`: its columns, then
/// its payload's fields in the payload's order. Returns `false` when the payload is not JSON:
/// the payload values visited before the error must then be dropped.
pub fn visit_attempt(row: &LogRow, visit: &mut dyn FnMut(&str, Value<'_>)) -> bool {
    let number = |value: f64| Value::Number(value);
    visit("log_id", number(row.log_id as f64));
    visit("uuid", Value::Text(&row.uuid));
    visit("subscription_id", number(row.subscription_id as f64));
    visit("event_name", Value::Text(&row.event_name));
    visit("store_id", number(f64::from(row.store_id)));
    visit("attempt", number(f64::from(row.attempt)));
    visit("trigger", Value::Text(&row.trigger));
    visit("success", Value::Text(if row.success { "true" } else { "false" }));
    visit("duration_ms", number(row.duration_ms as f64));
    visit("created", Value::Text(&row.created));
    if let Some(status) = row.http_status {
        visit("http_status", number(f64::from(status)));
    }
    if let Some(code) = &row.error_code {
        visit("error_code", Value::Text(code));
    }
    if let Some(correlation_id) = &row.correlation_id {
        visit("correlation_id", Value::Text(correlation_id));
    }
    if let Some(traceparent) = &row.traceparent {
        visit("traceparent", Value::Text(traceparent));
        // `00-{trace id}-{parent id}-{flags}`: the trace id is what tracing tools show.
        if let Some(trace_id) = traceparent.split('-').nth(1) {
            visit("trace_id", Value::Text(trace_id));
        }
    }
    let mut name = String::from(PAYLOAD_FIELD);
    let mut json = serde_json::Deserializer::from_str(&row.payload);
    Walk { name: &mut name, visit }.deserialize(&mut json).and_then(|()| json.end()).is_ok()
}

/// Visits one JSON value named `name`, reading it straight from the text (no value tree).
struct Walk<'a> {
    name: &'a mut String,
    visit: &'a mut dyn FnMut(&str, Value<'_>),
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, flag: bool) -> Result<(), E> {
        (self.visit)(self.name, Value::Text(if flag { "true" } else { "false" }));
        Ok(())
    }

    fn visit_i64<E: serde::de::Error>(self, number: i64) -> Result<(), E> {
        self.visit_f64(number as f64)
    }

    fn visit_u64<E: serde::de::Error>(self, number: u64) -> Result<(), E> {
        self.visit_f64(number as f64)
    }

    fn visit_f64<E: serde::de::Error>(self, number: f64) -> Result<(), E> {
        (self.visit)(self.name, Value::Number(number));
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<(), E> {
        (self.visit)(self.name, Value::Text(text));
        Ok(())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while items.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        let parent = self.name.len();
        while let Some(searchable) = members.next_key_seed(AppendKey(self.name))? {
            if searchable {
                members.next_value_seed(Walk { name: self.name, visit: self.visit })?;
                self.name.truncate(parent);
            } else {
                members.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// Appends `.key` to a name, unless the key is not searchable (then says so).
struct AppendKey<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for AppendKey<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for AppendKey<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<bool, E> {
        if key.is_empty() || key.contains(['\u{0}', '\u{1}']) {
            return Ok(false);
        }
        self.0.push('.');
        self.0.push_str(key);
        Ok(true)
    }
}

/// One value, owned.
#[derive(Debug, Clone, PartialEq)]
pub enum Leaf {
    Text(String),
    Number(f64),
}

/// An attempt's values by field name, for the plain scan.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchedAttempt {
    pub log_id: i64,
    pub fields: Vec<(String, Leaf)>,
}

impl SearchedAttempt {
    pub fn from_row(row: &LogRow) -> Self {
        let mut fields = Vec::with_capacity(32);
        let mut columns = None;
        let is_json = visit_attempt(row, &mut |name, value| {
            if columns.is_none() && name.starts_with(PAYLOAD_FIELD) {
                columns = Some(fields.len());
            }
            let leaf = match value {
                Value::Text(text) => Leaf::Text(text.to_string()),
                Value::Number(number) => Leaf::Number(number),
            };
            fields.push((name.to_string(), leaf));
        });
        if let (false, Some(columns)) = (is_json, columns) {
            fields.truncate(columns);
        }
        Self { log_id: row.log_id, fields }
    }
}

impl Document for SearchedAttempt {
    fn values(&self, field: &str) -> Vec<FieldValue<'_>> {
        self.fields
            .iter()
            .filter(|(name, _)| name == field)
            .map(|(_, leaf)| match leaf {
                Leaf::Text(text) => FieldValue::Text(Cow::Borrowed(text)),
                Leaf::Number(number) => FieldValue::Number(*number),
            })
            .collect()
    }

    fn default_fields(&self) -> Vec<&str> {
        DEFAULT_FIELDS.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::{matches, parse};

    fn row(payload: &str) -> LogRow {
        LogRow {
            log_id: 7,
            uuid: "0190a0b0-0000-7000-8000-000000000007".into(),
            subscription_id: 3,
            event_name: "sales.order.created".into(),
            store_id: 1,
            attempt: 2,
            trigger: "retry".into(),
            success: false,
            http_status: Some(503),
            duration_ms: 120,
            error_code: Some("E_HTTP_STATUS".into()),
            error: Some("503 Service Unavailable".into()),
            response_data: "busy".into(),
            created: "2024-01-15 10:30:00.000".into(),
            next_attempt_at: None,
            correlation_id: Some("checkout-9".into()),
            traceparent: Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".into()),
            payload: payload.into(),
        }
    }

    fn names(attempt: &SearchedAttempt) -> Vec<&str> {
        attempt.fields.iter().map(|(name, _)| name.as_str()).collect()
    }

    fn payload_names(attempt: &SearchedAttempt) -> Vec<&str> {
        names(attempt).into_iter().filter(|n| n.starts_with("data.")).collect()
    }

    #[test]
    fn columns_come_first_then_the_payload_in_its_order_under_data_data() {
        let attempt = SearchedAttempt::from_row(&row(r#"{"customer_email":"roni_cost@example.com","billing":{"city":"Austin"}}"#));
        assert_eq!(
            names(&attempt),
            [
                "log_id", "uuid", "subscription_id", "event_name", "store_id", "attempt", "trigger", "success",
                "duration_ms", "created", "http_status", "error_code", "correlation_id", "traceparent", "trace_id",
                "data.data.customer_email", "data.data.billing.city"
            ]
        );
        assert_eq!(attempt.values("trace_id"), [FieldValue::Text(Cow::Borrowed("4bf92f3577b34da6a3ce929d0e0e4736"))]);
        assert_eq!(attempt.values("data.data.billing.city"), [FieldValue::Text(Cow::Borrowed("Austin"))]);
        assert_eq!(attempt.values("http_status"), [FieldValue::Number(503.0)]);
        assert_eq!(attempt.values("success"), [FieldValue::Text(Cow::Borrowed("false"))]);
    }

    #[test]
    fn arrays_nulls_and_odd_keys_are_left_out_and_booleans_are_text() {
        let attempt = SearchedAttempt::from_row(&row(
            r#"{"items":[{"sku":"MJ01"}],"note":null,"":1,"a\u0000b":2,"paid":true,"total":10.5,"big":18446744073709551616}"#,
        ));
        assert_eq!(payload_names(&attempt), ["data.data.paid", "data.data.total", "data.data.big"]);
        assert_eq!(attempt.values("data.data.paid"), [FieldValue::Text(Cow::Borrowed("true"))]);
        assert_eq!(attempt.values("data.data.big"), [FieldValue::Number(18446744073709551616.0)]);
    }

    #[test]
    fn escaped_text_is_read_and_repeated_keys_keep_every_value() {
        let attempt = SearchedAttempt::from_row(&row(r#"{"note":"say \"hi\"\n","a":{"b":1},"a.b":2,"note":"again"}"#));
        assert_eq!(
            attempt.values("data.data.note"),
            [FieldValue::Text(Cow::Borrowed("say \"hi\"\n")), FieldValue::Text(Cow::Borrowed("again"))]
        );
        assert_eq!(attempt.values("data.data.a.b"), [FieldValue::Number(1.0), FieldValue::Number(2.0)]);
    }

    #[test]
    fn a_scalar_payload_is_data_data_and_bad_json_has_no_payload() {
        let scalar = SearchedAttempt::from_row(&row("42"));
        assert_eq!(scalar.values("data.data"), [FieldValue::Number(42.0)]);
        for broken in [r#"{"a":"kept?", oops}"#, r#"{"a":1} trailing"#, ""] {
            assert!(payload_names(&SearchedAttempt::from_row(&row(broken))).is_empty(), "{broken}");
        }
    }

    #[test]
    fn the_issue_examples_match_through_the_plain_scan() {
        let attempt = SearchedAttempt::from_row(&row(r#"{"customer_email":"roni_cost@example.com","increment_id":"CK000123"}"#));
        for query in [
            "data.data.customer_email: roni_cost@example.com",
            "data.data.increment_id: CK* AND success: false",
            "*.created",
            "uuid:0190a0b0-0000-7000-8000-000000000007",
        ] {
            let parsed = parse(query).unwrap_or_else(|e| panic!("{}", e.render(query)));
            assert!(matches(&parsed, &attempt), "{query}");
        }
        assert!(!matches(&parse("event_name: customer.*").expect("parses"), &attempt));
    }
}
