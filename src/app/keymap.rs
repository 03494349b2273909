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
    /// Reads a key as the config file writes it: `q`, `G`, `space`, `ctrl-d`, `shift-tab`,
    /// `pgdn`, `enter`. None for keys the reader cannot receive (function keys, Alt).
    pub fn parse(text: &str) -> Option<Key> {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Some(Key::Char(c));
        }
        let lower = text.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("ctrl-") {
            let mut chars = rest.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => Some(Key::Ctrl(c)),
                _ => None,
            };
        }
        Some(match lower.as_str() {
            "space" => Key::Char(' '),
            "enter" => Key::Enter,
            "esc" => Key::Esc,
            "tab" => Key::Tab,
            "backtab" | "shift-tab" => Key::BackTab,
            "backspace" => Key::Backspace,
            "up" => Key::Up,
            "down" => Key::Down,
            "left" => Key::Left,
            "right" => Key::Right,
            "home" => Key::Home,
            "end" => Key::End,
            "pgup" | "pageup" => Key::PageUp,
            "pgdn" | "pagedown" => Key::PageDown,
            _ => return None,
        })
    }

    /// The key as the config file writes it; `Key::parse` reads it back.
    pub fn config_name(self) -> String {
        match self {
            Key::Char(' ') => "space".to_string(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("ctrl-{c}"),
            Key::Enter => "enter".to_string(),
            Key::Esc => "esc".to_string(),
            Key::Tab => "tab".to_string(),
            Key::BackTab => "shift-tab".to_string(),
            Key::Backspace => "backspace".to_string(),
            Key::Up => "up".to_string(),
            Key::Down => "down".to_string(),
            Key::Left => "left".to_string(),
            Key::Right => "right".to_string(),
            Key::PageUp => "pgup".to_string(),
            Key::PageDown => "pgdn".to_string(),
            Key::Home => "home".to_string(),
            Key::End => "end".to_string(),
        }
    }

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
    /// The risks-and-benefits view.
    Compare,
    /// The search overlay: printable keys not in its table are typed into the query.
    Search,
    /// The risks view's source picker: the search overlay's keys, typing into its query.
    SourcePicker,
    /// The bookmark list.
    Bookmarks,
    /// The note line of a new bookmark: unbound printable keys are typed into it.
    BookmarkNote,
}

impl Mode {
    /// Whether unbound printable keys are typed into an input line in this mode.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::BookmarkNote | Mode::Search | Mode::SourcePicker)
    }
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
    (Key::Char('m'), Action::Bookmark),
    (Key::Char('\''), Action::Bookmarks),
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

/// Keys in the bookmark list.
pub const BOOKMARKS_KEYS: &[(Key, Action)] = &[
    (Key::Enter, Action::Open),
    (Key::Char('k'), Action::Up),
    (Key::Up, Action::Up),
    (Key::Char('j'), Action::Down),
    (Key::Down, Action::Down),
    (Key::Char('g'), Action::Top),
    (Key::Home, Action::Top),
    (Key::Char('G'), Action::Bottom),
    (Key::End, Action::Bottom),
    (Key::Char('d'), Action::DeleteBookmark),
    (Key::Esc, Action::Back),
    (Key::Char('q'), Action::Back),
    (Key::Char('\''), Action::Back),
    (Key::Ctrl('c'), Action::Quit),
];

/// Keys while typing a bookmark's note; other printable keys are typed.
pub const NOTE_KEYS: &[(Key, Action)] = &[
    (Key::Enter, Action::Open),
    (Key::Esc, Action::Back),
    (Key::Backspace, Action::DeleteBack),
    (Key::Ctrl('c'), Action::Quit),
];

/// Keys while the search overlay is open (every other printable key is typed).
pub const SEARCH_KEYS: &[(Key, Action)] = &[
    (Key::Esc, Action::Back),
    (Key::Ctrl('c'), Action::Quit),
    (Key::Enter, Action::Open),
    (Key::Up, Action::Up),
    (Key::Ctrl('p'), Action::Up),
    (Key::Down, Action::Down),
    (Key::Ctrl('n'), Action::Down),
    (Key::PageUp, Action::PageUp),
    (Key::PageDown, Action::PageDown),
    (Key::Backspace, Action::DeleteBack),
    (Key::Ctrl('w'), Action::DeleteWord),
    (Key::Ctrl('u'), Action::ClearInput),
    (Key::Left, Action::CursorLeft),
    (Key::Right, Action::CursorRight),
    (Key::Home, Action::CursorHome),
    (Key::Ctrl('a'), Action::CursorHome),
    (Key::End, Action::CursorEnd),
    (Key::Ctrl('e'), Action::CursorEnd),
];

/// Keys in the risks-and-benefits view (`q`, `Esc` and `r` go back, as in the help; with
/// two columns, `Tab` and `Shift-Tab` both switch).
pub const COMPARE_KEYS: &[(Key, Action)] = &[
    (Key::Esc, Action::Back),
    (Key::Char('q'), Action::Back),
    (Key::Char('r'), Action::Back),
    (Key::Ctrl('c'), Action::Quit),
    (Key::Char('?'), Action::ToggleHelp),
    (Key::Char('k'), Action::Up),
    (Key::Up, Action::Up),
    (Key::Char('j'), Action::Down),
    (Key::Down, Action::Down),
    (Key::Tab, Action::FocusNext),
    (Key::BackTab, Action::FocusNext),
    (Key::Char('h'), Action::Left),
    (Key::Left, Action::Left),
    (Key::Char('l'), Action::Right),
    (Key::Right, Action::Right),
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
    (Key::Char('f'), Action::FilterSource),
    (Key::Char('F'), Action::AllSources),
    (Key::Char('t'), Action::ToggleGrid),
];

/// The key tables in use: the defaults above, possibly with the user's overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    reader: Vec<(Key, Action)>,
    help: Vec<(Key, Action)>,
    bookmarks: Vec<(Key, Action)>,
    note: Vec<(Key, Action)>,
    search: Vec<(Key, Action)>,
    compare: Vec<(Key, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            reader: READER_KEYS.to_vec(),
            help: HELP_KEYS.to_vec(),
            bookmarks: BOOKMARKS_KEYS.to_vec(),
            note: NOTE_KEYS.to_vec(),
            search: SEARCH_KEYS.to_vec(),
            compare: COMPARE_KEYS.to_vec(),
        }
    }
}

/// Names of the reader's actions that keys can be bound to (config `[keys]` section).
pub fn action_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for (_, action) in READER_KEYS {
        if let Some(name) = action.name() {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

impl Keymap {
    pub fn table(&self, mode: Mode) -> &[(Key, Action)] {
        match mode {
            Mode::Reader => &self.reader,
            Mode::Help => &self.help,
            Mode::Bookmarks => &self.bookmarks,
            Mode::BookmarkNote => &self.note,
            Mode::Search | Mode::SourcePicker => &self.search,
            Mode::Compare => &self.compare,
        }
    }

    /// The action bound to `key` in `mode`, if any.
    pub fn lookup(&self, mode: Mode, key: Key) -> Option<Action> {
        self.table(mode)
            .iter()
            .find(|(bound, _)| *bound == key)
            .map(|(_, action)| *action)
    }

    /// The reverse lookup: actions in table order, each with all its keys.
    pub fn help_entries(&self, mode: Mode) -> Vec<HelpEntry> {
        let mut entries: Vec<HelpEntry> = Vec::new();
        for (key, action) in self.table(mode) {
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

    /// Rows of the help overlay: the reader's entries, then for the search box, the risks and
    /// benefits view and the help overlay a blank line, a heading and their entries
    /// (`ui::help` draws exactly these).
    pub fn help_line_count(&self) -> usize {
        self.help_entries(Mode::Reader).len()
            + 2
            + self.help_entries(Mode::Search).len()
            + 2
            + self.help_entries(Mode::Compare).len()
            + 2
            + self.help_entries(Mode::Help).len()
    }

    /// Replaces the keys of named actions in the reader's table (`quit = ["x", "ctrl-q"]`).
    /// A key taken from another action leaves it; Ctrl-C always quits whatever the overrides.
    pub fn with_overrides<'a>(
        &self,
        overrides: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
    ) -> Result<Keymap, String> {
        let mut keymap = self.clone();
        for (name, keys) in overrides {
            let action = READER_KEYS
                .iter()
                .map(|(_, a)| *a)
                .find(|a| a.name() == Some(name))
                .ok_or_else(|| format!("no such action '{name}'"))?;
            let keys = keys
                .iter()
                .map(|text| {
                    Key::parse(text)
                        .ok_or_else(|| format!("'{text}' cannot be bound in the reader"))
                })
                .collect::<Result<Vec<Key>, String>>()?;
            // The new keys take the action's place in the table, so the help keeps its order.
            let replaced = |(key, bound): &(Key, Action)| *bound == action || keys.contains(key);
            let place = keymap
                .reader
                .iter()
                .position(|(_, bound)| *bound == action)
                .map_or(keymap.reader.len(), |first| {
                    first
                        - keymap.reader[..first]
                            .iter()
                            .filter(|e| replaced(e))
                            .count()
                });
            keymap.reader.retain(|entry| !replaced(entry));
            keymap
                .reader
                .splice(place..place, keys.into_iter().map(|key| (key, action)));
        }
        let ctrl_c = (Key::Ctrl('c'), Action::Quit);
        if !keymap.reader.contains(&ctrl_c) {
            keymap.reader.retain(|(key, _)| *key != ctrl_c.0);
            let after_quit = keymap
                .reader
                .iter()
                .rposition(|(_, action)| *action == Action::Quit)
                .map_or(0, |last| last + 1);
            keymap.reader.insert(after_quit, ctrl_c);
        }
        Ok(keymap)
    }
}

/// One help row: every key bound to an action, and what the action does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub keys: Vec<Key>,
    pub action: Action,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in [
            Mode::Reader,
            Mode::Help,
            Mode::Bookmarks,
            Mode::BookmarkNote,
            Mode::Search,
            Mode::Compare,
        ] {
            let keymap = Keymap::default();
            let keys = keymap.table(mode);
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
        let keymap = Keymap::default();
        for mode in [Mode::Reader, Mode::Help, Mode::Search, Mode::Compare] {
            let entries = keymap.help_entries(mode);
            let listed: usize = entries.iter().map(|e| e.keys.len()).sum();
            assert_eq!(listed, keymap.table(mode).len());
            for (key, action) in keymap.table(mode) {
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
        let keymap = Keymap::default();
        for (key, action) in expect {
            assert_eq!(keymap.lookup(Mode::Reader, key), Some(action));
        }
        assert_eq!(
            keymap.lookup(Mode::Help, Key::Ctrl('c')),
            Some(Action::Quit)
        );
    }

    #[test]
    fn keys_parse_as_the_config_writes_them() {
        assert_eq!(Key::parse("q"), Some(Key::Char('q')));
        assert_eq!(Key::parse("G"), Some(Key::Char('G')));
        assert_eq!(Key::parse("space"), Some(Key::Char(' ')));
        assert_eq!(Key::parse("Ctrl-D"), Some(Key::Ctrl('d')));
        assert_eq!(Key::parse("shift-tab"), Some(Key::BackTab));
        assert_eq!(Key::parse("pgdn"), Some(Key::PageDown));
        assert_eq!(Key::parse("f1"), None);
        assert_eq!(Key::parse("ctrl-"), None);
        assert_eq!(Key::parse(""), None);
    }

    #[test]
    fn every_bound_key_reads_back_from_its_config_name() {
        let keymap = Keymap::default();
        for mode in [
            Mode::Reader,
            Mode::Help,
            Mode::Bookmarks,
            Mode::BookmarkNote,
        ] {
            for (key, _) in keymap.table(mode) {
                assert_eq!(Key::parse(&key.config_name()), Some(*key), "{key:?}");
            }
        }
    }

    #[test]
    fn every_bindable_action_has_a_unique_name() {
        let names = action_names();
        for (i, name) in names.iter().enumerate() {
            assert!(!names[i + 1..].contains(name), "{name} twice");
            assert!(name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()));
        }
        assert!(names.contains(&"quit") && names.contains(&"next_section"));
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_steal_them_from_others() {
        let keymap = Keymap::default()
            .with_overrides([("quit", vec!["x"]), ("down", vec!["ctrl-n", "j"])])
            .unwrap();
        assert_eq!(
            keymap.lookup(Mode::Reader, Key::Char('x')),
            Some(Action::Quit)
        );
        assert_eq!(keymap.lookup(Mode::Reader, Key::Char('q')), None);
        assert_eq!(
            keymap.lookup(Mode::Reader, Key::Ctrl('c')),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.lookup(Mode::Reader, Key::Ctrl('n')),
            Some(Action::Down)
        );
        assert_eq!(keymap.lookup(Mode::Reader, Key::Down), None);

        let stolen = Keymap::default()
            .with_overrides([("top", vec!["q"])])
            .unwrap();
        assert_eq!(
            stolen.lookup(Mode::Reader, Key::Char('q')),
            Some(Action::Top)
        );
        assert_eq!(
            stolen.lookup(Mode::Reader, Key::Ctrl('c')),
            Some(Action::Quit)
        );

        let ctrl_c = Keymap::default()
            .with_overrides([("top", vec!["ctrl-c"])])
            .unwrap();
        assert_eq!(
            ctrl_c.lookup(Mode::Reader, Key::Ctrl('c')),
            Some(Action::Quit)
        );

        assert!(Keymap::default()
            .with_overrides([("fly", vec!["f"])])
            .is_err());

        // The overridden action keeps its place in the table (and the help's order).
        let moved = Keymap::default()
            .with_overrides([("quit", vec!["x"]), ("next_section", vec!["."])])
            .unwrap();
        let order = |keymap: &Keymap| -> Vec<Action> {
            keymap
                .help_entries(Mode::Reader)
                .iter()
                .map(|e| e.action)
                .collect()
        };
        assert_eq!(order(&moved), order(&Keymap::default()));
        assert_eq!(
            moved.help_entries(Mode::Reader)[0].keys,
            [Key::Char('x'), Key::Ctrl('c')]
        );
        assert!(Keymap::default()
            .with_overrides([("quit", vec!["f1"])])
            .is_err());
    }
}
