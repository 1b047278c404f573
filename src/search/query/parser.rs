//! Builds a [`Query`] from the tokens of a query string, with AND binding tighter than OR.

use std::ops::Bound;

use super::ast::{
    Clause, Endpoint, EndpointValue, Fuzzy, Occur, Phrase, Query, Range, Term, Wildcard, WildcardPart,
};
use super::error::QueryError;
use super::lexer::{tokenize, Token, TokenKind};
use super::value::{self, Date};

/// How deep groups may nest; deeper queries are refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// Bounds that keep every query's cost small, whatever its input: its length in characters,
/// its terms, phrases and ranges (Lucene's default `maxClauseCount`), the characters of a fuzzy
/// term (its automaton grows with them), the wildcards of one pattern, and the patterns.
pub const MAX_QUERY_CHARS: usize = 8_192;
pub const MAX_CLAUSES: usize = 1_024;
pub const MAX_FUZZY_CHARS: usize = 64;
pub const MAX_WILDCARDS: usize = 16;
/// Wildcard patterns and fuzzy terms in one query: each walks a field's term dictionary.
pub const MAX_PATTERNS: usize = 32;

/// What may start a clause, for error messages.
const CLAUSE: &str = "a term, a phrase, a range or a group";

/// The operator between two clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Operator {
    /// `a b` means `a OR b`: Lucene's default.
    #[default]
    Or,
    /// `a b` means `a AND b`.
    And,
}

/// How to parse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// The operator between clauses that have none.
    pub default_operator: Operator,
}

/// Parses a query in Lucene syntax, with OR as the default operator.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    parse_with(input, ParseOptions::default())
}

/// Parses a query in Lucene syntax.
pub fn parse_with(input: &str, options: ParseOptions) -> Result<Query, QueryError> {
    let length = input.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong { length, max: MAX_QUERY_CHARS });
    }
    let mut parser = Parser { tokens: tokenize(input)?, next: 0, end: length, options };
    let query = parser.sequence(None, 0)?;
    // A sequence only stops at the end or at a `)`, and at the top level nothing opened it.
    if let Some(close) = parser.peek() {
        return Err(QueryError::UnmatchedClose { position: close.start });
    }
    let query = query.ok_or(QueryError::Empty)?;
    let (clauses, patterns) = leaves(&query);
    if clauses > MAX_CLAUSES {
        return Err(QueryError::TooManyClauses { clauses, max: MAX_CLAUSES });
    }
    if patterns > MAX_PATTERNS {
        return Err(QueryError::TooManyPatterns { patterns, max: MAX_PATTERNS });
    }
    Ok(query)
}

/// How many terms, phrases, ranges and match-alls a query has, and how many of them are
/// wildcard patterns or fuzzy terms.
fn leaves(query: &Query) -> (usize, usize) {
    match query {
        Query::Bool(clauses) => clauses.iter().map(|c| leaves(&c.query)).fold((0, 0), |(a, b), (c, d)| (a + c, b + d)),
        Query::Boost { query, .. } => leaves(query),
        Query::Wildcard(_) | Query::Fuzzy(_) => (1, 1),
        _ => (1, 0),
    }
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    /// The query's length in characters: the position of "the end of the query".
    end: usize,
    options: ParseOptions,
}

/// A clause as written, before operators are resolved.
struct Item {
    /// The operator before the clause (the default one when none was written); `None` for the
    /// first clause.
    operator: Option<Operator>,
    modifier: Modifier,
    query: Query,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    None,
    /// `+`
    Required,
    /// `-`, `NOT`, `!`
    Prohibited,
}

impl Modifier {
    fn occur(self, unmodified: Occur) -> Occur {
        match self {
            Self::None => unmodified,
            Self::Required => Occur::Must,
            Self::Prohibited => Occur::MustNot,
        }
    }
}

/// What follows a leaf or a group: a `~` with its number, and a `^` boost.
struct Suffixes {
    tilde: Option<Tilde>,
    boost: Option<f32>,
}

struct Tilde {
    position: usize,
    /// The number written right after the `~`, if any.
    number: Option<Token>,
}

impl Parser {
    /// Clauses up to the end of the query or a `)`, combined; `None` when there are none.
    /// `field` is the field of an enclosing field group.
    fn sequence(&mut self, field: Option<&str>, depth: usize) -> Result<Option<Query>, QueryError> {
        let mut items: Vec<Item> = Vec::new();
        while let Some(token) = self.peek().filter(|t| t.kind != TokenKind::CloseParen).cloned() {
            let operator = match token.kind {
                TokenKind::And | TokenKind::Or => {
                    if items.is_empty() {
                        return Err(QueryError::LeadingOperator {
                            operator: token.raw,
                            position: token.start,
                        });
                    }
                    self.next += 1;
                    self.expect_clause_after(&token)?;
                    Some(if token.kind == TokenKind::And { Operator::And } else { Operator::Or })
                }
                _ if items.is_empty() => None,
                _ => Some(self.options.default_operator),
            };
            let (modifier, query) = self.clause(field, depth)?;
            items.push(Item { operator, modifier, query });
        }
        Ok(combine(items))
    }

    /// `[+|-|NOT|!] [field:] value`
    fn clause(&mut self, field: Option<&str>, depth: usize) -> Result<(Modifier, Query), QueryError> {
        let modifier = match self.peek().map(|t| &t.kind) {
            Some(TokenKind::Plus) => Modifier::Required,
            Some(TokenKind::Minus | TokenKind::Not) => Modifier::Prohibited,
            _ => Modifier::None,
        };
        if let Some(token) = self.next_if(|_| modifier != Modifier::None) {
            self.expect_clause_after(&token)?;
        }
        Ok((modifier, self.fielded(field, depth)?))
    }

    /// `field:value`, or a value in the enclosing field.
    fn fielded(&mut self, field: Option<&str>, depth: usize) -> Result<Query, QueryError> {
        let (Some(name), Some(colon)) = (self.peek().cloned(), self.peek_at(1).cloned()) else {
            return self.value(field, depth);
        };
        let (TokenKind::Word(parts), TokenKind::Colon) = (&name.kind, &colon.kind) else {
            return self.value(field, depth);
        };
        self.next += 2;
        if matches!(
            self.peek().map(|t| &t.kind),
            None | Some(TokenKind::CloseParen | TokenKind::And | TokenKind::Or)
        ) {
            return Err(QueryError::MissingValue { field: name.raw, position: colon.start });
        }
        match parts.as_slice() {
            [WildcardPart::Literal(field)] => self.value(Some(field), depth),
            [WildcardPart::AnyChars] if self.next_if(|t| t.kind == name.kind).is_some() => {
                self.without_tilde(Query::MatchAll)
            }
            _ => Err(QueryError::WildcardField { field: name.raw, position: name.start }),
        }
    }

    /// A word, phrase, range or group, with its suffixes.
    fn value(&mut self, field: Option<&str>, depth: usize) -> Result<Query, QueryError> {
        let Some(token) = self.next_if(|_| true) else {
            return Err(self.unexpected(None, CLAUSE));
        };
        let field = field.map(str::to_owned);
        match token.kind {
            TokenKind::Word(parts) => self.word(field, parts, token.start),
            TokenKind::Quoted(text) if text.trim().is_empty() => {
                Err(QueryError::EmptyPhrase { position: token.start })
            }
            TokenKind::Quoted(text) => self.phrase(field, text),
            TokenKind::OpenRange { inclusive } => {
                let range = self.range(field, inclusive, token.start)?;
                self.without_tilde(range)
            }
            TokenKind::OpenParen => {
                let group = self.group(field.as_deref(), depth + 1, token.start)?;
                self.without_tilde(group)
            }
            _ => Err(self.unexpected(Some(&token), CLAUSE)),
        }
    }

    /// A term, a wildcard pattern, or (with `~`) a fuzzy term.
    fn word(&mut self, field: Option<String>, parts: Vec<WildcardPart>, position: usize) -> Result<Query, QueryError> {
        let Suffixes { tilde, boost } = self.suffixes()?;
        let leaf = match (parts.as_slice(), tilde) {
            ([WildcardPart::Literal(text)], None) => Query::Term(Term { field, text: text.clone() }),
            ([WildcardPart::Literal(text)], Some(tilde)) => {
                if text.chars().count() > MAX_FUZZY_CHARS {
                    return Err(QueryError::FuzzyTooLong { max: MAX_FUZZY_CHARS, position });
                }
                Query::Fuzzy(Fuzzy { field, text: text.clone(), max_edits: max_edits(tilde)? })
            }
            (_, None) => {
                let wildcards = parts.iter().filter(|p| !matches!(p, WildcardPart::Literal(_))).count();
                if wildcards > MAX_WILDCARDS {
                    return Err(QueryError::TooManyWildcards { max: MAX_WILDCARDS, position });
                }
                Query::Wildcard(Wildcard { field, pattern: parts })
            }
            (_, Some(tilde)) => return Err(QueryError::FuzzyWildcard { position: tilde.position }),
        };
        Ok(boosted(leaf, boost))
    }

    fn phrase(&mut self, field: Option<String>, text: String) -> Result<Query, QueryError> {
        let Suffixes { tilde, boost } = self.suffixes()?;
        let slop = match tilde.and_then(|tilde| tilde.number) {
            None => 0,
            Some(number) => number.raw.parse().map_err(|_| QueryError::BadSlop {
                found: format!("`{}`", number.raw),
                position: number.start,
            })?,
        };
        Ok(boosted(Query::Phrase(Phrase { field, text, slop }), boost))
    }

    /// `[lower TO upper]`, `{...}` or mixed, the opening bracket consumed.
    fn range(
        &mut self,
        field: Option<String>,
        lower_inclusive: bool,
        open: usize,
    ) -> Result<Query, QueryError> {
        let lower = self.range_bound("lower", open)?;
        match self.next_if(|_| true) {
            Some(Token { kind: TokenKind::To, .. }) => {}
            Some(other) => return Err(QueryError::MissingTo { position: other.start }),
            None => return Err(QueryError::UnclosedRange { position: open }),
        }
        let upper = self.range_bound("upper", open)?;
        let upper_inclusive = match self.next_if(|_| true) {
            Some(Token { kind: TokenKind::CloseRange { inclusive }, .. }) => inclusive,
            Some(other) => return Err(self.unexpected(Some(&other), "`]` or `}` to close the range")),
            None => return Err(QueryError::UnclosedRange { position: open }),
        };
        let (lower, upper) = typed_endpoints(lower, upper, upper_inclusive);
        let bound = |endpoint: Option<Endpoint>, inclusive: bool| match endpoint {
            None => Bound::Unbounded,
            Some(endpoint) if inclusive => Bound::Included(endpoint),
            Some(endpoint) => Bound::Excluded(endpoint),
        };
        Ok(Query::Range(Range {
            field,
            lower: bound(lower, lower_inclusive),
            upper: bound(upper, upper_inclusive),
        }))
    }

    /// A bound's text; `None` for `*`.
    fn range_bound(&mut self, which: &'static str, open: usize) -> Result<Option<String>, QueryError> {
        match self.peek() {
            Some(Token { kind: TokenKind::Bound(text), .. }) => {
                let text = text.clone();
                self.next += 1;
                Ok(text)
            }
            Some(other) => Err(QueryError::MissingBound { which, position: other.start }),
            None => Err(QueryError::UnclosedRange { position: open }),
        }
    }

    /// `( ... )`, the opening parenthesis consumed.
    fn group(&mut self, field: Option<&str>, depth: usize, open: usize) -> Result<Query, QueryError> {
        if depth > MAX_DEPTH {
            return Err(QueryError::TooDeep { max: MAX_DEPTH, position: open });
        }
        let inner = self.sequence(field, depth)?;
        if self.next_if(|t| t.kind == TokenKind::CloseParen).is_none() {
            return Err(QueryError::UnclosedGroup { position: open });
        }
        inner.ok_or(QueryError::EmptyGroup { position: open })
    }

    /// `~` (with an adjacent number) and `^number`, each at most once, in either order.
    fn suffixes(&mut self) -> Result<Suffixes, QueryError> {
        let mut suffixes = Suffixes { tilde: None, boost: None };
        loop {
            if suffixes.tilde.is_none() {
                if let Some(tilde) = self.next_if(|t| t.kind == TokenKind::Tilde) {
                    let number =
                        self.next_if(|t| t.start == tilde.end && matches!(t.kind, TokenKind::Word(_)));
                    suffixes.tilde = Some(Tilde { position: tilde.start, number });
                    continue;
                }
            }
            if suffixes.boost.is_none() && self.next_if(|t| t.kind == TokenKind::Caret).is_some() {
                suffixes.boost = Some(self.boost()?);
                continue;
            }
            return Ok(suffixes);
        }
    }

    /// The number after a `^`.
    fn boost(&mut self) -> Result<f32, QueryError> {
        let number = self.next_if(|t| matches!(t.kind, TokenKind::Word(_)));
        let boost = number
            .as_ref()
            .filter(|number| value::is_decimal(&number.raw))
            .and_then(|number| number.raw.parse::<f32>().ok())
            .filter(|boost| boost.is_finite());
        match (boost, number) {
            (Some(boost), _) => Ok(boost),
            (None, Some(number)) => {
                Err(QueryError::BadBoost { found: format!("`{}`", number.raw), position: number.start })
            }
            (None, None) => {
                let next = self.peek();
                Err(QueryError::BadBoost { found: found(next), position: self.position(next) })
            }
        }
    }

    /// `query` with its boost, refusing a `~` (which only follows words and phrases).
    fn without_tilde(&mut self, query: Query) -> Result<Query, QueryError> {
        let Suffixes { tilde, boost } = self.suffixes()?;
        match tilde {
            Some(tilde) => Err(QueryError::Unexpected {
                found: "`~`".into(),
                expected: "`~` only after a word or a phrase",
                position: tilde.position,
            }),
            None => Ok(boosted(query, boost)),
        }
    }

    /// Refuses an operator with nothing after it.
    fn expect_clause_after(&self, operator: &Token) -> Result<(), QueryError> {
        match self.peek().map(|t| &t.kind) {
            None | Some(TokenKind::CloseParen) => {
                Err(QueryError::DanglingOperator { operator: operator.raw.clone(), position: operator.start })
            }
            _ => Ok(()),
        }
    }

    fn unexpected(&self, token: Option<&Token>, expected: &'static str) -> QueryError {
        QueryError::Unexpected { found: found(token), expected, position: self.position(token) }
    }

    fn position(&self, token: Option<&Token>) -> usize {
        token.map_or(self.end, |t| t.start)
    }

    fn peek(&self) -> Option<&Token> {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.next + ahead)
    }

    /// The next token, consumed, when `test` accepts it.
    fn next_if(&mut self, test: impl FnOnce(&Token) -> bool) -> Option<Token> {
        let token = self.peek().filter(|t| test(t))?.clone();
        self.next += 1;
        Some(token)
    }
}

/// Resolves the operators by precedence: clauses joined by AND form one conjunction (`Must`, or
/// `MustNot` when prohibited), and the conjunctions are joined as OR (`Should`). A clause alone
/// between ORs keeps its own modifier, as in Lucene: `+a -b c` is must a, must not b, should c.
fn combine(items: Vec<Item>) -> Option<Query> {
    let mut conjunctions: Vec<Vec<(Modifier, Query)>> = Vec::new();
    for Item { operator, modifier, query } in items {
        match (operator, conjunctions.last_mut()) {
            (Some(Operator::And), Some(conjunction)) => conjunction.push((modifier, query)),
            _ => conjunctions.push(vec![(modifier, query)]),
        }
    }
    let clauses: Vec<Clause> = conjunctions.into_iter().map(disjunct).collect();
    (!clauses.is_empty()).then(|| boolean(clauses))
}

/// One side of an OR.
fn disjunct(conjunction: Vec<(Modifier, Query)>) -> Clause {
    match <[_; 1]>::try_from(conjunction) {
        Ok([(modifier, query)]) => Clause { occur: modifier.occur(Occur::Should), query },
        Err(conjunction) => Clause {
            occur: Occur::Should,
            query: boolean(
                conjunction
                    .into_iter()
                    .map(|(modifier, query)| Clause { occur: modifier.occur(Occur::Must), query })
                    .collect(),
            ),
        },
    }
}

/// A boolean query of `clauses`, or the query of a lone clause that is not prohibited.
fn boolean(clauses: Vec<Clause>) -> Query {
    match <[Clause; 1]>::try_from(clauses) {
        Ok([clause]) if clause.occur != Occur::MustNot => clause.query,
        Ok(clause) => Query::Bool(Vec::from(clause)),
        Err(clauses) => Query::Bool(clauses),
    }
}

fn boosted(query: Query, boost: Option<f32>) -> Query {
    match boost {
        Some(boost) => Query::Boost { query: Box::new(query), boost },
        None => query,
    }
}

/// The edits a `~` allows: its number, or 2 (Lucene's default) without one.
fn max_edits(tilde: Tilde) -> Result<u8, QueryError> {
    match tilde.number {
        None => Ok(2),
        Some(number) => {
            number.raw.parse::<u8>().ok().filter(|edits| *edits <= 2).ok_or(QueryError::BadFuzziness {
                found: format!("`{}`", number.raw),
                position: number.start,
            })
        }
    }
}

/// Types the bounds of a range together: numbers when every bound is one, else dates when every
/// bound is one, else text. An inclusive upper date without a time covers its whole day.
fn typed_endpoints(
    lower: Option<String>,
    upper: Option<String>,
    upper_inclusive: bool,
) -> (Option<Endpoint>, Option<Endpoint>) {
    let read = |text: String| (value::number(&text), value::date(&text), text);
    let (lower, upper) = (lower.map(read), upper.map(read));
    let numbers = lower.iter().chain(&upper).all(|(number, _, _)| number.is_some());
    let dates = lower.iter().chain(&upper).all(|(_, date, _)| date.is_some());
    let endpoint = |(number, date, text): (Option<f64>, Option<Date>, String), end_of_day: bool| {
        let value = match (number, date) {
            (Some(number), _) if numbers => EndpointValue::Number(number),
            (_, Some(date)) if dates && end_of_day => EndpointValue::Date(date.last_instant()),
            (_, Some(date)) if dates => EndpointValue::Date(date.at),
            _ => EndpointValue::Text,
        };
        Endpoint { text, value }
    };
    (lower.map(|lower| endpoint(lower, false)), upper.map(|upper| endpoint(upper, upper_inclusive)))
}

fn found(token: Option<&Token>) -> String {
    token.map_or_else(|| "the end of the query".to_owned(), |t| format!("`{}`", t.raw))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;
    use WildcardPart::{AnyChar, AnyChars, Literal};

    fn ok(input: &str) -> Query {
        parse(input).unwrap_or_else(|e| panic!("{}", e.render(input)))
    }

    fn ok_and(input: &str) -> Query {
        parse_with(input, ParseOptions { default_operator: Operator::And })
            .unwrap_or_else(|e| panic!("{}", e.render(input)))
    }

    fn err(input: &str) -> QueryError {
        match parse(input) {
            Ok(query) => panic!("{input} parsed as {query:?}"),
            Err(error) => error,
        }
    }

    fn term(text: &str) -> Query {
        Query::Term(Term { field: None, text: text.into() })
    }

    fn field(field: &str, text: &str) -> Query {
        Query::Term(Term { field: Some(field.into()), text: text.into() })
    }

    fn wildcard(field: Option<&str>, pattern: Vec<WildcardPart>) -> Query {
        Query::Wildcard(Wildcard { field: field.map(Into::into), pattern })
    }

    fn literal(text: &str) -> WildcardPart {
        Literal(text.into())
    }

    fn must(query: Query) -> Clause {
        Clause { occur: Occur::Must, query }
    }

    fn should(query: Query) -> Clause {
        Clause { occur: Occur::Should, query }
    }

    fn must_not(query: Query) -> Clause {
        Clause { occur: Occur::MustNot, query }
    }

    fn range(input: &str) -> Range {
        match ok(input) {
            Query::Range(range) => range,
            other => panic!("{input} parsed as {other:?}"),
        }
    }

    fn endpoint(text: &str, value: EndpointValue) -> Endpoint {
        Endpoint { text: text.into(), value }
    }

    fn date(text: &str) -> EndpointValue {
        EndpointValue::Date(NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").expect("test date"))
    }

    // The examples of issue 5.

    #[test]
    fn example_customer_email() {
        assert_eq!(
            ok("data.data.customer_email: roni_cost@example.com"),
            field("data.data.customer_email", "roni_cost@example.com")
        );
    }

    #[test]
    fn example_event_name_and_success() {
        assert_eq!(
            ok("event_name: customer.* AND success: false"),
            Query::Bool(vec![
                must(wildcard(Some("event_name"), vec![literal("customer."), AnyChars])),
                must(field("success", "false")),
            ])
        );
    }

    #[test]
    fn example_increment_id_and_success() {
        assert_eq!(
            ok("data.data.increment_id: CK* AND success: true"),
            Query::Bool(vec![
                must(wildcard(Some("data.data.increment_id"), vec![literal("CK"), AnyChars])),
                must(field("success", "true")),
            ])
        );
    }

    #[test]
    fn example_leading_wildcard() {
        assert_eq!(ok("*.created"), wildcard(None, vec![AnyChars, literal(".created")]));
    }

    // Terms, phrases and fields.

    #[test]
    fn a_word_is_a_term_of_the_default_fields() {
        assert_eq!(ok("roni"), term("roni"));
        assert_eq!(ok("  roni  "), term("roni"));
    }

    #[test]
    fn a_quoted_text_is_a_phrase() {
        assert_eq!(
            ok(r#""order placed""#),
            Query::Phrase(Phrase { field: None, text: "order placed".into(), slop: 0 })
        );
    }

    #[test]
    fn a_field_applies_to_a_term_or_a_phrase() {
        assert_eq!(ok("status:200"), field("status", "200"));
        assert_eq!(ok("status : 200"), field("status", "200"));
        assert_eq!(
            ok(r#"error:"connection refused""#),
            Query::Phrase(Phrase { field: Some("error".into()), text: "connection refused".into(), slop: 0 })
        );
    }

    #[test]
    fn field_names_may_be_dotted_and_escaped() {
        assert_eq!(ok("data.data.items.sku:ABC"), field("data.data.items.sku", "ABC"));
        assert_eq!(ok(r"my\ field:x"), field("my field", "x"));
    }

    #[test]
    fn wildcards_anywhere_in_a_word() {
        assert_eq!(ok("c?stomer"), wildcard(None, vec![literal("c"), AnyChar, literal("stomer")]));
        assert_eq!(ok("sku:*"), wildcard(Some("sku"), vec![AnyChars]));
        assert_eq!(
            ok("a*b*c"),
            wildcard(None, vec![literal("a"), AnyChars, literal("b"), AnyChars, literal("c")])
        );
    }

    #[test]
    fn star_colon_star_matches_all() {
        assert_eq!(ok("*:*"), Query::MatchAll);
    }

    #[test]
    fn escapes_make_special_characters_literal() {
        for (input, text) in [
            (r"\+1", "+1"),
            (r"\-1", "-1"),
            (r"a\&&b", "a&&b"),
            (r"a\||b", "a||b"),
            (r"\!a", "!a"),
            (r"\(a\)", "(a)"),
            (r"\{a\}", "{a}"),
            (r"\[a\]", "[a]"),
            (r"a\^2", "a^2"),
            (r#"\"a\""#, "\"a\""),
            (r"a\~1", "a~1"),
            (r"a\:b", "a:b"),
            (r"a\\b", r"a\b"),
            (r"a\/b", "a/b"),
            (r"\AND", "AND"),
        ] {
            assert_eq!(ok(input), term(text), "{input}");
        }
        assert_eq!(ok(r"a\*"), term("a*"));
        assert_eq!(ok(r"a\?"), term("a?"));
        assert_eq!(ok(r"url:https\:\/\/shop.test\/x"), field("url", "https://shop.test/x"));
    }

    #[test]
    fn lowercase_operators_and_to_are_terms() {
        assert_eq!(ok("and"), term("and"));
        assert_eq!(ok("a TO b"), Query::Bool(vec![should(term("a")), should(term("TO")), should(term("b"))]));
    }

    // Operators and precedence.

    #[test]
    fn and_or_not_have_symbol_forms() {
        assert_eq!(ok("a AND b"), ok("a && b"));
        assert_eq!(ok("a OR b"), ok("a || b"));
        assert_eq!(ok("a AND NOT b"), ok("a && !b"));
        assert_eq!(ok("a AND b"), Query::Bool(vec![must(term("a")), must(term("b"))]));
        assert_eq!(ok("a OR b"), Query::Bool(vec![should(term("a")), should(term("b"))]));
        assert_eq!(ok("a AND NOT b"), Query::Bool(vec![must(term("a")), must_not(term("b"))]));
    }

    #[test]
    fn not_and_minus_prohibit_plus_requires() {
        assert_eq!(ok("NOT a"), Query::Bool(vec![must_not(term("a"))]));
        assert_eq!(ok("-a"), Query::Bool(vec![must_not(term("a"))]));
        assert_eq!(ok("!a"), Query::Bool(vec![must_not(term("a"))]));
        assert_eq!(ok("+a"), term("a"));
        assert_eq!(ok("-success:true"), Query::Bool(vec![must_not(field("success", "true"))]));
    }

    #[test]
    fn prefixes_combine_as_in_lucene() {
        assert_eq!(ok("+a -b c"), Query::Bool(vec![must(term("a")), must_not(term("b")), should(term("c"))]));
        assert_eq!(ok("a NOT b"), Query::Bool(vec![should(term("a")), must_not(term("b"))]));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let a_and_b = Query::Bool(vec![must(term("a")), must(term("b"))]);
        assert_eq!(ok("a AND b OR c"), Query::Bool(vec![should(a_and_b), should(term("c"))]));
        let b_and_c = Query::Bool(vec![must(term("b")), must(term("c"))]);
        assert_eq!(ok("a OR b AND c"), Query::Bool(vec![should(term("a")), should(b_and_c)]));
        let b_and_not_c = Query::Bool(vec![must(term("b")), must_not(term("c"))]);
        assert_eq!(ok("a || b && !c"), Query::Bool(vec![should(term("a")), should(b_and_not_c)]));
    }

    #[test]
    fn the_default_operator_is_or() {
        assert_eq!(ok("a b"), ok("a OR b"));
        assert_eq!(ok("a b AND c"), ok("a OR b AND c"));
    }

    #[test]
    fn the_default_operator_can_be_and() {
        assert_eq!(ok_and("a b"), ok("a AND b"));
        assert_eq!(ok_and("a b OR c"), ok("a AND b OR c"));
        assert_eq!(
            ok_and("+a -b c"),
            Query::Bool(vec![must(term("a")), must_not(term("b")), must(term("c"))])
        );
    }

    // Groups.

    #[test]
    fn parentheses_group() {
        let a_or_b = Query::Bool(vec![should(term("a")), should(term("b"))]);
        assert_eq!(ok("(a OR b) AND c"), Query::Bool(vec![must(a_or_b.clone()), must(term("c"))]));
        assert_eq!(ok("-(a OR b)"), Query::Bool(vec![must_not(a_or_b)]));
        assert_eq!(ok("((a))"), term("a"));
    }

    #[test]
    fn a_field_group_applies_the_field_inside() {
        assert_eq!(
            ok("event_name:(customer.created OR sales.order.*)"),
            Query::Bool(vec![
                should(field("event_name", "customer.created")),
                should(wildcard(Some("event_name"), vec![literal("sales.order."), AnyChars])),
            ])
        );
        assert_eq!(
            ok(r#"error:(+"timed out" -tls)"#),
            Query::Bool(vec![
                must(Query::Phrase(Phrase {
                    field: Some("error".into()),
                    text: "timed out".into(),
                    slop: 0
                })),
                must_not(field("error", "tls")),
            ])
        );
    }

    #[test]
    fn a_field_inside_a_field_group_wins() {
        assert_eq!(ok("a:(x b:y)"), Query::Bool(vec![should(field("a", "x")), should(field("b", "y"))]));
    }

    #[test]
    fn groups_may_nest_up_to_the_limit() {
        let input = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(ok(&input), term("a"));
    }

    // Ranges.

    #[test]
    fn inclusive_and_exclusive_number_ranges() {
        let one = || endpoint("1", EndpointValue::Number(1.0));
        let five = || endpoint("5", EndpointValue::Number(5.0));
        let inclusive = range("status:[1 TO 5]");
        assert_eq!(inclusive.field.as_deref(), Some("status"));
        assert_eq!((inclusive.lower, inclusive.upper), (Bound::Included(one()), Bound::Included(five())));
        let exclusive = range("{1 TO 5}");
        assert_eq!((exclusive.lower, exclusive.upper), (Bound::Excluded(one()), Bound::Excluded(five())));
        let mixed = range("[1 TO 5}");
        assert_eq!((mixed.lower, mixed.upper), (Bound::Included(one()), Bound::Excluded(five())));
        let other_mixed = range("{1 TO 5]");
        assert_eq!((other_mixed.lower, other_mixed.upper), (Bound::Excluded(one()), Bound::Included(five())));
    }

    #[test]
    fn decimal_and_negative_number_bounds() {
        let decimals = range("total:[-10.5 TO 99.99]");
        assert_eq!(decimals.lower, Bound::Included(endpoint("-10.5", EndpointValue::Number(-10.5))));
        assert_eq!(decimals.upper, Bound::Included(endpoint("99.99", EndpointValue::Number(99.99))));
    }

    #[test]
    fn a_star_is_an_open_bound() {
        let from = range("http_status:[500 TO *]");
        assert_eq!(
            (from.lower, from.upper),
            (Bound::Included(endpoint("500", EndpointValue::Number(500.0))), Bound::Unbounded)
        );
        let until = range("{* TO 2024-01-01}");
        assert_eq!(
            (until.lower, until.upper),
            (Bound::Unbounded, Bound::Excluded(endpoint("2024-01-01", date("2024-01-01 00:00:00"))))
        );
        let all = range("[* TO *]");
        assert_eq!((all.lower, all.upper), (Bound::Unbounded, Bound::Unbounded));
        let star = range(r#"["*" TO b]"#);
        assert_eq!(star.lower, Bound::Included(endpoint("*", EndpointValue::Text)));
    }

    #[test]
    fn date_bounds_keep_their_text() {
        let dates = range("created:[2024-01-01 TO 2024-01-31T12:30:00]");
        assert_eq!(dates.lower, Bound::Included(endpoint("2024-01-01", date("2024-01-01 00:00:00"))));
        assert_eq!(
            dates.upper,
            Bound::Included(endpoint("2024-01-31T12:30:00", date("2024-01-31 12:30:00")))
        );
        let quoted = range(r#"created:{"2024-01-01 10:00" TO *]"#);
        assert_eq!(quoted.lower, Bound::Excluded(endpoint("2024-01-01 10:00", date("2024-01-01 10:00:00"))));
    }

    #[test]
    fn an_inclusive_upper_date_covers_its_day() {
        let included = range("[2024-01-01 TO 2024-01-31]");
        assert_eq!(
            included.upper,
            Bound::Included(endpoint("2024-01-31", date("2024-01-31 23:59:59.999999999")))
        );
        let excluded = range("[2024-01-01 TO 2024-01-31}");
        assert_eq!(excluded.upper, Bound::Excluded(endpoint("2024-01-31", date("2024-01-31 00:00:00"))));
    }

    #[test]
    fn other_bounds_are_text() {
        let words = range("event_name:[a TO m]");
        assert_eq!(words.lower, Bound::Included(endpoint("a", EndpointValue::Text)));
        let mixed = range("[1 TO 2024-01-01]");
        assert_eq!(mixed.lower, Bound::Included(endpoint("1", EndpointValue::Text)));
        assert_eq!(mixed.upper, Bound::Included(endpoint("2024-01-01", EndpointValue::Text)));
    }

    // Boosts, fuzziness and slop.

    #[test]
    fn boosts_wrap_what_they_follow() {
        let boost = |query: Query, boost: f32| Query::Boost { query: Box::new(query), boost };
        assert_eq!(ok("a^2"), boost(term("a"), 2.0));
        assert_eq!(ok("a^0.5"), boost(term("a"), 0.5));
        assert_eq!(ok("a ^ 3"), boost(term("a"), 3.0));
        assert_eq!(
            ok(r#""a b"^2"#),
            boost(Query::Phrase(Phrase { field: None, text: "a b".into(), slop: 0 }), 2.0)
        );
        assert_eq!(ok("(a)^2"), boost(term("a"), 2.0));
        assert!(matches!(ok("[1 TO 2]^2"), Query::Boost { boost, .. } if boost == 2.0));
        assert_eq!(ok("+a^2 b"), Query::Bool(vec![must(boost(term("a"), 2.0)), should(term("b"))]));
    }

    #[test]
    fn queries_are_bounded_in_length_clauses_fuzziness_and_wildcards() {
        let long = "a ".repeat(MAX_QUERY_CHARS / 2 + 1);
        assert_eq!(err(&long), QueryError::TooLong { length: MAX_QUERY_CHARS + 2, max: MAX_QUERY_CHARS });
        let many = vec!["a"; MAX_CLAUSES + 1].join(" ");
        assert_eq!(err(&many), QueryError::TooManyClauses { clauses: MAX_CLAUSES + 1, max: MAX_CLAUSES });
        assert!(parse(&vec!["a"; MAX_CLAUSES].join(" ")).is_ok());
        let fuzzy = format!("x f:{}~2", "b".repeat(MAX_FUZZY_CHARS + 1));
        assert_eq!(err(&fuzzy), QueryError::FuzzyTooLong { max: MAX_FUZZY_CHARS, position: 4 });
        assert!(parse(&format!("f:{}~2", "b".repeat(MAX_FUZZY_CHARS))).is_ok());
        let stars = format!("f:{}", "a*".repeat(MAX_WILDCARDS + 1));
        assert_eq!(err(&stars), QueryError::TooManyWildcards { max: MAX_WILDCARDS, position: 2 });
        assert!(parse(&format!("f:{}", "a?".repeat(MAX_WILDCARDS))).is_ok());
        let patterns = vec!["a* b~1"; MAX_PATTERNS / 2 + 1].join(" ");
        assert_eq!(err(&patterns), QueryError::TooManyPatterns { patterns: MAX_PATTERNS + 2, max: MAX_PATTERNS });
        assert!(parse(&vec!["a* b~1 c"; MAX_PATTERNS / 2].join(" ")).is_ok());
    }

    #[test]
    fn tilde_makes_a_term_fuzzy() {
        let fuzzy =
            |max_edits| Query::Fuzzy(Fuzzy { field: Some("f".into()), text: "roam".into(), max_edits });
        assert_eq!(ok("f:roam~"), fuzzy(2));
        assert_eq!(ok("f:roam~1"), fuzzy(1));
        assert_eq!(ok("f:roam~0"), fuzzy(0));
    }

    #[test]
    fn a_tilde_without_number_leaves_the_next_word_alone() {
        let fuzzy = Query::Fuzzy(Fuzzy { field: None, text: "roam".into(), max_edits: 2 });
        assert_eq!(ok("roam~ 1"), Query::Bool(vec![should(fuzzy), should(term("1"))]));
    }

    #[test]
    fn fuzziness_and_boost_in_either_order() {
        let expected = Query::Boost {
            query: Box::new(Query::Fuzzy(Fuzzy { field: None, text: "roam".into(), max_edits: 1 })),
            boost: 2.0,
        };
        assert_eq!(ok("roam~1^2"), expected);
        assert_eq!(ok("roam^2~1"), expected);
    }

    #[test]
    fn tilde_gives_a_phrase_its_slop() {
        assert_eq!(ok(r#""a b"~3"#), Query::Phrase(Phrase { field: None, text: "a b".into(), slop: 3 }));
        assert_eq!(ok(r#""a b"~"#), Query::Phrase(Phrase { field: None, text: "a b".into(), slop: 0 }));
    }

    // Malformed queries, each pointing at its position.

    #[test]
    fn empty_queries() {
        assert_eq!(err(""), QueryError::Empty);
        assert_eq!(err("   "), QueryError::Empty);
        assert_eq!(err("()"), QueryError::EmptyGroup { position: 0 });
        assert_eq!(err("a:( )"), QueryError::EmptyGroup { position: 2 });
        assert_eq!(err(r#"a "" b"#), QueryError::EmptyPhrase { position: 2 });
    }

    #[test]
    fn unbalanced_parentheses() {
        assert_eq!(err("(a OR b"), QueryError::UnclosedGroup { position: 0 });
        assert_eq!(err("status:(a OR (b c)"), QueryError::UnclosedGroup { position: 7 });
        assert_eq!(err("a OR b)"), QueryError::UnmatchedClose { position: 6 });
        assert_eq!(err(")"), QueryError::UnmatchedClose { position: 0 });
    }

    #[test]
    fn unbalanced_quotes() {
        assert_eq!(err(r#"error:"timed out"#), QueryError::UnclosedPhrase { position: 6 });
        assert_eq!(err(r#""a" "b"#), QueryError::UnclosedPhrase { position: 4 });
    }

    #[test]
    fn dangling_operators() {
        let dangling =
            |operator: &str, position| QueryError::DanglingOperator { operator: operator.into(), position };
        assert_eq!(err("a AND"), dangling("AND", 2));
        assert_eq!(err("a ||"), dangling("||", 2));
        assert_eq!(err("(a OR) b"), dangling("OR", 3));
        assert_eq!(err("a NOT"), dangling("NOT", 2));
        assert_eq!(err("a -"), dangling("-", 2));
        assert_eq!(err("a AND !"), dangling("!", 6));
        assert_eq!(err("+"), dangling("+", 0));
    }

    #[test]
    fn operators_without_a_left_side() {
        assert_eq!(err("AND a"), QueryError::LeadingOperator { operator: "AND".into(), position: 0 });
        assert_eq!(err("a (|| b)"), QueryError::LeadingOperator { operator: "||".into(), position: 3 });
    }

    #[test]
    fn operators_in_a_row() {
        let unexpected = |found: &str, position| QueryError::Unexpected {
            found: found.into(),
            expected: CLAUSE,
            position,
        };
        assert_eq!(err("a AND OR b"), unexpected("`OR`", 6));
        assert_eq!(err("--a"), unexpected("`-`", 1));
        assert_eq!(err("a NOT -b"), unexpected("`-`", 6));
    }

    #[test]
    fn misplaced_punctuation() {
        let unexpected = |found: &str, position| QueryError::Unexpected {
            found: found.into(),
            expected: CLAUSE,
            position,
        };
        assert_eq!(err(":a"), unexpected("`:`", 0));
        assert_eq!(err("a:b:c"), unexpected("`:`", 3));
        assert_eq!(err("a ] b"), unexpected("`]`", 2));
        assert_eq!(err("a^2^3"), unexpected("`^`", 3));
        assert_eq!(
            err("(a b)~2"),
            QueryError::Unexpected {
                found: "`~`".into(),
                expected: "`~` only after a word or a phrase",
                position: 5
            }
        );
    }

    #[test]
    fn empty_field_values() {
        let missing = |position| QueryError::MissingValue { field: "status".into(), position };
        assert_eq!(err("status:"), missing(6));
        assert_eq!(err("status: AND b"), missing(6));
        assert_eq!(err("(status:) b"), missing(7));
        assert_eq!(err("a OR status : || b"), missing(12));
    }

    #[test]
    fn wildcards_in_field_names() {
        assert_eq!(err("data.*:x"), QueryError::WildcardField { field: "data.*".into(), position: 0 });
        assert_eq!(err("a *:x"), QueryError::WildcardField { field: "*".into(), position: 2 });
    }

    #[test]
    fn broken_ranges() {
        assert_eq!(err("[1 5]"), QueryError::MissingTo { position: 3 });
        assert_eq!(err("x:[1]"), QueryError::MissingTo { position: 4 });
        assert_eq!(err("[TO 5]"), QueryError::MissingBound { which: "lower", position: 1 });
        assert_eq!(err("[]"), QueryError::MissingBound { which: "lower", position: 1 });
        assert_eq!(err("[1 TO ]"), QueryError::MissingBound { which: "upper", position: 6 });
        assert_eq!(err("a [1 TO 5"), QueryError::UnclosedRange { position: 2 });
        assert_eq!(err("[1 TO"), QueryError::UnclosedRange { position: 0 });
        assert_eq!(
            err("[1 TO 5 6]"),
            QueryError::Unexpected {
                found: "`6`".into(),
                expected: "`]` or `}` to close the range",
                position: 8
            }
        );
    }

    #[test]
    fn bad_boosts() {
        let bad = |found: &str, position| QueryError::BadBoost { found: found.into(), position };
        assert_eq!(err("a^"), bad("the end of the query", 2));
        assert_eq!(err("a^x"), bad("`x`", 2));
        assert_eq!(err("a^-1"), bad("`-`", 2));
        assert_eq!(err("a^1e3"), bad("`1e3`", 2));
        assert_eq!(err("a^2.5.1"), bad("`2.5.1`", 2));
        assert_eq!(err("(a)^ b"), bad("`b`", 5));
    }

    #[test]
    fn bad_fuzziness_and_slop() {
        assert_eq!(err("roam~3"), QueryError::BadFuzziness { found: "`3`".into(), position: 5 });
        assert_eq!(err("roam~0.8"), QueryError::BadFuzziness { found: "`0.8`".into(), position: 5 });
        assert_eq!(err("ro*m~1"), QueryError::FuzzyWildcard { position: 4 });
        assert_eq!(err(r#""a b"~x"#), QueryError::BadSlop { found: "`x`".into(), position: 6 });
    }

    #[test]
    fn lexical_errors_surface() {
        assert_eq!(err(r"a\"), QueryError::DanglingEscape { position: 1 });
        assert_eq!(err("url:/x/"), QueryError::Regex { position: 4 });
    }

    #[test]
    fn too_deep_nesting_is_refused_not_overflowed() {
        let input = format!("{}a{}", "(".repeat(4_000), ")".repeat(4_000));
        assert_eq!(err(&input), QueryError::TooDeep { max: MAX_DEPTH, position: MAX_DEPTH });
    }

    #[test]
    fn any_input_parses_or_fails_at_a_position_inside_it() {
        let pieces = [
            "a", "1", "*", "?", ":", "(", ")", "[", "]", "{", "}", "\"", "\\", "~", "^", "+", "-", "!", "&&",
            "||", "/", " ", "TO", "AND", "OR", "NOT", "é",
        ];
        for first in pieces {
            for second in pieces {
                for third in pieces {
                    let input = format!("{first}{second}{third}");
                    if let Err(error) = parse(&input) {
                        assert!(error.position() <= input.chars().count(), "{}", error.render(&input));
                    }
                }
            }
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        assert_eq!(err("événement:(a"), QueryError::UnclosedGroup { position: 10 });
    }

    #[test]
    fn messages_state_the_problem_and_the_position() {
        let input = "event_name:(customer.* OR";
        let error = err(input);
        assert_eq!(error.to_string(), "`OR` at position 23 has no clause after it");
        assert_eq!(error.render(input), format!("{}\n{input}\n{}^", error, " ".repeat(23)));
    }
}
