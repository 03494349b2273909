//! The help overlay, generated from the keymap tables (every binding, nothing hand-listed).

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::theme::{Theme, ASCII_BORDER};
use crate::app::keymap::HelpEntry;
use crate::app::{search, Mode, State};

fn rows(entries: &[HelpEntry], ascii: bool) -> Vec<(String, &'static str)> {
    entries
        .iter()
        .map(|e| {
            let keys: Vec<String> = e.keys.iter().map(|k| k.label(ascii)).collect();
            (keys.join(" "), e.action.describe())
        })
        .collect()
}

pub fn render(state: &State, scroll: usize, frame: &mut Frame, area: Rect, theme: Theme) {
    let ascii = state.settings.ascii;
    let reader = rows(&state.keymap.help_entries(Mode::Reader), ascii);
    let help = rows(&state.keymap.help_entries(Mode::Help), ascii);
    let searching: Vec<(String, &'static str)> = state
        .keymap
        .help_entries(Mode::Search)
        .iter()
        .map(|e| {
            let keys: Vec<String> = e.keys.iter().map(|k| k.label(ascii)).collect();
            (keys.join(" "), search::describe(e.action))
        })
        .collect();
    let compare: Vec<(String, &'static str)> = state
        .keymap
        .help_entries(Mode::Compare)
        .iter()
        .zip(rows(&state.keymap.help_entries(Mode::Compare), ascii))
        .map(|(entry, (keys, _))| (keys, entry.action.describe_in(Mode::Compare)))
        .collect();
    let key_width = reader
        .iter()
        .chain(&help)
        .chain(&searching)
        .chain(&compare)
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(0)
        .min(24);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = Vec::new();
    let row = |keys: &str, what: &'static str| {
        let pad = key_width.saturating_sub(keys.width());
        Line::from(vec![
            Span::styled(format!(" {keys}{} ", " ".repeat(pad)), bold),
            Span::raw(what),
        ])
    };
    for (keys, what) in &reader {
        lines.push(row(keys, what));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        " In the search box (other keys type):",
        theme.secondary(),
    )));
    for (keys, what) in &searching {
        lines.push(row(keys, what));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        " In the risks and benefits view (r):",
        theme.secondary(),
    )));
    for (keys, what) in &compare {
        lines.push(row(keys, what));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        " In this help:",
        theme.secondary(),
    )));
    for (keys, what) in &help {
        // In the help table Back and ToggleHelp both just close it.
        let what = match *what {
            "close overlay or notice · go back" | "this help" => "close help",
            other => other,
        };
        lines.push(row(keys, what));
    }
    let width = (key_width as u16 + 40).min(area.width.saturating_sub(2));
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    if width < 3 || height < 3 {
        return;
    }
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let more = lines.len().saturating_sub(scroll.min(lines.len())) > usize::from(height - 2);
    let footer = if more {
        " j/k scroll · Esc close · more below "
    } else {
        " Esc close "
    };
    let mut block = Block::bordered()
        .title(Line::from(" Keys "))
        .title_bottom(Line::from(footer))
        .border_style(theme.border(true));
    if ascii {
        block = block.border_set(ASCII_BORDER);
    }
    frame.render_widget(Clear, popup);
    let scroll = scroll.min(lines.len().saturating_sub(1));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(shown).block(block), popup);
}
