//! Test helpers shared by the rendering tests: draw a State through ratatui's TestBackend and
//! read the screen back as text.

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

use super::render;
use crate::app::{update, Action, State};

/// Resizes the state to `width` x `height` and draws one frame.
pub fn draw(state: &mut State, width: u16, height: u16) -> Buffer {
    update(state, Action::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| render(state, frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// The buffer's symbols, a line per row, trailing spaces trimmed.
pub fn text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut row = String::new();
        for x in 0..buffer.area.width {
            row.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

/// One frame at `width` x `height`, as text.
pub fn screen(state: &mut State, width: u16, height: u16) -> String {
    text(&draw(state, width, height))
}
