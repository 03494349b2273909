//! Keystroke → results latency of the incremental `Searcher`, as the reader will drive it:
//! each query is typed one char at a time (and some are corrected with Backspace) against
//! one long-lived searcher; every keystroke is timed. Prints median, p90 and worst.
//!
//! `cargo bench --bench keystrokes -- CORPUS_DIR` (default: the embedded articles).
//! Not a criterion bench: the figure wanted is the distribution over a typed query,
//! not the mean of one repeated call.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dossier::corpus::{self, LoadOptions};
use dossier::search::{CancelToken, Index, Query, SearchOptions, Searcher};

const TYPED: &[&str] = &[
    "nasal spray",
    "suicidal",
    "alcohol cravings",
    "cravings alcohol",
    "dissociaton",
    "side effects !nausea",
    "long-term safety",
    "cost | insurance",
    "'ptsd",
    "heart rate",
];

/// CPU time used by the whole process so far (all threads): on a shared machine, the work a
/// keystroke costs, whatever other processes do to the wall clock.
fn process_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from);
    let started = Instant::now();
    let corpus = match &dir {
        Some(dir) => corpus::load(std::slice::from_ref(dir), LoadOptions::default())
            .expect("corpus directory"),
        None => corpus::embedded(),
    };
    let loaded = started.elapsed();
    let started = Instant::now();
    let index = Arc::new(Index::build(&corpus));
    let built = started.elapsed();
    println!(
        "corpus: {} sources, {} units, {:.1} MB of unit text; load {:?}, index {:?}",
        corpus.sources.len(),
        index.units().len(),
        index.text_bytes() as f64 / 1e6,
        loaded,
        built
    );
    let verbose = std::env::args().any(|a| a == "--verbose");
    let options = SearchOptions::default();
    let cancel = CancelToken::new();
    let mut searcher = Searcher::new(index);
    let mut all: Vec<Duration> = Vec::new();
    let mut cpu: Vec<Duration> = Vec::new();
    for typed in TYPED {
        let mut times = Vec::new();
        let mut keystrokes: Vec<String> = (1..=typed.chars().count())
            .map(|n| typed.chars().take(n).collect())
            .collect();
        // A correction: two Backspaces and the last two chars typed again.
        let n = keystrokes.len();
        if n > 3 {
            keystrokes.push(keystrokes[n - 2].clone());
            keystrokes.push(keystrokes[n - 3].clone());
            keystrokes.push(keystrokes[n - 2].clone());
            keystrokes.push(keystrokes[n - 1].clone());
        }
        for text in &keystrokes {
            let started = Instant::now();
            let cpu_started = process_cpu();
            // An incomplete query (a lone `!`) keeps the previous results, as the overlay will.
            let mut scanned = 0;
            if let Ok(query) = Query::parse(text) {
                let results = searcher.search(&query, &options, &cancel);
                scanned = results.as_ref().map_or(0, |r| r.units_scanned);
                std::hint::black_box(results);
            }
            times.push(started.elapsed());
            cpu.push(process_cpu().saturating_sub(cpu_started));
            if verbose {
                println!(
                    "    {text:24} {:>10.2?}  {scanned} units",
                    started.elapsed()
                );
            }
        }
        let worst = times.iter().max().copied().unwrap_or_default();
        println!(
            "{typed:>22}: worst {worst:>10.2?} over {} keystrokes",
            times.len()
        );
        all.extend(times);
    }
    all.sort();
    cpu.sort();
    let at = |list: &[Duration], q: f64| list[((list.len() - 1) as f64 * q).round() as usize];
    println!(
        "keystrokes: {}  wall: median {:.2?}  p90 {:.2?}  worst {:.2?}",
        all.len(),
        at(&all, 0.5),
        at(&all, 0.9),
        all[all.len() - 1]
    );
    println!(
        "  cpu (all threads): median {:.2?}  p90 {:.2?}  worst {:.2?}",
        at(&cpu, 0.5),
        at(&cpu, 0.9),
        cpu[cpu.len() - 1]
    );
}
