//! Mouse clicks and wheel turns (with `mouse = true`): which pane is under the pointer and
//! what a click or a notch of the wheel does there. Pure state changes like the rest of `app`.

use ratatui::layout::{Position, Rect};

use super::{geometry, Pane, State};

/// Text rows one notch of the wheel scrolls.
const WHEEL_ROWS: isize = 3;

impl State {
    /// The pane drawn at a cell, with its outer rectangle. The sources popup lies over the
    /// others, so it is asked first.
    fn pane_at(&self, column: u16, row: u16) -> Option<(Pane, Rect)> {
        let g = self.geometry();
        let at = Position::new(column, row);
        [
            (Pane::Sources, g.sources),
            (Pane::Tree, g.tree),
            (Pane::Text, g.text),
        ]
        .into_iter()
        .find_map(|(pane, rect)| rect.filter(|r| r.contains(at)).map(|r| (pane, r)))
    }

    /// Focuses the pane clicked; in a list, selects the row clicked (as `Enter` would show it).
    pub(super) fn click(&mut self, column: u16, row: u16) {
        let Some((pane, outer)) = self.pane_at(column, row) else {
            return;
        };
        self.focus = pane;
        let inner = geometry::inner(outer);
        if !inner.contains(Position::new(column, row)) {
            return;
        }
        let slot = usize::from(row - inner.y);
        match pane {
            Pane::Sources => {
                let (rows_per_item, _) = self.sources_rows();
                let index = self.sources_offset + slot / rows_per_item.max(1);
                if index < self.corpus.sources.len() && index != self.source {
                    self.select_source(index);
                }
            }
            Pane::Tree => {
                let visible = self.tree.visible();
                if let Some(&node) = visible.get(self.tree.offset() + slot) {
                    let section = self.tree.nodes()[node].section;
                    self.show_section(section);
                }
            }
            Pane::Text => {}
        }
    }

    /// Scrolls the pane under the pointer, focused or not.
    pub(super) fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let Some((pane, _)) = self.pane_at(column, row) else {
            return;
        };
        let sign = if down { 1 } else { -1 };
        match pane {
            Pane::Sources => self.move_sources(sign),
            Pane::Tree => self.move_tree(sign),
            Pane::Text => self.scroll_text(sign * WHEEL_ROWS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests_support::sample_corpus;
    use super::super::{update, Action, Settings};
    use super::*;

    fn state() -> State {
        State::new(sample_corpus(), Settings::default(), 120, 40)
    }

    fn inner_of(s: &State, pane: Pane) -> Rect {
        let g = s.geometry();
        let outer = match pane {
            Pane::Sources => g.sources,
            Pane::Tree => g.tree,
            Pane::Text => g.text,
        };
        geometry::inner(outer.unwrap())
    }

    #[test]
    fn a_click_focuses_the_pane_and_selects_the_row() {
        let mut s = state();
        let tree = inner_of(&s, Pane::Tree);
        // Row 2 of the contents: lead, Turbines, Blade Wear.
        update(
            &mut s,
            Action::Click {
                column: tree.x + 3,
                row: tree.y + 2,
            },
        );
        assert_eq!(s.focus, Pane::Tree);
        assert_eq!(s.tree().selected_section(), Some(1));
        assert_eq!(s.top(), s.layout().section_starts[1]);

        let sources = inner_of(&s, Pane::Sources);
        let (rows_per_item, _) = s.sources_rows();
        update(
            &mut s,
            Action::Click {
                column: sources.x,
                row: sources.y + u16::try_from(rows_per_item).unwrap(),
            },
        );
        assert_eq!(s.focus, Pane::Sources);
        assert_eq!(s.source_index(), 1);

        // Below the last item, or on the status bar: nothing breaks.
        update(
            &mut s,
            Action::Click {
                column: sources.x,
                row: sources.y + sources.height - 1,
            },
        );
        assert_eq!(s.source_index(), 1);
        update(&mut s, Action::Click { column: 0, row: 39 });
        update(
            &mut s,
            Action::Click {
                column: 500,
                row: 500,
            },
        );
    }

    #[test]
    fn the_wheel_scrolls_the_pane_under_the_pointer_without_focusing_it() {
        let mut s = state();
        let text = inner_of(&s, Pane::Text);
        let wheel = |down| Action::Wheel {
            column: text.x + 5,
            row: text.y + 5,
            down,
        };
        update(&mut s, wheel(true));
        update(&mut s, wheel(true));
        assert_eq!(s.top(), 2 * WHEEL_ROWS as usize);
        assert_eq!(s.focus, Pane::Sources);
        update(&mut s, wheel(false));
        assert_eq!(s.top(), WHEEL_ROWS as usize);

        let tree = inner_of(&s, Pane::Tree);
        update(
            &mut s,
            Action::Wheel {
                column: tree.x,
                row: tree.y,
                down: true,
            },
        );
        assert_eq!(s.tree().selected_section(), Some(0));
        assert_eq!(s.source_index(), 0);
    }

    #[test]
    fn the_wheel_scrolls_the_help_overlay() {
        let mut s = state();
        update(&mut s, Action::ToggleHelp);
        update(
            &mut s,
            Action::Wheel {
                column: 60,
                row: 20,
                down: true,
            },
        );
        assert_eq!(s.overlay, Some(super::super::Overlay::Help { scroll: 3 }));
        assert_eq!(s.top(), 0);
    }
}
