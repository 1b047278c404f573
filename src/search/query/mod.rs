//! Lucene query syntax: parsing a query string into a [`Query`], and [`matches()`], the plain scan.
//!
//! The grammar is that of Lucene's classic query parser, except that AND binds tighter than OR
//! (as in Lucene's precedence query parser): `a OR b AND c` is `a OR (b AND c)`.
//!
//! ```text
//! query    = clause { [operator] clause }     no operator: the default one (OR, or AND if set)
//! operator = "AND" | "&&" | "OR" | "||"       only in capitals; "and" is a word
//! clause   = [modifier] [field ":"] value
//! modifier = "+" | "-" | "NOT" | "!"          required / prohibited
//! value    = word [fuzzy] [boost]             suffixes in either order
//!          | phrase [slop] [boost]
//!          | range [boost]
//!          | "(" query ")" [boost]            after "field:", the field applies inside
//! word     = characters up to whitespace or ( ) : ^ ~ " [ ] { } ! /
//!            ("+" and "-" inside a word belong to it: customer-created);
//!            an unescaped "*" matches any run of characters, "?" one character
//! field    = a word without wildcards, dotted names included ("*:*" matches everything)
//! phrase   = '"' text '"'
//! range    = ("[" | "{") bound "TO" bound ("]" | "}")   "[" "]" inclusive, "{" "}" exclusive
//! bound    = characters up to whitespace, "]" or "}" | phrase | "*" (open)
//! fuzzy    = "~" [0 | 1 | 2]                  maximum edits, 2 when not given
//! slop     = "~" [whole number]
//! boost    = "^" decimal number               such as 2 or 0.5
//! ```
//!
//! A backslash makes the next character literal, special or not: `\+ \- \&& \|| \! \( \) \{ \}
//! \[ \] \^ \" \~ \* \? \: \\ \/`. Regular expressions (`/.../`) are not supported.
//!
//! Operators become Lucene's boolean clauses ([`Occur`]): the clauses of an AND chain are `Must`
//! (`MustNot` when prohibited), the sides of an OR are `Should`, and a clause standing alone
//! between ORs keeps its modifier, so `+a -b c` is "must a, must not b, should c" as in Lucene.
//!
//! What the extras do: boosts only weigh relevance and never change what matches; fuzziness is
//! applied by [`matches()`]; phrase slop is kept in the [`Phrase`] for an index, and [`matches()`]
//! ignores it (phrases must match exactly). Range bounds keep their text and are typed as
//! numbers, dates or text ([`EndpointValue`]).

mod ast;
mod error;
mod eval;
#[cfg(test)]
mod fuzz;
mod lexer;
mod parser;
mod text;
mod value;

pub use ast::{
    Clause, Endpoint, EndpointValue, Fuzzy, Occur, Phrase, Query, Range, Term, Wildcard, WildcardPart,
};
pub use error::{caret, QueryError};
pub use eval::{matches, Document, FieldValue};
pub use parser::{parse, parse_with, Operator, ParseOptions};
// For the index, which must read and fold values exactly as the plain scan does.
pub(crate) use text::{contains_phrase, lowercase, push_lowercase};
pub(crate) use value::{date, number};
