//! The one key → Action table per mode, and its reverse lookup that writes the help overlay.
//! Keys are our own small type so the app never sees the terminal library's events.

use super::action::Action;
use super::Pane;

/// A key the reader understands, independent of how the terminal encoded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    /// A letter pressed with Ctrl (stored lower-case).
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    /// How the help overlay names the key.
    pub fn label(self, ascii: bool) -> String {
        let arrow = |unicode: &str, word: &str| {
            if ascii {
                word.to_string()
            } else {
                unicode.to_string()
            }
        };
        match self {
            Key::Char(' ') => "Space".to_string(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Enter => "Enter".to_string(),
            Key::Esc => "Esc".to_string(),
            Key::Tab => "Tab".to_string(),
            Key::BackTab => "Shift-Tab".to_string(),
            Key::Backspace => "Backspace".to_string(),
            Key::Up => arrow("↑", "Up"),
            Key::Down => arrow("↓", "Down"),
            Key::Left => arrow("←", "Left"),
            Key::Right => arrow("→", "Right"),
            Key::PageUp => "PgUp".to_string(),
            Key::PageDown => "PgDn".to_string(),
            Key::Home => "Home".to_string(),
            Key::End => "End".to_string(),
        }
    }
}

/// Which table applies: the reader itself, or an overlay on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Reader,
    Help,
}

/// The reader's keys, in the order the help overlay lists them.
pub const READER_KEYS: &[(Key, Action)] = &[
    (Key::Char('q'), Action::Quit),
    (Key::Ctrl('c'), Action::Quit),
    (Key::Esc, Action::Back),
    (Key::Tab, Action::FocusNext),
    (Key::BackTab, Action::FocusPrev),
    (Key::Char('1'), Action::Focus(Pane::Sources)),
    (Key::Char('2'), Action::Focus(Pane::Tree)),
    (Key::Char('3'), Action::Focus(Pane::Text)),
    (Key::Char('k'), Action::Up),
    (Key::Up, Action::Up),
    (Key::Char('j'), Action::Down),
    (Key::Down, Action::Down),
    (Key::PageUp, Action::PageUp),
    (Key::Char('b'), Action::PageUp),
    (Key::PageDown, Action::PageDown),
    (Key::Char(' '), Action::PageDown),
    (Key::Ctrl('u'), Action::HalfPageUp),
    (Key::Ctrl('d'), Action::HalfPageDown),
    (Key::Char('g'), Action::Top),
    (Key::Home, Action::Top),
    (Key::Char('G'), Action::Bottom),
    (Key::End, Action::Bottom),
    (Key::Enter, Action::Open),
    (Key::Char('h'), Action::Left),
    (Key::Left, Action::Left),
    (Key::Char('l'), Action::Right),
    (Key::Right, Action::Right),
    (Key::Char(']'), Action::NextSection),
    (Key::Char('['), Action::PrevSection),
    (Key::Char('?'), Action::ToggleHelp),
    (Key::Char('/'), Action::Search),
    (Key::Char('n'), Action::SearchNext),
    (Key::Char('N'), Action::SearchPrev),
    (Key::Char('r'), Action::Compare),
];

/// Keys while the help overlay is open (`q` closes it, as in `less` and `man`).
pub const HELP_KEYS: &[(Key, Action)] = &[
    (Key::Esc, Action::Back),
    (Key::Char('q'), Action::Back),
    (Key::Char('?'), Action::ToggleHelp),
    (Key::Ctrl('c'), Action::Quit),
    (Key::Char('k'), Action::Up),
    (Key::Up, Action::Up),
    (Key::Char('j'), Action::Down),
    (Key::Down, Action::Down),
    (Key::PageUp, Action::PageUp),
    (Key::Char('b'), Action::PageUp),
    (Key::PageDown, Action::PageDown),
    (Key::Char(' '), Action::PageDown),
    (Key::Char('g'), Action::Top),
    (Key::Home, Action::Top),
    (Key::Char('G'), Action::Bottom),
    (Key::End, Action::Bottom),
];

pub fn table(mode: Mode) -> &'static [(Key, Action)] {
    match mode {
        Mode::Reader => READER_KEYS,
        Mode::Help => HELP_KEYS,
    }
}

/// The action bound to `key` in `mode`, if any.
pub fn lookup(mode: Mode, key: Key) -> Option<Action> {
    table(mode)
        .iter()
        .find(|(bound, _)| *bound == key)
        .map(|(_, action)| *action)
}

/// One help row: every key bound to an action, and what the action does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub keys: Vec<Key>,
    pub action: Action,
}

/// The reverse lookup: actions in table order, each with all its keys.
pub fn help_entries(mode: Mode) -> Vec<HelpEntry> {
    let mut entries: Vec<HelpEntry> = Vec::new();
    for (key, action) in table(mode) {
        match entries.iter_mut().find(|e| e.action == *action) {
            Some(entry) => entry.keys.push(*key),
            None => entries.push(HelpEntry {
                keys: vec![*key],
                action: *action,
            }),
        }
    }
    entries
}

/// Rows of the help overlay: the reader's entries, a blank line and a heading, then the
/// help overlay's own entries (`ui::help` draws exactly these).
pub fn help_line_count() -> usize {
    help_entries(Mode::Reader).len() + 2 + help_entries(Mode::Help).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in [Mode::Reader, Mode::Help] {
            let keys = table(mode);
            for (i, (key, _)) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..].iter().any(|(other, _)| other == key),
                    "{key:?} bound twice in {mode:?}"
                );
            }
        }
    }

    #[test]
    fn help_lists_every_binding_once() {
        for mode in [Mode::Reader, Mode::Help] {
            let entries = help_entries(mode);
            let listed: usize = entries.iter().map(|e| e.keys.len()).sum();
            assert_eq!(listed, table(mode).len());
            for (key, action) in table(mode) {
                let entry = entries.iter().find(|e| e.action == *action).unwrap();
                assert!(entry.keys.contains(key));
            }
        }
    }

    #[test]
    fn mandatory_keys_are_bound() {
        let expect = [
            (Key::Char('q'), Action::Quit),
            (Key::Ctrl('c'), Action::Quit),
            (Key::Char('?'), Action::ToggleHelp),
            (Key::Char(']'), Action::NextSection),
            (Key::Char('/'), Action::Search),
            (Key::Char('r'), Action::Compare),
        ];
        for (key, action) in expect {
            assert_eq!(lookup(Mode::Reader, key), Some(action));
        }
        assert_eq!(lookup(Mode::Help, Key::Ctrl('c')), Some(Action::Quit));
    }
}
