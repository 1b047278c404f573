//! Syncing SQLite's write-ahead log from outside SQLite, after a write group's commit (see
//! `Durability::AtCommit`). The kernel reports a failed write-back once to each open
//! descriptor, and not at all to one opened after the failure: so one descriptor stays open
//! (opened again only if SQLite replaced the file), and a failed sync is sticky. Once a sync
//! failed, frames written before it may be lost while a later sync succeeds, so every later
//! sync fails too and nothing more is acked on the word of that disk (PostgreSQL's
//! `data_sync_retry = off`); the process's next store starts afresh.

use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The log file of one SQLite database, and how its syncs went.
pub struct WalSync {
    path: PathBuf,
    state: Mutex<State>,
}

struct State {
    /// The open descriptor and the file it is (device, inode).
    file: Option<(File, (u64, u64))>,
    /// Why a sync failed, once one did.
    failed: Option<String>,
}

impl WalSync {
    /// The log at `path` (SQLite's database file, as SQLite resolved it, with `-wal`); it is
    /// opened now if it exists, so that write-back errors from then on are reported to it.
    pub fn new(path: PathBuf) -> Self {
        let file = current_file(&path, None).ok();
        Self { path, state: Mutex::new(State { file, failed: None }) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts what was written to the log on the disk (blocking: run it off the runtime).
    pub fn sync(&self) -> Result<(), String> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(reason) = &state.failed {
            return Err(format!("an earlier sync of {} failed ({reason}): nothing written since is trusted to be on the disk", self.path.display()));
        }
        let synced = current_file(&self.path, state.file.take()).and_then(|(file, id)| {
            let synced = file.sync_data();
            state.file = Some((file, id));
            synced
        });
        synced.map_err(|e| {
            let reason = format!("cannot sync {}: {e}", self.path.display());
            state.failed = Some(e.to_string());
            reason
        })
    }
}

/// `open` if it is still the file at `path`, else the file there now, opened.
fn current_file(path: &Path, open: Option<(File, (u64, u64))>) -> std::io::Result<(File, (u64, u64))> {
    let there = std::fs::metadata(path)?;
    let id = (there.dev(), there.ino());
    match open {
        Some((file, open_id)) if open_id == id => Ok((file, id)),
        _ => Ok((File::open(path)?, id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_log_is_opened_again() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("db.sqlite-wal");
        std::fs::write(&path, b"frames").expect("a log");
        let sync = WalSync::new(path.clone());
        sync.sync().expect("the log syncs");
        std::fs::remove_file(&path).expect("the log goes");
        std::fs::write(&path, b"new frames").expect("a new log");
        sync.sync().expect("the new log syncs");
        let state = sync.state.lock().expect("the state");
        let there = std::fs::metadata(&path).expect("the new log");
        assert_eq!(state.file.as_ref().map(|(_, id)| *id), Some((there.dev(), there.ino())), "the new file is the one open");
    }

    #[test]
    fn a_failed_sync_fails_every_later_one() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("db.sqlite-wal");
        let sync = WalSync::new(path.clone());
        let first = sync.sync().expect_err("no log to sync");
        assert!(first.contains("db.sqlite-wal"), "{first}");
        std::fs::write(&path, b"frames").expect("a log after all");
        let later = sync.sync().expect_err("still failed");
        assert!(later.contains("an earlier sync"), "{later}");
    }
}
