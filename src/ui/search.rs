//! The search overlay: the query line with its cursor, a status line, and the hits grouped
//! by source then section with the matched characters highlighted. Draws `State::search`
//! by reference; every piece of file text (titles, snippets) goes through `sanitize`.

use std::ops::Range;

use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::theme::{Theme, ASCII_BORDER};
use super::{fit, list_hints};
use crate::app::search::{self, LineInput, Row, SearchState, HEADER_ROWS};
use crate::app::State;
use crate::sanitize::display_line;
use crate::search::{snippet, Index};
use crate::wording::count;

const PROMPT: &str = "/ ";

pub fn render(state: &State, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(inner) = popup(
        frame,
        search::overlay_area(area),
        " Search ",
        &list_hints(state.settings.ascii, "go", "back"),
        theme,
        state.settings.ascii,
    ) else {
        return;
    };
    let search = &state.search;
    render_input(&search.input, frame, row_at(inner, 0));
    if inner.height > 1 {
        render_status(search, state, frame, row_at(inner, 1), theme);
    }
    if inner.height > HEADER_ROWS {
        let list = Rect {
            y: inner.y + HEADER_ROWS,
            height: inner.height - HEADER_ROWS,
            ..inner
        };
        render_list(state, frame, list, theme);
    }
}

/// A bordered popup at `area` (cleared first) with a title and, when they fit, key hints
/// along its bottom; returns the room inside it, None when there is none.
pub(super) fn popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    hints: &str,
    theme: Theme,
    ascii: bool,
) -> Option<Rect> {
    if area.width < 3 || area.height < 3 {
        return None;
    }
    let room = usize::from(area.width.saturating_sub(2));
    let mut block = Block::bordered()
        .title(Line::from(title.to_string()))
        .padding(Padding::horizontal(1))
        .border_style(theme.border(true));
    if hints.width() <= room {
        block = block.title_bottom(Line::from(hints.to_string()));
    }
    if ascii {
        block = block.border_set(ASCII_BORDER);
    }
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    (!inner.is_empty()).then_some(inner)
}

pub(super) fn row_at(area: Rect, n: u16) -> Rect {
    Rect {
        y: area.y + n,
        height: 1,
        ..area
    }
}

/// The query with the terminal's cursor in it, scrolled sideways when it is too long.
pub(super) fn render_input(input: &LineInput, frame: &mut Frame, row: Rect) {
    let text = input.text();
    let shown = display_line(text);
    let before: String = text.chars().take(input.cursor()).collect();
    let before = display_line(&before).width();
    let room = usize::from(row.width).saturating_sub(PROMPT.width() + 1);
    let offset = before.saturating_sub(room);
    let line = Line::from(vec![
        Span::styled(PROMPT, Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(shown),
    ]);
    let offset16 = u16::try_from(offset).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(line).scroll((0, offset16)), row);
    let x = PROMPT.width() + before - offset;
    if x < usize::from(row.width) {
        frame.set_cursor_position(Position::new(row.x + x as u16, row.y));
    }
}

fn render_status(search: &SearchState, state: &State, frame: &mut Frame, row: Rect, theme: Theme) {
    let width = usize::from(row.width);
    let mut spans: Vec<Span> = Vec::new();
    if search.failed {
        spans.push(Span::styled(
            "search stopped working (internal error)",
            theme.notice(),
        ));
    } else if search.index.is_none() {
        spans.push(Span::styled("indexing…", theme.secondary()));
    } else if let Some(error) = &search.error {
        spans.push(Span::styled(
            display_line(error).into_owned(),
            theme.notice(),
        ));
        if let Some(shown) = &search.shown {
            spans.push(Span::styled(
                format!(" · showing '{}'", display_line(&shown.query)),
                theme.secondary(),
            ));
        }
    } else if search.input.text().trim().is_empty() {
        spans.push(Span::styled(
            "type to search: words in any order · 'exact ^start end$ !not a | b",
            theme.secondary(),
        ));
    } else if let Some(shown) = &search.shown {
        let sources = shown
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Source(_)))
            .count();
        let counted = match shown.hits.len() {
            0 => "no hits".to_string(),
            1 => "1 hit".to_string(),
            n if shown.total > n => format!("best {n} of {} hits", shown.total),
            n => format!("{n} hits"),
        };
        let mut text = match &shown.loosened {
            Some(loose) => format!(
                "nothing for all of it; {counted} for {}",
                display_line(loose)
            ),
            None => counted,
        };
        if sources > 0 {
            text.push_str(&format!(" in {}", count(sources, "source")));
        }
        if search.is_searching() {
            text.push_str(" · searching…");
        }
        spans.push(Span::styled(text, theme.secondary()));
    } else if search.is_searching() {
        spans.push(Span::styled("searching…", theme.secondary()));
    }
    let line = Line::from(spans);
    let line = if line.width() > width {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        Line::from(fit(&text, width, state.settings.ascii).into_owned())
    } else {
        line
    };
    frame.render_widget(Paragraph::new(line), row);
}

fn render_list(state: &State, frame: &mut Frame, list: Rect, theme: Theme) {
    let search = &state.search;
    let (Some(shown), Some(index)) = (&search.shown, &search.index) else {
        return;
    };
    let width = usize::from(list.width);
    let ascii = state.settings.ascii;
    let selected_row = shown.row_of(search.selected);
    let rows = shown
        .rows
        .iter()
        .enumerate()
        .skip(search.scroll)
        .take(usize::from(list.height));
    for (slot, (n, row)) in rows.enumerate() {
        let area = row_at(list, slot as u16);
        let line = match *row {
            Row::Source(source) => {
                let title = state
                    .corpus
                    .sources
                    .get(source)
                    .map_or("", |s| s.title.as_str());
                let title = display_line(title);
                Line::from(Span::styled(
                    fit(&title, width, ascii).into_owned(),
                    Style::default().add_modifier(Modifier::BOLD),
                ))
            }
            Row::Section { source, section } => {
                let title = index
                    .section_title(source, section)
                    .unwrap_or("(introduction)");
                let title = format!("  {}", display_line(title));
                Line::from(Span::styled(
                    fit(&title, width, ascii).into_owned(),
                    theme.secondary(),
                ))
            }
            Row::Hit(hit) => hit_line(index, &shown.hits[hit], width, theme),
        };
        frame.render_widget(Paragraph::new(line), area);
        if Some(n) == selected_row {
            frame.buffer_mut().set_style(area, theme.selected(true));
        }
    }
}

/// `  line  snippet`, the snippet cut to the row and its matched chars styled.
fn hit_line(index: &Index, hit: &crate::search::Hit, width: usize, theme: Theme) -> Line<'static> {
    let number = format!("{:>6}  ", hit.line);
    let room = width.saturating_sub(number.width());
    // `snippet` may add an ellipsis at each end of the chars it keeps.
    let cut = snippet(index, hit, room.saturating_sub(1));
    let mut spans = vec![Span::styled(number, theme.secondary())];
    let chars: Vec<char> = cut.text.chars().collect();
    let mut at = 0;
    let push = |range: Range<usize>, style: Style, spans: &mut Vec<Span<'static>>| {
        let range = range.start.min(chars.len())..range.end.min(chars.len());
        if range.is_empty() {
            return;
        }
        let piece: String = chars[range].iter().collect();
        spans.push(Span::styled(display_line(&piece).into_owned(), style));
    };
    for range in &cut.highlights {
        push(at..range.start, Style::default(), &mut spans);
        push(range.clone(), theme.matched(), &mut spans);
        at = range.end;
    }
    push(at..chars.len(), Style::default(), &mut spans);
    Line::from(spans)
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
