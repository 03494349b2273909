//! Trains the learned weighing of the risk/benefit rules (assets/learned.tsv) from every
//! hand-label set in tests/fixtures, leaving out the held-out articles:
//! `cargo run --release --example train_classifier`. With `--cv` it writes nothing and
//! prints leave-one-article-out accuracy, rules alone against rules plus weights.
#[path = "../labelled/mod.rs"]
mod labelled;

use std::collections::BTreeSet;

use dossier::compare::learned::{self, Features, Model};
use dossier::compare::{classify_by_rules, Classification, Config, Statement};

const EPOCHS: usize = 12;
const RATE: f32 = 0.1;
const L2: f32 = 1e-3;
/// Features whose weights all stay below this are left out of the asset.
const PRUNE: f32 = 0.1;
/// A setting overridden from the environment (EPOCHS, RATE, L2, PRUNE), for trying values
/// with `--cv` before changing the constants.
fn knob(name: &str, default: f32) -> f32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Example {
    article: String,
    statement: Statement,
    rules: Classification,
    features: Features,
    gold: usize,
}

fn main() {
    let cross_validate = std::env::args().any(|a| a == "--cv");
    let held_out = labelled::held_out();
    let lexicon = Config::default().lexicon;
    let mut examples = Vec::new();
    for file in labelled::LABEL_FILES {
        let labels = labelled::labels(file);
        if labels.is_empty() {
            continue;
        }
        let (corpus, comparison) = labelled::compared(&labels);
        let found = labelled::statements_for(&labels, &corpus, &comparison);
        for (label, classified) in labels.iter().zip(found) {
            if held_out.contains(&label.file) {
                continue;
            }
            let statement = classified.statement.clone();
            let rules = classify_by_rules(&statement, &lexicon);
            examples.push(Example {
                article: label.file.clone(),
                features: learned::features(&statement, &rules),
                statement,
                rules,
                gold: learned::reading_index(label.gold.name()).expect("a known reading"),
            });
        }
    }
    if cross_validate {
        report_cross_validation(&examples);
        return;
    }
    let model = train(examples.iter());
    let path = labelled::root().join("assets/learned.tsv");
    let header = format!(
        "# Learned weighing of the risk/benefit rules: written by `cargo run --release --example\n\
         # train_classifier` from {} labelled statements (held-out articles left out). Do not edit.\n",
        examples.len()
    );
    let temporary = path.with_extension("tsv.tmp");
    std::fs::write(&temporary, header + &model.to_tsv())
        .and_then(|()| std::fs::rename(&temporary, &path))
        .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    println!(
        "wrote {} from {} statements",
        path.display(),
        examples.len()
    );
}

/// The model the settings give for `examples`, pruned as the asset is.
fn train<'a>(examples: impl Iterator<Item = &'a Example>) -> Model {
    let training: Vec<(Features, usize)> = examples.map(|e| (e.features.clone(), e.gold)).collect();
    Model::train(
        &training,
        knob("EPOCHS", EPOCHS as f32) as usize,
        knob("RATE", RATE),
        knob("L2", L2),
    )
    .pruned(knob("PRUNE", PRUNE))
}

/// Trains once per article on all the others and scores that article.
fn report_cross_validation(examples: &[Example]) {
    let articles: BTreeSet<&str> = examples.iter().map(|e| e.article.as_str()).collect();
    let mut rules_correct = [0usize; 2];
    let mut refined_correct = [0usize; 2];
    let mut totals = [0usize; 2];
    let mut risks_as_benefits = 0;
    let mut rules_risks_as_benefits = 0;
    let mut confusion = std::collections::BTreeMap::new();
    for article in &articles {
        let model = train(examples.iter().filter(|e| e.article != *article));
        for example in examples.iter().filter(|e| e.article == *article) {
            // Our own labels were written alongside the rules; the rest never saw them.
            let set = usize::from(!is_own(&example.article));
            let refined = learned::refine(&example.statement, example.rules.clone(), &model);
            let gold = learned::READINGS[example.gold];
            totals[set] += 1;
            rules_correct[set] += usize::from(example.rules.reading() == gold);
            refined_correct[set] += usize::from(refined.reading() == gold);
            risks_as_benefits += usize::from(gold == "risk" && refined.benefit.is_some());
            rules_risks_as_benefits +=
                usize::from(gold == "risk" && example.rules.benefit.is_some());
            if set == 1 {
                *confusion
                    .entry(format!("{gold}->{}", refined.reading()))
                    .or_insert(0usize) += 1;
            }
        }
    }
    for (set, name) in ["own labels", "independent labels"].iter().enumerate() {
        let percent = |n: usize| 100.0 * n as f64 / totals[set].max(1) as f64;
        println!(
            "{name}: {} statements, rules {:.1} %, rules + weights {:.1} %",
            totals[set],
            percent(rules_correct[set]),
            percent(refined_correct[set])
        );
    }
    println!(
        "risks shown as benefits: rules {rules_risks_as_benefits}, rules + weights {risks_as_benefits}"
    );
    println!("independent labels, label->reading: {confusion:?}");
}

fn is_own(article: &str) -> bool {
    article.starts_with("seeds/") || article.starts_with("tests/fixtures/articles/")
}
