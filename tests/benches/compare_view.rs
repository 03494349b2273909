//! What the risks-and-benefits view costs: computing the comparison (done off the UI thread),
//! laying the view out at a width (once per width and filter), and each key plus the frame it
//! draws. `cargo bench --bench compare_view -- CORPUS_DIR` (default: the embedded articles).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dossier::app::{on_key, run_jobs, update, Action, Key, Settings, State};
use dossier::corpus::{self, LoadOptions};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from);
    let corpus = match &dir {
        Some(dir) => corpus::load(std::slice::from_ref(dir), LoadOptions::default())
            .expect("corpus directory"),
        None => corpus::embedded(),
    };
    let sources = corpus.sources.len();
    for (width, height) in [(80u16, 24u16), (120, 40)] {
        let mut state = State::new(corpus.clone(), Settings::default(), width, height);
        let started = Instant::now();
        on_key(&mut state, Key::Char('r'));
        run_jobs(&mut state);
        let computed = started.elapsed();
        let view = state.compare.view().expect("ready");
        let entries: usize = view
            .comparison()
            .topics
            .iter()
            .map(|t| t.benefits.len() + t.risks.len())
            .sum();
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let started = Instant::now();
        terminal.draw(|f| dossier::ui::render(&state, f)).unwrap();
        let first_frame = started.elapsed();
        println!(
            "{sources} sources, {entries} entries at {width}x{height}: comparison {computed:?}, \
             first frame (lays the view out) {first_frame:?}"
        );
        for (name, keys) in [
            ("j", vec![Key::Char('j'); 20]),
            ("Tab", vec![Key::Tab; 10]),
            ("PgDn", vec![Key::PageDown; 10]),
            ("t grid/columns", vec![Key::Char('t'); 4]),
            ("f filter", vec![Key::Char('f'); 3]),
        ] {
            let mut worst = Duration::ZERO;
            let mut total = Duration::ZERO;
            for key in &keys {
                let started = Instant::now();
                on_key(&mut state, *key);
                terminal.draw(|f| dossier::ui::render(&state, f)).unwrap();
                let took = started.elapsed();
                worst = worst.max(took);
                total += took;
            }
            println!(
                "  {name:<15} key + frame: mean {:?}, worst {worst:?}",
                total / keys.len() as u32
            );
        }
        update(&mut state, Action::Back);
    }
}
