//! Lays a Source out as wrapped lines of styled segments for a given width (textwrap).
//! Shared by the reader and `dossier show`; it assigns meaning (Kind), never colours, and
//! every character it emits has passed through `sanitize`.

use textwrap::core::{break_words, Word};
use textwrap::wrap_algorithms::wrap_first_fit;
use textwrap::WordSeparator;
use unicode_width::UnicodeWidthStr;

use crate::model::{Block, Section, Source, Span};
use crate::sanitize::{self, Piece};

/// What a piece of laid-out text is; views map kinds to styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Title,
    Meta,
    Heading(usize),
    Rule,
    Body,
    Emphasis,
    Label,
    Bullet,
    Quote,
    /// A visible stand-in for a control or invisible character from the file.
    Marker,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub kind: Kind,
}

/// One screen line of a laid-out source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaidLine {
    pub segments: Vec<Segment>,
    /// Reading-order index of the section this line belongs to; None for title and lead.
    pub section: Option<usize>,
    /// The 1-based line of the file this screen line came from (0 for spacing lines).
    pub source_line: usize,
}

impl LaidLine {
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    pub fn width(&self) -> usize {
        self.segments.iter().map(|s| s.text.width()).sum()
    }

    fn blank(section: Option<usize>) -> Self {
        LaidLine {
            segments: Vec::new(),
            section,
            source_line: 0,
        }
    }
}

/// A source wrapped to one width.
#[derive(Debug, Clone)]
pub struct Layout {
    pub width: usize,
    pub lines: Vec<LaidLine>,
    /// For each section in reading order, the index of its heading's first screen line.
    pub section_starts: Vec<usize>,
    /// False for [`layout_top`]'s cut: its lines, and the sections it reached, are only
    /// those from the top.
    pub complete: bool,
}

impl Layout {
    /// The first screen line built from file line `line`, or the nearest one after it.
    pub fn line_for_source_line(&self, line: usize) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| l.source_line == line)
            .or_else(|| self.lines.iter().position(|l| l.source_line > line))
    }

    /// The section a screen line belongs to (None: title or lead).
    pub fn section_at(&self, index: usize) -> Option<usize> {
        self.lines.get(index).and_then(|l| l.section)
    }
}

/// Lays `source` out at `width` columns (at least 1).
pub fn layout(source: &Source, width: usize) -> Layout {
    layout_upto(source, width, usize::MAX)
}

/// The first `rows` screen lines (or more, ending with a whole block) of [`layout`]'s, the
/// same lines: enough for a screen that shows the top of `source`, without wrapping the rest.
pub fn layout_top(source: &Source, width: usize, rows: usize) -> Layout {
    layout_upto(source, width, rows)
}

fn layout_upto(source: &Source, width: usize, rows: usize) -> Layout {
    let width = width.max(1);
    let mut out = Builder {
        width,
        lines: Vec::new(),
        section: None,
        enough: rows,
        cut: false,
    };
    let title_line = source.meta_lines.title.unwrap_or(0);
    out.wrap(
        &[Span::plain(source.title.clone())],
        Kind::Title,
        "",
        "",
        title_line,
    );
    let meta: Vec<&str> = [source.byline.as_deref(), source.category.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !meta.is_empty() {
        out.wrap(
            &[Span::plain(meta.join(" · "))],
            Kind::Meta,
            "",
            "",
            source.meta_lines.byline.first().copied().unwrap_or(0),
        );
    }
    out.blocks(&source.lead);
    let mut section_starts = Vec::new();
    fn sections(out: &mut Builder, list: &[Section], starts: &mut Vec<usize>) {
        for section in list {
            if out.stop_here() {
                return;
            }
            let index = starts.len();
            out.section = Some(index);
            out.lines.push(LaidLine::blank(Some(index)));
            starts.push(out.lines.len());
            out.wrap(
                &[Span::plain(section.title.clone())],
                Kind::Heading(section.depth),
                "",
                "",
                section.line,
            );
            if section.depth == 1 {
                let rule_width = section.title.width().min(out.width);
                out.lines.push(LaidLine {
                    segments: vec![Segment {
                        text: "─".repeat(rule_width),
                        kind: Kind::Rule,
                    }],
                    section: Some(index),
                    source_line: 0,
                });
            }
            out.blocks(&section.blocks);
            sections(out, &section.children, starts);
        }
    }
    sections(&mut out, &source.sections, &mut section_starts);
    Layout {
        width,
        lines: out.lines,
        section_starts,
        complete: !out.cut,
    }
}

struct Builder {
    width: usize,
    lines: Vec<LaidLine>,
    section: Option<usize>,
    /// Stop once this many lines are laid out, at the end of a block.
    enough: usize,
    /// Something was left out for [`Builder::enough`] ([`Builder::stop_here`]).
    cut: bool,
}

impl Builder {
    /// Whether to stop here: enough lines are laid out. The caller then leaves the rest out,
    /// so the layout is marked cut short.
    fn stop_here(&mut self) -> bool {
        self.cut |= self.lines.len() >= self.enough;
        self.cut
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            if self.stop_here() {
                return;
            }
            self.lines.push(LaidLine::blank(self.section));
            match block {
                Block::Paragraph { line, spans, .. } => self.wrap(spans, Kind::Body, "", "", *line),
                Block::Quote { line, spans, .. } => {
                    self.wrap(spans, Kind::Quote, "│ ", "│ ", *line)
                }
                Block::List { ordered, items } => {
                    for (n, item) in items.iter().enumerate() {
                        let bullet = if *ordered {
                            format!("{}. ", n + 1)
                        } else {
                            "• ".to_string()
                        };
                        let mut spans = Vec::new();
                        if let Some(label) = &item.label {
                            spans.push(Span {
                                text: format!("{label}:"),
                                emphasis: true,
                            });
                            spans.push(Span::plain(" "));
                        }
                        spans.extend(item.spans.iter().cloned());
                        let hang = " ".repeat(bullet.width() + 2);
                        self.wrap_with_label(
                            &spans,
                            &format!("  {bullet}"),
                            &hang,
                            item.line,
                            item.label.is_some(),
                        );
                    }
                }
            }
        }
    }

    fn wrap(&mut self, spans: &[Span], kind: Kind, first: &str, rest: &str, line: usize) {
        self.wrap_styled(spans, kind, first, rest, line, false);
    }

    fn wrap_with_label(
        &mut self,
        spans: &[Span],
        first: &str,
        rest: &str,
        line: usize,
        label: bool,
    ) {
        self.wrap_styled(spans, Kind::Body, first, rest, line, label);
    }

    /// Wraps spans to the width, keeping each character's kind. `first`/`rest` are the
    /// prefixes of the first and following lines (bullets, quote bars, hanging indents).
    fn wrap_styled(
        &mut self,
        spans: &[Span],
        kind: Kind,
        first: &str,
        rest: &str,
        line: usize,
        label_first: bool,
    ) {
        // Too narrow for bullets and indents: the text itself matters more.
        let (first, rest) = if first.width().max(rest.width()) >= self.width {
            ("", "")
        } else {
            (first, rest)
        };
        // Sanitise once, remembering which byte ranges carry which kind.
        let mut text = String::new();
        let mut kinds: Vec<(usize, Kind)> = Vec::new();
        for (i, span) in spans.iter().enumerate() {
            let span_kind = if label_first && i == 0 {
                Kind::Label
            } else if span.emphasis {
                if kind == Kind::Body {
                    Kind::Emphasis
                } else {
                    kind
                }
            } else {
                kind
            };
            for piece in sanitize::pieces(&span.text.replace('\n', " ")) {
                let piece_kind = match piece {
                    Piece::Marker(_) => Kind::Marker,
                    Piece::Text(_) => span_kind,
                };
                kinds.push((text.len(), piece_kind));
                text.push_str(piece.as_str());
            }
        }

        let prefix_kind = match kind {
            Kind::Quote => Kind::Quote,
            _ => Kind::Bullet,
        };
        let first_width = self.width.saturating_sub(first.width()).max(1);
        let rest_width = self.width.saturating_sub(rest.width()).max(1);
        let words: Vec<Word> = WordSeparator::UnicodeBreakProperties
            .find_words(&text)
            .collect();
        let words = break_words(words, first_width.min(rest_width));
        let widths = [first_width as f64, rest_width as f64];
        let wrapped = wrap_first_fit(&words, &widths);
        let base = text.as_ptr() as usize;
        for (n, row) in wrapped.iter().enumerate() {
            let prefix = if n == 0 { first } else { rest };
            let mut segments: Vec<Segment> = Vec::new();
            if !prefix.is_empty() {
                let shown = if n == 0 || prefix_kind == Kind::Quote {
                    prefix
                } else {
                    rest
                };
                push_segment(&mut segments, shown, prefix_kind);
            }
            for (w, word) in row.iter().enumerate() {
                let start = word.word.as_ptr() as usize - base;
                push_chars(&mut segments, word.word, start, &kinds, kind);
                if w + 1 < row.len() {
                    let ws_start = word.whitespace.as_ptr() as usize - base;
                    push_chars(&mut segments, word.whitespace, ws_start, &kinds, kind);
                }
            }
            self.lines.push(LaidLine {
                segments,
                section: self.section,
                source_line: line,
            });
        }
        if wrapped.is_empty() {
            self.lines.push(LaidLine {
                segments: Vec::new(),
                section: self.section,
                source_line: line,
            });
        }
    }
}

fn push_segment(segments: &mut Vec<Segment>, text: &str, kind: Kind) {
    if text.is_empty() {
        return;
    }
    match segments.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => segments.push(Segment {
            text: text.to_string(),
            kind,
        }),
    }
}

/// Pushes `text` (found at byte `start` of the sanitised paragraph) split by kind.
/// `kinds` holds where each kind begins, by byte offset in order (at one offset, the last
/// entry wins); text before the first entry has `default`.
fn push_chars(
    segments: &mut Vec<Segment>,
    text: &str,
    start: usize,
    kinds: &[(usize, Kind)],
    default: Kind,
) {
    let end = start + text.len();
    // Walks the kind changes inside the text rather than looking each character up.
    let mut next = kinds.partition_point(|(at, _)| *at <= start);
    let mut run_kind = next.checked_sub(1).map_or(default, |i| kinds[i].1);
    let mut run_start = start;
    while let Some(&(at, kind)) = kinds.get(next).filter(|(at, _)| *at < end) {
        push_segment(segments, &text[run_start - start..at - start], run_kind);
        run_start = at;
        run_kind = kind;
        next += 1;
    }
    push_segment(segments, &text[run_start - start..], run_kind);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse, Format};
    use proptest::prelude::*;

    /// The straightforward per-character reading of `push_chars`' contract.
    fn push_chars_by_char(
        segments: &mut Vec<Segment>,
        text: &str,
        start: usize,
        kinds: &[(usize, Kind)],
        default: Kind,
    ) {
        for (offset, c) in text.char_indices() {
            let i = kinds.partition_point(|(at, _)| *at <= start + offset);
            let kind = i.checked_sub(1).map_or(default, |i| kinds[i].1);
            push_segment(segments, c.encode_utf8(&mut [0; 4]), kind);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn push_chars_splits_by_kind_like_a_per_character_lookup(
            pieces in proptest::collection::vec(("[a-c é\\-]{0,5}", 0usize..4), 1..8),
            cut in (0usize..40, 0usize..40),
        ) {
            const KINDS: [Kind; 4] = [Kind::Body, Kind::Emphasis, Kind::Label, Kind::Marker];
            let mut text = String::new();
            let mut kinds = Vec::new();
            for (piece, kind) in &pieces {
                kinds.push((text.len(), KINDS[*kind]));
                text.push_str(piece);
            }
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let a = bounds[cut.0 % bounds.len()];
            let b = bounds[cut.1 % bounds.len()];
            let (from, to) = (a.min(b), a.max(b));
            let mut fast = vec![Segment { text: "> ".into(), kind: Kind::Bullet }];
            let mut slow = fast.clone();
            push_chars(&mut fast, &text[from..to], from, &kinds, Kind::Quote);
            push_chars_by_char(&mut slow, &text[from..to], from, &kinds, Kind::Quote);
            prop_assert_eq!(fast, slow);
        }
    }

    fn sample() -> Source {
        parse(
            "s",
            "s.txt",
            "A Title Here\nThe lead paragraph is here and it is long enough to wrap around.\nFirst Heading\nBody with **bold words** inside it.\n- Cost: it is expensive for many\n- plain item\n",
            Format::PlainText,
        )
    }

    #[test]
    fn no_line_is_wider_than_the_width() {
        let source = sample();
        for width in 1..60 {
            let laid = layout(&source, width);
            for line in &laid.lines {
                assert!(line.width() <= width, "width {width}: {:?}", line.text());
            }
        }
    }

    #[test]
    fn sections_start_at_their_heading() {
        let laid = layout(&sample(), 30);
        assert_eq!(laid.section_starts.len(), 1);
        assert_eq!(laid.lines[laid.section_starts[0]].text(), "First Heading");
        assert_eq!(laid.lines[laid.section_starts[0]].source_line, 3);
    }

    #[test]
    fn emphasis_labels_and_bullets_keep_their_kinds() {
        let laid = layout(&sample(), 80);
        let all: Vec<&Segment> = laid.lines.iter().flat_map(|l| &l.segments).collect();
        assert!(all
            .iter()
            .any(|s| s.kind == Kind::Emphasis && s.text == "bold words"));
        assert!(all
            .iter()
            .any(|s| s.kind == Kind::Label && s.text == "Cost:"));
        assert!(all
            .iter()
            .any(|s| s.kind == Kind::Bullet && s.text.contains('•')));
        assert!(!laid.lines.iter().any(|l| l.text().contains("**")));
    }

    #[test]
    fn control_characters_become_markers() {
        let source = parse(
            "x",
            "x.txt",
            "Title\nA \x1b[31m red line.\n",
            Format::PlainText,
        );
        let laid = layout(&source, 80);
        let all: Vec<&Segment> = laid.lines.iter().flat_map(|l| &l.segments).collect();
        assert!(all.iter().any(|s| s.kind == Kind::Marker && s.text == "^["));
        assert!(!all.iter().any(|s| s.text.contains('\x1b')));
    }
}
