//! Criterion benchmarks of the reader's own work: parsing articles, wrapping a source to a
//! width, and drawing a frame through ratatui's TestBackend (a one-line scroll, the common case).
//! Corpus: the embedded articles, repeated where a larger input is needed; no files are read.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use dossier::app::{update, Action, Pane, Settings, State};
use dossier::corpus;
use dossier::layout::layout;
use dossier::model::{parse, Format};

fn parse_articles(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let seeds: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let bytes: usize = seeds.iter().map(String::len).sum();
    c.bench_function(&format!("parse/5 seed articles ({bytes} bytes)"), |b| {
        b.iter(|| {
            for text in &seeds {
                black_box(parse("id", "x.txt", black_box(text), Format::PlainText));
            }
        })
    });
    let big = seeds.join("\n").repeat(40);
    c.bench_function(
        &format!("parse/one article of {} KB", big.len() / 1024),
        |b| b.iter(|| black_box(parse("id", "x.txt", black_box(&big), Format::PlainText))),
    );
}

fn wrap(c: &mut Criterion) {
    let corpus = corpus::embedded();
    let source = &corpus.sources[0];
    for width in [40, 100] {
        c.bench_function(&format!("layout/seed 000 at {width} columns"), |b| {
            b.iter(|| black_box(layout(black_box(source), width)))
        });
    }
}

fn render(c: &mut Criterion) {
    let mut state = State::new(corpus::embedded(), Settings::default(), 100, 30);
    update(&mut state, Action::Focus(Pane::Text));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|frame| dossier::ui::render(&state, frame))
        .unwrap();
    c.bench_function("render/one-line scroll at 100x30", |b| {
        b.iter(|| {
            update(&mut state, Action::Down);
            terminal
                .draw(|frame| dossier::ui::render(black_box(&state), frame))
                .unwrap();
            update(&mut state, Action::Up);
        })
    });
}

criterion_group!(benches, parse_articles, wrap, render);
criterion_main!(benches);
