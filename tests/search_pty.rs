//! End-to-end test of search in the reader: the real binary in a pseudo-terminal
//! (portable-pty), its output read by a terminal emulator (vt100). `/`, a word, Enter shows
//! the word in the text; `n` moves to the next hit. Every wait is for a condition with a
//! deadline, never a fixed sleep.
//!
//! The harness is a trimmed copy of `reader_pty.rs`'s (kept apart so the two files can grow
//! independently).

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};

const DEADLINE: Duration = Duration::from_secs(10);
const END_SYNC: &[u8] = b"\x1b[?2026l";

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

struct Reader {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _dir: tempfile::TempDir,
}

impl Reader {
    fn start(cols: u16, rows: u16) -> Reader {
        let dir = tempfile::tempdir().unwrap();
        write_articles(dir.path());
        let size = PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system().openpty(size).unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_dossier"));
        command.arg(dir.path());
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(command).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (sender, output) = mpsc::channel();
        thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let nonzero = |n: u16| NonZeroU16::new(n.max(1)).unwrap();
        Reader {
            child,
            writer,
            output,
            parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
            raw: Vec::new(),
            _master: pair.master,
            _dir: dir,
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until `done` holds for the screen and the last frame is complete.
    fn wait_for(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if done(self.parser.screen()) && self.raw.ends_with(END_SYNC) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(Duration::from_millis(200)))
            {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
        }
    }

    fn wait_for_text(&mut self, text: &str) {
        let needle = text.to_string();
        self.wait_for(text, move |s| s.contents().contains(&needle));
    }

    /// Bytes written during a quiet window (a measurement of idleness, not a wait).
    fn bytes_in(&mut self, window: Duration) -> usize {
        let before = self.raw.len();
        let end = Instant::now() + window;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return self.raw.len() - before;
            }
            if let Ok(bytes) = self.output.recv_timeout(left) {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
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
    let mut reader = Reader::start(100, 30);
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
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(status) = reader.child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "the reader did not quit");
        if let Ok(bytes) = reader.output.recv_timeout(Duration::from_millis(50)) {
            reader.parser.process(&bytes);
        }
    }
}
