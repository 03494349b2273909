//! Everything the reader can be asked to do, as data. Keys map to these through the keymap;
//! `update` is the only place that gives them meaning. No terminal types here.

use super::keymap::Mode;
use super::Pane;

/// One thing the user (or the event loop) asks the reader to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave the reader.
    Quit,
    /// Close the overlay, the sources popup or the notice; otherwise focus the pane to the left.
    Back,
    /// Focus the next pane (sources → contents → text).
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Focus one pane directly.
    Focus(Pane),
    /// Move the selection up, or scroll the text up one line.
    Up,
    /// Move the selection down, or scroll the text down one line.
    Down,
    /// One page up.
    PageUp,
    /// One page down.
    PageDown,
    /// Half a page up.
    HalfPageUp,
    /// Half a page down.
    HalfPageDown,
    /// To the first item, or the top of the text.
    Top,
    /// To the last item, or the end of the text.
    Bottom,
    /// Open the selection: show a source, or scroll the text to a section.
    Open,
    /// Collapse the section, go to its parent, or move focus left.
    Left,
    /// Expand the section, or move focus right.
    Right,
    /// Next section, crossing into the next source.
    NextSection,
    /// Previous section, crossing into the previous source.
    PrevSection,
    /// Show or hide this help.
    ToggleHelp,
    /// Open the search overlay over every source.
    Search,
    /// Next hit of the last search, in the text view.
    SearchNext,
    /// Previous hit of the last search, in the text view.
    SearchPrev,
    /// Benefits and risks side by side (the compare view); in the view, back to the reader.
    Compare,
    /// Type a character into the open input line (search box or bookmark note; never bound).
    Type(char),
    /// Delete the character before the cursor.
    DeleteBack,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Empty the search line.
    ClearInput,
    /// Cursor one character left.
    CursorLeft,
    /// Cursor one character right.
    CursorRight,
    /// Cursor to the start of the line.
    CursorHome,
    /// Cursor to the end of the line.
    CursorEnd,
    /// In the compare view: show only the next source (after the last: all of them).
    FilterSource,
    /// In the compare view: show only the previous source.
    AllSources,
    /// In the compare view: the coverage grid, or back to the columns.
    ToggleGrid,
    /// The terminal changed size (sent by the event loop, never bound to a key).
    Resize { width: u16, height: u16 },
    /// Bookmark the reading position, asking for an optional note.
    Bookmark,
    /// List the corpus's bookmarks to jump to.
    Bookmarks,
    /// Delete the selected bookmark (in the bookmark list).
    DeleteBookmark,
    /// A mouse click at a cell (from the terminal, with `mouse = true`).
    Click { column: u16, row: u16 },
    /// The mouse wheel turned over a cell: `down` scrolls towards the end.
    Wheel { column: u16, row: u16, down: bool },
}

impl Action {
    /// The stable name a config file binds keys to (`[keys] quit = "x"`); None for actions
    /// no key can trigger.
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            Action::Quit => "quit",
            Action::Back => "back",
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::Focus(Pane::Sources) => "focus_sources",
            Action::Focus(Pane::Tree) => "focus_contents",
            Action::Focus(Pane::Text) => "focus_text",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::HalfPageUp => "half_page_up",
            Action::HalfPageDown => "half_page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open",
            Action::Left => "left",
            Action::Right => "right",
            Action::NextSection => "next_section",
            Action::PrevSection => "prev_section",
            Action::ToggleHelp => "help",
            Action::Search => "search",
            Action::SearchNext => "search_next",
            Action::SearchPrev => "search_prev",
            Action::Compare => "compare",
            Action::Bookmark => "bookmark",
            Action::Bookmarks => "bookmarks",
            Action::DeleteBookmark => "delete_bookmark",
            Action::DeleteBack => "delete_back",
            Action::DeleteWord => "delete_word",
            Action::ClearInput => "clear_input",
            Action::CursorLeft => "cursor_left",
            Action::CursorRight => "cursor_right",
            Action::CursorHome => "cursor_home",
            Action::CursorEnd => "cursor_end",
            Action::FilterSource => "filter_source",
            Action::AllSources => "all_sources",
            Action::ToggleGrid => "toggle_grid",
            Action::Type(_)
            | Action::Resize { .. }
            | Action::Click { .. }
            | Action::Wheel { .. } => return None,
        })
    }

    /// The one-line description the help overlay shows.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Back => "close overlay or notice · go back",
            Action::FocusNext => "next pane",
            Action::FocusPrev => "previous pane",
            Action::Focus(Pane::Sources) => "sources pane",
            Action::Focus(Pane::Tree) => "contents pane",
            Action::Focus(Pane::Text) => "text pane",
            Action::Up => "up / scroll up",
            Action::Down => "down / scroll down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::HalfPageUp => "half page up",
            Action::HalfPageDown => "half page down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open source · go to section",
            Action::Left => "collapse · parent · pane left",
            Action::Right => "expand · pane right",
            Action::NextSection => "next section (into next source)",
            Action::PrevSection => "previous section",
            Action::ToggleHelp => "this help",
            Action::Search => "search all sources",
            Action::SearchNext => "next search hit",
            Action::SearchPrev => "previous search hit",
            Action::Compare => "risks and benefits view",
            Action::Type(_) => "type into the search",
            Action::DeleteBack => "delete char before cursor",
            Action::DeleteWord => "delete word before cursor",
            Action::ClearInput => "clear the line",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::CursorHome => "cursor to the start",
            Action::CursorEnd => "cursor to the end",
            Action::FilterSource => "pick a source to show (type to narrow)",
            Action::AllSources => "show every source again",
            Action::ToggleGrid => "coverage grid ⇄ columns",
            Action::Resize { .. } => "terminal resized",
            Action::Bookmark => "bookmark this place (with a note)",
            Action::Bookmarks => "bookmarks: list and jump",
            Action::DeleteBookmark => "delete bookmark",
            Action::Click { .. } => "mouse click: focus and select",
            Action::Wheel { .. } => "mouse wheel: scroll the pane under the pointer",
        }
    }
}

impl Action {
    /// The description in one mode's part of the help: the compare view gives some of the
    /// reader's actions a meaning of its own.
    pub fn describe_in(self, mode: Mode) -> &'static str {
        match (mode, self) {
            (Mode::Compare, Action::Back) => "back to the reader",
            (Mode::Compare, Action::Up) => "previous statement / topic",
            (Mode::Compare, Action::Down) => "next statement / topic",
            (Mode::Compare, Action::FocusNext) => "benefits ⇄ risks",
            (Mode::Compare, Action::Left) => "benefits · grid: sources left",
            (Mode::Compare, Action::Right) => "risks · grid: sources right",
            (Mode::Compare, Action::Open) => "go to statement · grid: its topic",
            (Mode::Compare, Action::Top) => "first statement / topic",
            (Mode::Compare, Action::Bottom) => "last statement / topic",
            _ => self.describe(),
        }
    }
}
