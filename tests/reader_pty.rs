//! End-to-end tests of the interactive reader: the real binary in a pseudo-terminal
//! (portable-pty), its output fed to a terminal emulator (vt100). Every wait is for a
//! condition with a generous deadline, so a loaded machine slows the tests but doesn't fail them.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

const DEADLINE: Duration = Duration::from_secs(10);
const END_SYNC: &[u8] = b"\x1b[?2026l";

/// Three articles nobody has seen, long enough to scroll, one with a child section.
fn write_articles(dir: &Path) {
    let body = |topic: &str, n: usize| {
        (1..=n)
            .map(|i| format!("Sentence {i} about {topic} goes on for a while so that lines wrap."))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let first = format!(
        "# Orchard Pruning Guide\n\n{}\n\n## Winter Cuts\n\n{}\n\n### Tools Needed\n\n{}\n\n## Summer Cuts\n\n{}\n\n## Common Mistakes\n\n{}\n",
        body("pruning", 12),
        body("winter", 14),
        body("tools", 8),
        body("summer", 14),
        body("mistakes", 10)
    );
    let second = format!(
        "Beekeeping For Beginners\n{}\nChoosing A Hive\n{}\nFirst Inspection\n{}\n",
        body("bees", 8),
        body("hives", 12),
        body("inspection", 12)
    );
    let third = format!("Composting Basics\n{}\n", body("compost", 6));
    std::fs::write(dir.join("a_orchard.md"), first).unwrap();
    std::fs::write(dir.join("b_bees.txt"), second).unwrap();
    std::fs::write(dir.join("c_compost.txt"), third).unwrap();
}

struct Reader {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    output: Receiver<Vec<u8>>,
    stop_reading: Arc<AtomicBool>,
    reading: Option<JoinHandle<()>>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    _dir: tempfile::TempDir,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).unwrap()
}

impl Reader {
    fn start(cols: u16, rows: u16) -> Reader {
        let dir = tempfile::tempdir().unwrap();
        write_articles(dir.path());
        let pair = native_pty_system().openpty(size(cols, rows)).unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_dossier"));
        command.arg(dir.path());
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        command.env_remove("COLORTERM");
        let child = pair.slave.spawn_command(command).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (sender, output) = mpsc::channel();
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        let reading = thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                    break;
                }
                if stop.load(Ordering::SeqCst) {
                    break;
                }
            }
        });
        Reader {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            output,
            stop_reading,
            reading: Some(reading),
            parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
            raw: Vec::new(),
            _dir: dir,
        }
    }

    /// Takes output arriving within `timeout`; false when none came (or the pty closed).
    fn pump(&mut self, timeout: Duration) -> bool {
        match self.output.recv_timeout(timeout) {
            Ok(bytes) => {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
                true
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => false,
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until `done` holds for the screen, and the last frame is complete.
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
            self.pump(left.min(Duration::from_millis(200)));
        }
    }

    fn wait_for_text(&mut self, text: &str) {
        let needle = text.to_string();
        self.wait_for(text, move |s| s.contents().contains(&needle));
    }

    fn send(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(bytes).unwrap();
        writer.flush().unwrap();
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        let master = self.master.as_ref().expect("the terminal is open");
        master.resize(size(cols, rows)).unwrap();
        self.parser.set_size(nonzero(rows), nonzero(cols));
    }

    /// Bytes written during a quiet window after everything so far has been taken.
    fn bytes_in(&mut self, window: Duration) -> usize {
        let before = self.raw.len();
        let end = Instant::now() + window;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            self.pump(left);
        }
        self.raw.len() - before
    }

    /// Waits for the process to end, taking its output meanwhile.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while self.pump(Duration::from_millis(100)) {}
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the reader did not exit; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }
}

/// The inner columns of the pane whose title is `title`, up to the pane titled `next`.
fn pane_columns(screen: &vt100::Screen, title: &str, next: &str) -> (u16, u16) {
    let top: Vec<char> = screen
        .contents_between(0, 0, 0, screen.size().1.get())
        .chars()
        .collect();
    let find = |needle: &str| {
        let needle: Vec<char> = needle.chars().collect();
        top.windows(needle.len())
            .position(|w| w == needle.as_slice())
            .map(|i| i as u16)
    };
    let from = find(title).map_or(0, |i| i.saturating_sub(1));
    let to = find(next).map_or(screen.size().1.get(), |i| i.saturating_sub(3));
    (from, to)
}

/// The first row of the text pane.
fn top_text_row(screen: &vt100::Screen) -> String {
    let (from, to) = pane_columns(screen, "3 Text", "\u{0}");
    screen.contents_between(1, from, 1, to)
}

/// The text of the pane row drawn in reverse video between the columns (the selection of
/// a focused pane), leaving out the top border and the status bar.
fn selected_row(screen: &vt100::Screen, from: u16, to: u16) -> Option<String> {
    let rows = screen.size().0.get();
    (1..rows.saturating_sub(2))
        .find(|&row| (from..to).all(|col| screen.cell(row, col).is_some_and(|c| c.inverse())))
        .map(|row| screen.contents_between(row, from, row, to))
}

impl Drop for Reader {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

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
    reader.wait_for_text("Sentence 8 about bees");
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
    reader.wait_for_text("Sentence 6 about compost");
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
