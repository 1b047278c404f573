//! Collectors of log ids, read from the `log_id` fast field: every match (exports, finding
//! indexed rows that the store no longer has), and a page of the first matches in log-id order
//! with the count of all.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, ColumnIndex};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::search::service::SortOrder;

/// Every matching log id, in no particular order.
pub(super) struct LogIds;

pub(super) struct SegmentLogIds {
    column: Column<u64>,
    ids: Vec<u64>,
}

impl Collector for LogIds {
    type Fruit = Vec<u64>;
    type Child = SegmentLogIds;

    fn for_segment(&self, _segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentLogIds> {
        Ok(SegmentLogIds { column: reader.fast_fields().u64("log_id")?, ids: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentLogIds {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.ids.extend(self.column.first(doc));
    }

    fn harvest(self) -> Vec<u64> {
        self.ids
    }
}

/// The first `first` log ids in `order` among the matches, sorted, and how many match in all.
pub(super) struct FirstLogIds {
    pub first: usize,
    pub order: SortOrder,
    /// By segment ordinal: whether the segment's log ids ascend with its document ids (see
    /// [`log_ids_ascend`]). There the first matches in log-id order are the first or last
    /// matching documents, and only those need their log id read.
    pub ascending: Vec<bool>,
}

/// Whether the log ids of a segment ascend with its document ids. A segment written by one
/// indexing thread does (rows are added in log-id order); a merge of several does not.
pub(super) fn log_ids_ascend(reader: &SegmentReader) -> tantivy::Result<bool> {
    let column = reader.fast_fields().u64("log_id")?;
    if !matches!(column.index, ColumnIndex::Full) {
        return Ok(false);
    }
    let mut previous = None;
    let ascend = column.values.iter().all(|log_id| previous.replace(log_id).is_none_or(|before| before < log_id));
    Ok(ascend)
}

pub(super) enum SegmentFirstLogIds {
    /// A segment whose log ids ascend: keeps document ids, reads their log ids at the end.
    Ascending { column: Column<u64>, first: usize, order: SortOrder, count: u64, docs: Vec<DocId> },
    Any(AnyOrder),
}

/// A segment in no known order: reads every match's log id and keeps the first ones.
pub(super) struct AnyOrder {
    column: Column<u64>,
    first: usize,
    order: SortOrder,
    count: u64,
    kept: Vec<u64>,
    /// Once `first` ids are kept, the last of them: an id must come before it to be kept.
    bar: Option<u64>,
    values: Vec<Option<u64>>,
}

impl AnyOrder {
    fn comes_before(&self, a: u64, b: u64) -> bool {
        compare(self.order, a, b).is_lt()
    }

    fn keep(&mut self, log_id: u64) {
        if self.bar.is_none_or(|bar| self.comes_before(log_id, bar)) {
            self.kept.push(log_id);
            // Matches often come in log-id order, each passing the bar: trim in bulk.
            if self.kept.len() >= 2 * self.first.max(512) {
                self.trim();
            }
        }
    }

    /// Keeps only the first `first` ids (unsorted) and raises the bar to the last of them.
    fn trim(&mut self) {
        if self.first == 0 || self.kept.len() <= self.first {
            return;
        }
        let order = self.order;
        let (_, last, _) = self.kept.select_nth_unstable_by(self.first - 1, |a, b| compare(order, *a, *b));
        self.bar = Some(*last);
        self.kept.truncate(self.first);
    }
}

fn compare(order: SortOrder, a: u64, b: u64) -> std::cmp::Ordering {
    match order {
        SortOrder::NewestFirst => b.cmp(&a),
        SortOrder::OldestFirst => a.cmp(&b),
    }
}


impl Collector for FirstLogIds {
    type Fruit = (u64, Vec<u64>);
    type Child = SegmentFirstLogIds;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentFirstLogIds> {
        let (column, first, order) = (reader.fast_fields().u64("log_id")?, self.first, self.order);
        Ok(if self.ascending.get(segment as usize).copied().unwrap_or(false) {
            SegmentFirstLogIds::Ascending { column, first, order, count: 0, docs: Vec::new() }
        } else {
            SegmentFirstLogIds::Any(AnyOrder { column, first, order, count: 0, kept: Vec::new(), bar: None, values: Vec::new() })
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(u64, Vec<u64>)>) -> tantivy::Result<(u64, Vec<u64>)> {
        let count = fruits.iter().map(|(count, _)| count).sum();
        let mut ids: Vec<u64> = fruits.into_iter().flat_map(|(_, ids)| ids).collect();
        ids.sort_unstable_by(|a, b| compare(self.order, *a, *b));
        ids.truncate(self.first);
        Ok((count, ids))
    }
}

impl SegmentCollector for SegmentFirstLogIds {
    type Fruit = (u64, Vec<u64>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, matches: &[DocId]) {
        match self {
            // Documents come in ascending order: the newest are the last ones, the oldest the first.
            SegmentFirstLogIds::Ascending { first, order, count, docs, .. } => {
                *count += matches.len() as u64;
                match order {
                    SortOrder::NewestFirst => {
                        docs.extend_from_slice(matches);
                        if docs.len() >= 2 * (*first).max(512) {
                            docs.drain(..docs.len() - *first);
                        }
                    }
                    SortOrder::OldestFirst => {
                        let room = first.saturating_sub(docs.len()).min(matches.len());
                        docs.extend_from_slice(&matches[..room]);
                    }
                }
            }
            SegmentFirstLogIds::Any(any) => {
                any.count += matches.len() as u64;
                let mut values = std::mem::take(&mut any.values);
                values.clear();
                values.resize(matches.len(), None);
                any.column.first_vals(matches, &mut values);
                for log_id in values.iter().flatten() {
                    any.keep(*log_id);
                }
                any.values = values;
            }
        }
    }

    fn harvest(self) -> (u64, Vec<u64>) {
        match self {
            SegmentFirstLogIds::Ascending { column, first, order, count, mut docs } => {
                if order == SortOrder::NewestFirst && docs.len() > first {
                    docs.drain(..docs.len() - first);
                }
                let mut values = vec![None; docs.len()];
                column.first_vals(&docs, &mut values);
                (count, values.into_iter().flatten().collect())
            }
            SegmentFirstLogIds::Any(mut any) => {
                any.trim();
                (any.count, any.kept)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::AllQuery;
    use tantivy::schema::{Schema, FAST, INDEXED};
    use tantivy::{doc, Index, IndexWriter, TantivyDocument};

    use super::*;

    /// A searcher over one segment whose documents hold `log_ids` in this order.
    fn segment(log_ids: &[u64]) -> tantivy::Searcher {
        let mut schema = Schema::builder();
        let field = schema.add_u64_field("log_id", INDEXED | FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 15_000_000).expect("a writer");
        for log_id in log_ids {
            writer.add_document(doc!(field => *log_id)).expect("a document");
        }
        writer.commit().expect("a commit");
        index.reader().expect("a reader").searcher()
    }

    fn first(searcher: &tantivy::Searcher, first: usize, order: SortOrder) -> (u64, Vec<u64>) {
        let ascending = searcher.segment_readers().iter().map(|r| log_ids_ascend(r).expect("a column")).collect();
        searcher.search(&AllQuery, &FirstLogIds { first, order, ascending }).expect("a search")
    }

    #[test]
    fn segments_in_log_id_order_are_told_apart_from_the_others() {
        let ascending = segment(&[3, 5, 9, 10]);
        assert!(log_ids_ascend(&ascending.segment_readers()[0]).expect("a column"));
        let shuffled = segment(&[3, 9, 5, 10]);
        assert!(!log_ids_ascend(&shuffled.segment_readers()[0]).expect("a column"));
    }

    #[test]
    fn the_first_ids_in_either_order_whatever_the_segment_order() {
        let ids: Vec<u64> = (1..=3_000).collect();
        // A deterministic shuffle: multiplying by a number prime to the length permutes.
        let shuffled: Vec<u64> = (0..3_000u64).map(|i| (i * 1_201) % 3_000 + 1).collect();
        for searcher in [segment(&ids), segment(&shuffled)] {
            assert_eq!(first(&searcher, 5, SortOrder::NewestFirst), (3_000, vec![3_000, 2_999, 2_998, 2_997, 2_996]));
            assert_eq!(first(&searcher, 3, SortOrder::OldestFirst), (3_000, vec![1, 2, 3]));
            let (count, all) = first(&searcher, 5_000, SortOrder::NewestFirst);
            assert_eq!((count, all.len(), all[0], all[2_999]), (3_000, 3_000, 3_000, 1));
            assert_eq!(first(&searcher, 0, SortOrder::NewestFirst), (3_000, vec![]));
        }
    }
}
