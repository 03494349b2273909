//! Measures the risk/benefit classifier against hand labels: tests/fixtures/labels.tsv
//! (written with the classifier, one article held out) and tests/fixtures/labels_blind.tsv
//! (written by someone else for articles nobody tuning the classifier had seen; two of
//! them held out at random before any tuning). Reports accuracy per set and part, and how
//! many risks would be shown as benefits; asserts a floor per set and no risk among the
//! benefits anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use dossier::compare::{compare, Classified, Config};
use dossier::corpus::{self, LoadOptions};

/// A label: what a reader says a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gold {
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

    fn name(self) -> &'static str {
        match self {
            Gold::Benefit => "benefit",
            Gold::Risk => "risk",
            Gold::Neither => "neither",
            Gold::Both => "both",
        }
    }
}

struct Label {
    file: String,
    line: usize,
    gold: Gold,
    prefix: String,
}

fn labels(name: &str) -> Vec<Label> {
    let path = root().join("tests/fixtures").join(name);
    let text = std::fs::read_to_string(&path).expect("label file");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let fields: Vec<&str> = l.splitn(4, '\t').collect();
            assert_eq!(fields.len(), 4, "malformed label line: {l}");
            Label {
                file: fields[0].to_string(),
                line: fields[1].parse().expect("line number"),
                gold: Gold::parse(fields[2])
                    .unwrap_or_else(|| panic!("unknown label {:?} in: {l}", fields[2])),
                prefix: fields[3].to_string(),
            }
        })
        .collect()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
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

#[derive(Default)]
struct Tally {
    total: usize,
    correct: usize,
    risks_as_benefits: usize,
    neither_as_benefits: usize,
}

impl Tally {
    fn accuracy(&self) -> f64 {
        self.correct as f64 / self.total.max(1) as f64
    }

    fn summary(&self) -> String {
        format!(
            "{}/{} = {:.1} %, risks shown as benefits {}, neither shown as benefits {}",
            self.correct,
            self.total,
            100.0 * self.accuracy(),
            self.risks_as_benefits,
            self.neither_as_benefits
        )
    }
}

struct Measured {
    all: Tally,
    tuned: Tally,
    held_out: Tally,
    mistakes: Vec<String>,
}

/// Reads every labelled file as one corpus and scores each label; `held_out` says which
/// files were never tuned on.
fn measure(label_file: &str, held_out: impl Fn(&str) -> bool) -> Measured {
    let labels = labels(label_file);
    let files: Vec<PathBuf> = labels
        .iter()
        .map(|l| root().join(&l.file))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let corpus = corpus::load(&files, LoadOptions::default()).expect("labelled files load");
    let comparison = compare(&corpus, &Config::default());
    let by_file: BTreeMap<String, Vec<&Classified>> =
        comparison
            .statements
            .iter()
            .fold(BTreeMap::new(), |mut map, c| {
                let path = &corpus.sources[c.statement.source].path;
                map.entry(path.clone()).or_default().push(c);
                map
            });

    let mut measured = Measured {
        all: Tally::default(),
        tuned: Tally::default(),
        held_out: Tally::default(),
        mistakes: Vec::new(),
    };
    for label in &labels {
        let path = root().join(&label.file).display().to_string();
        let found = by_file
            .get(&path)
            .and_then(|statements| {
                statements.iter().find(|c| {
                    c.statement.line == label.line
                        && same_statement(&c.statement.text, &label.prefix)
                })
            })
            .unwrap_or_else(|| {
                panic!(
                    "no statement for label {}:{} {:?}",
                    label.file, label.line, label.prefix
                )
            });
        let reading = found.classification.reading();
        let shown_as_benefit = found.classification.benefit.is_some();
        let correct = reading == label.gold.name();
        let part = if held_out(&label.file) {
            &mut measured.held_out
        } else {
            &mut measured.tuned
        };
        for tally in [&mut measured.all, part] {
            tally.total += 1;
            tally.correct += usize::from(correct);
            tally.risks_as_benefits += usize::from(label.gold == Gold::Risk && shown_as_benefit);
            tally.neither_as_benefits +=
                usize::from(label.gold == Gold::Neither && shown_as_benefit);
        }
        if !correct {
            measured.mistakes.push(format!(
                "  {}:{} labelled {} read {}: {}",
                label.file,
                label.line,
                label.gold.name(),
                reading,
                found.statement.text
            ));
        }
    }
    measured
}

fn report(name: &str, measured: &Measured) {
    println!("{name}: all {}", measured.all.summary());
    println!("{name}: tuned on {}", measured.tuned.summary());
    println!("{name}: held out {}", measured.held_out.summary());
    println!("{}", measured.mistakes.join("\n"));
}

#[test]
fn classifier_meets_its_own_labels() {
    let measured = measure("labels.tsv", |file| file.contains("held_out"));
    report("own labels", &measured);
    assert!(measured.all.total >= 150, "too few labels");
    assert!(
        measured.held_out.total > 0,
        "the held-out article has no labels"
    );
    assert_eq!(
        measured.all.risks_as_benefits,
        0,
        "risks shown as benefits:\n{}",
        measured.mistakes.join("\n")
    );
    assert!(
        measured.all.accuracy() >= 0.90,
        "accuracy {:.1} % below 90 %:\n{}",
        100.0 * measured.all.accuracy(),
        measured.mistakes.join("\n")
    );
}

#[test]
fn classifier_meets_labels_written_blind() {
    let held_out = |file: &str| file.contains("blind_03_") || file.contains("blind_04_");
    let measured = measure("labels_blind.tsv", held_out);
    report("blind labels", &measured);
    assert!(measured.all.total >= 150, "too few labels");
    assert!(
        measured.held_out.total > 0,
        "the held-out articles have no labels"
    );
    assert_eq!(
        measured.all.risks_as_benefits,
        0,
        "risks shown as benefits:\n{}",
        measured.mistakes.join("\n")
    );
    assert!(
        measured.all.accuracy() >= 0.85,
        "accuracy {:.1} % below 85 %:\n{}",
        100.0 * measured.all.accuracy(),
        measured.mistakes.join("\n")
    );
}
