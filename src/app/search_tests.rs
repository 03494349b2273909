//! update() tests of the search overlay. Results are handed in with `deliver`, as the worker
//! thread would, from a `Searcher` run on the test's own thread.

use std::sync::Arc;

use super::*;
use crate::app::tests_support::{harbour_corpus as corpus, run_pending_search};
use crate::app::{on_key, update, Key, Palette, Settings};
use crate::search::{CancelToken, SearchOptions, Searcher};

/// A reader at `width`x`height` whose search worker is `searcher`, run by hand.
struct Bench {
    state: State,
    searcher: Searcher,
}

impl Bench {
    fn new(width: u16, height: u16) -> Bench {
        let settings = Settings {
            palette: Palette::Ansi16,
            ..Settings::default()
        };
        let mut state = State::new(corpus(), settings, width, height);
        let index = Arc::new(Index::build(&state.corpus));
        deliver(&mut state, SearchEvent::IndexReady(Arc::clone(&index)));
        Bench {
            state,
            searcher: Searcher::new(index),
        }
    }

    fn press(&mut self, actions: &[Action]) {
        for action in actions {
            update(&mut self.state, *action);
        }
    }

    fn key(&mut self, key: Key) {
        on_key(&mut self.state, key);
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(Key::Char(c));
        }
    }

    /// Does what the worker would with the queued request; true if it ran a search.
    fn work(&mut self) -> bool {
        run_pending_search(&mut self.state, &mut self.searcher)
    }

    fn search(&mut self, query: &str) {
        self.key(Key::Char('/'));
        self.type_text(query);
        self.work();
    }

    fn shown_hits(&self) -> &[Hit] {
        &self.state.search.shown.as_ref().expect("results").hits
    }

    /// The text on screen in the text view, lower-cased.
    fn visible_text(&self) -> String {
        let laid = self.state.layout();
        laid.lines
            .iter()
            .skip(self.state.top())
            .take(self.state.text_height())
            .map(|l| l.text().to_lowercase())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[test]
fn the_query_line_edits_like_a_shell() {
    let mut b = Bench::new(80, 24);
    b.key(Key::Char('/'));
    assert_eq!(b.state.overlay, Some(Overlay::Search));
    // Keys that mean something in the reader are typed here.
    b.type_text("qj n");
    assert_eq!(b.state.search.input.text(), "qj n");
    assert!(!b.state.quit);
    b.key(Key::Left);
    b.key(Key::Left);
    b.type_text("X");
    assert_eq!(b.state.search.input.text(), "qjX n");
    assert_eq!(b.state.search.input.cursor(), 3);
    b.key(Key::Backspace);
    assert_eq!(b.state.search.input.text(), "qj n");
    b.key(Key::Home);
    b.key(Key::Backspace);
    assert_eq!(b.state.search.input.text(), "qj n");
    b.type_text("é");
    b.key(Key::End);
    b.type_text("  ab");
    assert_eq!(b.state.search.input.text(), "éqj n  ab");
    b.key(Key::Ctrl('w'));
    assert_eq!(b.state.search.input.text(), "éqj n  ");
    b.key(Key::Ctrl('w'));
    assert_eq!(b.state.search.input.text(), "éqj ");
    b.key(Key::Right);
    assert_eq!(b.state.search.input.cursor(), 4);
    b.key(Key::Ctrl('u'));
    assert_eq!(b.state.search.input.text(), "");
    assert_eq!(b.state.search.input.cursor(), 0);
    assert!(matches!(
        b.state.search.take_request(),
        Some(Outgoing::Cancel)
    ));
}

#[test]
fn each_edit_queues_a_newer_search_and_results_update_the_list() {
    let mut b = Bench::new(80, 24);
    b.key(Key::Char('/'));
    b.type_text("laun");
    let Some(Outgoing::Search(first)) = b.state.search.take_request() else {
        panic!("no request");
    };
    assert_eq!(first.query.as_str(), "laun");
    b.type_text("ch");
    assert!(b.work());
    assert!(b.state.search.take_request().is_none());
    let hits = b.shown_hits();
    // Three sources mention a launch; the list is grouped by source.
    let sources: Vec<usize> = hits.iter().map(|h| h.source).collect();
    assert_eq!(sources.len(), 3, "{sources:?}");
    let shown = b.state.search.shown.as_ref().unwrap();
    assert_eq!(
        shown
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Source(_)))
            .count(),
        3
    );
    assert_eq!(shown.query, "launch");
    // A late answer to the older query does not replace the newer one.
    let stale = b
        .searcher
        .search(&first.query, &SearchOptions::default(), &CancelToken::new())
        .unwrap();
    assert!(!deliver(
        &mut b.state,
        SearchEvent::Results {
            generation: first.generation,
            query: first.query.as_str().to_string(),
            results: stale,
        }
    ));
    assert_eq!(b.state.search.shown.as_ref().unwrap().query, "launch");
}

#[test]
fn an_invalid_query_shows_its_error_and_keeps_the_last_results() {
    let mut b = Bench::new(80, 24);
    b.search("gantry");
    let before = b.shown_hits().to_vec();
    assert!(!before.is_empty());
    b.type_text(" ");
    b.work();
    b.type_text("!");
    assert!(b.state.search.error.is_some());
    assert!(b.state.search.take_request().is_none());
    assert_eq!(b.shown_hits(), before.as_slice());
    b.type_text("night");
    assert!(b.state.search.error.is_none());
    assert!(b.work());
    assert!(b.shown_hits().is_empty());
}

#[test]
fn arrows_and_ctrl_n_p_move_the_selection_within_the_hits() {
    let mut b = Bench::new(80, 24);
    b.search("note");
    let count = b.shown_hits().len();
    assert!(count > 5, "{count}");
    b.key(Key::Down);
    b.key(Key::Ctrl('n'));
    assert_eq!(b.state.search.selected, 2);
    b.key(Key::Ctrl('p'));
    assert_eq!(b.state.search.selected, 1);
    b.key(Key::Up);
    b.key(Key::Up);
    assert_eq!(b.state.search.selected, 0);
    for _ in 0..count + 3 {
        b.key(Key::Down);
    }
    assert_eq!(b.state.search.selected, count - 1);
    // The selected row stays inside the visible part of the list.
    let shown = b.state.search.shown.as_ref().unwrap();
    let row = shown.row_of(count - 1).unwrap();
    let height = list_height(&b.state);
    assert!(row >= b.state.search.scroll && row < b.state.search.scroll + height);
    b.key(Key::PageUp);
    assert!(b.state.search.selected < count - 1);
}

#[test]
fn esc_returns_exactly_where_the_reader_was() {
    let mut b = Bench::new(80, 24);
    b.press(&[
        Action::Focus(Pane::Tree),
        Action::Down,
        Action::Down,
        Action::Focus(Pane::Text),
        Action::Down,
        Action::Down,
    ]);
    let (position, top, focus) = (b.state.position(), b.state.top(), b.state.focus);
    b.search("pilots");
    b.key(Key::Down);
    b.key(Key::Esc);
    assert_eq!(b.state.overlay, None);
    assert_eq!(b.state.position(), position);
    assert_eq!(b.state.top(), top);
    assert_eq!(b.state.focus, focus);
    assert_eq!(b.state.highlight, None);
    // The query is still there for the next `/`.
    b.key(Key::Char('/'));
    assert_eq!(b.state.search.input.text(), "pilots");
}

#[test]
fn enter_shows_the_hit_in_the_text_with_its_match_marked() {
    let mut b = Bench::new(80, 24);
    b.search("gantry");
    let hit = b.shown_hits()[0].clone();
    b.key(Key::Enter);
    assert_eq!(b.state.overlay, None);
    assert_eq!(b.state.focus, Pane::Text);
    assert_eq!(b.state.source_index(), hit.source);
    assert_eq!(b.state.tree().selected_section(), hit.section);
    assert!(b.visible_text().contains("gantry"), "{}", b.visible_text());
    assert_eq!(b.state.counter, Some((1, 1)));
    // The sentence is deep in a long paragraph: the view starts at it, not at the paragraph.
    let laid = b.state.layout();
    let paragraph_start = laid.line_for_source_line(hit.line).unwrap();
    assert!(b.state.top() > paragraph_start + 2);
    // The marked chars are the word, wherever wrapping put it.
    let mark = b.state.search.mark.clone().expect("a mark");
    let found = locate(&laid, &mark).expect("located");
    let marked: String = found
        .matched
        .iter()
        .map(|(line, chars)| {
            let text: Vec<char> = laid.lines[*line].text().chars().collect();
            text[chars.clone()].iter().collect::<String>()
        })
        .collect();
    assert_eq!(marked, "gantry");
    let unit: String = found
        .unit
        .iter()
        .map(|(line, chars)| {
            let text: Vec<char> = laid.lines[*line].text().chars().collect();
            text[chars.clone()].iter().collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(unit, "The gantry crane lifts boxes at night.");
}

#[test]
fn n_and_shift_n_step_through_the_hits_across_sources_with_a_counter() {
    let mut b = Bench::new(80, 24);
    b.search("launch");
    let hits = b.shown_hits().to_vec();
    assert_eq!(hits.len(), 3);
    b.key(Key::Enter);
    assert_eq!(b.state.counter, Some((1, 3)));
    let mut seen = vec![b.state.source_index()];
    for expect in [2, 3] {
        b.key(Key::Char('n'));
        assert_eq!(b.state.counter, Some((expect, 3)));
        assert_eq!(b.state.source_index(), hits[expect - 1].source);
        assert!(b.visible_text().contains("launch"), "{}", b.visible_text());
        seen.push(b.state.source_index());
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 3, "n crossed into every source");
    assert!(b.state.notice.is_none());
    b.key(Key::Char('n'));
    assert_eq!(b.state.counter, Some((1, 3)));
    assert!(b.state.notice.as_deref().unwrap().contains("wrapped"));
    b.key(Key::Char('N'));
    assert_eq!(b.state.counter, Some((3, 3)));
    b.key(Key::Char('N'));
    assert_eq!(b.state.counter, Some((2, 3)));
    assert_eq!(b.state.source_index(), hits[1].source);
}

#[test]
fn n_reads_on_through_the_text_in_reading_order() {
    let mut b = Bench::new(80, 24);
    b.search("runs long");
    let count = b.shown_hits().len();
    assert!(count > 4, "hits in several sections");
    // Start from the hit listed last (not the first in the text), then read on.
    for _ in 1..count {
        b.key(Key::Down);
    }
    b.key(Key::Enter);
    let last = b
        .state
        .search
        .last
        .as_ref()
        .expect("a search to step through");
    let places: Vec<(usize, usize)> = last.hits.iter().map(|h| (h.source, h.line)).collect();
    let mut sorted = places.clone();
    sorted.sort_unstable();
    assert_eq!(places, sorted, "n follows sources, then lines");
    let start = last.current;
    b.key(Key::Char('n'));
    let after = b.state.search.last.as_ref().unwrap().current;
    assert_eq!(after, (start + 1) % count);
}

#[test]
fn a_query_that_finds_nothing_shows_what_its_root_finds_and_says_so() {
    let mut b = Bench::new(100, 30);
    b.search("lifted");
    let shown = b.state.search.shown.as_ref().expect("results");
    assert_eq!(shown.loosened.as_deref(), Some("'lift"));
    let index = b.state.search.index.as_ref().expect("index");
    let texts: Vec<&str> = shown.hits.iter().map(|h| index.text(h.unit)).collect();
    assert!(texts.iter().any(|t| t.contains("lifts boxes")), "{texts:?}");
    assert!(
        texts.iter().all(|t| t.to_lowercase().contains("lift")),
        "{texts:?}"
    );
}

#[test]
fn n_without_a_search_says_so() {
    let mut b = Bench::new(80, 24);
    let before = b.state.position();
    b.key(Key::Char('n'));
    assert!(b
        .state
        .notice
        .as_deref()
        .unwrap()
        .contains("no previous search"));
    assert_eq!(b.state.position(), before);
    assert_eq!(b.state.counter, None);
}

#[test]
fn enter_without_hits_keeps_the_overlay_open() {
    let mut b = Bench::new(80, 24);
    b.search("zzzqqq");
    assert!(b.shown_hits().is_empty());
    b.key(Key::Enter);
    assert_eq!(b.state.overlay, Some(Overlay::Search));
    assert!(b.state.search.last.is_none());
}

#[test]
fn results_before_the_index_is_ready_and_at_tiny_sizes_are_safe() {
    let settings = Settings::default();
    let mut state = State::new(corpus(), settings, 1, 1);
    update(&mut state, Action::Search);
    for c in "crane".chars() {
        update(&mut state, Action::Type(c));
    }
    assert!(state.search.index.is_none());
    assert!(state.search.is_searching());
    update(&mut state, Action::Down);
    update(&mut state, Action::Open);
    assert_eq!(state.overlay, Some(Overlay::Search));
    update(
        &mut state,
        Action::Resize {
            width: 0,
            height: 0,
        },
    );
    assert_eq!(list_height(&state), 1);
}

#[test]
fn overlay_box_fits_every_screen() {
    for width in 0..130 {
        for height in 0..40 {
            let area = Rect::new(0, 0, width, height);
            let popup = overlay_area(area);
            assert!(popup.x + popup.width <= width && popup.y + popup.height <= height);
        }
    }
    assert_eq!(overlay_area(Rect::new(0, 0, 80, 24)).width, 76);
}

#[test]
fn locate_finds_list_items_and_gives_up_where_sanitising_changed_the_text() {
    use crate::corpus::{Corpus, Origin};
    use crate::model::{parse, Format};
    let text = "Orchard Notes\nSome intro text here.\nTools\nYou will need:\n- Ladder: a tall one for the upper branches\n- Saw: sharp \x1b teeth matter\n";
    let corpus = Corpus {
        sources: vec![parse("o", "o.txt", text, Format::PlainText)],
        warnings: Vec::new(),
        origin: Origin::Embedded,
    };
    let state = State::new(corpus, Settings::default(), 60, 20);
    let index = Index::build(&state.corpus);
    let laid = state.layout();
    let unit_of = |needle: &str| {
        (0..index.units().len())
            .find(|&u| index.text(u).contains(needle))
            .unwrap()
    };
    let ladder = unit_of("upper branches");
    let text = index.text(ladder).to_string();
    let at = text.find("upper").unwrap();
    let start = text[..at].chars().count();
    let mark = Mark {
        source: 0,
        line: index.unit(ladder).line(),
        text,
        ranges: std::iter::once(start..start + 5).collect(),
    };
    let found = locate(&laid, &mark).expect("the list item");
    let (line, chars) = &found.matched[0];
    let shown: String = laid.lines[*line].text().chars().collect::<Vec<_>>()[chars.clone()]
        .iter()
        .collect();
    assert_eq!(shown, "upper");

    // The escape is drawn as a visible marker, so the laid text differs: no guess.
    let saw = unit_of("teeth");
    let mark = Mark {
        source: 0,
        line: index.unit(saw).line(),
        text: index.text(saw).to_string(),
        ranges: std::iter::once(0..3).collect(),
    };
    assert_eq!(locate(&laid, &mark), None);
}

#[test]
fn a_failed_worker_is_reported_instead_of_searching_forever() {
    let mut b = Bench::new(80, 24);
    b.key(Key::Char('/'));
    b.type_text("crane");
    assert!(b.state.search.is_searching());
    assert!(deliver(&mut b.state, SearchEvent::Failed));
    assert!(!b.state.search.is_searching());
    assert!(b.state.search.failed);
    assert!(b
        .state
        .notice
        .as_deref()
        .unwrap()
        .contains("search stopped"));
    // The reader itself goes on.
    b.key(Key::Esc);
    b.press(&[Action::Focus(Pane::Text), Action::Down]);
    assert_eq!(b.state.overlay, None);
}
