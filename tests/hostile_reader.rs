//! Hostile files in the reader: the real binary in a pseudo-terminal reads every hostile
//! fixture to its end and none of the files' escape payloads reaches the terminal; and wide,
//! combining and right-to-left text never breaks a border at any width from 1 to 200.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use portable_pty::CommandBuilder;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;

use dossier::app::{update, Action, Pane, Settings, State};
use dossier::corpus::{self, LoadOptions};
use support::Reader;

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

/// Sequences a file tries to send; dossier itself never writes any of them while running.
const PAYLOADS: &[(&str, &[u8])] = &[
    ("OSC (title, clipboard, hyperlink)", b"\x1b]"),
    ("DCS", b"\x1bP"),
    ("APC", b"\x1b_"),
    ("PM", b"\x1b^"),
    ("SOS", b"\x1bX"),
    ("leave the alternate screen", b"\x1b[?1049l"),
    ("blink", b"\x1b[5m"),
    ("C1 CSI", "\u{9b}".as_bytes()),
    ("C1 OSC", "\u{9d}".as_bytes()),
    ("bell", b"\x07"),
    ("backspace", b"\x08"),
    ("right-to-left override", "\u{202e}".as_bytes()),
    ("isolate", "\u{2066}".as_bytes()),
    ("zero-width space", "\u{200b}".as_bytes()),
];

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn reading_every_hostile_file_to_the_end_sends_no_payload() {
    let home = tempfile::tempdir().unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_dossier"));
    command.arg(hostile_dir());
    command.env("TERM", "xterm-256color");
    command.env("XDG_CONFIG_HOME", home.path().join("config"));
    command.env("XDG_STATE_HOME", home.path().join("state"));
    let mut reader = Reader::spawn(100, 30, command);
    reader.wait_for_text("Sources");

    let sources = corpus::load(&[hostile_dir()], LoadOptions::default())
        .unwrap()
        .sources
        .len();
    // The text pane, then to the end of each source and on into the next one.
    reader.send(b"3");
    for _ in 0..sources {
        for key in [&b"G"[..], b"]"] {
            let frames = reader.raw.len();
            reader.send(key);
            reader.wait_for("a frame after a key", |_| true);
            // Wait for the frame this key caused, not one already on the screen.
            while reader.raw.len() == frames && reader.pump(Duration::from_millis(500)) {}
        }
    }
    reader.send(b"g");
    reader.wait_for("top of the last source", |_| true);
    assert!(
        reader.child.try_wait().unwrap().is_none(),
        "the reader died reading hostile files"
    );
    for (name, bytes) in PAYLOADS {
        if let Some(at) = find(&reader.raw, bytes) {
            let from = at.saturating_sub(40);
            panic!(
                "{name} reached the terminal at byte {at}: {:?}",
                String::from_utf8_lossy(&reader.raw[from..(at + 40).min(reader.raw.len())])
            );
        }
    }
    // The payloads were shown as text instead (the escapes file is one of the sources).
    assert!(find(&reader.raw, b"^[").is_some(), "ESC is shown as ^[");

    reader.send(b"q");
    assert!(reader.wait_exit().success());
}

/// Each row as a terminal would show it: a wide character covers the cell after it.
fn rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                row.push_str(symbol);
                x += u16::try_from(symbol.width().max(1)).unwrap_or(1);
            }
            row
        })
        .collect()
}

#[test]
fn wide_and_combining_text_never_breaks_a_border_at_any_width() {
    let corpus = corpus::load(&[hostile_dir().join("wide.txt")], LoadOptions::default()).unwrap();
    for width in 1..=200u16 {
        for height in [1u16, 5, 24] {
            let mut state = State::new(corpus.clone(), Settings::default(), width, height);
            update(&mut state, Action::Focus(Pane::Text));
            update(&mut state, Action::Bottom);
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|frame| dossier::ui::render(&state, frame))
                .unwrap();
            for (y, row) in rows(&terminal).iter().enumerate() {
                assert!(
                    row.width() <= usize::from(width),
                    "{width}x{height} row {y} is {} wide: {row:?}",
                    row.width()
                );
                // A right border that is drawn must stay in the last column.
                if width >= 20 && height >= 5 && (1..usize::from(height) - 2).contains(&y) {
                    let last = row.chars().next_back().unwrap();
                    assert!(
                        matches!(last, '│' | '|'),
                        "{width}x{height} row {y} ends in {last:?}: {row:?}"
                    );
                }
            }
        }
    }
}
