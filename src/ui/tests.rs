//! Rendering snapshots: TestBackend at several sizes, and no panic at any size.

use insta::assert_snapshot;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::render;
use super::test_screen::screen;
use crate::app::{update, Action, Palette, Pane, Settings, State};

fn sample() -> State {
    let corpus = crate::app::tests_support::sample_corpus();
    State::new(
        corpus,
        Settings {
            ascii: false,
            palette: Palette::Ansi16,
            ..Settings::default()
        },
        120,
        40,
    )
}

#[test]
fn wide_three_panes() {
    let mut state = sample();
    assert_snapshot!(screen(&mut state, 120, 40));
}

#[test]
fn medium_tree_and_text() {
    let mut state = sample();
    update(&mut state, Action::Focus(Pane::Tree));
    update(&mut state, Action::Down);
    assert_snapshot!(screen(&mut state, 80, 24));
}

#[test]
fn medium_sources_popup() {
    let mut state = sample();
    update(&mut state, Action::Focus(Pane::Sources));
    assert_snapshot!(screen(&mut state, 80, 24));
}

#[test]
fn narrow_one_pane() {
    let mut state = sample();
    update(&mut state, Action::Focus(Pane::Text));
    assert_snapshot!(screen(&mut state, 50, 15));
}

#[test]
fn tiny_terminal() {
    let mut state = sample();
    assert_snapshot!(screen(&mut state, 12, 3));
}

#[test]
fn help_overlay_lists_the_keys() {
    let mut state = sample();
    update(&mut state, Action::ToggleHelp);
    let shown = screen(&mut state, 80, 40);
    for needle in ["Keys", "quit", "next section", "Ctrl-d", "Shift-Tab"] {
        assert!(shown.contains(needle), "{needle} missing:\n{shown}");
    }
    assert_snapshot!(shown);
}

#[test]
fn ascii_borders_use_no_box_drawing() {
    let mut state = sample();
    state.settings.ascii = true;
    let shown = screen(&mut state, 120, 40);
    assert!(shown.contains('+') && shown.contains('|'));
    assert!(!shown.contains('│') && !shown.contains('┌'));
}

#[test]
fn notice_line_shows_warnings() {
    let mut corpus = crate::app::tests_support::sample_corpus();
    corpus.warnings = vec!["odd\x1b[31m.bin: binary, skipped".to_string()];
    let mut state = State::new(
        corpus,
        Settings {
            ascii: false,
            palette: Palette::NoColor,
            ..Settings::default()
        },
        100,
        30,
    );
    let shown = screen(&mut state, 100, 30);
    assert!(shown.contains("binary, skipped"));
    assert!(!shown.contains('\x1b'));
}

#[test]
fn a_long_notice_is_cut_with_an_ellipsis() {
    let mut state = sample();
    let title = state.corpus.sources[0].title.clone();
    let notice = format!("bookmarked: {}", [title.as_str(); 12].join(" › "));
    for (width, ascii) in [(60u16, false), (100, false), (60, true)] {
        state.settings.ascii = ascii;
        state.notice = Some(notice.clone());
        let shown = screen(&mut state, width, 24);
        let row = shown.lines().nth(22).unwrap_or_default();
        assert!(row.starts_with(" bookmarked: "), "{row}");
        let ellipsis = if ascii { "~" } else { "…" };
        assert!(
            row.trim_end().ends_with(ellipsis) || row.ends_with("(Esc hides)"),
            "{row}"
        );
        assert!(row.contains(ellipsis), "{width}: {row}");
    }
}

#[test]
fn the_help_scrolled_to_the_end_shows_a_full_last_page() {
    for height in [12u16, 24, 30] {
        let mut state = sample();
        update(&mut state, Action::Resize { width: 80, height });
        update(&mut state, Action::ToggleHelp);
        update(&mut state, Action::Bottom);
        for _ in 0..5 {
            update(&mut state, Action::Down);
        }
        let shown = screen(&mut state, 80, height);
        let rows: Vec<&str> = shown.lines().collect();
        let top = rows
            .iter()
            .position(|r| r.contains(" Keys "))
            .expect("the box");
        let bottom = rows
            .iter()
            .rposition(|r| r.contains("Esc close"))
            .expect("its foot");
        let inside = &rows[top + 1..bottom];
        let blank = |row: &&str| row.trim_matches(|c: char| c == ' ' || c == '│').is_empty();
        assert!(!blank(&inside[inside.len() - 1]), "{height}: {shown}");
        // Only the blank lines between the help's sections may be empty.
        assert!(
            inside.iter().filter(|r| blank(r)).count() <= 3,
            "{height}: {shown}"
        );
        assert!(!rows[bottom].contains("more below"), "{height}");
        // And one `k` from there scrolls back at once.
        update(&mut state, Action::Up);
        assert_ne!(screen(&mut state, 80, height), shown, "{height}");
    }
}

#[test]
fn highlighted_lines_are_styled() {
    let mut state = sample();
    let line = state.corpus.sources[0].flat_sections()[0].section.line;
    state.jump_to(0, Some(0), line);
    state.highlight = Some(crate::app::Highlight {
        source: 0,
        lines: line..=line,
    });
    update(
        &mut state,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|frame| render(&state, frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let highlight = super::theme::Theme::new(Palette::Ansi16).highlight();
    let marked = (0..40).any(|y| (0..120).any(|x| buffer[(x, y)].bg == highlight.bg.unwrap()));
    assert!(marked);
}

#[test]
fn no_size_panics() {
    let mut state = sample();
    for width in (0..130)
        .step_by(7)
        .chain([0, 1, 2, 19, 20, 59, 60, 99, 100])
    {
        for height in [0, 1, 2, 4, 5, 6, 10, 24, 41] {
            for focus in [Pane::Sources, Pane::Tree, Pane::Text] {
                update(&mut state, Action::Focus(focus));
                screen(&mut state, width, height);
            }
        }
    }
    update(&mut state, Action::ToggleHelp);
    for (width, height) in [(0, 0), (1, 1), (3, 3), (20, 5), (30, 8)] {
        screen(&mut state, width, height);
    }
}

#[test]
fn fit_cuts_with_an_ellipsis_by_display_width() {
    use super::fit;
    assert_eq!(fit("short", 10, false), "short");
    assert_eq!(fit("a longer title", 8, false), "a longe…");
    assert_eq!(fit("a longer title", 8, true), "a longe~");
    assert_eq!(fit("日本語のタイトル", 7, false), "日本語…");
    assert_eq!(fit("abc", 0, false), "");
}

#[test]
fn help_can_scroll_to_its_last_row() {
    let mut state = sample();
    update(
        &mut state,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    update(&mut state, Action::ToggleHelp);
    update(&mut state, Action::Bottom);
    let shown = screen(&mut state, 80, 24);
    let last = state
        .keymap
        .help_entries(crate::app::Mode::Help)
        .last()
        .unwrap()
        .action
        .describe();
    assert!(shown.contains(last), "{shown}");
    assert!(!shown.contains("more below"));
}

#[test]
fn ascii_mode_draws_rules_and_bullets_in_ascii() {
    let mut state = sample();
    state.settings.ascii = true;
    update(&mut state, Action::Focus(Pane::Tree));
    let costs = state.corpus.sources[0]
        .flat_sections()
        .iter()
        .find(|r| {
            r.section.depth == 1
                && r.section
                    .blocks
                    .iter()
                    .any(|b| matches!(b, crate::model::Block::List { .. }))
        })
        .unwrap()
        .index;
    state.jump_to(0, Some(costs), 0);
    let shown = screen(&mut state, 120, 40);
    assert!(!shown.contains('─') && !shown.contains('•'), "{shown}");
    assert!(shown.contains("-----") && shown.contains("* "), "{shown}");
}

#[test]
fn the_counter_shows_in_the_status_bar() {
    let mut state = sample();
    state.counter = Some((3, 14));
    let shown = screen(&mut state, 80, 24);
    let status = shown.lines().nth(23).unwrap();
    assert!(status.contains("3/14"), "{status}");
}

#[test]
fn hostile_text_never_reaches_the_screen_as_control_characters() {
    use crate::corpus::{Corpus, Origin};
    use crate::model::{parse, Format};
    let hostile = "Title \x1b]0;pwned\x07 \u{202e}evil\n\
                   Body with \x1b[2J clear and \r carriage and \u{9b} CSI.\n\
                   Heading \x1b[31mRed\n- Item: \x08\x08 backspaces\n";
    let corpus = Corpus {
        sources: vec![parse("x\x1b", "x.txt", hostile, Format::PlainText)],
        warnings: vec!["bad\x1b[0m file".to_string()],
        origin: Origin::Embedded,
    };
    let mut state = State::new(
        corpus,
        Settings {
            ascii: false,
            palette: Palette::Ansi16,
            ..Settings::default()
        },
        120,
        40,
    );
    for focus in [Pane::Sources, Pane::Tree, Pane::Text] {
        update(&mut state, Action::Focus(focus));
        for (width, height) in [(120, 40), (80, 24), (50, 15)] {
            let shown = screen(&mut state, width, height);
            assert!(
                !shown.chars().any(
                    |c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)
                ),
                "{shown:?}"
            );
        }
    }
}

fn with_bookmarks() -> State {
    use crate::persist::{Bookmark, Position};
    let mut state = sample();
    let turbines = state.corpus.sources[0].flat_sections()[0]
        .section
        .title
        .clone();
    state.bookmarks = vec![
        Bookmark {
            position: Position {
                source: "alpha".into(),
                section: Some(turbines),
                line: 0,
                offset: 0,
            },
            note: "reread the \x1b]0;pwned\x07 wear figures".into(),
        },
        Bookmark {
            position: Position {
                source: "beta".into(),
                section: None,
                line: 0,
                offset: 0,
            },
            note: String::new(),
        },
        Bookmark {
            position: Position {
                source: "gone".into(),
                section: None,
                line: 3,
                offset: 0,
            },
            note: "deleted article".into(),
        },
    ];
    state
}

#[test]
fn bookmark_list_shows_notes_and_places() {
    let mut state = with_bookmarks();
    update(&mut state, Action::Bookmarks);
    let shown = screen(&mut state, 80, 24);
    for needle in [
        "Bookmarks (3)",
        "Tidal Energy Notes › Turbines",
        "Second Article Title › (introduction)",
        "gone (not in this corpus)",
        "deleted article",
        "Enter jump · d delete · Esc close",
    ] {
        assert!(shown.contains(needle), "{needle} missing:\n{shown}");
    }
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "{shown:?}"
    );
    assert_snapshot!(shown);
}

#[test]
fn bookmark_note_line_shows_what_is_typed() {
    let mut state = sample();
    update(&mut state, Action::Bookmark);
    for c in "check costs".chars() {
        update(&mut state, Action::Type(c));
    }
    let shown = screen(&mut state, 80, 24);
    assert!(shown.contains("Note: check costs"), "{shown}");
    assert!(
        shown.contains("Tidal Energy Notes › (introduction)"),
        "{shown}"
    );
    assert!(shown.contains("Enter save · Esc cancel"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn an_empty_bookmark_list_says_how_to_add_one() {
    let mut state = sample();
    update(&mut state, Action::Bookmarks);
    let shown = screen(&mut state, 80, 24);
    assert!(
        shown.contains("No bookmarks yet: m bookmarks this place"),
        "{shown}"
    );
}

#[test]
fn overridden_keys_show_in_the_status_bar_and_help() {
    let mut state = sample();
    state.keymap = state
        .keymap
        .with_overrides([("quit", vec!["x"]), ("help", vec!["f"])])
        .unwrap();
    let shown = screen(&mut state, 120, 40);
    let status = shown.lines().nth(39).unwrap();
    assert!(
        status.contains("f:help") && status.contains("x:quit"),
        "{status}"
    );
    assert!(
        !status.contains("q:quit") && !status.contains("?:help"),
        "{status}"
    );
    update(&mut state, Action::ToggleHelp);
    let shown = screen(&mut state, 120, 40);
    assert!(shown.contains(" x Ctrl-c "), "{shown}");
}

#[test]
fn bookmark_overlays_fit_any_size() {
    let mut state = with_bookmarks();
    for open in [Action::Bookmarks, Action::Bookmark] {
        update(&mut state, Action::Back);
        update(&mut state, open);
        for (width, height) in [(0, 0), (1, 1), (3, 3), (12, 5), (20, 5), (30, 8), (200, 60)] {
            screen(&mut state, width, height);
        }
    }
}

#[test]
fn the_status_bar_says_how_to_see_hidden_sources() {
    let mut state = sample();
    let status = |shown: &str| shown.lines().last().unwrap_or_default().to_string();
    for (width, height) in [(80, 24), (60, 20)] {
        let shown = screen(&mut state, width, height);
        assert!(
            status(&shown).contains("1:sources"),
            "{width}x{height}: {shown}"
        );
    }
    let shown = screen(&mut state, 120, 40);
    assert!(!status(&shown).contains("sources"), "{}", status(&shown));
}

/// The first frame lays out only the top of the article shown; every cell (styles too) must
/// be what the whole layout draws, at any size, for every embedded article.
#[test]
fn a_first_frame_laid_out_only_at_the_top_draws_what_the_whole_layout_does() {
    use super::test_screen::draw;
    for (width, height) in [(120, 40), (100, 30), (80, 24), (50, 15), (30, 8), (12, 3)] {
        for source in 0..crate::corpus::embedded().sources.len() {
            let fresh = || {
                let mut state = State::new(crate::corpus::embedded(), Settings::default(), 0, 0);
                update(&mut state, Action::Resize { width, height });
                update(&mut state, Action::Focus(Pane::Sources));
                for _ in 0..source {
                    update(&mut state, Action::Down);
                }
                update(&mut state, Action::Focus(Pane::Text));
                assert_eq!(state.source_index(), source);
                state
            };
            let mut whole = fresh();
            let expected = draw(&mut whole, width, height);
            let mut top_only = fresh();
            top_only.lay_out_top_only();
            let first = draw(&mut top_only, width, height);
            let cut = top_only.layout();
            top_only.lay_out_fully();
            assert_eq!(first, expected, "source {source} at {width}x{height}");
            assert!(top_only.layout().complete);
            if height >= 24 {
                // Otherwise the test shows nothing: the top-only layout is really cut short.
                assert!(!cut.complete, "source {source} at {width}x{height}");
                assert!(cut.lines.len() < top_only.layout().lines.len());
            }
        }
    }
}
