//! The section tree of one source as a plain struct: nodes, collapsed flags, selection and
//! scroll offset, with navigation that needs no rendering. Drawing lives in `ui::tree`.
//!
//! Node 0 is the lead (text before the first heading, shown under the source's title);
//! node `i + 1` is section `i` in reading order, so section ids map to nodes without a search.

use crate::model::{Section, Source};
use crate::sanitize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// None for the lead.
    pub section: Option<usize>,
    /// Indent level: 0 for the lead and top-level headings.
    pub level: usize,
    pub parent: Option<usize>,
    pub has_children: bool,
    /// Already sanitised for display.
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionTree {
    nodes: Vec<Node>,
    collapsed: Vec<bool>,
    selected: usize,
    offset: usize,
}

impl SectionTree {
    pub fn new(source: &Source) -> Self {
        let mut nodes = vec![Node {
            section: None,
            level: 0,
            parent: None,
            has_children: false,
            title: sanitize::display_line(&source.title).into_owned(),
        }];
        fn walk(sections: &[Section], level: usize, parent: Option<usize>, nodes: &mut Vec<Node>) {
            for section in sections {
                let index = nodes.len();
                nodes.push(Node {
                    section: Some(index - 1),
                    level,
                    parent,
                    has_children: !section.children.is_empty(),
                    title: sanitize::display_line(&section.title).into_owned(),
                });
                walk(&section.children, level + 1, Some(index), nodes);
            }
        }
        walk(&source.sections, 0, None, &mut nodes);
        let collapsed = vec![false; nodes.len()];
        SectionTree {
            nodes,
            collapsed,
            selected: 0,
            offset: 0,
        }
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn is_collapsed(&self, node: usize) -> bool {
        self.collapsed.get(node).copied().unwrap_or(false)
    }

    pub fn selected_node(&self) -> usize {
        self.selected
    }

    /// The selected section (None: the lead).
    pub fn selected_section(&self) -> Option<usize> {
        self.nodes.get(self.selected).and_then(|n| n.section)
    }

    /// First visible row; kept by `ensure_visible`.
    pub fn offset(&self) -> usize {
        self.offset
    }

    fn is_shown(&self, node: usize) -> bool {
        let mut parent = self.nodes[node].parent;
        while let Some(p) = parent {
            if self.collapsed[p] {
                return false;
            }
            parent = self.nodes[p].parent;
        }
        true
    }

    /// Node indices of the rows on screen, in order (children of collapsed nodes left out).
    pub fn visible(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&n| self.is_shown(n))
            .collect()
    }

    fn selected_row(&self, visible: &[usize]) -> usize {
        visible
            .iter()
            .position(|&n| n == self.selected)
            .unwrap_or(0)
    }

    /// Moves the selection by `delta` visible rows, stopping at either end.
    pub fn move_by(&mut self, delta: isize) {
        let visible = self.visible();
        let row = self.selected_row(&visible);
        let target = row.saturating_add_signed(delta).min(visible.len() - 1);
        self.selected = visible[target];
    }

    pub fn select_first(&mut self) {
        self.selected = 0;
    }

    pub fn select_last(&mut self) {
        let visible = self.visible();
        self.selected = *visible.last().unwrap_or(&0);
    }

    /// Collapses the selected node; when it has nothing to collapse, selects its parent.
    /// Returns false when neither was possible (a top-level leaf or collapsed node).
    pub fn collapse_or_parent(&mut self) -> bool {
        let node = &self.nodes[self.selected];
        if node.has_children && !self.collapsed[self.selected] {
            self.collapsed[self.selected] = true;
            true
        } else if let Some(parent) = node.parent {
            self.selected = parent;
            true
        } else {
            false
        }
    }

    /// Expands the selected node. Returns false when it has no children or is already open.
    pub fn expand(&mut self) -> bool {
        if self.nodes[self.selected].has_children && self.collapsed[self.selected] {
            self.collapsed[self.selected] = false;
            true
        } else {
            false
        }
    }

    /// Selects a section (None: the lead), opening its ancestors so it is on screen.
    pub fn select_section(&mut self, section: Option<usize>) {
        let node = section.map_or(0, |s| s + 1);
        if node >= self.nodes.len() {
            return;
        }
        let mut parent = self.nodes[node].parent;
        while let Some(p) = parent {
            self.collapsed[p] = false;
            parent = self.nodes[p].parent;
        }
        self.selected = node;
    }

    /// Selects the row showing `section`: the section itself, or its nearest shown ancestor
    /// when it sits inside a collapsed node. Used to follow the text as it scrolls.
    pub fn follow_section(&mut self, section: Option<usize>) {
        let mut node = section.map_or(0, |s| s + 1).min(self.nodes.len() - 1);
        while !self.is_shown(node) {
            match self.nodes[node].parent {
                Some(p) => node = p,
                None => break,
            }
        }
        self.selected = node;
    }

    /// Keeps the selection within `height` rows of the offset.
    pub fn ensure_visible(&mut self, height: usize) {
        let visible = self.visible();
        let row = self.selected_row(&visible);
        let height = height.max(1);
        if row < self.offset {
            self.offset = row;
        } else if row >= self.offset + height {
            self.offset = row + 1 - height;
        }
        self.offset = self.offset.min(visible.len().saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse, Format};

    fn tree() -> SectionTree {
        let source = parse(
            "t",
            "t.md",
            "# Title\n\nLead text.\n\n## One\n\nText.\n\n### One A\n\nText.\n\n### One B\n\nText.\n\n## Two\n\nText.\n",
            Format::Markdown,
        );
        SectionTree::new(&source)
    }

    fn titles(tree: &SectionTree) -> Vec<&str> {
        tree.visible()
            .iter()
            .map(|&n| tree.nodes()[n].title.as_str())
            .collect()
    }

    #[test]
    fn lead_comes_first_then_sections_in_reading_order() {
        let tree = tree();
        assert_eq!(tree.nodes()[0].section, None);
        let sections: Vec<Option<usize>> = tree.nodes().iter().map(|n| n.section).collect();
        assert_eq!(sections, vec![None, Some(0), Some(1), Some(2), Some(3)]);
        assert!(tree.nodes()[1].has_children);
        assert_eq!(tree.nodes()[2].parent, Some(1));
        assert!(tree.nodes()[2].level > tree.nodes()[1].level);
    }

    #[test]
    fn moving_stops_at_both_ends() {
        let mut tree = tree();
        tree.move_by(-1);
        assert_eq!(tree.selected_section(), None);
        tree.move_by(100);
        assert_eq!(tree.selected_section(), Some(3));
        tree.select_first();
        tree.move_by(2);
        assert_eq!(tree.selected_section(), Some(1));
    }

    #[test]
    fn collapsing_hides_children_and_moves_skip_them() {
        let mut tree = tree();
        let before = titles(&tree).len();
        tree.select_section(Some(0));
        assert!(tree.collapse_or_parent());
        assert_eq!(titles(&tree).len(), before - 2);
        tree.move_by(1);
        assert_eq!(tree.selected_section(), Some(3));
        tree.move_by(-1);
        assert!(tree.expand());
        assert!(!tree.expand());
        assert_eq!(titles(&tree).len(), before);
    }

    #[test]
    fn left_on_a_child_selects_its_parent() {
        let mut tree = tree();
        tree.select_section(Some(2));
        assert!(tree.collapse_or_parent());
        assert_eq!(tree.selected_section(), Some(0));
        tree.select_first();
        assert!(!tree.collapse_or_parent());
    }

    #[test]
    fn selecting_a_hidden_section_opens_its_parent_and_following_does_not() {
        let mut tree = tree();
        tree.select_section(Some(0));
        tree.collapse_or_parent();
        tree.follow_section(Some(2));
        assert_eq!(tree.selected_section(), Some(0));
        assert!(tree.is_collapsed(1));
        tree.select_section(Some(2));
        assert_eq!(tree.selected_section(), Some(2));
        assert!(!tree.is_collapsed(1));
    }

    #[test]
    fn offset_keeps_the_selection_on_screen() {
        let mut tree = tree();
        tree.select_last();
        tree.ensure_visible(2);
        assert_eq!(tree.offset(), 3);
        tree.select_first();
        tree.ensure_visible(2);
        assert_eq!(tree.offset(), 0);
        tree.ensure_visible(0);
        assert_eq!(tree.offset(), 0);
    }

    #[test]
    fn a_source_without_headings_has_only_the_lead() {
        let source = parse("x", "x.txt", "just some words", Format::PlainText);
        let mut tree = SectionTree::new(&source);
        assert_eq!(tree.nodes().len(), 1);
        tree.move_by(5);
        tree.select_last();
        tree.follow_section(Some(9));
        assert_eq!(tree.selected_section(), None);
    }
}
