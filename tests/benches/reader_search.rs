//! Keystroke → frame latency of the search overlay in the real reader: runs the release
//! binary in a pseudo-terminal on a corpus directory, opens `/`, types queries one char at a
//! time and times, for every key, (a) the frame that echoes it in the query line and (b) the
//! frame that shows that query's results. Also reports start-up and index-ready times.
//!
//! `cargo bench --bench reader_search -- CORPUS_DIR` (e.g. from tests/bench/gen_corpus.py).
//! A measurement, not a pass/fail test: the figures go in the README.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

const COLS: u16 = 100;
const ROWS: u16 = 30;
const DEADLINE: Duration = Duration::from_secs(30);
const END_SYNC: &[u8] = b"\x1b[?2026l";

const TYPED: &[&str] = &[
    "nasal spray",
    "suicidal",
    "alcohol cravings",
    "dissociaton",
    "side effects !nausea",
    "long-term safety",
    "cost | insurance",
    "heart rate",
];

struct Terminal {
    writer: Box<dyn Write + Send>,
    output: Receiver<(Instant, Vec<u8>)>,
    parser: vt100::Parser,
    ends_frame: bool,
}

impl Terminal {
    /// Takes output until `done` holds after a complete frame; returns when that frame came.
    fn wait(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) -> Instant {
        let deadline = Instant::now() + DEADLINE;
        // The frame already on screen may be the one (an error shows with the echo).
        if self.ends_frame && done(self.parser.screen()) {
            return Instant::now();
        }
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}:\n{}",
                self.parser.screen().contents()
            );
            if let Ok((at, bytes)) = self.output.recv_timeout(left) {
                self.parser.process(&bytes);
                self.ends_frame = bytes.ends_with(END_SYNC);
                if self.ends_frame && done(self.parser.screen()) {
                    return at;
                }
            }
        }
    }

    fn send(&mut self, bytes: &[u8]) -> Instant {
        let at = Instant::now();
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        at
    }
}

/// The query line and the status line of the open overlay, if it is open.
fn overlay_rows(screen: &vt100::Screen) -> Option<(String, String)> {
    let rows: Vec<String> = screen.rows(0, COLS).collect();
    let title = rows.iter().position(|r| r.contains(" Search "))?;
    let clean = |row: &String| {
        row.trim_matches(|c: char| c == '│' || c.is_whitespace())
            .to_string()
    };
    Some((clean(rows.get(title + 1)?), clean(rows.get(title + 2)?)))
}

fn shows_query(screen: &vt100::Screen, typed: &str) -> bool {
    overlay_rows(screen).is_some_and(|(input, _)| {
        let input = input.trim_end_matches(|c: char| c == '│' || c.is_whitespace());
        input == format!("/ {}", typed.trim_end()).trim_end()
    }) && cursor_after(screen, typed)
}

/// The cursor sits just after `typed` in the query line (tells "nasal" from "nasal ").
fn cursor_after(screen: &vt100::Screen, typed: &str) -> bool {
    let rows: Vec<String> = screen.rows(0, COLS).collect();
    let Some(title) = rows.iter().position(|r| r.contains(" Search ")) else {
        return false;
    };
    let Some(prompt) = rows[title + 1].find("/ ") else {
        return false;
    };
    let prompt_col = rows[title + 1][..prompt].chars().count();
    let (row, col) = screen.cursor_position();
    usize::from(row) == title + 1 && usize::from(col) == prompt_col + 2 + typed.chars().count()
}

fn settled(screen: &vt100::Screen, typed: &str) -> bool {
    shows_query(screen, typed)
        && overlay_rows(screen).is_some_and(|(_, status)| {
            !status.contains("searching") && !status.contains("indexing")
        })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{name:>8}: n={}  median {:.2?}  p90 {:.2?}  worst {:.2?}",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        times.last().copied().unwrap_or_default()
    );
}

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from);

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_dossier"));
    if let Some(dir) = &dir {
        command.arg(dir);
    }
    command.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(command).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (sender, output) = mpsc::channel();
    thread::spawn(move || {
        let mut buffer = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buffer) {
            if n == 0 || sender.send((Instant::now(), buffer[..n].to_vec())).is_err() {
                break;
            }
        }
    });
    let nonzero = |n: u16| NonZeroU16::new(n).unwrap();
    let mut term = Terminal {
        writer: pair.master.take_writer().unwrap(),
        output,
        parser: vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0),
        ends_frame: false,
    };
    let first = term.wait("the first screen", |s| s.contents().contains("3 Text"));
    println!("first frame {:.2?} after start", first - started);
    term.send(b"/");
    let ready = term.wait("the index", |s| {
        overlay_rows(s).is_some_and(|(_, status)| !status.contains("indexing"))
    });
    println!("index ready {:.2?} after start", ready - started);

    let mut echo = Vec::new();
    let mut results = Vec::new();
    for query in TYPED {
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let mut bytes = [0u8; 4];
            let sent = term.send(c.encode_utf8(&mut bytes).as_bytes());
            let shown = term.wait("the echo", |s| shows_query(s, &typed));
            echo.push(shown - sent);
            let done = term.wait("the results", |s| settled(s, &typed));
            results.push(done - sent);
        }
        let last = overlay_rows(term.parser.screen()).map(|(_, status)| status);
        println!("  {query:<22} {}", last.unwrap_or_default());
        term.send(b"\x15");
        term.wait("an empty query line", |s| settled(s, ""));
    }
    report("echo", echo);
    report("results", results);
    term.send(b"\x1b");
    term.send(b"q");
    let _ = child.wait();
}
