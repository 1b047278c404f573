//! What the front door asks of search: a page of matching attempts with the total, a CSV export
//! of every match, sync and rebuild of the index. With indexing off (`indexing_enabled`), queries
//! run as a plain scan of the attempt log, with the same meaning and no index on disk.
//!
//! Before answering, a query adds to the index the attempts logged since the last sync (unless
//! another sync is running), so results include every attempt recorded before the query.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::attempt::SearchedAttempt;
use super::csv;
use super::index::{Deletions, ReindexProgress, SearchIndex, SyncReport};
use super::query::{matches, parse, Query};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::store::{LogRow, Page, Store};

/// Rows read at a time by the plain scan and by exports.
const BATCH: u32 = 2_000;

/// The order of results, by log id (the order attempts were recorded in).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    #[default]
    NewestFirst,
    OldestFirst,
}

impl SortOrder {
    /// `newest` or `oldest`.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "newest" => Ok(Self::NewestFirst),
            "oldest" => Ok(Self::OldestFirst),
            other => Err(Error::validation(format!("the sort order '{other}' is neither 'newest' nor 'oldest'"))),
        }
    }
}

/// Search over one store's attempt log.
pub struct Search {
    /// `None` when indexing is off.
    index_path: Option<PathBuf>,
    /// Opened on first use, so that a process that never searches never touches it.
    index: tokio::sync::OnceCell<SearchIndex>,
}

impl Search {
    pub fn new(config: &Config) -> Result<Self> {
        let index_path = if config.indexing_enabled { Some(config.index_path()?) } else { None };
        Ok(Self { index_path, index: tokio::sync::OnceCell::new() })
    }

    async fn index(&self) -> Result<Option<&SearchIndex>> {
        match &self.index_path {
            Some(path) => self.open(path).await.map(Some),
            None => Ok(None),
        }
    }

    async fn open(&self, path: &Path) -> Result<&SearchIndex> {
        self.index.get_or_try_init(|| async { SearchIndex::open(path) }).await
    }

    /// The index, synced with the store (new attempts only) and showing the latest commit.
    async fn current_index(&self, store: &Arc<Store>) -> Result<Option<&SearchIndex>> {
        let Some(index) = self.index().await? else { return Ok(None) };
        index.sync(store, Deletions::Skip).await?;
        index.refresh()?;
        Ok(Some(index))
    }

    /// The matches of `query` from `offset`, at most `limit` (0: only the total), in `order`.
    pub async fn query(&self, store: &Arc<Store>, query: &str, order: SortOrder, offset: u64, limit: u64) -> Result<Page<LogRow>> {
        let parsed = parse_query(query)?;
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let (ids, total) = match self.current_index(store).await? {
            Some(index) => index.page(&parsed, order, offset, limit)?,
            None => {
                let all = scan(store, &parsed, order).await?;
                let total = all.len() as u64;
                (all.into_iter().skip(offset).take(limit).collect(), total)
            }
        };
        let items = rows_in_order(store, &ids).await?;
        Ok(Page { items, total_count: i64::try_from(total).unwrap_or(i64::MAX) })
    }

    /// Writes every match of `query` to `out` as CSV (see [`csv`](super::csv)), in `order`,
    /// reading the rows from the store in batches. Returns how many rows were written.
    pub async fn export(&self, store: &Arc<Store>, query: &str, order: SortOrder, out: &mut (dyn Write + Send)) -> Result<u64> {
        let parsed = parse_query(query)?;
        let ids = match self.current_index(store).await? {
            Some(index) => index.all_matches(&parsed, order)?,
            None => scan(store, &parsed, order).await?,
        };
        let cannot_write = |e| Error::with_source(ErrorKind::Storage, "cannot write the CSV export", e);
        csv::write_header(out).map_err(cannot_write)?;
        let mut written = 0;
        for chunk in ids.chunks(BATCH as usize) {
            for row in rows_in_order(store, chunk).await? {
                csv::write_row(out, &row).map_err(cannot_write)?;
                written += 1;
            }
        }
        out.flush().map_err(cannot_write)?;
        Ok(written)
    }

    /// Adds the attempts logged since the last sync and removes those deleted from the store.
    /// Does nothing with indexing off.
    pub async fn sync(&self, store: &Arc<Store>) -> Result<SyncReport> {
        let Some(index) = self.index().await? else { return Ok(SyncReport::default()) };
        index.sync(store, Deletions::Find).await?.ok_or_else(|| index.busy())
    }

    /// Indexes every attempt again; see [`SearchIndex::rebuild`]. An index that cannot be opened
    /// (damaged, or of an unknown schema) is removed and built anew. Refused with indexing off.
    pub async fn reindex(&self, store: &Arc<Store>, progress: &mut dyn FnMut(ReindexProgress) -> Result<()>) -> Result<u64> {
        let Some(path) = &self.index_path else {
            return Err(Error::config("search indexing is off (indexing_enabled = false): there is no index to rebuild"));
        };
        let index = match self.open(path).await {
            Ok(index) => index,
            Err(unusable) => {
                tracing::warn!(error = %unusable, "the search index cannot be opened; rebuilding it from nothing");
                SearchIndex::discard(path)?;
                self.open(path).await?
            }
        };
        index.rebuild(store, progress).await
    }
}

fn parse_query(query: &str) -> Result<Query> {
    parse(query).map_err(|e| Error::validation(format!("invalid search query: {}", e.render(query))))
}

/// The log ids of the attempts matching `query`, by reading every row.
async fn scan(store: &Store, query: &Query, order: SortOrder) -> Result<Vec<i64>> {
    let (mut ids, mut cursor) = (Vec::new(), 0);
    loop {
        let rows = store.log_rows_after(cursor, BATCH).await?;
        let Some(last) = rows.last() else { break };
        cursor = last.log_id;
        ids.extend(rows.iter().filter(|row| matches(query, &SearchedAttempt::from_row(row))).map(|row| row.log_id));
    }
    if order == SortOrder::NewestFirst {
        ids.reverse();
    }
    Ok(ids)
}

/// The rows of `ids`, in that order; rows deleted from the store since they were indexed are
/// left out (the next full sync removes them from the index).
async fn rows_in_order(store: &Store, ids: &[i64]) -> Result<Vec<LogRow>> {
    let mut found: HashMap<i64, LogRow> = store.log_rows_by_ids(ids).await?.into_iter().map(|row| (row.log_id, row)).collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}
