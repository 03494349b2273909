//! Turns the bytes a terminal sends into Keys. Pure: the reading itself happens in `tui`.
//!
//! We read the terminal ourselves instead of through crossterm's event reader because that
//! reader loops without end when the terminal hangs up (read returns 0 or EIO, and it retries),
//! and a reader over SSH must exit then, not spin.

use crate::app::{Action, Key};

/// What the terminal sent: a key, or (with mouse reporting on) a click or a wheel notch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    Mouse(Action),
}

/// Keeps the bytes of a sequence split across two reads until it is complete.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
}

/// A CSI sequence may not run longer than this; anything longer is dropped as garbage.
const MAX_SEQUENCE: usize = 32;

enum Step {
    Key(Key, usize),
    Mouse(Action, usize),
    Skip(usize),
    Incomplete,
}

impl Decoder {
    /// Decodes one read's worth of bytes. A lone ESC at the end of a read is the Esc key:
    /// terminals send a whole escape sequence in one write.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Key> {
        self.feed_inputs(bytes)
            .into_iter()
            .filter_map(|input| match input {
                Input::Key(key) => Some(key),
                Input::Mouse(_) => None,
            })
            .collect()
    }

    /// Decodes one read's worth of bytes into keys and mouse events.
    pub fn feed_inputs(&mut self, bytes: &[u8]) -> Vec<Input> {
        self.pending.extend_from_slice(bytes);
        let buffer = std::mem::take(&mut self.pending);
        let mut keys = Vec::new();
        let mut at = 0;
        while at < buffer.len() {
            match step(&buffer[at..]) {
                Step::Key(key, used) => {
                    keys.push(Input::Key(key));
                    at += used;
                }
                Step::Mouse(action, used) => {
                    keys.push(Input::Mouse(action));
                    at += used;
                }
                Step::Skip(used) => at += used,
                Step::Incomplete => {
                    if buffer.len() - at > MAX_SEQUENCE {
                        break;
                    }
                    self.pending = buffer[at..].to_vec();
                    break;
                }
            }
        }
        keys
    }
}

fn step(bytes: &[u8]) -> Step {
    match bytes[0] {
        0x1b => escape(bytes),
        b'\r' | b'\n' => Step::Key(Key::Enter, 1),
        b'\t' => Step::Key(Key::Tab, 1),
        0x7f | 0x08 => Step::Key(Key::Backspace, 1),
        c @ 0x01..=0x1a => Step::Key(Key::Ctrl(char::from(b'a' + c - 1)), 1),
        0x00..=0x1f => Step::Skip(1),
        _ => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Step {
    let len = match bytes[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return Step::Skip(1),
    };
    if bytes.len() < len {
        return Step::Incomplete;
    }
    match std::str::from_utf8(&bytes[..len]) {
        Ok(text) => match text.chars().next() {
            Some(c) => Step::Key(Key::Char(c), len),
            None => Step::Skip(len),
        },
        Err(_) => Step::Skip(1),
    }
}

fn escape(bytes: &[u8]) -> Step {
    match bytes.get(1) {
        None => Step::Key(Key::Esc, 1),
        Some(b'[') => csi(bytes),
        Some(b'O') => match bytes.get(2) {
            None => Step::Incomplete,
            Some(&last) => match ss3_key(last) {
                Some(key) => Step::Key(key, 3),
                None => Step::Skip(3),
            },
        },
        // ESC then another key (Alt-key, or Esc typed fast): report the Esc, then go on.
        Some(_) => Step::Key(Key::Esc, 1),
    }
}

fn ss3_key(last: u8) -> Option<Key> {
    Some(match last {
        b'A' => Key::Up,
        b'B' => Key::Down,
        b'C' => Key::Right,
        b'D' => Key::Left,
        b'H' => Key::Home,
        b'F' => Key::End,
        _ => return None,
    })
}

fn csi(bytes: &[u8]) -> Step {
    let body = &bytes[2..];
    let Some(end) = body.iter().position(|b| (0x40..=0x7e).contains(b)) else {
        return Step::Incomplete;
    };
    let used = 2 + end + 1;
    let params = &body[..end];
    if let Some(mouse) = params.strip_prefix(b"<") {
        return match sgr_mouse(mouse, body[end]) {
            Some(action) => Step::Mouse(action, used),
            None => Step::Skip(used),
        };
    }
    let first: u32 = params
        .split(|b| *b == b';')
        .next()
        .and_then(|p| std::str::from_utf8(p).ok())
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let key = match body[end] {
        b'Z' => Some(Key::BackTab),
        b'~' => match first {
            1 | 7 => Some(Key::Home),
            4 | 8 => Some(Key::End),
            5 => Some(Key::PageUp),
            6 => Some(Key::PageDown),
            _ => None,
        },
        last => ss3_key(last),
    };
    match key {
        Some(key) => Step::Key(key, used),
        None => Step::Skip(used),
    }
}

/// An SGR mouse report (`CSI < button ; column ; row M`, 1-based cells): a left press is
/// a click, buttons 64 and 65 the wheel. Releases, drags and other buttons are ignored.
fn sgr_mouse(params: &[u8], last: u8) -> Option<Action> {
    let text = std::str::from_utf8(params).ok()?;
    let mut numbers = text.split(';').map(|n| n.parse::<u32>().ok());
    let (button, column, row) = (numbers.next()??, numbers.next()??, numbers.next()??);
    let column = u16::try_from(column.checked_sub(1)?).ok()?;
    let row = u16::try_from(row.checked_sub(1)?).ok()?;
    if last != b'M' {
        return None;
    }
    // Shift, Alt and Ctrl add 4, 8 and 16; they change nothing here.
    match button & !(4 | 8 | 16) {
        0 => Some(Action::Click { column, row }),
        64 => Some(Action::Wheel {
            column,
            row,
            down: false,
        }),
        65 => Some(Action::Wheel {
            column,
            row,
            down: true,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Key> {
        Decoder::default().feed(bytes)
    }

    #[test]
    fn printable_and_control_keys() {
        assert_eq!(
            keys(b"jq?\r\t\x03\x04"),
            vec![
                Key::Char('j'),
                Key::Char('q'),
                Key::Char('?'),
                Key::Enter,
                Key::Tab,
                Key::Ctrl('c'),
                Key::Ctrl('d')
            ]
        );
        assert_eq!(keys("é→".as_bytes()), vec![Key::Char('é'), Key::Char('→')]);
    }

    #[test]
    fn escape_sequences_of_both_styles() {
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[H\x1b[4~\x1b[Z\x1b[1;5C"),
            vec![
                Key::Up,
                Key::Down,
                Key::PageUp,
                Key::PageDown,
                Key::Home,
                Key::End,
                Key::BackTab,
                Key::Right
            ]
        );
    }

    #[test]
    fn a_lone_escape_is_the_esc_key_and_unknown_sequences_vanish() {
        assert_eq!(keys(b"\x1b"), vec![Key::Esc]);
        assert_eq!(keys(b"\x1bq"), vec![Key::Esc, Key::Char('q')]);
        assert_eq!(keys(b"\x1b[200~x"), vec![Key::Char('x')]);
    }

    #[test]
    fn sequences_split_across_reads_are_joined() {
        let mut decoder = Decoder::default();
        assert_eq!(decoder.feed(b"\x1b[6"), vec![]);
        assert_eq!(decoder.feed(b"~j"), vec![Key::PageDown, Key::Char('j')]);
        let bytes = "ü".as_bytes();
        assert_eq!(decoder.feed(&bytes[..1]), vec![]);
        assert_eq!(decoder.feed(&bytes[1..]), vec![Key::Char('ü')]);
    }

    #[test]
    fn garbage_never_stalls_the_decoder() {
        let mut decoder = Decoder::default();
        let mut junk = b"\x1b[".to_vec();
        junk.extend(std::iter::repeat_n(b'1', 100));
        decoder.feed(&junk);
        assert_eq!(decoder.feed(b"\x1b[Bk"), vec![Key::Down, Key::Char('k')]);
        assert_eq!(keys(&[0xff, 0xfe, b'a']), vec![Key::Char('a')]);
    }

    #[test]
    fn sgr_mouse_reports_become_clicks_and_wheel_turns() {
        let inputs = Decoder::default().feed_inputs(
            b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<65;3;4M\x1b[<64;1;1Mj\x1b[<32;2;2M\x1b[<2;2;2M",
        );
        assert_eq!(
            inputs,
            vec![
                Input::Mouse(Action::Click { column: 9, row: 4 }),
                Input::Mouse(Action::Wheel {
                    column: 2,
                    row: 3,
                    down: true
                }),
                Input::Mouse(Action::Wheel {
                    column: 0,
                    row: 0,
                    down: false
                }),
                Input::Key(Key::Char('j')),
            ]
        );
        // Malformed reports vanish without taking the keys after them.
        assert_eq!(
            keys(b"\x1b[<0;0;0M\x1b[<;1M\x1b[<99999999999;1;1Mk"),
            vec![Key::Char('k')]
        );
    }
}
