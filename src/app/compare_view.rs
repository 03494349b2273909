//! The risks-and-benefits view's state (tab, column, selection, scroll, source filter) and
//! its update; the layout it scrolls over (`compare_layout`) is cached once per width and
//! filter, like `layout` for the text. Pure logic: drawing is `ui::compare`, terminal I/O is
//! `tui`'s. Everything from the files passes through `sanitize` before it is shown.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use ratatui::layout::Rect;

use unicode_width::UnicodeWidthStr;

use super::background::{Done, Job};
pub use super::compare_layout::{
    balance, bar_segments, cut, Look, Placed, Seg, ViewLayout, ViewLine, BAR_CELLS,
    MIN_SIDE_BY_SIDE,
};
use super::compare_layout::{lay_out, Labels};
use super::search::Mark;
use super::source_picker::{self, Choice, Picked, SourcePicker};
use super::{Action, Highlight, Overlay, Pane, State};
use crate::compare::{self, Comparison, Config, Coverage, Entry, Location, Stance, TopicRow};
use crate::sanitize::display_line;

/// The widest a topic name gets in the grid.
const GRID_NAME_MAX: usize = 30;

/// A column of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Benefits,
    Risks,
}

impl Side {
    pub fn index(self) -> usize {
        match self {
            Side::Benefits => 0,
            Side::Risks => 1,
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Benefits => Side::Risks,
            Side::Risks => Side::Benefits,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Side::Benefits => "Benefits",
            Side::Risks => "Risks",
        }
    }

    /// The entries of this column in a topic row.
    pub fn entries(self, row: &TopicRow) -> &[Entry] {
        match self {
            Side::Benefits => &row.benefits,
            Side::Risks => &row.risks,
        }
    }
}

/// The view's two tabs (`t` switches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Benefits and risks in rows by topic.
    Columns,
    /// Topics × sources.
    Grid,
}

/// Where the grid's parts go at a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridShape {
    pub name_width: usize,
    pub cell_width: usize,
    /// Source columns that fit.
    pub columns: usize,
    /// Topic rows shown at once.
    pub topic_rows: usize,
    /// Lines of the badge → title key under the grid.
    pub key_rows: usize,
    /// Whether "n/M" and the balance bar fit after the cells.
    pub tail: bool,
}

/// Rows of the body (between the header and the footer) at a terminal height.
pub fn body_rows(tab: Tab, height: u16) -> usize {
    let chrome = match tab {
        // Title bar, column names, footer.
        Tab::Columns => 3,
        // Title bar, footer.
        Tab::Grid => 2,
    };
    usize::from(height).saturating_sub(chrome)
}

/// What a key in the view asks of the reader around it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Stay,
    Jump(Location),
}

/// The coverage grid's data, computed once per filter (it walks every entry's locations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridData {
    pub coverage: Coverage,
    /// How many sources speak to each topic.
    pub speaking: Vec<usize>,
}

/// What a cached layout was made for: width and `--ascii`.
type LayoutKey = (usize, bool);

/// The view over one corpus's comparison.
#[derive(Debug)]
pub struct CompareView {
    full: Comparison,
    /// The source (index into the full comparison's sources) the filter keeps, and the
    /// comparison restricted to it.
    filtered: Option<(usize, Comparison)>,
    labels: Labels,
    badges: Vec<String>,
    titles: Vec<String>,
    pub tab: Tab,
    pub side: Side,
    /// Selected entry of each column (index into `ViewLayout::placed[side]`).
    selected: [usize; 2],
    top: usize,
    grid_row: usize,
    grid_top: usize,
    grid_left: usize,
    laid: RefCell<Option<(LayoutKey, Rc<ViewLayout>)>>,
    grid: RefCell<Option<Rc<GridData>>>,
    /// The source picker, while `f` has it open.
    picker: Option<SourcePicker>,
}

impl CompareView {
    /// `titles`: each source's title, in corpus order (the grid's key, the filter's label).
    pub fn new(full: Comparison, titles: Vec<String>) -> CompareView {
        let badges: Vec<String> = compare::badges(&full.sources)
            .iter()
            .map(|b| display_line(b).into_owned())
            .collect();
        let labels = Labels {
            badges: full.sources.iter().cloned().zip(badges.clone()).collect(),
        };
        let mut view = CompareView {
            full,
            filtered: None,
            labels,
            badges,
            titles,
            tab: Tab::Columns,
            side: Side::Benefits,
            selected: [0, 0],
            top: 0,
            grid_row: 0,
            grid_top: 0,
            grid_left: 0,
            laid: RefCell::new(None),
            grid: RefCell::new(None),
            picker: None,
        };
        view.side = view.first_side();
        view
    }

    /// The column holding the first entry in reading order (topic by topic, benefits before
    /// risks within a topic).
    fn first_side(&self) -> Side {
        let first_topic = |side| self.flat(side).first().map(|&(topic, _)| topic);
        match (first_topic(Side::Benefits), first_topic(Side::Risks)) {
            (Some(benefit), Some(risk)) if risk < benefit => Side::Risks,
            (None, Some(_)) => Side::Risks,
            _ => Side::Benefits,
        }
    }

    /// `g`: the very top of the view, on this column's first entry when it belongs to the
    /// first topic with any entry, else on the first entry in reading order.
    fn go_to_top(&mut self) {
        let first = self.first_side();
        let topic_of_first = |side| self.flat(side).first().map(|&(topic, _)| topic);
        if topic_of_first(self.side) != topic_of_first(first) {
            self.side = first;
        }
        self.selected[self.side.index()] = 0;
        self.top = 0;
    }

    /// The comparison shown: the whole corpus's, or the filtered one.
    pub fn comparison(&self) -> &Comparison {
        self.filtered.as_ref().map_or(&self.full, |(_, c)| c)
    }

    /// Short labels of every source of the corpus (`000`, `001`…), made safe.
    pub fn badges(&self) -> &[String] {
        &self.badges
    }

    /// Raw title of source `index` of the corpus.
    pub fn title(&self, index: usize) -> &str {
        self.titles.get(index).map_or("", String::as_str)
    }

    /// The source picker, when it is open.
    pub fn picker(&self) -> Option<&SourcePicker> {
        self.picker.as_ref()
    }

    /// Opens the source picker on the current filter; sources are matched by badge, id and
    /// title.
    fn open_picker(&mut self) {
        let haystacks = (0..self.full.sources.len())
            .map(|i| {
                format!(
                    "{} {} {}",
                    self.badges.get(i).map_or("", String::as_str),
                    self.full.sources[i],
                    self.title(i)
                )
            })
            .collect();
        self.picker = Some(SourcePicker::new(haystacks, self.filter()));
    }

    /// Index (in the corpus) of the source the filter keeps, None for all.
    pub fn filter(&self) -> Option<usize> {
        self.filtered.as_ref().map(|(i, _)| *i)
    }

    pub fn top(&self) -> usize {
        self.top
    }

    pub fn grid_row(&self) -> usize {
        self.grid_row
    }

    pub fn grid_top(&self) -> usize {
        self.grid_top
    }

    /// First source column shown in the grid.
    pub fn grid_left(&self) -> usize {
        self.grid_left
    }

    /// Selected entry index in `side`'s column.
    pub fn selected(&self, side: Side) -> usize {
        self.selected[side.index()]
    }

    /// Every entry of a column as (topic, index), in reading order.
    fn flat(&self, side: Side) -> Vec<(usize, usize)> {
        self.comparison()
            .topics
            .iter()
            .enumerate()
            .flat_map(|(t, row)| (0..side.entries(row).len()).map(move |i| (t, i)))
            .collect()
    }

    /// Entries in a column.
    pub fn count(&self, side: Side) -> usize {
        self.comparison()
            .topics
            .iter()
            .map(|row| side.entries(row).len())
            .sum()
    }

    /// The selected entry, with its topic's name.
    pub fn selected_entry(&self) -> Option<(&TopicRow, &Entry)> {
        let (t, i) = *self.flat(self.side).get(self.selected[self.side.index()])?;
        let row = self.comparison().topics.get(t)?;
        Some((row, self.side.entries(row).get(i)?))
    }

    /// The columns tab laid out at `width` (cached per width and filter).
    pub fn layout(&self, width: usize, ascii: bool) -> Rc<ViewLayout> {
        let key = (width, ascii);
        let mut cache = self.laid.borrow_mut();
        if let Some((cached, laid)) = cache.as_ref() {
            if *cached == key {
                return Rc::clone(laid);
            }
        }
        let laid = Rc::new(lay_out(self.comparison(), &self.labels, width, ascii));
        *cache = Some((key, Rc::clone(&laid)));
        laid
    }

    /// The coverage grid of the comparison shown (cached per filter).
    pub fn grid_data(&self) -> Rc<GridData> {
        let mut cache = self.grid.borrow_mut();
        if let Some(data) = cache.as_ref() {
            return Rc::clone(data);
        }
        let coverage = self.comparison().coverage();
        let speaking = coverage
            .cells
            .iter()
            .map(|row| row.iter().filter(|c| c.stance() != Stance::Silent).count())
            .collect();
        let data = Rc::new(GridData { coverage, speaking });
        *cache = Some(Rc::clone(&data));
        data
    }

    /// The grid's parts at a terminal size.
    pub fn grid_shape(&self, width: u16, height: u16) -> GridShape {
        let width = usize::from(width);
        let body = body_rows(Tab::Grid, height);
        let comparison = self.comparison();
        let topics = comparison.topics.len();
        let sources = comparison.sources.len();
        let name_width = comparison
            .topics
            .iter()
            .map(|t| display_line(&t.name).width())
            .max()
            .unwrap_or(5)
            .clamp(5, GRID_NAME_MAX)
            .min(width / 3);
        let cell_width = self
            .grid_sources()
            .iter()
            .map(|&i| self.badges.get(i).map_or(1, |b| b.width()))
            .max()
            .unwrap_or(1)
            + 1;
        let tail_width = format!(" {sources}/{sources} ").len() + BAR_CELLS + 2;
        let room = width.saturating_sub(2 + name_width);
        let tail = room >= tail_width + cell_width * sources.min(3);
        let room = if tail { room - tail_width } else { room };
        let columns = (room / cell_width).min(sources);
        // Legend and column heads, then topics; a key of the columns shown, if room is left.
        // When the topics scroll anyway, they leave a gap and one key line (saying how many
        // more there are when not all fit), as long as three topic rows remain.
        let key_reserve = if columns > 0 && body >= 2 + 2 + 3 {
            2
        } else {
            0
        };
        let topic_rows = topics.min(body.saturating_sub(2 + key_reserve));
        let key_rows = columns.min(body.saturating_sub(2 + topic_rows + 1));
        GridShape {
            name_width,
            cell_width,
            columns,
            topic_rows,
            key_rows,
            tail,
        }
    }

    /// Corpus indices of the grid's source columns (one when filtered).
    pub fn grid_sources(&self) -> Vec<usize> {
        match self.filter() {
            Some(i) => vec![i],
            None => (0..self.full.sources.len()).collect(),
        }
    }

    fn handle(&mut self, action: Action, width: u16, height: u16, ascii: bool) -> Outcome {
        if let Some(picker) = &mut self.picker {
            let rows = source_picker::list_rows(Rect::new(0, 0, width, height));
            match picker.handle(action, rows) {
                Picked::Open => {}
                Picked::Cancelled => self.picker = None,
                Picked::Chosen(choice) => {
                    self.picker = None;
                    self.set_filter(match choice {
                        Choice::All => None,
                        Choice::Source(i) => Some(i),
                    });
                }
            }
            self.keep_visible(width, height, ascii);
            return Outcome::Stay;
        }
        match self.tab {
            Tab::Columns => match action {
                Action::Up => self.move_by(-1),
                Action::Down => self.move_by(1),
                Action::PageUp => self.page(-1, 1, width, height, ascii),
                Action::PageDown => self.page(1, 1, width, height, ascii),
                Action::HalfPageUp => self.page(-1, 2, width, height, ascii),
                Action::HalfPageDown => self.page(1, 2, width, height, ascii),
                Action::Top => self.go_to_top(),
                Action::Bottom => {
                    self.selected[self.side.index()] = self.count(self.side).saturating_sub(1)
                }
                Action::FocusNext | Action::FocusPrev => {
                    self.switch_to(self.side.other(), width, ascii)
                }
                Action::Left => self.switch_to(Side::Benefits, width, ascii),
                Action::Right => self.switch_to(Side::Risks, width, ascii),
                Action::Open => {
                    if let Some(location) = self.selected_entry().and_then(|(_, e)| e.primary()) {
                        return Outcome::Jump(location.clone());
                    }
                }
                Action::FilterSource => self.open_picker(),
                Action::AllSources => self.set_filter(None),
                Action::ToggleGrid => {
                    self.tab = Tab::Grid;
                    if let Some(&(t, _)) = self.flat(self.side).get(self.selected(self.side)) {
                        self.grid_row = t;
                    }
                }
                _ => {}
            },
            Tab::Grid => {
                let last = self.comparison().topics.len().saturating_sub(1);
                let page = self.grid_shape(width, height).topic_rows.max(1);
                let shift = |row: usize, by: isize| row.saturating_add_signed(by).min(last);
                match action {
                    Action::Up => self.grid_row = shift(self.grid_row, -1),
                    Action::Down => self.grid_row = shift(self.grid_row, 1),
                    Action::PageUp => self.grid_row = shift(self.grid_row, -(page as isize)),
                    Action::PageDown => self.grid_row = shift(self.grid_row, page as isize),
                    Action::HalfPageUp => {
                        self.grid_row = shift(self.grid_row, -((page / 2).max(1) as isize))
                    }
                    Action::HalfPageDown => {
                        self.grid_row = shift(self.grid_row, (page / 2).max(1) as isize)
                    }
                    Action::Top => self.grid_row = 0,
                    Action::Bottom => self.grid_row = last,
                    Action::Left | Action::FocusPrev => {
                        self.grid_left = self.grid_left.saturating_sub(1)
                    }
                    Action::Right | Action::FocusNext => self.grid_left += 1,
                    Action::Open => self.show_topic(self.grid_row),
                    Action::ToggleGrid => self.tab = Tab::Columns,
                    Action::FilterSource => self.open_picker(),
                    Action::AllSources => self.set_filter(None),
                    _ => {}
                }
            }
        }
        self.keep_visible(width, height, ascii);
        Outcome::Stay
    }

    fn move_by(&mut self, delta: isize) {
        let last = self.count(self.side).saturating_sub(1);
        let slot = &mut self.selected[self.side.index()];
        *slot = slot.saturating_add_signed(delta).min(last);
    }

    /// Moves about a page (`divisor` 2: half a page) of rows, at least one entry.
    fn page(&mut self, direction: isize, divisor: usize, width: u16, height: u16, ascii: bool) {
        let laid = self.layout(usize::from(width), ascii);
        let rows = (body_rows(Tab::Columns, height) / divisor).max(1);
        let placed = &laid.placed[self.side.index()];
        let current = self.selected(self.side);
        let Some(here) = placed.get(current) else {
            return;
        };
        let target = if direction > 0 {
            let row = here.rows.start + rows;
            let beyond = placed
                .iter()
                .rposition(|p| p.rows.start <= row)
                .unwrap_or(0);
            beyond.max(current + 1)
        } else {
            let row = here.rows.start.saturating_sub(rows);
            let before = placed.iter().position(|p| p.rows.start >= row).unwrap_or(0);
            before.min(current.saturating_sub(1))
        };
        self.selected[self.side.index()] = target.min(placed.len().saturating_sub(1));
    }

    /// Moves to the other column, onto the entry drawn nearest the current one (same topic
    /// first). An empty column is not entered.
    fn switch_to(&mut self, side: Side, width: u16, ascii: bool) {
        if side == self.side || self.count(side) == 0 {
            return;
        }
        let laid = self.layout(usize::from(width), ascii);
        if let Some(here) = laid.placed[self.side.index()].get(self.selected(self.side)) {
            let nearest = laid.placed[side.index()]
                .iter()
                .enumerate()
                .min_by_key(|(_, p)| {
                    (
                        p.topic != here.topic,
                        p.rows.start.abs_diff(here.rows.start),
                    )
                })
                .map(|(i, _)| i);
            if let Some(i) = nearest {
                self.selected[side.index()] = i;
            }
        }
        self.side = side;
    }

    /// Columns tab, on the first entry of topic `t` (this column if it has one there).
    fn show_topic(&mut self, t: usize) {
        self.tab = Tab::Columns;
        for side in [self.side, self.side.other()] {
            if let Some(i) = self.flat(side).iter().position(|&(topic, _)| topic == t) {
                self.side = side;
                self.selected[side.index()] = i;
                return;
            }
        }
    }

    /// Shows only source `filter` (None: all), keeping the selected statement if it stays.
    pub fn set_filter(&mut self, filter: Option<usize>) {
        let keep = self
            .selected_entry()
            .and_then(|(_, e)| e.primary())
            .map(|l| (l.source, l.line));
        self.filtered = filter.and_then(|i| {
            let id = self.full.sources.get(i)?;
            Some((i, self.full.restricted_to(&[id.as_str()])))
        });
        *self.laid.borrow_mut() = None;
        *self.grid.borrow_mut() = None;
        self.top = 0;
        self.grid_top = 0;
        self.grid_left = 0;
        self.grid_row = self
            .grid_row
            .min(self.comparison().topics.len().saturating_sub(1));
        let mut kept = true;
        for side in [Side::Benefits, Side::Risks] {
            let flat = self.flat(side);
            let comparison = self.comparison();
            let found = keep.and_then(|(source, line)| {
                flat.iter().position(|&(t, i)| {
                    side.entries(&comparison.topics[t])[i]
                        .locations
                        .iter()
                        .any(|l| l.source == source && l.line == line)
                })
            });
            if side == self.side && found.is_none() {
                kept = false;
            }
            self.selected[side.index()] = found.unwrap_or(0);
        }
        // Without the statement, start from the top as the view opens.
        if !kept {
            self.side = self.first_side();
        }
    }

    /// Scrolls so the selection shows (with its topic's heading when it is the topic's first).
    fn keep_visible(&mut self, width: u16, height: u16, ascii: bool) {
        let rows = body_rows(Tab::Columns, height).max(1);
        let laid = self.layout(usize::from(width), ascii);
        if let Some(p) = laid.placed[self.side.index()].get(self.selected(self.side)) {
            let start = if p.index == 0 {
                laid.topic_starts
                    .get(p.topic)
                    .copied()
                    .unwrap_or(p.rows.start)
            } else {
                p.rows.start
            };
            // The entry's first row matters most, then the heading, then the entry's end.
            if p.rows.end > self.top + rows {
                self.top = p.rows.end - rows;
            }
            if start < self.top {
                self.top = start;
            }
            if p.rows.start >= self.top + rows || p.rows.start < self.top {
                self.top = p.rows.start;
            }
        }
        self.top = self.top.min(laid.lines.len().saturating_sub(1));

        let shape = self.grid_shape(width, height);
        let last = self.comparison().topics.len().saturating_sub(1);
        self.grid_row = self.grid_row.min(last);
        let visible = shape.topic_rows.max(1);
        if self.grid_row < self.grid_top {
            self.grid_top = self.grid_row;
        } else if self.grid_row >= self.grid_top + visible {
            self.grid_top = self.grid_row + 1 - visible;
        }
        let sources = self.grid_sources().len();
        self.grid_left = self
            .grid_left
            .min(sources.saturating_sub(shape.columns.max(1)));
    }
}

/// Reads the comparison's lexicon and topics: the built-in ones, or merged with the user's
/// lexicon file. The runner supplies it (the app reads no files); it runs off the UI thread.
#[derive(Clone)]
pub struct ConfigSource(Arc<dyn Fn() -> Result<Config, String> + Send + Sync>);

impl ConfigSource {
    pub fn new(load: impl Fn() -> Result<Config, String> + Send + Sync + 'static) -> Self {
        ConfigSource(Arc::new(load))
    }

    /// The configuration, or the built-in one and why the source's could not be used.
    fn load(&self) -> (Config, Option<String>) {
        match (self.0)() {
            Ok(config) => (config, None),
            Err(problem) => (Config::default(), Some(problem)),
        }
    }
}

impl Default for ConfigSource {
    /// The built-in lexicon and topics.
    fn default() -> Self {
        ConfigSource::new(|| Ok(Config::default()))
    }
}

impl std::fmt::Debug for ConfigSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConfigSource")
    }
}

/// The view's place in the state: where its configuration comes from, the configuration
/// once read, and the view once the comparison is done.
#[derive(Debug, Default)]
pub struct Slot {
    /// Lexicon and topics (the built-in ones, or with the user's lexicon file).
    source: ConfigSource,
    /// What `source` gave, once a job has read it (parsing the lexicon takes milliseconds,
    /// so it is never done before the first frame or on the UI thread).
    config: Option<Arc<Config>>,
    pub phase: Phase,
    /// The help overlay was opened from the view and closing it returns there.
    pub(super) help_over: bool,
}

#[derive(Debug, Default)]
pub enum Phase {
    /// Nobody asked yet.
    #[default]
    NotStarted,
    /// The comparison is being computed off the UI thread.
    Working,
    Ready(Box<CompareView>),
}

impl Slot {
    pub fn view(&self) -> Option<&CompareView> {
        match &self.phase {
            Phase::Ready(view) => Some(view),
            _ => None,
        }
    }

    /// Whether the help overlay is drawn over the view.
    pub fn under_help(&self) -> bool {
        self.help_over
    }
}

/// Reads the comparison's configuration from `source` from now on. A job reads it at once,
/// off the UI thread, and a problem with it (a broken lexicon file) becomes a notice, while
/// the view falls back on the built-in configuration.
pub fn use_config(state: &mut State, source: ConfigSource) {
    state.compare.source = source.clone();
    state.compare.config = None;
    state.jobs.push(Job::new(move || {
        let (config, problem) = source.load();
        Done::CompareConfig {
            config: Box::new(config),
            problem,
        }
    }));
}

/// Keeps a configuration read by `use_config`'s job, and reports a problem with it; true
/// when there was one to show.
pub(super) fn config_read(state: &mut State, config: Config, problem: Option<String>) -> bool {
    state.compare.config = Some(Arc::new(config));
    let Some(problem) = problem else {
        return false;
    };
    state.add_notice(format!("{problem} (the risks view uses the built-in one)"));
    true
}

/// `r` in the reader: opens the view, starting the comparison the first time.
pub(super) fn open(state: &mut State) {
    if matches!(state.compare.phase, Phase::NotStarted) {
        let corpus = Arc::clone(&state.corpus);
        let config = state.compare.config.clone();
        let source = state.compare.source.clone();
        state.jobs.push(Job::new(move || {
            // Opened before `use_config`'s job was done: read it here too; that job reports
            // any problem, so this one need not.
            let config = config.unwrap_or_else(|| Arc::new(source.load().0));
            Done::Comparison(Box::new(compare::compare(&corpus, &config)))
        }));
        state.compare.phase = Phase::Working;
    }
    state.overlay = Some(Overlay::Compare);
    settle(state);
}

/// Puts a finished comparison in place.
pub(super) fn ready(state: &mut State, comparison: Comparison) {
    let titles = state
        .corpus
        .sources
        .iter()
        .map(|s| s.title.clone())
        .collect();
    state.compare.phase = Phase::Ready(Box::new(CompareView::new(comparison, titles)));
    settle(state);
}

/// Keeps the view's selection on screen at the current size.
fn settle(state: &mut State) {
    let (width, height) = state.size();
    let ascii = state.settings.ascii;
    if let Phase::Ready(view) = &mut state.compare.phase {
        view.keep_visible(width, height, ascii);
    }
}

/// The file lines to highlight for a statement starting at `line`: its whole paragraph when
/// the paragraph is hard-wrapped over several lines, else that line.
fn statement_lines(
    source: &crate::model::Source,
    section: Option<usize>,
    line: usize,
) -> std::ops::RangeInclusive<usize> {
    let sections = source.flat_sections();
    let blocks = match section {
        None => &source.lead,
        Some(i) => match sections.get(i) {
            Some(found) => &found.section.blocks,
            None => return line..=line,
        },
    };
    blocks
        .iter()
        .find_map(|block| match block {
            crate::model::Block::Paragraph {
                line: first,
                end_line,
                ..
            }
            | crate::model::Block::Quote {
                line: first,
                end_line,
                ..
            } if *first == line => Some(line..=(*end_line).max(line)),
            _ => None,
        })
        .unwrap_or(line..=line)
}

/// Keys while the view is open.
pub(super) fn update(state: &mut State, action: Action) {
    // The picker takes every key but Ctrl-C and resizes: Esc closes it, not the view.
    let picking = state.compare.view().is_some_and(|v| v.picker().is_some());
    match action {
        Action::Back | Action::Compare | Action::ToggleHelp if picking => {}
        Action::Quit => {
            state.quit = true;
            return;
        }
        Action::Back | Action::Compare => {
            state.overlay = None;
            return;
        }
        Action::ToggleHelp => {
            state.compare.help_over = true;
            state.overlay = Some(Overlay::Help { scroll: 0 });
            return;
        }
        Action::Resize { width, height } => {
            state.resize(width, height);
            settle(state);
            return;
        }
        _ => {}
    }
    let (width, height) = state.size();
    let ascii = state.settings.ascii;
    let Phase::Ready(view) = &mut state.compare.phase else {
        return;
    };
    if let Outcome::Jump(location) = view.handle(action, width, height, ascii) {
        state.overlay = None;
        state.jump_to(location.source, location.section, location.line);
        let lines = state
            .corpus
            .sources
            .get(location.source)
            .map_or(location.line..=location.line, |source| {
                statement_lines(source, location.section, location.line)
            });
        state.highlight = Some(Highlight {
            source: location.source,
            lines,
        });
        // Within its paragraph, the statement itself is marked, as a search hit's sentence
        // is (the paragraph alone stays highlighted where the text cannot be found).
        state.search.mark = Some(Mark {
            source: location.source,
            line: location.line,
            text: location.text.clone(),
            ranges: Vec::new(),
        });
        state.focus = Pane::Text;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::compare_fixture::compare_corpus;
    use crate::app::{on_key, run_jobs, take_jobs, update, Key, Mode, Settings};

    fn opened(width: u16, height: u16) -> State {
        let mut state = State::new(compare_corpus(), Settings::default(), width, height);
        update(&mut state, Action::Compare);
        run_jobs(&mut state);
        state
    }

    fn view(state: &State) -> &CompareView {
        state.compare.view().expect("the comparison is ready")
    }

    fn press(state: &mut State, keys: &[Key]) {
        for key in keys {
            on_key(state, *key);
        }
    }

    /// The selected entry's primary location.
    fn selected_location(state: &State) -> Location {
        let (_, entry) = view(state).selected_entry().expect("a selection");
        entry.primary().expect("a location").clone()
    }

    #[test]
    fn r_opens_the_view_and_computes_the_comparison_once() {
        let mut state = State::new(compare_corpus(), Settings::default(), 100, 30);
        on_key(&mut state, Key::Char('r'));
        assert_eq!(state.overlay, Some(Overlay::Compare));
        assert_eq!(state.mode(), Mode::Compare);
        assert!(matches!(state.compare.phase, Phase::Working));
        let jobs = take_jobs(&mut state);
        assert_eq!(jobs.len(), 1);
        for job in jobs {
            crate::app::finish(&mut state, job.run());
        }
        assert!(view(&state).count(Side::Benefits) + view(&state).count(Side::Risks) > 0);
        press(&mut state, &[Key::Esc, Key::Char('r')]);
        assert_eq!(state.overlay, Some(Overlay::Compare));
        assert!(take_jobs(&mut state).is_empty(), "computed again");
    }

    #[test]
    fn the_configuration_is_read_once_by_a_job_and_a_broken_one_is_a_notice() {
        let reads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = Arc::clone(&reads);
        let mut state = State::new(compare_corpus(), Settings::default(), 100, 30);
        use_config(
            &mut state,
            ConfigSource::new(move || {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                Err("lexicon: /home/me/lexicon.toml: expected `]`".to_string())
            }),
        );
        let read_count = || reads.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(read_count(), 0, "read before the job ran");
        assert_eq!(state.notice, None);
        crate::app::run_jobs(&mut state);
        assert_eq!(read_count(), 1);
        let notice = state.notice.clone().expect("a notice");
        assert!(notice.contains("/home/me/lexicon.toml"), "{notice}");
        assert!(notice.contains("built-in"), "{notice}");
        on_key(&mut state, Key::Char('r'));
        crate::app::run_jobs(&mut state);
        assert_eq!(read_count(), 1, "the comparison read it again");
        assert!(
            view(&state).count(Side::Benefits) > 0,
            "built-in lexicon in use"
        );
    }

    #[test]
    fn r_before_the_configuration_is_read_reads_it_in_the_comparison_job() {
        let mut state = State::new(compare_corpus(), Settings::default(), 100, 30);
        // A lexicon that knows no benefit phrases, so the built-in one can't pass for it.
        let custom = || -> Result<Config, String> {
            let lexicon =
                crate::compare::Lexicon::from_toml(Some("[benefit]\nstrong = []\nweak = []\n"))?;
            Ok(Config {
                lexicon,
                ..Config::default()
            })
        };
        let expected = compare::compare(&compare_corpus(), &custom().unwrap()).topics;
        let built_in = compare::compare(&compare_corpus(), &Config::default()).topics;
        assert_ne!(
            expected, built_in,
            "the fixture can't tell the lexicons apart"
        );
        use_config(&mut state, ConfigSource::new(custom));
        on_key(&mut state, Key::Char('r'));
        let jobs = take_jobs(&mut state);
        assert_eq!(jobs.len(), 2);
        // The comparison finishes first.
        for job in jobs.into_iter().rev() {
            crate::app::finish(&mut state, job.run());
        }
        assert_eq!(view(&state).comparison().topics, expected);
        assert_eq!(state.notice, None);
    }

    #[test]
    fn j_and_k_move_within_the_column_and_stop_at_its_ends() {
        let mut state = opened(100, 30);
        let side = view(&state).side;
        let count = view(&state).count(side);
        assert!(count >= 2, "the fixture has two entries in a column");
        press(&mut state, &[Key::Char('j')]);
        assert_eq!(view(&state).selected(side), 1);
        press(&mut state, &[Key::Char('k'), Key::Char('k'), Key::Up]);
        assert_eq!(view(&state).selected(side), 0);
        for _ in 0..count + 3 {
            press(&mut state, &[Key::Down]);
        }
        assert_eq!(view(&state).selected(side), count - 1);
        press(&mut state, &[Key::Char('g')]);
        assert_eq!(view(&state).selected(side), 0);
        press(&mut state, &[Key::Char('G')]);
        assert_eq!(view(&state).selected(side), count - 1);
        assert_eq!(view(&state).side, side, "j/k never change column");
    }

    /// The column and row of the first entry in reading order: the topmost, benefits first.
    fn first_in_reading_order(laid: &ViewLayout) -> Option<(Side, usize)> {
        [Side::Benefits, Side::Risks]
            .into_iter()
            .filter_map(|side| {
                let first = laid.placed[side.index()].first()?;
                Some((first.rows.start, side.index(), side))
            })
            .min_by_key(|&(row, index, _)| (row, index))
            .map(|(row, _, side)| (side, row))
    }

    #[test]
    fn the_view_opens_at_the_top_and_g_returns_there_from_either_column() {
        for corpus in [crate::corpus::embedded(), compare_corpus()] {
            for (width, height) in [(120u16, 40u16), (80, 24), (60, 20)] {
                let mut state = State::new(corpus.clone(), Settings::default(), width, height);
                press(&mut state, &[Key::Char('r')]);
                run_jobs(&mut state);
                let laid = view(&state).layout(usize::from(width), false);
                let (side, _) = first_in_reading_order(&laid).expect("entries");
                let at = format!("{width}x{height}");
                assert_eq!(view(&state).top(), 0, "{at}: opens at the top");
                assert_eq!(view(&state).side, side, "{at}");
                assert_eq!(view(&state).selected(side), 0, "{at}");
                let rows = body_rows(Tab::Columns, height);
                for column in [Key::Char('h'), Key::Char('l'), Key::Char('h')] {
                    press(&mut state, &[Key::Char('G'), column, Key::Char('g')]);
                    let v = view(&state);
                    assert_eq!(v.top(), 0, "{at}: g after {column:?}");
                    let placed = &laid.placed[v.side.index()][v.selected(v.side)];
                    assert!(placed.rows.start < rows, "{at}: the selection shows");
                    assert_eq!(laid.placed[v.side.index()][0], *placed);
                }
            }
        }
    }

    #[test]
    fn tab_switches_column_onto_the_entry_beside_the_selection() {
        let mut state = opened(100, 30);
        assert_eq!(view(&state).side, Side::Benefits);
        let (topic, _) = view(&state).selected_entry().unwrap();
        let topic = topic.name.clone();
        press(&mut state, &[Key::Tab]);
        assert_eq!(view(&state).side, Side::Risks);
        let (risk_topic, _) = view(&state).selected_entry().unwrap();
        let has_risks = !view(&state)
            .comparison()
            .topics
            .iter()
            .find(|t| t.name == topic)
            .unwrap()
            .risks
            .is_empty();
        if has_risks {
            assert_eq!(risk_topic.name, topic, "same topic when it has risks");
        }
        press(&mut state, &[Key::Tab]);
        assert_eq!(view(&state).side, Side::Benefits);
        press(&mut state, &[Key::Char('l')]);
        assert_eq!(view(&state).side, Side::Risks);
        press(&mut state, &[Key::Char('h')]);
        assert_eq!(view(&state).side, Side::Benefits);
    }

    /// `f`, then down the list (all sources first, then each in corpus order) to source
    /// `i` and Enter.
    fn pick(state: &mut State, i: usize) {
        press(state, &[Key::Char('f')]);
        assert!(view(state).picker().is_some(), "f opens the picker");
        press(state, &[Key::PageUp]);
        for _ in 0..=i {
            press(state, &[Key::Down]);
        }
        press(state, &[Key::Enter]);
        assert!(view(state).picker().is_none(), "Enter closes the picker");
    }

    #[test]
    fn an_empty_column_is_not_entered() {
        let mut state = opened(100, 30);
        // Filter to each source in turn; wherever a column is empty, Tab must stay put.
        for i in 0..3 {
            pick(&mut state, i);
            let v = view(&state);
            let (side, other) = (v.side, v.side.other());
            assert!(v.count(side) > 0 || v.count(other) == 0);
            if v.count(other) == 0 {
                press(&mut state, &[Key::Tab]);
                assert_eq!(view(&state).side, side);
            }
        }
    }

    #[test]
    fn picking_a_source_shows_only_its_statements_and_f_shift_shows_all_again() {
        let mut state = opened(100, 30);
        let ids = view(&state).comparison().sources.clone();
        assert_eq!(view(&state).filter(), None);
        for (i, id) in ids.iter().enumerate() {
            pick(&mut state, i);
            assert_eq!(view(&state).filter(), Some(i));
            let shown = view(&state).comparison();
            assert_eq!(shown.sources, vec![id.clone()]);
            for row in &shown.topics {
                for entry in row.benefits.iter().chain(&row.risks) {
                    assert_eq!(entry.sources, vec![id.clone()], "{}", entry.text);
                }
            }
        }
        press(&mut state, &[Key::Char('F')]);
        assert_eq!(view(&state).filter(), None);
    }

    #[test]
    fn typing_in_the_picker_narrows_by_title_and_esc_keeps_the_view_as_it_was() {
        let mut state = opened(100, 30);
        let (index, title) = (0..view(&state).badges().len())
            .map(|i| (i, view(&state).title(i).to_string()))
            .max_by_key(|(_, title)| title.len())
            .expect("sources");
        let word = title
            .split_whitespace()
            .max_by_key(|w| w.len())
            .expect("a titled source")
            .to_string();
        press(&mut state, &[Key::Char('f')]);
        assert_eq!(state.mode(), Mode::SourcePicker);
        let keys: Vec<Key> = word.chars().map(Key::Char).collect();
        press(&mut state, &keys);
        let picker = view(&state).picker().expect("still open");
        assert!(picker.matches().contains(&Choice::Source(index)), "{word}");
        assert!(!picker.matches().contains(&Choice::All));
        press(&mut state, &[Key::Esc]);
        assert!(view(&state).picker().is_none());
        assert_eq!(
            state.overlay,
            Some(Overlay::Compare),
            "Esc closes only the picker"
        );
        assert_eq!(view(&state).filter(), None);
    }

    #[test]
    fn the_filter_keeps_the_selected_statement_when_its_source_stays() {
        let mut state = opened(100, 30);
        let before = selected_location(&state);
        pick(&mut state, before.source);
        assert_eq!(view(&state).filter(), Some(before.source));
        let after = view(&state).selected_entry().unwrap().1;
        assert!(after
            .locations
            .iter()
            .any(|l| l.source == before.source && l.line == before.line));
    }

    #[test]
    fn t_toggles_the_grid_and_enter_there_shows_the_topic() {
        let mut state = opened(100, 30);
        press(&mut state, &[Key::Char('t')]);
        assert_eq!(view(&state).tab, Tab::Grid);
        let topics = view(&state).comparison().topics.len();
        press(&mut state, &[Key::Char('G')]);
        assert_eq!(view(&state).grid_row(), topics - 1);
        press(&mut state, &[Key::Char('k')]);
        let row = view(&state).grid_row();
        assert_eq!(row, topics - 2);
        press(&mut state, &[Key::Enter]);
        assert_eq!(view(&state).tab, Tab::Columns);
        let name = view(&state).comparison().topics[row].name.clone();
        assert_eq!(view(&state).selected_entry().unwrap().0.name, name);
        assert_eq!(
            state.overlay,
            Some(Overlay::Compare),
            "Enter in the grid stays"
        );
        press(&mut state, &[Key::Char('t'), Key::Char('t')]);
        assert_eq!(view(&state).tab, Tab::Columns);
    }

    #[test]
    fn enter_jumps_to_the_statement_in_the_reader() {
        let mut state = opened(100, 30);
        press(&mut state, &[Key::Tab, Key::Char('j')]);
        let target = selected_location(&state);
        press(&mut state, &[Key::Enter]);
        assert_eq!(state.overlay, None);
        assert_eq!(state.source_index(), target.source);
        assert_eq!(state.tree().selected_section(), target.section);
        assert_eq!(state.focus, Pane::Text);
        let laid = state.layout();
        assert_eq!(laid.lines[state.top()].source_line, target.line);
        let highlight = state
            .highlight
            .clone()
            .expect("the statement is highlighted");
        assert_eq!(highlight.source, target.source);
        assert!(highlight.lines.contains(&target.line));
        // The statement itself is found in its paragraph's laid-out lines, to be marked.
        let mark = state.search.mark.clone().expect("the statement is marked");
        assert_eq!(mark.text, target.text);
        let found = super::super::search::locate(&laid, &mark).expect("the statement is found");
        assert!(highlight.lines.contains(&found.block_line));
        // Back in the view, the selection is where it was.
        press(&mut state, &[Key::Char('r')]);
        assert_eq!(selected_location(&state), target);
    }

    #[test]
    fn a_jump_from_the_view_leaves_no_notice_about_the_place_before() {
        let mut state = opened(100, 30);
        press(&mut state, &[Key::Esc, Key::Char('m'), Key::Enter]);
        assert!(state.notice.as_deref().unwrap().contains("bookmarked"));
        press(&mut state, &[Key::Char('r'), Key::Enter]);
        assert_eq!(state.overlay, None, "jumped");
        assert_eq!(state.notice, None);
    }

    #[test]
    fn a_hard_wrapped_paragraph_is_highlighted_whole() {
        let article = "# Notes on Sauna Use\n\n## Risks\n\nDehydration and dizziness are common side\neffects of long sauna sessions, and fainting\ncan follow.\n";
        let corpus = crate::corpus::Corpus {
            sources: vec![crate::model::parse(
                "s",
                "s.md",
                article,
                crate::model::Format::Markdown,
            )],
            warnings: Vec::new(),
            origin: crate::corpus::Origin::Embedded,
        };
        let mut state = State::new(corpus, Settings::default(), 100, 30);
        press(&mut state, &[Key::Char('r')]);
        run_jobs(&mut state);
        let target = selected_location(&state);
        press(&mut state, &[Key::Enter]);
        let highlight = state.highlight.clone().expect("highlighted");
        assert_eq!(*highlight.lines.start(), target.line);
        assert_eq!(
            highlight.lines.end() - highlight.lines.start(),
            2,
            "{highlight:?}"
        );
    }

    #[test]
    fn esc_returns_to_the_reader_where_it_was() {
        let mut state = State::new(compare_corpus(), Settings::default(), 100, 30);
        press(
            &mut state,
            &[Key::Char('j'), Key::Char('3'), Key::Char('j')],
        );
        let (position, focus) = (state.position(), state.focus);
        on_key(&mut state, Key::Char('r'));
        run_jobs(&mut state);
        press(
            &mut state,
            &[
                Key::Char('j'),
                Key::Tab,
                Key::Char('f'),
                Key::Down,
                Key::Enter,
                Key::Char('t'),
            ],
        );
        press(&mut state, &[Key::Esc]);
        assert_eq!(state.overlay, None);
        assert_eq!((state.position(), state.focus), (position, focus));
        assert_eq!(state.highlight, None);
        for back in [Key::Char('q'), Key::Char('r')] {
            press(&mut state, &[Key::Char('r'), back]);
            assert_eq!(state.overlay, None);
            assert!(!state.quit);
        }
    }

    #[test]
    fn help_opened_in_the_view_returns_to_it() {
        let mut state = opened(100, 30);
        press(&mut state, &[Key::Char('?')]);
        assert_eq!(state.mode(), Mode::Help);
        press(&mut state, &[Key::Esc]);
        assert_eq!(state.overlay, Some(Overlay::Compare));
        press(&mut state, &[Key::Esc, Key::Char('?'), Key::Esc]);
        assert_eq!(
            state.overlay, None,
            "help from the reader returns to the reader"
        );
    }

    #[test]
    fn the_selection_stays_on_screen_while_moving_and_resizing() {
        let mut state = opened(80, 10);
        for (width, height) in [(80, 10), (50, 8), (120, 12), (30, 6)] {
            update(&mut state, Action::Resize { width, height });
            for key in [
                Key::Char('g'),
                Key::Down,
                Key::Down,
                Key::Down,
                Key::PageDown,
                Key::Tab,
                Key::Char('G'),
                Key::PageUp,
            ] {
                on_key(&mut state, key);
                let v = view(&state);
                let laid = v.layout(usize::from(width), false);
                let rows = body_rows(Tab::Columns, height).max(1);
                let placed = &laid.placed[v.side.index()][v.selected(v.side)];
                assert!(
                    placed.rows.start >= v.top() && placed.rows.start < v.top() + rows,
                    "{key:?} at {width}x{height}: entry at {:?}, top {}",
                    placed.rows,
                    v.top()
                );
            }
        }
    }

    #[test]
    fn page_down_moves_about_a_page_and_at_least_one_entry() {
        for height in [8, 12, 40] {
            let mut state = opened(100, height);
            press(&mut state, &[Key::Tab]);
            let side = view(&state).side;
            let laid = view(&state).layout(100, false);
            let placed = laid.placed[side.index()].clone();
            let rows = body_rows(Tab::Columns, height);
            let mut at = 0;
            press(&mut state, &[Key::Char('g')]);
            while at + 1 < placed.len() {
                press(&mut state, &[Key::PageDown]);
                let next = view(&state).selected(side);
                assert!(next > at, "height {height}: stuck at {at}");
                assert!(
                    next == at + 1 || placed[next].rows.start <= placed[at].rows.start + rows,
                    "height {height}: jumped past a page"
                );
                at = next;
            }
            press(&mut state, &[Key::PageUp]);
            assert!(view(&state).selected(side) < at || at == 0);
        }
    }

    #[test]
    fn a_corpus_without_benefits_or_risks_opens_an_empty_view() {
        let neutral = "Garden Notes\nThe garden has three beds and a shed.\nLayout\nThe beds run north to south.\n";
        let corpus = crate::corpus::Corpus {
            sources: vec![crate::model::parse_plain_text("g", "g.txt", neutral)],
            warnings: Vec::new(),
            origin: crate::corpus::Origin::Embedded,
        };
        let mut state = State::new(corpus, Settings::default(), 80, 24);
        on_key(&mut state, Key::Char('r'));
        run_jobs(&mut state);
        for key in [
            Key::Down,
            Key::Tab,
            Key::Enter,
            Key::Char('f'),
            Key::Char('t'),
            Key::Enter,
            Key::Char('G'),
        ] {
            on_key(&mut state, key);
            assert_eq!(state.overlay, Some(Overlay::Compare), "{key:?}");
        }
        assert_eq!(state.overlay, Some(Overlay::Compare));
        assert!(view(&state).selected_entry().is_none());
    }

    #[test]
    fn the_grid_counts_the_sources_that_speak_to_each_topic() {
        let mut state = opened(100, 30);
        for _ in 0..4 {
            let v = view(&state);
            let data = v.grid_data();
            let comparison = v.comparison();
            let expected: Vec<usize> = comparison
                .topics
                .iter()
                .map(|t| t.sources(&comparison.sources).len())
                .collect();
            assert_eq!(data.speaking, expected);
            assert_eq!(data.coverage, comparison.coverage());
            press(&mut state, &[Key::Char('f')]);
        }
    }
}
