//! The search overlay's state and behaviour: the query line, the results shown (grouped by
//! source, then section), the selection, and the last search that `n`/`N` step through.
//! Pure: no threads and no terminal. `tui` runs the `Searcher` off the UI thread, takes the
//! requests queued here (`take_request`) and hands results back (`deliver`).

use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::{Action, Highlight, Overlay, Pane, State};
use crate::layout::Layout;
use crate::search::{group_hits, Hit, Index, Query, Results};

/// The query line: text and a cursor counted in chars.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
}

impl LineInput {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Chars before the cursor.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(at, _)| at)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn insert(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    fn delete_back(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        let at = self.byte_at(self.cursor - 1);
        self.text.remove(at);
        self.cursor -= 1;
        true
    }

    /// Deletes back to the start of the word before the cursor (spaces, then non-spaces),
    /// as Ctrl-W does in a shell.
    fn delete_word(&mut self) -> bool {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        if start == self.cursor {
            return false;
        }
        let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(from..to, "");
        self.cursor = start;
        true
    }

    fn clear(&mut self) -> bool {
        let changed = !self.text.is_empty();
        self.text.clear();
        self.cursor = 0;
        changed
    }

    fn move_cursor(&mut self, to: usize) {
        self.cursor = to.min(self.len());
    }

    /// Applies an editing action (typing, deleting, moving the cursor): Some(true) when the
    /// text changed, Some(false) when only the cursor moved, None for any other action.
    pub fn edit(&mut self, action: Action) -> Option<bool> {
        Some(match action {
            Action::Type(c) => {
                self.insert(c);
                true
            }
            Action::DeleteBack => self.delete_back(),
            Action::DeleteWord => self.delete_word(),
            Action::ClearInput => self.clear(),
            Action::CursorLeft | Action::Left => {
                self.move_cursor(self.cursor.saturating_sub(1));
                false
            }
            Action::CursorRight | Action::Right => {
                self.move_cursor(self.cursor + 1);
                false
            }
            Action::CursorHome => {
                self.move_cursor(0);
                false
            }
            Action::CursorEnd => {
                self.move_cursor(usize::MAX);
                false
            }
            _ => return None,
        })
    }
}

/// A search for the worker: run `query`; its results come back tagged with `generation`.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub generation: u64,
    pub query: Query,
}

/// What the search state asks of the worker after a change.
#[derive(Debug, Clone)]
pub enum Outgoing {
    Search(SearchRequest),
    /// The query was emptied: stop whatever is running, nothing replaces it.
    Cancel,
}

/// What the worker reports.
#[derive(Debug, Clone)]
pub enum SearchEvent {
    /// The index is built; searches can run and snippets can be cut.
    IndexReady(Arc<Index>),
    Results {
        generation: u64,
        /// The query text that was run.
        query: String,
        results: Results,
    },
    /// The worker is gone (a bug): search is unavailable for the rest of the session.
    Failed,
}

/// One row of the results list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Source(usize),
    Section {
        source: usize,
        section: Option<usize>,
    },
    /// An index into `Shown::hits`.
    Hit(usize),
}

/// The results on screen: the hits in list order (by source, then section, as
/// `group_hits` groups them) and the rows that draw them.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub query: String,
    /// The looser form of `query` these hits are for, when it found nothing as typed.
    pub loosened: Option<String>,
    /// In list order: `n` steps through them in this order too.
    pub hits: Vec<Hit>,
    /// Hits found before the limit cut the list.
    pub total: usize,
    pub rows: Vec<Row>,
    /// For each hit, its row.
    hit_rows: Vec<usize>,
}

impl Shown {
    fn new(query: String, results: Results) -> Shown {
        let mut hits = Vec::with_capacity(results.hits.len());
        let mut rows = Vec::new();
        let mut hit_rows = Vec::new();
        for group in group_hits(&results.hits) {
            rows.push(Row::Source(group.source));
            for section in group.sections {
                rows.push(Row::Section {
                    source: group.source,
                    section: section.section,
                });
                for n in section.hits {
                    hit_rows.push(rows.len());
                    rows.push(Row::Hit(hits.len()));
                    hits.push(results.hits[n].clone());
                }
            }
        }
        Shown {
            query,
            loosened: results.loosened,
            hits,
            total: results.total,
            rows,
            hit_rows,
        }
    }

    /// The row that shows hit `n`.
    pub fn row_of(&self, n: usize) -> Option<usize> {
        self.hit_rows.get(n).copied()
    }
}

/// The search that `n`/`N` step through after `Enter`.
#[derive(Debug, Clone)]
pub struct LastSearch {
    pub query: String,
    pub hits: Vec<Hit>,
    pub current: usize,
}

/// Where a hit's matched characters are: the unit's text and char ranges of it, at a file
/// line of a source. The text view finds them in its layout (`locate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub source: usize,
    /// The file line the hit is on (or inside, for a hard-wrapped paragraph).
    pub line: usize,
    /// The unit's text, raw.
    pub text: String,
    /// Char ranges of `text` that matched.
    pub ranges: Vec<Range<usize>>,
}

/// Everything the search overlay and `n`/`N` need.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    pub input: LineInput,
    /// Set once the worker has built it; `None` means "indexing…".
    pub index: Option<Arc<Index>>,
    pub shown: Option<Shown>,
    /// Why the current query cannot run (the last results stay on screen).
    pub error: Option<String>,
    /// Index into `shown.hits`.
    pub selected: usize,
    /// First list row on screen.
    pub scroll: usize,
    pub last: Option<LastSearch>,
    /// The match the text view draws, while `State::highlight` is on.
    pub mark: Option<Mark>,
    /// The worker died: say so instead of "indexing…" or "searching…".
    pub failed: bool,
    generation: u64,
    shown_generation: u64,
    outgoing: Option<Outgoing>,
}

impl SearchState {
    /// A search is queued or running whose results are not shown yet.
    pub fn is_searching(&self) -> bool {
        self.generation > self.shown_generation && self.error.is_none() && !self.failed
    }

    /// What the worker should do next, taken once.
    pub fn take_request(&mut self) -> Option<Outgoing> {
        self.outgoing.take()
    }

    /// Re-reads the query after an edit: queues a search, or notes why it cannot run.
    fn query_changed(&mut self) {
        let text = self.input.text();
        if text.trim().is_empty() {
            self.error = None;
            self.shown = None;
            self.selected = 0;
            self.scroll = 0;
            self.generation += 1;
            self.shown_generation = self.generation;
            self.outgoing = Some(Outgoing::Cancel);
            return;
        }
        match Query::parse(text) {
            Ok(query) => {
                self.error = None;
                self.generation += 1;
                self.outgoing = Some(Outgoing::Search(SearchRequest {
                    generation: self.generation,
                    query,
                }));
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }
}

/// The overlay's box on a screen of `area`: most of it, at most 100 columns wide.
pub fn overlay_area(area: Rect) -> Rect {
    let width = if area.width >= 24 {
        (area.width - 4).min(100)
    } else {
        area.width
    };
    let height = if area.height >= 10 {
        area.height - 2
    } else {
        area.height
    };
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Rows above the list inside the box: the query line and the status line.
pub const HEADER_ROWS: u16 = 2;

/// Rows of results the overlay shows at the state's size (at least 1).
pub fn list_height(state: &State) -> usize {
    let (width, height) = state.size();
    let area = overlay_area(Rect::new(0, 0, width, height));
    usize::from(area.height.saturating_sub(2 + HEADER_ROWS)).max(1)
}

/// `/`: opens the overlay over the reader as it is; the last query stays for editing.
pub fn open(state: &mut State) {
    state.overlay = Some(Overlay::Search);
    state.search.input.move_cursor(usize::MAX);
    keep_selection_visible(state);
}

/// Keys while the overlay is open.
pub fn update(state: &mut State, action: Action) {
    let edited = match state.search.input.edit(action) {
        Some(edited) => edited,
        None => match action {
            Action::Up => {
                move_selection(state, -1);
                false
            }
            Action::Down => {
                move_selection(state, 1);
                false
            }
            Action::PageUp => {
                move_selection(state, -(list_height(state) as isize));
                false
            }
            Action::PageDown => {
                move_selection(state, list_height(state) as isize);
                false
            }
            Action::Open => {
                go_to_selected(state);
                false
            }
            // Nothing moved while the overlay was open: closing it is the way back.
            Action::Back | Action::Search => {
                state.overlay = None;
                false
            }
            Action::Quit => {
                state.quit = true;
                false
            }
            Action::Resize { width, height } => {
                state.resize(width, height);
                keep_selection_visible(state);
                false
            }
            _ => false,
        },
    };
    if edited {
        state.search.query_changed();
    }
}

/// Takes what the worker reports; true when the screen should be redrawn (only what the
/// open overlay shows: the reader stays quiet while the index is built in the background).
pub fn deliver(state: &mut State, event: SearchEvent) -> bool {
    let visible = state.overlay == Some(Overlay::Search);
    let search = &mut state.search;
    match event {
        SearchEvent::IndexReady(index) => {
            search.index = Some(index);
            visible
        }
        SearchEvent::Failed => {
            search.failed = true;
            search.shown_generation = search.generation;
            state.notice = Some("search stopped working (internal error)".to_string());
            true
        }
        SearchEvent::Results {
            generation,
            query,
            results,
        } => {
            // Older than what is shown: a newer search already answered.
            if generation <= search.shown_generation {
                return false;
            }
            search.shown_generation = generation;
            search.shown = Some(Shown::new(query, results));
            search.selected = 0;
            search.scroll = 0;
            visible
        }
    }
}

fn move_selection(state: &mut State, delta: isize) {
    let Some(shown) = &state.search.shown else {
        return;
    };
    let last = shown.hits.len().saturating_sub(1);
    state.search.selected = state.search.selected.saturating_add_signed(delta).min(last);
    keep_selection_visible(state);
}

/// Scrolls the list so the selected hit shows, with its source and section rows when they
/// fit above it.
fn keep_selection_visible(state: &mut State) {
    let height = list_height(state);
    let search = &mut state.search;
    let Some(shown) = &search.shown else {
        search.scroll = 0;
        return;
    };
    let Some(row) = shown.row_of(search.selected) else {
        search.scroll = 0;
        return;
    };
    let mut first = row;
    while first > 0 && !matches!(shown.rows[first - 1], Row::Hit(_)) && row - (first - 1) < height {
        first -= 1;
    }
    if first < search.scroll {
        search.scroll = first;
    } else if row >= search.scroll + height {
        search.scroll = row + 1 - height;
    }
}

fn go_to_selected(state: &mut State) {
    let Some(shown) = &state.search.shown else {
        return;
    };
    if shown.hits.is_empty() {
        return;
    }
    let chosen = &shown.hits[state.search.selected.min(shown.hits.len() - 1)];
    // `n` reads on through the text: the hits in reading order (source, then line),
    // starting from the one chosen, not in the list's order of relevance.
    let mut hits = shown.hits.clone();
    hits.sort_by_key(|hit| (hit.source, hit.line, hit.unit));
    let current = hits.iter().position(|hit| hit == chosen).unwrap_or(0);
    state.search.last = Some(LastSearch {
        query: shown.query.clone(),
        hits,
        current,
    });
    state.overlay = None;
    state.focus = Pane::Text;
    show_current(state);
}

/// `n` (1) and `N` (-1): the next or previous hit of the last search, wrapping around.
pub fn step(state: &mut State, delta: isize) {
    let Some(last) = &mut state.search.last else {
        state.notice = Some("no previous search: press / to search".to_string());
        return;
    };
    let count = last.hits.len();
    let next = (last.current as isize + delta).rem_euclid(count as isize) as usize;
    let wrapped = (delta > 0 && next < last.current) || (delta < 0 && next > last.current);
    last.current = next;
    state.notice = wrapped.then(|| {
        if delta > 0 {
            "search wrapped to the first hit".to_string()
        } else {
            "search wrapped to the last hit".to_string()
        }
    });
    show_current(state);
}

/// Shows the current hit of the last search in the text view, its match highlighted.
fn show_current(state: &mut State) {
    let Some(last) = &state.search.last else {
        return;
    };
    let hit = &last.hits[last.current];
    let counter = (last.current + 1, last.hits.len());
    let (source, section, line) = (hit.source, hit.section, hit.line);
    let mark = state.search.index.as_ref().map(|index| Mark {
        source,
        line,
        text: index.text(hit.unit).to_string(),
        ranges: hit.matched_ranges(),
    });
    let laid = state.layout_at(source, state.text_width());
    let block = block_line(&laid, line);
    state.jump_to(source, section, block.unwrap_or(0));
    state.highlight = block.map(|b| Highlight {
        source,
        lines: b..=b,
    });
    // Show the matching sentence near the top, with its paragraph's start and the section
    // heading above it when they are close enough to fit in the top third.
    let paragraph = state.top;
    let target = mark
        .as_ref()
        .and_then(|m| locate(&laid, m))
        .map_or(paragraph, |found| found.first_row);
    let heading = section
        .and_then(|s| laid.section_starts.get(s).copied())
        .unwrap_or(0);
    let context = state.text_height() / 3;
    let top = [heading, paragraph, target]
        .into_iter()
        .find(|&row| row <= target && target - row <= context)
        .unwrap_or(target);
    // Near the end, a full last page still shows the target (it is on the last page).
    state.top = top.min(state.max_top());
    state.search.mark = mark;
    state.counter = Some(counter);
    state.keep_visible();
}

/// The file line of the laid-out block holding file line `line`: the line itself when a
/// block starts there, else the nearest block start before it (a hard-wrapped paragraph
/// has one start line for all its file lines).
pub fn block_line(laid: &Layout, line: usize) -> Option<usize> {
    laid.lines
        .iter()
        .map(|l| l.source_line)
        .filter(|&l| l != 0 && l <= line)
        .max()
}

/// Where a mark is in a layout: char ranges of screen lines (`LaidLine::text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The file line of the block holding the match.
    pub block_line: usize,
    /// The screen line where the unit (the sentence) starts.
    pub first_row: usize,
    /// The whole unit, per screen line: (line, char range of that line's text).
    pub unit: Vec<(usize, Range<usize>)>,
    /// The matched chars, per screen line.
    pub matched: Vec<(usize, Range<usize>)>,
}

/// Finds a mark's unit in the laid-out block it belongs to, ignoring whitespace (wrapping
/// turns spaces into line breaks; list bullets add a prefix). None when the laid text
/// differs (sanitising replaced characters): the caller highlights whole lines then.
pub fn locate(laid: &Layout, mark: &Mark) -> Option<Located> {
    let block = block_line(laid, mark.line)?;
    let first = laid.lines.iter().position(|l| l.source_line == block)?;
    let rows = laid.lines[first..]
        .iter()
        .take_while(|l| l.source_line == block)
        .count();
    // Non-space chars of the block with their (screen line, char index).
    let mut laid_chars: Vec<(char, usize, usize)> = Vec::new();
    for (n, line) in laid.lines[first..first + rows].iter().enumerate() {
        for (i, c) in line.text().chars().enumerate() {
            if !c.is_whitespace() {
                laid_chars.push((c, first + n, i));
            }
        }
    }
    // Non-space chars of the unit with their char index in the unit.
    let unit: Vec<(char, usize)> = mark
        .text
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (c, i))
        .collect();
    if unit.is_empty() || unit.len() > laid_chars.len() {
        return None;
    }
    let start = (0..=laid_chars.len() - unit.len()).find(|&s| {
        unit.iter()
            .zip(&laid_chars[s..])
            .all(|((a, _), (b, _, _))| a == b)
    })?;
    let span = &laid_chars[start..start + unit.len()];
    // The whole unit, one run per screen line (the spaces between words included).
    let mut whole: Vec<(usize, Range<usize>)> = Vec::new();
    for &(_, row, col) in span {
        match whole.last_mut() {
            Some((r, range)) if *r == row => range.end = col + 1,
            _ => whole.push((row, col..col + 1)),
        }
    }
    let matched_at = |at: usize| mark.ranges.iter().any(|r| r.contains(&at));
    let matched = matched_runs(&unit, span, &matched_at);
    Some(Located {
        block_line: block,
        first_row: span[0].1,
        unit: whole,
        matched,
    })
}

/// Runs of matched chars per screen line; a run ends at an unmatched char (spaces do not
/// count, so the space between two matched words is drawn as part of the match).
fn matched_runs(
    unit: &[(char, usize)],
    span: &[(char, usize, usize)],
    matched_at: &dyn Fn(usize) -> bool,
) -> Vec<(usize, Range<usize>)> {
    let mut out: Vec<(usize, Range<usize>)> = Vec::new();
    let mut previous_matched = false;
    for ((_, unit_at), &(_, row, col)) in unit.iter().zip(span) {
        let matched = matched_at(*unit_at);
        if matched {
            match out.last_mut() {
                Some((r, range)) if previous_matched && *r == row => range.end = col + 1,
                _ => out.push((row, col..col + 1)),
            }
        }
        previous_matched = matched;
    }
    out
}

/// How the help overlay describes an action in the search table.
pub fn describe(action: Action) -> &'static str {
    match action {
        Action::Back => "close, back to where you were",
        Action::Open => "go to the hit",
        Action::Up => "previous hit",
        Action::Down => "next hit",
        Action::PageUp => "page up",
        Action::PageDown => "page down",
        other => other.describe(),
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
