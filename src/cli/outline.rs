//! `dossier outline`: every source's title, byline and section tree, as text or JSON.

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::corpus::Corpus;
use crate::model::Source;
use crate::sanitize::display_line;

#[derive(Serialize)]
struct OutlineJson<'a> {
    sources: Vec<SourceJson<'a>>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct SourceJson<'a> {
    id: &'a str,
    path: &'a str,
    title: &'a str,
    byline: Option<&'a str>,
    category: Option<&'a str>,
    sections: Vec<SectionJson<'a>>,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    title: &'a str,
    depth: usize,
    line: usize,
    /// What `show SOURCE#N` takes: 1-based, in reading order.
    number: usize,
}

fn source_json(source: &Source) -> SourceJson<'_> {
    SourceJson {
        id: &source.id,
        path: &source.path,
        title: &source.title,
        byline: source.byline.as_deref(),
        category: source.category.as_deref(),
        sections: source
            .flat_sections()
            .into_iter()
            .map(|r| SectionJson {
                title: &r.section.title,
                depth: r.section.depth,
                line: r.section.line,
                number: r.index + 1,
            })
            .collect(),
    }
}

pub fn run(corpus: &Corpus, json: bool, out: &mut dyn Write) -> io::Result<ExitCode> {
    if json {
        let doc = OutlineJson {
            sources: corpus.sources.iter().map(source_json).collect(),
            warnings: &corpus.warnings,
        };
        serde_json::to_writer(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for (n, source) in corpus.sources.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{}  {}",
            display_line(&source.id),
            display_line(&source.title)
        )?;
        for meta in [&source.byline, &source.category].into_iter().flatten() {
            writeln!(out, "      {}", display_line(meta))?;
        }
        // `#N` is what `show SOURCE#N` takes; `LN` is the heading's line in the file
        // (`show SOURCE#LN` takes that too).
        for r in source.flat_sections() {
            let indent = "  ".repeat(r.section.depth.saturating_sub(1));
            writeln!(
                out,
                "{:>5}  {:<6} {indent}{}",
                format!("#{}", r.index + 1),
                format!("L{}", r.section.line),
                display_line(&r.section.title)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
