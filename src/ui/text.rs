//! The text pane: the visible slice of the current source's cached layout, in a centred
//! column. Never re-wraps or copies the document: it borrows the lines on screen.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::theme::Theme;
use crate::app::{geometry, Pane, State};
use crate::layout::Kind;

pub fn render(state: &State, frame: &mut Frame, outer: Rect, theme: Theme) {
    super::framed(state, frame, outer, Pane::Text, " 3 Text ", theme);
    let column = geometry::text_column(outer, state.settings.max_width);
    if column.is_empty() {
        return;
    }
    let laid = state.layout_at(state.source_index(), usize::from(column.width));
    let highlight = state
        .highlight
        .as_ref()
        .filter(|h| h.source == state.source_index());
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
        frame.render_widget(Paragraph::new(Line::from(spans)), row);
        if highlight.is_some_and(|h| h.lines.contains(&laid_line.source_line)) {
            frame.buffer_mut().set_style(row, theme.highlight());
        }
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
