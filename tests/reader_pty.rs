//! End-to-end tests of the interactive reader: the real binary in a pseudo-terminal
//! (portable-pty), its output fed to a terminal emulator (vt100); harness in `support`.

mod support;

use std::process::Command;
use std::sync::atomic::Ordering;
use std::thread;
use std::time::{Duration, Instant};

use support::{pane_columns, selected_row, top_text_row, Reader, DEADLINE};

#[test]
fn first_screen_shows_all_three_panes() {
    let mut reader = Reader::start(120, 40);
    reader.wait_for_text("Sentence 12 about pruning");
    let screen = reader.screen();
    for expected in [
        "Sources",
        "Contents",
        "Text",
        "Beekeeping For",
        "Winter Cuts",
        "Tools Needed",
        "Orchard Pruning Guide",
        "1/3",
    ] {
        assert!(screen.contains(expected), "{expected} missing:\n{screen}");
    }
    assert!(reader.parser.screen().alternate_screen());
    assert!(reader.parser.screen().hide_cursor());
}

#[test]
fn keys_move_between_sources_panes_and_sections() {
    let mut reader = Reader::start(120, 40);
    reader.wait_for_text("Sentence 12 about pruning");

    // j in the sources pane shows the next source.
    reader.send(b"j");
    // (Any one sentence may wrap across rows; some "about bees" stays on one.)
    reader.wait_for_text("about bees");
    reader.wait_for_text("2/3");

    // Tab moves the focus: the contents pane's selected row turns reverse.
    reader.send(b"\t");
    reader.wait_for("the contents pane focused", |s| {
        let (from, to) = pane_columns(s, "2 Contents", "3 Text");
        let (sources_from, sources_to) = pane_columns(s, "1 Sources", "2 Contents");
        selected_row(s, from, to).is_some_and(|row| row.contains("Beekeeping"))
            && selected_row(s, sources_from, sources_to).is_none()
    });

    // j then Enter: the section's heading goes to the top of the text.
    reader.send(b"j\r");
    reader.wait_for("Choosing A Hive at the top of the text", |s| {
        top_text_row(s).contains("Choosing A Hive")
    });

    // ] goes to the next section; at the last one it crosses into the next source.
    reader.send(b"]");
    reader.wait_for("First Inspection at the top", |s| {
        top_text_row(s).contains("First Inspection")
    });
    reader.send(b"]");
    reader.wait_for_text("3/3");
    reader.wait_for_text("about compost");
}

#[test]
fn resizing_to_one_cell_and_back_redraws_everything() {
    let mut reader = Reader::start(120, 40);
    reader.wait_for_text("Sentence 12 about pruning");
    reader.resize(1, 1);
    // Whatever fits in one cell is drawn; the process must stay up.
    reader.raw.clear();
    reader.wait_for("a frame at 1x1", |_| true);
    assert!(reader.child.try_wait().unwrap().is_none());
    reader.resize(30, 4);
    reader.raw.clear();
    reader.wait_for_text("terminal too small");
    reader.resize(120, 40);
    reader.raw.clear();
    reader.wait_for("three panes again", |s| {
        let text = s.contents();
        text.contains("Sources") && text.contains("Winter Cuts") && text.contains("pruning")
    });
    reader.resize(70, 20);
    reader.raw.clear();
    reader.wait_for("two panes at 70x20", |s| {
        let text = s.contents();
        text.contains("Contents") && !text.contains("Sources")
    });
}

#[test]
fn q_exits_zero_and_restores_the_terminal() {
    let mut reader = Reader::start(100, 30);
    reader.wait_for_text("Sentence 12 about pruning");
    reader.send(b"q");
    let status = reader.wait_exit();
    assert!(status.success(), "{status:?}");
    let screen = reader.parser.screen();
    assert!(!screen.alternate_screen());
    assert!(!screen.hide_cursor());
}

#[test]
fn sighup_restores_the_terminal_and_exits() {
    let mut reader = Reader::start(100, 30);
    reader.wait_for_text("Sentence 12 about pruning");
    let pid = reader.child.process_id().expect("the child has a pid");
    let killed = Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = reader.wait_exit();
    assert_eq!(status.exit_code(), 128 + 1, "{status:?}");
    assert!(!reader.parser.screen().alternate_screen());
}

#[test]
fn closing_the_terminal_ends_the_reader() {
    let mut reader = Reader::start(100, 30);
    reader.wait_for_text("Sentence 12 about pruning");
    // Hang up as a dropped SSH session does: every handle on the terminal side closes.
    // The reading thread holds one; a key makes it wake, see the flag and let go.
    reader.stop_reading.store(true, Ordering::SeqCst);
    reader.send(b"j");
    reader.reading.take().unwrap().join().unwrap();
    reader.writer = None;
    reader.master = None;
    let deadline = Instant::now() + DEADLINE;
    while reader.child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "the reader outlived its terminal"
        );
        // Polling the exit status: nothing else can tell us the process is gone.
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_one_line_scroll_writes_little_and_idle_writes_nothing() {
    let mut reader = Reader::start(100, 30);
    reader.wait_for_text("Sentence 12 about pruning");
    reader.send(b"3");
    reader.wait_for("the sources pane to lose focus", |s| {
        let (from, to) = pane_columns(s, "1 Sources", "2 Contents");
        selected_row(s, from, to).is_none()
    });
    let idle = reader.bytes_in(Duration::from_millis(1500));
    assert_eq!(idle, 0, "the reader wrote while idle");

    let first_text_row = top_text_row;
    let before = first_text_row(reader.parser.screen());
    let start = reader.raw.len();
    reader.send(b"j");
    reader.wait_for("the text to scroll one line", move |s| {
        first_text_row(s) != before
    });
    let scroll_bytes = reader.raw.len() - start;
    eprintln!("one-line scroll at 100x30: {scroll_bytes} bytes");
    assert!(scroll_bytes <= 4096, "{scroll_bytes} bytes for one line");

    let idle = reader.bytes_in(Duration::from_millis(1500));
    assert_eq!(idle, 0, "the reader wrote while idle after a scroll");
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let mut reader = Reader::start(100, 30);
    reader.wait_for_text("Sentence 12 about pruning");
    let pid = reader.child.process_id().expect("the child has a pid");
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = reader.wait_exit();
    assert_eq!(status.exit_code(), 128 + 15, "{status:?}");
    assert!(!reader.parser.screen().alternate_screen());
    assert!(!reader.parser.screen().hide_cursor());
}
