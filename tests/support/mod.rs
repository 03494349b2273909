//! The harness of the end-to-end reader tests: the real binary in a pseudo-terminal
//! (portable-pty), its output fed to a terminal emulator (vt100), in a temporary home with its
//! own XDG folders. Every wait is for a condition with a generous deadline, so a loaded machine
//! slows the tests but doesn't fail them.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

pub const DEADLINE: Duration = Duration::from_secs(10);
pub const END_SYNC: &[u8] = b"\x1b[?2026l";

/// Three articles nobody has seen, long enough to scroll, one with a child section.
pub fn write_articles(dir: &Path) {
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

/// A user's world in a temporary folder: the articles, and XDG config and state folders
/// (so no test reads the real user's config or writes their state).
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("articles")).unwrap();
        write_articles(&dir.path().join("articles"));
        Home { dir }
    }

    pub fn articles(&self) -> PathBuf {
        self.dir.path().join("articles")
    }

    pub fn config_home(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn state_home(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_home().join("dossier").join("config.toml")
    }

    pub fn state_file(&self) -> PathBuf {
        self.state_home().join("dossier").join("state.json")
    }

    pub fn write_config(&self, text: &str) {
        let file = self.config_file();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    /// The dossier binary in this home: XDG folders set, colour variables cleared.
    pub fn command(&self, args: &[&str]) -> CommandBuilder {
        self.command_on(args, &self.articles())
    }

    /// The dossier binary in this home, reading `articles` instead of the home's own.
    pub fn command_on(&self, args: &[&str], articles: &Path) -> CommandBuilder {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_dossier"));
        command.args(args);
        command.arg(articles);
        command.env("TERM", "xterm-256color");
        command.env("XDG_CONFIG_HOME", self.config_home());
        command.env("XDG_STATE_HOME", self.state_home());
        command.env_remove("NO_COLOR");
        command.env_remove("COLORTERM");
        command
    }
}

/// The reader on a test's own articles (`write` fills a folder in a fresh home).
pub fn start_on(cols: u16, rows: u16, write: impl FnOnce(&Path)) -> (Home, Reader) {
    let home = Home::new();
    let dir = home.dir.path().join("own_articles");
    std::fs::create_dir(&dir).unwrap();
    write(&dir);
    let command = home.command_on(&[], &dir);
    (home, Reader::spawn(cols, rows, command))
}

impl Default for Home {
    fn default() -> Self {
        Home::new()
    }
}

pub struct Reader {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Option<Box<dyn MasterPty + Send>>,
    pub writer: Option<Box<dyn Write + Send>>,
    pub output: Receiver<Vec<u8>>,
    pub stop_reading: Arc<AtomicBool>,
    pub reading: Option<JoinHandle<()>>,
    pub parser: vt100::Parser,
    pub raw: Vec<u8>,
    _home: Option<Home>,
}

pub fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

pub fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).unwrap()
}

impl Reader {
    /// The reader on fresh articles in a home of its own.
    pub fn start(cols: u16, rows: u16) -> Reader {
        let home = Home::new();
        let mut reader = Reader::spawn(cols, rows, home.command(&[]));
        reader._home = Some(home);
        reader
    }

    /// Runs `command` in a new pseudo-terminal of `cols` x `rows`.
    pub fn spawn(cols: u16, rows: u16, command: CommandBuilder) -> Reader {
        let pair = native_pty_system().openpty(size(cols, rows)).unwrap();
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
            _home: None,
        }
    }

    /// Takes output arriving within `timeout`; false when none came (or the pty closed).
    pub fn pump(&mut self, timeout: Duration) -> bool {
        match self.output.recv_timeout(timeout) {
            Ok(bytes) => {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
                true
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => false,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until `done` holds for the screen, and the last frame is complete.
    pub fn wait_for(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
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

    pub fn wait_for_text(&mut self, text: &str) {
        let needle = text.to_string();
        self.wait_for(text, move |s| s.contents().contains(&needle));
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(bytes).unwrap();
        writer.flush().unwrap();
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        let master = self.master.as_ref().expect("the terminal is open");
        master.resize(size(cols, rows)).unwrap();
        self.parser.set_size(nonzero(rows), nonzero(cols));
    }

    /// Bytes written during a quiet window after everything so far has been taken.
    pub fn bytes_in(&mut self, window: Duration) -> usize {
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
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
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
pub fn pane_columns(screen: &vt100::Screen, title: &str, next: &str) -> (u16, u16) {
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
pub fn top_text_row(screen: &vt100::Screen) -> String {
    let (from, to) = pane_columns(screen, "3 Text", "\u{0}");
    screen.contents_between(1, from, 1, to)
}

/// The text of the pane row drawn in reverse video between the columns (the selection of
/// a focused pane), leaving out the top border and the status bar.
pub fn selected_row(screen: &vt100::Screen, from: u16, to: u16) -> Option<String> {
    let rows = screen.size().0.get();
    (1..rows.saturating_sub(2))
        .find(|&row| (from..to).all(|col| screen.cell(row, col).is_some_and(|c| c.inverse())))
        .map(|row| screen.contents_between(row, from, row, to))
}

impl Reader {
    /// Sends a signal to the reader with kill(1).
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("the child has a pid");
        let killed = std::process::Command::new("kill")
            .args([format!("-{name}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
