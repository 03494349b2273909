//! The status bar (source n/N, section, scroll %, counter, key hints) and the notice line.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::fit;
use super::theme::Theme;
use crate::app::{Action, Mode, Pane, State};
use crate::sanitize::display_line;

const HINTS: &[(Action, &str)] = &[
    (Action::ToggleHelp, "help"),
    (Action::FocusNext, "pane"),
    (Action::NextSection, "next section"),
    (Action::Quit, "quit"),
];
const SHORT_HINTS: &[(Action, &str)] = &[(Action::ToggleHelp, "help"), (Action::Quit, "quit")];
/// Where the sources pane is hidden, the key that shows it comes first.
const HIDDEN_SOURCES_HINTS: &[(Action, &str)] = &[
    (Action::ToggleHelp, "help"),
    (Action::Focus(Pane::Sources), "sources"),
    (Action::NextSection, "next section"),
    (Action::Quit, "quit"),
];
const SHORT_HIDDEN_SOURCES_HINTS: &[(Action, &str)] = &[
    (Action::ToggleHelp, "help"),
    (Action::Focus(Pane::Sources), "sources"),
    (Action::Quit, "quit"),
];

/// `?:help  q:quit `, with the keys the user's keymap really binds.
fn hint_text(state: &State, hints: &[(Action, &str)]) -> String {
    let entries = state.keymap.help_entries(Mode::Reader);
    let mut text = String::new();
    for (action, what) in hints {
        let key = entries
            .iter()
            .find(|e| e.action == *action)
            .and_then(|e| e.keys.first());
        if let Some(key) = key {
            text.push_str(&format!("{}:{what}  ", key.label(state.settings.ascii)));
        }
    }
    if !text.is_empty() {
        text.pop();
    }
    text
}

pub fn render_status(state: &State, frame: &mut Frame, row: Rect, theme: Theme) {
    if row.is_empty() {
        return;
    }
    let count = state.corpus.sources.len();
    let tree = state.tree();
    let section = tree
        .nodes()
        .get(tree.selected_node())
        .map_or("", |n| n.title.as_str());
    let section = if tree.selected_section().is_none() {
        "(introduction)"
    } else {
        section
    };
    let position = format!(" {}/{} · ", (state.source_index() + 1).min(count), count);
    let percent = format!(" · {}% ", state.scroll_percent());
    let counter = state
        .counter
        .map(|(current, total)| format!("[{current}/{total}] "))
        .unwrap_or_default();
    let width = usize::from(row.width);
    let fixed = position.width() + percent.width() + counter.width();
    // Key hints give way first, then the section title is shortened.
    let sources_hidden = state.geometry().sources.is_none();
    let choices: &[&[(Action, &str)]] = if sources_hidden {
        &[
            HIDDEN_SOURCES_HINTS,
            SHORT_HIDDEN_SOURCES_HINTS,
            SHORT_HINTS,
        ]
    } else {
        &[HINTS, SHORT_HINTS]
    };
    let hints = choices
        .iter()
        .map(|hints| hint_text(state, hints))
        .find(|h| fixed + section.width().min(32) + h.width() <= width)
        .unwrap_or_default();
    let section = fit(
        section,
        width.saturating_sub(fixed + hints.width()),
        state.settings.ascii,
    );
    let left = format!("{position}{section}{percent}");
    let gap = width.saturating_sub(left.width() + counter.width() + hints.width());
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(gap)),
        Span::raw(counter),
        Span::raw(hints),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.status()), row);
}

pub fn render_notice(state: &State, frame: &mut Frame, row: Rect, theme: Theme) {
    let Some(notice) = &state.notice else {
        return;
    };
    let width = usize::from(row.width);
    let text = display_line(notice);
    // A notice that goes with the next key needs no instructions; a lasting one says how to
    // hide it when there is room to spare for that.
    let hint = if state.notice_is_transient() {
        ""
    } else {
        "  (Esc hides)"
    };
    let hint = if 1 + text.width().min(40) + hint.width() <= width {
        hint
    } else {
        ""
    };
    let room = width.saturating_sub(1 + hint.width());
    let line = Line::from(vec![
        Span::styled(
            format!(" {}", fit(&text, room, state.settings.ascii)),
            theme.notice(),
        ),
        Span::styled(hint, theme.secondary()),
    ]);
    frame.render_widget(Paragraph::new(line), row);
}
