//! A query that walks the text values of one name in the term dictionary and keeps those that
//! pass a test: for matching that no compact automaton expresses, such as phrases, whose word
//! boundaries are Unicode classes (a regular expression over them exceeds the automaton's size
//! limit).

use std::fmt;
use std::sync::Arc;

use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, TERMINATED};

type Test = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// The documents with a term that starts with `prefix` (a name and the text type) and whose
/// remaining bytes, as text, pass `test`.
#[derive(Clone)]
pub(super) struct ValueTestQuery {
    field: Field,
    prefix: Vec<u8>,
    test: Test,
}

impl ValueTestQuery {
    pub fn new(field: Field, prefix: Vec<u8>, test: impl Fn(&str) -> bool + Send + Sync + 'static) -> Self {
        Self { field, prefix, test: Arc::new(test) }
    }
}

impl fmt::Debug for ValueTestQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValueTestQuery").field("field", &self.field).field("prefix", &self.prefix).finish()
    }
}

impl Query for ValueTestQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for ValueTestQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inverted_index = reader.inverted_index(self.field)?;
        // The prefix ends with the type byte: the next byte value ends this name's texts.
        let mut end = self.prefix.clone();
        if let Some(last) = end.last_mut() {
            *last = last.saturating_add(1);
        }
        let mut terms = inverted_index.terms().range().ge(&self.prefix).lt(&end).into_stream()?;
        let mut docs: Vec<DocId> = Vec::new();
        while terms.advance() {
            let passes = std::str::from_utf8(&terms.key()[self.prefix.len()..]).is_ok_and(|value| (self.test)(value));
            if !passes {
                continue;
            }
            let mut postings = inverted_index.read_block_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            while !postings.docs().is_empty() {
                docs.extend_from_slice(postings.docs());
                postings.advance();
            }
        }
        docs.sort_unstable();
        docs.dedup();
        Ok(Box::new(ConstScorer::new(SortedDocs { docs, at: 0 }, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("ValueTestQuery", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!("document {doc} does not match")))
        }
    }
}

/// Documents from a sorted list without duplicates.
struct SortedDocs {
    docs: Vec<DocId>,
    at: usize,
}

impl DocSet for SortedDocs {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.at += self.docs[self.at..].partition_point(|doc| *doc < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        self.docs.len() as u32
    }
}
