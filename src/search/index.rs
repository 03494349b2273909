//! The searchable units of a corpus (source titles, section titles, sentences, list items),
//! built once and kept in one text arena. It reads the model; it does no matching or ranking.

use std::borrow::Borrow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::matcher::SkimMatcher;
use super::query::Query;
use super::rank::Prepared;
use crate::corpus::Corpus;
use crate::model::{spans_text, Block, Source};

/// What a unit is; ranking weighs titles above body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    SourceTitle,
    SectionTitle,
    Sentence,
    ListItem,
}

impl UnitKind {
    pub fn name(self) -> &'static str {
        match self {
            UnitKind::SourceTitle => "title",
            UnitKind::SectionTitle => "heading",
            UnitKind::Sentence => "sentence",
            UnitKind::ListItem => "item",
        }
    }

    pub fn is_title(self) -> bool {
        matches!(self, UnitKind::SourceTitle | UnitKind::SectionTitle)
    }
}

/// How many threads an index is built on: speed, or the lowest peak memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Threads {
    One,
    All,
}

/// One searchable piece of text. Kept small (40 bytes): a large corpus has hundreds of
/// thousands, and they are most of the index's memory after the text itself.
#[derive(Debug, Clone)]
pub struct Unit {
    source: u32,
    /// `NO_SECTION` for the lead.
    section: u32,
    line: u32,
    kind: UnitKind,
    span: Range<u32>,
    /// Bit per ASCII letter/digit present (case folded): a cheap test before matching.
    letters: u64,
    /// Bit per ASCII letter/digit that starts a word (case folded).
    word_starts: u64,
}

const NO_SECTION: u32 = u32::MAX;

/// `n` as a `u32`, saturated below `ceiling` (no corpus comes near it).
fn narrow(n: usize, ceiling: u32) -> u32 {
    u32::try_from(n).map_or(ceiling - 1, |n| n.min(ceiling - 1))
}

impl Unit {
    /// Index into `Corpus::sources`.
    pub fn source(&self) -> usize {
        self.source as usize
    }

    /// Reading-order section index (`Source::flat_sections`); `None` for the lead.
    pub fn section(&self) -> Option<usize> {
        (self.section != NO_SECTION).then_some(self.section as usize)
    }

    /// 1-based line in the file. For a sentence of a hard-wrapped paragraph this is an
    /// estimate (the paragraph's lines shared out by the sentence's position).
    pub fn line(&self) -> usize {
        self.line as usize
    }

    pub fn kind(&self) -> UnitKind {
        self.kind
    }
}

/// The units of one section (or lead) of one source, contiguous in the index.
#[derive(Debug, Clone)]
pub struct SectionUnits {
    pub source: usize,
    pub section: Option<usize>,
    pub units: Range<usize>,
}

/// Every unit of a corpus, in reading order, grouped by section.
#[derive(Debug, Default)]
pub struct Index {
    text: String,
    /// `text` with ASCII letters lower-cased: same byte offsets, for case-blind exact search.
    folded: String,
    units: Vec<Unit>,
    sections: Vec<SectionUnits>,
    /// For each unit, the index of its entry in `sections`.
    unit_sections: Vec<u32>,
    section_titles: Vec<Vec<String>>,
    source_ids: Vec<String>,
}

/// Bit of an ASCII letter or digit (case folded), 0 for anything else.
pub(crate) fn letter_bit(byte: u8) -> u64 {
    match byte {
        b'a'..=b'z' => 1 << (byte - b'a'),
        b'A'..=b'Z' => 1 << (byte - b'A'),
        b'0'..=b'9' => 1 << (26 + byte - b'0'),
        _ => 0,
    }
}

pub(crate) fn letter_mask(text: &str) -> u64 {
    text.bytes().fold(0, |mask, b| mask | letter_bit(b))
}

/// A byte that continues a word: ASCII letters and digits, and any non-ASCII char.
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn word_start_mask(text: &str) -> u64 {
    let mut mask = 0;
    let mut previous_is_word = false;
    for b in text.bytes() {
        if !previous_is_word {
            mask |= letter_bit(b);
        }
        previous_is_word = is_word_byte(b);
    }
    mask
}

/// Which query terms a text may hold, as bits, and the bits a section needs them all.
#[derive(Clone, Copy)]
struct Filter<'a> {
    terms_in: &'a (dyn Fn(&str) -> u64 + Sync),
    required: u64,
}

/// `None` keeps everything.
type Keep<'a> = Option<Filter<'a>>;

/// A paragraph or list item before it is cut into units.
struct Piece {
    line: usize,
    lines: usize,
    text: String,
    item: bool,
}

struct Builder<'a> {
    index: &'a mut Index,
    keep: Keep<'a>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        source: usize,
        section: Option<usize>,
        line: usize,
        kind: UnitKind,
        text: &str,
    ) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let start = self.index.text.len() as u32;
        self.index.text.push_str(text);
        self.index.folded.push_str(&text.to_ascii_lowercase());
        let end = self.index.text.len() as u32;
        self.index.units.push(Unit {
            source: narrow(source, u32::MAX),
            section: section.map_or(NO_SECTION, |s| narrow(s, NO_SECTION)),
            line: narrow(line, u32::MAX),
            kind,
            span: start..end,
            letters: letter_mask(text),
            word_starts: word_start_mask(text),
        });
    }

    /// Adds a section's (or lead's) title and blocks. With a filter, a section whose text
    /// cannot hold every term is left without body units, and inside a section that can,
    /// only paragraphs and items that may hold some term are split and added.
    fn section(
        &mut self,
        source: usize,
        section: Option<usize>,
        title: Option<(usize, UnitKind, &str)>,
        blocks: &[Block],
    ) {
        let start = self.index.units.len();
        if let Some((line, kind, text)) = title {
            self.push(source, section, line, kind, text);
        }
        let mut pieces: Vec<Piece> = Vec::new();
        for block in blocks {
            match block {
                Block::Paragraph {
                    line,
                    end_line,
                    spans,
                }
                | Block::Quote {
                    line,
                    end_line,
                    spans,
                } => pieces.push(Piece {
                    line: *line,
                    lines: end_line.saturating_sub(*line) + 1,
                    text: spans_text(spans),
                    item: false,
                }),
                Block::List { items, .. } => pieces.extend(items.iter().map(|item| Piece {
                    line: item.line,
                    lines: 1,
                    text: item.full_text(),
                    item: true,
                })),
            }
        }
        let wanted: Vec<bool> = match self.keep {
            None => vec![true; pieces.len()],
            Some(filter) => {
                let masks: Vec<u64> = pieces.iter().map(|p| (filter.terms_in)(&p.text)).collect();
                let title_mask = title.map_or(0, |(_, _, text)| (filter.terms_in)(text));
                let all = masks.iter().fold(title_mask, |acc, m| acc | m);
                if all & filter.required == filter.required {
                    masks.iter().map(|&m| m != 0).collect()
                } else {
                    vec![false; pieces.len()]
                }
            }
        };
        for (piece, wanted) in pieces.iter().zip(wanted) {
            if !wanted {
                continue;
            }
            if piece.item {
                self.push(source, section, piece.line, UnitKind::ListItem, &piece.text);
                continue;
            }
            let len = piece.text.len().max(1);
            for (offset, sentence) in piece.text.split_sentence_bound_indices() {
                let estimate = piece.line + offset * piece.lines / len;
                self.push(source, section, estimate, UnitKind::Sentence, sentence);
            }
        }
        self.close(source, section, start);
    }

    fn source(&mut self, n: usize, source: &Source) {
        // A derived title repeats text found elsewhere; only a real title line is a unit.
        let title = source
            .meta_lines
            .title
            .map(|line| (line, UnitKind::SourceTitle, source.title.as_str()));
        self.section(n, None, title, &source.lead);
        let flat = source.flat_sections();
        self.index
            .section_titles
            .push(flat.iter().map(|r| r.section.title.clone()).collect());
        for r in flat {
            let title = (
                r.section.line,
                UnitKind::SectionTitle,
                r.section.title.as_str(),
            );
            self.section(n, Some(r.index), Some(title), &r.section.blocks);
        }
    }

    fn close(&mut self, source: usize, section: Option<usize>, start: usize) {
        let end = self.index.units.len();
        if end > start {
            let id = self.index.sections.len() as u32;
            self.index
                .unit_sections
                .extend(std::iter::repeat_n(id, end - start));
            self.index.sections.push(SectionUnits {
                source,
                section,
                units: start..end,
            });
        }
    }
}

impl Index {
    /// Builds the index of a corpus, on all cores when it is large. Cost is linear in the
    /// corpus text (sentence splitting dominates).
    pub fn build(corpus: &Corpus) -> Index {
        let sources: Vec<&Source> = corpus.sources.iter().collect();
        Index::build_filtered(sources, None, Threads::All)
    }

    /// An index of only the units that could match `query` (plus every title), for a
    /// one-shot search: paragraphs that cannot match are never split into sentences.
    /// Searching it for `query` gives exactly the hits the full index gives.
    pub fn build_for(corpus: &Corpus, query: &Query) -> Index {
        let sources: Vec<&Source> = corpus.sources.iter().collect();
        Index::build_for_sources(sources, query, Threads::All)
    }

    /// [`Index::build_for`] that consumes the corpus, dropping each article once it is
    /// indexed: the article and its units are never all in memory at once (the peak memory
    /// of `dossier search`). On one thread: joining per-thread parts holds a second copy of
    /// all but the first (14 MB more at the peak on 4,000 articles, for 0.1–0.2 s).
    pub fn build_for_owned(corpus: Corpus, query: &Query) -> Index {
        Index::build_for_sources(corpus.sources, query, Threads::One)
    }

    fn build_for_sources<S: Borrow<Source> + Send>(
        sources: Vec<S>,
        query: &Query,
        threads: Threads,
    ) -> Index {
        let matcher = SkimMatcher::default();
        let prepared = Prepared::new(query, &matcher);
        let terms_in = |text: &str| prepared.groups_possible_in(text);
        let filter = Filter {
            terms_in: &terms_in,
            required: prepared.required_groups(),
        };
        Index::build_filtered(sources, Some(filter), threads)
    }

    fn build_filtered<S: Borrow<Source> + Send>(
        sources: Vec<S>,
        keep: Keep,
        threads: Threads,
    ) -> Index {
        let source_ids = sources.iter().map(|s| s.borrow().id.clone()).collect();
        let threads = match threads {
            Threads::One => 1,
            Threads::All => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let mut index = if threads < 2 || sources.len() < 64 {
            Index::build_part(sources, 0, keep)
        } else {
            let chunk = sources.len().div_ceil(threads);
            let mut parts_sources: Vec<Vec<S>> = Vec::new();
            let mut sources = sources.into_iter();
            loop {
                let part: Vec<S> = sources.by_ref().take(chunk).collect();
                if part.is_empty() {
                    break;
                }
                parts_sources.push(part);
            }
            let parts: Vec<Index> = std::thread::scope(|scope| {
                let workers: Vec<_> = parts_sources
                    .into_iter()
                    .enumerate()
                    .map(|(n, part)| scope.spawn(move || Index::build_part(part, n * chunk, keep)))
                    .collect();
                workers
                    .into_iter()
                    .map(|worker| {
                        worker
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    })
                    .collect()
            });
            Index::concat(parts)
        };
        index.source_ids = source_ids;
        index
    }

    /// The index of `sources`, numbered from `first`; each source is dropped once indexed
    /// (which frees it when the index owns it).
    fn build_part<S: Borrow<Source>>(sources: Vec<S>, first: usize, keep: Keep) -> Index {
        let mut index = Index::default();
        let mut builder = Builder {
            index: &mut index,
            keep,
        };
        for (n, source) in sources.into_iter().enumerate() {
            builder.source(first + n, source.borrow());
        }
        index
    }

    /// Joins indexes of consecutive runs of sources, in order. The first part becomes the
    /// whole, grown once to its final size, so the text is not held twice over (the peak
    /// memory of a one-shot search is set here).
    fn concat(parts: Vec<Index>) -> Index {
        let mut parts = parts.into_iter();
        let mut index = parts.next().unwrap_or_default();
        let rest: Vec<Index> = parts.collect();
        let text_bytes: usize = rest.iter().map(|part| part.text.len()).sum();
        index.text.reserve_exact(text_bytes);
        index.folded.reserve_exact(text_bytes);
        index
            .units
            .reserve_exact(rest.iter().map(|part| part.units.len()).sum());
        for part in rest {
            let text_offset = index.text.len() as u32;
            let unit_offset = index.units.len();
            let section_offset = index.sections.len() as u32;
            index.text.push_str(&part.text);
            index.folded.push_str(&part.folded);
            index.units.extend(part.units.into_iter().map(|mut unit| {
                unit.span = unit.span.start + text_offset..unit.span.end + text_offset;
                unit
            }));
            index
                .sections
                .extend(part.sections.into_iter().map(|mut section| {
                    section.units =
                        section.units.start + unit_offset..section.units.end + unit_offset;
                    section
                }));
            index
                .unit_sections
                .extend(part.unit_sections.into_iter().map(|s| s + section_offset));
            index.section_titles.extend(part.section_titles);
        }
        index
    }

    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    pub fn unit(&self, unit: usize) -> &Unit {
        &self.units[unit]
    }

    /// The unit's text as written (markup removed, whitespace trimmed).
    pub fn text(&self, unit: usize) -> &str {
        let span = &self.units[unit].span;
        &self.text[span.start as usize..span.end as usize]
    }

    /// The unit's text with ASCII letters lower-cased (same byte offsets as [`Index::text`]).
    pub fn folded(&self, unit: usize) -> &str {
        let span = &self.units[unit].span;
        &self.folded[span.start as usize..span.end as usize]
    }

    /// The text a term is matched against: as written for a case-sensitive term, else folded.
    pub fn haystack(&self, unit: usize, case_sensitive: bool) -> &str {
        if case_sensitive {
            self.text(unit)
        } else {
            self.folded(unit)
        }
    }

    /// The unit's byte range in [`Index::arena`].
    pub(crate) fn span(&self, unit: usize) -> Range<usize> {
        let span = &self.units[unit].span;
        span.start as usize..span.end as usize
    }

    /// Every unit's text, back to back in index order: as written, or folded like
    /// [`Index::haystack`].
    pub(crate) fn arena(&self, case_sensitive: bool) -> &str {
        if case_sensitive {
            &self.text
        } else {
            &self.folded
        }
    }

    pub(crate) fn letters(&self, unit: usize) -> u64 {
        self.units[unit].letters
    }

    pub(crate) fn word_starts(&self, unit: usize) -> u64 {
        self.units[unit].word_starts
    }

    /// Section blocks in reading order; each holds a contiguous range of units.
    pub fn sections(&self) -> &[SectionUnits] {
        &self.sections
    }

    /// The entry of [`Index::sections`] holding `unit`.
    pub fn section_of(&self, unit: usize) -> usize {
        self.unit_sections[unit] as usize
    }

    /// The id of a source, as in the corpus.
    pub fn source_id(&self, source: usize) -> &str {
        &self.source_ids[source]
    }

    /// A section's title, `None` for the lead (or an unknown index).
    pub fn section_title(&self, source: usize, section: Option<usize>) -> Option<&str> {
        let section = section?;
        self.section_titles
            .get(source)?
            .get(section)
            .map(String::as_str)
    }

    /// Bytes of unit text held (the arena is stored twice: as written and case-folded).
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus;

    #[test]
    fn every_heading_and_title_line_is_a_unit() {
        let corpus = corpus::embedded();
        let index = Index::build(&corpus);
        for (n, source) in corpus.sources.iter().enumerate() {
            for r in source.flat_sections() {
                assert!(index
                    .units()
                    .iter()
                    .enumerate()
                    .any(|(i, u)| u.source() == n
                        && u.section() == Some(r.index)
                        && u.kind() == UnitKind::SectionTitle
                        && u.line() == r.section.line
                        && index.text(i) == r.section.title.trim()));
            }
        }
    }

    #[test]
    fn sentences_are_split_and_keep_their_section() {
        let corpus = corpus::embedded();
        let index = Index::build(&corpus);
        let sentences: Vec<usize> = (0..index.units().len())
            .filter(|&i| index.unit(i).kind() == UnitKind::Sentence)
            .collect();
        // Seed paragraphs hold several sentences each; no sentence unit may hold two.
        assert!(sentences.iter().all(|&i| {
            let text = index.text(i);
            !text.trim_end_matches(['.', '!', '?']).contains(". ")
                || text.contains("e.g.")
                || text.contains("i.e.")
        }));
        for block in index.sections() {
            for unit in block.units.clone() {
                assert_eq!(index.unit(unit).source(), block.source);
                assert_eq!(index.unit(unit).section(), block.section);
            }
        }
    }

    #[test]
    fn a_unit_stays_small() {
        assert!(std::mem::size_of::<Unit>() <= 40);
    }

    #[test]
    fn folded_text_has_the_same_offsets() {
        let corpus = corpus::embedded();
        let index = Index::build(&corpus);
        for i in 0..index.units().len() {
            assert_eq!(index.text(i).len(), index.folded(i).len());
            assert_eq!(index.text(i).to_ascii_lowercase(), index.folded(i));
        }
    }
}
