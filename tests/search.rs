//! Search behaviour over the embedded articles and small made-up ones: ranking, the query
//! operators, incremental search, and `dossier search` (text, JSON, exit codes).
//! Expected answers are read off the model (which units hold the words), never hard-coded.

use std::process::{Command, Output};
use std::sync::Arc;

use dossier::corpus::{self, Corpus};
use dossier::search::{
    self, group_hits, CancelToken, Hit, Index, Query, SearchOptions, Searcher, UnitKind,
};

fn seeds() -> (Corpus, Index) {
    let corpus = corpus::embedded();
    let index = Index::build(&corpus);
    (corpus, index)
}

fn run(index: &Index, query: &str) -> Vec<Hit> {
    let query = Query::parse(query).expect("valid query");
    search::search(index, &query, &SearchOptions::default()).hits
}

fn lower(text: &str) -> String {
    text.to_lowercase()
}

/// Units whose text holds every word (case-blind), as (source, section) places.
fn places_holding(index: &Index, words: &[&str]) -> Vec<(usize, Option<usize>)> {
    (0..index.units().len())
        .filter(|&u| words.iter().all(|w| lower(index.text(u)).contains(w)))
        .map(|u| (index.unit(u).source(), index.unit(u).section()))
        .collect()
}

/// The best hit sits in a section where one unit holds all `words` literally, and its own
/// text holds them too.
fn assert_top_hit_holds(index: &Index, query: &str, words: &[&str]) {
    let hits = run(index, query);
    let top = hits
        .first()
        .unwrap_or_else(|| panic!("no hit for {query:?}"));
    let expected = places_holding(index, words);
    assert!(
        !expected.is_empty(),
        "the seeds hold no unit with {words:?}"
    );
    assert!(
        expected.contains(&(top.source, top.section)),
        "{query:?}: top hit {:?} ({:?}) is not in a section holding {words:?}",
        index.text(top.unit),
        index.section_title(top.source, top.section)
    );
    let text = lower(index.text(top.unit));
    assert!(
        words.iter().all(|w| text.contains(w)),
        "{query:?}: top hit text {text:?} lacks one of {words:?}"
    );
}

#[test]
fn topic_queries_land_on_the_section_that_says_it() {
    let (_, index) = seeds();
    assert_top_hit_holds(&index, "nasal spray", &["nasal spray"]);
    assert_top_hit_holds(&index, "suicidal", &["suicidal"]);
    assert_top_hit_holds(&index, "alcohol cravings", &["alcohol", "cravings"]);
    assert_top_hit_holds(&index, "cravings alcohol", &["alcohol", "cravings"]);
    // Made-up topic queries, checked the same way.
    assert_top_hit_holds(&index, "heart rate", &["heart rate"]);
    assert_top_hit_holds(&index, "insurance", &["insurance"]);
    assert_top_hit_holds(&index, "tolerance", &["tolerance"]);
    assert_top_hit_holds(&index, "esketamine fda", &["esketamine", "fda"]);
    assert_top_hit_holds(&index, "blood pressure", &["blood pressure"]);
}

#[test]
fn a_heading_that_names_the_topic_comes_first() {
    let (_, index) = seeds();
    let hits = run(&index, "side effects");
    let top = &hits[0];
    assert_eq!(top.kind, UnitKind::SectionTitle);
    assert!(lower(index.text(top.unit)).contains("side effects"));
}

#[test]
fn word_order_does_not_matter() {
    let (_, index) = seeds();
    let a = run(&index, "alcohol cravings");
    let b = run(&index, "cravings alcohol");
    assert_eq!(a[0].unit, b[0].unit);
}

#[test]
fn a_dropped_letter_still_finds_the_word() {
    let (_, index) = seeds();
    let hits = run(&index, "dissociaton");
    assert!(lower(index.text(hits[0].unit)).contains("dissociation"));
    // And the highlight covers the word, not letters scattered over the sentence.
    let text: Vec<char> = index.text(hits[0].unit).chars().collect();
    let (first, last) = (hits[0].positions[0], *hits[0].positions.last().unwrap());
    let span: String = text[first..=last].iter().collect();
    assert_eq!(lower(&span), "dissociation");
}

#[test]
fn letters_scattered_across_a_sentence_are_not_a_match() {
    let (_, index) = seeds();
    // "suicidal" occurs in one list item; no other unit may be offered for it.
    let hits = run(&index, "suicidal");
    assert!(hits
        .iter()
        .all(|h| lower(index.text(h.unit)).contains("suicid")));
}

#[test]
fn negation_removes_units_with_the_word() {
    let (_, index) = seeds();
    let with = run(&index, "side effects");
    assert!(with
        .iter()
        .any(|h| lower(index.text(h.unit)).contains("nausea")));
    let without = run(&index, "side effects !nausea");
    assert!(!without.is_empty());
    assert!(without
        .iter()
        .all(|h| !lower(index.text(h.unit)).contains("nausea")));
}

#[test]
fn or_finds_either_term() {
    let (_, index) = seeds();
    let hits = run(&index, "tolerance | insurance");
    let texts: Vec<String> = hits.iter().map(|h| lower(index.text(h.unit))).collect();
    assert!(texts.iter().any(|t| t.contains("tolerance")));
    assert!(texts.iter().any(|t| t.contains("insurance")));
    assert!(texts
        .iter()
        .all(|t| t.contains("tolerance") || t.contains("insurance")));
}

#[test]
fn exact_prefix_suffix_and_whole_word() {
    let (_, index) = seeds();
    let exact = run(&index, "'spray");
    assert!(!exact.is_empty());
    assert!(exact
        .iter()
        .all(|h| lower(index.text(h.unit)).contains("spray")));
    assert!(
        run(&index, "'nasl").is_empty(),
        "an exact term allows no typo"
    );

    let prefix = run(&index, "^risks");
    assert!(!prefix.is_empty());
    assert!(prefix
        .iter()
        .all(|h| lower(index.text(h.unit)).starts_with("risks")));

    let suffix = run(&index, "effects$");
    assert!(!suffix.is_empty());
    assert!(suffix.iter().all(|h| lower(index.text(h.unit))
        .trim_end_matches(['.', '?', '!', ':'])
        .ends_with("effects")));

    let word = run(&index, "'risk'");
    assert!(word.iter().all(|h| {
        let text = lower(index.text(h.unit));
        text.split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "risk")
    }));
}

#[test]
fn smart_case() {
    let (_, index) = seeds();
    let blind = run(&index, "nmda");
    assert!(!blind.is_empty());
    assert!(blind.iter().all(|h| index.text(h.unit).contains("NMDA")));
    let exact_case = run(&index, "NMDA");
    assert_eq!(exact_case.len(), blind.len());
    assert!(run(&index, "'Nmda").is_empty());
}

#[test]
fn terms_spread_over_a_section_rank_below_terms_in_one_unit() {
    let (_, index) = seeds();
    // Two words that share a section but no unit.
    let (a, b) = ("opioid", "alcohol");
    assert!(places_holding(&index, &[a, b]).is_empty());
    let sections_with_both: Vec<_> = places_holding(&index, &[a])
        .into_iter()
        .filter(|p| places_holding(&index, &[b]).contains(p))
        .collect();
    assert!(!sections_with_both.is_empty());
    let hits = run(&index, &format!("{a} {b}"));
    assert!(hits[0].spread);
    assert!(sections_with_both.contains(&(hits[0].source, hits[0].section)));
}

#[test]
fn one_section_does_not_fill_the_list() {
    let (_, index) = seeds();
    let options = SearchOptions::default();
    for query in ["ketamine", "treatment", "e"] {
        let hits = search::search(&index, &Query::parse(query).unwrap(), &options).hits;
        for hit in &hits {
            let same = hits
                .iter()
                .filter(|h| (h.source, h.section) == (hit.source, hit.section))
                .count();
            assert!(
                same <= options.per_section,
                "{query:?}: {same} hits in one section"
            );
        }
    }
}

#[test]
fn hits_are_best_first_and_grouped_by_source_then_section() {
    let (_, index) = seeds();
    let hits = run(&index, "ketamine therapy");
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    let groups = group_hits(&hits);
    assert_eq!(groups[0].source, hits[0].source);
    assert_eq!(groups[0].sections[0].section, hits[0].section);
    let mut seen: Vec<usize> = groups
        .iter()
        .flat_map(|g| g.sections.iter().flat_map(|s| s.hits.iter().copied()))
        .collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..hits.len()).collect::<Vec<_>>());
    for group in &groups {
        for section in &group.sections {
            for &n in &section.hits {
                assert_eq!(
                    (hits[n].source, hits[n].section),
                    (group.source, section.section)
                );
            }
        }
    }
}

#[test]
fn hit_lines_point_at_the_text() {
    let (corpus, index) = seeds();
    for hit in run(&index, "nasal spray") {
        let source = &corpus.sources[hit.source];
        let raw =
            std::fs::read_to_string(format!("{}/{}", env!("CARGO_MANIFEST_DIR"), source.path))
                .expect("seed file");
        let line = raw.lines().nth(hit.line - 1).expect("line in file");
        assert!(
            lower(line).contains("spray"),
            "line {} is {line:?}",
            hit.line
        );
    }
}

#[test]
fn typing_a_query_gives_the_same_hits_as_searching_it_at_once() {
    let (_, index) = seeds();
    let index = Arc::new(index);
    let typed = [
        "n",
        "na",
        "nas",
        "nasa",
        "nasal",
        "nasal ",
        "nasal s",
        "nasal sp",
        "nasal s",
        "nasal",
        "nasal !",
        "nasal !s",
        "nasal !sp",
        "nasal !spr",
        "c",
        "co",
        "cos",
        "cost",
        "cost |",
        "cost | i",
        "cost | in",
        "cost | ins",
        "d",
        "di",
        "dis",
        "diss",
        "disso",
        "dissoc",
        "dissoci",
        "dissocia",
        "dissociat",
        "dissociato",
        "dissociaton",
        // Words after the first: the unchanged words' outcomes are read back, not matched.
        "s",
        "si",
        "side",
        "side e",
        "side ef",
        "side effects",
        "side effects !",
        "side effects !n",
        "side effects !na",
        "side effects",
        "side effect",
        "side effects",
        "heart",
        "heart r",
        "heart ra",
        "heart rat",
        "heart ra",
        "heart rate",
        "heart rate 'b",
        "heart rate 'bl",
        "heart rate 'blood",
        "heart rate 'blood | p",
        "heart rate 'blood | pr",
        // An alternative added to a word: the word's own matches are read back.
        "cost",
        "cost | i",
        "cost | in",
        "cost | ins",
        "cost | insu side",
        "cost | insu side !e",
        "cost | insu sid",
        "nasal | !x",
        "nasal | !x sp",
        // Only a single word's matches cover every unit: two words keep only the sections
        // holding both, so `ketamine` must be matched again for `ketamine | blood`.
        "ketamine insurance",
        "ketamine | blood",
        // A word alone that matched nothing, then kept in an OR: nothing to read back.
        "zqxzqx",
        "zqxzqx | ketamine",
    ];
    type_and_compare(&index, &SearchOptions::default(), &typed);
}

/// Letters spread wider than an ASCII term's window, then a non-ASCII char: `cost` cannot
/// match there, `costé` (matched without a window) can, so `costé` must not be searched only
/// where `cost` could match, nor its matches be remembered as if it had been.
#[test]
fn a_non_ascii_word_typed_on_finds_what_a_fresh_search_does() {
    use dossier::corpus::Origin;
    use dossier::model::{parse, Format};
    let text = "Spread Letters\nA line with c  o  s  t  é here, and nothing else.\n\
                Another Part\nThe cost of it was listed here too.\n";
    let corpus = Corpus {
        sources: vec![parse("spread", "spread.txt", text, Format::PlainText)],
        warnings: Vec::new(),
        origin: Origin::Embedded,
    };
    let index = Arc::new(Index::build(&corpus));
    let options = SearchOptions::default();
    for typed in [
        &["cost", "costé"][..],
        &["cost", "costé", "costé | x"],
        &["cost", "costé", "here costé"],
    ] {
        type_and_compare(&index, &options, typed);
    }
    // And the case is real: the fresh search finds the spread-out line.
    let fresh = search::search(&index, &Query::parse("costé").unwrap(), &options);
    assert!(fresh
        .hits
        .iter()
        .any(|hit| index.text(hit.unit).contains('é')));
}

/// Past 20,000 units a search splits the scope between threads, each reading back its part
/// of the remembered matches at an offset: typing must still find what a fresh search does.
#[test]
fn typing_over_a_corpus_searched_on_several_threads_finds_what_a_fresh_search_does() {
    let seeds = corpus::embedded();
    let mut sources = Vec::new();
    // An odd number of copies, so that the halves the threads take are not alike.
    for copy in 0..91 {
        for source in &seeds.sources {
            let mut source = source.clone();
            source.id = format!("{}-{copy}", source.id);
            sources.push(source);
        }
    }
    let corpus = Corpus {
        sources,
        warnings: Vec::new(),
        origin: seeds.origin.clone(),
    };
    let index = Arc::new(Index::build(&corpus));
    assert!(
        index.units().len() > 20_000,
        "{} units",
        index.units().len()
    );
    // Every hit, not the best 200: the copies tie, and the first copy would fill the list.
    let options = SearchOptions {
        limit: usize::MAX,
        ..SearchOptions::default()
    };
    let typed = [
        "s",
        "si",
        "side",
        "side e",
        "side ef",
        "side effects",
        "side effects !n",
        "side effects !na",
        "cost",
        "cost | i",
        "cost | in",
        "cost | ins",
        "nasal sp",
    ];
    type_and_compare(&index, &options, &typed);
}

/// Types `typed` into one searcher, in order, and checks each query's hits and total against
/// a fresh search of it. A line that is not a query yet (`cost |`) is passed over, as the
/// reader keeps its last results then.
fn type_and_compare(index: &Arc<Index>, options: &SearchOptions, typed: &[&str]) {
    let mut searcher = Searcher::new(index.clone());
    for text in typed {
        let Ok(query) = Query::parse(text) else {
            continue;
        };
        let hits = searcher
            .search(&query, options, &CancelToken::new())
            .unwrap();
        let fresh = search::search(index, &query, options);
        assert_eq!(hits.hits, fresh.hits, "after typing {text:?} in {typed:?}");
        assert_eq!(
            hits.total, fresh.total,
            "after typing {text:?} in {typed:?}"
        );
    }
}

#[test]
fn a_cancelled_search_returns_nothing_and_keeps_state() {
    let (_, index) = seeds();
    let mut searcher = Searcher::new(Arc::new(index));
    let cancel = CancelToken::new();
    cancel.cancel();
    let query = Query::parse("ketamine").unwrap();
    assert!(searcher
        .search(&query, &SearchOptions::default(), &cancel)
        .is_none());
    let fresh = CancelToken::new();
    assert!(searcher
        .search(&query, &SearchOptions::default(), &fresh)
        .is_some_and(|r| !r.hits.is_empty()));
}

// ---- the command line ----

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

#[test]
fn json_has_the_documented_shape() {
    let out = dossier(&["search", "nasal spray", "--json", "--limit", "5"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["query"], "nasal spray");
    let hits = doc["hits"].as_array().expect("hits array");
    assert!(!hits.is_empty() && hits.len() <= 5);
    let mut last = i64::MAX;
    for hit in hits {
        assert!(hit["source"].is_string());
        assert!(hit["section"].is_string() || hit["section"].is_null());
        assert!(hit["line"].as_u64().is_some_and(|n| n >= 1));
        let score = hit["score"].as_i64().expect("integer score");
        assert!(score <= last, "best first");
        last = score;
        assert!(hit["snippet"].as_str().is_some_and(|s| !s.is_empty()));
    }
    assert!(hits[0]["snippet"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("nasal spray"));
}

#[test]
fn exit_codes_follow_grep() {
    assert_eq!(dossier(&["search", "suicidal"]).status.code(), Some(0));
    assert_eq!(dossier(&["search", "'zqxjv"]).status.code(), Some(1));
    for bad in ["!", "a |", "\"open", "'"] {
        let out = dossier(&["search", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("bad query"));
    }
}

/// Writes `articles` (name, text) into a fresh folder.
fn folder(articles: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in articles {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_word_form_the_text_does_not_use_finds_its_root_and_says_so() {
    let dir = folder(&[(
        "a.txt",
        "Dependence\nSome patients developed an addiction to the drug.\n\nCost\nInfusions are costly.\n",
    )]);
    let path = dir.path().to_str().unwrap();
    let out = dossier(&["search", "addictive", path]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("addiction to the drug"), "{text}");
    assert!(!text.contains("costly"), "{text}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("no hits for 'addictive'") && said.contains("'addict"),
        "{said}"
    );

    let out = dossier(&["search", "addictive", path, "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["query"], "addictive");
    assert_eq!(doc["loosened"], "'addict");
    assert_eq!(doc["hits"].as_array().map(Vec::len), Some(1));
    let exact = dossier(&["search", "addiction", path, "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&exact.stdout).expect("JSON");
    assert!(
        doc["loosened"].is_null(),
        "a query that finds hits is not loosened"
    );
}

#[test]
fn words_never_found_together_are_shown_one_by_one_without_fillers() {
    let dir = folder(&[
        ("a.txt", "Spray\nThe nasal spray is given in a clinic.\n"),
        ("b.txt", "Approval\nEsketamine was approved in 2019.\n"),
    ]);
    let path = dir.path().to_str().unwrap();
    let out = dossier(&["search", "how is esketamine nasal", path, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["loosened"], "'esketamin | 'nasal");
    let snippets: Vec<&str> = doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["snippet"].as_str())
        .collect();
    assert!(
        snippets.iter().any(|s| s.contains("nasal spray")),
        "{snippets:?}"
    );
    assert!(
        snippets.iter().any(|s| s.contains("Esketamine was")),
        "{snippets:?}"
    );
    // Nothing to loosen into: still grep's "no hits".
    assert_eq!(dossier(&["search", "zqxjv", path]).status.code(), Some(1));
}

#[test]
fn text_lines_name_source_section_and_line_without_escapes_when_piped() {
    let out = dossier(&["search", "alcohol cravings", "--limit", "3"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!text.contains('\x1b'));
    let first = text.lines().next().expect("a line");
    let parts: Vec<&str> = first.splitn(3, " · ").collect();
    assert_eq!(parts.len(), 3, "{first:?}");
    let (line, snippet) = parts[2].split_once(": ").expect("line: snippet");
    assert!(line.parse::<usize>().is_ok());
    assert!(snippet.to_lowercase().contains("cravings"));
}

#[test]
fn file_text_is_sanitised_and_the_lead_has_no_section() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.txt"),
        "Evil Article\nThe lead mentions zebrafish \x1b]0;owned\x07 and \u{202e}reversed text.\n\
         A Heading\nBody text about something else.\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let out = dossier(&["search", "zebrafish", path]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07));
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{202e}'));

    let out = dossier(&["search", "zebrafish", path, "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["hits"][0]["section"].is_null());
    assert_eq!(doc["hits"][0]["source"], "evil");
    assert!(!doc["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains('\u{202e}'));
}

#[test]
fn an_index_built_for_one_query_gives_the_same_hits() {
    let (corpus, index) = seeds();
    let key = |index: &Index, hits: Vec<Hit>| -> Vec<_> {
        hits.into_iter()
            .map(|h| {
                (
                    h.source,
                    h.section,
                    h.line,
                    h.score,
                    h.kind,
                    h.spread,
                    index.text(h.unit).to_string(),
                    h.positions,
                )
            })
            .collect()
    };
    for text in [
        "nasal spray",
        "dissociaton",
        "opioid alcohol",
        "side effects !nausea",
        "cost | insurance",
        "^risks",
        "effects$",
        "'risk'",
        "NMDA",
        "k",
        "!ketamine",
        "tolerance devlopment",
    ] {
        let query = Query::parse(text).unwrap();
        let options = SearchOptions::default();
        let small = Index::build_for(&corpus, &query);
        assert!(small.units().len() <= index.units().len());
        assert_eq!(
            key(&small, search::search(&small, &query, &options).hits),
            key(&index, search::search(&index, &query, &options).hits),
            "{text:?}"
        );
    }
}

#[test]
fn a_query_of_only_negations_keeps_the_units_without_the_word() {
    let (_, index) = seeds();
    let hits = run(&index, "!ketamine");
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .all(|h| !lower(index.text(h.unit)).contains("ketamine")));
}

#[test]
fn the_searcher_can_move_to_a_worker_thread() {
    fn assert_send<T: Send + 'static>() {}
    assert_send::<Searcher>();
    assert_send::<Query>();
    assert_send::<CancelToken>();
    let (_, index) = seeds();
    let mut searcher = Searcher::new(Arc::new(index));
    let worker = std::thread::spawn(move || {
        let query = Query::parse("spray").unwrap();
        searcher
            .search(&query, &SearchOptions::default(), &CancelToken::new())
            .map(|r| r.hits.len())
    });
    assert!(worker.join().unwrap().is_some_and(|n| n > 0));
}

#[test]
fn snippets_cut_around_the_match_and_mark_it() {
    let (_, index) = seeds();
    let hits = run(&index, "nasal spray");
    for hit in &hits {
        let snippet = search::snippet(&index, hit, 40);
        assert!(snippet.text.chars().count() <= 42);
        let chars: Vec<char> = snippet.text.chars().collect();
        for range in &snippet.highlights {
            assert!(range.end <= chars.len());
        }
        let marked: String = snippet
            .highlights
            .iter()
            .flat_map(|r| chars[r.clone()].iter())
            .collect();
        assert!(!marked.is_empty());
        // Only the two words are marked (a cut snippet may show just part of them).
        assert!("nasalspray".contains(&marked.to_lowercase()), "{marked:?}");
    }
    let ranges = hits[0].matched_ranges();
    let text: Vec<char> = index.text(hits[0].unit).chars().collect();
    let words: Vec<String> = ranges
        .iter()
        .map(|r| text[r.clone()].iter().collect())
        .collect();
    assert_eq!(words.join(" ").to_lowercase(), "nasal spray");
}

mod any_input {
    use super::*;
    use proptest::prelude::*;

    /// Queries typed a key at a time, with a Backspace now and then: `(word, keys erased
    /// after it)` pairs joined by spaces.
    fn typing() -> impl Strategy<Value = Vec<String>> {
        let word = prop::sample::select(vec![
            "nasal",
            "spray",
            "side",
            "effects",
            "!nausea",
            "'blood",
            "heart",
            "risk",
            "^ket",
            "cost",
            "|",
            "ins",
            "dissociaton",
            "Ketamine",
            "rapid$",
        ]);
        prop::collection::vec((word, 0usize..3), 1..5).prop_map(|words| {
            let mut line = String::new();
            let mut typed = Vec::new();
            for (word, erased) in words {
                if !line.is_empty() {
                    line.push(' ');
                }
                for c in word.chars() {
                    line.push(c);
                    typed.push(line.clone());
                }
                for _ in 0..erased {
                    line.pop();
                    typed.push(line.clone());
                }
            }
            typed
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(60))]

        /// However a query is typed, the searcher that refines its earlier results (and
        /// reads back the outcomes of unchanged words) finds what a fresh search finds.
        #[test]
        fn typed_queries_find_what_fresh_ones_do(typed in typing()) {
            let (_, index) = seeds();
            let index = Arc::new(index);
            let mut searcher = Searcher::new(index.clone());
            let options = SearchOptions::default();
            for text in &typed {
                let Ok(query) = Query::parse(text) else {
                    continue;
                };
                let hits = searcher.search(&query, &options, &CancelToken::new()).map(|r| r.hits);
                let fresh = search::search(&index, &query, &options).hits;
                prop_assert_eq!(hits, Some(fresh), "after typing {:?}", text);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever is typed: parsing never panics, and a query that parses searches without
        /// panicking and gives hits whose highlights lie inside their text.
        #[test]
        fn any_query_is_safe(text in "[a-zA-Z !'^$|\"\\\\éÉ\u{202e}.-]{0,16}") {
            let (_, index) = seeds();
            if let Ok(query) = Query::parse(&text) {
                let results = search::search(&index, &query, &SearchOptions::default());
                for hit in &results.hits {
                    let chars = index.text(hit.unit).chars().count();
                    prop_assert!(hit.positions.iter().all(|&p| p < chars));
                    let snippet = search::snippet(&index, hit, 30);
                    let shown = snippet.text.chars().count();
                    prop_assert!(snippet.highlights.iter().all(|r| r.end <= shown));
                }
            }
        }
    }
}
