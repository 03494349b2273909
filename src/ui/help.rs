//! The help overlay, generated from the keymap tables (every binding, nothing hand-listed).

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::theme::{Theme, ASCII_BORDER};
use crate::app::keymap::HelpEntry;
use crate::app::{search, Action, Mode, State};

/// One line of the help: the keys as shown, and what they do.
type HelpRow = (String, &'static str);

fn rows(entries: &[HelpEntry], ascii: bool) -> Vec<HelpRow> {
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
    // Each mode's keys described in that mode's own terms.
    let described = |mode: Mode, describe: &dyn Fn(Action) -> &'static str| {
        let entries = state.keymap.help_entries(mode);
        rows(&entries, ascii)
            .into_iter()
            .zip(&entries)
            .map(|((keys, _), entry)| (keys, describe(entry.action)))
            .collect::<Vec<_>>()
    };
    let searching = described(Mode::Search, &search::describe);
    let compare = described(Mode::Compare, &|action| action.describe_in(Mode::Compare));
    // In the help table Back and ToggleHelp both just close it.
    let help: Vec<HelpRow> = help
        .into_iter()
        .map(|(keys, what)| match what {
            "close overlay or notice · go back" | "this help" => (keys, "close help"),
            _ => (keys, what),
        })
        .collect();
    let sections: [(Option<&str>, &[HelpRow]); 4] = [
        (None, &reader),
        (Some(" In the search box (other keys type):"), &searching),
        (Some(" In the risks and benefits view (r):"), &compare),
        (Some(" In this help:"), &help),
    ];
    let key_width = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(0)
        .min(24);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = Vec::new();
    for (heading, rows) in sections {
        if let Some(heading) = heading {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(heading, theme.secondary())));
        }
        for (keys, what) in rows {
            let pad = key_width.saturating_sub(keys.width());
            lines.push(Line::from(vec![
                Span::styled(format!(" {keys}{} ", " ".repeat(pad)), bold),
                Span::raw(*what),
            ]));
        }
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
    // As `app::help_page` counts: the last page is full, whatever size it was scrolled at.
    let scroll = scroll.min(lines.len().saturating_sub(usize::from(height - 2)));
    let more = lines.len().saturating_sub(scroll) > usize::from(height - 2);
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
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(shown).block(block), popup);
}
