//! Generated attempts for the search tests: a store with rows written as the recorder writes
//! them, with the values that make matching hard (case, Unicode, numbers as text and as
//! numbers, -0, dotted keys, dates in payloads, arrays, empty and long strings).

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use sqlx::{Any, QueryBuilder};
use tempfile::TempDir;

use crate::clock::{format_datetime, SystemClock};
use crate::config::Config;
use crate::store::Store;

pub struct TestStore {
    pub dir: TempDir,
    pub store: Arc<Store>,
    rng: StdRng,
    subscription_id: i64,
}

/// 2024-01-01 00:00:00 UTC.
const START_MS: i64 = 1_704_067_200_000;

const EVENTS: [&str; 7] = [
    "sales.order.created",
    "sales.order.updated",
    "customer.created",
    "customer.updated",
    "customer.deleted",
    "catalog.product.saved",
    "sales.invoice.created",
];
const EMAILS: [&str; 5] =
    ["roni_cost@example.com", "Veronica@Example.com", "veronica@example.com", "zoë.müller@example.de", "o'brien+test@mail.example.org"];
const FIRST_NAMES: [&str; 6] = ["Veronica", "Roni", "Zoë", "İlkay", "veronika", "Rnoi"];
const CITIES: [&str; 4] = ["Austin", "İstanbul", "New York", "Saint-Étienne"];

impl TestStore {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Arc::new(Store::open(&config(&dir, true), Arc::new(SystemClock)).await.expect("open the store"));
        let subscription_id = sqlx::query_scalar(
            "INSERT INTO async_event_subscriber (event_name, recipient_url, verification_token, metadata)
             VALUES ('*', 'https://example.com/hook', 'unused', 'http') RETURNING subscription_id",
        )
        .fetch_one(&store.writer.pool)
        .await
        .expect("a subscription");
        Self { dir, store, rng: StdRng::seed_from_u64(5), subscription_id }
    }

    /// Appends `count` generated attempts to the log.
    pub async fn add(&mut self, count: usize) {
        let rows: Vec<Row> = (0..count).map(|_| self.attempt()).collect();
        for chunk in rows.chunks(200) {
            let mut q: QueryBuilder<Any> = QueryBuilder::new(
                "INSERT INTO async_event_subscriber_log
                   (uuid, subscription_id, success, response_data, created, serialized_data, event_name, store_id, attempt,
                    http_status, duration_ms, error_code, error, trigger_kind, created_ms) ",
            );
            q.push_values(chunk, |mut b, row| {
                b.push_bind(&row.uuid)
                    .push_bind(self.subscription_id)
                    .push_bind(row.success)
                    .push_bind("")
                    .push_bind(format_datetime(row.created_ms))
                    .push_bind(row.payload.to_string().into_bytes())
                    .push_bind(row.event_name)
                    .push_bind(row.store_id)
                    .push_bind(row.attempt)
                    .push_bind(row.http_status)
                    .push_bind(row.duration_ms)
                    .push_bind(row.error_code)
                    .push_bind(row.error_code.map(|code| format!("failed with {code}")))
                    .push_bind(row.trigger)
                    .push_bind(row.created_ms);
            });
            q.build().execute(&self.store.writer.pool).await.expect("insert attempts");
        }
    }

    /// Deletes the attempts with these log ids, as a subscription's deletion or a clean-up would.
    pub async fn delete(&self, log_ids: &[i64]) {
        for id in log_ids {
            sqlx::query("DELETE FROM async_event_subscriber_log WHERE log_id = ?")
                .bind(id)
                .execute(&self.store.writer.pool)
                .await
                .expect("delete an attempt");
        }
    }

    fn attempt(&mut self) -> Row {
        let rng = &mut self.rng;
        let event_name = EVENTS[rng.gen_range(0..EVENTS.len())];
        let http_status: Option<i64> = [Some(200), Some(201), Some(404), Some(500), Some(503), None][rng.gen_range(0..6)];
        let success = matches!(http_status, Some(200 | 201));
        let error_code = match (success, http_status) {
            (true, _) => None,
            (false, Some(_)) => Some("E_HTTP_STATUS"),
            (false, None) => Some(["E_TIMEOUT", "E_CONNECTION"][rng.gen_range(0..2)]),
        };
        let created_ms = START_MS + rng.gen_range(0..60 * 86_400_000i64);
        let payload = if event_name.starts_with("sales.") { order(rng, created_ms) } else { customer(rng) };
        Row {
            uuid: format!("0190{:04x}-{:04x}-7{:03x}-8000-{:012x}", rng.gen::<u16>(), rng.gen::<u16>(), rng.gen_range(0..0xfff), rng.gen::<u32>()),
            event_name,
            success,
            http_status,
            error_code,
            duration_ms: rng.gen_range(1..20_000),
            store_id: rng.gen_range(0..3),
            attempt: rng.gen_range(1..4),
            trigger: ["publish", "retry", "replay"][rng.gen_range(0..3)],
            created_ms,
            payload,
        }
    }
}

struct Row {
    uuid: String,
    event_name: &'static str,
    success: bool,
    http_status: Option<i64>,
    error_code: Option<&'static str>,
    duration_ms: i64,
    store_id: i64,
    attempt: i64,
    trigger: &'static str,
    created_ms: i64,
    payload: Value,
}

fn pick<'a>(rng: &mut StdRng, from: &[&'a str]) -> &'a str {
    from[rng.gen_range(0..from.len())]
}

fn order(rng: &mut StdRng, created_ms: i64) -> Value {
    let increment_id = if rng.gen_bool(0.5) { format!("CK{:06}", rng.gen_range(0..2000)) } else { format!("{:09}", rng.gen_range(0..2000)) };
    // Totals as numbers and as text, as Magento's APIs give both.
    let grand_total = match rng.gen_range(0..4) {
        0 => json!(99.5),
        1 => json!("1250.00"),
        2 => json!(rng.gen_range(1..3000)),
        _ => json!(format!("{}.{:02}", rng.gen_range(1..3000), rng.gen_range(0..100))),
    };
    let discount = [json!(-0.0), json!(0), json!(-5.25), json!(null)][rng.gen_range(0..4)].clone();
    let note = ["Please leave it at the back door.", "", "door back", "Call before delivery, please"][rng.gen_range(0..4)];
    let placed = chrono::DateTime::from_timestamp_millis(created_ms - rng.gen_range(0..3_600_000)).unwrap_or_default();
    json!({
        "increment_id": increment_id,
        "customer_email": pick(rng, &EMAILS),
        "grand_total": grand_total,
        "discount": discount,
        "created_at": placed.format("%Y-%m-%d %H:%M:%S").to_string(),
        "is_guest": rng.gen_bool(0.3),
        "note": note,
        "customer": {"firstname": pick(rng, &FIRST_NAMES), "lastname": "Costello"},
        "billing_address": {"city": pick(rng, &CITIES), "postcode": format!("{:05}", rng.gen_range(0..99999))},
        "items": [{"sku": "MJ01", "qty": 1}, {"sku": "WS12", "qty": 2}],
        "a.b": rng.gen_range(0..5),
        "a": {"b": rng.gen_range(0..5)},
        "big": 1e21,
        "long_text": "a-very-long-value-that-is-longer-than-forty-bytes-and-then-some",
    })
}

fn customer(rng: &mut StdRng) -> Value {
    json!({
        "customer_email": pick(rng, &EMAILS),
        "firstname": pick(rng, &FIRST_NAMES),
        "dob": format!("19{}-0{}-1{}", rng.gen_range(50..99), rng.gen_range(1..9), rng.gen_range(0..9)),
        "group_id": rng.gen_range(0..4),
        "addresses": [],
    })
}

/// A configuration over the database in `dir`, indexing on or off.
pub fn config(dir: &TempDir, indexing: bool) -> Config {
    Config::load_from(
        Vec::new(),
        json!({"store_dsn": format!("sqlite://{}/db.sqlite", dir.path().display()), "indexing_enabled": indexing}),
    )
    .expect("a valid test configuration")
}
