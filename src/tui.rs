//! The terminal edge and the only module doing terminal I/O: raw mode and the alternate
//! screen, restoring them on exit, panic, SIGHUP/SIGTERM and hang-up; reading keys; the
//! event loop; the search worker thread. It draws only after input, a resize or finished
//! work, and writes each frame with one write wrapped in synchronized output (DEC mode 2026).

mod backend;
mod input;

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread;

use crossterm::cursor::{Hide, Show};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{execute, queue, terminal};
use ratatui::layout::Size;
use ratatui::Terminal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};
use signal_hook::iterator::Signals;

use crate::app::search::{Outgoing, SearchEvent};
use crate::app::{self, Action, State};
use crate::corpus::Corpus;
use crate::search::{CancelToken, Index, Query, SearchOptions, Searcher};
use backend::FrameBackend;

pub use input::{Decoder, Input};

const BEGIN_SYNC: &[u8] = b"\x1b[?2026h";
const END_SYNC: &[u8] = b"\x1b[?2026l";
/// Button presses and the wheel (1000), in SGR encoding (1006). Not crossterm's
/// EnableMouseCapture: that also asks for every pointer motion (1003), a stream of reports
/// over SSH for nothing.
const MOUSE_ON: &[u8] = b"\x1b[?1000h\x1b[?1006h";
const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1000l";

/// Why the reader stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// The terminal went away (EOF or an error on input).
    Hangup,
    /// A signal asked us to stop.
    Signal(i32),
}

impl Exit {
    /// The process exit code: 0 for a quit or hang-up, 128 + n for signal n (shell custom).
    pub fn code(self) -> u8 {
        match self {
            Exit::Quit | Exit::Hangup => 0,
            Exit::Signal(n) => u8::try_from(128 + n).unwrap_or(1),
        }
    }
}

enum Event {
    Input(Vec<u8>),
    Resize,
    Signal(i32),
    InputClosed,
    /// The search worker finished something (the index, a query's results).
    Search(SearchEvent),
    /// Background work finished (see `app::take_jobs`).
    Done(app::background::Done),
}

/// One query for the search worker.
struct Job {
    generation: u64,
    query: Query,
    cancel: CancelToken,
}

/// The thread that owns the search index and runs queries, so typing never waits for
/// matching. Each new query cancels the one before it.
struct SearchWorker {
    jobs: Sender<Job>,
    running: Option<CancelToken>,
}

impl SearchWorker {
    /// Builds the index in the background from the shared corpus.
    fn spawn(corpus: Arc<Corpus>, events: Sender<Event>) -> SearchWorker {
        let (jobs, queue) = mpsc::channel::<Job>();
        let worker = thread::Builder::new().name(SEARCH_THREAD.to_string());
        let spawned = worker.spawn(move || {
            let _farewell = Farewell(events.clone());
            let index = Arc::new(Index::build(&corpus));
            drop(corpus);
            let ready = SearchEvent::IndexReady(Arc::clone(&index));
            if events.send(Event::Search(ready)).is_err() {
                return;
            }
            let mut searcher = Searcher::new(index);
            let options = SearchOptions::default();
            while let Ok(first) = queue.recv() {
                // Only the newest query matters; older ones queued meanwhile are stale.
                let job = queue.try_iter().last().unwrap_or(first);
                if job.cancel.is_cancelled() {
                    continue;
                }
                let Some(results) = searcher.search_or_loosen(&job.query, &options, &job.cancel)
                else {
                    continue;
                };
                let done = SearchEvent::Results {
                    generation: job.generation,
                    query: job.query.as_str().to_string(),
                    results,
                };
                if events.send(Event::Search(done)).is_err() {
                    return;
                }
            }
        });
        // Without a thread the queue is gone, and the first dispatch reports the failure.
        drop(spawned);
        SearchWorker {
            jobs,
            running: None,
        }
    }

    /// Passes the state's request on; false when the worker is gone (it panicked, or
    /// could not be started).
    fn dispatch(&mut self, outgoing: Outgoing) -> bool {
        if let Some(running) = self.running.take() {
            running.cancel();
        }
        if let Outgoing::Search(request) = outgoing {
            let cancel = CancelToken::new();
            let job = Job {
                generation: request.generation,
                query: request.query,
                cancel: cancel.clone(),
            };
            if self.jobs.send(job).is_err() {
                return false;
            }
            self.running = Some(cancel);
        }
        true
    }
}

/// The search thread's name: the panic hook leaves the terminal alone for it.
const SEARCH_THREAD: &str = "dossier-search";

/// Dropped when the search thread ends; if it ends in a panic, tells the event loop.
struct Farewell(Sender<Event>);

impl Drop for Farewell {
    fn drop(&mut self) {
        if thread::panicking() {
            let _ = self.0.send(Event::Search(SearchEvent::Failed));
        }
    }
}

/// Collects everything ratatui writes for one frame; `flush` does nothing so that the
/// cursor commands ratatui flushes mid-frame stay in the same single write.
/// The event loop keeps a second handle to the bytes to take them after each frame.
#[derive(Default, Clone)]
struct FrameBuffer {
    bytes: Rc<RefCell<Vec<u8>>>,
}

impl Write for FrameBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

static RAW: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Leaves the alternate screen, shows the cursor and leaves raw mode; safe to call twice
/// and from the panic hook. Errors are ignored: the terminal may already be gone.
fn restore() {
    if RAW.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        if MOUSE.swap(false, Ordering::SeqCst) {
            let _ = out.write_all(MOUSE_OFF);
        }
        let _ = execute!(out, LeaveAlternateScreen, Show);
        let _ = disable_raw_mode();
    }
}

/// Enters raw mode and returns the bytes that switch the screen over (alternate screen,
/// hidden cursor, mouse reports), which go out in the same write as the first frame.
fn enter(mouse: bool) -> io::Result<Vec<u8>> {
    enable_raw_mode()?;
    RAW.store(true, Ordering::SeqCst);
    MOUSE.store(mouse, Ordering::SeqCst);
    screen_setup(mouse)
}

fn screen_setup(mouse: bool) -> io::Result<Vec<u8>> {
    let mut setup = Vec::new();
    if mouse {
        setup.extend_from_slice(MOUSE_ON);
    }
    // Cleared here rather than by ratatui, whose clear() asks the terminal for the cursor
    // position and would race our own reading of the keyboard.
    queue!(setup, EnterAlternateScreen, Hide, Clear(ClearType::All))?;
    Ok(setup)
}

/// The terminal's size in cells, if stdout is a terminal (asks the kernel; writes nothing).
pub fn size() -> Option<(u16, u16)> {
    terminal::size().ok()
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic in the search thread must not pull the terminal from under the reader,
        // nor print over it: the reader goes on without search (`SearchEvent::Failed`).
        if thread::current().name() == Some(SEARCH_THREAD) {
            return;
        }
        restore();
        previous(info);
    }));
}

fn spawn_input(events: Sender<Event>) {
    thread::spawn(move || {
        let mut stdin = io::stdin().lock();
        let mut buffer = [0u8; 1024];
        loop {
            match stdin.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    if events.send(Event::Input(buffer[..n].to_vec())).is_err() {
                        return;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let _ = events.send(Event::InputClosed);
    });
}

/// Catches the signals the reader answers; until `spawn_signals` reads them they wait.
fn catch_signals() -> io::Result<Signals> {
    Signals::new([SIGWINCH, SIGHUP, SIGTERM, SIGINT])
}

fn spawn_signals(mut signals: Signals, events: Sender<Event>) {
    thread::spawn(move || {
        for signal in signals.forever() {
            let event = if signal == SIGWINCH {
                Event::Resize
            } else {
                Event::Signal(signal)
            };
            if events.send(event).is_err() {
                return;
            }
        }
    });
}

/// Writes `setup` (the screen switch, before the first frame) and the frame ratatui
/// produced, if any, as one write, the frame wrapped in synchronized output.
fn commit(setup: &[u8], frame: &mut Vec<u8>, out: &mut impl Write) -> io::Result<()> {
    if setup.is_empty() && frame.is_empty() {
        return Ok(());
    }
    let mut bytes =
        Vec::with_capacity(setup.len() + frame.len() + BEGIN_SYNC.len() + END_SYNC.len());
    bytes.extend_from_slice(setup);
    if !frame.is_empty() {
        bytes.extend_from_slice(BEGIN_SYNC);
        bytes.append(frame);
        bytes.extend_from_slice(END_SYNC);
    }
    out.write_all(&bytes)?;
    out.flush()
}

/// Runs the reader on the terminal until the user quits or the terminal goes away, and
/// hands the final state back (to save the reading position). The state's size is set from
/// the terminal first, so it may be built at any size.
pub fn run(state: State) -> io::Result<(Exit, State)> {
    run_with(state, |_| {})
}

/// Like `run`, calling `after_input` on the state after each batch of input and before the
/// frame is drawn: the runner saves bookmarks there, and a notice it sets is drawn at once.
/// With `settings.mouse` the terminal reports clicks and the wheel.
pub fn run_with(state: State, after_input: impl FnMut(&mut State)) -> io::Result<(Exit, State)> {
    let (sender, events) = mpsc::channel();
    let signals = catch_signals()?;
    install_panic_hook();
    let setup = enter(state.settings.mouse)?;
    let mut state = state;
    let result = event_loop(&mut state, &setup, signals, sender, &events, after_input);
    restore();
    result.map(|exit| (exit, state))
}

fn event_loop(
    state: &mut State,
    setup: &[u8],
    signals: Signals,
    sender: Sender<Event>,
    events: &Receiver<Event>,
    mut after_input: impl FnMut(&mut State),
) -> io::Result<Exit> {
    let frame = FrameBuffer::default();
    // Built at the terminal's size, so the first draw has nothing to resize (and clear).
    let size = terminal_size()?;
    let mut terminal = Terminal::new(FrameBackend::new(frame.clone(), size))?;
    resize_to(&mut terminal, state, size);
    let mut stdout = io::stdout();
    state.lay_out_top_only();
    draw(&mut terminal, &frame, setup, state, &mut stdout)?;
    // Everything the first frame does not need starts once it is on the screen.
    spawn_signals(signals, sender.clone());
    let mut search = SearchWorker::spawn(Arc::clone(&state.corpus), sender.clone());
    spawn_input(sender.clone());
    spawn_jobs(state, &sender);
    state.lay_out_fully();
    let mut decoder = Decoder::default();
    loop {
        let Ok(first) = events.recv() else {
            return Ok(Exit::Hangup);
        };
        // Handle everything already queued (key repeat, a burst of resizes), then draw once.
        let mut changed = false;
        for event in std::iter::once(first).chain(events.try_iter()) {
            match event {
                Event::Input(bytes) => {
                    for input in decoder.feed_inputs(&bytes) {
                        changed |= match input {
                            Input::Key(key) => app::on_key(state, key),
                            Input::Mouse(action) => {
                                app::update(state, action);
                                true
                            }
                        };
                        if state.quit {
                            return Ok(Exit::Quit);
                        }
                    }
                }
                Event::Resize => {
                    resize_to(&mut terminal, state, terminal_size()?);
                    changed = true;
                }
                Event::Signal(signal) => return Ok(Exit::Signal(signal)),
                Event::InputClosed => return Ok(Exit::Hangup),
                Event::Search(event) => changed |= app::search::deliver(state, event),
                Event::Done(done) => changed |= app::finish(state, done),
            }
        }
        if let Some(outgoing) = state.search.take_request() {
            if !search.dispatch(outgoing) {
                changed |= app::search::deliver(state, SearchEvent::Failed);
            }
        }
        spawn_jobs(state, &sender);
        if changed {
            after_input(state);
            draw(&mut terminal, &frame, &[], state, &mut stdout)?;
        }
    }
}

/// The terminal's size, asked of the kernel.
fn terminal_size() -> io::Result<Size> {
    let (width, height) = terminal::size()?;
    Ok(Size::new(width, height))
}

/// Gives a new size to both the state's layout and the backend, which ratatui asks on each
/// draw: the two never disagree about it.
fn resize_to(terminal: &mut Terminal<FrameBackend>, state: &mut State, size: Size) {
    terminal.backend_mut().set_size(size);
    app::update(
        state,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
}

/// Runs the work the last actions asked for on threads of its own; each result comes back
/// as an event, so the loop wakes, applies it and draws.
fn spawn_jobs(state: &mut State, sender: &Sender<Event>) {
    for job in app::take_jobs(state) {
        let sender = sender.clone();
        thread::spawn(move || {
            let _ = sender.send(Event::Done(job.run()));
        });
    }
}

fn draw(
    terminal: &mut Terminal<FrameBackend>,
    frame: &FrameBuffer,
    setup: &[u8],
    state: &State,
    out: &mut impl Write,
) -> io::Result<()> {
    terminal.draw(|f| crate::ui::render(state, f))?;
    commit(setup, &mut frame.bytes.borrow_mut(), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_thread_that_panics_unwinds_and_says_so() {
        let (sender, events) = mpsc::channel();
        let thread = thread::Builder::new()
            .name(SEARCH_THREAD.to_string())
            .spawn(move || {
                let _farewell = Farewell(sender);
                let empty: Vec<u8> = Vec::new();
                empty[std::hint::black_box(3)]
            })
            .unwrap();
        assert!(thread.join().is_err());
        assert!(matches!(
            events.try_recv(),
            Ok(Event::Search(SearchEvent::Failed))
        ));
    }

    #[test]
    fn a_search_thread_that_ends_normally_sends_nothing() {
        let (sender, events) = mpsc::channel();
        thread::spawn(move || drop(Farewell(sender)))
            .join()
            .unwrap();
        assert!(events.try_recv().is_err());
    }

    #[test]
    fn a_frame_is_one_synchronized_write_and_an_empty_one_writes_nothing() {
        let mut out = Vec::new();
        commit(&[], &mut Vec::new(), &mut out).unwrap();
        assert!(out.is_empty());
        let mut frame = b"hello".to_vec();
        commit(&[], &mut frame, &mut out).unwrap();
        assert_eq!(out, b"\x1b[?2026hhello\x1b[?2026l");
        assert!(frame.is_empty());
    }

    #[test]
    fn the_screen_switch_goes_out_with_the_first_frame_outside_its_synchronized_part() {
        let setup = screen_setup(true).unwrap();
        assert!(setup.starts_with(MOUSE_ON));
        assert!(setup.windows(8).any(|w| w == b"\x1b[?1049h"));
        let mut out = Vec::new();
        commit(&setup, &mut b"hello".to_vec(), &mut out).unwrap();
        let mut expected = setup.clone();
        expected.extend_from_slice(b"\x1b[?2026hhello\x1b[?2026l");
        assert_eq!(out, expected);
        // At a size with nothing to draw, the switch still happens.
        out.clear();
        commit(&setup, &mut Vec::new(), &mut out).unwrap();
        assert_eq!(out, setup);
    }

    #[test]
    fn exit_codes() {
        assert_eq!(Exit::Quit.code(), 0);
        assert_eq!(Exit::Hangup.code(), 0);
        assert_eq!(Exit::Signal(SIGHUP).code(), 129);
    }
}
