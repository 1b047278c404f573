//! Splits a query string into tokens, with their character positions, resolving escapes.
//!
//! Outside ranges a word runs until whitespace or one of `( ) : ^ ~ " [ ] { } ! /`; `+` and `-`
//! only count as operators at the start of a token (`customer-created` is one word), `&&` and
//! `||` likewise. Inside `[...]` and `{...}` a bound runs until whitespace, `]` or `}`, so dates
//! such as `2024-01-01T10:00:00` need no escaping there. A backslash makes any following
//! character literal.

use super::ast::WildcardPart;
use super::error::QueryError;

/// One token; `start` and `end` are character positions (`end` exclusive).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub kind: TokenKind,
    /// The source text of the token, for error messages.
    pub raw: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum TokenKind {
    /// A word, split at its unescaped wildcards (a plain word is one `Literal`).
    Word(Vec<WildcardPart>),
    /// The unescaped text between double quotes.
    Quoted(String),
    /// `AND` or `&&`.
    And,
    /// `OR` or `||`.
    Or,
    /// `NOT` or `!`.
    Not,
    Plus,
    Minus,
    OpenParen,
    CloseParen,
    Colon,
    Caret,
    Tilde,
    /// `[` (inclusive) or `{` (exclusive).
    OpenRange {
        inclusive: bool,
    },
    /// `]` (inclusive) or `}` (exclusive).
    CloseRange {
        inclusive: bool,
    },
    /// `TO` inside a range.
    To,
    /// A range bound; `None` for an unescaped, unquoted `*`.
    Bound(Option<String>),
}

/// The tokens of `input`, or the first lexical error (unclosed quote, trailing backslash, `/`).
pub(super) fn tokenize(input: &str) -> Result<Vec<Token>, QueryError> {
    let mut lexer = Lexer { chars: input.chars().collect(), pos: 0, in_range: false };
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token()? {
        tokens.push(token);
    }
    Ok(tokens)
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    in_range: bool,
}

impl Lexer {
    fn next_token(&mut self) -> Result<Option<Token>, QueryError> {
        while self.peek(0).is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        let start = self.pos;
        let Some(c) = self.peek(0) else { return Ok(None) };
        let kind = if self.in_range { self.range_token(c)? } else { self.token(c)? };
        let raw = self.chars[start..self.pos].iter().collect();
        Ok(Some(Token { kind, raw, start, end: self.pos }))
    }

    fn token(&mut self, c: char) -> Result<TokenKind, QueryError> {
        let single = match c {
            '(' => Some(TokenKind::OpenParen),
            ')' => Some(TokenKind::CloseParen),
            ':' => Some(TokenKind::Colon),
            '^' => Some(TokenKind::Caret),
            '~' => Some(TokenKind::Tilde),
            '+' => Some(TokenKind::Plus),
            '-' => Some(TokenKind::Minus),
            '!' => Some(TokenKind::Not),
            '[' | '{' => Some(TokenKind::OpenRange { inclusive: c == '[' }),
            ']' | '}' => Some(TokenKind::CloseRange { inclusive: c == ']' }),
            _ => None,
        };
        if let Some(kind) = single {
            self.pos += 1;
            if let TokenKind::OpenRange { .. } = kind {
                self.in_range = true;
            }
            return Ok(kind);
        }
        match (c, self.peek(1)) {
            ('&', Some('&')) => {
                self.pos += 2;
                Ok(TokenKind::And)
            }
            ('|', Some('|')) => {
                self.pos += 2;
                Ok(TokenKind::Or)
            }
            ('"', _) => self.quoted().map(TokenKind::Quoted),
            ('/', _) => Err(QueryError::Regex { position: self.pos }),
            _ => self.word(),
        }
    }

    fn range_token(&mut self, c: char) -> Result<TokenKind, QueryError> {
        match c {
            ']' | '}' => {
                self.pos += 1;
                self.in_range = false;
                Ok(TokenKind::CloseRange { inclusive: c == ']' })
            }
            '"' => self.quoted().map(|text| TokenKind::Bound(Some(text))),
            _ => {
                let mut text = String::new();
                let mut escaped = false;
                while let Some(c) = self.peek(0).filter(|c| !c.is_whitespace() && !matches!(c, ']' | '}')) {
                    if c == '\\' {
                        text.push(self.escaped()?);
                        escaped = true;
                    } else {
                        text.push(c);
                        self.pos += 1;
                    }
                }
                Ok(match (text.as_str(), escaped) {
                    ("TO", false) => TokenKind::To,
                    ("*", false) => TokenKind::Bound(None),
                    _ => TokenKind::Bound(Some(text)),
                })
            }
        }
    }

    /// The text of a `"..."`, the cursor on its opening quote.
    fn quoted(&mut self) -> Result<String, QueryError> {
        let open = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            match self.peek(0) {
                None => return Err(QueryError::UnclosedPhrase { position: open }),
                Some('"') => {
                    self.pos += 1;
                    return Ok(text);
                }
                Some('\\') => text.push(self.escaped()?),
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn word(&mut self) -> Result<TokenKind, QueryError> {
        let start = self.pos;
        let mut parts = Vec::new();
        let mut literal = String::new();
        while let Some(c) = self.peek(0).filter(|&c| is_word_char(c)) {
            let wildcard = match c {
                '*' => Some(WildcardPart::AnyChars),
                '?' => Some(WildcardPart::AnyChar),
                _ => None,
            };
            match wildcard {
                Some(part) => {
                    if !literal.is_empty() {
                        parts.push(WildcardPart::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(part);
                    self.pos += 1;
                }
                None if c == '\\' => literal.push(self.escaped()?),
                None => {
                    literal.push(c);
                    self.pos += 1;
                }
            }
        }
        if !literal.is_empty() {
            parts.push(WildcardPart::Literal(literal));
        }
        // Only the bare words are operators: `\AND` is the term "AND".
        let keyword = match parts.as_slice() {
            [WildcardPart::Literal(text)] if text.chars().count() == self.pos - start => {
                match text.as_str() {
                    "AND" => Some(TokenKind::And),
                    "OR" => Some(TokenKind::Or),
                    "NOT" => Some(TokenKind::Not),
                    _ => None,
                }
            }
            _ => None,
        };
        Ok(keyword.unwrap_or(TokenKind::Word(parts)))
    }

    /// The character after the backslash under the cursor.
    fn escaped(&mut self) -> Result<char, QueryError> {
        let c = self.peek(1).ok_or(QueryError::DanglingEscape { position: self.pos })?;
        self.pos += 2;
        Ok(c)
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '(' | ')' | ':' | '^' | '~' | '"' | '[' | ']' | '{' | '}' | '!' | '/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn kinds(input: &str) -> Vec<TokenKind> {
        tokenize(input)
            .unwrap_or_else(|e| panic!("{}", e.render(input)))
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    fn word(text: &str) -> TokenKind {
        Word(vec![WildcardPart::Literal(text.into())])
    }

    #[test]
    fn operators_in_words_and_symbols() {
        assert_eq!(kinds("a AND b && c"), [word("a"), And, word("b"), And, word("c")]);
        assert_eq!(kinds("a OR b || c"), [word("a"), Or, word("b"), Or, word("c")]);
        assert_eq!(kinds("NOT a !b"), [Not, word("a"), Not, word("b")]);
        assert_eq!(kinds("+a -b"), [Plus, word("a"), Minus, word("b")]);
    }

    #[test]
    fn operators_are_case_sensitive_whole_words() {
        assert_eq!(kinds("and or not ANDROID NOTE"), ["and", "or", "not", "ANDROID", "NOTE"].map(word));
    }

    #[test]
    fn escaped_operators_are_words() {
        assert_eq!(kinds(r"\AND \OR N\OT"), ["AND", "OR", "NOT"].map(word));
    }

    #[test]
    fn plus_and_minus_inside_a_word_belong_to_it() {
        assert_eq!(
            kinds("customer-created a+b 2024-01-01"),
            ["customer-created", "a+b", "2024-01-01"].map(word)
        );
    }

    #[test]
    fn single_ampersand_and_pipe_are_word_characters() {
        assert_eq!(kinds("a&b | c"), ["a&b", "|", "c"].map(word));
    }

    #[test]
    fn punctuation_tokens() {
        assert_eq!(
            kinds("f:(a)^2~1"),
            [word("f"), Colon, OpenParen, word("a"), CloseParen, Caret, word("2"), Tilde, word("1")]
        );
    }

    #[test]
    fn wildcards_split_words() {
        use WildcardPart::{AnyChar, AnyChars, Literal};
        assert_eq!(kinds("customer.*"), [Word(vec![Literal("customer.".into()), AnyChars])]);
        assert_eq!(kinds("*.created"), [Word(vec![AnyChars, Literal(".created".into())])]);
        assert_eq!(kinds("C?*"), [Word(vec![Literal("C".into()), AnyChar, AnyChars])]);
    }

    #[test]
    fn escaped_wildcards_are_literal() {
        assert_eq!(kinds(r"a\*b\?"), [word("a*b?")]);
    }

    #[test]
    fn every_special_character_can_be_escaped() {
        let input = r#"\+\-\&&\||\!\(\)\{\}\[\]\^\"\~\*\?\:\\\/"#;
        assert_eq!(kinds(input), [word(r#"+-&&||!(){}[]^"~*?:\/"#)]);
    }

    #[test]
    fn quoted_text_is_unescaped() {
        assert_eq!(kinds(r#""say \"hi\" (now)""#), [Quoted(r#"say "hi" (now)"#.into())]);
    }

    #[test]
    fn ranges_read_bounds_up_to_whitespace_or_brackets() {
        assert_eq!(
            kinds("[2024-01-01T10:00:00 TO *}"),
            [
                OpenRange { inclusive: true },
                Bound(Some("2024-01-01T10:00:00".into())),
                To,
                Bound(None),
                CloseRange { inclusive: false },
            ]
        );
        assert_eq!(
            kinds(r#"{"a b" TO \*]"#),
            [
                OpenRange { inclusive: false },
                Bound(Some("a b".into())),
                To,
                Bound(Some("*".into())),
                CloseRange { inclusive: true },
            ]
        );
    }

    #[test]
    fn after_a_range_words_are_read_again() {
        assert_eq!(
            kinds("[a TO b] c:d"),
            [
                OpenRange { inclusive: true },
                Bound(Some("a".into())),
                To,
                Bound(Some("b".into())),
                CloseRange { inclusive: true },
                word("c"),
                Colon,
                word("d"),
            ]
        );
    }

    #[test]
    fn positions_count_characters() {
        let tokens = tokenize("é:\"ü\" x").unwrap_or_default();
        let spans: Vec<(usize, usize, &str)> =
            tokens.iter().map(|t| (t.start, t.end, t.raw.as_str())).collect();
        assert_eq!(spans, [(0, 1, "é"), (1, 2, ":"), (2, 5, "\"ü\""), (6, 7, "x")]);
    }

    #[test]
    fn unclosed_quote_points_at_the_opening_quote() {
        assert_eq!(tokenize(r#"a "b c"#), Err(QueryError::UnclosedPhrase { position: 2 }));
        assert_eq!(tokenize(r#"a "b \""#), Err(QueryError::UnclosedPhrase { position: 2 }));
    }

    #[test]
    fn trailing_backslash_points_at_itself() {
        assert_eq!(tokenize(r"ab\"), Err(QueryError::DanglingEscape { position: 2 }));
        assert_eq!(tokenize(r#""ab\"#), Err(QueryError::DanglingEscape { position: 3 }));
    }

    #[test]
    fn slashes_are_refused_as_regular_expressions() {
        assert_eq!(tokenize("/ab.*/"), Err(QueryError::Regex { position: 0 }));
        assert_eq!(tokenize("a/b"), Err(QueryError::Regex { position: 1 }));
        assert_eq!(kinds(r"a\/b"), [word("a/b")]);
    }
}
