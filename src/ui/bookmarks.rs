//! The bookmark overlays: the note line of a new bookmark, and the list of the corpus's
//! bookmarks. Key hints come from the keymap; all text passes through `sanitize` (notes are
//! typed by the user, titles come from files).

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::fit;
use super::theme::{Theme, ASCII_BORDER};
use crate::app::{Action, Mode, State};
use crate::persist::Position;
use crate::sanitize::display_line;

/// `Enter jump · d delete · Esc close`, from the keys the mode really has.
fn hints(state: &State, mode: Mode, wanted: &[(Action, &str)]) -> String {
    let entries = state.keymap.help_entries(mode);
    let parts: Vec<String> = wanted
        .iter()
        .filter_map(|(action, what)| {
            let entry = entries.iter().find(|e| e.action == *action)?;
            let key = entry.keys.first()?.label(state.settings.ascii);
            Some(format!("{key} {what}"))
        })
        .collect();
    format!(" {} ", parts.join(" · "))
}

fn popup(area: Rect, width: u16, height: u16) -> Option<Rect> {
    let width = width.min(area.width.saturating_sub(2));
    let height = height.min(area.height.saturating_sub(2));
    (width >= 10 && height >= 3).then(|| Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    })
}

fn frame_block<'a>(state: &State, title: String, footer: String, theme: Theme) -> Block<'a> {
    let mut block = Block::bordered()
        .title(Line::from(title))
        .title_bottom(Line::from(footer))
        .border_style(theme.border(true));
    if state.settings.ascii {
        block = block.border_set(ASCII_BORDER);
    }
    block
}

fn place(state: &State, position: &Position) -> (String, bool) {
    let (text, found) = state.describe_position(position);
    (display_line(&text).into_owned(), found)
}

pub fn render_note(
    state: &State,
    note: &str,
    position: &Position,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let Some(rect) = popup(area, 72, 4) else {
        return;
    };
    let inner_width = usize::from(rect.width.saturating_sub(2));
    let (where_, _) = place(state, position);
    let note = display_line(note);
    let label = " Note: ";
    // Show the end of a long note, where the typing happens.
    let room = inner_width.saturating_sub(label.width() + 1);
    let mut shown: &str = &note;
    while shown.width() > room {
        let mut chars = shown.chars();
        chars.next();
        shown = chars.as_str();
    }
    let cursor = Span::styled(" ", Style::default().add_modifier(Modifier::REVERSED));
    let lines = vec![
        Line::from(Span::styled(
            format!(
                " {}",
                fit(&where_, inner_width.saturating_sub(1), state.settings.ascii)
            ),
            theme.secondary(),
        )),
        Line::from(vec![
            Span::styled(label, Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(shown.to_string()),
            cursor,
        ]),
    ];
    let footer = hints(
        state,
        Mode::BookmarkNote,
        &[(Action::Open, "save"), (Action::Back, "cancel")],
    );
    let title = if state.bookmarks.iter().any(|b| b.position == *position) {
        " Edit this bookmark "
    } else {
        " Bookmark this place "
    };
    let block = frame_block(state, title.to_string(), footer, theme);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

pub fn render_list(state: &State, selected: usize, frame: &mut Frame, area: Rect, theme: Theme) {
    let count = state.bookmarks.len();
    let height = u16::try_from(count.max(1))
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let Some(rect) = popup(area, 90, height) else {
        return;
    };
    let inner_height = usize::from(rect.height - 2);
    let inner_width = usize::from(rect.width.saturating_sub(2));
    let ascii = state.settings.ascii;
    let mut lines: Vec<Line> = Vec::new();
    if count == 0 {
        let mark = hints(
            state,
            Mode::Reader,
            &[(Action::Bookmark, "bookmarks this place")],
        );
        lines.push(Line::from(Span::styled(
            format!(" No bookmarks yet:{mark}"),
            theme.secondary(),
        )));
    }
    let offset = selected.saturating_sub(inner_height.saturating_sub(1));
    for (index, bookmark) in state
        .bookmarks
        .iter()
        .enumerate()
        .skip(offset)
        .take(inner_height)
    {
        let (where_, found) = place(state, &bookmark.position);
        let note = display_line(&bookmark.note);
        let mut spans = Vec::new();
        let mut used = 1;
        spans.push(Span::raw(" "));
        if !note.is_empty() {
            let note = fit(&note, inner_width.saturating_sub(used) / 2, ascii).into_owned();
            used += note.width() + 3;
            spans.push(Span::styled(
                note,
                Style::default().add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::raw(" · "));
        }
        let where_style = if found {
            Style::default()
        } else {
            theme.secondary()
        };
        spans.push(Span::styled(
            fit(&where_, inner_width.saturating_sub(used), ascii).into_owned(),
            where_style,
        ));
        let mut line = Line::from(spans);
        if index == selected {
            line = line.style(theme.selected(true));
        }
        lines.push(line);
    }
    let footer = hints(
        state,
        Mode::Bookmarks,
        &[
            (Action::Open, "jump"),
            (Action::DeleteBookmark, "delete"),
            (Action::Back, "close"),
        ],
    );
    let block = frame_block(state, format!(" Bookmarks ({count}) "), footer, theme);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
