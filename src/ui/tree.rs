//! The contents pane: the selected source's section tree, lead first, children indented,
//! with open/closed markers on sections that have children.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::fit;
use super::theme::Theme;
use crate::app::{Pane, State};
use crate::layout::Kind;

pub fn render(state: &State, frame: &mut Frame, outer: Rect, theme: Theme) {
    let inner = super::framed(state, frame, outer, Pane::Tree, " 2 Contents ", theme);
    if inner.is_empty() {
        return;
    }
    let tree = state.tree();
    let focused = state.focus == Pane::Tree;
    let (open, closed) = if state.settings.ascii {
        ("- ", "+ ")
    } else {
        ("▾ ", "▸ ")
    };
    let visible = tree.visible();
    for (slot, &node_index) in visible
        .iter()
        .skip(tree.offset())
        .take(usize::from(inner.height))
        .enumerate()
    {
        let node = &tree.nodes()[node_index];
        let marker = if !node.has_children {
            "  "
        } else if tree.is_collapsed(node_index) {
            closed
        } else {
            open
        };
        let indent = 1 + node.level * 2;
        let room = usize::from(inner.width).saturating_sub(indent + 2);
        let mut title = Span::raw(fit(&node.title, room, state.settings.ascii));
        if node.section.is_none() {
            title = title.style(theme.kind(Kind::Title));
        }
        let line = Line::from(vec![
            Span::raw(" ".repeat(indent)),
            Span::styled(marker, theme.kind(Kind::Bullet)),
            title,
        ]);
        let row = Rect {
            y: inner.y + slot as u16,
            height: 1,
            ..inner
        };
        super::row::put_line(frame.buffer_mut(), row, &line);
        if node_index == tree.selected_node() {
            frame.buffer_mut().set_style(row, theme.selected(focused));
        }
    }
}
