//! Rendering of the risks-and-benefits view: snapshots of both tabs at 80x24 and 120x40,
//! the stacked columns of a narrow terminal, styles without colour, and no panic at any size.

use insta::assert_snapshot;
use ratatui::style::{Color, Modifier};

use super::test_screen::{draw, screen};
use crate::app::compare_fixture::compare_corpus;
use crate::app::{on_key, run_jobs, update, Action, Key, Palette, Settings, State};
use crate::corpus::Corpus;

fn state_with(corpus: Corpus, palette: Palette) -> State {
    let settings = Settings {
        palette,
        ..Settings::default()
    };
    let mut state = State::new(corpus, settings, 80, 24);
    on_key(&mut state, Key::Char('r'));
    run_jobs(&mut state);
    state
}

fn opened() -> State {
    state_with(compare_corpus(), Palette::Ansi16)
}

#[test]
fn columns_at_80x24() {
    let mut state = opened();
    let shown = screen(&mut state, 80, 24);
    for needle in ["Benefits", "Risks", "of 3 sources", "[+", "│"] {
        assert!(shown.contains(needle), "{needle} missing:\n{shown}");
    }
    assert_snapshot!(shown);
}

#[test]
fn columns_at_120x40_with_risks_selected() {
    let mut state = opened();
    on_key(&mut state, Key::Tab);
    on_key(&mut state, Key::Char('j'));
    assert_snapshot!(screen(&mut state, 120, 40));
}

#[test]
fn grid_at_80x24() {
    let mut state = opened();
    on_key(&mut state, Key::Char('t'));
    let shown = screen(&mut state, 80, 24);
    for needle in [
        "Coverage",
        "benefit",
        "risk",
        "both",
        "silent",
        "p1_",
        "Side effects",
    ] {
        assert!(shown.contains(needle), "{needle} missing:\n{shown}");
    }
    assert_snapshot!(shown);
}

#[test]
fn grid_at_120x40() {
    let mut state = opened();
    on_key(&mut state, Key::Char('t'));
    on_key(&mut state, Key::Char('j'));
    assert_snapshot!(screen(&mut state, 120, 40));
}

#[test]
fn narrow_terminals_stack_the_columns() {
    let mut state = opened();
    let shown = screen(&mut state, 50, 15);
    assert!(!shown.contains('│'), "{shown}");
    assert!(shown.contains("Benefits (") && shown.contains("Risks ("));
    assert_snapshot!(shown);
}

#[test]
fn filtered_view_names_the_source() {
    let mut state = opened();
    on_key(&mut state, Key::Char('f'));
    let picker = screen(&mut state, 80, 24);
    assert!(picker.contains("Show which source?"), "{picker}");
    on_key(&mut state, Key::Down);
    on_key(&mut state, Key::Enter);
    let shown = screen(&mut state, 80, 24);
    let title = &state.corpus.sources[0].title;
    assert!(shown.lines().next().unwrap().contains("[p1_]"), "{shown}");
    assert!(shown.contains(&title[..20]), "{shown}");
    assert!(!shown.contains("p2_") && !shown.contains("p3_"), "{shown}");
}

#[test]
fn while_working_the_view_says_so() {
    let settings = Settings::default();
    let mut state = State::new(compare_corpus(), settings, 80, 24);
    on_key(&mut state, Key::Char('r'));
    let shown = screen(&mut state, 80, 24);
    assert!(
        shown.contains("Reading every statement of 3 sources"),
        "{shown}"
    );
}

#[test]
fn without_colour_the_selection_is_reversed_and_the_clause_emphasised() {
    let mut state = state_with(compare_corpus(), Palette::NoColor);
    // Select an entry with an emphasised clause wherever it is.
    let target = (0..2).find_map(|column| {
        let view = state.compare.view().unwrap();
        let side = [
            crate::app::compare_view::Side::Benefits,
            crate::app::compare_view::Side::Risks,
        ][column];
        let flat: Vec<_> = view
            .comparison()
            .topics
            .iter()
            .flat_map(|t| if column == 0 { &t.benefits } else { &t.risks })
            .collect();
        flat.iter()
            .position(|e| e.emphasis.is_some())
            .map(|i| (side, i))
    });
    let (side, index) = target.expect("the fixture has a statement in both columns");
    if side != state.compare.view().unwrap().side {
        on_key(&mut state, Key::Tab);
    }
    on_key(&mut state, Key::Char('g'));
    for _ in 0..index {
        on_key(&mut state, Key::Char('j'));
    }
    let buffer = draw(&mut state, 100, 30);
    let cells: Vec<_> = buffer.content().iter().collect();
    assert!(cells
        .iter()
        .all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
    assert!(cells
        .iter()
        .any(|c| c.modifier.contains(Modifier::REVERSED) && c.symbol() != " "));
    assert!(cells
        .iter()
        .any(|c| c.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED) && c.symbol() != " "));
}

#[test]
fn marks_are_coloured_by_side_in_colour() {
    let mut state = opened();
    on_key(&mut state, Key::Char('t'));
    let buffer = draw(&mut state, 100, 30);
    let colour_of = |symbol: &str| {
        buffer
            .content()
            .iter()
            .find(|c| c.symbol() == symbol && c.fg != Color::Reset)
            .map(|c| c.fg)
    };
    let plus = colour_of("+").expect("a coloured +");
    let minus = colour_of("−").expect("a coloured −");
    assert_ne!(plus, minus);
}

#[test]
fn ascii_draws_no_box_drawing_or_unicode_marks() {
    let mut state = opened();
    state.settings.ascii = true;
    for tab in [false, true] {
        if tab {
            on_key(&mut state, Key::Char('t'));
        }
        let shown = screen(&mut state, 100, 30);
        assert!(shown.is_ascii(), "{shown}");
    }
}

#[test]
fn hostile_text_is_made_visible() {
    use crate::model::{parse, Format};
    let hostile = "Title \x1b]0;pwned\x07\nRisks \x1b[31mHere\n- Side \x1b[2JEffects: Common side effects include nausea \u{202e} and \x08 dizziness.\n";
    let corpus = Corpus {
        sources: vec![parse("bad\x1b[0m", "x.txt", hostile, Format::PlainText)],
        warnings: Vec::new(),
        origin: crate::corpus::Origin::Embedded,
    };
    let mut state = state_with(corpus, Palette::Ansi16);
    // As opened, on the grid, with the source picker open, then filtered to the source.
    let steps: [&[Key]; 4] = [
        &[],
        &[Key::Char('t')],
        &[Key::Char('f')],
        &[Key::Down, Key::Enter],
    ];
    for keys in steps {
        for key in keys {
            on_key(&mut state, *key);
        }
        for (width, height) in [(120, 40), (80, 24), (50, 15)] {
            let shown = screen(&mut state, width, height);
            let view = state.compare.view().unwrap();
            let expected = match view.tab {
                _ if view.picker().is_some() => "Title ^[",
                crate::app::compare_view::Tab::Columns => "nausea",
                crate::app::compare_view::Tab::Grid => "Side effects",
            };
            assert!(shown.contains(expected), "{shown}");
            assert!(
                !shown.chars().any(
                    |c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)
                ),
                "{shown:?}"
            );
        }
    }
}

#[test]
fn help_over_the_view_lists_its_keys() {
    let mut state = opened();
    on_key(&mut state, Key::Char('?'));
    let shown = screen(&mut state, 100, 90);
    for needle in [
        "risks and benefits view",
        "pick a source to show",
        "coverage grid",
        "go to statement",
    ] {
        assert!(shown.contains(needle), "{needle} missing:\n{shown}");
    }
}

#[test]
fn no_size_panics_on_either_tab() {
    let mut state = opened();
    let keys = [
        Key::Char('j'),
        Key::Tab,
        Key::PageDown,
        Key::Char('G'),
        Key::Char('f'),
        Key::Char('t'),
        Key::Char('l'),
        Key::Char('j'),
        Key::Char('t'),
        Key::Esc,
        Key::Char('F'),
        Key::Char('f'),
        Key::Down,
        Key::Down,
        Key::Enter,
        Key::Char('t'),
    ];
    for (i, key) in keys.iter().enumerate() {
        on_key(&mut state, *key);
        for width in (0..130).step_by(13).chain([0, 1, 19, 20, 79, 80, 81]) {
            for height in [0, 1, 4, 5, 6, 9, 24, 41] {
                screen(&mut state, width, height + (i % 2) as u16);
            }
        }
    }
}

#[test]
fn the_working_screen_fits_any_size() {
    let mut state = State::new(compare_corpus(), Settings::default(), 80, 24);
    on_key(&mut state, Key::Char('r'));
    for (width, height) in [
        (0, 0),
        (1, 1),
        (19, 5),
        (20, 5),
        (20, 4),
        (80, 24),
        (300, 100),
    ] {
        screen(&mut state, width, height);
    }
}

mod random_keys {
    use super::*;
    use crate::app::keymap::COMPARE_KEYS;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any keys at any size: no panic, and the selection is always an entry that exists.
        #[test]
        fn any_keys_at_any_size(
            keys in proptest::collection::vec(0..COMPARE_KEYS.len(), 0..40),
            sizes in proptest::collection::vec((0u16..160, 0u16..60), 1..4),
        ) {
            let mut state = opened();
            for (i, k) in keys.iter().enumerate() {
                let (key, _) = COMPARE_KEYS[*k];
                // Stay in the view: leaving it is tested elsewhere.
                if matches!(state.overlay, Some(crate::app::Overlay::Compare)) {
                    on_key(&mut state, key);
                } else {
                    update(&mut state, Action::Back);
                    on_key(&mut state, Key::Char('r'));
                }
                let (width, height) = sizes[i % sizes.len()];
                screen(&mut state, width, height);
                if let Some(view) = state.compare.view() {
                    let side = view.side;
                    prop_assert!(view.selected(side) < view.count(side).max(1));
                }
            }
        }
    }
}

#[test]
fn source_picker_at_80x24() {
    let mut state = opened();
    for key in [
        Key::Char('f'),
        Key::Char('r'),
        Key::Char('e'),
        Key::Char('t'),
    ] {
        on_key(&mut state, key);
    }
    let shown = screen(&mut state, 80, 24);
    assert!(shown.contains("Retreats"), "{shown}");
    assert_snapshot!(shown);
}
