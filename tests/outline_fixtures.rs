//! The parser against articles outlined by hand: the seeds and articles written with other
//! quirks (CRLF, blank lines, bold headings, hard wrapping, numbered lists, footers, Markdown).

mod common;

use std::path::{Path, PathBuf};

use dossier::corpus::{self, LoadOptions};

struct Expected {
    title: Option<String>,
    byline: Option<String>,
    category: Option<String>,
    boilerplate: usize,
    sections: Vec<(usize, usize, String)>,
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

fn read_expected(path: &Path) -> Expected {
    let text = std::fs::read_to_string(path).unwrap();
    let mut expected = Expected {
        title: None,
        byline: None,
        category: None,
        boilerplate: 0,
        sections: Vec::new(),
    };
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("title:") {
            expected.title = optional(v.trim());
        } else if let Some(v) = line.strip_prefix("byline:") {
            expected.byline = optional(v.trim());
        } else if let Some(v) = line.strip_prefix("category:") {
            expected.category = optional(v.trim());
        } else if let Some(v) = line.strip_prefix("boilerplate:") {
            expected.boilerplate = v.trim().parse().unwrap();
        } else {
            let mut parts = line.splitn(3, ' ');
            let depth = parts.next().unwrap().parse().unwrap();
            let number = parts.next().unwrap().parse().unwrap();
            expected
                .sections
                .push((depth, number, parts.next().unwrap().to_string()));
        }
    }
    expected
}

fn article_for(expected: &Path) -> PathBuf {
    let dir = expected.parent().unwrap();
    let stem = expected.file_stem().unwrap().to_str().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    [
        dir.join(format!("{stem}.txt")),
        dir.join(format!("{stem}.md")),
        seeds.join(format!("{stem}.txt")),
    ]
    .into_iter()
    .find(|p| p.exists())
    .unwrap_or_else(|| panic!("no article for {}", expected.display()))
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parser");
    let mut list: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "expected"))
        .collect();
    list.sort();
    list
}

#[test]
fn every_fixture_outlines_as_a_careful_reader_would() {
    let list = fixtures();
    assert!(list.len() >= 11, "fixtures went missing: {}", list.len());
    let mut failures = Vec::new();
    for expected_path in list {
        let expected = read_expected(&expected_path);
        let article = article_for(&expected_path);
        let corpus = corpus::load(std::slice::from_ref(&article), LoadOptions::default()).unwrap();
        let source = &corpus.sources[0];
        let got: Vec<(usize, usize, String)> = source
            .flat_sections()
            .iter()
            .map(|r| (r.section.depth, r.section.line, r.section.title.clone()))
            .collect();
        let name = article.file_name().unwrap().to_string_lossy().to_string();
        if got != expected.sections {
            failures.push(format!(
                "{name}: sections\n  got      {got:?}\n  expected {:?}",
                expected.sections
            ));
        }
        match &expected.title {
            Some(title) if &source.title != title => {
                failures.push(format!("{name}: title {:?} != {title:?}", source.title))
            }
            None if source.meta_lines.title.is_some() || source.title.is_empty() => {
                failures.push(format!(
                    "{name}: expected a derived title, got title line {:?}",
                    source.title
                ))
            }
            _ => {}
        }
        if source.byline != expected.byline {
            failures.push(format!(
                "{name}: byline {:?} != {:?}",
                source.byline, expected.byline
            ));
        }
        if source.category != expected.category {
            failures.push(format!(
                "{name}: category {:?} != {:?}",
                source.category, expected.category
            ));
        }
        if source.boilerplate.len() != expected.boilerplate {
            failures.push(format!(
                "{name}: boilerplate {:?} (expected {} lines)",
                source.boilerplate, expected.boilerplate
            ));
        }
        let raw = std::fs::read(&article).unwrap();
        common::assert_every_line_owned_once(source, &String::from_utf8_lossy(&raw));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn embedded_corpus_matches_the_seed_files() {
    let embedded = corpus::embedded();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let loaded = corpus::load(&[seeds], LoadOptions::default()).unwrap();
    assert_eq!(embedded.sources.len(), 5);
    for (a, b) in embedded.sources.iter().zip(&loaded.sources) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.sections, b.sections);
        assert_eq!(a.title, b.title);
    }
}
