//! The risks view's source picker (`f`): a query line that narrows the corpus's sources by
//! fuzzy match on their badge, id and title, a list to move in, and the choice that filters
//! the view. Pure state: the view applies the choice, `ui::compare` draws it.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use ratatui::layout::Rect;

use super::search::{overlay_area, LineInput};
use super::Action;

/// Rows above the list inside the picker's frame: the query line and a count.
pub const HEADER_ROWS: u16 = 2;

/// The picker's frame in a view of `area` (the search overlay's place).
pub fn area(area: Rect) -> Rect {
    overlay_area(area)
}

/// How many list rows the picker shows in a view of `area`.
pub fn list_rows(view: Rect) -> usize {
    usize::from(area(view).height.saturating_sub(2 + HEADER_ROWS))
}

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Every source again (listed first while the query is empty).
    All,
    /// Source `index` of the corpus.
    Source(usize),
}

/// What a key did to the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picked {
    Open,
    Cancelled,
    Chosen(Choice),
}

#[derive(Debug)]
pub struct SourcePicker {
    pub input: LineInput,
    /// What each source is matched against: "badge id title".
    haystacks: Vec<String>,
    matches: Vec<Choice>,
    selected: usize,
    top: usize,
}

impl SourcePicker {
    /// A picker over sources described by `haystacks`, on `current` (None: all sources).
    pub fn new(haystacks: Vec<String>, current: Option<usize>) -> SourcePicker {
        let mut picker = SourcePicker {
            input: LineInput::default(),
            haystacks,
            matches: Vec::new(),
            selected: 0,
            top: 0,
        };
        picker.refilter();
        if let Some(current) = current {
            picker.selected = picker
                .matches
                .iter()
                .position(|c| *c == Choice::Source(current))
                .unwrap_or(0);
        }
        picker
    }

    pub fn matches(&self) -> &[Choice] {
        &self.matches
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    /// First row shown, given `rows` rows of room (kept so the selection is visible).
    pub fn top(&self, rows: usize) -> usize {
        let rows = rows.max(1);
        if self.selected < self.top {
            self.selected
        } else if self.selected >= self.top + rows {
            self.selected + 1 - rows
        } else {
            self.top
        }
    }

    /// Applies one key's action; `rows` is how many list rows are drawn (for paging).
    pub fn handle(&mut self, action: Action, rows: usize) -> Picked {
        if let Some(edited) = self.input.edit(action) {
            if edited {
                self.refilter();
            }
            return Picked::Open;
        }
        let page = rows.max(1) as isize;
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::Open => {
                return match self.matches.get(self.selected) {
                    Some(&choice) => Picked::Chosen(choice),
                    None => Picked::Open,
                }
            }
            Action::Back | Action::FilterSource => return Picked::Cancelled,
            _ => {}
        }
        self.top = self.top(rows);
        Picked::Open
    }

    fn move_by(&mut self, delta: isize) {
        let last = self.matches.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// The sources matching the query, best first (ties in corpus order); with no query,
    /// "all" and then every source in corpus order. Smart case, as in search.
    fn refilter(&mut self) {
        let query = self.input.text().trim();
        self.matches = if query.is_empty() {
            std::iter::once(Choice::All)
                .chain((0..self.haystacks.len()).map(Choice::Source))
                .collect()
        } else {
            let matcher = SkimMatcherV2::default().smart_case();
            let mut scored: Vec<(i64, usize)> = self
                .haystacks
                .iter()
                .enumerate()
                .filter_map(|(i, text)| matcher.fuzzy_match(text, query).map(|s| (s, i)))
                .collect();
            scored.sort_by_key(|&(score, i)| (std::cmp::Reverse(score), i));
            scored.into_iter().map(|(_, i)| Choice::Source(i)).collect()
        };
        self.selected = 0;
        self.top = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker(current: Option<usize>) -> SourcePicker {
        SourcePicker::new(
            vec![
                "000 000_a Ketamine for depression".to_string(),
                "001 001_b Esketamine nasal spray".to_string(),
                "002 002_c Long-term safety of ketamine".to_string(),
            ],
            current,
        )
    }

    fn type_text(picker: &mut SourcePicker, text: &str) {
        for c in text.chars() {
            picker.handle(Action::Type(c), 10);
        }
    }

    #[test]
    fn with_no_query_all_comes_first_then_every_source_on_the_current_one() {
        let p = picker(Some(2));
        assert_eq!(
            p.matches(),
            [
                Choice::All,
                Choice::Source(0),
                Choice::Source(1),
                Choice::Source(2)
            ]
        );
        assert_eq!(p.selected(), 3);
    }

    #[test]
    fn typing_narrows_to_the_sources_that_match_and_enter_chooses() {
        let mut p = picker(None);
        type_text(&mut p, "nasl");
        assert_eq!(p.matches(), [Choice::Source(1)]);
        assert_eq!(
            p.handle(Action::Open, 10),
            Picked::Chosen(Choice::Source(1))
        );
    }

    #[test]
    fn deleting_the_query_brings_every_source_back() {
        let mut p = picker(None);
        type_text(&mut p, "zzz");
        assert!(p.matches().is_empty());
        assert_eq!(p.handle(Action::Open, 10), Picked::Open);
        p.handle(Action::ClearInput, 10);
        assert_eq!(p.matches().len(), 4);
    }

    #[test]
    fn moving_stays_inside_the_list_and_keeps_the_selection_in_view() {
        let mut p = picker(None);
        p.handle(Action::PageDown, 2);
        assert_eq!(p.selected(), 2);
        assert_eq!(p.top(2), 1);
        p.handle(Action::Down, 2);
        p.handle(Action::Down, 2);
        assert_eq!(p.selected(), 3);
        p.handle(Action::Up, 2);
        p.handle(Action::Up, 2);
        p.handle(Action::Up, 2);
        p.handle(Action::Up, 2);
        assert_eq!((p.selected(), p.top(2)), (0, 0));
    }

    #[test]
    fn escape_cancels() {
        let mut p = picker(None);
        assert_eq!(p.handle(Action::Back, 10), Picked::Cancelled);
    }
}
