//! Saved places: the reading position as a `persist::Position` (source id, section title,
//! file line — stable across runs and re-wrapping) and back, and the bookmark overlays
//! (the note line of a new bookmark, the list to jump from). Pure state changes: reading and
//! writing the state file is the runner's job, prompted by `State::bookmarks_changed`.

use super::{Action, Overlay, State};
use crate::model::Source;
use crate::persist::{Bookmark, Position};

/// A note is a reminder, not an essay: longer input is not taken.
pub const MAX_NOTE_CHARS: usize = 120;

impl State {
    /// Where the reader is, in the form that survives a restart.
    pub fn saved_position(&self) -> Position {
        let (_, section, line) = self.position();
        let source = self.source();
        let title = section.and_then(|i| {
            source
                .flat_sections()
                .get(i)
                .map(|s| s.section.title.clone())
        });
        let offset = if line == 0 {
            0
        } else {
            self.anchor().rows_into
        };
        Position {
            source: source.id.clone(),
            section: title,
            line,
            offset,
        }
    }

    /// Goes to a saved position. False, changing nothing, when its source is not in the corpus.
    pub fn go_to_saved(&mut self, position: &Position) -> bool {
        let Some(index) = self
            .corpus
            .sources
            .iter()
            .position(|s| s.id == position.source)
        else {
            return false;
        };
        let section = section_index(&self.corpus.sources[index], position);
        self.jump_to(index, section, position.line);
        if position.line != 0 && position.offset > 0 {
            let laid = self.layout();
            let rows = laid
                .lines
                .get(self.top..)
                .unwrap_or_default()
                .iter()
                .take_while(|l| l.source_line == position.line)
                .count();
            self.top =
                (self.top + position.offset.min(rows.saturating_sub(1))).min(self.last_line());
            self.follow_text();
        }
        true
    }

    /// Where a bookmark points, for the list: source title › section, sanitised by the caller.
    pub fn describe_position(&self, position: &Position) -> (String, bool) {
        match self.corpus.sources.iter().find(|s| s.id == position.source) {
            Some(source) => {
                let section = position.section.as_deref().unwrap_or("(introduction)");
                (format!("{} › {section}", source.title), true)
            }
            None => (format!("{} (not in this corpus)", position.source), false),
        }
    }
}

/// The section a saved position names: by title (the one holding the line when a title
/// repeats), else — the file changed — the section that holds the line.
fn section_index(source: &Source, position: &Position) -> Option<usize> {
    let title = position.section.as_deref()?;
    let flat = source.flat_sections();
    let holds_line = |line: usize| position.line == 0 || line <= position.line;
    let named: Vec<_> = flat.iter().filter(|s| s.section.title == title).collect();
    named
        .iter()
        .rev()
        .find(|s| holds_line(s.section.line))
        .or(named.first())
        .map(|s| s.index)
        .or_else(|| {
            flat.iter()
                .rev()
                .find(|s| s.section.line <= position.line)
                .map(|s| s.index)
        })
}

/// `m`: opens the note line for a bookmark at the current place, holding the note of the
/// bookmark already there (to edit, not to lose).
pub(super) fn ask_note(state: &mut State) {
    let position = state.saved_position();
    let note = state
        .bookmarks
        .iter()
        .find(|b| b.position == position)
        .map(|b| b.note.clone())
        .unwrap_or_default();
    state.overlay = Some(Overlay::BookmarkNote { note, position });
}

/// `'`: opens the bookmark list, on the newest bookmark.
pub(super) fn open_list(state: &mut State) {
    state.overlay = Some(Overlay::Bookmarks {
        selected: state.bookmarks.len().saturating_sub(1),
    });
}

/// Keys while a bookmark overlay is open.
pub(super) fn update(state: &mut State, action: Action) {
    match action {
        Action::Quit => state.quit = true,
        Action::Resize { width, height } => state.resize(width, height),
        _ => match state.overlay.take() {
            Some(Overlay::BookmarkNote { note, position }) => {
                state.overlay = note_update(state, note, position, action);
            }
            Some(Overlay::Bookmarks { selected }) => {
                state.overlay = list_update(state, selected, action);
            }
            other => state.overlay = other,
        },
    }
}

fn note_update(
    state: &mut State,
    mut note: String,
    position: Position,
    action: Action,
) -> Option<Overlay> {
    match action {
        Action::Type(c) if !c.is_control() && note.chars().count() < MAX_NOTE_CHARS => {
            note.push(c);
        }
        Action::DeleteBack => {
            note.pop();
        }
        Action::Open => {
            let note = note.trim().to_string();
            let (place, _) = state.describe_position(&position);
            // One bookmark per place: marking it again edits its note.
            let done = match state.bookmarks.iter_mut().find(|b| b.position == position) {
                Some(existing) => {
                    existing.note = note;
                    "bookmark updated"
                }
                None => {
                    state.bookmarks.push(Bookmark { position, note });
                    "bookmarked"
                }
            };
            state.bookmarks_changed += 1;
            state.notice = Some(format!("{done}: {place}"));
            return None;
        }
        Action::Back => return None,
        _ => {}
    }
    Some(Overlay::BookmarkNote { note, position })
}

fn list_update(state: &mut State, selected: usize, action: Action) -> Option<Overlay> {
    let last = state.bookmarks.len().saturating_sub(1);
    let selected = match action {
        Action::Up | Action::Wheel { down: false, .. } => selected.saturating_sub(1),
        Action::Down | Action::Wheel { down: true, .. } => (selected + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        Action::DeleteBookmark => {
            if selected < state.bookmarks.len() {
                state.bookmarks.remove(selected);
                state.bookmarks_changed += 1;
            }
            selected.min(state.bookmarks.len().saturating_sub(1))
        }
        Action::Open => {
            if let Some(bookmark) = state.bookmarks.get(selected).cloned() {
                if !state.go_to_saved(&bookmark.position) {
                    state.notice = Some(format!(
                        "bookmark: source {} is not in this corpus",
                        bookmark.position.source
                    ));
                    return Some(Overlay::Bookmarks { selected });
                }
                // A bookmark is a place to read: the text takes the keys.
                state.focus = super::Pane::Text;
            }
            return None;
        }
        Action::Back | Action::Bookmarks => return None,
        _ => selected,
    };
    Some(Overlay::Bookmarks { selected })
}

#[cfg(test)]
mod tests {
    use super::super::tests_support::sample_corpus;
    use super::super::{on_key, update, Key, Pane, Settings};
    use super::*;

    fn state() -> State {
        State::new(sample_corpus(), Settings::default(), 120, 40)
    }

    fn type_text(state: &mut State, text: &str) {
        for c in text.chars() {
            assert!(on_key(state, Key::Char(c)));
        }
    }

    /// Somewhere inside the second section's long paragraph, a few rows down.
    fn somewhere_inside(state: &mut State) {
        update(state, Action::Focus(Pane::Tree));
        update(state, Action::Down);
        update(state, Action::Down);
        update(state, Action::Focus(Pane::Text));
        for _ in 0..4 {
            update(state, Action::Down);
        }
    }

    #[test]
    fn m_then_a_note_then_enter_bookmarks_the_place() {
        let mut s = state();
        somewhere_inside(&mut s);
        let here = s.saved_position();
        assert!(here.line > 0);
        assert!(on_key(&mut s, Key::Char('m')));
        // Keys that mean something in the reader are typed while the note line is open.
        type_text(&mut s, "quite good jk");
        assert!(on_key(&mut s, Key::Backspace));
        assert!(on_key(&mut s, Key::Backspace));
        assert!(on_key(&mut s, Key::Enter));
        assert!(!s.quit);
        assert_eq!(s.overlay, None);
        assert_eq!(
            s.bookmarks,
            vec![Bookmark {
                position: here,
                note: "quite good".into()
            }]
        );
        assert_eq!(s.bookmarks_changed, 1);
        assert!(s.notice.as_deref().unwrap().contains("Blade Wear"));
    }

    #[test]
    fn esc_cancels_the_note_and_ctrl_c_still_quits() {
        let mut s = state();
        update(&mut s, Action::Bookmark);
        type_text(&mut s, "never mind");
        on_key(&mut s, Key::Esc);
        assert_eq!(s.overlay, None);
        assert!(s.bookmarks.is_empty());
        assert_eq!(s.bookmarks_changed, 0);
        update(&mut s, Action::Bookmark);
        on_key(&mut s, Key::Ctrl('c'));
        assert!(s.quit);
    }

    #[test]
    fn notes_are_trimmed_and_capped() {
        let mut s = state();
        update(&mut s, Action::Bookmark);
        type_text(&mut s, "  x");
        for _ in 0..MAX_NOTE_CHARS {
            update(&mut s, Action::Type('y'));
        }
        update(&mut s, Action::Open);
        let note = &s.bookmarks[0].note;
        assert!(note.starts_with('x'));
        assert_eq!(note.chars().count(), MAX_NOTE_CHARS - 2);
    }

    /// The note line's text while it is open.
    fn note_shown(s: &State) -> Option<String> {
        match &s.overlay {
            Some(Overlay::BookmarkNote { note, .. }) => Some(note.clone()),
            _ => None,
        }
    }

    #[test]
    fn marking_a_place_again_edits_its_note() {
        let mut s = state();
        update(&mut s, Action::Bookmark);
        type_text(&mut s, "first");
        update(&mut s, Action::Open);
        assert!(s.notice.as_deref().unwrap().starts_with("bookmarked:"));
        update(&mut s, Action::Bookmark);
        assert_eq!(note_shown(&s).as_deref(), Some("first"), "the note to edit");
        update(&mut s, Action::DeleteBack);
        type_text(&mut s, "t, again");
        update(&mut s, Action::Open);
        assert_eq!(s.bookmarks.len(), 1);
        assert_eq!(s.bookmarks[0].note, "first, again");
        assert_eq!(s.bookmarks_changed, 2);
        assert!(s
            .notice
            .as_deref()
            .unwrap()
            .starts_with("bookmark updated:"));
        // Enter alone keeps the note as it was.
        update(&mut s, Action::Bookmark);
        update(&mut s, Action::Open);
        assert_eq!(s.bookmarks[0].note, "first, again");
        // Elsewhere, the note line opens empty.
        somewhere_inside(&mut s);
        update(&mut s, Action::Bookmark);
        assert_eq!(note_shown(&s).as_deref(), Some(""));
    }

    #[test]
    fn the_list_jumps_to_a_bookmark_and_deletes_one() {
        let mut s = state();
        somewhere_inside(&mut s);
        let inside = (s.position(), s.top());
        update(&mut s, Action::Bookmark);
        update(&mut s, Action::Open);
        update(&mut s, Action::Focus(Pane::Sources));
        update(&mut s, Action::Down);
        update(&mut s, Action::Bookmark);
        update(&mut s, Action::Open);
        assert_eq!(s.source_index(), 1);

        // ' opens on the newest; k goes to the older one; Enter jumps there and closes.
        assert!(on_key(&mut s, Key::Char('\'')));
        assert_eq!(s.overlay, Some(Overlay::Bookmarks { selected: 1 }));
        on_key(&mut s, Key::Char('k'));
        on_key(&mut s, Key::Enter);
        assert_eq!(s.overlay, None);
        assert_eq!((s.position(), s.top()), inside);
        assert_eq!(s.focus, Pane::Text);

        // d deletes the selected one; the selection stays in range.
        update(&mut s, Action::Bookmarks);
        on_key(&mut s, Key::Char('d'));
        assert_eq!(s.bookmarks.len(), 1);
        assert_eq!(s.bookmarks[0].position.source, "alpha");
        assert_eq!(s.overlay, Some(Overlay::Bookmarks { selected: 0 }));
        assert_eq!(s.bookmarks_changed, 3);
        on_key(&mut s, Key::Char('d'));
        on_key(&mut s, Key::Char('d'));
        assert!(s.bookmarks.is_empty());
        assert_eq!(s.bookmarks_changed, 4);
        on_key(&mut s, Key::Esc);
        assert_eq!(s.overlay, None);
    }

    #[test]
    fn a_bookmark_to_a_missing_source_says_so_and_keeps_the_list_open() {
        let mut s = state();
        s.bookmarks.push(Bookmark {
            position: Position {
                source: "vanished".into(),
                section: None,
                line: 4,
                offset: 0,
            },
            note: String::new(),
        });
        update(&mut s, Action::Bookmarks);
        update(&mut s, Action::Open);
        assert!(s.notice.as_deref().unwrap().contains("vanished"));
        assert!(matches!(s.overlay, Some(Overlay::Bookmarks { .. })));
        assert_eq!(s.position(), (0, None, 0));
    }

    #[test]
    fn a_saved_position_comes_back_to_the_same_row() {
        let mut s = state();
        somewhere_inside(&mut s);
        let saved = s.saved_position();
        assert!(saved.offset > 0, "the test wants a row inside a paragraph");
        let mut other = State::new(sample_corpus(), Settings::default(), 120, 40);
        assert!(other.go_to_saved(&saved));
        assert_eq!(other.top(), s.top());
        assert_eq!(other.saved_position(), saved);
        // Narrower, the row stays inside the same file line.
        let mut narrow = State::new(sample_corpus(), Settings::default(), 70, 20);
        assert!(narrow.go_to_saved(&saved));
        let laid = narrow.layout();
        assert_eq!(laid.lines[narrow.top()].source_line, saved.line);
    }

    #[test]
    fn sections_are_found_by_title_then_by_line() {
        let corpus = sample_corpus();
        let source = &corpus.sources[0];
        let flat = source.flat_sections();
        let costs = flat.iter().find(|s| s.section.title == "Costs").unwrap();
        let at = |section: Option<&str>, line: usize| Position {
            source: source.id.clone(),
            section: section.map(str::to_string),
            line,
            offset: 0,
        };
        assert_eq!(
            section_index(source, &at(Some("Costs"), costs.section.line + 2)),
            Some(costs.index)
        );
        assert_eq!(section_index(source, &at(None, 0)), None);
        // A renamed heading: the line decides.
        assert_eq!(
            section_index(source, &at(Some("Old Name"), costs.section.line + 2)),
            Some(costs.index)
        );
    }
}
