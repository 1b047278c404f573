//! Search benchmark: fills a store with generated attempts carrying realistic Magento payloads
//! (orders with customer, increment id, totals, addresses and items; customers; products),
//! rebuilds the index from it and reports the indexing rate, then the latency (p50, p99) of
//! the example queries through `AsyncEvents::search` (a page of 50 with the total).
//! The reference, measured in the same run: the plain-scan evaluator over the same attempts,
//! already read and flattened in memory (its best case: no I/O, no JSON parsing), on a sample,
//! scaled to the whole log.
//!
//! Usage: `scripts/bench-search [ATTEMPTS]` or `cargo bench --bench search -- [ATTEMPTS]`
//! (default 1 000 000); the store and index go to `$SEARCH_BENCH_DIR` (default
//! `var/bench-search`), emptied first. To measure again without filling:
//! `SEARCH_BENCH_REUSE=store` indexes the previous run's store again, `SEARCH_BENCH_REUSE=index`
//! only queries its index.

use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use async_events_core::search::attempt::SearchedAttempt;
use async_events_core::search::query::{matches, parse};
use async_events_core::search::SortOrder;
use async_events_core::{AsyncEvents, Config};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite};

const EXAMPLES: [&str; 4] = [
    "data.data.customer_email: roni_cost@example.com",
    "event_name: customer.* AND success: false",
    "data.data.increment_id: CK* AND success: true",
    "*.created",
];
const RUNS: usize = 200;
const PAGE: u64 = 50;
const SCAN_SAMPLE: usize = 50_000;
const SCAN_RUNS: usize = 5;
/// Set for the child process that fills the store.
const FILL_ONLY: &str = "SEARCH_BENCH_FILL_ONLY";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn Error>> {
    // `cargo bench` adds `--bench` to the arguments.
    let attempts: usize = std::env::args().skip(1).find(|a| !a.starts_with("--")).map(|a| a.parse()).transpose()?.unwrap_or(1_000_000);
    let dir = PathBuf::from(std::env::var("SEARCH_BENCH_DIR").unwrap_or_else(|_| "var/bench-search".into()));
    let reuse = std::env::var("SEARCH_BENCH_REUSE").unwrap_or_default();
    let filler = std::env::var_os(FILL_ONLY).is_some();
    if dir.exists() && reuse.is_empty() && !filler {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let database = dir.join("store.sqlite");
    let config = Config::load_from(Vec::new(), json!({ "store_dsn": format!("sqlite://{}", database.display()) }))?;
    if filler {
        AsyncEvents::open(config).await?;
        return fill(&database, attempts).await;
    }

    if reuse.is_empty() {
        // Filled by a child process, so that the measured one starts as fresh as a reindex
        // command would (a million payloads built and freed first leave a fragmented heap).
        let started = Instant::now();
        let filled = std::process::Command::new(std::env::current_exe()?).arg(attempts.to_string()).env(FILL_ONLY, "1").status()?;
        if !filled.success() {
            return Err(format!("filling the store failed: {filled}").into());
        }
        println!("filled the store with {attempts} attempts in {:.1} s ({} MB)", started.elapsed().as_secs_f64(), megabytes(&database));
    } else {
        println!("reusing the {reuse} in {}", dir.display());
    }
    let events = AsyncEvents::open(config).await?;
    if reuse != "index" {

        let (started, cpu_before) = (Instant::now(), cpu_seconds());
        let mut next_report = 100_000;
        let indexed = events
            .reindex(&mut |p| {
                if p.indexed >= next_report {
                    eprintln!("  indexed {} / {}", p.indexed, p.total);
                    next_report += 100_000;
                }
                Ok(())
            })
            .await?;
        let took = started.elapsed();
        let rate = indexed as f64 / took.as_secs_f64();
        println!(
            "indexed {indexed} attempts in {:.1} s: {rate:.0} attempts/s (target >= 20 000); index {} MB",
            took.as_secs_f64(),
            megabytes(&dir.join("store.sqlite.index"))
        );
        if let (Some(before), Some(after)) = (cpu_before, cpu_seconds()) {
            println!("  CPU time {:.1} s on {} cores: {:.0} attempts per CPU second", after - before, cores(), indexed as f64 / (after - before));
        }
    }

    println!("\nquery latency through AsyncEvents::search, page of {PAGE} with the total, {RUNS} runs each:");
    let mut p50s = Vec::new();
    for query in EXAMPLES {
        for _ in 0..3 {
            events.search(query, SortOrder::NewestFirst, 0, PAGE).await?;
        }
        let mut times = Vec::with_capacity(RUNS);
        let mut total = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let page = events.search(query, SortOrder::NewestFirst, 0, PAGE).await?;
            times.push(started.elapsed());
            total = page.total_count;
        }
        times.sort_unstable();
        let (p50, p99) = (percentile(&times, 50), percentile(&times, 99));
        println!("  {query:<50} {total:>8} hits  p50 {:>7.2} ms  p99 {:>7.2} ms", ms(p50), ms(p99));
        p50s.push(p50);
    }

    println!("\nreference: the plain-scan evaluator over attempts flattened in memory ({SCAN_SAMPLE} measured, scaled x{:.0} to {attempts}):", attempts as f64 / SCAN_SAMPLE as f64);
    let sample: Vec<SearchedAttempt> =
        events.store().log_rows_after(0, SCAN_SAMPLE as u32).await?.iter().map(SearchedAttempt::from_row).collect();
    for (query, p50) in EXAMPLES.iter().zip(&p50s) {
        let parsed = parse(query).map_err(|e| e.render(query))?;
        let mut times = Vec::with_capacity(SCAN_RUNS);
        let mut hits = 0;
        for _ in 0..SCAN_RUNS {
            let started = Instant::now();
            hits = sample.iter().filter(|attempt| matches(&parsed, *attempt)).count();
            times.push(started.elapsed());
        }
        times.sort_unstable();
        let scaled = percentile(&times, 50).mul_f64(attempts as f64 / sample.len().max(1) as f64);
        println!(
            "  {query:<50} {hits:>8} hits in the sample  {:>9.1} ms scaled  index p50 is {:.0}x faster",
            ms(scaled),
            scaled.as_secs_f64() / p50.as_secs_f64()
        );
    }
    Ok(())
}

/// This process's user and system CPU time so far, from /proc (Linux; `None` elsewhere).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which ends with ')'): state is the 3rd field, utime the 14th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // Linux reports these in USER_HZ, 100 on every mainstream platform.
    Some(ticks / 100.0)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[((sorted.len() * p).div_ceil(100)).saturating_sub(1).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn megabytes(path: &std::path::Path) -> u64 {
    fn size(path: &std::path::Path) -> u64 {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => std::fs::read_dir(path)
                .map(|entries| entries.flatten().map(|e| size(&e.path())).sum())
                .unwrap_or(0),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        }
    }
    size(path) / 1_000_000
}

/// Writes `count` attempts straight into the log table, as the recorder would have.
async fn fill(database: &std::path::Path, count: usize) -> Result<(), Box<dyn Error>> {
    let options = SqliteConnectOptions::new()
        .filename(database)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Off);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
    let subscription: i64 = sqlx::query_scalar(
        "INSERT INTO async_event_subscriber (event_name, recipient_url, verification_token, metadata, status)
         VALUES ('*', 'https://erp.example.com/hooks', 'unused', 'http', 1) RETURNING subscription_id",
    )
    .fetch_one(&pool)
    .await?;
    let mut generator = Generator { rng: StdRng::seed_from_u64(2024), order: 0 };
    let start_ms: i64 = 1_704_067_200_000;
    let mut written = 0;
    while written < count {
        let batch: Vec<Attempt> = (0..(count - written).min(5_000))
            .map(|i| generator.attempt(start_ms + ((written + i) as i64) * 2_500))
            .collect();
        let mut tx = pool.begin().await?;
        for chunk in batch.chunks(500) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO async_event_subscriber_log (uuid, subscription_id, success, response_data, created, serialized_data,
                   event_name, store_id, attempt, http_status, duration_ms, error_code, error, trigger_kind, created_ms) ",
            );
            q.push_values(chunk, |mut row, a| {
                row.push_bind(&a.uuid)
                    .push_bind(subscription)
                    .push_bind(a.success)
                    .push_bind(if a.success { "{\"ok\":true}" } else { "" })
                    .push_bind(&a.created)
                    .push_bind(a.payload.as_bytes())
                    .push_bind(a.event_name)
                    .push_bind(a.store_id)
                    .push_bind(a.attempt)
                    .push_bind(a.http_status)
                    .push_bind(a.duration_ms)
                    .push_bind(a.error_code)
                    .push_bind(a.error_code.map(|_| "the receiver failed"))
                    .push_bind(if a.attempt > 1 { "retry" } else { "publish" })
                    .push_bind(a.created_ms);
            });
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        written += batch.len();
    }
    // As a log written over days would be: in the database file, not in the write-ahead log.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&pool).await?;
    pool.close().await;
    Ok(())
}

struct Attempt {
    uuid: String,
    event_name: &'static str,
    store_id: i64,
    success: bool,
    attempt: i64,
    http_status: Option<i64>,
    duration_ms: i64,
    error_code: Option<&'static str>,
    created: String,
    created_ms: i64,
    payload: String,
}

struct Generator {
    rng: StdRng,
    order: u64,
}

const FIRST: [&str; 12] =
    ["Veronica", "Roni", "John", "Mary", "Jennifer", "David", "Lucia", "Ahmed", "Sofia", "Wei", "Olga", "Mateo"];
const LAST: [&str; 12] =
    ["Costello", "Cost", "Smith", "Johnson", "Garcia", "Müller", "Rossi", "Khan", "Nowak", "Chen", "Ivanova", "Silva"];
const CITIES: [(&str, &str, &str); 6] = [
    ("Calder", "Michigan", "MI"),
    ("Austin", "Texas", "TX"),
    ("New York", "New York", "NY"),
    ("San Francisco", "California", "CA"),
    ("Chicago", "Illinois", "IL"),
    ("Seattle", "Washington", "WA"),
];
const PRODUCTS: [(&str, &str, f64); 8] = [
    ("MJ01", "Beaumont Summit Kit", 42.0),
    ("WS12", "Radiant Tee", 22.0),
    ("MH01", "Chaz Kangeroo Hoodie", 52.0),
    ("WJ12", "Olivia 1/4 Zip Light Jacket", 77.0),
    ("24-MB01", "Joust Duffle Bag", 34.0),
    ("24-WG02", "Didi Sport Watch", 92.0),
    ("MP03", "Geo Insulated Jogging Pant", 51.0),
    ("WSH05", "Bess Yoga Short", 28.0),
];

impl Generator {
    fn attempt(&mut self, created_ms: i64) -> Attempt {
        let roll = self.rng.gen_range(0..100);
        let event_name = match roll {
            0..=39 => "sales.order.created",
            40..=54 => "sales.order.updated",
            55..=64 => "sales.invoice.created",
            65..=69 => "sales.shipment.created",
            70..=79 => "customer.created",
            80..=89 => "customer.updated",
            90..=91 => "customer.deleted",
            _ => "catalog.product.saved",
        };
        let success = self.rng.gen_bool(0.92);
        let http_status = if success {
            Some([200, 200, 200, 201, 202][self.rng.gen_range(0..5)])
        } else {
            [Some(500), Some(502), Some(503), Some(404), Some(410), None][self.rng.gen_range(0..6)]
        };
        let error_code = match (success, http_status) {
            (true, _) => None,
            (false, Some(_)) => Some("E_HTTP_STATUS"),
            (false, None) => Some("E_TIMEOUT"),
        };
        let store_id = self.rng.gen_range(1..4);
        let created = chrono::DateTime::from_timestamp_millis(created_ms).unwrap_or_default();
        let payload = match event_name {
            e if e.starts_with("sales.") => self.order(store_id, &created),
            e if e.starts_with("customer.") => self.customer(store_id, &created),
            _ => self.product(),
        };
        Attempt {
            uuid: format!(
                "{:08x}-{:04x}-7{:03x}-{:04x}-{:012x}",
                (created_ms / 1000) as u32,
                self.rng.gen::<u16>(),
                self.rng.gen_range(0..0x1000),
                0x8000 | self.rng.gen_range(0..0x4000),
                self.rng.gen::<u64>() & 0xffff_ffff_ffff
            ),
            event_name,
            store_id,
            success,
            attempt: if success { 1 } else { self.rng.gen_range(1..6) },
            http_status,
            duration_ms: self.rng.gen_range(20..3_000),
            error_code,
            created: created.format("%Y-%m-%d %H:%M:%S%.3f").to_string(),
            created_ms,
            payload: payload.to_string(),
        }
    }

    /// One of 50 000 customers; the Luma sample customer roni_cost@example.com is a regular.
    fn person(&mut self) -> (String, &'static str, &'static str, u32) {
        if self.rng.gen_ratio(1, 1_000) {
            return ("roni_cost@example.com".into(), "Veronica", "Costello", 1);
        }
        let n = self.rng.gen_range(2..50_000u32);
        let (first, last) = (FIRST[n as usize % FIRST.len()], LAST[(n as usize / FIRST.len()) % LAST.len()]);
        (format!("{}.{}{n}@example.com", first.to_lowercase(), last.to_lowercase()), first, last, n)
    }

    fn address(&mut self, first: &str, last: &str, email: &str) -> Value {
        let (city, region, code) = CITIES[self.rng.gen_range(0..CITIES.len())];
        json!({
            "firstname": first, "lastname": last, "email": email,
            "street": [format!("{} Honey Bluff Parkway", self.rng.gen_range(1..9999))],
            "city": city, "region": region, "region_code": code, "country_id": "US",
            "postcode": format!("{:05}", self.rng.gen_range(10000..99999)),
            "telephone": format!("(555) {:03}-{:04}", self.rng.gen_range(100..999), self.rng.gen_range(0..9999)),
            "address_type": "billing",
        })
    }

    fn order(&mut self, store_id: i64, created: &chrono::DateTime<chrono::Utc>) -> Value {
        self.order += 1;
        let prefix = ["000", "CK0", "US0"][(store_id - 1) as usize];
        let increment_id = format!("{prefix}{:06}", self.order % 1_000_000);
        let (email, first, last, customer_id) = self.person();
        let lines = self.rng.gen_range(1..5);
        let mut items = Vec::with_capacity(lines);
        let mut subtotal = 0.0;
        for line in 0..lines {
            let (sku, name, price) = PRODUCTS[self.rng.gen_range(0..PRODUCTS.len())];
            let qty = self.rng.gen_range(1..4);
            subtotal += price * f64::from(qty);
            items.push(json!({"item_id": self.order * 10 + line as u64, "sku": sku, "name": name, "qty_ordered": qty,
                              "price": price, "row_total": price * f64::from(qty), "product_type": "simple"}));
        }
        let shipping = [0.0, 5.0, 10.0][self.rng.gen_range(0..3)];
        let tax = (subtotal * 0.0825 * 100.0).round() / 100.0;
        let billing = self.address(first, last, &email);
        let shipping_address = self.address(first, last, &email);
        json!({
            "entity_id": self.order, "increment_id": increment_id, "state": "new", "status": "pending",
            "store_id": store_id, "customer_id": customer_id, "customer_email": email,
            "customer_firstname": first, "customer_lastname": last, "customer_is_guest": customer_id % 7 == 0,
            "customer_group_id": 1, "created_at": created.format("%Y-%m-%d %H:%M:%S").to_string(),
            "updated_at": created.format("%Y-%m-%d %H:%M:%S").to_string(),
            "base_currency_code": "USD", "order_currency_code": "USD",
            "subtotal": subtotal, "tax_amount": tax, "shipping_amount": shipping, "discount_amount": 0,
            "grand_total": subtotal + tax + shipping, "total_qty_ordered": lines, "total_item_count": lines,
            "shipping_method": "flatrate_flatrate", "shipping_description": "Flat Rate - Fixed",
            "remote_ip": format!("203.0.113.{}", self.rng.gen_range(1..255)), "quote_id": self.order + 1000,
            "billing_address": billing, "shipping_address": shipping_address,
            "payment": {"method": "checkmo", "amount_ordered": subtotal + tax + shipping, "additional_information": ["Check / Money order"]},
            "items": items,
            "status_histories": [],
        })
    }

    fn customer(&mut self, store_id: i64, created: &chrono::DateTime<chrono::Utc>) -> Value {
        let (email, first, last, id) = self.person();
        let address = self.address(first, last, &email);
        json!({
            "id": id, "email": email, "firstname": first, "lastname": last, "group_id": 1,
            "store_id": store_id, "website_id": 1, "created_at": created.format("%Y-%m-%d %H:%M:%S").to_string(),
            "dob": format!("19{}-0{}-1{}", self.rng.gen_range(50..99), self.rng.gen_range(1..9), self.rng.gen_range(0..9)),
            "gender": self.rng.gen_range(0..3), "default_billing": address,
            "addresses": [address],
        })
    }

    fn product(&mut self) -> Value {
        let (sku, name, price) = PRODUCTS[self.rng.gen_range(0..PRODUCTS.len())];
        json!({
            "sku": sku, "name": name, "price": price, "status": 1, "visibility": 4, "type_id": "simple",
            "qty": self.rng.gen_range(0..500), "weight": 1, "attribute_set_id": 4,
            "custom_attributes": [{"attribute_code": "color", "value": "49"}],
        })
    }
}
