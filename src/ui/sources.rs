//! The sources pane: one row per source (title), plus a second row when there is room: the
//! byline or category, else the rest of a long title, else a readable file name (a bare hash
//! says nothing; the text pane's border names the id of the source shown).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

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
        let two_rows = rows_per_item == 2 && y + 1 < inner.bottom();
        let (title, detail) = entry_rows(source, room, two_rows, ascii);
        let line = Line::from(vec![Span::raw(" "), Span::raw(title)]);
        super::row::put_line(frame.buffer_mut(), row, &line);
        let selected = index == state.source_index();
        if selected {
            frame.buffer_mut().set_style(row, theme.selected(focused));
        }
        if let Some(detail) = detail.filter(|_| two_rows) {
            let row = Rect { y: y + 1, ..row };
            let line = match detail {
                Detail::TitleGoesOn(rest) => Line::from(vec![Span::raw(" "), Span::raw(rest)]),
                Detail::About(about) => Line::from(vec![
                    Span::raw("   "),
                    Span::styled(about, theme.secondary()),
                ]),
            };
            super::row::put_line(frame.buffer_mut(), row, &line);
            if selected {
                frame.buffer_mut().set_style(row, theme.selected(focused));
            }
        }
    }
}

/// What an entry's second row holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Detail {
    /// The rest of a title too long for the first row.
    TitleGoesOn(String),
    /// Byline, category or file name, drawn secondary.
    About(String),
}

/// The entry's first row (the title, cut to `room`) and second row, made safe.
fn entry_rows(
    source: &crate::model::Source,
    room: usize,
    two_rows: bool,
    ascii: bool,
) -> (String, Option<Detail>) {
    let title = display_line(&source.title);
    let about = source
        .byline
        .as_deref()
        .or(source.category.as_deref())
        .map(|d| fit(&display_line(d), room.saturating_sub(2), ascii).into_owned());
    if let Some(about) = about {
        return (
            fit(&title, room, ascii).into_owned(),
            Some(Detail::About(about)),
        );
    }
    if two_rows && title.width() > room && room > 0 {
        let lines = textwrap::wrap(&title, room);
        if let [first, rest @ ..] = lines.as_slice() {
            let rest = rest.join(" ");
            return (
                first.to_string(),
                Some(Detail::TitleGoesOn(fit(&rest, room, ascii).into_owned())),
            );
        }
    }
    let name = readable_name(&source.id).map(|name| {
        Detail::About(fit(&display_line(name), room.saturating_sub(2), ascii).into_owned())
    });
    (fit(&title, room, ascii).into_owned(), name)
}

/// The id, unless it is only a hash (`62cb00c47d0ac6d3`, `000_62cb00c47d0ac6d3`): an
/// optional number and separator, then eight or more hex digits.
fn readable_name(id: &str) -> Option<&str> {
    let digits = id.len() - id.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = match id[digits..].strip_prefix(['_', '-', '.']) {
        Some(rest) if digits > 0 => rest,
        _ => id,
    };
    let hash = rest.len() >= 8 && rest.chars().all(|c| c.is_ascii_hexdigit());
    (!hash && !id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_not_a_name() {
        for hash in ["000_62cb00c47d0ac6d3", "62cb00c47d0ac6d3", "12-deadbeef00"] {
            assert_eq!(readable_name(hash), None, "{hash}");
        }
        for name in [
            "sauna-notes",
            "001_intro",
            "cafe",
            "2024_beef_report",
            "deadbeef-notes",
        ] {
            assert_eq!(readable_name(name), Some(name), "{name}");
        }
    }

    #[test]
    fn a_long_title_without_byline_goes_on_to_the_second_row() {
        let text = "Understanding Ketamine Clinics and What Happens at Each Visit\nThe first visit is long.\n";
        let source = crate::model::parse_plain_text("000_62cb00c47d0ac6d3", "x.txt", text);
        assert_eq!(source.byline, None);
        let (first, second) = entry_rows(&source, 30, true, false);
        assert!(first.width() <= 30 && !first.ends_with('…'), "{first}");
        let Some(Detail::TitleGoesOn(rest)) = second else {
            panic!("{second:?}");
        };
        assert!(rest.width() <= 30);
        assert!(format!("{first} {rest}").starts_with("Understanding Ketamine Clinics and"));
        // One row only: the title is cut with an ellipsis, and nothing else is drawn.
        let (first, _) = entry_rows(&source, 30, false, false);
        assert!(first.ends_with('…'));
        // A short title leaves the row to a readable name, and a hash to nobody.
        let short = crate::model::parse_plain_text("notes", "notes.txt", "Sauna\nHot rooms.\n");
        assert_eq!(
            entry_rows(&short, 30, true, false).1,
            Some(Detail::About("notes".into()))
        );
        let hashed = crate::model::parse_plain_text("0_deadbeef99", "x.txt", "Sauna\nHot rooms.\n");
        assert_eq!(entry_rows(&hashed, 30, true, false).1, None);
    }
}
