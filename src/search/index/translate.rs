//! Our query tree as a tantivy query over the index's fields (see [`schema`](super::schema)),
//! with exactly the plain scan's meaning (see [`matches`](crate::search::query::matches)):
//!
//! - term: the lowercased value in `values`, or, for a number, the number in `numbers`;
//! - wildcard: `*` alone is "has a value" and a literal start then `*` (`CK*`) a range of
//!   `values`, both scanning its column; any other pattern is a regular expression over the
//!   lowercased values of the name (`*` is `.*`, `?` is `.`, everything else literal), walking
//!   only the terms that begin with the pattern's literal start;
//! - fuzzy: a Levenshtein automaton (swaps of neighbours count as one edit) over the values;
//! - phrase: each lowercased value of the name is tested as the scan tests one (its words, runs
//!   of letters and digits, must hold the phrase's words next to each other). The slop is
//!   ignored, as by the scan. Values holding a letter whose lowercase is not one (`İ`, whose
//!   lowercase carries a combining dot) may split into words differently;
//! - range: `ranges` for numbers, `dates` for dates, `values` for text, by column;
//!   `[* TO *]` is "has a value";
//! - boosts are dropped: results are ordered by log id, not relevance.
//!
//! A clause without a field is any of [`DEFAULT_FIELDS`].

use std::fmt::Write as _;
use std::ops::Bound;

use tantivy::query::{AllQuery, BooleanQuery, Occur as TantivyOccur, Query as TantivyQuery, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Type};
use tantivy::Term;

use super::automaton::{Levenshtein, PatternQuery};
use super::document::positive_zero;
use super::schema::Fields;
use super::value_test::ValueTestQuery;
use crate::error::{Error, Result};
use crate::search::attempt::DEFAULT_FIELDS;
use crate::search::query::{contains_phrase, lowercase, number, Endpoint, EndpointValue, Occur, Query, Range, WildcardPart};

type Translated = Box<dyn TantivyQuery>;

/// Above any byte of UTF-8: `prefix` + this is after every text that starts with `prefix`.
const AFTER_TEXT: u8 = 0xFF;

/// `query` as a tantivy query over an index with `fields`.
pub(super) fn translate(query: &Query, fields: Fields) -> Result<Translated> {
    Translator { fields }.node(query)
}

struct Translator {
    fields: Fields,
}

impl Translator {
    fn node(&self, query: &Query) -> Result<Translated> {
        match query {
            Query::MatchAll => Ok(Box::new(AllQuery)),
            Query::Boost { query, .. } => self.node(query),
            Query::Bool(clauses) => {
                let mut translated = Vec::with_capacity(clauses.len() + 1);
                for clause in clauses {
                    let occur = match clause.occur {
                        Occur::Must => TantivyOccur::Must,
                        Occur::Should => TantivyOccur::Should,
                        Occur::MustNot => TantivyOccur::MustNot,
                    };
                    translated.push((occur, self.node(&clause.query)?));
                }
                // Prohibited clauses alone match everything else (tantivy alone would match nothing).
                if translated.iter().all(|(occur, _)| *occur == TantivyOccur::MustNot) {
                    translated.push((TantivyOccur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(translated)))
            }
            Query::Term(term) => self.each_field(term.field.as_deref(), |name| Ok(self.term(name, &term.text))),
            Query::Fuzzy(fuzzy) => self.each_field(fuzzy.field.as_deref(), |name| {
                let automaton = Levenshtein::new(&lowercase(&fuzzy.text), fuzzy.max_edits);
                Ok(Box::new(PatternQuery::new(self.fields.values, self.value_prefix(name), "", automaton)))
            }),
            Query::Wildcard(wildcard) => {
                self.each_field(wildcard.field.as_deref(), |name| self.wildcard(name, &wildcard.pattern))
            }
            Query::Phrase(phrase) => self.each_field(phrase.field.as_deref(), |name| {
                let words = phrase.text.clone();
                Ok(Box::new(ValueTestQuery::new(self.fields.values, self.value_prefix(name), move |value| {
                    contains_phrase(value, &words)
                })))
            }),
            Query::Range(range) => self.each_field(range.field.as_deref(), |name| Ok(self.range(name, range))),
        }
    }

    /// `build` for the named field, or any of the default fields.
    fn each_field(&self, field: Option<&str>, build: impl Fn(&str) -> Result<Translated>) -> Result<Translated> {
        match field {
            Some(name) => build(name),
            None => Ok(Box::new(BooleanQuery::union(DEFAULT_FIELDS.iter().map(|name| build(name)).collect::<Result<_>>()?))),
        }
    }

    fn term(&self, name: &str, text: &str) -> Translated {
        let as_text: Translated = Box::new(TermQuery::new(text_term(self.fields.values, name, &lowercase(text)), IndexRecordOption::Basic));
        match number(text) {
            Some(value) => {
                let mut as_number = path(self.fields.numbers, name);
                as_number.append_type_and_fast_value(positive_zero(value));
                Box::new(BooleanQuery::union(vec![as_text, Box::new(TermQuery::new(as_number, IndexRecordOption::Basic))]))
            }
            None => as_text,
        }
    }

    fn wildcard(&self, name: &str, pattern: &[WildcardPart]) -> Result<Translated> {
        match pattern {
            [WildcardPart::Literal(start), WildcardPart::AnyChars, rest @ ..] if rest.iter().all(|p| *p == WildcardPart::AnyChars) => {
                return Ok(self.starting_with(name, &lowercase(start)));
            }
            all if all.iter().all(|p| *p == WildcardPart::AnyChars) => return Ok(self.starting_with(name, "")),
            _ => {}
        }
        let mut regex = String::from("(?s)");
        for part in pattern {
            match part {
                WildcardPart::Literal(text) => push_literal(&mut regex, &lowercase(text)),
                WildcardPart::AnyChars => regex.push_str(".*"),
                WildcardPart::AnyChar => regex.push('.'),
            }
        }
        let literal_start = match pattern.first() {
            Some(WildcardPart::Literal(text)) => lowercase(text),
            _ => String::new(),
        };
        let automaton = tantivy_fst::Regex::new(&regex)
            .map_err(|e| Error::validation(format!("the wildcard pattern on `{name}` is too complex to search: {e}")))?;
        Ok(Box::new(PatternQuery::new(self.fields.values, self.value_prefix(name), &literal_start, automaton)))
    }

    /// Documents with a value of `name` that starts with `start` (any value for "").
    fn starting_with(&self, name: &str, start: &str) -> Translated {
        let values = self.fields.values;
        let mut after = text_term(values, name, start);
        after.append_bytes(&[AFTER_TEXT]);
        Box::new(RangeQuery::new(Bound::Included(text_term(values, name, start)), Bound::Excluded(after)))
    }

    fn range(&self, name: &str, range: &Range) -> Translated {
        let kind = match (&range.lower, &range.upper) {
            (Bound::Included(e) | Bound::Excluded(e), _) | (_, Bound::Included(e) | Bound::Excluded(e)) => &e.value,
            (Bound::Unbounded, Bound::Unbounded) => return self.starting_with(name, ""),
        };
        let field = match kind {
            EndpointValue::Number(_) => self.fields.ranges,
            EndpointValue::Date(_) => self.fields.dates,
            EndpointValue::Text => self.fields.values,
        };
        let bound = |endpoint: &Endpoint| {
            let mut term = path(field, name);
            match &endpoint.value {
                EndpointValue::Number(value) => term.append_type_and_fast_value(positive_zero(*value)),
                EndpointValue::Date(at) => {
                    // Beyond what i64 nanoseconds hold, nothing is indexed: clamp.
                    let nanos = at.and_utc().timestamp_nanos_opt().unwrap_or(if at.and_utc().timestamp() < 0 {
                        i64::MIN
                    } else {
                        i64::MAX
                    });
                    term.append_type_and_fast_value(nanos);
                }
                EndpointValue::Text => term.append_type_and_str(&lowercase(&endpoint.text)),
            }
            term
        };
        let map = |side: &Bound<Endpoint>| match side {
            Bound::Included(endpoint) => Bound::Included(bound(endpoint)),
            Bound::Excluded(endpoint) => Bound::Excluded(bound(endpoint)),
            Bound::Unbounded => Bound::Unbounded,
        };
        Box::new(RangeQuery::new(map(&range.lower), map(&range.upper)))
    }

    /// The bytes every text term of `name` in `values` starts with.
    fn value_prefix(&self, name: &str) -> Vec<u8> {
        let mut term = path(self.fields.values, name);
        term.append_bytes(&[Type::Str.to_code()]);
        term.serialized_value_bytes().to_vec()
    }
}

/// The term of `name` in a dynamic field, before its type and value. Dots separate the name's
/// parts as they did when it was indexed; a backslash is doubled because tantivy reads `\` as
/// an escape here (and not when indexing).
fn path(field: Field, name: &str) -> Term {
    Term::from_field_json_path(field, &name.replace('\\', "\\\\"), true)
}

fn text_term(field: Field, name: &str, text: &str) -> Term {
    let mut term = path(field, name);
    term.append_type_and_str(text);
    term
}

/// `text` matched literally by a regular expression: letters and digits as they are, anything
/// else as a `\x{...}` escape.
fn push_literal(regex: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_alphanumeric() {
            regex.push(c);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(regex, "\\x{{{:X}}}", u32::from(c));
        }
    }
}
