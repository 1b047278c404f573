//! An attempt as the index writer takes it: a tantivy document whose four dynamic fields are
//! views over the attempt's values (see [`schema`](super::schema)). Names and lowercased texts
//! share one buffer, so that building and dropping a document costs a few allocations, not a
//! few per value.

use std::fmt::Write as _;
use std::ops::Range;

use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Document, Field, Value};

use super::schema::Fields;
use crate::search::attempt::{visit_attempt, Value as AttemptValue, PAYLOAD_FIELD};
use crate::search::query::{date, number, push_lowercase};
use crate::store::LogRow;

/// One value, in every form the index keeps of it.
#[derive(Debug)]
pub(super) struct IndexedLeaf {
    name: Range<usize>,
    /// The value as lowercased text (numbers as the plain scan writes them: `500`, `99.5`).
    folded: Range<usize>,
    /// Set for number values only.
    number: Option<f64>,
    /// Numbers, and texts that are decimal numbers.
    range_number: Option<f64>,
    /// Texts that are dates, in nanoseconds since the epoch (UTC).
    date_nanos: Option<i64>,
}

/// -0.0 as 0.0: they are equal as numbers, but not as index terms.
pub(super) fn positive_zero(value: f64) -> f64 {
    value + 0.0
}

/// An attempt ready for [`tantivy::IndexWriter::add_document`].
#[derive(Debug)]
pub(super) struct IndexedAttempt {
    fields: Fields,
    log_id: u64,
    /// Every name and lowercased text, back to back.
    text: String,
    leaves: Vec<IndexedLeaf>,
}

impl IndexedAttempt {
    pub fn new(fields: Fields, row: &LogRow) -> Self {
        let mut text = String::with_capacity(row.payload.len() * 2);
        let mut leaves: Vec<IndexedLeaf> = Vec::with_capacity(64);
        let mut columns = None;
        let is_json = visit_attempt(row, &mut |name, value| {
            if columns.is_none() && name.starts_with(PAYLOAD_FIELD) {
                columns = Some((leaves.len(), text.len()));
            }
            let start = text.len();
            text.push_str(name);
            let name = start..text.len();
            let (number_value, range_number, date_nanos) = match value {
                AttemptValue::Text(value) => {
                    push_lowercase(&mut text, value);
                    // Dates outside 1677-2262 do not fit in i64 nanoseconds: they are not in ranges.
                    (None, number(value).map(positive_zero), date(value).and_then(|d| d.at.and_utc().timestamp_nanos_opt()))
                }
                AttemptValue::Number(value) => {
                    // Writing to a String cannot fail.
                    let _ = write!(text, "{value}");
                    (Some(positive_zero(value)), Some(positive_zero(value)), None)
                }
            };
            let folded = name.end..text.len();
            leaves.push(IndexedLeaf { name, folded, number: number_value, range_number, date_nanos });
        });
        if let (false, Some((leaf_count, text_len))) = (is_json, columns) {
            leaves.truncate(leaf_count);
            text.truncate(text_len);
        }
        Self { fields, log_id: row.log_id.max(0) as u64, text, leaves }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Part {
    Values,
    Numbers,
    Ranges,
    Dates,
}

/// A value of an [`IndexedAttempt`] as tantivy reads it.
#[derive(Debug, Clone)]
pub(super) enum View<'a> {
    LogId(u64),
    Dynamic(&'a IndexedAttempt, Part),
    Str(&'a str),
    F64(f64),
    I64(i64),
}

impl<'a> Value<'a> for View<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = Members<'a>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        match *self {
            View::LogId(id) => ReferenceValue::Leaf(ReferenceValueLeaf::U64(id)),
            View::Str(text) => ReferenceValue::Leaf(ReferenceValueLeaf::Str(text)),
            View::F64(value) => ReferenceValue::Leaf(ReferenceValueLeaf::F64(value)),
            View::I64(value) => ReferenceValue::Leaf(ReferenceValueLeaf::I64(value)),
            View::Dynamic(attempt, part) => ReferenceValue::Object(Members { attempt, part, at: 0 }),
        }
    }
}

/// The members of one dynamic field of an attempt; a name repeats when it has several values.
pub(super) struct Members<'a> {
    attempt: &'a IndexedAttempt,
    part: Part,
    at: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, View<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let text = &self.attempt.text;
        while let Some(leaf) = self.attempt.leaves.get(self.at) {
            self.at += 1;
            let view = match self.part {
                Part::Values => Some(View::Str(&text[leaf.folded.clone()])),
                Part::Numbers => leaf.number.map(View::F64),
                Part::Ranges => leaf.range_number.map(View::F64),
                Part::Dates => leaf.date_nanos.map(View::I64),
            };
            if let Some(view) = view {
                return Some((&text[leaf.name.clone()], view));
            }
        }
        None
    }
}

impl Document for IndexedAttempt {
    type Value<'a> = View<'a>;
    type FieldsValuesIter<'a> = std::array::IntoIter<(Field, View<'a>), 5>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        [
            (self.fields.log_id, View::LogId(self.log_id)),
            (self.fields.values, View::Dynamic(self, Part::Values)),
            (self.fields.numbers, View::Dynamic(self, Part::Numbers)),
            (self.fields.ranges, View::Dynamic(self, Part::Ranges)),
            (self.fields.dates, View::Dynamic(self, Part::Dates)),
        ]
        .into_iter()
    }
}
