//! The HTTP body: a CloudEvents 1.0 structured JSON event, as the reference module sends it,
//! with the event's context added: `time` (when it was published, RFC 3339 UTC) and the
//! extension attributes `correlationid` and `traceparent` (the CloudEvents distributed-tracing
//! extension) when the event has them. A receiver written for the reference ignores them.

use bytes::Bytes;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::delivery::Delivery;

/// The context attributes of `delivery`'s CloudEvent, in the order of the body (`data` follows).
pub fn attributes(delivery: &Delivery) -> Vec<(&'static str, Value)> {
    let mut attributes = vec![
        ("specversion", Value::from("1.0")),
        ("id", Value::from(delivery.uuid.as_str())),
        ("source", Value::from(delivery.store_id.to_string())),
        ("type", Value::from(delivery.event_name.as_str())),
        ("datacontenttype", Value::from("application/json")),
    ];
    let context = &delivery.context;
    if let Some(time) = chrono::DateTime::from_timestamp_millis(context.published_at).filter(|_| context.published_at > 0) {
        attributes.push(("time", Value::from(time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))));
    }
    if let Some(correlation_id) = &context.correlation_id {
        attributes.push(("correlationid", Value::from(correlation_id.as_str())));
    }
    if let Some(traceparent) = &context.traceparent {
        attributes.push(("traceparent", Value::from(traceparent.as_str())));
    }
    attributes
}

/// The body of `delivery`'s event, encoded by the first of the event's deliveries that needs
/// it and shared by the others (see [`Delivery::body`]).
pub fn body(delivery: &Delivery) -> Result<Bytes> {
    delivery.body.get_or_encode(|| encode(delivery))
}

/// The body as text, for the sinks that carry it inside requests of their own (AWS entries,
/// PHP notifiers).
pub fn body_text(delivery: &Delivery) -> Result<String> {
    body(delivery).map(|body| String::from_utf8_lossy(&body).into_owned())
}

/// `{"specversion":"1.0","id":uuid,"source":"<store id>","type":event,"datacontenttype":"application/json",
/// "time":..., "correlationid":..., "traceparent":..., "data":payload}`, the payload kept verbatim.
fn encode(delivery: &Delivery) -> Result<Vec<u8>> {
    let uuid = &delivery.uuid;
    let data: &RawValue = serde_json::from_str(&delivery.payload)
        .map_err(|e| Error::validation(format!("the payload of event {uuid} is not JSON: {e}")))?;
    let event = Body { attributes: attributes(delivery), data };
    // The attributes take about 250 to 350 bytes (uuid, event name, time, correlation id,
    // traceparent): one allocation, with no copy of the payload to grow it.
    let mut body = Vec::with_capacity(delivery.payload.len() + 512);
    serde_json::to_writer(&mut body, &event).map_err(|e| Error::validation(format!("cannot encode event {uuid}: {e}")))?;
    Ok(body)
}

struct Body<'a> {
    attributes: Vec<(&'static str, Value)>,
    data: &'a RawValue,
}

impl Serialize for Body<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.attributes.len() + 1))?;
        for (name, value) in &self.attributes {
            map.serialize_entry(name, value)?;
        }
        map.serialize_entry("data", self.data)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use crate::envelope::EventUuid;
    use crate::delivery::{Delivery, EncodedBody, EventContext};
    use crate::subscription::SubscriptionId;

    fn delivery(context: EventContext) -> Delivery {
        let mut delivery = Delivery::example(1, SubscriptionId(1));
        delivery.uuid = EventUuid::parse("0190a0b0-0000-7000-8000-000000000001").unwrap();
        delivery.event_name = "sales.order.created".into();
        delivery.store_id = 1;
        delivery.payload = r#"{"increment_id":"000000001","total":10.5}"#.into();
        delivery.context = context;
        delivery
    }

    #[test]
    fn body_has_the_reference_shape_and_keeps_the_payload_verbatim() {
        let body = super::encode(&delivery(EventContext::default())).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"specversion":"1.0","id":"0190a0b0-0000-7000-8000-000000000001","source":"1","type":"sales.order.created","datacontenttype":"application/json","data":{"increment_id":"000000001","total":10.5}}"#
        );
    }

    #[test]
    fn the_context_adds_time_correlation_id_and_traceparent() {
        let context = EventContext {
            published_at: 1_700_000_000_123,
            correlation_id: Some("checkout-9".into()),
            traceparent: Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".into()),
        };
        let body: serde_json::Value = serde_json::from_slice(&super::encode(&delivery(context)).unwrap()).unwrap();
        assert_eq!(body["time"], "2023-11-14T22:13:20.123Z");
        assert_eq!(body["correlationid"], "checkout-9");
        assert_eq!(body["traceparent"], "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assert_eq!(body["data"]["total"], 10.5);
    }

    #[test]
    fn deliveries_sharing_a_body_encode_it_once_and_others_encode_their_own() {
        let mut first = Delivery { body: EncodedBody::shared(), ..delivery(EventContext::default()) };
        let same_event = Delivery { delivery_id: 2, ..first.clone() };
        let encoded = super::body(&first).unwrap();
        first.body.release();
        assert_eq!(super::body(&same_event).unwrap().as_ptr(), encoded.as_ptr(), "a sibling reuses the body after the first let go");
        let again = super::body(&first).unwrap();
        assert_ne!(again.as_ptr(), encoded.as_ptr(), "once released, a body is encoded for the delivery itself");
        assert_eq!(again, encoded);
    }

    #[test]
    fn a_payload_that_is_not_json_fails_every_delivery_sharing_it() {
        let mut broken = Delivery { body: EncodedBody::shared(), ..delivery(EventContext::default()) };
        broken.payload = "{not json".into();
        let shared = broken.clone();
        for d in [&broken, &shared] {
            let e = super::body(d).unwrap_err();
            assert_eq!(e.kind(), crate::error::ErrorKind::Validation);
            assert!(e.to_string().contains("is not JSON"), "{e}");
        }
    }
}
