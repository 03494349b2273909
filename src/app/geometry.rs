//! Where each pane goes for a terminal size: the responsive breakpoints, as a pure function.
//! Both `update` (page sizes, text width) and `ui::render` use it, so they always agree.

use ratatui::layout::Rect;

use super::Pane;

/// At least this wide for three panes side by side.
pub const WIDE: u16 = 100;
/// At least this wide for contents and text side by side (sources become a popup).
pub const MEDIUM: u16 = 60;
/// Below this size only a one-line notice is drawn.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// The text column's default widest width, however wide the pane.
pub const MAX_TEXT_WIDTH: u16 = 100;
/// With three panes the text pane keeps at least this many columns (a comfortable measure).
const MIN_TEXT_PANE: u16 = 56;
/// The sources and contents panes stop growing here; wider terminals give the rest to text.
const MAX_SOURCES_PANE: u16 = 48;
const MAX_TREE_PANE: u16 = 56;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    /// Sources · contents · text.
    Three,
    /// Contents · text; the sources pane pops up over them when focused.
    Two,
    /// The focused pane alone.
    One,
    TooSmall,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub arrangement: Arrangement,
    /// Outer rectangles (borders included) of the panes drawn; None when hidden.
    pub sources: Option<Rect>,
    pub tree: Option<Rect>,
    pub text: Option<Rect>,
    /// The sources pane floats over the others.
    pub sources_popup: bool,
    pub notice: Option<Rect>,
    pub status: Rect,
}

/// The area inside a pane's border.
pub fn inner(outer: Rect) -> Rect {
    Rect {
        x: outer.x.saturating_add(1),
        y: outer.y.saturating_add(1),
        width: outer.width.saturating_sub(2),
        height: outer.height.saturating_sub(2),
    }
}

/// The centred column text is laid out in, inside the text pane's border (one column of
/// padding each side, at most `max_width` wide).
pub fn text_column(outer: Rect, max_width: u16) -> Rect {
    let inside = inner(outer);
    let width = inside.width.saturating_sub(2).clamp(1, max_width.max(1));
    let width = width.min(inside.width);
    Rect {
        x: inside.x + (inside.width - width) / 2,
        width,
        ..inside
    }
}

/// Columns of the given widths from the left of `area`, and the rest. The breakpoints make
/// the widths fit, and then this is what ratatui's `Layout` with `Length`s and a `Fill` gives,
/// without its constraint solver (about 280K instructions for each new terminal size, a
/// measurable part of the reader's first frame). Widths that did not fit would be cut short.
fn columns_at_left<const N: usize>(area: Rect, widths: [u16; N]) -> ([Rect; N], Rect) {
    let mut x = area.x;
    let columns = widths.map(|width| {
        let width = width.min(area.right() - x);
        let column = Rect { x, width, ..area };
        x += width;
        column
    });
    let rest = Rect {
        x,
        width: area.right() - x,
        ..area
    };
    (columns, rest)
}

/// Rows of the given heights at the bottom of `area` (top to bottom), and the rest above
/// them; like `columns_at_left`, what ratatui's `Layout` gives for heights that fit.
fn rows_at_bottom<const N: usize>(area: Rect, heights: [u16; N]) -> ([Rect; N], Rect) {
    let total = heights.iter().fold(0u16, |sum, h| sum.saturating_add(*h));
    let rest = Rect {
        height: area.height.saturating_sub(total),
        ..area
    };
    let mut y = rest.bottom();
    let rows = heights.map(|height| {
        let height = height.min(area.bottom() - y);
        let row = Rect { y, height, ..area };
        y += height;
        row
    });
    (rows, rest)
}

impl Geometry {
    pub fn compute(area: Rect, focus: Pane, has_notice: bool, source_count: usize) -> Geometry {
        let hidden = Geometry {
            arrangement: Arrangement::TooSmall,
            sources: None,
            tree: None,
            text: None,
            sources_popup: false,
            notice: None,
            status: Rect { height: 0, ..area },
        };
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return hidden;
        }
        let notice_height = u16::from(has_notice);
        let ([notice, status], main) = rows_at_bottom(area, [notice_height, 1]);
        let notice = has_notice.then_some(notice);
        let width = area.width;
        if width >= WIDE {
            // Half the width goes to the sources and contents (titles need it more than the
            // text needs more than a comfortable measure), the text keeping at least
            // MIN_TEXT_PANE; past both panes' caps the text takes the rest.
            let sides = (width / 2)
                .min(width - MIN_TEXT_PANE)
                .min(MAX_SOURCES_PANE + MAX_TREE_PANE);
            let tree_width = (sides * 55 / 100).clamp(22, MAX_TREE_PANE);
            let sources_width = (sides - tree_width).clamp(18, MAX_SOURCES_PANE);
            let ([sources, tree], text) = columns_at_left(main, [sources_width, tree_width]);
            Geometry {
                arrangement: Arrangement::Three,
                sources: Some(sources),
                tree: Some(tree),
                text: Some(text),
                sources_popup: false,
                notice,
                status,
            }
        } else if width >= MEDIUM {
            let tree_width = (width * 30 / 100).clamp(20, 30);
            let ([tree], text) = columns_at_left(main, [tree_width]);
            let sources = (focus == Pane::Sources).then(|| {
                let rows = u16::try_from(source_count * 2).unwrap_or(u16::MAX);
                let height = rows.saturating_add(2).clamp(3, main.height);
                let popup_width = width.min(56);
                Rect {
                    x: main.x,
                    y: main.y,
                    width: popup_width,
                    height,
                }
            });
            Geometry {
                arrangement: Arrangement::Two,
                sources,
                tree: Some(tree),
                text: Some(text),
                sources_popup: sources.is_some(),
                notice,
                status,
            }
        } else {
            let mut geometry = Geometry {
                arrangement: Arrangement::One,
                sources: None,
                tree: None,
                text: None,
                sources_popup: false,
                notice,
                status,
            };
            match focus {
                Pane::Sources => geometry.sources = Some(main),
                Pane::Tree => geometry.tree = Some(main),
                Pane::Text => geometry.text = Some(main),
            }
            geometry
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(width: u16, height: u16, focus: Pane) -> Geometry {
        Geometry::compute(Rect::new(0, 0, width, height), focus, true, 5)
    }

    #[test]
    fn the_split_is_what_ratatuis_layout_solver_gives() {
        use ratatui::layout::{Constraint, Layout};
        let solved_rows = |area: Rect, notice: u16| -> [Rect; 3] {
            Layout::vertical([
                Constraint::Fill(1),
                Constraint::Length(notice),
                Constraint::Length(1),
            ])
            .areas(area)
        };
        for height in MIN_HEIGHT..200 {
            for notice in [0, 1] {
                let area = Rect::new(0, 0, 120, height);
                let ([n, status], main) = rows_at_bottom(area, [notice, 1]);
                assert_eq!(
                    [main, n, status],
                    solved_rows(area, notice),
                    "height {height}"
                );
            }
        }
        for width in MIN_WIDTH..400 {
            let area = Rect::new(0, 0, width, 29);
            let g = Geometry::compute(Rect { height: 30, ..area }, Pane::Sources, false, 5);
            let solved: Vec<Rect> = match g.arrangement {
                Arrangement::Three => {
                    // The widths are the geometry's choice; the solver places them.
                    let sources = g.sources.expect("three panes").width;
                    let tree = g.tree.expect("three panes").width;
                    let [a, b, c] = Layout::horizontal([
                        Constraint::Length(sources),
                        Constraint::Length(tree),
                        Constraint::Fill(1),
                    ])
                    .areas(area);
                    vec![a, b, c]
                }
                Arrangement::Two => {
                    let tree = (width * 30 / 100).clamp(20, 30);
                    let [a, b] =
                        Layout::horizontal([Constraint::Length(tree), Constraint::Fill(1)])
                            .areas(area);
                    vec![a, b]
                }
                Arrangement::One | Arrangement::TooSmall => continue,
            };
            let ours: Vec<Rect> = match g.arrangement {
                Arrangement::Three => [g.sources, g.tree, g.text].into_iter().flatten().collect(),
                _ => [g.tree, g.text].into_iter().flatten().collect(),
            };
            assert_eq!(ours, solved, "width {width}");
        }
    }

    #[test]
    fn breakpoints_choose_the_arrangement() {
        assert_eq!(at(120, 40, Pane::Tree).arrangement, Arrangement::Three);
        assert_eq!(at(100, 30, Pane::Tree).arrangement, Arrangement::Three);
        assert_eq!(at(99, 30, Pane::Tree).arrangement, Arrangement::Two);
        assert_eq!(at(60, 30, Pane::Tree).arrangement, Arrangement::Two);
        assert_eq!(at(59, 30, Pane::Tree).arrangement, Arrangement::One);
        assert_eq!(at(19, 30, Pane::Tree).arrangement, Arrangement::TooSmall);
        assert_eq!(at(80, 4, Pane::Tree).arrangement, Arrangement::TooSmall);
        assert_eq!(at(0, 0, Pane::Tree).arrangement, Arrangement::TooSmall);
    }

    #[test]
    fn panes_fit_inside_the_terminal_and_do_not_overlap_the_status_bar() {
        for width in 0..130 {
            for height in 0..45 {
                for focus in [Pane::Sources, Pane::Tree, Pane::Text] {
                    let area = Rect::new(0, 0, width, height);
                    let g = Geometry::compute(area, focus, height % 2 == 0, 7);
                    for pane in [g.sources, g.tree, g.text, g.notice].into_iter().flatten() {
                        assert_eq!(pane.intersection(area), pane, "{width}x{height}");
                        assert!(!pane.intersects(g.status), "{width}x{height}");
                    }
                    if let Some(text) = g.text {
                        let column = text_column(text, MAX_TEXT_WIDTH);
                        assert!(column.width <= MAX_TEXT_WIDTH);
                        assert_eq!(column.intersection(text), column);
                    }
                }
            }
        }
    }

    #[test]
    fn wide_panes_centre_a_capped_text_column() {
        let g = at(240, 40, Pane::Text);
        let text = g.text.unwrap();
        let column = text_column(text, MAX_TEXT_WIDTH);
        assert_eq!(column.width, MAX_TEXT_WIDTH);
        let left = column.x - text.x;
        let right = text.right() - column.right();
        assert!(left.abs_diff(right) <= 1);
    }

    #[test]
    fn wide_terminals_share_the_width_between_titles_and_text() {
        let mut last = (0, 0, 0);
        for width in [100u16, 120, 160, 200, 300] {
            let g = at(width, 40, Pane::Text);
            let (sources, tree, text) = (g.sources.unwrap(), g.tree.unwrap(), g.text.unwrap());
            assert_eq!(sources.width + tree.width + text.width, width);
            assert!(text.width >= MIN_TEXT_PANE, "{width}: a readable measure");
            // No pane shrinks as the terminal grows, and the side panes take a fair share
            // until they hold whole titles.
            let now = (sources.width, tree.width, text.width);
            assert!(
                now.0 >= last.0 && now.1 >= last.1 && now.2 >= last.2,
                "{width}"
            );
            if width >= 120 {
                assert!(
                    sources.width + tree.width >= (width / 2).min(MAX_SOURCES_PANE + MAX_TREE_PANE),
                    "{width}: {now:?}"
                );
            }
            last = now;
        }
    }

    #[test]
    fn medium_width_shows_sources_only_as_a_popup_when_focused() {
        assert!(at(80, 24, Pane::Tree).sources.is_none());
        let g = at(80, 24, Pane::Sources);
        assert!(g.sources_popup);
        assert!(g.sources.is_some());
    }
}
