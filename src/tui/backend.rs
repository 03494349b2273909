//! The ratatui backend the reader draws through: crossterm's, except that the cells of a frame
//! go straight into the frame's bytes. Crossterm formats every cursor move and every cell's
//! text through `fmt::Write`, a few hundred instructions a cell, which was a third of the
//! first frame's drawing; the bytes written are the same (a test compares them). The size is
//! the one the event loop last read (crossterm's would open /dev/tty on every draw);
//! everything else but `draw` is crossterm's own.

use std::io;

use crossterm::queue;
use crossterm::style::{
    Attribute, Color as CrosstermColor, Colors, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor, SetUnderlineColor,
};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

use super::FrameBuffer;

/// Writes into a [`FrameBuffer`]; see the module's note.
pub(super) struct FrameBackend {
    crossterm: CrosstermBackend<FrameBuffer>,
    frame: FrameBuffer,
    /// The terminal's size as last told by the event loop: ratatui asks for it on every
    /// draw, and crossterm would open /dev/tty each time to ask the kernel.
    size: Size,
}

impl FrameBackend {
    pub(super) fn new(frame: FrameBuffer, size: Size) -> FrameBackend {
        FrameBackend {
            crossterm: CrosstermBackend::new(frame.clone()),
            frame,
            size,
        }
    }

    /// Records a new terminal size (after SIGWINCH); the next draw resizes to it.
    pub(super) fn set_size(&mut self, size: Size) {
        self.size = size;
    }
}

/// `CSI row ; column H`, 1-based, as crossterm's `MoveTo` writes it.
fn move_to(out: &mut Vec<u8>, x: u16, y: u16) {
    out.extend_from_slice(b"\x1b[");
    push_number(out, u32::from(y) + 1);
    out.push(b';');
    push_number(out, u32::from(x) + 1);
    out.push(b'H');
}

fn push_number(out: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The attributes that take the terminal from `from` to `to`, in the order ratatui's
/// crossterm backend writes them (bold and dim share one reset, so both are set again).
fn queue_modifiers(out: &mut Vec<u8>, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    let added = to - from;
    let mut set = |attribute| queue!(out, SetAttribute(attribute));
    if removed.contains(Modifier::REVERSED) {
        set(Attribute::NoReverse)?;
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        set(Attribute::NormalIntensity)?;
        if to.contains(Modifier::DIM) {
            set(Attribute::Dim)?;
        }
        if to.contains(Modifier::BOLD) {
            set(Attribute::Bold)?;
        }
    }
    let undone = [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
        (
            Modifier::SLOW_BLINK | Modifier::RAPID_BLINK,
            Attribute::NoBlink,
        ),
    ];
    for (modifier, attribute) in undone {
        if removed.intersects(modifier) {
            set(attribute)?;
        }
    }
    let done = [
        (Modifier::REVERSED, Attribute::Reverse, true),
        (Modifier::BOLD, Attribute::Bold, !reset_intensity),
        (Modifier::ITALIC, Attribute::Italic, true),
        (Modifier::UNDERLINED, Attribute::Underlined, true),
        (Modifier::DIM, Attribute::Dim, !reset_intensity),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut, true),
        (Modifier::HIDDEN, Attribute::Hidden, true),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink, true),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink, true),
    ];
    for (modifier, attribute, wanted) in done {
        if wanted && added.contains(modifier) {
            set(attribute)?;
        }
    }
    Ok(())
}

impl Backend for FrameBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut out = self.frame.bytes.borrow_mut();
        let out: &mut Vec<u8> = &mut out;
        let mut fg = Color::Reset;
        let mut bg = Color::Reset;
        let mut underline = Color::Reset;
        let mut modifier = Modifier::empty();
        let mut last: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            if !matches!(last, Some((lx, ly)) if x == lx + 1 && y == ly) {
                move_to(out, x, y);
            }
            last = Some((x, y));
            if cell.modifier != modifier {
                queue_modifiers(out, modifier, cell.modifier)?;
                modifier = cell.modifier;
            }
            if cell.fg != fg || cell.bg != bg {
                let colors = Colors::new(cell.fg.into_crossterm(), cell.bg.into_crossterm());
                queue!(out, SetColors(colors))?;
                fg = cell.fg;
                bg = cell.bg;
            }
            if cell.underline_color != underline {
                queue!(
                    out,
                    SetUnderlineColor(cell.underline_color.into_crossterm())
                )?;
                underline = cell.underline_color;
            }
            out.extend_from_slice(cell.symbol().as_bytes());
        }
        queue!(
            out,
            SetForegroundColor(CrosstermColor::Reset),
            SetBackgroundColor(CrosstermColor::Reset),
            SetUnderlineColor(CrosstermColor::Reset),
            SetAttribute(Attribute::Reset),
        )
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.crossterm.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.crossterm.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.crossterm.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.crossterm.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.crossterm.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.crossterm.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.crossterm.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.crossterm.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.crossterm)
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use super::*;

    /// What each backend writes for the cells that differ between two buffers.
    fn both(before: &Buffer, after: &Buffer) -> (Vec<u8>, Vec<u8>) {
        let ours = FrameBuffer::default();
        FrameBackend::new(ours.clone(), before.area.as_size())
            .draw(before.diff(after).into_iter())
            .unwrap();
        let theirs = FrameBuffer::default();
        CrosstermBackend::new(theirs.clone())
            .draw(before.diff(after).into_iter())
            .unwrap();
        let ours = ours.bytes.borrow().clone();
        let theirs = theirs.bytes.borrow().clone();
        (ours, theirs)
    }

    #[test]
    fn a_draw_takes_the_size_last_set_without_asking_the_terminal() {
        let mut terminal =
            ratatui::Terminal::new(FrameBackend::new(FrameBuffer::default(), Size::new(10, 4)))
                .unwrap();
        let drawn =
            |terminal: &mut ratatui::Terminal<FrameBackend>| terminal.draw(|_| {}).unwrap().area;
        assert_eq!(drawn(&mut terminal), Rect::new(0, 0, 10, 4));
        terminal.backend_mut().set_size(Size::new(33, 7));
        assert_eq!(drawn(&mut terminal), Rect::new(0, 0, 33, 7));
        terminal.backend_mut().set_size(Size::new(0, 0));
        assert_eq!(drawn(&mut terminal), Rect::new(0, 0, 0, 0));
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 1234, 65535, u32::MAX] {
            let mut out = Vec::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }

    /// Every modifier pair and a spread of colours, on cells with gaps between them (cursor
    /// moves), wide characters and the empty buffer: the same bytes as crossterm's backend.
    #[test]
    fn writes_the_bytes_crosstermbackend_writes() {
        let area = Rect::new(0, 0, 40, 12);
        let colors = [
            Color::Reset,
            Color::Red,
            Color::LightCyan,
            Color::DarkGray,
            Color::Indexed(208),
            Color::Rgb(12, 200, 255),
        ];
        let modifiers: Vec<Modifier> = (0..=Modifier::all().bits())
            .step_by(7)
            .map(Modifier::from_bits_truncate)
            .collect();
        let mut after = Buffer::empty(area);
        let mut n = 0usize;
        for y in 0..area.height {
            for x in (0..area.width).step_by(1 + y as usize % 3) {
                let style = Style::default()
                    .fg(colors[n % colors.len()])
                    .bg(colors[(n / 3) % colors.len()])
                    .underline_color(colors[(n / 5) % colors.len()])
                    .add_modifier(modifiers[n % modifiers.len()]);
                let text = if n.is_multiple_of(11) { "界" } else { "x" };
                after.set_string(x, y, text, style);
                n += 1;
            }
        }
        let (ours, theirs) = both(&Buffer::empty(area), &after);
        assert!(
            ours.len() > 1000,
            "the test draws little: {} bytes",
            ours.len()
        );
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
        // From a drawn screen back to the empty one, and no change at all.
        let (ours, theirs) = both(&after, &Buffer::empty(area));
        assert_eq!(ours, theirs);
        let (ours, theirs) = both(&after, &after);
        assert_eq!(ours, theirs);
    }
}
