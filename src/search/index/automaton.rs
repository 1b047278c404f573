//! Term patterns within one name of a dynamic field: an automaton that reads the term's fixed
//! prefix (the name and the value's type) and then runs a pattern over the value alone, and the
//! query that walks only that name's terms with it.
//!
//! tantivy's own fuzzy query runs its edit distance over the name as well as the value, so
//! `id~1` could match a sibling name's terms (`ids`); here edits and wildcards only ever
//! apply to the value.

use std::fmt;
use std::sync::{Arc, OnceLock};

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::query::{AutomatonWeight, EnableScoring, Query, Weight};
use tantivy::schema::Field;
use tantivy_fst::Automaton;

/// Matches `prefix` byte for byte, then `inner` over the rest.
pub(super) struct Prefixed<A> {
    prefix: Vec<u8>,
    inner: A,
}

#[derive(Clone)]
pub(super) enum PrefixedState<S> {
    InPrefix(usize),
    Inner(S),
    Dead,
}

impl<A: Automaton> Automaton for Prefixed<A>
where
    A::State: Clone,
{
    type State = PrefixedState<A::State>;

    fn start(&self) -> Self::State {
        if self.prefix.is_empty() {
            PrefixedState::Inner(self.inner.start())
        } else {
            PrefixedState::InPrefix(0)
        }
    }

    fn is_match(&self, state: &Self::State) -> bool {
        matches!(state, PrefixedState::Inner(inner) if self.inner.is_match(inner))
    }

    fn can_match(&self, state: &Self::State) -> bool {
        match state {
            PrefixedState::InPrefix(_) => true,
            PrefixedState::Inner(inner) => self.inner.can_match(inner),
            PrefixedState::Dead => false,
        }
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        match state {
            PrefixedState::InPrefix(at) if self.prefix.get(*at) == Some(&byte) => {
                if at + 1 == self.prefix.len() {
                    PrefixedState::Inner(self.inner.start())
                } else {
                    PrefixedState::InPrefix(at + 1)
                }
            }
            PrefixedState::Inner(inner) => PrefixedState::Inner(self.inner.accept(inner, byte)),
            _ => PrefixedState::Dead,
        }
    }
}

/// Values within a number of edits (insertions, deletions, substitutions, swaps of neighbours).
pub(super) struct Levenshtein(DFA);

impl Levenshtein {
    /// `max_edits` above 2 is taken as 2, the most the parser accepts.
    pub fn new(text: &str, max_edits: u8) -> Self {
        static BUILDERS: [OnceLock<LevenshteinAutomatonBuilder>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let edits = max_edits.min(2);
        let builder = BUILDERS[usize::from(edits)].get_or_init(|| LevenshteinAutomatonBuilder::new(edits, true));
        Self(builder.build_dfa(text))
    }
}

impl Automaton for Levenshtein {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The terms of a dynamic field that start with `prefix` (a name and a value type) and whose
/// value then matches a pattern.
pub(super) struct PatternQuery<A> {
    field: Field,
    automaton: Arc<Prefixed<A>>,
    /// Where the walk over the term dictionary starts and (this plus anything) ends: the prefix
    /// and any literal start of the pattern.
    start: Vec<u8>,
}

impl<A> PatternQuery<A> {
    /// `literal_start` is what every matching value begins with (may be empty).
    pub fn new(field: Field, prefix: Vec<u8>, literal_start: &str, inner: A) -> Self {
        let mut start = prefix.clone();
        start.extend_from_slice(literal_start.as_bytes());
        Self { field, automaton: Arc::new(Prefixed { prefix, inner }), start }
    }
}

impl<A> Clone for PatternQuery<A> {
    fn clone(&self) -> Self {
        Self { field: self.field, automaton: Arc::clone(&self.automaton), start: self.start.clone() }
    }
}

impl<A> fmt::Debug for PatternQuery<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PatternQuery").field("field", &self.field).field("start", &self.start).finish()
    }
}

impl<A> Query for PatternQuery<A>
where
    A: Automaton + Send + Sync + 'static,
    A::State: Clone,
{
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<Prefixed<A>>::new_for_json_path(self.field, Arc::clone(&self.automaton), &self.start)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<A: Automaton>(automaton: &A, bytes: &[u8]) -> bool
    where
        A::State: Clone,
    {
        let mut state = automaton.start();
        for byte in bytes {
            if !automaton.can_match(&state) {
                return false;
            }
            state = automaton.accept(&state, *byte);
        }
        automaton.is_match(&state)
    }

    #[test]
    fn the_prefix_must_match_exactly_before_the_pattern_runs() {
        let fuzzy = Prefixed { prefix: b"id\0s".to_vec(), inner: Levenshtein::new("roni", 1) };
        assert!(run(&fuzzy, b"id\0sroni"));
        assert!(run(&fuzzy, b"id\0srnoi"));
        assert!(run(&fuzzy, b"id\0sron"));
        assert!(!run(&fuzzy, b"ids\0sroni"), "edits never apply to the name");
        assert!(!run(&fuzzy, b"id\0sxxni"));
    }

    #[test]
    fn an_empty_prefix_runs_the_pattern_at_once() {
        let pattern = Prefixed { prefix: Vec::new(), inner: tantivy_fst::Regex::new("ck.*").expect("a valid pattern") };
        assert!(run(&pattern, b"ck000123"));
        assert!(!run(&pattern, b"xck"));
    }
}
