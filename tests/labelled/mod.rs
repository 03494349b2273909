//! Hand labels for the risk/benefit classifier: the label files in tests/fixtures, the list
//! of articles held out from training and tuning, and finding the statement a label names.
//! Shared by the quality test and the trainer (tests/tools/train_classifier.rs).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use dossier::compare::{compare, Classified, Comparison, Config};
use dossier::corpus::{self, Corpus, LoadOptions};

/// Every label file, each `file<TAB>line<TAB>label<TAB>start of the statement`.
pub const LABEL_FILES: &[&str] = &[
    "labels.tsv",
    "labels_blind.tsv",
    "labels_blind3.tsv",
    "labels_blind4.tsv",
    "labels_blind5.tsv",
    "labels_blind6.tsv",
];

/// A label: what a reader says a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gold {
    Benefit,
    Risk,
    Neither,
    /// A benefit clause and a risk clause: the statement belongs in both columns.
    Both,
}

impl Gold {
    fn parse(text: &str) -> Option<Gold> {
        Some(match text {
            "benefit" => Gold::Benefit,
            "risk" => Gold::Risk,
            "neither" => Gold::Neither,
            "both" => Gold::Both,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Gold::Benefit => "benefit",
            Gold::Risk => "risk",
            Gold::Neither => "neither",
            Gold::Both => "both",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Label {
    pub file: String,
    pub line: usize,
    pub gold: Gold,
    pub prefix: String,
}

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The labels of one file in tests/fixtures.
pub fn labels(name: &str) -> Vec<Label> {
    let path = root().join("tests/fixtures").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("label file {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let fields: Vec<&str> = l.splitn(4, '\t').collect();
            assert_eq!(fields.len(), 4, "malformed label line in {name}: {l}");
            Label {
                file: fields[0].to_string(),
                line: fields[1].parse().expect("line number"),
                gold: Gold::parse(fields[2])
                    .unwrap_or_else(|| panic!("unknown label {:?} in {name}: {l}", fields[2])),
                prefix: fields[3].to_string(),
            }
        })
        .collect()
}

/// Articles never trained or tuned on (tests/fixtures/held_out.txt), chosen at random
/// before their labels were read.
pub fn held_out() -> BTreeSet<String> {
    let path = root().join("tests/fixtures/held_out.txt");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Text as a label writer copies it: no list marker, no `**`, single spaces.
fn normalised(text: &str) -> String {
    let text = text.replace("**", "").replace('\u{a0}', " ");
    let trimmed = text.trim_start();
    let unmarked = match trimmed.split_once(' ') {
        Some((marker, rest))
            if matches!(marker, "-" | "*" | "•")
                || (marker.len() > 1
                    && marker.ends_with(['.', ')'])
                    && marker[..marker.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_digit())) =>
        {
            rest
        }
        _ => trimmed,
    };
    unmarked.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn same_statement(statement: &str, prefix: &str) -> bool {
    let prefix: String = normalised(prefix).chars().take(40).collect();
    normalised(statement).starts_with(prefix.trim_end())
}

/// The labelled articles of `labels`, loaded as one corpus and compared.
pub fn compared(labels: &[Label]) -> (Corpus, Comparison) {
    let files: Vec<PathBuf> = labels
        .iter()
        .map(|l| root().join(&l.file))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let corpus = corpus::load(&files, LoadOptions::default()).expect("labelled files load");
    let comparison = compare(&corpus, &Config::default());
    (corpus, comparison)
}

/// The statement each label names, in label order; panics naming a label that names none,
/// so a parser change cannot silently drop labels.
pub fn statements_for<'a>(
    labels: &[Label],
    corpus: &Corpus,
    comparison: &'a Comparison,
) -> Vec<&'a Classified> {
    let by_file: BTreeMap<&str, Vec<&Classified>> =
        comparison
            .statements
            .iter()
            .fold(BTreeMap::new(), |mut map, c| {
                let path = corpus.sources[c.statement.source].path.as_str();
                map.entry(path).or_default().push(c);
                map
            });
    labels
        .iter()
        .map(|label| {
            let path = root().join(&label.file).display().to_string();
            by_file
                .get(path.as_str())
                .and_then(|statements| {
                    statements.iter().copied().find(|c| {
                        c.statement.line == label.line
                            && same_statement(&c.statement.text, &label.prefix)
                    })
                })
                .unwrap_or_else(|| {
                    panic!(
                        "no statement for label {}:{} {:?}",
                        label.file, label.line, label.prefix
                    )
                })
        })
        .collect()
}
