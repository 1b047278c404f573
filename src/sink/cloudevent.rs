//! The HTTP body: a CloudEvents 1.0 structured JSON event, as the reference module sends it.

use serde::Serialize;
use serde_json::value::RawValue;

use crate::error::{Error, Result};

#[derive(Serialize)]
struct CloudEvent<'a> {
    specversion: &'static str,
    id: &'a str,
    source: String,
    #[serde(rename = "type")]
    event_type: &'a str,
    datacontenttype: &'static str,
    data: &'a RawValue,
}

/// `{"specversion":"1.0","id":uuid,"source":"<store id>","type":event,"datacontenttype":"application/json","data":payload}`
pub fn encode(uuid: &str, store_id: u32, event_name: &str, payload: &str) -> Result<Vec<u8>> {
    let data: &RawValue =
        serde_json::from_str(payload).map_err(|e| Error::validation(format!("the payload of event {uuid} is not JSON: {e}")))?;
    let event = CloudEvent {
        specversion: "1.0",
        id: uuid,
        source: store_id.to_string(),
        event_type: event_name,
        datacontenttype: "application/json",
        data,
    };
    serde_json::to_vec(&event).map_err(|e| Error::validation(format!("cannot encode event {uuid}: {e}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn body_has_the_reference_shape_and_keeps_the_payload_verbatim() {
        let body = super::encode("0190-x", 1, "sales.order.created", r#"{"increment_id":"000000001","total":10.5}"#).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"specversion":"1.0","id":"0190-x","source":"1","type":"sales.order.created","datacontenttype":"application/json","data":{"increment_id":"000000001","total":10.5}}"#
        );
    }
}
