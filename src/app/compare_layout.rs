//! The risks-and-benefits view's columns tab laid out as styled lines at one width: topic
//! headings with their balance bars, each statement wrapped with textwrap (its emphasised
//! clause kept), badges, sections and agreement. Text from the files is sanitised here.
//! Pure: no state, no drawing (that is `ui::compare`).

use std::collections::HashMap;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::compare_view::Side;
use crate::compare::{Comparison, Entry, TopicRow};
use crate::sanitize::display_line;
use crate::wording::count;

/// Below this many columns benefits and risks are stacked instead of side by side.
pub const MIN_SIDE_BY_SIDE: usize = 80;
/// Cells of the balance bar between its brackets.
pub const BAR_CELLS: usize = 10;
/// What a piece of the view means; `ui::compare` picks the style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Topic,
    /// A column's name where the columns are stacked.
    Heading(Side),
    /// Balance-bar cells, and the marks of the grid.
    Mark(Side),
    Badge,
    /// Sections, counts, brackets, "nothing stated": secondary text.
    Meta,
    Text,
    /// The clause a column is about when a statement stands in both columns.
    Emphasis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub text: String,
    pub look: Look,
}

fn seg(text: impl Into<String>, look: Look) -> Seg {
    Seg {
        text: text.into(),
        look,
    }
}

/// One screen row: side by side, `halves` are the two columns; stacked, only `halves[0]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewLine {
    pub halves: [Vec<Seg>; 2],
    /// The entry (index into `ViewLayout::placed[side]`) each column's part of the row shows.
    pub owner: [Option<usize>; 2],
    /// A topic's heading, drawn across both columns.
    pub full_width: bool,
}

/// Where an entry is: its topic row, index in its column, and screen rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub topic: usize,
    pub index: usize,
    pub rows: Range<usize>,
}

/// The columns tab laid out at one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewLayout {
    pub side_by_side: bool,
    /// Columns of each half (side by side) or of the whole width (stacked).
    pub half_width: usize,
    pub lines: Vec<ViewLine>,
    /// Every entry of each column, in reading order (topic by topic).
    pub placed: [Vec<Placed>; 2],
    /// The heading row of each topic.
    pub topic_starts: Vec<usize>,
}

/// `[+++++-----]`-style cells: benefits first; a side with anything gets at least one cell.
pub fn balance(benefits: usize, risks: usize, cells: usize) -> (usize, usize) {
    let total = benefits + risks;
    if total == 0 || cells == 0 {
        return (0, 0);
    }
    let mut plus = (benefits * cells + total / 2) / total;
    if benefits > 0 && plus == 0 {
        plus = 1;
    }
    if risks > 0 && plus == cells && cells > 1 {
        plus = cells - 1;
    }
    (plus, cells - plus)
}

/// The balance bar as segments: `[`, `+` cells, `-` cells, `]`.
pub fn bar_segments(benefits: usize, risks: usize) -> Vec<Seg> {
    let (plus, minus) = balance(benefits, risks, BAR_CELLS);
    vec![
        seg("[", Look::Meta),
        seg("+".repeat(plus), Look::Mark(Side::Benefits)),
        seg("-".repeat(minus), Look::Mark(Side::Risks)),
        seg(" ".repeat(BAR_CELLS - plus - minus), Look::Meta),
        seg("]", Look::Meta),
    ]
}

fn width_of(segs: &[Seg]) -> usize {
    segs.iter().map(|s| s.text.width()).sum()
}

/// `text` cut to `width` columns (ellipsis when cut).
pub fn cut(text: &str, width: usize, ascii: bool) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let ellipsis = if ascii { "~" } else { "…" };
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push_str(ellipsis);
    }
    out
}

/// Wraps `text` to `width`, emphasising the byte range `emphasis` of it; each line starts
/// with `indent`.
fn wrap_styled(
    text: &str,
    emphasis: Option<Range<usize>>,
    width: usize,
    indent: &str,
    look: Look,
) -> Vec<Vec<Seg>> {
    let room = width.saturating_sub(indent.width()).max(1);
    let options = textwrap::Options::new(room).break_words(true);
    let mut cursor = 0;
    let mut out = Vec::new();
    for line in textwrap::wrap(text, options) {
        let line: &str = &line;
        // Find where the wrapped line sits in `text` to split it at the emphasis bounds.
        let rest = text.get(cursor..).unwrap_or("");
        let skipped = rest.len() - rest.trim_start().len();
        let start = if rest[skipped..].starts_with(line) {
            Some(cursor + skipped)
        } else {
            rest.find(line).map(|at| cursor + at)
        };
        let mut segs = vec![seg(indent, Look::Text)];
        match (start, &emphasis) {
            (Some(start), Some(range)) => {
                let end = start + line.len();
                cursor = end;
                let from = range.start.clamp(start, end);
                let to = range.end.clamp(from, end);
                for (part, part_look) in [
                    (start..from, look),
                    (from..to, Look::Emphasis),
                    (to..end, look),
                ] {
                    if let Some(piece) = text.get(part).filter(|p| !p.is_empty()) {
                        segs.push(seg(piece, part_look));
                    }
                }
            }
            (start, _) => {
                if let Some(start) = start {
                    cursor = start + line.len();
                }
                segs.push(seg(line, look));
            }
        }
        out.push(segs);
    }
    out
}

/// Text to show for an entry, made safe, with its emphasis range moved to the shown text.
fn shown_text(entry: &Entry) -> (String, Option<Range<usize>>) {
    match &entry.emphasis {
        Some(range) if entry.text.get(range.clone()).is_some() => {
            let before = display_line(&entry.text[..range.start]);
            let inside = display_line(&entry.text[range.clone()]);
            let after = display_line(&entry.text[range.end..]);
            let start = before.len();
            let end = start + inside.len();
            (format!("{before}{inside}{after}"), Some(start..end))
        }
        _ => (display_line(&entry.text).into_owned(), None),
    }
}

/// Badge and title per source id, to label entries.
#[derive(Debug, Clone)]
pub(super) struct Labels {
    pub(super) badges: HashMap<String, String>,
}

impl Labels {
    fn badge(&self, id: &str) -> String {
        self.badges
            .get(id)
            .cloned()
            .unwrap_or_else(|| display_line(id).into_owned())
    }
}

fn entry_lines(
    entry: &Entry,
    labels: &Labels,
    total: usize,
    width: usize,
    ascii: bool,
) -> Vec<Vec<Seg>> {
    let mut lines = Vec::new();
    if let Some(primary) = entry.primary() {
        let badge = format!("[{}]", labels.badge(&primary.source_id));
        let section = primary.section_title.as_deref().map_or_else(
            || crate::model::LEAD_NAME.to_string(),
            |t| display_line(t).into_owned(),
        );
        let badge_shown = cut(&badge, width.saturating_sub(1), ascii);
        let room = width.saturating_sub(1 + badge_shown.width() + 1);
        let mut head = vec![seg(" ", Look::Text), seg(badge_shown, Look::Badge)];
        if room > 0 {
            head.push(seg(" ", Look::Text));
            head.push(seg(cut(&section, room, ascii), Look::Meta));
        }
        lines.push(head);
    }
    let (text, emphasis) = shown_text(entry);
    lines.extend(wrap_styled(&text, emphasis, width, "   ", Look::Text));
    if entry.source_count() > 1 {
        let ids: Vec<String> = entry.sources.iter().map(|id| labels.badge(id)).collect();
        let agree = format!(
            "{} of {total} sources: {}",
            entry.source_count(),
            crate::wording::listed(&ids, crate::wording::BADGES_LISTED)
        );
        lines.extend(wrap_styled(&agree, None, width, "   ", Look::Meta));
    }
    lines
}

fn topic_heading(
    row: &TopicRow,
    speaking: usize,
    total: usize,
    width: usize,
    ascii: bool,
) -> Vec<Seg> {
    let (b, r) = (row.benefits.len(), row.risks.len());
    let dot = if ascii { "," } else { " ·" };
    let long = format!(
        " {}{dot} {}{dot} {speaking} of {total} sources",
        count(b, "benefit"),
        count(r, "risk")
    );
    let short = format!(" {b}+ {r}- {speaking}/{total}");
    let name = display_line(&row.name).into_owned();
    let bar = bar_segments(b, r);
    let bar_width = width_of(&bar);
    let mut segs = vec![seg(" ", Look::Topic)];
    // The name and bar first; the counts as long as they fit, shorter when they don't.
    let stats = [long, short, String::new()]
        .into_iter()
        .find(|s| 1 + name.width().min(24) + 2 + bar_width + s.width() <= width)
        .unwrap_or_default();
    let name_room = width.saturating_sub(1 + 2 + bar_width + stats.width());
    if name_room == 0 {
        segs.push(seg(cut(&name, width.saturating_sub(1), ascii), Look::Topic));
        return segs;
    }
    segs.push(seg(cut(&name, name_room, ascii), Look::Topic));
    segs.push(seg("  ", Look::Text));
    segs.extend(bar);
    segs.push(seg(stats, Look::Meta));
    segs
}

/// Lays the comparison out at `width` columns.
pub(super) fn lay_out(
    comparison: &Comparison,
    labels: &Labels,
    width: usize,
    ascii: bool,
) -> ViewLayout {
    let side_by_side = width >= MIN_SIDE_BY_SIDE;
    // Side by side: left half, a one-column divider, right half.
    let half_width = if side_by_side { (width - 1) / 2 } else { width };
    // A column's text keeps one column clear of the divider.
    let text_width = if side_by_side {
        half_width.saturating_sub(1)
    } else {
        half_width
    };
    let total = comparison.sources.len();
    let mut lines: Vec<ViewLine> = Vec::new();
    let mut placed: [Vec<Placed>; 2] = [Vec::new(), Vec::new()];
    let mut topic_starts = Vec::new();
    for (t, row) in comparison.topics.iter().enumerate() {
        if t > 0 {
            lines.push(ViewLine::default());
        }
        topic_starts.push(lines.len());
        let speaking = row.sources(&comparison.sources).len();
        lines.push(ViewLine {
            halves: [
                topic_heading(row, speaking, total, width, ascii),
                Vec::new(),
            ],
            owner: [None, None],
            full_width: true,
        });
        let mut columns: [Vec<(Vec<Seg>, Option<usize>)>; 2] = [Vec::new(), Vec::new()];
        for side in [Side::Benefits, Side::Risks] {
            let column = &mut columns[side.index()];
            let entries = side.entries(row);
            if !side_by_side {
                let heading = format!(" {} ({})", side.name(), entries.len());
                column.push((vec![seg(heading, Look::Heading(side))], None));
            }
            if entries.is_empty() {
                let none = format!("   no {} stated", side.name().to_lowercase());
                column.push((vec![seg(none, Look::Meta)], None));
            }
            for (index, entry) in entries.iter().enumerate() {
                if index > 0 {
                    column.push((Vec::new(), None));
                }
                let flat = placed[side.index()].len();
                // Rows are relative to the topic's body for now; made absolute below.
                let first = column.len();
                for line in entry_lines(entry, labels, total, text_width, ascii) {
                    column.push((line, Some(flat)));
                }
                placed[side.index()].push(Placed {
                    topic: t,
                    index,
                    rows: first..column.len(),
                });
            }
        }
        let body_start = lines.len();
        let [left, right] = columns;
        if side_by_side {
            let rows = left.len().max(right.len());
            for i in 0..rows {
                let (l, lo) = left.get(i).cloned().unwrap_or_default();
                let (r, ro) = right.get(i).cloned().unwrap_or_default();
                lines.push(ViewLine {
                    halves: [l, r],
                    owner: [lo, ro],
                    full_width: false,
                });
            }
            for side in [Side::Benefits, Side::Risks] {
                for p in placed[side.index()].iter_mut().filter(|p| p.topic == t) {
                    p.rows = body_start + p.rows.start..body_start + p.rows.end;
                }
            }
        } else {
            let risks_start = body_start + left.len();
            for (segs, owner) in left {
                lines.push(ViewLine {
                    halves: [segs, Vec::new()],
                    owner: [owner, None],
                    full_width: false,
                });
            }
            for (segs, owner) in right {
                lines.push(ViewLine {
                    halves: [segs, Vec::new()],
                    owner: [None, owner],
                    full_width: false,
                });
            }
            for (side, offset) in [(Side::Benefits, body_start), (Side::Risks, risks_start)] {
                for p in placed[side.index()].iter_mut().filter(|p| p.topic == t) {
                    p.rows = offset + p.rows.start..offset + p.rows.end;
                }
            }
        }
    }
    ViewLayout {
        side_by_side,
        half_width,
        lines,
        placed,
        topic_starts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_the_emphasised_clause_whole() {
        let text =
            "Rapid relief within hours, but dissociation and nausea are common for many patients.";
        let start = text.find("but").unwrap();
        let range = start..text.len();
        for width in [8, 15, 23, 40, 200] {
            let lines = wrap_styled(text, Some(range.clone()), width, "  ", Look::Text);
            let emphasised: Vec<&str> = lines
                .iter()
                .flatten()
                .filter(|s| s.look == Look::Emphasis)
                .map(|s| s.text.as_str())
                .collect();
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            assert_eq!(
                squeeze(&emphasised.concat()),
                squeeze(&text[range.clone()]),
                "width {width}"
            );
            for line in &lines {
                assert!(width_of(line) <= width.max(3), "width {width}: {line:?}");
            }
        }
    }

    #[test]
    fn the_balance_bar_shows_a_lone_risk_or_benefit() {
        assert_eq!(balance(3, 1, 10), (8, 2));
        assert_eq!(balance(20, 1, 10), (9, 1));
        assert_eq!(balance(1, 20, 10), (1, 9));
        assert_eq!(balance(0, 4, 10), (0, 10));
        assert_eq!(balance(5, 0, 10), (10, 0));
        assert_eq!(balance(0, 0, 10), (0, 0));
        assert_eq!(balance(2, 2, 1), (1, 0));
    }
}
