//! A statement or commit that fails leaves the store usable: on SQLite a full disk (a real
//! tmpfs filled to the brim), on MySQL connections the server killed. Nothing published before
//! is lost, and publishing works again once the cause is gone, in the same process.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use async_events_core::{AsyncEvents, ErrorKind};
use serde_json::json;

use crate::amqp::{on_rabbitmq, unacked_on_the_broker, BROKER};
use crate::harness::{self, backend, Backend, RUN_LIMIT};
use crate::receiver::Receiver;

/// A tmpfs of a few MiB, mounted for one test and unmounted when dropped.
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    /// `None` where mounting is not allowed (not root): the test then says it was skipped.
    fn mount(parent: &Path, size: &str) -> Option<Self> {
        let path = parent.join("small-disk");
        std::fs::create_dir_all(&path).expect("a mount point");
        let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(&path).status();
        mounted.is_ok_and(|s| s.success()).then_some(Self { path })
    }

    /// Writes a file until the disk is full.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.path.join("filler");
        let mut file = std::fs::File::create(&filler).expect("the filler file");
        let block = vec![0u8; 64 * 1024];
        while file.write_all(&block).is_ok() {}
        let _ = file.write_all(&[0u8; 512]);
        let _ = file.sync_all();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

#[tokio::test]
async fn after_a_commit_failed_on_a_full_disk_the_same_store_publishes_again() {
    if backend() != Backend::Sqlite {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let Some(disk) = SmallDisk::mount(dir.path(), "3m") else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let config = harness::config(
        dir.path(),
        json!({ "store_dsn": format!("sqlite://{}/store.sqlite", disk.path.display()), "indexing_enabled": false }),
    );
    let events = AsyncEvents::open(config).await.expect("open the store on the small disk");
    let kept = harness::publication("disk.test", json!({"n": 0}), 0);
    let kept = events.publish(kept).await.expect("a publish with room");

    let filler = disk.fill();
    let large = json!({ "text": "x".repeat(256 * 1024) });
    let mut failure = None;
    for _ in 0..64 {
        if let Err(e) = events.publish(harness::publication("disk.test", large.clone(), 0)).await {
            failure = Some(e);
            break;
        }
    }
    let failure = failure.expect("publishing fails once the disk is full");
    assert_eq!(failure.kind(), ErrorKind::Storage, "{failure}");

    std::fs::remove_file(filler).expect("room made again");
    let uuid = events.publish(harness::publication("disk.test", json!({"n": 1}), 0)).await.expect("publishing works again in the same process");
    events.publish(harness::publication("disk.test", json!({"n": 2}), 0)).await.expect("and keeps working");
    let queued = events.queue_depth().await.expect("the queue can be read");
    assert!(queued >= 3, "the event published before the failure and those after are queued ({queued})");
    assert_ne!(uuid, kept);
}

/// A delivery is sent while its hand-off commits; when that commit fails (a full disk), the
/// attempt is not recorded (its row does not exist), the message stays unacked, and the event
/// is delivered and recorded once it comes back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_whose_hand_off_did_not_commit_is_not_recorded_and_its_event_comes_back() {
    if backend() != Backend::Sqlite {
        return;
    }
    let _turn = BROKER.lock().await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let Some(disk) = SmallDisk::mount(dir.path(), "3m") else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let overrides = on_rabbitmq(json!({
        "store_dsn": format!("sqlite://{}/store.sqlite", disk.path.display()),
        "indexing_enabled": false,
    }));
    let queue = overrides["amqp_queue"].as_str().expect("the test's queue").to_string();
    let receiver = Receiver::start().await;
    let events = AsyncEvents::open(harness::config(dir.path(), overrides.clone())).await.expect("open the store on the small disk");
    let subscription = harness::new_subscription("disk.test", &receiver.url("/a"), "t0ken");
    let subscription = events.create_subscription(subscription).await.expect("a subscription");
    // Larger than any room left in the WAL file: its hand-off has to grow it.
    let large = json!({ "text": "x".repeat(512 * 1024) });
    let uuid = events.publish(harness::publication("disk.test", large, 0)).await.expect("a publish to the broker");
    events.flush().await.expect("the publish confirmed");

    let filler = disk.fill();
    let (stop, options, mut resolver) = (AtomicBool::new(false), harness::drain_options(), harness::echo);
    let run = events.engine().run(Some(&mut resolver), &options, &stop);
    let failure = tokio::time::timeout(RUN_LIMIT, run).await.expect("the run ends in time").expect_err("the hand-off cannot commit");
    assert_eq!(failure.kind(), ErrorKind::Storage, "{failure}");
    let sent_while_committing = receiver.log().count("/a");
    assert!(sent_while_committing <= 1, "sent at most once before the failure ({sent_while_committing})");
    assert_eq!(unacked_on_the_broker(&queue), Some(1), "the message of the failed hand-off is not acked");
    drop(events);
    std::fs::remove_file(filler).expect("room made again");
    for _ in 0..50 {
        if unacked_on_the_broker(&queue) == Some(0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    let events = AsyncEvents::open(harness::config(dir.path(), overrides)).await.expect("the store opens again");
    let run = events.engine().run(Some(&mut resolver), &options, &stop);
    let stats = tokio::time::timeout(RUN_LIMIT, run).await.expect("the run ends in time").expect("the run succeeds");
    assert_eq!(stats.messages, 1, "the message came back");
    assert_eq!(stats.delivered, 1);
    let trace = events.trace(&uuid).await.expect("a trace");
    let attempts = harness::attempts_of(&trace, subscription.subscription_id);
    assert_eq!(attempts.len(), 1, "only the attempt of the committed delivery is recorded: {attempts:?}");
    assert!(attempts[0].success);
    let requests = receiver.log().requests("/a");
    assert_eq!(requests.len(), sent_while_committing + 1, "delivered again after the failure");
    assert!(requests.iter().all(|r| r.event_id() == uuid.as_str()));
    eprintln!("sent while the failed hand-off committed: {sent_while_committing}");
}

#[tokio::test]
async fn after_the_server_killed_its_connections_the_same_store_publishes_again() {
    if backend() == Backend::Sqlite {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let events = harness::open(dir.path(), json!({})).await;
    events.publish(harness::publication("kill.test", json!({"n": 0}), 0)).await.expect("a first publish");

    let admin = harness::raw_pool(&harness::mysql_database_dsn("mysql")).await;
    let database = harness::own_name(dir.path());
    let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(id AS SIGNED) FROM information_schema.processlist WHERE db = '{database}'"
    )))
    .fetch_all(&admin)
    .await
    .expect("the store's connections");
    assert!(!ids.is_empty(), "the store holds connections to kill");
    for id in ids {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("KILL CONNECTION {id}"))).execute(&admin).await;
    }
    admin.close().await;

    events.publish(harness::publication("kill.test", json!({"n": 1}), 0)).await.expect("publishing works again in the same process");
    let subscription = harness::new_subscription("kill.test", "http://127.0.0.1:9/hook", "t0ken");
    events.create_subscription(subscription).await.expect("and so do writes of the store");
}
