//! One row of styled text straight into the buffer, as `Buffer::set_line` writes it, with a
//! fast path for printable ASCII: every pane's rows go through here on every frame.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

/// Writes `line` at the start of `row`, cut at its width; cells past the text are left alone.
/// Printable ASCII is one grapheme of width one per byte, so it skips the grapheme
/// segmentation and width lookups `set_line` runs on every character (most of a frame's
/// text); anything else goes through `set_stringn`, as before.
pub(super) fn put_line(buf: &mut Buffer, row: Rect, line: &Line) {
    let right = row.right().min(buf.area.right());
    let mut x = row.x;
    for span in line {
        if x >= right {
            break;
        }
        let text = span.content.as_ref();
        let style = line.style.patch(span.style);
        if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            for byte in text.bytes().take(usize::from(right - x)) {
                if let Some(cell) = buf.cell_mut((x, row.y)) {
                    cell.set_char(char::from(byte)).set_style(style);
                }
                x += 1;
            }
        } else {
            x = buf
                .set_stringn(x, row.y, text, usize::from(right - x), style)
                .0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::text::Span;

    fn styled(parts: &[(String, u8)]) -> Line<'static> {
        let styles = [
            Style::default(),
            Style::default().fg(Color::Red),
            Style::default().add_modifier(Modifier::BOLD),
            Style::default()
                .bg(Color::Blue)
                .remove_modifier(Modifier::BOLD),
        ];
        Line::from(
            parts
                .iter()
                .map(|(text, style)| Span::styled(text.clone(), styles[usize::from(*style) % 4]))
                .collect::<Vec<_>>(),
        )
        .style(Style::default().add_modifier(Modifier::ITALIC))
    }

    /// What `set_line` leaves, over a buffer that already holds other, styled text (so that
    /// removed modifiers and patched colours show) and does not start at the origin.
    fn both(line: &Line, row: Rect) -> (Buffer, Buffer) {
        let area = Rect::new(AREA_X, 0, 12, 3);
        let mut filler = ratatui::buffer::Cell::new("x");
        filler.set_style(
            Style::default()
                .fg(Color::Green)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        );
        let mut ours = Buffer::filled(area, filler);
        let mut theirs = ours.clone();
        put_line(&mut ours, row, line);
        theirs.set_line(row.x, row.y, line, row.width);
        (ours, theirs)
    }

    const AREA_X: u16 = 3;

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn writes_what_set_line_writes(
            parts in prop::collection::vec(("[a-z .,!~]{0,6}|[a-zé漢\u{301}\t ]{0,4}", 0u8..4), 0..5),
            x in 0u16..12,
            width in 0u16..16,
            y in 0u16..3,
        ) {
            let line = styled(&parts);
            // Rows may run past the buffer's right edge: both cut there.
            let row = Rect::new(AREA_X + x, y, width, 1);
            let (ours, theirs) = both(&line, row);
            prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn ascii_and_wide_text_are_cut_at_the_row_like_set_line() {
        for text in [
            "plain words here",
            "漢字 and ascii",
            "e\u{301}cole",
            "tab\there",
        ] {
            let line = styled(&[(text.to_string(), 1), ("tail".to_string(), 2)]);
            let (ours, theirs) = both(&line, Rect::new(AREA_X + 2, 1, 7, 1));
            assert_eq!(ours, theirs, "{text}");
            assert_ne!(
                ours[(AREA_X + 2, 1)].symbol(),
                "x",
                "{text}: nothing written"
            );
        }
    }
}
