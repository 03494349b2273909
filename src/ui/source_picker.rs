//! The risks view's source picker: the query line, how many sources match, and the list of
//! badges and titles with the selection. Titles are file text: they go through `sanitize`.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::search::{popup, render_input, row_at};
use super::theme::Theme;
use super::{fit, list_hints};
use crate::app::compare_view::CompareView;
use crate::app::source_picker::{self, Choice, SourcePicker, HEADER_ROWS};
use crate::sanitize::display_line;
use crate::wording::count;

pub fn render(
    view: &CompareView,
    picker: &SourcePicker,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    ascii: bool,
) {
    let Some(inner) = popup(
        frame,
        source_picker::area(area),
        " Show which source? ",
        &list_hints(ascii, "show", "cancel"),
        theme,
        ascii,
    ) else {
        return;
    };
    render_input(&picker.input, frame, row_at(inner, 0));
    let width = usize::from(inner.width);
    let total = view.badges().len();
    let sources = |n: usize| count(n, "source");
    if inner.height > 1 {
        let found = picker
            .matches()
            .iter()
            .filter(|c| matches!(c, Choice::Source(_)))
            .count();
        let status = if picker.input.text().trim().is_empty() {
            format!("{}: type to narrow by title or badge", sources(total))
        } else if found == 0 {
            format!("no source matches (of {total})")
        } else {
            format!("{found} of {}", sources(total))
        };
        frame.render_widget(
            Paragraph::new(Span::styled(
                fit(&status, width, ascii).into_owned(),
                theme.secondary(),
            )),
            row_at(inner, 1),
        );
    }
    let rows = usize::from(inner.height.saturating_sub(HEADER_ROWS));
    let top = picker.top(rows);
    for (n, choice) in picker.matches().iter().skip(top).take(rows).enumerate() {
        let text = match *choice {
            Choice::All => format!("All ({})", sources(total)),
            Choice::Source(i) => format!(
                "[{}] {}",
                view.badges().get(i).map_or("", String::as_str),
                display_line(view.title(i))
            ),
        };
        let selected = top + n == picker.selected();
        let marker = if selected { "> " } else { "  " };
        let line = fit(&format!("{marker}{text}"), width, ascii).into_owned();
        let style = if selected {
            theme.selected(true)
        } else {
            ratatui::style::Style::default()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(line, style)),
            row_at(inner, HEADER_ROWS + n as u16),
        );
    }
}
