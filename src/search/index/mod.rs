//! The embedded search index of the attempt log (tantivy, on local disk): opening it and
//! answering queries with log ids, in log-id order. What is indexed is [`schema`]; keeping it
//! in step with the store is [`sync`].

mod automaton;
mod collect;
mod document;
mod schema;
mod sync;
mod translate;
mod value_test;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::collector::Count;
use tantivy::directory::MmapDirectory;
use tantivy::index::SegmentId;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, SegmentReader};

pub(crate) use sync::Deletions;
pub use sync::{ReindexProgress, SyncReport};

use self::collect::{log_ids_ascend, FirstLogIds, LogIds};
use self::schema::Fields;
use super::query::Query;
use super::service::SortOrder;
use crate::error::{Error, ErrorKind, Result};

/// The folder under `index_path` that holds this schema's index: a later schema gets a new
/// folder (and a rebuild) instead of failing on the old one.
const LAYOUT: &str = "v1";

/// At most this many threads search one query's segments.
const SEARCH_THREADS: usize = 4;

pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The commit and segments the reader shows, to reload only when they change.
    shown: Mutex<(u64, Vec<SegmentId>)>,
    /// One writer at a time in this process; tantivy's lock file keeps other processes out.
    writing: tokio::sync::Mutex<()>,
    /// Whether each segment's log ids ascend with its document ids (see `ascending_segments`).
    ascending: Mutex<HashMap<SegmentId, bool>>,
}

impl SearchIndex {
    /// Opens the index under `path`, creating it (empty) on first use.
    pub fn open(path: &Path) -> Result<Self> {
        let dir = path.join(LAYOUT);
        std::fs::create_dir_all(&dir).map_err(failed(format!("cannot create the search index folder {}", dir.display())))?;
        let cannot_open = format!("cannot open the search index {}", dir.display());
        let (schema, fields) = schema::schema();
        let directory = MmapDirectory::open(&dir).map_err(failed(&cannot_open))?;
        let mut index = Index::open_or_create(directory, schema).map_err(failed(&cannot_open))?;
        // Segments are searched in parallel, one thread per core.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, SEARCH_THREADS);
        index.set_multithread_executor(threads).map_err(failed(&cannot_open))?;
        let reader =
            index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(failed(&cannot_open))?;
        let shown = Mutex::new(commit_shown(&index).map_err(failed(&cannot_open))?);
        Ok(Self { dir, index, reader, fields, shown, writing: tokio::sync::Mutex::new(()), ascending: Mutex::default() })
    }

    /// Removes the index under `path` (this schema's folder only), for a rebuild from nothing
    /// when it cannot be opened.
    pub fn discard(path: &Path) -> Result<()> {
        let dir = path.join(LAYOUT);
        match std::fs::remove_dir_all(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(failed(format!("cannot remove the search index {}", dir.display()))(e))
            }
            _ => Ok(()),
        }
    }

    /// Makes searches see the latest commit, whoever made it (this process or another).
    pub fn refresh(&self) -> Result<()> {
        let cannot = || format!("cannot reload the search index {}", self.dir.display());
        let mut shown = self.shown.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Another process may commit, and remove the files of the commit just read, between
        // reading the commit and opening its files: then read it again.
        let mut tries = 0;
        loop {
            let latest = commit_shown(&self.index).map_err(failed(cannot()))?;
            if *shown == latest {
                return Ok(());
            }
            match self.reader.reload() {
                Ok(()) => {
                    *shown = latest;
                    return Ok(());
                }
                Err(_) if tries == 0 => tries += 1,
                Err(e) => return Err(failed(cannot())(e)),
            }
        }
    }

    /// The log ids of the matches from `offset`, at most `limit`, and how many match in all.
    pub fn page(&self, query: &Query, order: SortOrder, offset: usize, limit: usize) -> Result<(Vec<i64>, u64)> {
        let translated = translate::translate(query, self.fields)?;
        let searcher = self.reader.searcher();
        let cannot = |e| failed(format!("cannot search the index {}", self.dir.display()))(e);
        if limit == 0 {
            return Ok((Vec::new(), searcher.search(&*translated, &Count).map_err(cannot)? as u64));
        }
        let ascending = self.ascending_segments(&searcher).map_err(cannot)?;
        let first = FirstLogIds { first: offset.saturating_add(limit), order, ascending };
        let (total, ids) = searcher.search(&*translated, &first).map_err(cannot)?;
        Ok((ids.into_iter().skip(offset).map(|log_id| log_id as i64).collect(), total))
    }

    /// The log ids of every match, in `order`.
    pub fn all_matches(&self, query: &Query, order: SortOrder) -> Result<Vec<i64>> {
        let translated = translate::translate(query, self.fields)?;
        let mut ids = self.reader.searcher().search(&*translated, &LogIds).map_err(failed(format!(
            "cannot search the index {}",
            self.dir.display()
        )))?;
        match order {
            SortOrder::NewestFirst => ids.sort_unstable_by(|a, b| b.cmp(a)),
            SortOrder::OldestFirst => ids.sort_unstable(),
        }
        Ok(ids.into_iter().map(|id| id as i64).collect())
    }
}

impl SearchIndex {
    /// By segment ordinal, whether the segment's log ids ascend with its document ids; worked
    /// out once per segment (segments never change) and remembered for the segments in use.
    fn ascending_segments(&self, searcher: &Searcher) -> tantivy::Result<Vec<bool>> {
        let mut known = self.ascending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut ascending = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let flag = match known.get(&reader.segment_id()) {
                Some(flag) => *flag,
                None => *known.entry(reader.segment_id()).or_insert(log_ids_ascend(reader)?),
            };
            ascending.push(flag);
        }
        if known.len() > 2 * ascending.len() {
            let in_use: HashSet<SegmentId> = searcher.segment_readers().iter().map(SegmentReader::segment_id).collect();
            known.retain(|id, _| in_use.contains(id));
        }
        Ok(ascending)
    }
}

/// What a reader would show now: the last commit's opstamp and its segments (a merge changes
/// the segments and keeps the opstamp).
fn commit_shown(index: &Index) -> tantivy::Result<(u64, Vec<SegmentId>)> {
    let metas = index.load_metas()?;
    Ok((metas.opstamp, metas.segments.iter().map(|segment| segment.id()).collect()))
}

/// Turns a tantivy (or I/O) error into a storage error that says what was being done.
fn failed<E>(what: impl Into<String>) -> impl FnOnce(E) -> Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    let what = what.into();
    move |e| Error::with_source(ErrorKind::Storage, what, e)
}
