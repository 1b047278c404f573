//! Case-insensitive text comparisons of the plain scan: equality, wildcards, edit distance, phrases.

use super::ast::WildcardPart;

/// Whether `a` and `b` are equal, ignoring case.
pub(super) fn eq_ignore_case(a: &str, b: &str) -> bool {
    folded(a).eq(folded(b))
}

/// `text` lowercased, as a string (for ordering).
pub(crate) fn lowercase(text: &str) -> String {
    let mut lowered = String::with_capacity(text.len());
    push_lowercase(&mut lowered, text);
    lowered
}

/// Appends `text` lowercased to `out` (the index folds every value into one buffer).
pub(crate) fn push_lowercase(out: &mut String, text: &str) {
    // The same as folding char by char, for ASCII, and much faster.
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(folded(text));
    }
}

/// Whether the whole of `text` matches `pattern`, ignoring case.
pub(super) fn wildcard_matches(pattern: &[WildcardPart], text: &str) -> bool {
    enum Step {
        Char(char),
        AnyChars,
        AnyChar,
    }
    let steps: Vec<Step> = pattern
        .iter()
        .flat_map(|part| match part {
            WildcardPart::Literal(literal) => folded(literal).map(Step::Char).collect(),
            WildcardPart::AnyChars => vec![Step::AnyChars],
            WildcardPart::AnyChar => vec![Step::AnyChar],
        })
        .collect();
    let text: Vec<char> = folded(text).collect();
    // Greedy matching that backtracks to the last `*`: O(steps * text) at worst.
    let (mut step, mut at) = (0, 0);
    let mut last_star: Option<(usize, usize)> = None;
    while at < text.len() {
        match steps.get(step) {
            Some(Step::Char(c)) if *c == text[at] => (step, at) = (step + 1, at + 1),
            Some(Step::AnyChar) => (step, at) = (step + 1, at + 1),
            Some(Step::AnyChars) => {
                last_star = Some((step, at));
                step += 1;
            }
            _ => match last_star {
                Some((star, star_at)) => {
                    last_star = Some((star, star_at + 1));
                    (step, at) = (star + 1, star_at + 1);
                }
                None => return false,
            },
        }
    }
    steps[step..].iter().all(|step| matches!(step, Step::AnyChars))
}

/// Whether `a` and `b` are at most `max_edits` apart, ignoring case, counting an insertion, a
/// deletion, a substitution or a swap of two neighbours as one edit (as Lucene's fuzzy query).
pub(super) fn within_edits(a: &str, b: &str, max_edits: u8) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (folded(a).collect(), folded(b).collect());
    let max = usize::from(max_edits);
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    // Optimal string alignment distance, three rows at a time.
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut current = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            current[j] = substitution.min(previous[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous[b.len()] <= max
}

/// Whether the words of `phrase` occur in `text` next to each other and in order, ignoring case.
/// Words are runs of letters and digits; a phrase without any matches nothing.
pub(crate) fn contains_phrase(text: &str, phrase: &str) -> bool {
    let phrase = words(phrase);
    !phrase.is_empty() && words(text).windows(phrase.len()).any(|window| window == phrase)
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(lowercase).collect()
}

fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(char::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use WildcardPart::{AnyChar, AnyChars, Literal};

    fn literal(text: &str) -> WildcardPart {
        Literal(text.into())
    }

    #[test]
    fn equality_ignores_case() {
        assert!(eq_ignore_case("Roni_Cost@Example.com", "roni_cost@example.com"));
        assert!(eq_ignore_case("ÉTÉ", "été"));
        assert!(!eq_ignore_case("roni", "roni_cost"));
    }

    #[test]
    fn star_matches_any_run_of_characters() {
        let pattern = [literal("customer."), AnyChars];
        assert!(wildcard_matches(&pattern, "customer.created"));
        assert!(wildcard_matches(&pattern, "Customer."));
        assert!(!wildcard_matches(&pattern, "sales.order.created"));
        assert!(wildcard_matches(&[AnyChars, literal(".created")], "sales.order.created"));
        assert!(!wildcard_matches(&[AnyChars, literal(".created")], "sales.order.created.late"));
        assert!(wildcard_matches(&[AnyChars], ""));
    }

    #[test]
    fn star_backtracks() {
        let pattern = [literal("a"), AnyChars, literal("b"), AnyChars, literal("c")];
        assert!(wildcard_matches(&pattern, "aXbYbZc"));
        assert!(wildcard_matches(&pattern, "abbc"));
        assert!(!wildcard_matches(&pattern, "aXcYb"));
    }

    #[test]
    fn question_mark_matches_exactly_one_character() {
        let pattern = [literal("CK"), AnyChar, AnyChar];
        assert!(wildcard_matches(&pattern, "ck12"));
        assert!(!wildcard_matches(&pattern, "ck1"));
        assert!(!wildcard_matches(&pattern, "ck123"));
    }

    #[test]
    fn escaped_wildcards_are_literal() {
        assert!(wildcard_matches(&[literal("a*b"), AnyChars], "a*bc"));
        assert!(!wildcard_matches(&[literal("a*b"), AnyChars], "axbc"));
    }

    #[test]
    fn edits_count_insertions_deletions_substitutions_and_swaps() {
        assert!(within_edits("roam", "roam", 0));
        assert!(!within_edits("roam", "roams", 0));
        assert!(within_edits("roam", "roams", 1));
        assert!(within_edits("roam", "ram", 1));
        assert!(within_edits("roam", "foam", 1));
        assert!(within_edits("roam", "raom", 1));
        assert!(within_edits("ROAM", "foams", 2));
        assert!(!within_edits("roam", "fams", 1));
        assert!(!within_edits("roam", "r", 2));
    }

    #[test]
    fn phrases_are_word_sequences() {
        assert!(contains_phrase("The order was PLACED today", "order was placed"));
        assert!(contains_phrase("roni_cost@example.com", "example com"));
        assert!(!contains_phrase("order was placed", "placed order"));
        assert!(!contains_phrase("order was placed", "order placed"));
        assert!(!contains_phrase("reorder", "order"));
        assert!(!contains_phrase("anything", "!!"));
    }
}
