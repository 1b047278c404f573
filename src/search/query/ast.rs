//! The parsed form of a query: a tree of Lucene-style boolean clauses over term, phrase and range leaves.

use std::ops::Bound;

use chrono::NaiveDateTime;

/// A parsed query.
///
/// Every leaf carries its field: `None` means "the default fields" (the query gave no field and
/// was not inside a field group such as `status:(a OR b)`). Texts are unescaped and keep the case
/// they were typed in; matching is case-insensitive.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// `*:*`: every document.
    MatchAll,
    /// A single word without wildcards: `false`, `roni_cost@example.com`.
    Term(Term),
    /// A word followed by `~`: `roam~`, `roam~1`.
    Fuzzy(Fuzzy),
    /// A word with unescaped `*` or `?`: `customer.*`, `*.created`, `CK*`.
    Wildcard(Wildcard),
    /// A quoted phrase: `"order placed"`, `"order placed"~3`.
    Phrase(Phrase),
    /// A range: `[1 TO 5]`, `{2024-01-01 TO *]`.
    Range(Range),
    /// Clauses combined as Lucene's `BooleanQuery`; see [`Occur`].
    Bool(Vec<Clause>),
    /// A query with a boost, `^2` or `^0.5`. The boost only weighs relevance: it never changes
    /// whether a document matches, and [`matches`](super::matches) ignores it.
    Boost { query: Box<Query>, boost: f32 },
}

/// One clause of a [`Query::Bool`].
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub occur: Occur,
    pub query: Query,
}

/// How a clause takes part in its boolean query, as in Lucene.
///
/// A document matches a boolean query when it matches every `Must` clause, no `MustNot` clause,
/// and, if there is no `Must` clause, at least one `Should` clause. A query of `MustNot` clauses
/// only matches every document that none of them matches (as Elasticsearch does; bare Lucene
/// would match nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// `+a`, and both sides of `a AND b`.
    Must,
    /// Both sides of `a OR b`, and plain clauses under the default operator OR.
    Should,
    /// `-a`, `NOT a`, `!a`.
    MustNot,
}

/// A word to be found as a whole field value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub field: Option<String>,
    pub text: String,
}

/// A word to be found within a number of edits (Damerau-Levenshtein distance, as Lucene).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fuzzy {
    pub field: Option<String>,
    pub text: String,
    /// 0, 1 or 2; a bare `~` means 2, Lucene's default.
    pub max_edits: u8,
}

/// A word pattern with wildcards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wildcard {
    pub field: Option<String>,
    pub pattern: Vec<WildcardPart>,
}

/// A piece of a [`Wildcard`] pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WildcardPart {
    /// Characters to match as they are (escaped `\*` and `\?` land here).
    Literal(String),
    /// `*`: any run of characters, empty included.
    AnyChars,
    /// `?`: exactly one character.
    AnyChar,
}

/// A sequence of words to be found next to each other, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub field: Option<String>,
    /// The text between the quotes, unescaped and not yet split into words.
    pub text: String,
    /// `"a b"~3`: how far apart the words may be; 0 when not given. Kept for the index;
    /// [`matches`](super::matches) ignores it and requires the exact phrase.
    pub slop: u32,
}

/// A range of values; the bounds share one kind (see [`EndpointValue`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub field: Option<String>,
    /// `Unbounded` for `*`; `Included` after `[`, `Excluded` after `{`.
    pub lower: Bound<Endpoint>,
    /// `Unbounded` for `*`; `Included` before `]`, `Excluded` before `}`.
    pub upper: Bound<Endpoint>,
}

/// One bound of a [`Range`]: its text as typed (unescaped) and how it compares.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub text: String,
    pub value: EndpointValue,
}

/// How the values of a range compare. The parser picks `Number` when every bound is a decimal
/// number, else `Date` when every bound is a date, else `Text`.
#[derive(Debug, Clone, PartialEq)]
pub enum EndpointValue {
    /// Numeric order.
    Number(f64),
    /// Time order, in UTC. As in Lucene's classic parser, an inclusive upper bound given as a
    /// date alone (`2024-01-31]`) stands for the last instant of that day.
    Date(NaiveDateTime),
    /// Case-insensitive lexicographic order of [`Endpoint::text`].
    Text,
}
