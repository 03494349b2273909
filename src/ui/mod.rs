//! Draws the reader: `render(&State, &mut Frame)`, one file per pane or overlay.
//! Reads the state by reference and never changes it; no terminal I/O here (that is `tui`).

mod bookmarks;
mod compare;
mod help;
mod row;
mod search;
mod source_picker;
mod sources;
mod status;
mod text;
pub mod theme;
mod tree;

use std::borrow::Cow;

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::app::{geometry, Arrangement, Geometry, Overlay, Pane, State};
use theme::{Theme, ASCII_BORDER};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Draws the whole screen for `state` into `frame`.
pub fn render(state: &State, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme::for_settings(&state.settings);
    let compare_shown = match state.overlay {
        Some(Overlay::Compare) => true,
        Some(Overlay::Help { .. }) => state.compare.under_help(),
        _ => false,
    };
    if compare_shown {
        compare::render(state, frame, area, theme);
        if let Some(view) = state.compare.view() {
            if let Some(picker) = view.picker() {
                source_picker::render(view, picker, frame, area, theme, state.settings.ascii);
            }
        }
        if let Some(Overlay::Help { scroll }) = &state.overlay {
            help::render(state, *scroll, frame, area, theme);
        }
        return;
    }
    let geometry = Geometry::compute(
        area,
        state.focus,
        state.notice.is_some(),
        state.corpus.sources.len(),
    );
    if geometry.arrangement == Arrangement::TooSmall {
        if area.width > 0 && area.height > 0 {
            let row = Rect { height: 1, ..area };
            frame.render_widget(Paragraph::new("terminal too small"), row);
        }
        return;
    }
    if let Some(outer) = geometry.tree {
        tree::render(state, frame, outer, theme);
    }
    if let Some(outer) = geometry.text {
        text::render(state, frame, outer, theme);
    }
    if let Some(outer) = geometry.sources {
        if geometry.sources_popup {
            frame.render_widget(Clear, outer);
        }
        sources::render(state, frame, outer, theme);
    }
    if let Some(row) = geometry.notice {
        status::render_notice(state, frame, row, theme);
    }
    status::render_status(state, frame, geometry.status, theme);
    match &state.overlay {
        Some(Overlay::Help { scroll }) => help::render(state, *scroll, frame, area, theme),
        Some(Overlay::Bookmarks { selected }) => {
            bookmarks::render_list(state, *selected, frame, area, theme)
        }
        Some(Overlay::BookmarkNote { note, position }) => {
            bookmarks::render_note(state, note, position, frame, area, theme)
        }
        Some(Overlay::Search) => search::render(state, frame, area, theme),
        Some(Overlay::Compare) | None => {}
    }
}

/// A pane's frame: border (ASCII with `--ascii`), numbered title, focus colour.
fn pane_block<'a>(state: &State, pane: Pane, title: &'a str, theme: Theme) -> Block<'a> {
    let focused = state.focus == pane;
    let mut block = Block::bordered()
        .border_style(theme.border(focused))
        .title(Line::from(title));
    if state.settings.ascii {
        block = block.border_set(ASCII_BORDER);
    }
    if focused {
        block = block.title_style(theme.border(true));
    }
    block
}

/// The inside of a pane after drawing its frame.
fn framed(
    state: &State,
    frame: &mut Frame,
    outer: Rect,
    pane: Pane,
    title: &str,
    theme: Theme,
) -> Rect {
    frame.render_widget(pane_block(state, pane, title, theme), outer);
    geometry::inner(outer)
}

/// `text` cut to `width` columns, ending in an ellipsis when something was cut.
/// Between items of a line: a middle dot, or a comma with `--ascii`.
fn separator(ascii: bool) -> &'static str {
    if ascii {
        ", "
    } else {
        " · "
    }
}

/// The key hints of a list popup: moving, what Enter does, what Esc does.
fn list_hints(ascii: bool, enter: &str, esc: &str) -> String {
    let arrows = if ascii { "Up/Down" } else { "↑↓" };
    let sep = separator(ascii);
    format!(" {arrows} move{sep}Enter {enter}{sep}Esc {esc} ")
}

fn fit(text: &str, width: usize, ascii: bool) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    let ellipsis = if ascii { "~" } else { "…" };
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push_str(ellipsis);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod compare_tests;
#[cfg(test)]
mod test_screen;
#[cfg(test)]
mod tests;
