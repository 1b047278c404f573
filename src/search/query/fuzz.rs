//! Generated input for the parser (proptest), run with the unit tests: whatever the text,
//! parsing gives a query or a typed error pointing inside the text, never a panic, and a
//! parsed query can be evaluated by the plain scan.

use std::borrow::Cow;

use proptest::prelude::*;

use super::{matches, parse, Document, FieldValue, QueryError};

/// One attempt with a text, a number and a date field.
struct Attempt;

impl Document for Attempt {
    fn values(&self, field: &str) -> Vec<FieldValue<'_>> {
        match field {
            "event_name" => vec![FieldValue::Text(Cow::Borrowed("sales.order.created"))],
            "http_status" => vec![FieldValue::Number(503.0)],
            "created" => vec![FieldValue::Text(Cow::Borrowed("2024-01-15 10:30:00"))],
            _ => Vec::new(),
        }
    }

    fn default_fields(&self) -> Vec<&str> {
        vec!["event_name"]
    }
}

fn check(input: &str) -> Result<(), TestCaseError> {
    match parse(input) {
        Ok(query) => {
            let _ = matches(&query, &Attempt);
        }
        Err(QueryError::TooLong { .. } | QueryError::TooManyClauses { .. } | QueryError::TooManyPatterns { .. }) => {}
        Err(error) => {
            prop_assert!(error.position() <= input.chars().count(), "{error:?} points outside {input:?}");
            let _ = error.render(input);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_or_fails_with_a_position(input in "\\PC{0,120}") {
        check(&input)?;
    }

    #[test]
    fn text_made_of_the_syntax_parses_or_fails_with_a_position(
        input in r#"([a-z0-9_.@*?~^"()\[\]{}:+!&|/\\ -]|AND |OR |NOT | TO |http_status:|created:|event_name:){0,40}"#
    ) {
        check(&input)?;
    }
}
