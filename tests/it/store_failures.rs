//! A statement or commit that fails leaves the store usable: on SQLite a full disk (a real
//! tmpfs filled to the brim), on MySQL connections the server killed. Nothing published before
//! is lost, and publishing works again once the cause is gone, in the same process.

use std::path::{Path, PathBuf};
use std::process::Command;

use async_events_core::{AsyncEvents, ErrorKind};
use serde_json::json;

use crate::harness::{self, backend, Backend};

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
