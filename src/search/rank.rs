//! Scoring one section's units against a query: which units match, how well, and the
//! "terms spread over a section" fallback. No I/O, no threads, no result ordering.

use memchr::memmem;

use super::index::{is_word_byte, letter_bit, letter_mask, Index};
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
    /// The matcher's score for the term found whole inside a word (`intranasal`).
    inside_word: i64,
    letters: u64,
    ascii: bool,
    /// Bit of the term's only char, when it is a single case-blind ASCII letter or digit.
    single: Option<u64>,
    finder: memmem::Finder<'static>,
}

pub(crate) struct PreparedGroup<'q> {
    pub alternatives: Vec<PreparedTerm<'q>>,
    negative: bool,
}

pub(crate) struct Prepared<'q> {
    pub groups: Vec<PreparedGroup<'q>>,
    /// The slot of each group's first alternative: a query's terms numbered in order.
    first_slots: Vec<usize>,
    /// Positive groups, the most selective (longest shortest alternative) first.
    order: Vec<usize>,
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
                        inside_word: matcher
                            .score(&format!("x{}", term.text), &term.text, term.case_sensitive)
                            .unwrap_or(0),
                        letters: letter_mask(&term.text),
                        ascii: term.text.is_ascii(),
                        single: match term.text.as_bytes() {
                            [b] if !term.case_sensitive && letter_bit(*b) != 0 => {
                                Some(letter_bit(*b))
                            }
                            _ => None,
                        },
                        finder: memmem::Finder::new(term.text.as_bytes()).into_owned(),
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
        let mut order: Vec<usize> = (0..groups.len()).filter(|&g| !groups[g].negative).collect();
        order.sort_by_key(|&g| {
            let shortest = groups[g]
                .alternatives
                .iter()
                .map(|t| t.term.text.len())
                .min();
            std::cmp::Reverse(shortest.unwrap_or(0))
        });
        let first_slots = groups
            .iter()
            .scan(0, |next, group| {
                let first = *next;
                *next += group.alternatives.len();
                Some(first)
            })
            .collect();
        Prepared {
            groups,
            first_slots,
            order,
            phrase,
        }
    }

    /// How many terms the query has, in all its groups.
    pub fn slots(&self) -> usize {
        self.groups.iter().map(|g| g.alternatives.len()).sum()
    }

    /// The slot of alternative `n` of group `g`.
    pub fn slot(&self, g: usize, n: usize) -> usize {
        self.first_slots[g] + n
    }
}

impl Prepared<'_> {
    /// A bit per positive group (at most 63; the rest share the last bit) that may match a
    /// unit cut from `text` (a paragraph, list item or title): the filter of
    /// [`super::Index::build_for`]. A query without positive terms keeps everything.
    pub fn groups_possible_in(&self, text: &str) -> u64 {
        if self.order.is_empty() {
            return 1;
        }
        let mask = letter_mask(text);
        let folded = text.to_ascii_lowercase();
        let mut bits = 0;
        for &g in &self.order {
            // A negated alternative (`a | !b`) is satisfied by text that lacks something.
            let possible = self.groups[g]
                .alternatives
                .iter()
                .any(|t| t.term.negated || t.may_occur_in(text, &folded, mask));
            if possible {
                bits |= group_bit(g);
            }
        }
        bits
    }

    /// The bits of [`Prepared::groups_possible_in`] a section needs before it can match.
    pub fn required_groups(&self) -> u64 {
        self.order.iter().fold(0, |bits, &g| bits | group_bit(g))
    }
}

fn group_bit(group: usize) -> u64 {
    1 << group.min(63)
}

impl PreparedTerm<'_> {
    /// Whether [`Scratch::survey`] looks for the term (its literal occurrences and window
    /// matches). Only a fuzzy term of [`MIN_TYPO_TERM`] or more ASCII chars, which matches only inside a
    /// window of its length plus [`WINDOW_SLACK`]: searching every unit for such windows is
    /// what costs, and the survey rules most units out at once. For other terms a search of
    /// each unit (`memmem`) is cheaper than a pass over the text.
    fn surveyed(&self) -> bool {
        self.term.kind == TermKind::Fuzzy
            && self.single.is_none()
            && self.ascii
            && self.term.text.len() >= MIN_TYPO_TERM
    }

    fn may_occur_in(&self, text: &str, folded: &str, mask: u64) -> bool {
        if mask & self.letters != self.letters {
            return false;
        }
        let haystack = if self.term.case_sensitive {
            text
        } else {
            folded
        };
        if self.finder.find(haystack.as_bytes()).is_some() {
            return true;
        }
        match self.term.kind {
            TermKind::Fuzzy if !self.ascii => true,
            TermKind::Fuzzy => {
                let needle = self.term.text.as_bytes();
                anchored_window(needle, haystack.as_bytes(), needle.len() + WINDOW_SLACK).is_some()
            }
            _ => false,
        }
    }
}

/// English letters from most to least frequent: the rarest letter of a term is the cheapest
/// place to start looking for it.
const LETTERS_BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";

fn commonness(b: u8) -> usize {
    LETTERS_BY_FREQUENCY
        .iter()
        .position(|&l| l == b.to_ascii_lowercase())
        .unwrap_or(0)
}

/// The same window as [`narrowest_window`] (narrowest, then leftmost), found by looking only
/// around occurrences of the term's rarest letter: any window holds that letter, so only the
/// `limit` bytes on either side of each occurrence can hold one.
fn anchored_window(needle: &[u8], haystack: &[u8], limit: usize) -> Option<(usize, usize)> {
    let &anchor = needle.iter().max_by_key(|&&b| commonness(b))?;
    if anchor == needle[0] {
        return narrowest_window(needle, haystack, limit);
    }
    let mut best: Option<(usize, usize)> = None;
    let mut searched_to: usize = 0;
    for at in memchr::memchr_iter(anchor, haystack) {
        let from = at
            .saturating_sub(limit - 1)
            .max(searched_to.saturating_sub(limit - 1));
        let to = (at + limit).min(haystack.len());
        searched_to = to;
        if let Some((start, width)) = narrowest_window(needle, &haystack[from..to], limit) {
            let found = (from + start, width);
            if best.is_none_or(|(b_start, b_width)| (width, found.0) < (b_width, b_start)) {
                best = Some(found);
            }
            if width == needle.len() {
                break;
            }
        }
    }
    best
}

/// The narrowest stretch of `haystack`, at most `limit` bytes wide, holding `needle`'s bytes
/// in order: `(start, width)`. A fuzzy match in prose should stay inside a word or two;
/// letters gathered from across a sentence are noise even when the matcher scores them well
/// (acronym-like hits), so wider matches count as no match at all. Cost: a short greedy
/// walk from each occurrence of the first byte.
fn narrowest_window(needle: &[u8], haystack: &[u8], limit: usize) -> Option<(usize, usize)> {
    let (&first, rest) = needle.split_first()?;
    let mut best: Option<(usize, usize)> = None;
    let mut from = 0;
    while let Some(offset) = memchr::memchr(first, &haystack[from..]) {
        let start = from + offset;
        let stop = (start + limit).min(haystack.len());
        let mut k = 0;
        let mut j = start + 1;
        while k < rest.len() && j < stop {
            if haystack[j] == rest[k] {
                k += 1;
            }
            j += 1;
        }
        if k == rest.len() {
            let width = j - start;
            if best.is_none_or(|(_, b)| width < b) {
                best = Some((start, width));
                if width == needle.len() {
                    break;
                }
            }
        }
        from = start + 1;
    }
    best
}

/// Where matches of `needle` may end in `haystack`, as bits (bit `i % 64` of word `i / 64`
/// for byte `i`). `window`: the ends of chains of `needle`'s bytes, in order, each at most
/// `WINDOW_SLACK + 1` bytes after the one before; every window [`narrowest_window`] accepts
/// (total gaps within the slack) is such a chain, so a stretch without bits cannot hold a
/// fuzzy match (some chains are wider than a window: a bit only says "look here").
/// `literal`: the ends of literal occurrences. Either may be `None` when not wanted.
///
/// Works 64 bytes at a time with bit masks, one pass for the whole stretch: a few
/// operations per byte, against a search from every occurrence of a letter per unit.
fn chain_ends(
    needle: &[u8],
    haystack: &[u8],
    mut window: Option<&mut Vec<u64>>,
    mut literal: Option<&mut Vec<u64>>,
    carry: &mut Vec<u64>,
) {
    for out in [window.as_deref_mut(), literal.as_deref_mut()]
        .into_iter()
        .flatten()
    {
        out.clear();
    }
    let Some((&first, rest)) = needle.split_first() else {
        return;
    };
    let want_window = window.is_some();
    // The previous block's chain ends (window, then literal) for each prefix of the
    // needle, for chains that cross from one block into the next.
    carry.clear();
    carry.resize(2 * needle.len(), 0);
    let (window_carry, literal_carry) = carry.split_at_mut(needle.len());
    let mut padded = [0u8; 64];
    for block in haystack.chunks(64) {
        let block: &[u8; 64] = match block.try_into() {
            Ok(whole) => whole,
            Err(_) => {
                // Zeros never extend a chain of a needle without them, and a stray bit
                // only costs a closer look.
                padded.fill(0);
                padded[..block.len()].copy_from_slice(block);
                &padded
            }
        };
        let first_mask = byte_mask(block, first);
        let mut ends = if want_window { first_mask } else { 0 };
        let mut before = std::mem::replace(&mut window_carry[0], ends);
        let mut literal_ends = first_mask;
        let mut literal_before = std::mem::replace(&mut literal_carry[0], literal_ends);
        for (k, &byte) in rest.iter().enumerate() {
            // Every shift by 1 to WINDOW_SLACK + 1 of the ends so far, across the block edge.
            let pair = (u128::from(ends) << 64) | u128::from(before);
            let smeared = pair | (pair << 1);
            let smeared = smeared | (smeared << 2);
            let reach = ((smeared << 1) >> 64) as u64;
            let literal_reach = (literal_ends << 1) | (literal_before >> 63);
            let mask = if reach | literal_reach == 0 {
                0
            } else {
                byte_mask(block, byte)
            };
            ends = mask & reach;
            literal_ends = mask & literal_reach;
            before = std::mem::replace(&mut window_carry[k + 1], ends);
            literal_before = std::mem::replace(&mut literal_carry[k + 1], literal_ends);
        }
        if let Some(out) = window.as_deref_mut() {
            out.push(ends);
        }
        if let Some(out) = literal.as_deref_mut() {
            out.push(literal_ends);
        }
    }
}

/// Bit `i` set where `block[i] == byte`.
fn byte_mask(block: &[u8; 64], byte: u8) -> u64 {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    return byte_mask_sse2(block, byte);
    #[allow(unreachable_code)]
    block
        .iter()
        .enumerate()
        .fold(0, |mask, (i, &b)| mask | u64::from(b == byte) << i)
}

/// [`byte_mask`] of a whole block, 16 bytes per compare (SSE2 is part of every x86_64).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn byte_mask_sse2(block: &[u8; 64], byte: u8) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    let mut mask = 0u64;
    // SAFETY: the target has SSE2 (the cfg above), each load reads 16 bytes inside `block`
    // (`loadu` allows any alignment), and nothing is written.
    unsafe {
        let wanted = _mm_set1_epi8(byte as i8);
        for (n, chunk) in block.chunks_exact(16).enumerate() {
            let bytes = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let bits = _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, wanted)) as u16;
            mask |= u64::from(bits) << (16 * n);
        }
    }
    mask
}

/// Whether `bits` (from [`chain_ends`]) has a bit in `range`.
fn any_bit(bits: &[u64], range: std::ops::Range<usize>) -> bool {
    if range.is_empty() {
        return false;
    }
    let (first, last) = (range.start / 64, (range.end - 1) / 64);
    (first..=last).any(|w| {
        let mut word = bits.get(w).copied().unwrap_or(0);
        if w == first {
            word &= u64::MAX << (range.start % 64);
        }
        if w == last {
            word &= u64::MAX >> (63 - (range.end - 1) % 64);
        }
        word != 0
    })
}

/// The text the matcher scores for a match at `range`: one char more on the left, so the
/// word-start bonus of the first matched char is judged as it would be in the whole text.
fn fuzzy_slice(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = range.start.saturating_sub(1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Chars a fuzzy term may skip inside its match: a dropped letter or a few. A constant, so
/// that a term typed further can never match where the shorter term did not (which lets a
/// refinement rescan only the previous candidates).
pub(crate) const WINDOW_SLACK: usize = 3;
const _: () = assert!(
    WINDOW_SLACK == 3,
    "chain_ends smears chain ends by 1 to 4 bytes"
);
/// Shorter fuzzy terms only match where they occur literally.
const MIN_TYPO_TERM: usize = 4;

/// The best occurrence of `needle` in `haystack`: `(byte offset, starts a word, whole word)`,
/// preferring a whole word, then a word start, then the first occurrence.
fn best_occurrence(haystack: &str, finder: &memmem::Finder) -> Option<(usize, bool, bool)> {
    let bytes = haystack.as_bytes();
    let len = finder.needle().len();
    let mut best: Option<(usize, bool, bool)> = None;
    for at in finder.find_iter(bytes) {
        let starts_word = at == 0 || !is_word_byte(bytes[at - 1]);
        let ends_word = at + len >= bytes.len() || !is_word_byte(bytes[at + len]);
        if starts_word && ends_word {
            return Some((at, true, true));
        }
        if best.is_none_or(|(_, starts, _)| starts_word && !starts) {
            best = Some((at, starts_word, false));
        }
    }
    best
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
    pub fn evaluate(
        &self,
        index: &Index,
        unit: usize,
        matcher: &dyn Matcher,
        known: Known,
    ) -> TermMatch {
        let term = self.term;
        // The masks are case-folded, so this holds for every kind of term.
        if index.letters(unit) & self.letters != self.letters || known.no_window {
            return TermMatch::Absent;
        }
        let haystack = index.haystack(unit, term.case_sensitive);
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
            TermKind::Fuzzy if self.single.is_some() => {
                // One letter has no order to match: a word start or not, read off the masks.
                let bit = self.single.unwrap_or(0);
                if index.word_starts(unit) & bit != 0 {
                    TermMatch::Scored(self.ideal)
                } else {
                    TermMatch::Scored(self.inside_word)
                }
            }
            TermKind::Fuzzy => {
                let Some((score, _, whole_word)) = self.fuzzy(index, unit, matcher, known) else {
                    return TermMatch::Absent;
                };
                if score * 100 < self.ideal * MIN_QUALITY_PERCENT {
                    return TermMatch::Weak;
                }
                TermMatch::Scored(
                    score
                        + if whole_word {
                            self.ideal * WHOLE_WORD_PERCENT / 100
                        } else {
                            0
                        },
                )
            }
            TermKind::Exact => match known.best_occurrence(haystack, &self.finder) {
                Some((_, _, whole)) => exact_score(whole),
                None => TermMatch::Absent,
            },
            TermKind::Word => match known.best_occurrence(haystack, &self.finder) {
                Some((_, _, true)) => exact_score(true),
                _ => TermMatch::Absent,
            },
            TermKind::Prefix if haystack.starts_with(needle) => exact_score(true),
            TermKind::Suffix if trim_sentence_end(haystack).ends_with(needle) => exact_score(true),
            TermKind::Equal if trim_sentence_end(haystack) == needle => exact_score(true),
            TermKind::Prefix | TermKind::Suffix | TermKind::Equal => TermMatch::Absent,
        }
    }

    /// A fuzzy term's skim score, the byte range it was scored on, and whether the term
    /// occurs as a whole word. The matcher only sees the neighbourhood of the match (the
    /// best literal occurrence, else the tightest window holding the letters in order),
    /// which keeps the dynamic programming to a few dozen cells per unit. `None` when the
    /// letters do not occur in order at all.
    fn fuzzy(
        &self,
        index: &Index,
        unit: usize,
        matcher: &dyn Matcher,
        known: Known,
    ) -> Option<(i64, std::ops::Range<usize>, bool)> {
        let term = self.term;
        let text = index.text(unit);
        let haystack = index.haystack(unit, term.case_sensitive);
        let needle = term.text.as_str();
        if let Some((at, at_word_start, whole)) = known.best_occurrence(haystack, &self.finder) {
            // A literal occurrence scores what the matcher gives it in that position,
            // computed once per query rather than once per unit.
            let score = if at_word_start {
                self.ideal
            } else {
                self.inside_word
            };
            return Some((score, at..at + needle.len(), whole));
        }
        if !self.ascii {
            let score = matcher.score(text, needle, term.case_sensitive)?;
            return Some((score, 0..text.len(), false));
        }
        if needle.len() < MIN_TYPO_TERM {
            // Two or three letters with a gap are everywhere: not worth showing (score 0
            // fails the quality bar), and not worth looking for either. The unit holds the
            // letters (the caller checked), which is all a refinement needs: any longer term
            // typed on from here holds them too.
            return Some((0, 0..0, false));
        }
        let limit = needle.len() + WINDOW_SLACK;
        let (start, width) = anchored_window(needle.as_bytes(), haystack.as_bytes(), limit)?;
        let range = start..start + width;
        let slice = fuzzy_slice(text, range.clone());
        let score = matcher.score(&text[slice], needle, term.case_sensitive)?;
        Some((score, range, false))
    }

    /// Char positions in the unit's text that this term matched (for highlighting).
    pub fn positions(&self, index: &Index, unit: usize, matcher: &dyn Matcher) -> Vec<usize> {
        let term = self.term;
        let text = index.text(unit);
        let haystack = index.haystack(unit, term.case_sensitive);
        let byte_range = match term.kind {
            TermKind::Fuzzy => {
                let Some((_, from, _)) = self.fuzzy(index, unit, matcher, Known::default()) else {
                    return Vec::new();
                };
                let slice = fuzzy_slice(text, from);
                let skipped = text[..slice.start].chars().count();
                return matcher
                    .indices(&text[slice], &term.text, term.case_sensitive)
                    .map(|(_, p)| p.into_iter().map(|i| i + skipped).collect())
                    .unwrap_or_default();
            }
            TermKind::Exact | TermKind::Word => {
                best_occurrence(haystack, &self.finder).map(|(at, _, _)| at..at + term.text.len())
            }
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

/// What a survey of a run of units ([`Scratch::survey`]) found out about one term in one
/// unit, so matching it there can skip a search. The default knows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Known {
    /// The term's best literal occurrence, as [`best_occurrence`] gives it.
    literal: Literal,
    /// No window holds the term's bytes in order: a fuzzy term cannot match.
    no_window: bool,
}

#[derive(Debug, Clone, Copy, Default)]
enum Literal {
    #[default]
    Unknown,
    Absent,
    /// Byte offset in the unit, starts a word, is a whole word.
    At(u32, bool, bool),
}

impl Known {
    /// `best_occurrence` of the term in the unit, unless the survey already knows it.
    fn best_occurrence(
        &self,
        haystack: &str,
        finder: &memmem::Finder,
    ) -> Option<(usize, bool, bool)> {
        match self.literal {
            Literal::Unknown => best_occurrence(haystack, finder),
            Literal::Absent => None,
            Literal::At(at, starts, whole) => Some((at as usize, starts, whole)),
        }
    }
}

/// [`best_occurrence`] read off the literal ends of [`chain_ends`]: `bits` cover the unit's
/// `haystack` starting at bit `offset`. Takes the occurrences left to right without overlaps,
/// as `memmem::find_iter` does, so it picks the same one.
fn occurrence_from_bits(
    bits: &[u64],
    offset: usize,
    haystack: &[u8],
    needle: &[u8],
) -> Option<(usize, bool, bool)> {
    let len = needle.len();
    let mut best: Option<(usize, bool, bool)> = None;
    let mut free_from = 0;
    let mut word = offset / 64;
    let end_bit = offset + haystack.len();
    while word * 64 < end_bit {
        let mut bitset = bits.get(word).copied().unwrap_or(0);
        if word == offset / 64 {
            bitset &= u64::MAX << (offset % 64);
        }
        while bitset != 0 {
            let bit = word * 64 + bitset.trailing_zeros() as usize;
            bitset &= bitset - 1;
            if bit >= end_bit {
                return best;
            }
            let end = bit - offset + 1;
            let Some(at) = end.checked_sub(len) else {
                continue;
            };
            // A bit is only a hint (a padded block, a chain from the unit before): check.
            if at < free_from || &haystack[at..end] != needle {
                continue;
            }
            free_from = end;
            let starts_word = at == 0 || !is_word_byte(haystack[at - 1]);
            let ends_word = end >= haystack.len() || !is_word_byte(haystack[end]);
            if starts_word && ends_word {
                return Some((at, true, true));
            }
            if best.is_none_or(|(_, starts, _)| starts_word && !starts) {
                best = Some((at, starts_word, false));
            }
        }
        word += 1;
    }
    best
}

/// A unit's best result for one group.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupMatch {
    /// Some unit of a refinement could still match (false only when every alternative is Absent).
    pub possible: bool,
    /// Score and which alternative gave it.
    pub scored: Option<(i64, usize)>,
}

/// A [`TermMatch`] in one word: what a search remembers of each term on each unit it
/// keeps, so that a refinement leaving the term as it was reads it back instead of matching
/// again. Scores never come near the two sentinels.
pub(crate) type Packed = i64;
/// [`TermMatch::Absent`]: the unit cannot match the term, nor any refinement of it.
pub(crate) const NOT_POSSIBLE: Packed = i64::MIN;
/// [`TermMatch::Weak`].
const UNSCORED: Packed = i64::MIN + 1;

impl TermMatch {
    fn pack(self) -> Packed {
        match self {
            TermMatch::Absent => NOT_POSSIBLE,
            TermMatch::Weak => UNSCORED,
            TermMatch::Scored(score) => score,
        }
    }

    fn unpack(packed: Packed) -> TermMatch {
        match packed {
            NOT_POSSIBLE => TermMatch::Absent,
            UNSCORED => TermMatch::Weak,
            score => TermMatch::Scored(score),
        }
    }
}

/// Outcomes a refinement reads back: for each position of the scope being scanned, `width`
/// packed outcomes; `columns[slot]` names the one for the term in that slot (see
/// [`Prepared::slot`]), when the refined query had it too.
pub(crate) struct Reused {
    pub columns: Vec<Option<usize>>,
    pub width: usize,
    pub values: Vec<Packed>,
}

/// What a scan keeps for refinements: the units some positive group could match, in index
/// order, and for each of them one packed outcome per term of the query, in slot order.
/// Terms of negative groups are matched only on the units that match the rest: their
/// entries are [`NOT_POSSIBLE`]; those and the terms of a group with a negated alternative
/// (`a | !b`) are never read back.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    pub units: Vec<u32>,
    pub outcomes: Vec<Packed>,
}

/// What [`scan_section`] reads besides the units: the query, the index, the matcher, and
/// outcomes known from the refined query (aligned with the whole scope, not one section).
pub(crate) struct Context<'a> {
    pub prepared: &'a Prepared<'a>,
    pub index: &'a Index,
    pub matcher: &'a dyn Matcher,
    pub reused: Option<&'a Reused>,
    /// Whether to fill [`Kept`]: a one-shot search has no refinement to keep it for.
    pub keep: bool,
}

impl PreparedGroup<'_> {
    /// `known`: what is already known about each alternative in the unit (may be empty).
    fn evaluate(
        &self,
        index: &Index,
        unit: usize,
        matcher: &dyn Matcher,
        known: &[Known],
    ) -> GroupMatch {
        self.combine(
            self.alternatives
                .iter()
                .enumerate()
                .map(|(n, alternative)| {
                    let known = known.get(n).copied().unwrap_or_default();
                    alternative.evaluate(index, unit, matcher, known)
                }),
        )
    }

    /// The group's result on a unit from how each alternative matched it, in order.
    fn combine(&self, matches: impl Iterator<Item = TermMatch>) -> GroupMatch {
        let mut result = GroupMatch {
            possible: false,
            scored: None,
        };
        for (n, (alternative, outcome)) in self.alternatives.iter().zip(matches).enumerate() {
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
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawHit {
    pub unit: usize,
    pub score: i64,
    /// The terms were found in different units of the section, not all in this one.
    pub spread: bool,
}

/// Per-section working memory, reused from one section to the next.
pub(crate) struct Scratch {
    /// At most this many hits per section.
    per_section: usize,
    /// Per unit of the section: some positive term could match it.
    possible_units: Vec<bool>,
    /// Score of group `g` on the section's unit `i` at `g * len + i`.
    scores: Vec<Option<i64>>,
    /// Packed match of the term in slot `t` on the section's unit `i` at `t * len + i`.
    matches: Vec<Packed>,
    /// Best score per group anywhere in the section, with its unit, for the spread fallback.
    best_anywhere: Vec<Option<(i64, usize)>>,
    heading_scores: Vec<i64>,
    /// What [`Scratch::survey`] learnt about the current group: for unit `i` of the
    /// section, entries `i * alternatives..` (empty when the group was not surveyed).
    known: Vec<Known>,
    window_bits: Vec<u64>,
    literal_bits: Vec<u64>,
    chain_carry: Vec<u64>,
}

impl Scratch {
    /// Fills `known` for `group` over `units`: one pass of [`chain_ends`] per alternative
    /// over each run of consecutive units finds each unit's literal occurrences of the term
    /// and whether any window could hold it, so matching skips those searches per unit.
    /// Alternatives that `skip` says are known already are not looked for.
    fn survey(
        &mut self,
        group: &PreparedGroup,
        index: &Index,
        units: &[u32],
        skip: impl Fn(usize) -> bool,
    ) {
        self.known.clear();
        let alternatives = group.alternatives.len();
        let wanted = |(n, term): &(usize, &PreparedTerm)| term.surveyed() && !skip(*n);
        if !group.alternatives.iter().enumerate().any(|t| wanted(&t)) {
            return;
        }
        self.known
            .resize(units.len() * alternatives, Known::default());
        for (n, term) in group.alternatives.iter().enumerate() {
            if !wanted(&(n, term)) {
                continue;
            }
            let arena = index.arena(term.term.case_sensitive).as_bytes();
            let needle = term.term.text.as_bytes();
            let mut start = 0;
            while start < units.len() {
                let mut end = start + 1;
                while end < units.len() && units[end] == units[end - 1] + 1 {
                    end += 1;
                }
                let base = index.span(units[start] as usize).start;
                let stop = index.span(units[end - 1] as usize).end;
                chain_ends(
                    needle,
                    &arena[base..stop],
                    Some(&mut self.window_bits),
                    Some(&mut self.literal_bits),
                    &mut self.chain_carry,
                );
                for (i, &unit) in units.iter().enumerate().take(end).skip(start) {
                    let span = index.span(unit as usize);
                    let offset = span.start - base;
                    let found = occurrence_from_bits(
                        &self.literal_bits,
                        offset,
                        &arena[span.clone()],
                        needle,
                    );
                    let known = &mut self.known[i * alternatives + n];
                    known.literal = match found {
                        Some((at, starts, whole)) => Literal::At(at as u32, starts, whole),
                        None => Literal::Absent,
                    };
                    known.no_window =
                        found.is_none() && !any_bit(&self.window_bits, offset..offset + span.len());
                }
                start = end;
            }
        }
    }

    pub fn new(groups: usize, per_section: usize) -> Scratch {
        Scratch {
            per_section: per_section.max(1),
            possible_units: Vec::new(),
            scores: Vec::new(),
            matches: Vec::new(),
            best_anywhere: vec![None; groups],
            heading_scores: vec![0; groups],
            known: Vec::new(),
            window_bits: Vec::new(),
            literal_bits: Vec::new(),
            chain_carry: Vec::new(),
        }
    }
}

/// Scores `units` (all of one section's units, or those a previous query kept; they start
/// at position `offset` of the scope being scanned), appending at most `per_section` hits
/// (best first) to `out`. Returns whether every positive group could match somewhere in the
/// section, i.e. whether a refinement must look at it again; if so, the units some term
/// could match are appended to `kept`, with their outcomes.
///
/// Works one group at a time over the whole section, the most selective group first (a
/// group read back from the refined query before any), and stops as soon as a group is
/// impossible everywhere in it: most sections end after one cheap pass, and no later term
/// is looked at.
pub(crate) fn scan_section(
    context: &Context,
    units: &[u32],
    offset: usize,
    scratch: &mut Scratch,
    out: &mut Vec<RawHit>,
    kept: &mut Kept,
) -> bool {
    let Context {
        prepared,
        index,
        matcher,
        reused,
        keep,
    } = *context;
    let groups = &prepared.groups;
    let len = units.len();
    let unit_at = |i: usize| units[i] as usize;
    let slots = prepared.slots();
    scratch.scores.clear();
    scratch.scores.resize(groups.len() * len, None);
    scratch.matches.clear();
    scratch.matches.resize(slots * len, NOT_POSSIBLE);
    scratch.possible_units.clear();
    // A query without positive terms keeps every unit for its refinements.
    scratch
        .possible_units
        .resize(len, prepared.order.is_empty());
    // Where the refined query had the term, its match is read back. Groups whose first
    // term is read back go first: they cost next to nothing and may rule the section out.
    let column = |slot: usize| reused.and_then(|r| r.columns.get(slot).copied().flatten());
    let cheap = |g: usize| column(prepared.slot(g, 0)).is_some();
    let read_first = prepared.order.iter().filter(|&&g| cheap(g));
    let then_matched = prepared.order.iter().filter(|&&g| !cheap(g));
    for &g in read_first.chain(then_matched) {
        let group = &groups[g];
        let alternatives = group.alternatives.len();
        let first = prepared.slot(g, 0);
        scratch.survey(group, index, units, |n| column(first + n).is_some());
        // Negations are left for the units that match: a section counted as a candidate
        // because of an excluded unit only costs a refinement a little extra work.
        let mut possible = false;
        for i in 0..len {
            for (n, alternative) in group.alternatives.iter().enumerate() {
                let matched = match (reused, column(first + n)) {
                    (Some(reused), Some(column)) => {
                        reused.values[(offset + i) * reused.width + column]
                    }
                    _ => {
                        let known = scratch
                            .known
                            .get(i * alternatives + n)
                            .copied()
                            .unwrap_or_default();
                        alternative
                            .evaluate(index, unit_at(i), matcher, known)
                            .pack()
                    }
                };
                scratch.matches[(first + n) * len + i] = matched;
            }
            let outcome = group.combine(
                (first..first + alternatives)
                    .map(|slot| TermMatch::unpack(scratch.matches[slot * len + i])),
            );
            if outcome.possible {
                scratch.possible_units[i] = true;
            }
            possible |= outcome.possible;
            scratch.scores[g * len + i] = outcome.scored.map(|(score, _)| score);
        }
        if !possible {
            return false;
        }
    }
    scratch.best_anywhere.fill(None);
    scratch.heading_scores.fill(0);
    let first_hit = out.len();
    let has_negations = groups.iter().any(|g| g.negative);
    // Units no term can match are dropped for refinements: no longer term will match them.
    for i in (0..len).filter(|&i| keep && scratch.possible_units[i]) {
        kept.units.push(units[i]);
        kept.outcomes
            .extend((0..slots).map(|slot| scratch.matches[slot * len + i]));
    }
    for i in 0..len {
        let unit = unit_at(i);
        if has_negations
            && (prepared.order.is_empty()
                || prepared
                    .order
                    .iter()
                    .any(|&g| scratch.scores[g * len + i].is_some()))
            && groups
                .iter()
                .filter(|group| group.negative)
                .any(|group| group.evaluate(index, unit, matcher, &[]).scored.is_none())
        {
            continue;
        }
        let is_title = index.unit(unit).kind().is_title();
        let mut score = 0;
        let mut all = true;
        for &g in &prepared.order {
            let Some(unit_score) = scratch.scores[g * len + i] else {
                all = false;
                continue;
            };
            score += unit_score;
            if is_title {
                scratch.heading_scores[g] = unit_score;
            }
            if scratch.best_anywhere[g].is_none_or(|(best, _)| unit_score > best) {
                scratch.best_anywhere[g] = Some((unit_score, unit));
            }
        }
        if !all {
            continue;
        }
        if is_title {
            score = score * TITLE_WEIGHT / 100;
        } else {
            let context: i64 = scratch.heading_scores.iter().sum();
            score += context * HEADING_CONTEXT_PERCENT / 100;
        }
        if let Some((phrase, ideal)) = &prepared.phrase {
            if index.folded(unit).contains(phrase.as_str()) {
                score += ideal * PHRASE_PERCENT / 100;
            }
        }
        out.push(RawHit {
            unit,
            score,
            spread: false,
        });
    }
    if out.len() == first_hit
        && prepared.order.len() > 1
        && prepared
            .order
            .iter()
            .all(|&g| scratch.best_anywhere[g].is_some())
    {
        // No unit holds every term, but the section does: one hit, on the unit with the
        // best single term, ranked below units that hold them all.
        let best = prepared
            .order
            .iter()
            .filter_map(|&g| scratch.best_anywhere[g]);
        let total: i64 = best.clone().map(|(score, _)| score).sum();
        if let Some((_, unit)) = best.max_by_key(|&(score, _)| score) {
            out.push(RawHit {
                unit,
                score: total * SPREAD_PERCENT / 100,
                spread: true,
            });
        }
    }
    let found = &mut out[first_hit..];
    if found.len() > scratch.per_section {
        found.sort_by(|a, b| b.score.cmp(&a.score).then(a.unit.cmp(&b.unit)));
        out.truncate(first_hit + scratch.per_section);
    }
    true
}

/// For each group, the alternative that matched `unit` best (None: it did not match there).
/// Recomputed for the few hits shown rather than stored for every hit.
pub(crate) fn matched_alternatives(
    prepared: &Prepared,
    index: &Index,
    unit: usize,
    matcher: &dyn Matcher,
) -> Vec<Option<usize>> {
    prepared
        .groups
        .iter()
        .map(|group| {
            if group.negative {
                return None;
            }
            group
                .evaluate(index, unit, matcher, &[])
                .scored
                .map(|(_, alternative)| alternative)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchored_search_finds_the_same_window() {
        let texts: &[&[u8]] = &[
            b"may experience dissociation, increased blood pressure",
            b"a sleek desire, the side effects of sided ideas",
            b"effects effex eff ects e f f e c t s",
            b"",
            b"zzzz",
        ];
        for &text in texts {
            for needle in [
                &b"dissociaton"[..],
                b"side",
                b"effects",
                b"eff",
                b"ffx",
                b"z",
                b"ea",
            ] {
                let limit = needle.len() + WINDOW_SLACK;
                assert_eq!(
                    anchored_window(needle, text, limit),
                    narrowest_window(needle, text, limit),
                    "{:?} in {:?}",
                    String::from_utf8_lossy(needle),
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn every_window_ends_on_a_chain_bit(
            text in "[a-fs ]{0,300}",
            needle in "[a-fs]{1,7}",
            from in 0usize..300,
            len in 0usize..80,
        ) {
            let (mut bits, mut literal, mut carry) = (Vec::new(), Vec::new(), Vec::new());
            chain_ends(
                needle.as_bytes(),
                text.as_bytes(),
                Some(&mut bits),
                Some(&mut literal),
                &mut carry,
            );
            let from = from.min(text.len());
            let to = (from + len).min(text.len());
            let limit = needle.len() + WINDOW_SLACK;
            if let Some((start, width)) =
                narrowest_window(needle.as_bytes(), &text.as_bytes()[from..to], limit)
            {
                let end = from + start + width;
                proptest::prop_assert!(any_bit(&bits, from..to));
                proptest::prop_assert!(any_bit(&bits, end - 1..end));
            }
            for (at, _) in text.match_indices(needle.as_str()) {
                let end = at + needle.len();
                proptest::prop_assert!(any_bit(&literal, end - 1..end));
            }
        }

        #[test]
        fn occurrences_read_off_the_bits_are_the_ones_memmem_finds(
            text in "[as -]{0,200}",
            needle in "[as-]{1,4}",
            from in 0usize..200,
            len in 0usize..90,
        ) {
            let (mut literal, mut carry) = (Vec::new(), Vec::new());
            chain_ends(needle.as_bytes(), text.as_bytes(), None, Some(&mut literal), &mut carry);
            let from = from.min(text.len());
            let unit = &text[from..(from + len).min(text.len())];
            let finder = memmem::Finder::new(needle.as_bytes());
            proptest::prop_assert_eq!(
                occurrence_from_bits(&literal, from, unit.as_bytes(), needle.as_bytes()),
                best_occurrence(unit, &finder)
            );
        }

        #[test]
        fn anchored_search_agrees_with_the_plain_one(
            text in "[a-fs ]{0,60}",
            needle in "[a-fs]{1,6}",
        ) {
            let limit = needle.len() + WINDOW_SLACK;
            proptest::prop_assert_eq!(
                anchored_window(needle.as_bytes(), text.as_bytes(), limit),
                narrowest_window(needle.as_bytes(), text.as_bytes(), limit)
            );
        }
    }
}
