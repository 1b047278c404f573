//! Search end to end over a real store: the index finds exactly what the plain scan finds, keeps
//! up with added and deleted attempts, and a rebuild gives the same index as syncing step by step.

mod attempts;

use std::sync::{Arc, Mutex};

use self::attempts::{config, TestStore};
use super::{ReindexProgress, Search, SortOrder, SyncReport};
use crate::config::Config;
use crate::error::ErrorKind;

/// The issue's examples, then one or more queries per element of the syntax and per kind of value.
const QUERIES: &[&str] = &[
    "data.data.customer_email: roni_cost@example.com",
    "event_name: customer.* AND success: false",
    "data.data.increment_id: CK* AND success: true",
    "*.created",
    "*:*",
    "*:* -success:true",
    "-success:true",
    "NOT success:true AND !event_name:sales.*",
    "+success:true event_name:sales.order.created",
    "success:true OR http_status:503",
    "success:false AND http_status:500 OR event_name:customer.created",
    "success:false AND (http_status:500 OR event_name:customer.created)",
    "event_name:(customer.created OR customer.updated) && success:false",
    "event_name:(customer.created customer.updated) AND NOT trigger:publish",
    "success:false^10",
    "(event_name:customer.* OR http_status:500)^0.5",
    "sales.order.created",
    "customer",
    "http_status:500",
    "http_status:500.0",
    "http_status:5*",
    "http_status:[500 TO *]",
    "http_status:{200 TO 500]",
    "http_status:[200 TO 500}",
    "http_status:[* TO *]",
    "-http_status:*",
    "http_status:abc",
    "attempt:[2 TO *] AND trigger:retry",
    "store_id:1 AND error_code:E_*",
    "error_code:e_timeout",
    "log_id:[10 TO 20]",
    "log_id:{10 TO 20}",
    "subscription_id:1",
    "duration_ms:[* TO 500]",
    "data.data.customer_email:VERONICA@example.COM",
    "data.data.customer_email:veronica",
    "data.data.customer_email:*@example.com",
    "data.data.customer_email:*.example.*",
    "data.data.customer_email:zoë.müller@example.de",
    "data.data.customer_email:ZOË*",
    r"data.data.customer_email:o\'brien+test@mail.example.org",
    "data.data.customer_email:\"example com\"",
    "data.data.customer_email:\"mail example org\"",
    "data.data.increment_id:ck*",
    "data.data.increment_id:CK0001??",
    "data.data.increment_id:00000*",
    "data.data.grand_total:99.5",
    "data.data.grand_total:99.50",
    "data.data.grand_total:1250.00",
    "data.data.grand_total:1250",
    "data.data.grand_total:[100 TO 2000]",
    "data.data.grand_total:{99.5 TO 100]",
    "data.data.grand_total:[1000 TO 1250.00]",
    "data.data.grand_total:12*",
    "data.data.grand_total:[1 TO 2]",
    "data.data.discount:0",
    r"data.data.discount:\-0",
    "data.data.discount:[-10 TO 0}",
    r"data.data.discount:\-5.25",
    "data.data.discount:*",
    "data.data.big:1000000000000000000000",
    "data.data.big:1*",
    "data.data.a.b:3",
    "data.data.a.b:[1 TO 2]",
    "data.data.is_guest:true",
    "data.data.is_guest:TRUE AND success:true",
    "data.data.note:\"back door\"",
    "data.data.note:\"door back\"",
    "data.data.note:\"LEAVE it at\"",
    "data.data.note:door",
    "data.data.note:*door*",
    "data.data.note:\"!!\" OR data.data.note:\"door\"",
    "data.data.note:*",
    "data.data.note:?*",
    "data.data.long_text:a-very-long-value-that-is-longer-than-forty-bytes-and-then-some",
    "data.data.long_text:\"longer than forty bytes\"",
    "data.data.items.sku:MJ01",
    "data.data.items:*",
    "data.data.customer.firstname:veronika~1",
    "data.data.customer.firstname:veronka~1",
    "data.data.customer.firstname:veronka~",
    "data.data.customer.firstname:rnoi~1",
    "data.data.customer.firstname:roni~0",
    "data.data.customer.firstname:zoe~1",
    "data.data.customer.firstname:ilkay~1",
    "data.data.customer.firstname:İlkay",
    "data.data.customer.firstname:{roni TO *]",
    "data.data.firstname:[r TO v]",
    "data.data.billing_address.city:\"new york\"",
    "data.data.billing_address.city:saint-étienne",
    "data.data.billing_address.city:?stanbul",
    "data.data.billing_address.city:??stanbul",
    "data.data.billing_address.postcode:[10000 TO 20000]",
    "data.data.billing_address.postcode:0*",
    "event_name:[CUSTOMER TO customer.d]",
    "event_name:{sales TO *]",
    "event_name:customer.??????d",
    "event_name:*order*",
    "created:[2024-01-01 TO 2024-01-31]",
    "created:[2024-01-01 TO 2024-01-31}",
    "created:{2024-01-15T10:30:00 TO *]",
    "created:[* TO 2024-02-01T00:00:00Z]",
    "created:[\"2024-02-01 01:00\" TO 2024-02-10T10:00:00+02:00]",
    "created:2024-01-1*",
    "data.data.created_at:[2024-02-01 TO 2024-02-10}",
    "data.data.dob:[1960-01-01 TO 1970-12-31]",
    "data.data.dob:19*",
    "data.data.group_id:[1 TO 2] OR data.data.firstname:roni",
    "nope:x",
    "NOT nope:x",
    "\"example com\"",
];

fn ids(page: &crate::store::Page<crate::store::LogRow>) -> Vec<i64> {
    page.items.iter().map(|row| row.log_id).collect()
}

async fn all_matches(search: &Search, data: &TestStore, query: &str) -> Vec<i64> {
    let page = search.query(&data.store, query, SortOrder::NewestFirst, 0, 100_000).await.unwrap_or_else(|e| panic!("{query}: {e}"));
    assert_eq!(page.total_count as usize, page.items.len(), "{query}: the total counts every match");
    ids(&page)
}

/// Fails with the counts and a few of the log ids only one side has, not two long lists.
fn assert_same(query: &str, got: &[i64], expected: &[i64]) {
    if got != expected {
        let only_got: Vec<&i64> = got.iter().filter(|id| !expected.contains(id)).take(5).collect();
        let only_expected: Vec<&i64> = expected.iter().filter(|id| !got.contains(id)).take(5).collect();
        panic!(
            "{query}: {} matches instead of {}; only found: {only_got:?}; missed: {only_expected:?} (or the order differs)",
            got.len(),
            expected.len()
        );
    }
}

fn indexed(data: &TestStore, index: &str) -> Search {
    let mut config: Config = config(&data.dir, true);
    config.index_path = Some(data.dir.path().join(index));
    Search::new(&config).expect("a search")
}

fn scanned(data: &TestStore) -> Search {
    Search::new(&config(&data.dir, false)).expect("a search")
}

#[tokio::test]
async fn the_index_finds_what_the_plain_scan_finds() {
    let mut data = TestStore::new().await;
    data.add(2_500).await;
    let (index, scan) = (indexed(&data, "index"), scanned(&data));
    let uuid = scan.query(&data.store, "*:*", SortOrder::NewestFirst, 7, 1).await.expect("a page").items[0].uuid.clone();
    let uuid_queries = [format!("uuid:{uuid}"), format!("uuid:\"{uuid}\""), format!("uuid:{}*", &uuid[..8])];
    let mut empty = 0;
    for query in QUERIES.iter().copied().chain(uuid_queries.iter().map(String::as_str)) {
        let expected = all_matches(&scan, &data, query).await;
        assert_same(query, &all_matches(&index, &data, query).await, &expected);
        empty += usize::from(expected.is_empty());
    }
    // The comparison means something only if most queries match some but not all attempts.
    assert!(empty <= 12, "{empty} queries match nothing");
    assert_eq!(all_matches(&scan, &data, "*.created").await.len(), all_matches(&scan, &data, "event_name:*.created").await.len());
}

#[tokio::test]
async fn pages_are_newest_first_by_default_and_not_capped() {
    let mut data = TestStore::new().await;
    data.add(2_600).await;
    let index = indexed(&data, "index");
    let everything = all_matches(&index, &data, "*:*").await;
    assert_eq!(everything.len(), 2_600);
    assert!(everything.windows(2).all(|w| w[0] > w[1]), "newest (highest log id) first");
    let page = index.query(&data.store, "*:*", SortOrder::NewestFirst, 150, 1_300).await.expect("a page");
    assert_eq!(ids(&page), everything[150..1_450]);
    assert_eq!(page.total_count, 2_600);
    let oldest = index.query(&data.store, "*:*", SortOrder::OldestFirst, 0, 3).await.expect("a page");
    assert_eq!(ids(&oldest), [everything[2_599], everything[2_598], everything[2_597]]);
    // Small pages of many matches: the collector keeps the first few and drops the rest as it goes.
    let small = index.query(&data.store, "*:*", SortOrder::NewestFirst, 10, 5).await.expect("a page");
    assert_eq!(ids(&small), everything[10..15]);
    let failed: Vec<i64> = all_matches(&index, &data, "success:false").await;
    assert!(failed.len() > 1_100, "enough failures to drop some: {}", failed.len());
    let small = index.query(&data.store, "success:false", SortOrder::OldestFirst, 100, 4).await.expect("a page");
    let oldest_failed: Vec<i64> = failed.iter().rev().skip(100).take(4).copied().collect();
    assert_eq!(ids(&small), oldest_failed);
    let count_only = index.query(&data.store, "success:true", SortOrder::NewestFirst, 0, 0).await.expect("a count");
    assert!(count_only.items.is_empty());
    assert_eq!(count_only.total_count as usize, all_matches(&index, &data, "success:true").await.len());
    let past_the_end = index.query(&data.store, "*:*", SortOrder::NewestFirst, 10_000, 10).await.expect("a page");
    assert!(past_the_end.items.is_empty());
    assert_eq!(past_the_end.total_count, 2_600);
}

#[tokio::test]
async fn queries_see_attempts_logged_since_the_last_one_and_sync_removes_deleted_ones() {
    let mut data = TestStore::new().await;
    data.add(300).await;
    let index = indexed(&data, "index");
    assert_eq!(all_matches(&index, &data, "*:*").await.len(), 300);
    data.add(120).await;
    let after_adding = all_matches(&index, &data, "*:*").await;
    assert_eq!(after_adding.len(), 420, "the query synced the new attempts first");

    let deleted = [after_adding[0], after_adding[5], after_adding[419]];
    data.delete(&deleted).await;
    let page = index.query(&data.store, "*:*", SortOrder::NewestFirst, 0, 10).await.expect("a page");
    assert!(!ids(&page).contains(&deleted[0]), "rows gone from the store are not shown");
    assert_eq!(index.sync(&data.store).await.expect("a sync"), SyncReport { added: 0, removed: 3 });
    let remaining = all_matches(&index, &data, "*:*").await;
    assert_eq!(remaining.len(), 417);
    assert!(deleted.iter().all(|id| !remaining.contains(id)));
    assert_eq!(index.sync(&data.store).await.expect("a sync"), SyncReport::default(), "nothing left to do");
}

/// On MySQL a transaction can commit a lower log id after a higher one was indexed; the sync
/// looks for the missing ids again until they turn up.
#[tokio::test]
async fn an_attempt_committed_after_a_higher_one_was_indexed_is_found() {
    let mut data = TestStore::new().await;
    data.add(10).await;
    let pool = &data.store.writer.pool;
    // Rows 4 and 5 are held back, as if their transaction had not committed yet.
    sqlx::query("CREATE TEMP TABLE held AS SELECT * FROM async_event_subscriber_log WHERE log_id IN (4, 5)").execute(pool).await.expect("hold");
    data.delete(&[4, 5]).await;
    let index = indexed(&data, "index");
    assert_eq!(index.sync(&data.store).await.expect("a sync"), SyncReport { added: 8, removed: 0 });

    sqlx::query("INSERT INTO async_event_subscriber_log SELECT * FROM held").execute(pool).await.expect("commit late");
    assert_eq!(index.sync(&data.store).await.expect("a sync"), SyncReport { added: 2, removed: 0 });
    let found = all_matches(&index, &data, "*:*").await;
    assert_eq!(found.len(), 10);
    assert!(found.contains(&4) && found.contains(&5));
    assert_eq!(index.sync(&data.store).await.expect("a sync"), SyncReport::default(), "nothing left to look for");
}

#[tokio::test]
async fn a_rebuild_gives_what_syncing_step_by_step_gives() {
    let mut data = TestStore::new().await;
    let stepwise = indexed(&data, "stepwise");
    for _ in 0..4 {
        data.add(400).await;
        stepwise.sync(&data.store).await.expect("a sync");
    }
    data.delete(&[3, 400, 401, 1599]).await;
    stepwise.sync(&data.store).await.expect("a sync");

    let rebuilt = indexed(&data, "rebuilt");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let indexed_count = rebuilt
        .reindex(&data.store, &mut move |p: ReindexProgress| { log.lock().expect("progress log").push(p); Ok(()) })
        .await
        .expect("a rebuild");
    assert_eq!(indexed_count, 1596);
    let progress = seen.lock().expect("progress log").clone();
    assert_eq!(progress.first(), Some(&ReindexProgress { indexed: 0, total: 1596 }));
    assert_eq!(progress.last(), Some(&ReindexProgress { indexed: 1596, total: 1596 }));
    assert!(progress.windows(2).all(|w| w[0].indexed < w[1].indexed));

    for query in QUERIES {
        assert_same(query, &all_matches(&rebuilt, &data, query).await, &all_matches(&stepwise, &data, query).await);
    }
    // Rebuilding again replaces the index rather than adding to it.
    assert_eq!(rebuilt.reindex(&data.store, &mut |_| Ok(())).await.expect("a rebuild"), 1596);
    assert_eq!(all_matches(&rebuilt, &data, "*:*").await.len(), 1596);
}

#[tokio::test]
async fn a_bad_query_is_a_validation_error_that_points_at_the_position() {
    let data = TestStore::new().await;
    for search in [indexed(&data, "index"), scanned(&data)] {
        let error = search.query(&data.store, "event_name:(a OR b", SortOrder::NewestFirst, 0, 10).await.expect_err("refused");
        assert_eq!(error.kind(), ErrorKind::Validation);
        assert_eq!(
            error.to_string(),
            "invalid search query: unbalanced parentheses: the `(` at position 11 is never closed\nevent_name:(a OR b\n           ^"
        );
    }
}

#[tokio::test]
async fn the_export_writes_every_match_as_csv_in_order() {
    let mut data = TestStore::new().await;
    data.add(2_300).await;
    for search in [indexed(&data, "index"), scanned(&data)] {
        let expected = all_matches(&search, &data, "success:false").await;
        let mut out = Vec::new();
        let written = search.export(&data.store, "success:false", SortOrder::NewestFirst, &mut out).await.expect("an export");
        assert_eq!(written as usize, expected.len());
        let text = String::from_utf8(out).expect("utf-8");
        let first_fields: Vec<&str> = text.split("\r\n").filter_map(|line| line.split(',').next()).collect();
        assert_eq!(first_fields[0], "log_id");
        // The generated payloads hold no line breaks: one attempt per line.
        let listed: Vec<i64> = first_fields[1..].iter().filter_map(|id| id.parse().ok()).collect();
        assert_eq!(listed, expected);
    }
}

#[tokio::test]
async fn with_indexing_off_there_is_no_index_and_no_rebuild() {
    let mut data = TestStore::new().await;
    data.add(10).await;
    let scan = scanned(&data);
    assert_eq!(all_matches(&scan, &data, "*:*").await.len(), 10);
    assert_eq!(scan.sync(&data.store).await.expect("a sync does nothing"), SyncReport::default());
    let error = scan.reindex(&data.store, &mut |_| Ok(())).await.expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Config);
    assert!(!data.dir.path().join("db.sqlite.index").exists());
    let index = Search::new(&config(&data.dir, true)).expect("a search");
    assert_eq!(all_matches(&index, &data, "*:*").await.len(), 10);
    assert!(data.dir.path().join("db.sqlite.index").join("v1").join("meta.json").exists(), "by default beside the database");
}

#[tokio::test]
async fn a_damaged_index_fails_queries_until_a_reindex_builds_it_anew() {
    let mut data = TestStore::new().await;
    data.add(50).await;
    let folder = data.dir.path().join("index").join("v1");
    std::fs::create_dir_all(&folder).expect("an index folder");
    std::fs::write(folder.join("meta.json"), "{ not the meta of an index").expect("a damaged index");
    let index = indexed(&data, "index");
    let error = index.query(&data.store, "*:*", SortOrder::NewestFirst, 0, 10).await.expect_err("a damaged index");
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert!(error.to_string().contains("cannot open the search index"), "{error}");
    assert_eq!(index.reindex(&data.store, &mut |_| Ok(())).await.expect("a rebuild"), 50);
    assert_eq!(all_matches(&index, &data, "*:*").await.len(), 50);
}
