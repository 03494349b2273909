//! update() tests: press keys as Actions, assert on the state.

use super::tests_support::sample_corpus;
use super::*;
use crate::corpus::Origin;

fn settings() -> Settings {
    Settings {
        ascii: false,
        palette: Palette::Ansi16,
        ..Settings::default()
    }
}

fn state(width: u16, height: u16) -> State {
    State::new(sample_corpus(), settings(), width, height)
}

fn press(state: &mut State, actions: &[Action]) {
    for action in actions {
        update(state, *action);
    }
}

#[test]
fn starts_on_the_first_source_at_the_top() {
    let s = state(120, 40);
    assert_eq!(s.source_index(), 0);
    assert_eq!(s.top(), 0);
    assert_eq!(s.tree().selected_section(), None);
    assert_eq!(s.focus, Pane::Sources);
    assert!(!s.quit);
}

#[test]
fn resuming_in_another_source_lays_out_only_that_one() {
    let mut state = state(120, 40);
    let width = state.text_width();
    let laid =
        |state: &State| -> Vec<(usize, usize)> { state.layouts.borrow().keys().copied().collect() };
    // At its very top, nothing needs wrapping yet: the first frame wraps what it shows.
    state.jump_to(1, None, 0);
    assert_eq!(laid(&state), []);
    state.jump_to(1, Some(0), 0);
    assert_eq!(
        laid(&state),
        [(1, width)],
        "only the source shown is laid out"
    );
    assert_eq!(state.top(), state.layout().section_starts[0]);
}

#[test]
fn down_in_sources_shows_the_next_source() {
    let mut s = state(120, 40);
    press(&mut s, &[Action::Down]);
    assert_eq!(s.source_index(), 1);
    assert_eq!(s.tree().nodes()[0].title, s.corpus.sources[1].title);
    press(&mut s, &[Action::Down, Action::Down, Action::Down]);
    assert_eq!(s.source_index(), 2);
    press(&mut s, &[Action::Top]);
    assert_eq!(s.source_index(), 0);
    press(&mut s, &[Action::Bottom]);
    assert_eq!(s.source_index(), 2);
}

#[test]
fn tab_cycles_focus_and_numbers_pick_a_pane() {
    let mut s = state(120, 40);
    press(&mut s, &[Action::FocusNext]);
    assert_eq!(s.focus, Pane::Tree);
    press(&mut s, &[Action::FocusNext, Action::FocusNext]);
    assert_eq!(s.focus, Pane::Sources);
    press(&mut s, &[Action::FocusPrev]);
    assert_eq!(s.focus, Pane::Text);
    press(&mut s, &[Action::Focus(Pane::Tree)]);
    assert_eq!(s.focus, Pane::Tree);
}

#[test]
fn moving_in_the_tree_scrolls_the_heading_to_the_top() {
    let mut s = state(120, 40);
    press(&mut s, &[Action::Focus(Pane::Tree), Action::Down]);
    assert_eq!(s.tree().selected_section(), Some(0));
    let laid = s.layout();
    assert_eq!(s.top(), laid.section_starts[0]);
    assert_eq!(laid.lines[s.top()].text(), "Turbines");
}

#[test]
fn enter_on_a_section_focuses_the_text_there() {
    let mut s = state(120, 40);
    press(
        &mut s,
        &[
            Action::Focus(Pane::Tree),
            Action::Down,
            Action::Down,
            Action::Open,
        ],
    );
    assert_eq!(s.focus, Pane::Text);
    assert_eq!(s.top(), s.layout().section_starts[1]);
}

#[test]
fn scrolling_the_text_moves_the_tree_along() {
    let mut s = state(100, 30);
    press(&mut s, &[Action::Focus(Pane::Text)]);
    let start = s.layout().section_starts[0];
    for _ in 0..start {
        press(&mut s, &[Action::Down]);
    }
    assert_eq!(s.top(), start);
    assert_eq!(s.tree().selected_section(), Some(0));
    press(&mut s, &[Action::Up]);
    assert_ne!(s.tree().selected_section(), Some(1));
}

#[test]
fn text_scrolling_stops_at_both_ends() {
    let mut s = state(100, 30);
    press(&mut s, &[Action::Focus(Pane::Text), Action::Up]);
    assert_eq!(s.top(), 0);
    press(&mut s, &[Action::Bottom]);
    let max = s.layout().lines.len() - s.text_height();
    assert_eq!(s.top(), max);
    assert_eq!(s.scroll_percent(), 100);
    press(&mut s, &[Action::Down, Action::PageDown]);
    assert_eq!(s.top(), max);
    press(&mut s, &[Action::Top]);
    assert_eq!(s.top(), 0);
    assert_eq!(s.scroll_percent(), 0);
}

#[test]
fn pages_and_half_pages_move_by_the_text_height() {
    let mut s = state(100, 30);
    press(&mut s, &[Action::Focus(Pane::Text), Action::PageDown]);
    let page = s.top();
    assert!(page >= s.text_height() / 2 && page <= s.text_height());
    press(&mut s, &[Action::HalfPageDown]);
    let half = s.top() - page;
    assert!(half > 0 && half < page);
    press(&mut s, &[Action::HalfPageUp, Action::PageUp]);
    assert_eq!(s.top(), 0);
}

#[test]
fn next_section_walks_every_section_then_crosses_sources() {
    let mut s = state(120, 40);
    let sections = s.corpus.sources[0].flat_sections().len();
    for expected in 0..sections {
        press(&mut s, &[Action::NextSection]);
        assert_eq!(s.source_index(), 0);
        assert_eq!(s.tree().selected_section(), Some(expected));
    }
    press(&mut s, &[Action::NextSection]);
    assert_eq!(s.source_index(), 1);
    assert_eq!(s.tree().selected_section(), None);
    assert_eq!(s.top(), 0);
    press(&mut s, &[Action::PrevSection]);
    assert_eq!(s.source_index(), 0);
    assert_eq!(s.tree().selected_section(), Some(sections - 1));
}

#[test]
fn a_notice_a_key_left_goes_with_the_next_key_but_warnings_stay() {
    let mut s = state(120, 40);
    for _ in 0..50 {
        press(&mut s, &[Action::NextSection]);
    }
    assert!(s.notice.is_some());
    press(
        &mut s,
        &[Action::Resize {
            width: 100,
            height: 30,
        }],
    );
    assert!(s.notice.is_some(), "a resize is not a move");
    press(&mut s, &[Action::Up]);
    assert_eq!(s.notice, None, "the next move takes it away");

    let mut corpus = sample_corpus();
    corpus.warnings = vec!["x.bin: binary, skipped".to_string()];
    let mut s = State::new(corpus, settings(), 120, 40);
    press(
        &mut s,
        &[
            Action::Down,
            Action::NextSection,
            Action::Focus(Pane::Text),
            Action::ToggleHelp,
            Action::Back,
        ],
    );
    assert!(s.notice.as_deref().unwrap().contains("x.bin"), "kept");
    press(&mut s, &[Action::Back]);
    assert_eq!(s.notice, None, "until dismissed");
}

#[test]
fn next_section_at_the_very_end_says_so() {
    let mut s = state(120, 40);
    for _ in 0..50 {
        press(&mut s, &[Action::NextSection]);
    }
    assert_eq!(s.source_index(), 2);
    assert!(s.notice.as_deref().unwrap_or("").contains("end"));
    press(&mut s, &[Action::Back]);
    assert!(s.notice.is_none());
}

#[test]
fn prev_section_inside_a_section_returns_to_its_heading_first() {
    let mut s = state(120, 40);
    press(&mut s, &[Action::NextSection, Action::Focus(Pane::Text)]);
    press(&mut s, &[Action::Down, Action::Down]);
    assert_eq!(s.tree().selected_section(), Some(0));
    press(&mut s, &[Action::PrevSection]);
    assert_eq!(s.top(), s.layout().section_starts[0]);
    press(&mut s, &[Action::PrevSection]);
    assert_eq!(s.tree().selected_section(), None);
    assert_eq!(s.top(), 0);
}

#[test]
fn left_and_right_collapse_expand_and_move_focus() {
    let mut s = state(120, 40);
    press(&mut s, &[Action::Focus(Pane::Tree), Action::Down]);
    let visible = s.tree().visible().len();
    press(&mut s, &[Action::Left]);
    assert!(s.tree().visible().len() < visible);
    press(&mut s, &[Action::Right]);
    assert_eq!(s.tree().visible().len(), visible);
    press(&mut s, &[Action::Right]);
    assert_eq!(s.focus, Pane::Text);
    press(&mut s, &[Action::Left]);
    assert_eq!(s.focus, Pane::Tree);
    press(&mut s, &[Action::Top, Action::Left]);
    assert_eq!(s.focus, Pane::Sources);
    press(&mut s, &[Action::Right]);
    assert_eq!(s.focus, Pane::Tree);
}

#[test]
fn help_opens_scrolls_and_closes_without_moving_the_reader() {
    let mut s = state(80, 24);
    press(&mut s, &[Action::ToggleHelp]);
    assert_eq!(s.mode(), Mode::Help);
    press(&mut s, &[Action::Down, Action::Down]);
    assert_eq!(s.overlay, Some(Overlay::Help { scroll: 2 }));
    assert_eq!(s.source_index(), 0);
    press(&mut s, &[Action::Back]);
    assert_eq!(s.overlay, None);
    press(&mut s, &[Action::ToggleHelp, Action::ToggleHelp]);
    assert_eq!(s.overlay, None);
    press(&mut s, &[Action::ToggleHelp, Action::Quit]);
    assert!(s.quit);
}

#[test]
fn corpus_warnings_become_a_dismissable_notice() {
    let mut corpus = sample_corpus();
    corpus.warnings = vec!["x.bin: binary, skipped".into(), "y: unreadable".into()];
    let mut s = State::new(corpus, settings(), 120, 40);
    let notice = s.notice.clone().unwrap();
    assert!(notice.contains("x.bin") && notice.contains("1 more"));
    press(&mut s, &[Action::Back]);
    assert!(s.notice.is_none());
}

#[test]
fn jump_to_puts_the_file_line_at_the_top() {
    let mut s = state(120, 40);
    let target = &s.corpus.sources[0].flat_sections()[1];
    let (section, line) = (target.index, target.section.line);
    press(&mut s, &[Action::Focus(Pane::Text)]);
    s.jump_to(0, Some(section), line);
    assert_eq!(s.tree().selected_section(), Some(section));
    assert_eq!(s.layout().lines[s.top()].source_line, line);

    let second = &s.corpus.sources[1].flat_sections()[0];
    let (section, line) = (second.index, second.section.line);
    s.jump_to(1, Some(section), line);
    assert_eq!(s.source_index(), 1);
    assert_eq!(s.focus, Pane::Text);
    assert_eq!(s.layout().lines[s.top()].source_line, line);

    s.jump_to(99, None, 1);
    assert_eq!(s.source_index(), 1);
}

#[test]
fn resizing_keeps_the_reading_position() {
    let mut s = state(120, 40);
    press(
        &mut s,
        &[Action::Focus(Pane::Tree), Action::Down, Action::Down],
    );
    let line = s.layout().lines[s.top()].source_line;
    press(
        &mut s,
        &[Action::Resize {
            width: 70,
            height: 20,
        }],
    );
    assert_eq!(s.layout().lines[s.top()].source_line, line);
    press(
        &mut s,
        &[Action::Resize {
            width: 200,
            height: 60,
        }],
    );
    assert_eq!(s.layout().lines[s.top()].source_line, line);
}

#[test]
fn sources_remember_where_you_were() {
    let mut s = state(120, 40);
    press(
        &mut s,
        &[Action::Focus(Pane::Tree), Action::Down, Action::Down],
    );
    let top = s.top();
    assert!(top > 0);
    press(
        &mut s,
        &[Action::Focus(Pane::Sources), Action::Down, Action::Up],
    );
    assert_eq!(s.top(), top);
}

#[test]
fn esc_closes_the_sources_popup_at_medium_width() {
    let mut s = state(80, 24);
    assert_eq!(
        s.focus,
        Pane::Tree,
        "medium width starts with every pane visible"
    );
    press(&mut s, &[Action::Focus(Pane::Sources)]);
    assert!(s.geometry().sources_popup);
    press(&mut s, &[Action::Open]);
    assert_eq!(s.focus, Pane::Text);
    press(&mut s, &[Action::Focus(Pane::Sources), Action::Back]);
    assert_eq!(s.focus, Pane::Tree);
}

#[test]
fn every_action_is_safe_at_every_tiny_size() {
    let all = [
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::HalfPageUp,
        Action::HalfPageDown,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Left,
        Action::Right,
        Action::NextSection,
        Action::PrevSection,
        Action::FocusNext,
        Action::Back,
    ];
    for (width, height) in [(0, 0), (1, 1), (5, 2), (19, 4), (20, 5), (59, 10)] {
        let mut s = state(width, height);
        for _ in 0..3 {
            for action in all {
                update(&mut s, action);
            }
        }
        assert!(s.top() <= s.layout().lines.len());
    }
}

#[test]
fn an_empty_corpus_does_not_panic() {
    let corpus = Corpus {
        sources: Vec::new(),
        warnings: Vec::new(),
        origin: Origin::Embedded,
    };
    let mut s = State::new(corpus, settings(), 80, 24);
    for action in [
        Action::Down,
        Action::NextSection,
        Action::PrevSection,
        Action::Bottom,
    ] {
        update(&mut s, action);
    }
    s.jump_to(0, None, 1);
    assert_eq!(s.source_index(), 0);
}

#[test]
fn palette_follows_the_environment() {
    let some = |s: &'static str| Some(OsStr::new(s));
    assert_eq!(
        Palette::from_env(some("1"), some("truecolor")),
        Palette::NoColor
    );
    assert_eq!(Palette::from_env(None, some("24bit")), Palette::TrueColor);
    assert_eq!(
        Palette::from_env(None, some("TrueColor")),
        Palette::TrueColor
    );
    assert_eq!(Palette::from_env(None, None), Palette::Ansi16);
    assert_eq!(Palette::from_env(some(""), None), Palette::Ansi16);
}

#[test]
fn keys_go_through_the_current_modes_table() {
    let mut s = state(120, 40);
    assert!(on_key(&mut s, Key::Char('j')));
    assert_eq!(s.source_index(), 1);
    assert!(
        !on_key(&mut s, Key::Char('z')),
        "an unbound key changes nothing"
    );
    assert!(on_key(&mut s, Key::Char('?')));
    assert!(on_key(&mut s, Key::Char('q')), "q closes the help first");
    assert!(!s.quit);
    assert_eq!(s.overlay, None);
    assert!(on_key(&mut s, Key::Char('q')));
    assert!(s.quit);
}

#[test]
fn a_passing_tiny_size_keeps_the_wrap_width_and_position() {
    let mut s = state(120, 40);
    press(
        &mut s,
        &[Action::Focus(Pane::Tree), Action::Down, Action::Down],
    );
    let width = s.text_width();
    let top = s.top();
    press(
        &mut s,
        &[Action::Resize {
            width: 1,
            height: 1,
        }],
    );
    assert_eq!(s.text_width(), width);
    press(
        &mut s,
        &[Action::Resize {
            width: 120,
            height: 40,
        }],
    );
    assert_eq!(s.top(), top);
}

#[test]
fn hidden_panes_keep_their_size_in_the_one_pane_arrangement() {
    let mut s = state(50, 15);
    press(&mut s, &[Action::Focus(Pane::Sources)]);
    let hidden = s.text_width();
    press(&mut s, &[Action::Focus(Pane::Text)]);
    assert_eq!(s.text_width(), hidden);
    assert!(hidden > 20);
}

#[test]
fn position_round_trips_through_jump_to() {
    let mut s = state(120, 40);
    press(&mut s, &[Action::Focus(Pane::Sources), Action::Down]);
    press(&mut s, &[Action::NextSection, Action::NextSection]);
    let (source, section, line) = s.position();
    assert_eq!(source, 1);
    let mut fresh = state(0, 0);
    fresh.jump_to(source, section, line);
    update(
        &mut fresh,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    assert_eq!(fresh.position(), (source, section, line));
    assert_eq!(fresh.top(), s.top());
    assert_eq!(state(80, 24).position(), (0, None, 0));
}

#[test]
fn a_state_built_at_zero_size_starts_right_once_resized() {
    let mut s = state(0, 0);
    update(
        &mut s,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    assert_eq!(s.focus, Pane::Tree);
    let mut s = state(0, 0);
    update(
        &mut s,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    assert_eq!(s.focus, Pane::Sources);
}

#[test]
fn max_width_caps_the_text_column() {
    let mut s = State::new(
        sample_corpus(),
        Settings {
            max_width: 40,
            ..Settings::default()
        },
        200,
        50,
    );
    assert_eq!(s.text_width(), 40);
    assert!(s.layout().lines.iter().all(|l| l.width() <= 40));
    update(
        &mut s,
        Action::Resize {
            width: 30,
            height: 20,
        },
    );
    assert!(s.text_width() < 40);
}

#[test]
fn a_resize_keeps_the_row_being_read_inside_its_paragraph() {
    let mut s = state(120, 40);
    press(
        &mut s,
        &[
            Action::Focus(Pane::Tree),
            Action::Down,
            Action::Focus(Pane::Text),
        ],
    );
    press(&mut s, &[Action::Down; 5]);
    let line = s.layout().lines[s.top()].source_line;
    let top = s.top();
    assert_ne!(line, 0);
    for (width, height) in [(80, 24), (60, 20), (200, 60), (50, 15), (120, 40)] {
        press(&mut s, &[Action::Resize { width, height }]);
        assert_eq!(
            s.layout().lines[s.top()].source_line,
            line,
            "at {width}x{height}"
        );
        assert_eq!(s.tree().selected_section(), Some(0));
    }
    assert_eq!(s.top(), top);
}
