//! Collectors of log ids, read from the `log_id` fast field: every match (exports, finding
//! indexed rows that the store no longer has), and a page of the first matches in log-id order
//! with the count of all.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
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
}

pub(super) struct SegmentFirstLogIds {
    column: Column<u64>,
    first: usize,
    order: SortOrder,
    count: u64,
    kept: Vec<u64>,
    /// Once `first` ids are kept, the last of them: an id must come before it to be kept.
    bar: Option<u64>,
    values: Vec<Option<u64>>,
}

impl SegmentFirstLogIds {
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

    fn for_segment(&self, _segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentFirstLogIds> {
        Ok(SegmentFirstLogIds {
            column: reader.fast_fields().u64("log_id")?,
            first: self.first,
            order: self.order,
            count: 0,
            kept: Vec::new(),
            bar: None,
            values: Vec::new(),
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
        self.count += 1;
        if let Some(log_id) = self.column.first(doc) {
            self.keep(log_id);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.count += docs.len() as u64;
        let mut values = std::mem::take(&mut self.values);
        values.clear();
        values.resize(docs.len(), None);
        self.column.first_vals(docs, &mut values);
        for log_id in values.iter().flatten() {
            self.keep(*log_id);
        }
        self.values = values;
    }

    fn harvest(mut self) -> (u64, Vec<u64>) {
        self.trim();
        (self.count, self.kept)
    }
}
