//! Criterion benchmarks of the search engine: building the index, matching one unit, and a
//! whole search (matching + ranking), cold and as a refinement of the previous keystroke.
//! The corpus is the embedded articles repeated to ~1,000 sources (~6 MB), so the bench needs
//! no files; `tests/bench/search_vs_fzf.sh` measures the 4,000-file corpus end to end.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};

use dossier::corpus::{self, Corpus};
use dossier::search::{
    self, CancelToken, Index, Matcher, Query, SearchOptions, Searcher, SkimMatcher,
};

fn repeated_seeds(times: usize) -> Corpus {
    let seeds = corpus::embedded();
    let mut corpus = seeds.clone();
    corpus.sources = (0..times)
        .flat_map(|n| {
            seeds.sources.iter().cloned().map(move |mut source| {
                source.id = format!("{}-{n}", source.id);
                source
            })
        })
        .collect();
    corpus
}

fn index(c: &mut Criterion) {
    let corpus = repeated_seeds(200);
    c.bench_function("index/build 1000 sources", |b| {
        b.iter(|| Index::build(black_box(&corpus)))
    });
    let query = Query::parse("nasal spray").unwrap();
    c.bench_function("index/build_for 'nasal spray' 1000 sources", |b| {
        b.iter(|| Index::build_for(black_box(&corpus), &query))
    });
}

fn matching(c: &mut Criterion) {
    let matcher = SkimMatcher::default();
    let sentence = "Administration: Ketamine is usually administered in a clinical setting, \
                    either through an IV infusion or nasal spray, under the supervision of staff.";
    c.bench_function("match/skim one sentence 'nasal spray'", |b| {
        b.iter(|| matcher.score(black_box(sentence), "nasal spray", false))
    });
    c.bench_function("match/skim one sentence 'dissociaton' (no match)", |b| {
        b.iter(|| matcher.score(black_box(sentence), "dissociaton", false))
    });
}

fn ranking(c: &mut Criterion) {
    let corpus = repeated_seeds(200);
    let index = Arc::new(Index::build(&corpus));
    let options = SearchOptions::default();
    for text in [
        "n",
        "nas",
        "nasal spray",
        "dissociaton",
        "cravings alcohol",
        "side effects !nausea",
    ] {
        let query = Query::parse(text).unwrap();
        c.bench_function(&format!("search/full '{text}'"), |b| {
            b.iter(|| search::search(&index, black_box(&query), &options))
        });
    }
    // A keystroke that extends the previous query: only that query's candidates are rescanned.
    let previous = Query::parse("nasal").unwrap();
    let next = Query::parse("nasal s").unwrap();
    let cancel = CancelToken::new();
    c.bench_function("search/refine 'nasal' -> 'nasal s'", |b| {
        b.iter_batched(
            || {
                let mut searcher = Searcher::new(index.clone());
                searcher.search(&previous, &options, &cancel);
                searcher
            },
            |mut searcher| searcher.search(black_box(&next), &options, &cancel),
            criterion::BatchSize::LargeInput,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = index, matching, ranking
}
criterion_main!(benches);
