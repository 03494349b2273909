//! The text pane: the visible slice of the current source's cached layout, in a centred
//! column. Never re-wraps or copies the document: it borrows the lines on screen.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::theme::Theme;
use crate::app::search::{locate, Located};
use crate::app::{geometry, Pane, State};
use crate::layout::{Kind, LaidLine};
use crate::sanitize::display_line;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn render(state: &State, frame: &mut Frame, outer: Rect, theme: Theme) {
    super::framed(state, frame, outer, Pane::Text, " 3 Text ", theme);
    // The id `dossier show` takes, on the border where it is out of the way.
    let id = format!(" {} ", display_line(&state.source().id));
    if id.width() + " 3 Text ".len() + 4 <= usize::from(outer.width) {
        let right = Line::from(Span::styled(id, theme.secondary())).right_aligned();
        frame.render_widget(
            Paragraph::new(right),
            Rect {
                x: outer.x + 1,
                width: outer.width.saturating_sub(3),
                height: 1,
                ..outer
            },
        );
    }
    let column = geometry::text_column(outer, state.settings.max_width);
    if column.is_empty() {
        return;
    }
    let laid = state.layout_at(state.source_index(), usize::from(column.width));
    let highlight = state
        .highlight
        .as_ref()
        .filter(|h| h.source == state.source_index());
    // A search hit: its sentence and matched characters rather than whole lines.
    let located: Option<Located> = highlight
        .and(state.search.mark.as_ref())
        .filter(|m| m.source == state.source_index())
        .and_then(|m| locate(&laid, m))
        .filter(|l| highlight.is_some_and(|h| h.lines.contains(&l.block_line)));
    let ascii = state.settings.ascii;
    let visible = laid
        .lines
        .iter()
        .skip(state.top())
        .take(usize::from(column.height));
    for (slot, laid_line) in visible.enumerate() {
        let spans: Vec<Span> = laid_line
            .segments
            .iter()
            .map(|segment| {
                let style = theme.kind(segment.kind);
                match segment.kind {
                    Kind::Rule | Kind::Bullet if ascii => {
                        Span::styled(to_ascii(&segment.text), style)
                    }
                    _ => Span::styled(segment.text.as_str(), style),
                }
            })
            .collect();
        let row = Rect {
            y: column.y + slot as u16,
            height: 1,
            ..column
        };
        // Straight into the buffer: a Paragraph per row would run its truncation machinery
        // for a line already wrapped to fit.
        super::row::put_line(frame.buffer_mut(), row, &Line::from(spans));
        let index = state.top() + slot;
        match &located {
            Some(found) => {
                let cells = |runs: &[(usize, std::ops::Range<usize>)]| -> Vec<Rect> {
                    runs.iter()
                        .filter(|(line, _)| *line == index)
                        .map(|(_, chars)| cells(laid_line, chars, row))
                        .collect()
                };
                for area in cells(&found.unit) {
                    frame.buffer_mut().set_style(area, theme.highlight());
                }
                for area in cells(&found.matched) {
                    frame
                        .buffer_mut()
                        .set_style(area, theme.matched_in_highlight());
                }
            }
            None => {
                if highlight.is_some_and(|h| h.lines.contains(&laid_line.source_line)) {
                    frame.buffer_mut().set_style(row, theme.highlight());
                }
            }
        }
    }
}

/// The screen cells of chars `chars` of a laid line drawn in `row` (clipped to it).
fn cells(line: &LaidLine, chars: &std::ops::Range<usize>, row: Rect) -> Rect {
    let mut x = 0usize;
    let mut width = 0usize;
    let mut at = 0usize;
    for segment in &line.segments {
        for c in segment.text.chars() {
            let w = c.width().unwrap_or(0);
            if at < chars.start {
                x += w;
            } else if at < chars.end {
                width += w;
            }
            at += 1;
        }
    }
    let x = u16::try_from(x).unwrap_or(u16::MAX).min(row.width);
    Rect {
        x: row.x + x,
        width: u16::try_from(width).unwrap_or(u16::MAX).min(row.width - x),
        ..row
    }
}

/// The layout's rule and bullet characters in ASCII, for `--ascii` (same widths).
fn to_ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '─' => '-',
            '•' => '*',
            '│' => '|',
            other => other,
        })
        .collect()
}
