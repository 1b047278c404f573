//! The plain scan: whether one document matches a [`Query`], without any index.
//!
//! This is the reference the search index is checked against, so its rules are plain:
//! - a field matches when any of its values does; a clause without a field matches when any of
//!   the document's [default fields](Document::default_fields) does;
//! - a term equals the whole value, ignoring case; against a number value it must be a number
//!   of the same value (`5` matches 5.0);
//! - a wildcard pattern (`*` any run, `?` one character) matches the whole value, ignoring case;
//! - a fuzzy term matches values within its edits (insertions, deletions, substitutions and
//!   swaps of neighbours), ignoring case;
//! - a phrase matches when its words (runs of letters and digits) occur in order and next to
//!   each other among the value's words, ignoring case; the slop is ignored;
//! - a range compares numbers numerically and dates in time (values that are not numbers or
//!   dates then never match; dates are read as bounds are, in UTC unless they carry an offset),
//!   and text lexicographically ignoring case; `[* TO *]` matches any value;
//! - boosts are ignored (they only weigh relevance); boolean clauses follow [`Occur`].
//!
//! Number values are read as text (`500`, `0.5`) by wildcards, fuzzy terms, phrases and text
//! ranges.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::ops::Bound;

use super::ast::{Clause, Endpoint, EndpointValue, Occur, Query, Range};
use super::{text, value};

/// One value of a document's field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue<'a> {
    Text(Cow<'a, str>),
    Number(f64),
}

/// What a query is matched against.
pub trait Document {
    /// The values of `field` (a dotted name such as `data.data.customer_email`); empty when the
    /// document has no such field.
    fn values(&self, field: &str) -> Vec<FieldValue<'_>>;

    /// The fields searched by clauses that name none.
    fn default_fields(&self) -> Vec<&str>;
}

/// Whether `document` matches `query`.
pub fn matches(query: &Query, document: &dyn Document) -> bool {
    match query {
        Query::MatchAll => true,
        Query::Bool(clauses) => bool_matches(clauses, document),
        Query::Boost { query, .. } => matches(query, document),
        Query::Term(term) => {
            any_value(document, term.field.as_deref(), |value| term_matches(&term.text, value))
        }
        Query::Fuzzy(fuzzy) => any_value(document, fuzzy.field.as_deref(), |value| {
            text::within_edits(&as_text(value), &fuzzy.text, fuzzy.max_edits)
        }),
        Query::Wildcard(wildcard) => any_value(document, wildcard.field.as_deref(), |value| {
            text::wildcard_matches(&wildcard.pattern, &as_text(value))
        }),
        Query::Phrase(phrase) => any_value(document, phrase.field.as_deref(), |value| {
            text::contains_phrase(&as_text(value), &phrase.text)
        }),
        Query::Range(range) => any_value(document, range.field.as_deref(), |value| in_range(range, value)),
    }
}

fn bool_matches(clauses: &[Clause], document: &dyn Document) -> bool {
    let (mut has_must, mut has_should, mut should_matched) = (false, false, false);
    for clause in clauses {
        let matched = matches(&clause.query, document);
        match clause.occur {
            Occur::Must if !matched => return false,
            Occur::MustNot if matched => return false,
            Occur::Must => has_must = true,
            Occur::Should => {
                has_should = true;
                should_matched |= matched;
            }
            Occur::MustNot => {}
        }
    }
    has_must || !has_should || should_matched
}

/// Whether any value of `field` (or of the default fields) passes `test`.
fn any_value(document: &dyn Document, field: Option<&str>, test: impl Fn(&FieldValue) -> bool) -> bool {
    match field {
        Some(field) => document.values(field).iter().any(&test),
        None => document.default_fields().into_iter().any(|field| document.values(field).iter().any(&test)),
    }
}

fn term_matches(term: &str, value: &FieldValue) -> bool {
    match value {
        FieldValue::Text(text) => text::eq_ignore_case(text, term),
        FieldValue::Number(number) => value::number(term) == Some(*number),
    }
}

fn in_range(range: &Range, value: &FieldValue) -> bool {
    let after_lower = match &range.lower {
        Bound::Unbounded => true,
        Bound::Included(endpoint) => compare(value, endpoint).is_some_and(Ordering::is_ge),
        Bound::Excluded(endpoint) => compare(value, endpoint).is_some_and(Ordering::is_gt),
    };
    let before_upper = match &range.upper {
        Bound::Unbounded => true,
        Bound::Included(endpoint) => compare(value, endpoint).is_some_and(Ordering::is_le),
        Bound::Excluded(endpoint) => compare(value, endpoint).is_some_and(Ordering::is_lt),
    };
    after_lower && before_upper
}

/// How `value` compares with a range bound; `None` when it cannot (a word against a number).
fn compare(value: &FieldValue, endpoint: &Endpoint) -> Option<Ordering> {
    match &endpoint.value {
        EndpointValue::Number(bound) => {
            let number = match value {
                FieldValue::Number(number) => Some(*number),
                FieldValue::Text(text) => value::number(text),
            };
            number?.partial_cmp(bound)
        }
        EndpointValue::Date(bound) => match value {
            FieldValue::Text(text) => Some(value::date(text)?.at.cmp(bound)),
            FieldValue::Number(_) => None,
        },
        EndpointValue::Text => Some(text::lowercase(&as_text(value)).cmp(&text::lowercase(&endpoint.text))),
    }
}

fn as_text<'a>(value: &'a FieldValue) -> Cow<'a, str> {
    match value {
        FieldValue::Text(text) => Cow::Borrowed(text),
        FieldValue::Number(number) => Cow::Owned(number.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    /// A delivery attempt, flattened as the index will see it.
    struct Attempt {
        name: &'static str,
        fields: Vec<(&'static str, FieldValue<'static>)>,
    }

    impl Document for Attempt {
        fn values(&self, field: &str) -> Vec<FieldValue<'_>> {
            self.fields.iter().filter(|(name, _)| *name == field).map(|(_, value)| value.clone()).collect()
        }

        fn default_fields(&self) -> Vec<&str> {
            vec!["event_name", "data.data.customer_email"]
        }
    }

    fn text(value: &'static str) -> FieldValue<'static> {
        FieldValue::Text(Cow::Borrowed(value))
    }

    fn attempts() -> Vec<Attempt> {
        let attempt = |name,
                       event_name,
                       success,
                       status: f64,
                       created,
                       extra: Vec<(&'static str, FieldValue<'static>)>| {
            let mut fields = vec![
                ("event_name", text(event_name)),
                ("success", text(success)),
                ("http_status", FieldValue::Number(status)),
                ("created", text(created)),
            ];
            fields.extend(extra);
            Attempt { name, fields }
        };
        vec![
            attempt(
                "order",
                "sales.order.created",
                "true",
                200.0,
                "2024-01-15 10:30:00.000",
                vec![
                    ("data.data.increment_id", text("CK000123")),
                    ("data.data.customer_email", text("Veronica@example.com")),
                    ("data.data.items.sku", text("MJ01")),
                    ("data.data.items.sku", text("WS12")),
                    ("data.data.grand_total", FieldValue::Number(99.5)),
                    ("data.data.note", text("Please leave it at the back door.")),
                ],
            ),
            attempt(
                "failed_order",
                "sales.order.created",
                "false",
                500.0,
                "2024-01-31 23:59:00.000",
                vec![
                    ("data.data.increment_id", text("000000124")),
                    ("data.data.customer_email", text("roni_cost@example.com")),
                    ("data.data.grand_total", text("1250.00")),
                ],
            ),
            attempt(
                "customer",
                "customer.created",
                "true",
                201.0,
                "2024-02-01 00:00:00.000",
                vec![
                    ("data.data.customer_email", text("Veronica@example.com")),
                    ("data.data.firstname", text("Veronica")),
                ],
            ),
            attempt(
                "failed_customer",
                "customer.updated",
                "false",
                503.0,
                "2024-02-10 08:00:00.000",
                vec![
                    ("data.data.customer_email", text("roni_cost@example.com")),
                    ("data.data.firstname", text("Roni")),
                ],
            ),
        ]
    }

    /// The names of the attempts that `query` matches.
    fn hits(query: &str) -> Vec<&'static str> {
        let query = parse(query).unwrap_or_else(|e| panic!("{}", e.render(query)));
        attempts()
            .into_iter()
            .filter(|attempt| matches(&query, attempt))
            .map(|attempt| attempt.name)
            .collect()
    }

    const ALL: [&str; 4] = ["order", "failed_order", "customer", "failed_customer"];

    #[test]
    fn the_examples_of_the_issue() {
        assert_eq!(
            hits("data.data.customer_email: roni_cost@example.com"),
            ["failed_order", "failed_customer"]
        );
        assert_eq!(hits("event_name: customer.* AND success: false"), ["failed_customer"]);
        assert_eq!(hits("data.data.increment_id: CK* AND success: true"), ["order"]);
        assert_eq!(hits("*.created"), ["order", "failed_order", "customer"]);
    }

    #[test]
    fn terms_equal_whole_values_ignoring_case() {
        assert_eq!(hits("data.data.customer_email:VERONICA@example.COM"), ["order", "customer"]);
        assert_eq!(hits("data.data.customer_email:veronica"), Vec::<&str>::new());
        assert_eq!(hits("event_name:customer"), Vec::<&str>::new());
    }

    #[test]
    fn unfielded_clauses_search_the_default_fields() {
        assert_eq!(hits("roni_cost@example.com"), ["failed_order", "failed_customer"]);
        assert_eq!(hits("customer.updated"), ["failed_customer"]);
        assert_eq!(hits("CK000123"), Vec::<&str>::new());
    }

    #[test]
    fn any_value_of_a_multi_valued_field_matches() {
        assert_eq!(hits("data.data.items.sku:ws12"), ["order"]);
        assert_eq!(hits("data.data.items.sku:MJ01 AND data.data.items.sku:WS12"), ["order"]);
    }

    #[test]
    fn missing_fields_match_nothing() {
        assert_eq!(hits("nope:x"), Vec::<&str>::new());
        assert_eq!(hits("NOT nope:x"), ALL);
        assert_eq!(hits("data.data.firstname:*"), ["customer", "failed_customer"]);
    }

    #[test]
    fn numbers_compare_as_numbers() {
        assert_eq!(hits("http_status:500"), ["failed_order"]);
        assert_eq!(hits("http_status:500.0"), ["failed_order"]);
        assert_eq!(hits("http_status:5*"), ["failed_order", "failed_customer"]);
        assert_eq!(hits("data.data.grand_total:99.5"), ["order"]);
        assert_eq!(hits("http_status:abc"), Vec::<&str>::new());
    }

    #[test]
    fn wildcards_match_whole_values() {
        assert_eq!(hits("event_name:*order*"), ["order", "failed_order"]);
        assert_eq!(hits("event_name:customer.??????d"), ["customer", "failed_customer"]);
        assert_eq!(hits("event_name:customer"), Vec::<&str>::new());
        assert_eq!(hits("data.data.increment_id:ck*"), ["order"]);
    }

    #[test]
    fn number_ranges() {
        assert_eq!(hits("http_status:[500 TO *]"), ["failed_order", "failed_customer"]);
        assert_eq!(hits("http_status:{200 TO 500]"), ["failed_order", "customer"]);
        assert_eq!(hits("http_status:[200 TO 500}"), ["order", "customer"]);
        assert_eq!(hits("data.data.grand_total:[100 TO 2000]"), ["failed_order"]);
    }

    #[test]
    fn date_ranges() {
        assert_eq!(hits("created:[2024-01-01 TO 2024-01-31]"), ["order", "failed_order"]);
        assert_eq!(hits("created:[2024-01-01 TO 2024-01-31}"), ["order"]);
        assert_eq!(
            hits("created:{2024-01-15T10:30:00 TO *]"),
            ["failed_order", "customer", "failed_customer"]
        );
        assert_eq!(hits("created:[* TO 2024-02-01T00:00:00Z]"), ["order", "failed_order", "customer"]);
        assert_eq!(hits(r#"created:["2024-02-01 01:00" TO 2024-02-10T10:00:00+02:00]"#), ["failed_customer"]);
        assert_eq!(hits("event_name:[2024-01-01 TO *]"), Vec::<&str>::new());
    }

    #[test]
    fn text_ranges_are_lexicographic_ignoring_case() {
        assert_eq!(hits("event_name:[CUSTOMER TO customer.d]"), ["customer"]);
        assert_eq!(hits("data.data.firstname:{roni TO *]"), ["customer"]);
    }

    #[test]
    fn open_ranges_match_any_value() {
        assert_eq!(hits("data.data.grand_total:[* TO *]"), ["order", "failed_order"]);
    }

    #[test]
    fn phrases_are_word_sequences() {
        assert_eq!(hits(r#"data.data.note:"back door""#), ["order"]);
        assert_eq!(hits(r#"data.data.note:"LEAVE it at""#), ["order"]);
        assert_eq!(hits(r#"data.data.note:"door back""#), Vec::<&str>::new());
        assert_eq!(hits(r#""example com""#), ALL);
    }

    #[test]
    fn phrase_slop_is_ignored() {
        assert_eq!(hits(r#"data.data.note:"leave door"~5"#), Vec::<&str>::new());
        assert_eq!(hits(r#"data.data.note:"back door"~5"#), ["order"]);
    }

    #[test]
    fn fuzzy_terms_allow_edits() {
        assert_eq!(hits("data.data.firstname:veronika~1"), ["customer"]);
        assert_eq!(hits("data.data.firstname:veronka~1"), Vec::<&str>::new());
        assert_eq!(hits("data.data.firstname:veronka~"), ["customer"]);
        assert_eq!(hits("data.data.firstname:rnoi~1"), ["failed_customer"]);
        assert_eq!(hits("data.data.firstname:roni~0"), ["failed_customer"]);
    }

    #[test]
    fn boosts_do_not_change_matches() {
        assert_eq!(hits("success:false^10"), hits("success:false"));
        assert_eq!(
            hits("(event_name:customer.* OR http_status:500)^0.5"),
            ["failed_order", "customer", "failed_customer"]
        );
    }

    #[test]
    fn must_should_and_must_not() {
        assert_eq!(hits("success:true OR http_status:503"), ["order", "customer", "failed_customer"]);
        assert_eq!(hits("+success:true event_name:sales.order.created"), ["order", "customer"]);
        assert_eq!(hits("+success:true -event_name:sales.*"), ["customer"]);
        assert_eq!(hits("success:true AND NOT event_name:sales.*"), ["customer"]);
    }

    #[test]
    fn only_prohibited_clauses_match_the_rest() {
        assert_eq!(hits("-success:true"), ["failed_order", "failed_customer"]);
        assert_eq!(hits("NOT success:true AND !event_name:sales.*"), ["failed_customer"]);
    }

    #[test]
    fn precedence_and_grouping() {
        assert_eq!(
            hits("success:false AND http_status:500 OR event_name:customer.created"),
            ["failed_order", "customer"]
        );
        assert_eq!(
            hits("success:false AND (http_status:500 OR event_name:customer.created)"),
            ["failed_order"]
        );
        assert_eq!(
            hits("event_name:(customer.created OR customer.updated) && success:false"),
            ["failed_customer"]
        );
    }

    #[test]
    fn match_all() {
        assert_eq!(hits("*:*"), ALL);
        assert_eq!(hits("*:* -success:true"), ["failed_order", "failed_customer"]);
    }
}
