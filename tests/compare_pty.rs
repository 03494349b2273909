//! End-to-end test of the risks-and-benefits view: the real binary in a pseudo-terminal
//! (portable-pty), its output fed to a terminal emulator (vt100). Every wait is for a
//! condition with a deadline; nothing sleeps for a fixed time.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};

const DEADLINE: Duration = Duration::from_secs(15);
const END_SYNC: &[u8] = b"\x1b[?2026l";

/// Two articles of our own with plain benefits and risks.
fn write_articles(dir: &Path) {
    let first = "Cold Water Swimming for Low Mood\n\
        Open water swimmers describe a lift in mood that lasts for hours.\n\
        Benefits of Cold Water Swimming\n\
        - Rapid Relief: Many swimmers feel relief from low mood within hours of a swim.\n\
        - Less Anxiety: Regular swimmers report that anxiety eases over a few weeks.\n\
        Risks and Safety Concerns\n\
        - Cold Shock: Sudden immersion can cause cold shock and dangerous heart rhythm changes.\n\
        - Cost: Guided sessions are expensive and not covered by insurance.\n";
    let second = "Is Cold Water Swimming Safe?\n\
        Advantages\n\
        Some swimmers report relief from low mood within hours after a swim.\n\
        Downsides\n\
        Side effects such as numbness and dizziness are common after long swims.\n";
    std::fs::write(dir.join("a_swim.txt"), first).unwrap();
    std::fs::write(dir.join("b_safe.txt"), second).unwrap();
}

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _dir: tempfile::TempDir,
}

impl Session {
    fn start(cols: u16, rows: u16) -> Session {
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
        // No user lexicon: the built-in one.
        command.env("XDG_CONFIG_HOME", dir.path().join("config"));
        command.env("XDG_STATE_HOME", dir.path().join("state"));
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
        Session {
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

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The text of the rows drawn in reverse video in the left half (the selected benefit),
/// between the title rows and the footer.
fn selected_benefit(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = (screen.size().0.get(), screen.size().1.get());
    let half = (cols - 1) / 2;
    (2..rows.saturating_sub(1))
        .filter(|&row| (1..half - 1).all(|col| screen.cell(row, col).is_some_and(|c| c.inverse())))
        .map(|row| {
            screen
                .contents_between(row, 0, row, half)
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn r_shows_the_columns_enter_jumps_to_the_statement_and_t_shows_the_grid() {
    let mut session = Session::start(80, 24);
    session.wait_for_text("Cold Water Swimming");

    session.send(b"r");
    session.wait_for("the benefits and risks columns", |s| {
        let text = s.contents();
        text.contains("Benefits (") && text.contains("Risks (") && text.contains("of 2 sources")
    });
    let selected = selected_benefit(session.parser.screen());
    // The badge-and-section row, then the statement's first line.
    assert!(selected.len() >= 2, "no selection:\n{}", session.screen());
    let first_line = selected[1].clone();
    assert!(!first_line.is_empty());

    // Moving the selection redraws only what changed, not the screen.
    let start = session.raw.len();
    session.send(b"j");
    session.wait_for("the selection to move", |s| {
        selected_benefit(s)
            .get(1)
            .is_some_and(|line| *line != first_line)
    });
    let moved = session.raw.len() - start;
    eprintln!("j in the view at 80x24: {moved} bytes");
    assert!(moved < 80 * 24 * 4, "{moved} bytes for one move");
    session.send(b"k");
    session.wait_for("the selection to come back", |s| {
        selected_benefit(s).get(1) == Some(&first_line)
    });

    session.send(b"\r");
    session.wait_for("the reader showing the statement", |s| {
        let text = s.contents();
        text.contains("Text") && !text.contains("Benefits (") && text.contains(&first_line)
    });
    // The statement's line is highlighted (reverse video or a background colour).
    let screen = session.parser.screen();
    let marked = (0..screen.size().0.get()).any(|row| {
        let line = screen.contents_between(row, 0, row, screen.size().1.get());
        line.contains(&first_line[..first_line.len().min(12)])
            && (0..screen.size().1.get()).any(|col| {
                screen
                    .cell(row, col)
                    .is_some_and(|c| c.bgcolor() != vt100::Color::Default)
            })
    });
    assert!(
        marked,
        "the statement is not highlighted:\n{}",
        session.screen()
    );

    session.send(b"r");
    session.wait_for_text("Benefits (");
    session.send(b"t");
    session.wait_for("the coverage grid", |s| {
        let text = s.contents();
        text.contains("[Coverage]") && text.contains("silent") && text.contains("Topic")
    });

    session.send(b"\x1b");
    session.wait_for("the reader again", |s| {
        let text = s.contents();
        text.contains("Text") && !text.contains("[Coverage]")
    });
}
