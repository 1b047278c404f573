//! The CSV form of attempts, for exports of search results: a header line, then one line per
//! attempt, with RFC 4180 quoting (fields holding a comma, a quote or a line break are quoted,
//! quotes doubled) and CRLF line ends.

use std::io::{self, Write};

use crate::store::LogRow;

const HEADER: [&str; 18] = [
    "log_id",
    "uuid",
    "event_name",
    "subscription_id",
    "store_id",
    "attempt",
    "trigger",
    "success",
    "http_status",
    "duration_ms",
    "error_code",
    "error",
    "created",
    "next_attempt_at",
    "correlation_id",
    "traceparent",
    "response_data",
    "payload",
];

pub(crate) fn write_header(out: &mut dyn Write) -> io::Result<()> {
    write_line(out, &HEADER)
}

pub(crate) fn write_row(out: &mut dyn Write, row: &LogRow) -> io::Result<()> {
    let optional = |value: Option<String>| value.unwrap_or_default();
    write_line(
        out,
        &[
            &row.log_id.to_string(),
            &row.uuid,
            &row.event_name,
            &row.subscription_id.to_string(),
            &row.store_id.to_string(),
            &row.attempt.to_string(),
            &row.trigger,
            if row.success { "true" } else { "false" },
            &optional(row.http_status.map(|s| s.to_string())),
            &row.duration_ms.to_string(),
            row.error_code.as_deref().unwrap_or_default(),
            row.error.as_deref().unwrap_or_default(),
            &row.created,
            row.next_attempt_at.as_deref().unwrap_or_default(),
            row.correlation_id.as_deref().unwrap_or_default(),
            row.traceparent.as_deref().unwrap_or_default(),
            &row.response_data,
            &row.payload,
        ],
    )
}

fn write_line(out: &mut dyn Write, fields: &[&str]) -> io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.write_all(b"\"")?;
            out.write_all(field.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> LogRow {
        LogRow {
            log_id: 12,
            uuid: "u-1".into(),
            subscription_id: 3,
            event_name: "sales.order.created".into(),
            store_id: 1,
            attempt: 1,
            trigger: "publish".into(),
            success: false,
            http_status: None,
            duration_ms: 15,
            error_code: Some("E_TIMEOUT".into()),
            error: Some("timed out, after 15 s".into()),
            response_data: String::new(),
            created: "2024-01-15 10:30:00.000".into(),
            next_attempt_at: None,
            correlation_id: Some("order-42".into()),
            traceparent: None,
            payload: r#"{"note":"say \"hi\"","lines":"a
b"}"#
                .into(),
        }
    }

    #[test]
    fn header_then_rows_with_quoting_where_needed() {
        let mut out = Vec::new();
        write_header(&mut out).expect("write to memory");
        write_row(&mut out, &row()).expect("write to memory");
        let text = String::from_utf8(out).expect("utf-8");
        let mut lines = text.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("log_id,uuid,event_name,subscription_id,store_id,attempt,trigger,success,http_status,duration_ms,error_code,error,created,next_attempt_at,correlation_id,traceparent,response_data,payload")
        );
        assert_eq!(
            lines.next(),
            Some("12,u-1,sales.order.created,3,1,1,publish,false,,15,E_TIMEOUT,\"timed out, after 15 s\",2024-01-15 10:30:00.000,,order-42,,,\"{\"\"note\"\":\"\"say \\\"\"hi\\\"\"\"\",\"\"lines\"\":\"\"a\nb\"\"}\"")
        );
        assert_eq!(lines.next(), Some(""));
    }
}
