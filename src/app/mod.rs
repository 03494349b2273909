//! The reader's state and its one transition function, `update(&mut State, Action)`.
//! Pure logic: no terminal I/O and no drawing (that is `ui`); `tui` feeds it Actions.
//!
//! Plug-in points for later views: `Overlay` (add Search / Compare variants), `State::jump_to`
//! (show a file line of a source at the top of the text), `State::highlight` (a file-line range
//! drawn highlighted), `State::counter` (a `3/14` slot in the status bar) and `State::notice`.

pub mod action;
pub mod background;
pub mod bookmarks;
pub mod compare_layout;
pub mod compare_view;
pub mod geometry;
pub mod keymap;
mod mouse;
pub mod search;
pub mod source_picker;
pub mod tree;

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::ops::RangeInclusive;
use std::rc::Rc;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::corpus::Corpus;
use crate::layout::{layout, layout_top, Layout};
use crate::model::{parse, Format, Source};
use crate::persist::Bookmark;

pub use action::Action;
pub use geometry::{Arrangement, Geometry};
pub use keymap::{Key, Keymap, Mode};
pub use tree::SectionTree;

/// The three panes, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Sources,
    Tree,
    Text,
}

impl Pane {
    pub fn next(self) -> Pane {
        match self {
            Pane::Sources => Pane::Tree,
            Pane::Tree => Pane::Text,
            Pane::Text => Pane::Sources,
        }
    }

    pub fn prev(self) -> Pane {
        match self {
            Pane::Sources => Pane::Text,
            Pane::Tree => Pane::Sources,
            Pane::Text => Pane::Tree,
        }
    }
}

/// What is drawn over the panes and takes the keys. Search and Compare join here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key list; `scroll` is the first row shown.
    Help { scroll: usize },
    /// The bookmark list; `selected` indexes `State::bookmarks`.
    Bookmarks { selected: usize },
    /// The note line of a bookmark about to be made at `position`.
    BookmarkNote {
        note: String,
        position: crate::persist::Position,
    },
    /// The search box and its results (their state is `State::search`).
    Search,
    /// Benefits and risks side by side, full screen (its state is `State::compare`).
    Compare,
}

/// How much colour the terminal may get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    /// NO_COLOR is set: bold, reverse and underline only.
    NoColor,
    /// Sixteen colours, readable on dark and light backgrounds.
    Ansi16,
    /// COLORTERM says truecolor or 24bit.
    TrueColor,
}

impl Palette {
    /// Chooses from the NO_COLOR and COLORTERM variables (no-color.org: set and non-empty).
    pub fn from_env(no_color: Option<&OsStr>, colorterm: Option<&OsStr>) -> Palette {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return Palette::NoColor;
        }
        match colorterm.and_then(|v| v.to_str()) {
            Some(v) if v.eq_ignore_ascii_case("truecolor") || v.eq_ignore_ascii_case("24bit") => {
                Palette::TrueColor
            }
            _ => Palette::Ansi16,
        }
    }
}

/// The terminal background the colours are picked for (the config's `theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Background {
    #[default]
    Dark,
    Light,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Borders and markers in ASCII only.
    pub ascii: bool,
    pub palette: Palette,
    /// The text column's widest width; wider panes centre it.
    pub max_width: u16,
    pub background: Background,
    /// Take mouse clicks and the wheel (off by default: it stops the terminal's own selection).
    pub mouse: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ascii: false,
            palette: Palette::Ansi16,
            max_width: geometry::MAX_TEXT_WIDTH,
            background: Background::Dark,
            mouse: false,
        }
    }
}

/// File lines of one source that the text view draws highlighted (a search hit, a statement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub source: usize,
    pub lines: RangeInclusive<usize>,
}

/// A reading position that survives re-wrapping: a file line and how many screen rows into it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Anchor {
    /// 0: the very top of the source.
    source_line: usize,
    rows_into: usize,
}

pub struct State {
    /// Shared with the search thread and background jobs (never copied: 4,000 articles
    /// take tens of MB and tens of ms to clone).
    pub corpus: Arc<Corpus>,
    pub settings: Settings,
    /// Keys in use (defaults, or with the user's overrides); the help overlay lists these.
    pub keymap: Keymap,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    /// One line under the panes: corpus warnings, "coming soon", end of the last source…
    /// Raw text; the status bar sanitises it.
    pub notice: Option<String>,
    /// The notice a key press left as its outcome ("bookmarked: …", "search wrapped…"): it
    /// goes with the next key. Any other notice (warnings about files, set from outside
    /// `update`) stays until dismissed.
    transient_notice: Option<String>,
    pub highlight: Option<Highlight>,
    /// Shown as `current/total` in the status bar (search hits, statements).
    pub counter: Option<(usize, usize)>,
    /// The corpus's bookmarks, oldest first; saved by whoever runs the reader.
    pub bookmarks: Vec<Bookmark>,
    /// Counts changes to `bookmarks`, so the runner knows when to save them.
    pub bookmarks_changed: u64,
    /// The search overlay's query and results, and the last search for `n`/`N`.
    pub search: search::SearchState,
    pub quit: bool,
    /// The risks-and-benefits view: its configuration, and its state once computed.
    pub compare: compare_view::Slot,
    /// Work for `tui` to run off the UI thread (see `take_jobs`, `finish`).
    jobs: Vec<background::Job>,
    source: usize,
    sources_offset: usize,
    tree: SectionTree,
    /// First text line on screen, an index into the current layout.
    top: usize,
    anchors: Vec<Anchor>,
    width: u16,
    height: u16,
    /// Laid-out sources by (source, width); only the current width is kept.
    layouts: RefCell<HashMap<(usize, usize), Rc<Layout>>>,
    /// Between [`State::lay_out_top_only`] and [`State::lay_out_fully`]: the source shown
    /// from its very top is laid out only as far as the screen reaches.
    top_only: bool,
    /// The text width of the last size that could show text.
    wrap_width: usize,
    placeholder: Source,
}

impl State {
    pub fn new(corpus: Corpus, settings: Settings, width: u16, height: u16) -> State {
        let placeholder = parse("", "", "No articles.", Format::PlainText);
        let tree = SectionTree::new(corpus.sources.first().unwrap_or(&placeholder));
        let notice = match corpus.warnings.as_slice() {
            [] => None,
            [one] => Some(format!("warning: {one}")),
            [first, rest @ ..] => Some(format!("warning: {first} (and {} more)", rest.len())),
        };
        let anchors = vec![Anchor::default(); corpus.sources.len()];
        let mut state = State {
            corpus: Arc::new(corpus),
            settings,
            keymap: Keymap::default(),
            focus: Pane::Sources,
            overlay: None,
            notice,
            transient_notice: None,
            highlight: None,
            counter: None,
            bookmarks: Vec::new(),
            bookmarks_changed: 0,
            search: search::SearchState::default(),
            quit: false,
            compare: compare_view::Slot::default(),
            jobs: Vec::new(),
            source: 0,
            sources_offset: 0,
            tree,
            top: 0,
            anchors,
            width,
            height,
            layouts: RefCell::new(HashMap::new()),
            top_only: false,
            wrap_width: usize::from(geometry::MAX_TEXT_WIDTH),
            placeholder,
        };
        state.wrap_width = state.text_width();
        // Where the sources pane is only a popup, start in the contents so all of the
        // reader shows at once.
        if state.geometry().arrangement == Arrangement::Two {
            state.focus = Pane::Tree;
        }
        state.keep_visible();
        state
    }

    /// Shows `notice` on the notice line, before any notice already there.
    pub fn add_notice(&mut self, notice: String) {
        self.notice = Some(match self.notice.take() {
            Some(earlier) => format!("{notice} · {earlier}"),
            None => notice,
        });
    }

    /// The source shown (and selected in the sources pane).
    pub fn source_index(&self) -> usize {
        self.source
    }

    pub fn source(&self) -> &Source {
        self.corpus
            .sources
            .get(self.source)
            .unwrap_or(&self.placeholder)
    }

    pub fn tree(&self) -> &SectionTree {
        &self.tree
    }

    /// First text line on screen (index into `self.layout().lines`).
    pub fn top(&self) -> usize {
        self.top
    }

    pub fn sources_offset(&self) -> usize {
        self.sources_offset
    }

    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }

    /// The key table that applies now.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::Bookmarks { .. }) => Mode::Bookmarks,
            Some(Overlay::BookmarkNote { .. }) => Mode::BookmarkNote,
            Some(Overlay::Search) => Mode::Search,
            Some(Overlay::Compare) if self.compare.view().is_some_and(|v| v.picker().is_some()) => {
                Mode::SourcePicker
            }
            Some(Overlay::Compare) => Mode::Compare,
            None => Mode::Reader,
        }
    }

    pub fn geometry(&self) -> Geometry {
        Geometry::compute(
            Rect::new(0, 0, self.width, self.height),
            self.focus,
            self.notice.is_some(),
            self.corpus.sources.len(),
        )
    }

    /// The geometry as if `pane` had the focus, so a hidden pane (one-pane arrangement,
    /// closed popup) still has the size it will be shown at to wrap and page by.
    fn geometry_for(&self, pane: Pane) -> Geometry {
        Geometry::compute(
            Rect::new(0, 0, self.width, self.height),
            pane,
            self.notice.is_some(),
            self.corpus.sources.len(),
        )
    }

    /// Columns the text is wrapped to. When the terminal is too small to show it, the last
    /// width it had, so a passing tiny size neither re-wraps nor loses the reading position.
    pub fn text_width(&self) -> usize {
        self.geometry_for(Pane::Text)
            .text
            .map_or(self.wrap_width, |t| {
                usize::from(geometry::text_column(t, self.settings.max_width).width).max(1)
            })
    }

    /// Text rows on screen (at least 1, so paging always moves).
    pub fn text_height(&self) -> usize {
        self.geometry_for(Pane::Text)
            .text
            .map_or(1, |t| usize::from(geometry::inner(t).height).max(1))
    }

    /// The current source laid out at the current text width (cached).
    pub fn layout(&self) -> Rc<Layout> {
        self.layout_at(self.source, self.text_width())
    }

    /// A source laid out at `width`, wrapped once and then served from the cache.
    pub fn layout_at(&self, source: usize, width: usize) -> Rc<Layout> {
        // One row more than the screen, so that the scroll percentage reads 0 rather than
        // "all of it fits" (100).
        let top_rows = (self.top_only && source == self.source).then(|| self.text_height() + 1);
        let mut cache = self.layouts.borrow_mut();
        if let Some(found) = cache.get(&(source, width)) {
            if found.complete || top_rows.is_some() {
                return Rc::clone(found);
            }
        }
        cache.retain(|(_, w), _| *w == width);
        let shown = self.corpus.sources.get(source).unwrap_or(&self.placeholder);
        let laid = Rc::new(match top_rows {
            Some(rows) => layout_top(shown, width, rows),
            None => layout(shown, width),
        });
        cache.insert((source, width), Rc::clone(&laid));
        laid
    }

    /// For the first frame, which waits for the text it shows to be wrapped: while the view
    /// is at the very top of its source, lay out only the rows on screen (the rest of a long
    /// article costs more than all else in that frame). The screen is the same, scroll
    /// percentage included; [`State::lay_out_fully`] must follow it.
    pub fn lay_out_top_only(&mut self) {
        self.top_only = self.top == 0;
    }

    /// Ends [`State::lay_out_top_only`]: what was laid out only at the top is laid out whole.
    pub fn lay_out_fully(&mut self) {
        self.top_only = false;
        let cut: Vec<(usize, usize)> = self
            .layouts
            .borrow()
            .iter()
            .filter(|(_, laid)| !laid.complete)
            .map(|(&key, _)| key)
            .collect();
        for (source, width) in cut {
            self.layout_at(source, width);
        }
    }

    /// Rows per item in the sources pane (2 when the byline fits) and items on screen.
    pub fn sources_rows(&self) -> (usize, usize) {
        let height = self
            .geometry_for(Pane::Sources)
            .sources
            .map_or(1, |s| usize::from(geometry::inner(s).height));
        let count = self.corpus.sources.len();
        let rows_per_item = if height >= count * 2 { 2 } else { 1 };
        (rows_per_item, (height / rows_per_item).max(1))
    }

    fn tree_height(&self) -> usize {
        self.geometry_for(Pane::Tree)
            .tree
            .map_or(1, |t| usize::from(geometry::inner(t).height).max(1))
    }

    fn last_line(&self) -> usize {
        self.layout().lines.len().saturating_sub(1)
    }

    fn max_top(&self) -> usize {
        self.layout().lines.len().saturating_sub(self.text_height())
    }

    /// How far through the source the view is, 0–100.
    pub fn scroll_percent(&self) -> usize {
        let max = self.max_top();
        (self.top.min(max) * 100).checked_div(max).unwrap_or(100)
    }

    /// Shows `source` with its tree on `section` (None: the lead) and file line `source_line`
    /// at the top of the text (even near the end of the source); `source_line` 0 shows the
    /// section's heading. Search hits and compare
    /// statements call this; it does not change focus or overlays.
    pub fn jump_to(&mut self, source: usize, section: Option<usize>, source_line: usize) {
        if source >= self.corpus.sources.len() {
            return;
        }
        if source != self.source {
            self.select_source(source);
        }
        self.tree.select_section(section);
        if section.is_none() && source_line == 0 {
            // The very top (a resumed reader, most often): no layout needed to get there.
            self.top = 0;
            self.keep_visible();
            return;
        }
        let laid = self.layout();
        let section_start = section
            .and_then(|s| laid.section_starts.get(s).copied())
            .unwrap_or(0);
        // Line 0 means "no particular line": the section's heading.
        let line = match source_line {
            0 => section_start,
            line => laid.line_for_source_line(line).unwrap_or(section_start),
        };
        self.top = line.min(self.last_line());
        self.keep_visible();
    }

    /// Where the reader is: source, section selected in the tree, and the file line at the
    /// top of the text (0 at the very top) — what `jump_to` takes, for resume and bookmarks.
    pub fn position(&self) -> (usize, Option<usize>, usize) {
        let laid = self.layout();
        let line = laid
            .lines
            .get(self.top..)
            .and_then(|rest| rest.iter().find(|l| l.source_line != 0))
            .map_or(0, |l| l.source_line);
        let line = if self.top == 0 { 0 } else { line };
        (self.source, self.tree.selected_section(), line)
    }

    fn anchor(&self) -> Anchor {
        // At the very top no layout is needed (nor made, for a source only passed through).
        if self.top == 0 {
            return Anchor::default();
        }
        let laid = self.layout();
        let top = self.top.min(laid.lines.len());
        if top == 0 {
            return Anchor::default();
        }
        // Blank spacing lines have no file line: anchor on the next line that has one.
        let Some(at) = (top..laid.lines.len()).find(|&i| laid.lines[i].source_line != 0) else {
            return Anchor {
                source_line: usize::MAX,
                rows_into: 0,
            };
        };
        let line = laid.lines[at].source_line;
        let first = (0..=at)
            .rev()
            .take_while(|&i| laid.lines[i].source_line == line)
            .last()
            .unwrap_or(at);
        Anchor {
            source_line: line,
            rows_into: top.saturating_sub(first),
        }
    }

    fn restore(&mut self, anchor: Anchor) {
        // The very top is in range whatever the layout: none is needed (nor made) for it.
        if anchor.source_line == 0 {
            self.top = 0;
            return;
        }
        let laid = self.layout();
        // At another width the line may wrap to fewer rows: stay inside it.
        self.top =
            laid.line_for_source_line(anchor.source_line)
                .map_or(laid.lines.len(), |first| {
                    let rows = laid.lines[first..]
                        .iter()
                        .take_while(|l| l.source_line == anchor.source_line)
                        .count();
                    first + anchor.rows_into.min(rows.saturating_sub(1))
                });
        self.top = self.top.min(self.last_line());
    }

    fn select_source(&mut self, index: usize) {
        if index >= self.corpus.sources.len() {
            return;
        }
        let anchor = self.anchor();
        if let Some(slot) = self.anchors.get_mut(self.source) {
            *slot = anchor;
        }
        self.source = index;
        self.tree = SectionTree::new(self.source());
        self.top = 0;
        let saved = self.anchors.get(index).copied().unwrap_or_default();
        self.restore(saved);
        self.follow_text();
    }

    /// Puts the tree selection on the section at the top of the text.
    fn follow_text(&mut self) {
        // The top line is the title, before any section: no layout needed to know it.
        let section = if self.top == 0 {
            None
        } else {
            self.layout().section_at(self.top)
        };
        self.tree.follow_section(section);
    }

    /// Scrolls, stopping where the last page is full; a view already past that point (after
    /// a jump to a heading near the end) may scroll back but not further down.
    fn scroll_text(&mut self, delta: isize) {
        let limit = self.max_top().max(self.top);
        self.top = self.top.saturating_add_signed(delta).min(limit);
        self.follow_text();
    }

    fn show_section(&mut self, section: Option<usize>) {
        self.tree.select_section(section);
        let start = section
            .and_then(|s| self.layout().section_starts.get(s).copied())
            .unwrap_or(0);
        // The heading goes to the top even near the end, leaving blank rows below the text.
        self.top = start.min(self.last_line());
    }

    fn move_sources(&mut self, delta: isize) {
        let last = self.corpus.sources.len().saturating_sub(1);
        let target = self.source.saturating_add_signed(delta).min(last);
        if target != self.source {
            self.select_source(target);
        }
    }

    fn move_tree(&mut self, delta: isize) {
        self.tree.move_by(delta);
        self.show_section(self.tree.selected_section());
    }

    fn page(&self, pane: Pane) -> usize {
        match pane {
            Pane::Sources => self.sources_rows().1,
            Pane::Tree => self.tree_height(),
            Pane::Text => self.text_height().saturating_sub(2).max(1),
        }
    }

    /// Moves the focused pane's selection or scroll by `delta` (in rows or items).
    fn move_focused(&mut self, delta: isize) {
        match self.focus {
            Pane::Sources => self.move_sources(delta),
            Pane::Tree => self.move_tree(delta),
            Pane::Text => self.scroll_text(delta),
        }
    }

    fn section_count(&self) -> usize {
        self.tree.nodes().len() - 1
    }

    fn next_section(&mut self) {
        let next = match self.tree.selected_section() {
            None if self.section_count() > 0 => Some(0),
            Some(i) if i + 1 < self.section_count() => Some(i + 1),
            _ => {
                if self.source + 1 < self.corpus.sources.len() {
                    self.select_source(self.source + 1);
                    self.show_section(None);
                } else {
                    self.notice = Some("end of the last source".to_string());
                }
                return;
            }
        };
        self.show_section(next);
    }

    fn prev_section(&mut self) {
        let current = self.tree.selected_section();
        let start = current
            .and_then(|s| self.layout().section_starts.get(s).copied())
            .unwrap_or(0);
        if self.top > start {
            // Inside a section, `[` first goes back to its heading, like a book's page turn.
            self.show_section(current);
            return;
        }
        match current {
            Some(0) => self.show_section(None),
            Some(i) => self.show_section(Some(i - 1)),
            None if self.source > 0 => {
                self.select_source(self.source - 1);
                let last = self.section_count().checked_sub(1);
                self.show_section(last);
            }
            None => self.notice = Some("start of the first source".to_string()),
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        let anchor = self.anchor();
        self.width = width;
        self.height = height;
        self.wrap_width = self.text_width();
        // Shrinking into the two-pane arrangement should not pop the sources list up
        // over the text by surprise.
        if self.focus == Pane::Sources && self.geometry().arrangement == Arrangement::Two {
            self.focus = Pane::Tree;
        }
        self.restore(anchor);
    }

    fn keep_visible(&mut self) {
        let (_, items) = self.sources_rows();
        if self.source < self.sources_offset {
            self.sources_offset = self.source;
        } else if self.source >= self.sources_offset + items {
            self.sources_offset = self.source + 1 - items;
        }
        let height = self.tree_height();
        self.tree.ensure_visible(height);
        // The top line needs no layout to stay in range: a reader built here and resumed in
        // another source never lays out the first one.
        if self.top > 0 {
            self.top = self.top.min(self.last_line());
        }
    }
}

/// Rows of keys the help overlay shows at a terminal height: its box keeps a row clear above
/// and below and has a border (`ui::help` draws it so).
pub fn help_page(height: u16) -> usize {
    usize::from(height).saturating_sub(4).max(1)
}

fn help_update(state: &mut State, action: Action) {
    let page = help_page(state.height);
    let Some(Overlay::Help { scroll }) = &mut state.overlay else {
        return;
    };
    // The last page stays full: scrolling stops once the last key shows.
    let last = state.keymap.help_line_count().saturating_sub(page);
    match action {
        Action::Quit => state.quit = true,
        Action::Back | Action::ToggleHelp => {
            // Help opened from the risks-and-benefits view returns there.
            state.overlay =
                std::mem::take(&mut state.compare.help_over).then_some(Overlay::Compare);
        }
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll = (*scroll + 1).min(last),
        Action::PageUp | Action::HalfPageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown | Action::HalfPageDown => *scroll = (*scroll + 10).min(last),
        Action::Top => *scroll = 0,
        Action::Bottom => *scroll = last,
        Action::Wheel { down: true, .. } => *scroll = (*scroll + 3).min(last),
        Action::Wheel { down: false, .. } => *scroll = scroll.saturating_sub(3),
        Action::Resize { width, height } => {
            state.resize(width, height);
            let last = state
                .keymap
                .help_line_count()
                .saturating_sub(help_page(height));
            if let Some(Overlay::Help { scroll }) = &mut state.overlay {
                *scroll = (*scroll).min(last);
            }
        }
        _ => {}
    }
}

/// Handles one key press: looks it up in the current mode's table and applies the action.
/// Returns false when the key means nothing here (nothing changed, nothing to redraw).
/// Text-entry modes (the search box, a bookmark's note) type unbound printable keys.
pub fn on_key(state: &mut State, key: Key) -> bool {
    let mode = state.mode();
    let typed = match key {
        Key::Char(c) if mode.takes_text() && !c.is_control() => Some(Action::Type(c)),
        _ => None,
    };
    match state.keymap.lookup(mode, key).or(typed) {
        Some(action) => {
            update(state, action);
            true
        }
        None => false,
    }
}

/// Applies one action to the state. The only place the reader's behaviour is decided.
pub fn update(state: &mut State, action: Action) {
    // A notice that was a key's outcome is about the place that key left: the next key
    // (not a resize, and not the Esc that hides it) takes it away.
    let hides_it = matches!(action, Action::Back) && state.overlay.is_none();
    if !matches!(action, Action::Resize { .. }) && !hides_it && state.notice_is_transient() {
        state.notice = None;
    }
    let before = state.notice.clone();
    apply(state, action);
    if state.notice != before {
        state.transient_notice = state.notice.clone();
    }
}

impl State {
    /// Whether the notice shown came from a key press (and will go with the next one).
    pub fn notice_is_transient(&self) -> bool {
        self.notice.is_some() && self.notice == self.transient_notice
    }
}

fn apply(state: &mut State, action: Action) {
    match state.overlay {
        Some(Overlay::Help { .. }) => {
            help_update(state, action);
            state.keep_visible();
            return;
        }
        Some(Overlay::Bookmarks { .. } | Overlay::BookmarkNote { .. }) => {
            bookmarks::update(state, action);
            state.keep_visible();
            return;
        }
        Some(Overlay::Search) => {
            search::update(state, action);
            state.keep_visible();
            return;
        }
        Some(Overlay::Compare) => {
            compare_view::update(state, action);
            state.keep_visible();
            return;
        }
        None => {}
    }
    match action {
        Action::Quit => state.quit = true,
        Action::Back => {
            if state.notice.is_some() {
                state.notice = None;
            } else if state.geometry().sources_popup {
                state.focus = Pane::Tree;
            } else if state.highlight.is_some() {
                state.highlight = None;
            } else if state.focus != Pane::Sources {
                state.focus = state.focus.prev();
            }
        }
        Action::FocusNext => state.focus = state.focus.next(),
        Action::FocusPrev => state.focus = state.focus.prev(),
        Action::Focus(pane) => state.focus = pane,
        Action::Up => state.move_focused(-1),
        Action::Down => state.move_focused(1),
        Action::PageUp => state.move_focused(-(state.page(state.focus) as isize)),
        Action::PageDown => state.move_focused(state.page(state.focus) as isize),
        Action::HalfPageUp => state.move_focused(-((state.page(state.focus) / 2).max(1) as isize)),
        Action::HalfPageDown => state.move_focused((state.page(state.focus) / 2).max(1) as isize),
        Action::Top => match state.focus {
            Pane::Sources => state.move_sources(isize::MIN),
            Pane::Tree => {
                state.tree.select_first();
                state.show_section(state.tree.selected_section());
            }
            Pane::Text => state.scroll_text(isize::MIN),
        },
        Action::Bottom => match state.focus {
            Pane::Sources => state.move_sources(isize::MAX),
            Pane::Tree => {
                state.tree.select_last();
                state.show_section(state.tree.selected_section());
            }
            Pane::Text => state.scroll_text(isize::MAX),
        },
        Action::Open => match state.focus {
            Pane::Sources => state.focus = Pane::Text,
            Pane::Tree => {
                state.show_section(state.tree.selected_section());
                state.focus = Pane::Text;
            }
            Pane::Text => {}
        },
        Action::Left => match state.focus {
            Pane::Sources => {}
            Pane::Tree => {
                let before = state.tree.selected_node();
                if !state.tree.collapse_or_parent() {
                    state.focus = Pane::Sources;
                } else if state.tree.selected_node() != before {
                    state.show_section(state.tree.selected_section());
                }
            }
            Pane::Text => state.focus = Pane::Tree,
        },
        Action::Right => match state.focus {
            Pane::Sources => state.focus = Pane::Tree,
            Pane::Tree => {
                if !state.tree.expand() {
                    state.focus = Pane::Text;
                }
            }
            Pane::Text => {}
        },
        Action::NextSection => state.next_section(),
        Action::PrevSection => state.prev_section(),
        Action::ToggleHelp => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Search => search::open(state),
        Action::SearchNext => search::step(state, 1),
        Action::SearchPrev => search::step(state, -1),
        // Editing keys belong to the search line.
        Action::Type(_)
        | Action::DeleteBack
        | Action::DeleteWord
        | Action::ClearInput
        | Action::CursorLeft
        | Action::CursorRight
        | Action::CursorHome
        | Action::CursorEnd => {}
        Action::Compare => compare_view::open(state),
        Action::FilterSource | Action::AllSources | Action::ToggleGrid => {}
        Action::Resize { width, height } => state.resize(width, height),
        Action::Bookmark => bookmarks::ask_note(state),
        Action::Bookmarks => bookmarks::open_list(state),
        Action::Click { column, row } => state.click(column, row),
        Action::Wheel { column, row, down } => state.wheel(column, row, down),
        Action::DeleteBookmark => {}
    }
    state.keep_visible();
}

/// Work the last actions asked for, to run off the UI thread; each result goes to `finish`.
pub fn take_jobs(state: &mut State) -> Vec<background::Job> {
    std::mem::take(&mut state.jobs)
}

/// Puts a finished job's result into the state; false when nothing on screen changed (so
/// an idle reader writes nothing).
pub fn finish(state: &mut State, done: background::Done) -> bool {
    match done {
        background::Done::Comparison(comparison) => {
            compare_view::ready(state, *comparison);
            true
        }
        background::Done::CompareConfig { config, problem } => {
            compare_view::config_read(state, *config, problem)
        }
    }
}

/// Runs every pending job here and now (tests, and callers without threads).
pub fn run_jobs(state: &mut State) {
    for job in take_jobs(state) {
        finish(state, job.run());
    }
}

#[cfg(test)]
pub(crate) mod compare_fixture;
#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod tests_support;
