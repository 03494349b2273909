//! What to try when a query finds nothing: looser forms of it, tried in order, each with
//! the text to show the reader ("addictive" finds nothing, 'addict finds "addiction").
//! Pure query rewriting: it never runs a search and never loosens a query that found hits.
//!
//! 1. Word roots: every plain (fuzzy) word term with a common English ending is cut to its
//!    root and matched as an exact substring: "addictive" → 'addict, "suicide" → 'suicid,
//!    "memory problems" → 'memor 'problem.
//! 2. Any word: when several words are never found together, each alone (`a | b`), roots
//!    kept.
//!
//! A query with a negation (`!word`) is never loosened: it uses the syntax on purpose, and
//! "nothing without that word" is often the answer (and, typed key by key, each loosened
//! form would cost the reader a full scan).

use super::query::{Group, Query, Term, TermKind};

/// Endings cut from a word to reach a root, longest first. A root keeps at least
/// [`MIN_ROOT`] letters, so short words are left alone.
const ENDINGS: &[&str] = &[
    "ations", "ation", "ically", "ively", "ities", "ments", "ness", "ings", "ical", "ions", "ment",
    "ity", "ive", "ion", "ing", "ally", "ies", "ied", "ed", "es", "al", "ly", "s", "y", "e",
];
const MIN_ROOT: usize = 4;

/// Words that say nothing alone: question words, auxiliaries, pronouns, articles.
const FILLERS: &[&str] = &[
    "how", "what", "why", "when", "who", "which", "where", "does", "do", "did", "is", "are", "was",
    "can", "could", "will", "would", "should", "the", "and", "for", "with", "from", "that", "this",
    "it", "its", "you", "your", "my", "me", "about", "into", "than",
];

fn is_filler(word: &str) -> bool {
    word.chars().count() < 3 || FILLERS.contains(&word.to_lowercase().as_str())
}

/// A looser query and how to name it to the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relaxed {
    pub query: Query,
    /// The loosened query in the query language, e.g. `'addict | 'nasal`.
    pub shown: String,
}

/// Looser forms of `query`, to try in order when it finds nothing; empty when there is
/// nothing to loosen.
pub fn relaxations(query: &Query) -> Vec<Relaxed> {
    if query
        .groups()
        .iter()
        .any(|g| g.alternatives.iter().any(|t| t.negated))
    {
        return Vec::new();
    }
    let rooted: Vec<Group> = query.groups().iter().map(rooted_group).collect();
    let mut tries = Vec::new();
    if rooted != query.groups() {
        tries.push(relaxed(rooted.clone()));
    }
    let (negative, positive): (Vec<Group>, Vec<Group>) =
        rooted.into_iter().partition(Group::is_negative);
    if positive.len() > 1 {
        // Alone, a fuzzy word matches letters scattered over any long sentence: each word
        // is matched exactly here, and question words ("how does it work") are dropped.
        let alternatives: Vec<Term> = positive
            .into_iter()
            .flat_map(|g| g.alternatives.into_iter().filter(|t| !t.negated))
            .filter(|t| !is_filler(&t.text))
            .map(|t| match t.kind {
                TermKind::Fuzzy => Term {
                    kind: TermKind::Exact,
                    ..t
                },
                _ => t,
            })
            .collect();
        if !alternatives.is_empty() {
            let any = Group { alternatives };
            tries.push(relaxed(std::iter::once(any).chain(negative).collect()));
        }
    }
    tries
}

fn relaxed(groups: Vec<Group>) -> Relaxed {
    let shown = groups
        .iter()
        .map(|g| {
            g.alternatives
                .iter()
                .map(written)
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect::<Vec<_>>()
        .join(" ");
    Relaxed {
        query: Query::from_groups(shown.clone(), groups),
        shown,
    }
}

/// A term as it would be typed.
fn written(term: &Term) -> String {
    let (before, after) = match term.kind {
        TermKind::Fuzzy => ("", ""),
        // A negated term is exact already: `!spray`.
        TermKind::Exact if term.negated => ("", ""),
        TermKind::Exact => ("'", ""),
        TermKind::Word => ("'", "'"),
        TermKind::Prefix => ("^", ""),
        TermKind::Suffix => ("", "$"),
        TermKind::Equal => ("^", "$"),
    };
    let not = if term.negated { "!" } else { "" };
    format!("{not}{before}{}{after}", term.text)
}

fn rooted_group(group: &Group) -> Group {
    Group {
        alternatives: group.alternatives.iter().map(rooted_term).collect(),
    }
}

fn rooted_term(term: &Term) -> Term {
    let plain_word = term.kind == TermKind::Fuzzy
        && !term.negated
        && term.text.chars().all(|c| c.is_alphabetic());
    match root(&term.text).filter(|_| plain_word) {
        Some(root) => Term {
            text: root,
            kind: TermKind::Exact,
            ..term.clone()
        },
        None => term.clone(),
    }
}

/// The word without its ending, when it has one of [`ENDINGS`] and enough is left.
fn root(word: &str) -> Option<String> {
    let letters = word.chars().count();
    ENDINGS.iter().find_map(|ending| {
        let stem = word.strip_suffix(ending)?;
        (letters - ending.chars().count() >= MIN_ROOT).then(|| stem.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(query: &str) -> Vec<String> {
        relaxations(&Query::parse(query).unwrap())
            .into_iter()
            .map(|r| r.shown)
            .collect()
    }

    #[test]
    fn word_endings_are_cut_to_an_exact_root() {
        assert_eq!(shown("addictive"), ["'addict"]);
        assert_eq!(shown("suicide"), ["'suicid"]);
        assert_eq!(
            shown("memory problems"),
            ["'memor 'problem", "'memor | 'problem"]
        );
        assert_eq!(
            shown("how fast does it work"),
            [
                "how fast does it work".to_string(),
                "'fast | 'work".to_string()
            ][1..]
        );
    }

    #[test]
    fn several_words_become_any_of_them() {
        assert_eq!(
            shown("esketamine nasal"),
            ["'esketamin nasal", "'esketamin | 'nasal"]
        );
    }

    #[test]
    fn a_query_with_a_negation_is_left_as_typed() {
        assert!(shown("esketamine nasal !spray").is_empty());
        assert!(shown("side effects !n").is_empty());
    }

    #[test]
    fn nothing_to_loosen_gives_nothing() {
        assert!(shown("dose").is_empty());
        assert!(shown("'exact").is_empty());
        assert!(shown("^side").is_empty());
    }

    #[test]
    fn a_loosened_query_is_a_valid_query_that_says_what_it_is() {
        let tries = relaxations(&Query::parse("Addictive").unwrap());
        let term = &tries[0].query.groups()[0].alternatives[0];
        assert_eq!(term.kind, TermKind::Exact);
        assert!(term.case_sensitive, "smart case is kept");
        assert_eq!(tries[0].query.as_str(), "'Addict");
    }
}
