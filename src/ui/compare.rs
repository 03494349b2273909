//! Draws the risks-and-benefits view full screen: the columns tab (benefits left, risks
//! right, rows by topic) and the coverage grid. Reads `app::compare_view` by reference and
//! draws only the visible slice of its cached layout; text arrives there already sanitised.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::{fit, separator};
use crate::app::compare_view::{
    balance, body_rows, CompareView, Look, Phase, Seg, Side, Tab, ViewLine, BAR_CELLS,
};
use crate::app::State;
use crate::compare::Stance;
use crate::sanitize::display_line;

const MIN_WIDTH: u16 = 20;

const MIN_HEIGHT: u16 = 5;

fn style(look: Look, theme: Theme) -> Style {
    match look {
        Look::Topic => theme.kind(crate::layout::Kind::Heading(1)),
        Look::Heading(side) => side_style(side, theme).add_modifier(ratatui::style::Modifier::BOLD),
        Look::Mark(side) => side_style(side, theme),
        Look::Badge => theme.kind(crate::layout::Kind::Label),
        Look::Meta => theme.secondary(),
        Look::Text => Style::default(),
        Look::Emphasis => theme.emphasis(),
    }
}

fn side_style(side: Side, theme: Theme) -> Style {
    match side {
        Side::Benefits => theme.benefit(),
        Side::Risks => theme.risk(),
    }
}

fn spans(segs: &[Seg], theme: Theme) -> Line<'_> {
    Line::from(
        segs.iter()
            .map(|s| Span::styled(s.text.as_str(), style(s.look, theme)))
            .collect::<Vec<_>>(),
    )
}

fn row(area: Rect, y: usize) -> Rect {
    Rect {
        y: area.y + y as u16,
        height: 1,
        ..area
    }
}

/// A bar of two parts: `left` from the left edge, `right` flush right; `right` gives way
/// (is cut) first.
fn bar_line(frame: &mut Frame, area: Rect, left: &str, right: &str, theme: Theme, ascii: bool) {
    let width = usize::from(area.width);
    let left = fit(left, width, ascii);
    let right = fit(right, width.saturating_sub(left.width()), ascii);
    let gap = width.saturating_sub(left.width() + right.width());
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(gap)),
        Span::raw(right),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.status()), area);
}

pub fn render(state: &State, frame: &mut Frame, area: Rect, theme: Theme) {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        if !area.is_empty() {
            frame.render_widget(Paragraph::new("terminal too small"), row(area, 0));
        }
        return;
    }
    let ascii = state.settings.ascii;
    let Some(view) = state.compare.view() else {
        let working = match state.compare.phase {
            Phase::Working | Phase::NotStarted => format!(
                " Reading every statement of {} sources...",
                state.corpus.sources.len()
            ),
            Phase::Ready(_) => String::new(),
        };
        bar_line(
            frame,
            row(area, 0),
            " Risks and benefits",
            "Esc back ",
            theme,
            ascii,
        );
        frame.render_widget(
            Paragraph::new(fit(&working, usize::from(area.width), ascii)),
            row(area, usize::from(area.height / 2)),
        );
        return;
    };
    let tabs = match view.tab {
        Tab::Columns => " [Benefits | Risks]  Coverage (t) ",
        Tab::Grid => " Benefits | Risks (t)  [Coverage] ",
    };
    let filter = match view.filter() {
        None => match view.badges().len() {
            1 => "the one source ".to_string(),
            n => format!("all {n} sources{}f pick one ", separator(ascii)),
        },
        Some(i) => format!(
            "only [{}] {}{}F all ",
            view.badges().get(i).map_or("", String::as_str),
            display_line(view.title(i)),
            separator(ascii)
        ),
    };
    bar_line(frame, row(area, 0), tabs, &filter, theme, ascii);
    match view.tab {
        Tab::Columns => render_columns(state, view, frame, area, theme),
        Tab::Grid => render_grid(state, view, frame, area, theme),
    }
}

fn render_columns(state: &State, view: &CompareView, frame: &mut Frame, area: Rect, theme: Theme) {
    let ascii = state.settings.ascii;
    let width = usize::from(area.width);
    let laid = view.layout(width, ascii);
    let half = laid.half_width as u16;
    let counts = [Side::Benefits, Side::Risks].map(|side| view.count(side));
    let marker = if ascii { ">" } else { "▸" };
    let name = |side: Side| {
        let active = view.side == side;
        let text = format!(
            " {}{} ({}) ",
            if active { marker } else { " " },
            side.name(),
            counts[side.index()]
        );
        let look = if active {
            theme.selected(true)
        } else {
            side_style(side, theme)
        };
        Span::styled(text, look)
    };
    let names = row(area, 1);
    if laid.side_by_side {
        frame.render_widget(
            Paragraph::new(Line::from(name(Side::Benefits))),
            Rect {
                width: half,
                ..names
            },
        );
        frame.render_widget(
            Paragraph::new(Line::from(name(Side::Risks))),
            Rect {
                x: names.x + half + 1,
                width: area.width.saturating_sub(half + 1),
                ..names
            },
        );
    } else {
        frame.render_widget(
            Paragraph::new(Line::from(vec![name(Side::Benefits), name(Side::Risks)])),
            names,
        );
    }

    let rows = body_rows(Tab::Columns, area.height);
    let body = Rect {
        y: area.y + 2,
        height: rows as u16,
        ..area
    };
    let selected = view.selected(view.side);
    let divider = if ascii { "|" } else { "│" };
    if laid.lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                " No benefits or risks found in these articles.",
                theme.secondary(),
            )),
            row(body, 0),
        );
    }
    for (slot, line) in laid.lines.iter().skip(view.top()).take(rows).enumerate() {
        let at = row(body, slot);
        draw_view_line(frame, line, at, half, laid.side_by_side, divider, theme);
        if line.owner[view.side.index()] == Some(selected) {
            let marked = if laid.side_by_side {
                match view.side {
                    Side::Benefits => Rect { width: half, ..at },
                    Side::Risks => Rect {
                        x: at.x + half + 1,
                        width: at.width.saturating_sub(half + 1),
                        ..at
                    },
                }
            } else {
                at
            };
            frame.buffer_mut().set_style(marked, theme.selected(true));
        }
    }

    let position = match view.selected_entry() {
        Some((topic, _)) => format!(
            " {} {}/{}{}{}",
            match view.side {
                Side::Benefits => "benefit",
                Side::Risks => "risk",
            },
            selected + 1,
            counts[view.side.index()],
            separator(ascii),
            display_line(&topic.name),
        ),
        None => " nothing to select".to_string(),
    };
    let hints = [
        "j/k move  Tab column  Enter go to  f source  t grid  Esc back ",
        "Enter go to  ? keys  Esc back ",
        "? keys ",
    ]
    .into_iter()
    .find(|h| position.width() + h.width() <= width)
    .unwrap_or("");
    bar_line(
        frame,
        row(area, usize::from(area.height) - 1),
        &position,
        hints,
        theme,
        ascii,
    );
}

fn draw_view_line(
    frame: &mut Frame,
    line: &ViewLine,
    at: Rect,
    half: u16,
    side_by_side: bool,
    divider: &str,
    theme: Theme,
) {
    if line.full_width || !side_by_side {
        frame.render_widget(Paragraph::new(spans(&line.halves[0], theme)), at);
        return;
    }
    frame.render_widget(
        Paragraph::new(spans(&line.halves[0], theme)),
        Rect { width: half, ..at },
    );
    frame.render_widget(
        Paragraph::new(Span::styled(divider, theme.secondary())),
        Rect {
            x: at.x + half,
            width: 1,
            ..at
        },
    );
    frame.render_widget(
        Paragraph::new(spans(&line.halves[1], theme)),
        Rect {
            x: at.x + half + 1,
            width: at.width.saturating_sub(half + 1),
            ..at
        },
    );
}

/// The grid's mark for a stance, readable without colour.
fn mark(stance: Stance, ascii: bool) -> &'static str {
    match (stance, ascii) {
        (Stance::Benefit, _) => "+",
        (Stance::Risk, false) => "−",
        (Stance::Risk, true) => "-",
        (Stance::Both, false) => "±",
        (Stance::Both, true) => "+-",
        (Stance::Silent, false) => "·",
        (Stance::Silent, true) => ".",
    }
}

fn stance_style(stance: Stance, theme: Theme) -> Style {
    match stance {
        Stance::Benefit => theme.benefit(),
        Stance::Risk => theme.risk(),
        Stance::Both => Style::default().add_modifier(ratatui::style::Modifier::BOLD),
        Stance::Silent => theme.secondary(),
    }
}

fn pad(text: &str, width: usize, ascii: bool) -> String {
    let shown = fit(text, width, ascii);
    let gap = width.saturating_sub(shown.width());
    format!("{shown}{}", " ".repeat(gap))
}

fn render_grid(state: &State, view: &CompareView, frame: &mut Frame, area: Rect, theme: Theme) {
    let ascii = state.settings.ascii;
    let shape = view.grid_shape(area.width, area.height);
    let comparison = view.comparison();
    let data = view.grid_data();
    let grid = &data.coverage;
    let body = Rect {
        y: area.y + 1,
        height: body_rows(Tab::Grid, area.height) as u16,
        ..area
    };
    let sources = view.grid_sources();
    let shown: Vec<(usize, usize)> = sources
        .iter()
        .enumerate()
        .skip(view.grid_left())
        .take(shape.columns)
        .map(|(column, &source)| (column, source))
        .collect();

    let mut legend = vec![Span::raw(" ")];
    for (stance, what) in [
        (Stance::Benefit, " benefit  "),
        (Stance::Risk, " risk  "),
        (Stance::Both, " both  "),
        (Stance::Silent, " silent"),
    ] {
        legend.push(Span::styled(
            mark(stance, ascii),
            stance_style(stance, theme),
        ));
        legend.push(Span::styled(what, theme.secondary()));
    }
    if sources.len() > shown.len() {
        let more = format!(
            "   h/l: sources {}–{} of {}",
            view.grid_left() + 1,
            view.grid_left() + shown.len(),
            sources.len()
        );
        legend.push(Span::styled(more, theme.secondary()));
    }
    frame.render_widget(Paragraph::new(Line::from(legend)), row(body, 0));

    let total = comparison.sources.len();
    let mut head = format!(" {} ", pad("Topic", shape.name_width, ascii));
    for &(_, source) in &shown {
        let badge = view.badges().get(source).map_or("", String::as_str);
        head.push_str(&pad(badge, shape.cell_width, ascii));
    }
    if shape.tail {
        head.push_str(" sources  balance");
    }
    frame.render_widget(
        Paragraph::new(Span::styled(head, theme.kind(crate::layout::Kind::Label))),
        row(body, 1),
    );

    for (slot, t) in (view.grid_top()..grid.topics.len())
        .take(shape.topic_rows)
        .enumerate()
    {
        let at = row(body, 2 + slot);
        let topic = &comparison.topics[t];
        let name = display_line(&topic.name);
        let mut line = vec![Span::raw(format!(
            " {} ",
            pad(&name, shape.name_width, ascii)
        ))];
        // Columns are the shown comparison's sources, so column `c` is `cells[t][c]`.
        for &(column, _) in &shown {
            let stance = grid.cells[t]
                .get(column)
                .map_or(Stance::Silent, |cell| cell.stance());
            let symbol = mark(stance, ascii);
            line.push(Span::styled(symbol, stance_style(stance, theme)));
            line.push(Span::raw(
                " ".repeat(shape.cell_width.saturating_sub(symbol.width())),
            ));
        }
        if shape.tail {
            let speaking = data.speaking.get(t).copied().unwrap_or(0);
            line.push(Span::styled(
                format!(" {:>w$}/{total}  ", speaking, w = total.to_string().len()),
                theme.secondary(),
            ));
            let (plus, minus) = balance(topic.benefits.len(), topic.risks.len(), BAR_CELLS);
            line.push(Span::styled("[", theme.secondary()));
            line.push(Span::styled("+".repeat(plus), theme.benefit()));
            line.push(Span::styled("-".repeat(minus), theme.risk()));
            line.push(Span::raw(" ".repeat(BAR_CELLS - plus - minus)));
            line.push(Span::styled("]", theme.secondary()));
        }
        frame.render_widget(Paragraph::new(Line::from(line)), at);
        if t == view.grid_row() {
            frame.buffer_mut().set_style(at, theme.selected(true));
        }
    }

    let key_start = 2 + shape.topic_rows + 1;
    // A key that does not fit ends in a line naming the badges left out.
    let left_out = shown.len().saturating_sub(shape.key_rows);
    let listed = if left_out > 0 {
        shape.key_rows.saturating_sub(1)
    } else {
        shape.key_rows
    };
    if left_out > 0 && shape.key_rows > 0 {
        let badges: Vec<&str> = shown[listed..]
            .iter()
            .map(|&(_, source)| view.badges().get(source).map_or("", String::as_str))
            .collect();
        let text = format!(
            " +{} more: {} (f lists every source)",
            shown.len() - listed,
            badges.join(" ")
        );
        frame.render_widget(
            Paragraph::new(Span::styled(
                fit(&text, usize::from(area.width), ascii).into_owned(),
                theme.secondary(),
            )),
            row(body, key_start + listed),
        );
    }
    for (slot, &(_, source)) in shown.iter().take(listed).enumerate() {
        let badge = view.badges().get(source).map_or("", String::as_str);
        let title = display_line(view.title(source));
        let text = format!(" {} {}", pad(badge, shape.cell_width, ascii), title);
        frame.render_widget(
            Paragraph::new(Span::styled(
                fit(&text, usize::from(area.width), ascii).into_owned(),
                theme.secondary(),
            )),
            row(body, key_start + slot),
        );
    }

    let position = match comparison.topics.get(view.grid_row()) {
        Some(_) => format!(
            " topic {}/{}{}{} of {total} sources speak to it",
            view.grid_row() + 1,
            comparison.topics.len(),
            separator(ascii),
            data.speaking.get(view.grid_row()).copied().unwrap_or(0)
        ),
        None => " no topics".to_string(),
    };
    bar_line(
        frame,
        row(area, usize::from(area.height) - 1),
        &position,
        "Enter show topic  t columns  Esc back ",
        theme,
        ascii,
    );
}
