//! `dossier search QUERY`: fuzzy hits across the corpus as `source · section · line: snippet` or JSON.
//! Exit 0 with hits, 1 with none (like grep), 2 for a query that cannot be parsed.
//! Every piece of file text printed here goes through `crate::sanitize`, JSON included.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::corpus::Corpus;
use crate::sanitize::display_line;
use crate::search::{self, Hit, Index, Query, SearchOptions};

/// Snippets are cut to about this many chars around the first match.
const SNIPPET_CHARS: usize = 110;
/// Highlight on: bold + reverse video; off: normal intensity, no reverse (keeps other state).
const HIGHLIGHT_ON: &str = "\x1b[1;7m";
const HIGHLIGHT_OFF: &str = "\x1b[22;27m";

#[derive(Serialize)]
struct SearchJson<'a> {
    query: &'a str,
    /// When the query as typed found nothing: the looser query whose hits these are.
    loosened: Option<&'a str>,
    hits: Vec<HitJson>,
}

#[derive(Serialize)]
struct HitJson {
    source: String,
    section: Option<String>,
    line: usize,
    score: i64,
    snippet: String,
    /// `title`, `heading`, `sentence` or `item`.
    kind: &'static str,
    /// Char ranges `[start, end)` of `snippet` that matched.
    highlights: Vec<[usize; 2]>,
    /// The terms were found across the section rather than in this one unit.
    spread: bool,
}

/// A snippet made safe to show: sanitised pieces, each marked matched or not.
fn safe_snippet(index: &Index, hit: &Hit) -> Vec<(String, bool)> {
    let snippet = search::snippet(index, hit, SNIPPET_CHARS);
    let chars: Vec<char> = snippet.text.chars().collect();
    let mut pieces = Vec::new();
    let mut at = 0;
    let mut push = |from: usize, to: usize, matched: bool| {
        if to > from {
            let raw: String = chars[from..to].iter().collect();
            pieces.push((display_line(&raw).into_owned(), matched));
        }
    };
    for range in &snippet.highlights {
        push(at, range.start, false);
        push(range.start, range.end, true);
        at = range.end;
    }
    push(at, chars.len(), false);
    pieces
}

fn hit_json(index: &Index, hit: &Hit) -> HitJson {
    let mut snippet = String::new();
    let mut highlights = Vec::new();
    let mut chars = 0;
    for (piece, matched) in safe_snippet(index, hit) {
        let len = piece.chars().count();
        if matched {
            highlights.push([chars, chars + len]);
        }
        chars += len;
        snippet.push_str(&piece);
    }
    HitJson {
        source: display_line(index.source_id(hit.source)).into_owned(),
        section: index
            .section_title(hit.source, hit.section)
            .map(|t| display_line(t).into_owned()),
        line: hit.line,
        score: hit.score,
        snippet,
        kind: hit.kind.name(),
        highlights,
        spread: hit.spread,
    }
}

/// Takes the corpus: each article is dropped once indexed, which keeps the peak memory down.
/// `reread` gives it again when the query finds nothing and looser forms are tried.
pub fn run(
    corpus: Corpus,
    reread: &dyn Fn() -> Option<Corpus>,
    query: &str,
    limit: usize,
    json: bool,
    out: &mut dyn Write,
    is_tty: bool,
) -> io::Result<ExitCode> {
    let parsed = match Query::parse(query) {
        Ok(parsed) => parsed,
        Err(error) => {
            eprintln!(
                "dossier: error: bad query: {}",
                display_line(&error.to_string())
            );
            return Ok(ExitCode::from(2));
        }
    };
    let options = SearchOptions {
        limit,
        ..SearchOptions::default()
    };
    let run_query = |corpus: Corpus, query: &Query| {
        let index = Index::build_for_owned(corpus, query);
        let results = search::search(&index, query, &options);
        (index, results)
    };
    let (mut index, mut results) = run_query(corpus, &parsed);
    // Nothing as typed: try looser forms ("addictive" → 'addict), and say so on stderr so
    // stdout keeps its shape.
    let mut loosened = None;
    let tries = if results.hits.is_empty() {
        search::relaxations(&parsed)
    } else {
        Vec::new()
    };
    for relaxed in tries {
        let Some(corpus) = reread() else { break };
        let (relaxed_index, relaxed_results) = run_query(corpus, &relaxed.query);
        if !relaxed_results.hits.is_empty() {
            eprintln!(
                "dossier: no hits for '{}'; showing hits for {}",
                display_line(query),
                display_line(&relaxed.shown)
            );
            (index, results) = (relaxed_index, relaxed_results);
            loosened = Some(relaxed.shown);
            break;
        }
    }
    if json {
        let doc = SearchJson {
            query,
            loosened: loosened.as_deref(),
            hits: results
                .hits
                .iter()
                .map(|hit| hit_json(&index, hit))
                .collect(),
        };
        serde_json::to_writer(&mut *out, &doc)?;
        writeln!(out)?;
    } else {
        for hit in &results.hits {
            let section = index
                .section_title(hit.source, hit.section)
                .map_or_else(|| crate::model::LEAD_NAME.into(), display_line);
            write!(
                out,
                "{} · {} · {}: ",
                display_line(index.source_id(hit.source)),
                section,
                hit.line
            )?;
            for (piece, matched) in safe_snippet(&index, hit) {
                if matched && is_tty {
                    write!(out, "{HIGHLIGHT_ON}{piece}{HIGHLIGHT_OFF}")?;
                } else {
                    out.write_all(piece.as_bytes())?;
                }
            }
            writeln!(out)?;
        }
    }
    if results.hits.is_empty() {
        // grep-quiet for scripts; a person at a terminal is told why nothing came out.
        if io::stderr().is_terminal() {
            eprintln!("dossier: no hits for '{}'", display_line(query));
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
