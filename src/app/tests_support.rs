//! Test fixtures shared by the app and ui tests: a small corpus of articles of our own.

use crate::corpus::{Corpus, Origin};
use crate::model::{parse, Format};

/// Two articles of our own (not the seeds): headings, a child section, enough text to scroll.
pub fn sample_corpus() -> Corpus {
    let long = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "
        .repeat(14);
    let first = format!(
        "# Tidal Energy Notes\n\nA lead paragraph. {long}\n\n## Turbines\n\n{long}\n\n### Blade Wear\n\n{long}\n\n### Sediment\n\n{long}\n\n## Costs\n\n{long}\n\n- Build: slow and dear\n- Upkeep: modest\n\n## Outlook\n\n{long}\n"
    );
    let second = format!(
        "Second Article Title\nAn opening paragraph without a heading above it. {long}\nWhat Changed\n{long}\nWhat Stayed\n{long}\n"
    );
    let third = "Third One\nShort.\n".to_string();
    Corpus {
        sources: vec![
            parse("alpha", "alpha.md", &first, Format::Markdown),
            parse("beta", "beta.txt", &second, Format::PlainText),
            parse("gamma", "gamma.txt", &third, Format::PlainText),
        ],
        warnings: Vec::new(),
        origin: Origin::Embedded,
    }
}

/// Three more articles of our own for search: a rare word deep inside a long paragraph, words in several sources.
pub fn harbour_corpus() -> Corpus {
    let filler = |topic: &str, n: usize| {
        (1..=n)
            .map(|i| format!("Note {i} on {topic} runs long enough to wrap the line."))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let harbour = format!(
        "# Harbour Logistics\n\n{}\n\n## Cranes\n\n{} The gantry crane lifts boxes at night. {}\n\n## Tides\n\n{}\n\n## Pilots\n\n{} Pilots board from a small launch. {}\n",
        filler("quays", 6),
        filler("cranes", 9),
        filler("lifting", 5),
        filler("tides", 8),
        filler("pilots", 3),
        filler("boarding", 3),
    );
    let canal = format!(
        "Canal Maintenance\n{}\nLock Gates\n{} A launch carries the lock keeper. {}\nDredging\n{}\n",
        filler("canals", 5),
        filler("gates", 6),
        filler("keepers", 2),
        filler("silt", 7),
    );
    let rail = format!(
        "Rail Freight\n{}\nYards\nShunting engines launch wagons over the hump. {}\n",
        filler("freight", 4),
        filler("yards", 4)
    );
    Corpus {
        sources: vec![
            parse("harbour", "harbour.md", &harbour, Format::Markdown),
            parse("canal", "canal.txt", &canal, Format::PlainText),
            parse("rail", "rail.txt", &rail, Format::PlainText),
        ],
        warnings: Vec::new(),
        origin: Origin::Embedded,
    }
}

/// Opens the search overlay on `state`, types `query` and hands in the results as the
/// worker thread would (the index built here, on the test's thread).
pub fn search_now(state: &mut crate::app::State, query: &str) {
    use crate::app::search::{deliver, SearchEvent};
    use crate::app::{update, Action};
    use crate::search::{Index, Searcher};
    use std::sync::Arc;

    let index = Arc::new(Index::build(&state.corpus));
    deliver(state, SearchEvent::IndexReady(Arc::clone(&index)));
    let mut searcher = Searcher::new(index);
    if state.overlay != Some(crate::app::Overlay::Search) {
        update(state, Action::Search);
    }
    for c in query.chars() {
        update(state, Action::Type(c));
    }
    run_pending_search(state, &mut searcher);
}

/// Does what the search worker would with the state's queued request, synchronously;
/// true if it ran a search.
pub fn run_pending_search(
    state: &mut crate::app::State,
    searcher: &mut crate::search::Searcher,
) -> bool {
    use crate::app::search::{deliver, Outgoing, SearchEvent};
    use crate::search::{CancelToken, SearchOptions};

    match state.search.take_request() {
        Some(Outgoing::Search(request)) => {
            let results = searcher
                .search_or_loosen(
                    &request.query,
                    &SearchOptions::default(),
                    &CancelToken::new(),
                )
                .expect("not cancelled");
            deliver(
                state,
                SearchEvent::Results {
                    generation: request.generation,
                    query: request.query.as_str().to_string(),
                    results,
                },
            );
            true
        }
        Some(Outgoing::Cancel) | None => false,
    }
}
