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

/// `m`: opens the note line for a bookmark at the current place.
pub(super) fn ask_note(state: &mut State) {
    state.overlay = Some(Overlay::BookmarkNote {
        note: String::new(),
        position: state.saved_position(),
    });
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
        Action::Insert(c) if !c.is_control() => {
            if note.chars().count() < MAX_NOTE_CHARS {
                note.push(c);
            }
        }
        Action::Erase => {
            note.pop();
        }
        Action::Open => {
            let note = note.trim().to_string();
            let (place, _) = state.describe_position(&position);
            // One bookmark per place: marking it again replaces the note.
            match state.bookmarks.iter_mut().find(|b| b.position == position) {
                Some(existing) => existing.note = note,
                None => state.bookmarks.push(Bookmark { position, note }),
            }
            state.bookmarks_changed += 1;
            state.notice = Some(format!("bookmarked: {place}"));
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
            }
            return None;
        }
        Action::Back | Action::Bookmarks => return None,
        _ => selected,
    };
    Some(Overlay::Bookmarks { selected })
}
