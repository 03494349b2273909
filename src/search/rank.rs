//! Scoring one section's units against a query: which units match, how well, and the
//! "terms spread over a section" fallback. No I/O, no threads, no result ordering.

use super::index::{letter_mask, Index, SectionUnits};
use super::matcher::Matcher;
use super::query::{Query, Term, TermKind};

/// A fuzzy match must reach this share (percent) of a perfect match, or it is noise:
/// the pattern's letters scattered across a long sentence.
const MIN_QUALITY_PERCENT: i64 = 45;
/// Weights (percent) of a unit's score by kind: a heading names what a section is about.
const TITLE_WEIGHT: i64 = 150;
/// A body unit gains this share (percent) of its heading's score for the same term.
const HEADING_CONTEXT_PERCENT: i64 = 25;
/// A term found as a whole word gains this share (percent) of a perfect match.
const WHOLE_WORD_PERCENT: i64 = 25;
/// The terms found side by side, in the order typed, gain this share of their ideal.
const PHRASE_PERCENT: i64 = 30;
/// Terms found in different units of one section count this share (percent).
const SPREAD_PERCENT: i64 = 50;

/// A term with what matching it needs, computed once per query.
pub(crate) struct PreparedTerm<'q> {
    pub term: &'q Term,
    ideal: i64,
    letters: u64,
    ascii: bool,
}

pub(crate) struct PreparedGroup<'q> {
    pub alternatives: Vec<PreparedTerm<'q>>,
    negative: bool,
}

pub(crate) struct Prepared<'q> {
    pub groups: Vec<PreparedGroup<'q>>,
    /// Positive fuzzy/exact terms joined by a space, when there are two or more.
    phrase: Option<(String, i64)>,
}

impl<'q> Prepared<'q> {
    pub fn new(query: &'q Query, matcher: &dyn Matcher) -> Prepared<'q> {
        let groups: Vec<PreparedGroup> = query
            .groups()
            .iter()
            .map(|group| PreparedGroup {
                negative: group.is_negative(),
                alternatives: group
                    .alternatives
                    .iter()
                    .map(|term| PreparedTerm {
                        term,
                        ideal: matcher.ideal(&term.text, term.case_sensitive),
                        letters: letter_mask(&term.text),
                        ascii: term.text.is_ascii(),
                    })
                    .collect(),
            })
            .collect();
        let simple: Vec<&PreparedTerm> = groups
            .iter()
            .filter(|g| g.alternatives.len() == 1)
            .map(|g| &g.alternatives[0])
            .filter(|t| {
                !t.term.negated
                    && !t.term.case_sensitive
                    && matches!(t.term.kind, TermKind::Fuzzy | TermKind::Exact)
            })
            .collect();
        let phrase = (simple.len() >= 2).then(|| {
            let text = simple
                .iter()
                .map(|t| t.term.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let ideal: i64 = simple.iter().map(|t| t.ideal).sum();
            (text, ideal)
        });
        Prepared { groups, phrase }
    }
}

/// Length of the shortest stretch of `haystack` holding `needle`'s bytes in order, if any.
/// A fuzzy match in prose should stay inside a word or two; letters gathered from across a
/// sentence are noise even when the matcher scores them well (acronym-like hits).
fn tightest_window(needle: &[u8], haystack: &[u8], enough: usize) -> Option<usize> {
    let (n, m) = (haystack.len(), needle.len());
    if m == 0 {
        return Some(0);
    }
    let mut best: Option<usize> = None;
    let mut from = 0;
    while from < n {
        // Forward: the first complete match starting at or after `from`.
        let mut k = 0;
        let mut j = from;
        while j < n && k < m {
            if haystack[j] == needle[k] {
                k += 1;
            }
            j += 1;
        }
        if k < m {
            break;
        }
        let end = j - 1;
        // Backward: the latest start that still completes at `end`.
        let mut k = m;
        let mut start = end + 1;
        while k > 0 {
            start -= 1;
            if haystack[start] == needle[k - 1] {
                k -= 1;
            }
        }
        let width = end + 1 - start;
        best = Some(best.map_or(width, |b: usize| b.min(width)));
        if width <= enough {
            break;
        }
        from = start + 1;
    }
    best
}

/// Extra chars a fuzzy term may skip inside its match: a dropped letter or a few.
fn window_slack(pattern_len: usize) -> usize {
    2 + pattern_len / 4
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Byte offset of the first occurrence of `needle`, preferring one at a word start.
fn find_preferring_word_start(haystack: &str, needle: &str) -> Option<(usize, bool)> {
    let bytes = haystack.as_bytes();
    let mut first = None;
    for (at, _) in haystack.match_indices(needle) {
        let starts_word = at == 0 || !is_word_byte(bytes[at - 1]);
        if starts_word {
            let end = at + needle.len();
            let ends_word = end >= bytes.len() || !is_word_byte(bytes[end]);
            return Some((at, ends_word));
        }
        first.get_or_insert((at, false));
    }
    first
}

fn trim_sentence_end(text: &str) -> &str {
    text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '!' | '?' | ':' | ';' | ',')
    })
}

/// How one term matched one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TermMatch {
    /// Failed even the cheap test: the unit cannot match this term or any refinement of it.
    Absent,
    /// Passed the cheap test but the match is too weak to show.
    Weak,
    Scored(i64),
}

impl PreparedTerm<'_> {
    /// Matches the term against a unit, ignoring negation.
    pub fn evaluate(&self, index: &Index, unit: usize, matcher: &dyn Matcher) -> TermMatch {
        let term = self.term;
        // The masks are case-folded, so this holds for every kind of term.
        if index.letters(unit) & self.letters != self.letters {
            return TermMatch::Absent;
        }
        let haystack = if term.case_sensitive {
            index.text(unit)
        } else {
            index.folded(unit)
        };
        let needle = term.text.as_str();
        let exact_score = |bonus: bool| {
            TermMatch::Scored(
                self.ideal
                    + if bonus {
                        self.ideal * WHOLE_WORD_PERCENT / 100
                    } else {
                        0
                    },
            )
        };
        match term.kind {
            TermKind::Fuzzy => {
                if self.ascii {
                    let limit = needle.len() + window_slack(needle.len());
                    match tightest_window(needle.as_bytes(), haystack.as_bytes(), needle.len()) {
                        None => return TermMatch::Absent,
                        Some(width) if width > limit => return TermMatch::Weak,
                        Some(_) => {}
                    }
                }
                let Some(score) = matcher.score(index.text(unit), needle, term.case_sensitive)
                else {
                    return TermMatch::Absent;
                };
                if score * 100 < self.ideal * MIN_QUALITY_PERCENT {
                    return TermMatch::Weak;
                }
                let whole_word = matches!(
                    find_preferring_word_start(haystack, needle),
                    Some((_, true))
                );
                TermMatch::Scored(
                    score
                        + if whole_word {
                            self.ideal * WHOLE_WORD_PERCENT / 100
                        } else {
                            0
                        },
                )
            }
            TermKind::Exact => match find_preferring_word_start(haystack, needle) {
                Some((_, whole)) => exact_score(whole),
                None => TermMatch::Absent,
            },
            TermKind::Word => match find_preferring_word_start(haystack, needle) {
                Some((_, true)) => exact_score(true),
                _ => TermMatch::Absent,
            },
            TermKind::Prefix if haystack.starts_with(needle) => exact_score(true),
            TermKind::Suffix if trim_sentence_end(haystack).ends_with(needle) => exact_score(true),
            TermKind::Equal if trim_sentence_end(haystack) == needle => exact_score(true),
            TermKind::Prefix | TermKind::Suffix | TermKind::Equal => TermMatch::Absent,
        }
    }

    /// Char positions in the unit's text that this term matched (for highlighting).
    pub fn positions(&self, index: &Index, unit: usize, matcher: &dyn Matcher) -> Vec<usize> {
        let term = self.term;
        let text = index.text(unit);
        let haystack = if term.case_sensitive {
            text
        } else {
            index.folded(unit)
        };
        let byte_range = match term.kind {
            TermKind::Fuzzy => {
                return matcher
                    .indices(text, &term.text, term.case_sensitive)
                    .map(|(_, p)| p)
                    .unwrap_or_default()
            }
            TermKind::Exact | TermKind::Word => find_preferring_word_start(haystack, &term.text)
                .map(|(at, _)| at..at + term.text.len()),
            TermKind::Prefix => Some(0..term.text.len()),
            TermKind::Suffix | TermKind::Equal => {
                let end = trim_sentence_end(haystack).len();
                end.checked_sub(term.text.len()).map(|start| start..end)
            }
        };
        let Some(range) = byte_range else {
            return Vec::new();
        };
        text.char_indices()
            .enumerate()
            .filter(|(_, (byte, _))| range.contains(byte))
            .map(|(n, _)| n)
            .collect()
    }
}

/// A unit's best result for one group.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupMatch {
    /// Some unit of a refinement could still match (false only when every alternative is Absent).
    pub possible: bool,
    /// Score and which alternative gave it.
    pub scored: Option<(i64, usize)>,
}

impl PreparedGroup<'_> {
    fn evaluate(&self, index: &Index, unit: usize, matcher: &dyn Matcher) -> GroupMatch {
        let mut result = GroupMatch {
            possible: false,
            scored: None,
        };
        for (n, alternative) in self.alternatives.iter().enumerate() {
            let outcome = alternative.evaluate(index, unit, matcher);
            if alternative.term.negated {
                if outcome == TermMatch::Absent {
                    result.possible = true;
                    result.scored = result.scored.or(Some((0, n)));
                }
                continue;
            }
            match outcome {
                TermMatch::Absent => {}
                TermMatch::Weak => result.possible = true,
                TermMatch::Scored(score) => {
                    result.possible = true;
                    if result.scored.is_none_or(|(best, _)| score > best) {
                        result.scored = Some((score, n));
                    }
                }
            }
        }
        result
    }
}

/// A scored unit, before positions are computed.
#[derive(Debug, Clone)]
pub(crate) struct RawHit {
    pub unit: usize,
    pub score: i64,
    /// For each group, the alternative that matched (None: the group matched in another unit).
    pub alternatives: Vec<Option<usize>>,
    pub spread: bool,
}

/// What scanning one section found.
pub(crate) struct SectionOutcome {
    /// Every positive group could match somewhere in the section (kept for refinements).
    pub candidate: bool,
    pub hits: Vec<RawHit>,
}

/// Scores every unit of one section. At most `per_section` hits are returned, best first.
pub(crate) fn scan_section(
    prepared: &Prepared,
    index: &Index,
    section: &SectionUnits,
    matcher: &dyn Matcher,
    per_section: usize,
) -> SectionOutcome {
    let groups = &prepared.groups;
    let mut possible = vec![false; groups.len()];
    // Best score per group anywhere in the section, with its unit, for the spread fallback.
    let mut best_anywhere: Vec<Option<(i64, usize, usize)>> = vec![None; groups.len()];
    let mut heading_scores: Vec<i64> = vec![0; groups.len()];
    let mut hits: Vec<RawHit> = Vec::new();
    let mut scores: Vec<Option<(i64, usize)>> = vec![None; groups.len()];
    for unit in section.units.clone() {
        let kind = index.unit(unit).kind;
        let mut all = true;
        let mut excluded = false;
        for (g, group) in groups.iter().enumerate() {
            let outcome = group.evaluate(index, unit, matcher);
            if group.negative {
                if outcome.scored.is_none() {
                    excluded = true;
                    break;
                }
                scores[g] = outcome.scored;
                continue;
            }
            possible[g] |= outcome.possible;
            scores[g] = outcome.scored;
            all &= outcome.scored.is_some();
        }
        if excluded {
            continue;
        }
        for (g, score) in scores.iter().enumerate() {
            if let Some((score, alt)) = *score {
                if kind.is_title() {
                    heading_scores[g] = score;
                }
                if best_anywhere[g].is_none_or(|(best, _, _)| score > best) {
                    best_anywhere[g] = Some((score, unit, alt));
                }
            }
        }
        if !all {
            continue;
        }
        let mut score: i64 = scores.iter().map(|s| s.map_or(0, |(v, _)| v)).sum();
        if kind.is_title() {
            score = score * TITLE_WEIGHT / 100;
        } else {
            let context: i64 = heading_scores.iter().sum();
            score += context * HEADING_CONTEXT_PERCENT / 100;
        }
        if let Some((phrase, ideal)) = &prepared.phrase {
            if index.folded(unit).contains(phrase.as_str()) {
                score += ideal * PHRASE_PERCENT / 100;
            }
        }
        hits.push(RawHit {
            unit,
            score,
            alternatives: scores.iter().map(|s| s.map(|(_, alt)| alt)).collect(),
            spread: false,
        });
    }
    let candidate = groups.iter().zip(&possible).all(|(g, &p)| g.negative || p);
    let positive: Vec<usize> = (0..groups.len()).filter(|&g| !groups[g].negative).collect();
    if hits.is_empty() && positive.len() > 1 && positive.iter().all(|&g| best_anywhere[g].is_some())
    {
        // No unit holds every term, but the section does: one hit, on the unit holding the
        // most (best) of them, ranked below any unit that holds them all.
        let total: i64 = positive
            .iter()
            .filter_map(|&g| best_anywhere[g])
            .map(|(s, _, _)| s)
            .sum();
        let unit = positive
            .iter()
            .filter_map(|&g| best_anywhere[g])
            .max_by_key(|&(score, _, _)| score)
            .map(|(_, unit, _)| unit)
            .unwrap_or(section.units.start);
        let alternatives = (0..groups.len())
            .map(|g| {
                best_anywhere[g]
                    .filter(|&(_, u, _)| u == unit)
                    .map(|(_, _, alt)| alt)
            })
            .collect();
        hits.push(RawHit {
            unit,
            score: total * SPREAD_PERCENT / 100,
            alternatives,
            spread: true,
        });
    }
    if hits.len() > per_section {
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.unit.cmp(&b.unit)));
        hits.truncate(per_section);
    }
    SectionOutcome { candidate, hits }
}
