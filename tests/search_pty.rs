//! End-to-end test of search in the reader: the real binary in a pseudo-terminal
//! (portable-pty), its output read by a terminal emulator (vt100). `/`, a word, Enter shows
//! the word in the text; `n` moves to the next hit. Every wait is for a condition with a
//! deadline, never a fixed sleep.
//!
//! The harness is a trimmed copy of `reader_pty.rs`'s (kept apart so the two files can grow
//! independently).

mod support;

use std::path::Path;
use std::time::Duration;

/// Articles nobody here has seen: "lantern" occurs in three of them, "quarry" in one,
/// deep in a long paragraph.
fn write_articles(dir: &Path) {
    let filler = |topic: &str, n: usize| {
        (1..=n)
            .map(|i| format!("Remark {i} about {topic} is long enough to wrap the line."))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let first = format!(
        "# Lighthouse Keeping\n\n{}\n\n## The Lamp Room\n\n{} Each lantern is trimmed at dusk. {}\n\n## Storms\n\n{} The old quarry road floods first. {}\n",
        filler("towers", 6),
        filler("lamps", 10),
        filler("wicks", 4),
        filler("storms", 12),
        filler("roads", 3)
    );
    let second = format!(
        "Mine Safety\n{}\nUnderground Light\n{} A lantern hangs at every junction. {}\n",
        filler("mines", 5),
        filler("shafts", 6),
        filler("air", 3)
    );
    let third = format!(
        "Night Markets\n{}\nStalls\nA paper lantern marks each stall. {}\n",
        filler("markets", 4),
        filler("stalls", 5)
    );
    std::fs::write(dir.join("a_lighthouse.md"), first).unwrap();
    std::fs::write(dir.join("b_mines.txt"), second).unwrap();
    std::fs::write(dir.join("c_markets.txt"), third).unwrap();
}

/// The rows of the text pane (right of its title's column), when no overlay is open.
fn text_pane(screen: &vt100::Screen) -> Option<String> {
    let contents = screen.contents();
    if contents.contains(" Search ") {
        return None;
    }
    let top = contents.lines().next()?;
    let from = top.find("3 Text")?;
    let from = top[..from].chars().count() as u16;
    let (rows, cols) = (screen.size().0.get(), screen.size().1.get());
    Some(
        (1..rows.saturating_sub(1))
            .map(|row| screen.contents_between(row, from, row, cols))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[test]
fn slash_a_word_and_enter_show_it_in_the_text_and_n_moves_on() {
    let (_home, mut reader) = support::start_on(100, 30, write_articles);
    reader.wait_for_text("Remark 6 about towers");

    reader.send(b"/");
    reader.wait_for_text(" Search ");
    reader.send(b"quarry");
    reader.wait_for_text("1 hit in 1 source");
    reader.wait_for_text("The old quarry road floods first.");
    reader.send(b"\r");
    reader.wait_for("the text showing the quarry sentence", |s| {
        text_pane(s).is_some_and(|t| t.contains("quarry road"))
    });
    reader.wait_for_text("[1/1]");

    // A word in three sources: n steps from one to the next, the counter follows.
    reader.send(b"/");
    reader.wait_for_text(" Search ");
    reader.send(b"\x15lantern");
    reader.wait_for_text("3 hits in 3 sources");
    reader.send(b"\r");
    reader.wait_for_text("[1/3]");
    reader.wait_for("a lantern line in the text", |s| {
        text_pane(s).is_some_and(|t| t.contains("lantern"))
    });
    // The search thread is done: nothing more is drawn until the next key.
    assert_eq!(
        reader.bytes_in(Duration::from_secs(1)),
        0,
        "wrote while idle"
    );
    let first = reader.screen();
    reader.send(b"n");
    reader.wait_for_text("[2/3]");
    reader.wait_for("another lantern line in the text", |s| {
        text_pane(s).is_some_and(|t| t.contains("lantern"))
    });
    assert_ne!(first, reader.screen());

    // Esc in the overlay changes nothing: the same hit stays on screen.
    reader.send(b"/");
    reader.wait_for_text(" Search ");
    reader.send(b"\x1b");
    reader.wait_for("the overlay to close", |s| text_pane(s).is_some());
    assert!(reader.screen().contains("[2/3]"));

    reader.send(b"q");
    let status = reader.wait_exit();
    assert!(status.success(), "{status:?}");
}
