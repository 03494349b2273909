//! Rendering of the search overlay and of a hit in the text view: a snapshot at 80x24, the
//! match visible without colour, and no panic at any size.

use insta::assert_snapshot;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::app::tests_support::{harbour_corpus, search_now};
use crate::app::{on_key, update, Action, Key, Palette, Settings, State};
use crate::ui::test_screen::{draw, text};

fn reader(palette: Palette, width: u16, height: u16) -> State {
    let settings = Settings {
        palette,
        ..Settings::default()
    };
    State::new(harbour_corpus(), settings, width, height)
}

/// Cells (x, y) where `word` is drawn.
fn find(buffer: &Buffer, word: &str) -> Vec<(u16, u16)> {
    let mut found = Vec::new();
    let len = word.chars().count() as u16;
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width.saturating_sub(len - 1) {
            let here: String = (x..x + len).map(|x| buffer[(x, y)].symbol()).collect();
            if here == word {
                found.push((x, y));
            }
        }
    }
    found
}

#[test]
fn overlay_at_80x24() {
    let mut state = reader(Palette::Ansi16, 80, 24);
    search_now(&mut state, "launch");
    on_key(&mut state, Key::Down);
    assert_snapshot!(text(&draw(&mut state, 80, 24)));
}

#[test]
fn a_loosened_query_says_what_was_searched_instead() {
    let mut state = reader(Palette::Ansi16, 100, 30);
    search_now(&mut state, "lifted");
    let screen = text(&draw(&mut state, 100, 30));
    assert!(screen.contains("nothing for all of it"), "{screen}");
    assert!(screen.contains("for 'lift"), "{screen}");
}

#[test]
fn overlay_at_50x15_with_an_error() {
    let mut state = reader(Palette::Ansi16, 50, 15);
    search_now(&mut state, "lantern | launch");
    for c in " !".chars() {
        update(&mut state, Action::Type(c));
    }
    assert_snapshot!(text(&draw(&mut state, 50, 15)));
}

#[test]
fn matched_characters_show_without_colour_in_the_list_and_the_text() {
    let mut state = reader(Palette::NoColor, 80, 24);
    search_now(&mut state, "gantry");
    let buffer = draw(&mut state, 80, 24);
    // The box starts on row 1: query line, status line, then the list from row 4.
    let cells: Vec<(u16, u16)> = find(&buffer, "gantry")
        .into_iter()
        .filter(|(_, y)| *y >= 4)
        .collect();
    assert!(!cells.is_empty(), "{}", text(&buffer));
    for (x, y) in &cells {
        let style = buffer[(*x, *y)].style();
        assert!(style
            .add_modifier
            .contains(Modifier::UNDERLINED | Modifier::BOLD));
        // Clear leaves Reset behind: the terminal's own colours, no colour of ours.
        for colour in [style.fg, style.bg] {
            assert!(matches!(colour, None | Some(Color::Reset)), "{style:?}");
        }
    }

    on_key(&mut state, Key::Enter);
    let buffer = draw(&mut state, 80, 24);
    let (x, y) = find(&buffer, "gantry")[0];
    for dx in 0..6 {
        let style = buffer[(x + dx, y)].style();
        assert!(style
            .add_modifier
            .contains(Modifier::UNDERLINED | Modifier::BOLD));
    }
    // The rest of the sentence is marked too (reverse video), the text around it is not.
    let (cx, cy) = find(&buffer, "crane")[0];
    assert!(buffer[(cx, cy)]
        .style()
        .add_modifier
        .contains(Modifier::REVERSED));
    assert!(!buffer[(cx, cy)]
        .style()
        .add_modifier
        .contains(Modifier::UNDERLINED));
    let (nx, ny) = *find(&buffer, "Note").last().unwrap();
    assert!(!buffer[(nx, ny)]
        .style()
        .add_modifier
        .contains(Modifier::REVERSED));
    assert!(text(&buffer).contains("[1/1]"));
}

#[test]
fn no_panic_at_any_size_with_the_overlay_open() {
    let mut state = reader(Palette::Ansi16, 80, 24);
    search_now(&mut state, "note tides");
    for c in "a very long query that is wider than any small screen".chars() {
        update(&mut state, Action::Type(c));
    }
    for width in (0..=90).step_by(3) {
        for height in 0..=30 {
            draw(&mut state, width, height);
        }
    }
    let mut fresh = reader(Palette::Ansi16, 1, 1);
    update(&mut fresh, Action::Search);
    for (width, height) in [(0, 0), (1, 1), (20, 5), (24, 10), (30, 8)] {
        draw(&mut fresh, width, height);
    }
}

#[test]
fn hostile_text_in_hits_and_queries_is_shown_not_sent() {
    use crate::corpus::{Corpus, Origin};
    use crate::model::{parse, Format};
    let hostile = "Zebra \x1b]0;pwned\x07 Title \u{202e}evil\n\
                   A zebra with \x1b[2J clear and \u{9b} CSI crosses.\n\
                   Zebra Heading \x1b[31mRed\n- Zebra: \x08\x08 backspaces\n";
    let corpus = Corpus {
        sources: vec![parse("z\x1b", "z.txt", hostile, Format::PlainText)],
        warnings: Vec::new(),
        origin: Origin::Embedded,
    };
    let mut state = State::new(corpus, Settings::default(), 80, 24);
    search_now(&mut state, "zebra");
    assert!(!state.search.shown.as_ref().unwrap().hits.is_empty());
    for c in ['\u{9b}', '\u{202e}', 'x'] {
        update(&mut state, Action::Type(c));
    }
    let clean = |shown: &str| {
        !shown
            .chars()
            .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
    };
    for (width, height) in [(80, 24), (50, 15), (30, 8)] {
        let shown = text(&draw(&mut state, width, height));
        assert!(clean(&shown), "{shown:?}");
    }
    // Going to every hit draws its highlight without control characters either.
    update(&mut state, Action::ClearInput);
    search_now(&mut state, "zebra");
    let count = state.search.shown.as_ref().unwrap().hits.len();
    on_key(&mut state, Key::Enter);
    for _ in 0..count {
        let shown = text(&draw(&mut state, 80, 24));
        assert!(clean(&shown), "{shown:?}");
        on_key(&mut state, Key::Char('n'));
    }
}
