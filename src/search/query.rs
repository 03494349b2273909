//! The query language (fzf's extended syntax), parsed and validated once into a [`Query`].
//! Pure text handling: it knows nothing of the index, the matcher or the output.
//!
//! Syntax, as in fzf:
//! - terms separated by spaces are ANDed, in any order; each is matched fuzzily;
//! - `'word` exact substring, `'word'` exact whole word, `^word` at the start of a unit,
//!   `word$` at its end (trailing sentence punctuation ignored), `^word$` the whole unit;
//! - `!word` must not occur (exact); `!'word`, `!^word`, `!word$` likewise;
//! - `a | b` either term (binds tighter than the AND between spaces);
//! - smart case: a term with an upper-case letter matches case-sensitively;
//! - `\ ` is a space inside a term, `\\` a backslash, and `\!`, `\'`, `\^`, `\$`, `\|` are
//!   literal characters; `"two words"` is one exact term (operators go outside the quotes).
//!
//! Errors (exit 2 on the command line): an empty query, an operator with no text after it
//! (`!`, `'`, `^`, `$`, `!^`), a `|` without a term on both sides, an unclosed `"` and a
//! trailing lone `\`. Nothing else is rejected: an unknown character is just text.

use std::fmt;

/// How a term is compared with a unit's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// Characters in order, gaps allowed (fuzzy-matcher's skim algorithm).
    Fuzzy,
    /// A contiguous substring.
    Exact,
    /// A whole word (or words): a substring with word boundaries on both sides.
    Word,
    /// The unit starts with the text.
    Prefix,
    /// The unit ends with the text.
    Suffix,
    /// The unit is exactly the text.
    Equal,
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The text to find; lower-cased (ASCII) unless `case_sensitive`.
    pub text: String,
    pub kind: TermKind,
    /// The unit must NOT match this term.
    pub negated: bool,
    /// Smart case: true when the typed term has an upper-case letter.
    pub case_sensitive: bool,
}

/// Terms joined by `|`: a unit satisfies the group when it matches any of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub alternatives: Vec<Term>,
}

impl Group {
    /// A group made only of negated terms filters units out instead of finding them.
    pub fn is_negative(&self) -> bool {
        self.alternatives.iter().all(|t| t.negated)
    }
}

/// A validated query: groups ANDed together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    raw: String,
    groups: Vec<Group>,
}

/// Why a query cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    Empty,
    /// An operator (`!`, `'`, `^`, `$`) with nothing to match.
    NothingToMatch(String),
    /// `|` at the start or end, or two in a row.
    DanglingOr,
    UnclosedQuote,
    TrailingBackslash,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Empty => write!(f, "the query is empty"),
            QueryError::NothingToMatch(token) => {
                write!(
                    f,
                    "'{token}' has no text to match (write \\{token} for the character itself)"
                )
            }
            QueryError::DanglingOr => write!(f, "'|' needs a term on each side"),
            QueryError::UnclosedQuote => write!(f, "a \" is not closed"),
            QueryError::TrailingBackslash => write!(f, "the query ends with a lone '\\'"),
        }
    }
}

impl std::error::Error for QueryError {}

/// A token as typed, before its operators are read.
#[derive(Debug, Default)]
struct Token {
    /// Text with escapes resolved; operator characters that were escaped or quoted are
    /// recorded as literal by position.
    chars: Vec<(char, bool)>,
    quoted: bool,
    raw: String,
}

fn tokenize(input: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut current = Token::default();
    let mut in_quote = false;
    let mut chars = input.chars();
    let push = |current: &mut Token, tokens: &mut Vec<Token>| {
        if !current.raw.is_empty() {
            tokens.push(std::mem::take(current));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next().ok_or(QueryError::TrailingBackslash)?;
                current.raw.push(c);
                current.raw.push(next);
                current.chars.push((next, true));
            }
            '"' => {
                in_quote = !in_quote;
                current.quoted = true;
                current.raw.push(c);
            }
            c if c.is_whitespace() && !in_quote => push(&mut current, &mut tokens),
            c => {
                current.raw.push(c);
                current.chars.push((c, in_quote));
            }
        }
    }
    if in_quote {
        return Err(QueryError::UnclosedQuote);
    }
    push(&mut current, &mut tokens);
    Ok(tokens)
}

fn term(token: &Token) -> Result<Term, QueryError> {
    let mut chars: &[(char, bool)] = &token.chars;
    let mut negated = false;
    let mut exact = token.quoted;
    let mut prefix = false;
    let mut suffix = false;
    let mut word = false;
    if let [('!', false), rest @ ..] = chars {
        negated = true;
        chars = rest;
    }
    if let [('\'', false), rest @ ..] = chars {
        exact = true;
        chars = rest;
        if let [rest @ .., ('\'', false)] = chars {
            word = true;
            chars = rest;
        }
    } else if let [('^', false), rest @ ..] = chars {
        prefix = true;
        chars = rest;
    }
    if !word {
        if let [rest @ .., ('$', false)] = chars {
            suffix = true;
            chars = rest;
        }
    }
    let text: String = chars.iter().map(|&(c, _)| c).collect();
    if text.is_empty() {
        return Err(QueryError::NothingToMatch(token.raw.clone()));
    }
    let kind = match (prefix, suffix) {
        (true, true) => TermKind::Equal,
        (true, false) => TermKind::Prefix,
        (false, true) => TermKind::Suffix,
        _ if word => TermKind::Word,
        // fzf: a negated term is an exact match unless you ask otherwise.
        _ if exact || negated => TermKind::Exact,
        _ => TermKind::Fuzzy,
    };
    let case_sensitive = text.chars().any(char::is_uppercase);
    Ok(Term {
        text: if case_sensitive {
            text
        } else {
            text.to_ascii_lowercase()
        },
        kind,
        negated,
        case_sensitive,
    })
}

impl Query {
    /// Parses and validates a query.
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let tokens = tokenize(input)?;
        if tokens.is_empty() {
            return Err(QueryError::Empty);
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut pending_or = false;
        for token in &tokens {
            let is_or = token.raw == "|";
            if is_or {
                if pending_or || groups.is_empty() {
                    return Err(QueryError::DanglingOr);
                }
                pending_or = true;
                continue;
            }
            let term = term(token)?;
            match groups.last_mut() {
                Some(group) if pending_or => group.alternatives.push(term),
                _ => groups.push(Group {
                    alternatives: vec![term],
                }),
            }
            pending_or = false;
        }
        if pending_or {
            return Err(QueryError::DanglingOr);
        }
        Ok(Query {
            raw: input.to_string(),
            groups,
        })
    }

    /// A query built from groups rather than typed (a loosened form of one); `raw` is how
    /// it would be typed.
    pub(crate) fn from_groups(raw: String, groups: Vec<Group>) -> Query {
        Query { raw, groups }
    }

    /// The query as typed.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Groups a unit must match (at least one non-negated alternative).
    pub fn positive_groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(|g| !g.is_negative())
    }

    /// True when every unit that matches `self` also matches `previous`, so the hits of
    /// `previous` can be filtered instead of searching everything again (as fzf does when
    /// a query is typed further). Conservative: false whenever unsure.
    pub fn refines(&self, previous: &Query) -> bool {
        if previous.groups.len() > self.groups.len() {
            return false;
        }
        // Groups added after the previous ones can only narrow the result.
        previous
            .groups
            .iter()
            .zip(&self.groups)
            .all(|(old, new)| group_refines(new, old))
    }
}

/// True when every unit satisfying `new` satisfies `old`.
fn group_refines(new: &Group, old: &Group) -> bool {
    if old.alternatives.iter().any(|t| t.negated) {
        // Extending a negated term lets more through (`!naus` → `!nause`).
        return new == old;
    }
    // Every new alternative must be narrower than one of the old ones; an alternative
    // added with `|` widens the group.
    new.alternatives
        .iter()
        .all(|n| old.alternatives.iter().any(|o| term_refines(n, o)))
}

/// True when matching `new` implies matching `old`.
fn term_refines(new: &Term, old: &Term) -> bool {
    use TermKind::*;
    if old.negated || new.negated {
        return false;
    }
    if old.case_sensitive && !new.case_sensitive {
        return false;
    }
    let new_text = if old.case_sensitive {
        new.text.clone()
    } else {
        new.text.to_ascii_lowercase()
    };
    match old.kind {
        // A fuzzy match must fit in a window of the term's length plus a constant slack, so
        // only typing further at the end keeps it; a literal occurrence always fits. A term
        // with a non-ASCII char is matched over the whole unit, without the window: it does
        // not narrow an ASCII one (`cost` may have no window where `costé` matches).
        Fuzzy if new.kind == Fuzzy => {
            new_text.starts_with(&old.text) && (new_text.is_ascii() || !old.text.is_ascii())
        }
        Fuzzy => new_text.contains(&old.text),
        Exact => new.kind != Fuzzy && new_text.contains(&old.text),
        Word => matches!(new.kind, Word | Equal) && new_text == old.text,
        Prefix => matches!(new.kind, Prefix | Equal) && new_text.starts_with(&old.text),
        Suffix => matches!(new.kind, Suffix | Equal) && new_text.ends_with(&old.text),
        Equal => new.kind == Equal && new_text == old.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(q: &str) -> Vec<Vec<(String, TermKind, bool, bool)>> {
        Query::parse(q)
            .unwrap()
            .groups
            .iter()
            .map(|g| {
                g.alternatives
                    .iter()
                    .map(|t| (t.text.clone(), t.kind, t.negated, t.case_sensitive))
                    .collect()
            })
            .collect()
    }

    fn one(
        text: &str,
        kind: TermKind,
        negated: bool,
        case: bool,
    ) -> Vec<(String, TermKind, bool, bool)> {
        vec![(text.to_string(), kind, negated, case)]
    }

    #[test]
    fn operators_give_kinds() {
        use TermKind::*;
        assert_eq!(
            terms("nasal 'spray ^Risk risk$ ^whole$ !no !'not !^pre 'word'"),
            vec![
                one("nasal", Fuzzy, false, false),
                one("spray", Exact, false, false),
                one("Risk", Prefix, false, true),
                one("risk", Suffix, false, false),
                one("whole", Equal, false, false),
                one("no", Exact, true, false),
                one("not", Exact, true, false),
                one("pre", Prefix, true, false),
                one("word", Word, false, false),
            ]
        );
    }

    #[test]
    fn or_binds_neighbours() {
        let groups = terms("ketamine nasal | spray | iv");
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].len(), 3);
        assert_eq!(groups[1][2].0, "iv");
    }

    #[test]
    fn escapes_and_quotes_make_literal_text() {
        use TermKind::*;
        assert_eq!(terms(r"\!bang"), vec![one("!bang", Fuzzy, false, false)]);
        assert_eq!(terms(r"cost\$"), vec![one("cost$", Fuzzy, false, false)]);
        assert_eq!(
            terms(r"nasal\ spray"),
            vec![one("nasal spray", Fuzzy, false, false)]
        );
        assert_eq!(
            terms("\"side effects\""),
            vec![one("side effects", Exact, false, false)]
        );
        assert_eq!(
            terms("!\"side effects\""),
            vec![one("side effects", Exact, true, false)]
        );
        assert_eq!(terms(r"\|"), vec![one("|", Fuzzy, false, false)]);
    }

    #[test]
    fn bad_queries_are_errors() {
        for bad in [
            "", "   ", "!", "'", "^", "$", "!^", "a !", "| a", "a |", "a | | b", "\"open", "a\\",
        ] {
            assert!(Query::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn smart_case_per_term() {
        let groups = terms("NMDA receptor");
        assert!(groups[0][0].3);
        assert!(!groups[1][0].3);
    }

    #[test]
    fn typing_further_refines() {
        let q = |s: &str| Query::parse(s).unwrap();
        assert!(q("nas").refines(&q("na")));
        assert!(q("nasal s").refines(&q("nasal")));
        assert!(q("nasal spray$").refines(&q("nasal spray")));
        assert!(q("'spray").refines(&q("spr")));
        assert!(!q("nsal").refines(&q("nal")));
        assert!(!q("nasal | spray").refines(&q("nasal")));
        assert!(q("cost | insu").refines(&q("cost | ins")));
        assert!(q("side effects !nausea").refines(&q("side effects")));
        assert!(q("side effects !nausea x").refines(&q("side effects !nausea")));
        assert!(!q("!food").refines(&q("!foo")));
        assert!(!q("nasal").refines(&q("nasal !x")));
        assert!(!q("spray").refines(&q("'spray'")));
        assert!(!q("abc").refines(&q("abd")));
        assert!(q("Nasal").refines(&q("nasal")));
        assert!(!q("nasal").refines(&q("Nasal")));
        // A non-ASCII fuzzy term is matched without a window, so it can match where the
        // ASCII one before it could not.
        assert!(!q("costé").refines(&q("cost")));
        assert!(q("costés").refines(&q("costé")));
    }
}
