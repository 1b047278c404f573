//! Keeping the index in step with the attempt log. The watermark, the highest log id indexed,
//! is stored in each commit's payload, so it moves with what the commit makes visible. A sync
//! adds the rows above it and deletes from the index the rows the store no longer has; a
//! rebuild indexes every row again.
//!
//! SQLite takes one writer at a time, so log ids become visible in order: when the watermark is
//! set, every row below it is already there; and the log's ids are never reused
//! (AUTOINCREMENT). On MySQL, consumers record side by side and a transaction can commit a
//! lower id after a higher one was indexed: the ids missing below the watermark are kept with
//! the commit and looked for again by the next syncs, for a while (see [`Gap`]).
//! An index belongs to one store: after replacing the database (a restore), rebuild it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::directory::error::LockError;
use tantivy::indexer::{LogMergePolicy, NoMergePolicy};
use tantivy::query::AllQuery;
use tantivy::{IndexWriter, TantivyError, Term};

use super::collect::LogIds;
use super::document::IndexedAttempt;
use super::{failed, SearchIndex};
use crate::error::{Error, ErrorKind, Result};
use crate::store::Store;

/// Rows read from the store at a time.
const BATCH: u32 = 2_000;
/// A long catch-up commits (and so keeps its progress) every this many rows; a rebuild commits
/// once, at the end, so that searches never see it half done.
const COMMIT_EVERY: u64 = 250_000;
/// Indexing memory per writer thread (an upper bound, taken as needed), before tantivy writes
/// a segment. Larger segments index faster and are faster to search: with 96 MB a million
/// attempts made 32 segments, with 384 MB 7.
const MEMORY_PER_THREAD: usize = 384 * 1024 * 1024;
/// Segments written by syncs are merged up to this many attempts; larger ones (a rebuild writes
/// them) are never merged, so that no sync, which a query may run, waits on a long merge.
const MERGED_UP_TO: usize = 100_000;
/// More threads than this do not pay on the sizes of documents we index.
const MAX_THREADS: usize = 4;

/// What a sync did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub added: u64,
    pub removed: u64,
}

/// How far a rebuild is, after each batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReindexProgress {
    pub indexed: u64,
    /// The rows in the store when the rebuild started (rows added since make `indexed` larger).
    pub total: u64,
}

/// Kept with each commit: the highest log id indexed, and the ids below it not seen yet.
#[derive(Default, Serialize, Deserialize)]
struct CommitPayload {
    watermark: i64,
    #[serde(default)]
    gaps: Vec<Gap>,
}

/// A log id below the watermark that was missing when the rows after it were indexed: on
/// MySQL, consumers record side by side and a transaction can commit a lower id after a higher
/// one was read. Each sync looks for it again until it turns up or [`GAP_PATIENCE_MS`] has
/// passed (ids a rolled-back transaction took never turn up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Gap {
    log_id: i64,
    seen_ms: i64,
}

/// How long a missing id is looked for: far longer than a record transaction lasts.
const GAP_PATIENCE_MS: i64 = 120_000;
/// At most this many missing ids are remembered (a cluster whose ids step by more than one
/// leaves a gap at every row); the oldest go first.
const MAX_GAPS: usize = 10_000;

/// Whether a sync also looks for rows deleted from the store (it costs a count of the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deletions {
    Find,
    Skip,
}

impl SearchIndex {
    /// The highest log id indexed (0 for an empty index).
    pub fn watermark(&self) -> Result<i64> {
        Ok(self.payload()?.watermark)
    }

    fn payload(&self) -> Result<CommitPayload> {
        let metas = self.index.load_metas().map_err(failed(format!("cannot read the search index {}", self.dir.display())))?;
        // A payload we did not write (none, or another format) means nothing is known indexed.
        Ok(metas.payload.and_then(|p| serde_json::from_str::<CommitPayload>(&p).ok()).unwrap_or_default())
    }

    /// Adds the rows above the watermark and, with [`Deletions::Find`], deletes the rows gone
    /// from the store. Returns `None` when the index is being written, by another process or
    /// by this one. It never waits for this process's own writer: that writer may be the very
    /// call this one is made from (a reindex whose progress callback searches or syncs).
    pub(crate) async fn sync(&self, store: &Arc<Store>, deletions: Deletions) -> Result<Option<SyncReport>> {
        let Ok(_writing) = self.writing.try_lock() else { return Ok(None) };
        self.refresh()?;
        let CommitPayload { watermark, mut gaps } = self.payload()?;
        let latest = store.log_max_id().await?;
        let stale = match deletions {
            Deletions::Find => self.stale_ids(store, watermark).await?,
            Deletions::Skip => Vec::new(),
        };
        if latest <= watermark && stale.is_empty() && gaps.is_empty() {
            return Ok(Some(SyncReport::default()));
        }
        let Some(mut writer) = self.writer()? else { return Ok(None) };
        for log_id in &stale {
            writer.delete_term(Term::from_field_u64(self.fields.log_id, *log_id));
        }
        let now = store.now_ms();
        gaps.retain(|gap| now - gap.seen_ms < GAP_PATIENCE_MS);
        let late = if gaps.is_empty() { Vec::new() } else { store.log_rows_by_ids(&gaps.iter().map(|g| g.log_id).collect::<Vec<_>>()).await? };
        for row in &late {
            writer.add_document(IndexedAttempt::new(self.fields, row)).map_err(failed("cannot index an attempt"))?;
        }
        gaps.retain(|gap| !late.iter().any(|row| row.log_id == gap.log_id));
        let added = late.len() as u64
            + self.add_rows_after(store, &mut writer, watermark, &mut gaps, Some(COMMIT_EVERY), &mut |_| Ok(())).await?;
        self.finish(writer)?;
        tracing::debug!(added, removed = stale.len(), index = %self.dir.display(), "search index synced");
        Ok(Some(SyncReport { added, removed: stale.len() as u64 }))
    }

    /// Indexes every row again, calling `progress` after each batch; the index keeps showing
    /// its previous state until the rebuild commits, and keeps it if `progress` returns an error
    /// (which the rebuild then returns). Returns how many rows were indexed.
    pub async fn rebuild(&self, store: &Arc<Store>, progress: &mut dyn FnMut(ReindexProgress) -> Result<()>) -> Result<u64> {
        let Ok(_writing) = self.writing.try_lock() else { return Err(self.busy()) };
        let Some(mut writer) = self.writer()? else { return Err(self.busy()) };
        // Merging as it goes cost a fifth of a rebuild's time, for segments that are already large.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        writer.delete_all_documents().map_err(failed("cannot empty the search index"))?;
        let total = store.log_count().await?;
        progress(ReindexProgress { indexed: 0, total })?;
        let indexed = self
            .add_rows_after(store, &mut writer, 0, &mut Vec::new(), None, &mut |indexed| {
                progress(ReindexProgress { indexed, total: total.max(indexed) })
            })
            .await?;
        self.finish(writer)?;
        Ok(indexed)
    }

    /// The error for a write refused because the index is being written.
    pub(crate) fn busy(&self) -> Error {
        Error::new(
            ErrorKind::Storage,
            format!("the search index {} is being written (a sync or reindex, here or in another process); try again when it is done", self.dir.display()),
        )
    }

    /// Log ids in the index at or below `watermark` that the store no longer has.
    async fn stale_ids(&self, store: &Store, watermark: i64) -> Result<Vec<u64>> {
        let searcher = self.reader.searcher();
        let in_store = store.log_count().await?.saturating_sub(store.log_count_after(watermark).await?);
        let shown = searcher.search(&AllQuery, &Count).map_err(failed("cannot count the search index"))? as u64;
        // Equal counts: nothing was deleted. A row added meanwhile only makes them differ, and
        // then the lists below are compared for nothing.
        if in_store == shown {
            return Ok(Vec::new());
        }
        let mut stored = store.log_ids().await?;
        stored.sort_unstable();
        let mut indexed = searcher.search(&AllQuery, &LogIds).map_err(failed("cannot list the search index"))?;
        indexed.sort_unstable();
        Ok(indexed
            .into_iter()
            .filter(|id| *id <= watermark as u64 && stored.binary_search(&(*id as i64)).is_err())
            .collect())
    }

    /// A writer, or `None` when another process holds the index's lock.
    fn writer(&self) -> Result<Option<IndexWriter<IndexedAttempt>>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_THREADS);
        match self.index.writer_with_num_threads(threads, threads * MEMORY_PER_THREAD) {
            Ok(writer) => {
                let mut merges = LogMergePolicy::default();
                merges.set_max_docs_before_merge(MERGED_UP_TO);
                writer.set_merge_policy(Box::new(merges));
                Ok(Some(writer))
            }
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => Ok(None),
            Err(e) => Err(failed(format!("cannot write the search index {}", self.dir.display()))(e)),
        }
    }

    /// Indexes the rows above `after`, committing every `commit_every` rows if given and at the
    /// end, with `gaps` and the ids found missing on the way; `progress` gets the count so far
    /// after each batch, and stops the work with its error. Returns how many rows were added.
    async fn add_rows_after(
        &self,
        store: &Arc<Store>,
        writer: &mut IndexWriter<IndexedAttempt>,
        after: i64,
        gaps: &mut Vec<Gap>,
        commit_every: Option<u64>,
        progress: &mut dyn FnMut(u64) -> Result<()>,
    ) -> Result<u64> {
        let read = |after: i64| {
            let store = Arc::clone(store);
            tokio::spawn(async move { store.log_rows_after(after, BATCH).await })
        };
        let (mut cursor, mut added, mut uncommitted) = (after, 0u64, 0u64);
        let mut next = read(after);
        loop {
            let rows = next.await.map_err(|e| Error::with_source(ErrorKind::Storage, "cannot read the attempt log", e))??;
            let Some(last) = rows.last() else { break };
            let mut previous = cursor;
            cursor = last.log_id;
            // The store reads the next batch while this one is prepared for the index.
            next = read(cursor);
            let now = store.now_ms();
            for row in &rows {
                if row.log_id > previous + 1 {
                    let missing = (previous + 1).max(row.log_id - MAX_GAPS as i64)..row.log_id;
                    gaps.extend(missing.map(|log_id| Gap { log_id, seen_ms: now }));
                }
                previous = row.log_id;
                let document = IndexedAttempt::new(self.fields, row);
                writer.add_document(document).map_err(failed("cannot index an attempt"))?;
            }
            if gaps.len() > MAX_GAPS {
                gaps.drain(..gaps.len() - MAX_GAPS);
            }
            added += rows.len() as u64;
            uncommitted += rows.len() as u64;
            progress(added)?;
            if commit_every.is_some_and(|every| uncommitted >= every) {
                self.commit(writer, cursor, gaps)?;
                uncommitted = 0;
            }
        }
        self.commit(writer, cursor, gaps)?;
        Ok(added)
    }

    fn commit(&self, writer: &mut IndexWriter<IndexedAttempt>, watermark: i64, gaps: &[Gap]) -> Result<()> {
        let payload = serde_json::to_string(&CommitPayload { watermark, gaps: gaps.to_vec() })
            .map_err(|e| Error::with_source(ErrorKind::Storage, "cannot write the search index's watermark", e))?;
        let mut commit = writer.prepare_commit().map_err(failed("cannot commit the search index"))?;
        commit.set_payload(&payload);
        commit.commit().map_err(failed("cannot commit the search index"))?;
        Ok(())
    }

    /// Lets the merges the commits started finish (dropping a writer would abandon them and
    /// leave many small segments), then shows the result.
    fn finish(&self, writer: IndexWriter<IndexedAttempt>) -> Result<()> {
        writer.wait_merging_threads().map_err(failed("cannot merge the search index's segments"))?;
        self.refresh()
    }
}
