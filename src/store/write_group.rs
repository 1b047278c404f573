//! Write groups: the hot path's writes that arrive together (a hand-off and the attempt
//! records of the same moment) in one transaction, so that they share one commit (one fsync
//! on SQLite, whose one writer would otherwise commit them in turn), each in a savepoint of
//! its own, so that a write that fails is undone alone and the others still commit.

use sqlx::{Acquire, Any, Transaction};

use super::Store;
use crate::error::{Error, ErrorKind, Result, StorageContext};

/// How many groups a store writes at once, and how many writes a group takes at most.
#[derive(Debug, Clone, Copy)]
pub struct WriteGrouping {
    pub groups_at_once: usize,
    pub writes_per_group: usize,
}

/// An open transaction that writes of the hot path join.
pub struct WriteGroup {
    tx: Transaction<'static, Any>,
    /// A failed write could not be undone: committing would keep part of it.
    broken: bool,
}

/// One write of a group, in its savepoint; [`GroupWrite::end`] keeps or undoes it.
pub(super) struct GroupWrite<'g> {
    pub savepoint: Transaction<'g, Any>,
    broken: &'g mut bool,
}

impl Store {
    /// Starts a group (on SQLite it waits for the one writer connection and takes the write lock).
    pub async fn begin_group(&self) -> Result<WriteGroup> {
        let tx = self.writer.begin_write().await.context("cannot start writing")?;
        Ok(WriteGroup { tx, broken: false })
    }
}

impl WriteGroup {
    /// Makes every write of the group that succeeded durable (dropped instead, all are rolled
    /// back). A group with a failed write that could not be undone is rolled back, not committed.
    pub async fn commit(self) -> Result<()> {
        if self.broken {
            // Dropping the transaction rolls it back.
            return Err(Error::new(ErrorKind::Storage, "a failed write could not be undone: its group was rolled back"));
        }
        self.tx.commit().await.context("cannot commit")
    }

    /// Starts one write of the group; refused once a failed write could not be undone (SQLite
    /// may have rolled the whole transaction back: a later statement would run and commit on
    /// its own, outside the group).
    pub(super) async fn write(&mut self) -> Result<GroupWrite<'_>> {
        if self.broken {
            return Err(Error::new(ErrorKind::Storage, "an earlier write of its group could not be undone: the group is rolled back"));
        }
        let savepoint = Acquire::begin(&mut self.tx).await.context("cannot start a write in a group")?;
        Ok(GroupWrite { savepoint, broken: &mut self.broken })
    }
}

impl GroupWrite<'_> {
    /// Keeps the write if it succeeded, undoes it if it failed; returns what it returned.
    pub async fn end<T>(self, written: Result<T>) -> Result<T> {
        match written {
            Ok(value) => match self.savepoint.commit().await {
                Ok(()) => Ok(value),
                Err(e) => {
                    *self.broken = true;
                    Err(e).context("cannot end a write in a group")
                }
            },
            Err(e) => {
                if let Err(undo) = self.savepoint.rollback().await {
                    tracing::error!(error = %undo, "cannot undo a failed write; its group will be rolled back");
                    *self.broken = true;
                }
                Err(e)
            }
        }
    }
}
