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
