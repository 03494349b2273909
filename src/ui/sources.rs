//! The sources pane: one row per source (title), plus an id · byline row when there is room.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::fit;
use super::theme::Theme;
use crate::app::{Pane, State};
use crate::sanitize::display_line;

pub fn render(state: &State, frame: &mut Frame, outer: Rect, theme: Theme) {
    let inner = super::framed(state, frame, outer, Pane::Sources, " 1 Sources ", theme);
    if inner.is_empty() {
        return;
    }
    let (rows_per_item, items) = state.sources_rows();
    let focused = state.focus == Pane::Sources;
    let first = state.sources_offset();
    let sources = &state.corpus.sources;
    if sources.is_empty() {
        frame.render_widget(Paragraph::new("(no articles)"), inner);
        return;
    }
    for (slot, index) in (first..sources.len()).take(items).enumerate() {
        let source = &sources[index];
        let y = inner.y + (slot * rows_per_item) as u16;
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        let ascii = state.settings.ascii;
        let room = usize::from(inner.width).saturating_sub(2);
        let title = display_line(&source.title);
        let title = Line::from(vec![Span::raw(" "), Span::raw(fit(&title, room, ascii))]);
        frame.render_widget(Paragraph::new(title), row);
        if index == state.source_index() {
            frame.buffer_mut().set_style(row, theme.selected(focused));
        }
        if rows_per_item == 2 && y + 1 < inner.bottom() {
            // The byline says more to a reader than a file name; the id is the fallback.
            let detail = source
                .byline
                .as_deref()
                .or(source.category.as_deref())
                .unwrap_or(&source.id);
            let detail = display_line(detail);
            let detail = fit(&detail, room.saturating_sub(2), ascii).into_owned();
            let row = Rect { y: y + 1, ..row };
            let line = Line::from(vec![
                Span::raw("   "),
                Span::styled(detail, theme.secondary()),
            ]);
            frame.render_widget(Paragraph::new(line), row);
        }
    }
}
