//! Measures the risk/benefit classifier against hand labels (tests/fixtures/labels.tsv):
//! accuracy over all labelled statements, on the held-out article alone, and how many
//! risks would be shown as benefits. Asserts ≥ 90 % overall and no risk among benefits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier::compare::{compare, Classified, Config, Verdict};
use dossier::corpus::{self, LoadOptions};

struct Label {
    file: String,
    line: usize,
    label: Verdict,
    prefix: String,
}

fn labels() -> Vec<Label> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/labels.tsv");
    let text = std::fs::read_to_string(&path).expect("labels.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let fields: Vec<&str> = l.splitn(4, '\t').collect();
            assert_eq!(fields.len(), 4, "malformed label line: {l}");
            let label = match fields[2] {
                "benefit" => Verdict::Benefit,
                "risk" => Verdict::Risk,
                "neither" => Verdict::Neither,
                other => panic!("unknown label {other:?} in: {l}"),
            };
            Label {
                file: fields[0].to_string(),
                line: fields[1].parse().expect("line number"),
                label,
                prefix: fields[3].to_string(),
            }
        })
        .collect()
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
}

#[test]
fn classifier_meets_the_labels() {
    let labels = labels();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<PathBuf> = labels
        .iter()
        .map(|l| root.join(&l.file))
        .collect::<std::collections::BTreeSet<_>>()
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

    let mut all = Tally::default();
    let mut held_out = Tally::default();
    let mut mistakes = Vec::new();
    for label in &labels {
        let path = root.join(&label.file).display().to_string();
        let found = by_file
            .get(&path)
            .and_then(|statements| {
                statements.iter().find(|c| {
                    c.statement.line == label.line && c.statement.text.starts_with(&label.prefix)
                })
            })
            .unwrap_or_else(|| {
                panic!(
                    "no statement for label {}:{} {:?}",
                    label.file, label.line, label.prefix
                )
            });
        let predicted = found.classification.verdict;
        let shown_as_benefit = found.classification.benefit.is_some();
        for tally in [
            Some(&mut all),
            label.file.contains("held_out").then_some(&mut held_out),
        ]
        .into_iter()
        .flatten()
        {
            tally.total += 1;
            tally.correct += usize::from(predicted == label.label);
            tally.risks_as_benefits +=
                usize::from(label.label == Verdict::Risk && shown_as_benefit);
            tally.neither_as_benefits +=
                usize::from(label.label == Verdict::Neither && shown_as_benefit);
        }
        if predicted != label.label || (label.label == Verdict::Risk && shown_as_benefit) {
            mistakes.push(format!(
                "  {}:{} labelled {} read {}: {}",
                label.file,
                label.line,
                label.label.name(),
                predicted.name(),
                found.statement.text
            ));
        }
    }
    println!(
        "compare quality: all {}/{} = {:.1} %, held-out {}/{} = {:.1} %, risks shown as benefits {}, neither shown as benefits {}",
        all.correct,
        all.total,
        100.0 * all.accuracy(),
        held_out.correct,
        held_out.total,
        100.0 * held_out.accuracy(),
        all.risks_as_benefits,
        all.neither_as_benefits
    );
    println!("{}", mistakes.join("\n"));
    assert!(all.total >= 150, "too few labels: {}", all.total);
    assert!(held_out.total > 0, "the held-out article has no labels");
    assert_eq!(
        all.risks_as_benefits,
        0,
        "risks shown as benefits:\n{}",
        mistakes.join("\n")
    );
    assert!(
        all.accuracy() >= 0.90,
        "accuracy {:.1} % below 90 %:\n{}",
        100.0 * all.accuracy(),
        mistakes.join("\n")
    );
}
