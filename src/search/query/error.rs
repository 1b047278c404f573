//! Why a query string could not be parsed, and where: every error names a 0-based character position.

/// A query that cannot be parsed. Positions count characters (not bytes) from 0; a position
/// equal to the query's length means "at the end". [`QueryError::render`] shows it with a caret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty")]
    Empty,
    #[error("unexpected {found} at position {position}: expected {expected}")]
    Unexpected { found: String, expected: &'static str, position: usize },
    #[error("unbalanced parentheses: the `(` at position {position} is never closed")]
    UnclosedGroup { position: usize },
    #[error("unbalanced parentheses: the `)` at position {position} closes nothing")]
    UnmatchedClose { position: usize },
    #[error("the group at position {position} is empty")]
    EmptyGroup { position: usize },
    #[error("groups are nested more than {max} deep at position {position}")]
    TooDeep { max: usize, position: usize },
    #[error("unbalanced quotes: the `\"` at position {position} is never closed")]
    UnclosedPhrase { position: usize },
    #[error("the phrase at position {position} is empty")]
    EmptyPhrase { position: usize },
    #[error("`{operator}` at position {position} has no clause after it")]
    DanglingOperator { operator: String, position: usize },
    #[error("`{operator}` at position {position} has no clause before it")]
    LeadingOperator { operator: String, position: usize },
    #[error("the field `{field}` has no value after its `:` at position {position}")]
    MissingValue { field: String, position: usize },
    #[error("the field name `{field}` at position {position} has a wildcard; only `*:*` may")]
    WildcardField { field: String, position: usize },
    #[error("the range opened at position {position} is never closed with `]` or `}}`")]
    UnclosedRange { position: usize },
    #[error("the range misses `TO` at position {position}")]
    MissingTo { position: usize },
    #[error("the range misses its {which} bound at position {position} (use `*` for an open bound)")]
    MissingBound { which: &'static str, position: usize },
    #[error("bad boost {found} at position {position}: expected a number such as 2 or 0.5")]
    BadBoost { found: String, position: usize },
    #[error("bad fuzziness {found} at position {position}: expected 0, 1 or 2 edits")]
    BadFuzziness { found: String, position: usize },
    #[error("the wildcard term before the `~` at position {position} cannot be fuzzy")]
    FuzzyWildcard { position: usize },
    #[error("bad phrase slop {found} at position {position}: expected a whole number")]
    BadSlop { found: String, position: usize },
    #[error("the escape character `\\` at position {position} ends the query; escape it as `\\\\`")]
    DanglingEscape { position: usize },
    #[error("regular expressions are not supported (position {position}); escape `/` as `\\/`")]
    Regex { position: usize },
    #[error("the query is {length} characters long, over the limit of {max}")]
    TooLong { length: usize, max: usize },
    #[error("the query has {clauses} terms, phrases and ranges, over the limit of {max}")]
    TooManyClauses { clauses: usize, max: usize },
    #[error("the query has {patterns} wildcard patterns and fuzzy terms, over the limit of {max}")]
    TooManyPatterns { patterns: usize, max: usize },
    #[error("the fuzzy term at position {position} is longer than {max} characters")]
    FuzzyTooLong { max: usize, position: usize },
    #[error("the pattern at position {position} has more than {max} wildcards")]
    TooManyWildcards { max: usize, position: usize },
}

impl QueryError {
    /// The 0-based character position the error points at (0 for an empty query).
    pub fn position(&self) -> usize {
        match self {
            Self::Empty | Self::TooLong { .. } | Self::TooManyClauses { .. } | Self::TooManyPatterns { .. } => 0,
            Self::Unexpected { position, .. }
            | Self::UnclosedGroup { position }
            | Self::UnmatchedClose { position }
            | Self::EmptyGroup { position }
            | Self::TooDeep { position, .. }
            | Self::UnclosedPhrase { position }
            | Self::EmptyPhrase { position }
            | Self::DanglingOperator { position, .. }
            | Self::LeadingOperator { position, .. }
            | Self::MissingValue { position, .. }
            | Self::WildcardField { position, .. }
            | Self::UnclosedRange { position }
            | Self::MissingTo { position }
            | Self::MissingBound { position, .. }
            | Self::BadBoost { position, .. }
            | Self::BadFuzziness { position, .. }
            | Self::FuzzyWildcard { position }
            | Self::BadSlop { position, .. }
            | Self::DanglingEscape { position }
            | Self::Regex { position }
            | Self::FuzzyTooLong { position, .. }
            | Self::TooManyWildcards { position, .. } => *position,
        }
    }

    /// The message, then the query with a caret under the position:
    ///
    /// ```text
    /// unbalanced parentheses: the `(` at position 7 is never closed
    /// status:(a OR b
    ///        ^
    /// ```
    pub fn render(&self, query: &str) -> String {
        match self {
            // A query over the length limit is not repeated in its own error.
            Self::TooLong { .. } => self.to_string(),
            _ => format!("{self}\n{}", caret(query, self.position())),
        }
    }
}

/// The query on one line (tabs and line breaks shown as spaces) and a caret under the character
/// at `position` (after the last one when `position` is the query's length).
pub fn caret(query: &str, position: usize) -> String {
    let line: String = query.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    let column = position.min(line.chars().count());
    format!("{line}\n{}^", " ".repeat(column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_the_character() {
        assert_eq!(caret("a AND", 2), "a AND\n  ^");
        assert_eq!(caret("a\tb", 2), "a b\n  ^");
    }

    #[test]
    fn caret_at_the_end_goes_after_the_last_character() {
        assert_eq!(caret("a:", 2), "a:\n  ^");
        assert_eq!(caret("a:", 9), "a:\n  ^");
    }

    #[test]
    fn caret_counts_characters_not_bytes() {
        assert_eq!(caret("é:(", 2), "é:(\n  ^");
    }

    #[test]
    fn render_puts_the_message_above_the_caret() {
        let error = QueryError::UnclosedGroup { position: 7 };
        assert_eq!(
            error.render("status:(a OR b"),
            "unbalanced parentheses: the `(` at position 7 is never closed\nstatus:(a OR b\n       ^"
        );
    }

    #[test]
    fn every_message_states_the_position() {
        let error = QueryError::BadBoost { found: "`x`".into(), position: 2 };
        assert_eq!(error.to_string(), "bad boost `x` at position 2: expected a number such as 2 or 0.5");
        assert_eq!(error.position(), 2);
    }
}
