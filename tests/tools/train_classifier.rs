//! Trains the learned weighing of the risk/benefit rules (assets/learned.tsv) from every
//! hand-label set in tests/fixtures, leaving out the held-out articles:
//! `cargo run --release --example train_classifier`. With `--cv` it writes nothing and
//! prints leave-one-article-out accuracy, rules alone against rules plus weights; with
//! `--curve` it writes nothing and prints the learning curve: accuracy on the held-out
//! articles for weights trained on a quarter, half, three quarters and all of the articles.
#[path = "../labelled/mod.rs"]
mod labelled;

use std::collections::BTreeSet;

use dossier::compare::learned::{self, Features, Model};
use dossier::compare::{classify_by_rules, Classification, Config, Lexicon, Statement};

const EPOCHS: usize = 30;
const RATE: f32 = 0.1;
const L2: f32 = 3e-2;
/// Features whose weights all stay below this are left out of the asset.
const PRUNE: f32 = 0.1;
/// A setting overridden from the environment (EPOCHS, RATE, L2, PRUNE, and VETO for
/// `learned::RISK_VETO`), for trying values
/// with `--cv` before changing the constants.
fn knob(name: &str, default: f32) -> f32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Example {
    article: String,
    set: &'static str,
    statement: Statement,
    rules: Classification,
    features: Features,
    gold: usize,
}

fn main() {
    let cross_validate = std::env::args().any(|a| a == "--cv");
    let curve = std::env::args().any(|a| a == "--curve");
    let held_out = labelled::held_out();
    let lexicon = Config::default().lexicon;
    let mut examples = Vec::new();
    let mut held = Vec::new();
    for file in labelled::LABEL_FILES {
        let labels = labelled::labels(file);
        if labels.is_empty() {
            continue;
        }
        let (corpus, comparison) = labelled::compared(&labels);
        let found = labelled::statements_for(&labels, &corpus, &comparison);
        for (label, classified) in labels.iter().zip(found) {
            let statement = classified.statement.clone();
            let rules = classify_by_rules(&statement, &lexicon);
            let part = if held_out.contains(&label.file) {
                &mut held
            } else {
                &mut examples
            };
            part.push(Example {
                article: label.file.clone(),
                set: file,
                features: learned::features(&statement, &rules),
                statement,
                rules,
                gold: learned::reading_index(label.gold.name()).expect("a known reading"),
            });
        }
    }
    if curve {
        report_learning_curve(&examples, &held, &lexicon);
        return;
    }
    if cross_validate {
        report_cross_validation(&examples, &lexicon);
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

/// Trains on a share of the articles (several draws of them, each fixed by a hash) and scores
/// the held-out articles, per label set: does accuracy still climb with more labels?
fn report_learning_curve(examples: &[Example], held: &[Example], lexicon: &Lexicon) {
    const SHARES: [(f64, u64); 4] = [(0.25, 4), (0.5, 4), (0.75, 4), (1.0, 1)];
    let articles: Vec<&str> = examples
        .iter()
        .map(|e| e.article.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let sets: BTreeSet<&str> = held.iter().map(|e| e.set).collect();
    let rules_right = |set: &str| {
        let part: Vec<&Example> = held.iter().filter(|e| e.set == set).collect();
        let right = part
            .iter()
            .filter(|e| e.rules.reading() == learned::READINGS[e.gold])
            .count();
        100.0 * right as f64 / part.len().max(1) as f64
    };
    println!(
        "Accuracy on the held-out articles of each label set, by share of the rest trained on"
    );
    print!("{:>8} {:>7}", "share", "trained");
    for set in &sets {
        let name = set.trim_end_matches(".tsv").trim_start_matches("labels");
        print!(
            " {:>7}",
            if name.is_empty() {
                "own"
            } else {
                name.trim_start_matches('_')
            }
        );
    }
    println!(" {:>8}", "risk>ben");
    print!("{:>8} {:>7}", "rules", "-");
    for set in &sets {
        print!(" {:>6.1}%", rules_right(set));
    }
    println!();
    for (share, draws) in SHARES {
        let mut labels = 0usize;
        let mut right: Vec<(usize, usize)> = vec![(0, 0); sets.len()];
        let mut risks_as_benefits = 0usize;
        for draw in 0..draws {
            // A fixed hash of (article, draw) picks the share, so runs repeat exactly.
            let chosen: BTreeSet<&str> = articles
                .iter()
                .enumerate()
                .filter(|(i, _)| {
                    let hash = (*i as u64 + 1).wrapping_mul(2_654_435_761) ^ (draw * 97_531);
                    ((hash % 1000) as f64) < share * 1000.0
                })
                .map(|(_, a)| *a)
                .collect();
            let training: Vec<&Example> = examples
                .iter()
                .filter(|e| chosen.contains(e.article.as_str()))
                .collect();
            labels += training.len();
            let model = train(training.into_iter());
            for example in held {
                let refined =
                    learned::refine(&example.statement, example.rules.clone(), &model, lexicon);
                let gold = learned::READINGS[example.gold];
                let slot = sets.iter().position(|s| *s == example.set).expect("a set");
                right[slot].0 += 1;
                right[slot].1 += usize::from(refined.reading() == gold);
                risks_as_benefits += usize::from(gold == "risk" && refined.benefit.is_some());
            }
        }
        print!("{:>7.0}% {:>7}", share * 100.0, labels / draws as usize);
        for (total, ok) in &right {
            print!(" {:>6.1}%", 100.0 * *ok as f64 / (*total).max(1) as f64);
        }
        println!(" {:>8.1}", risks_as_benefits as f64 / draws as f64);
    }
}

/// Trains once per article on all the others and scores that article: accuracy per label
/// set, rules alone against rules plus weights, the independent labels' confusion matrix
/// (label × reading) and, with `--mistakes`, every statement read wrong.
fn report_cross_validation(examples: &[Example], lexicon: &Lexicon) {
    let show_mistakes = std::env::args().any(|a| a == "--mistakes");
    let veto = knob("VETO", learned::RISK_VETO);
    let articles: BTreeSet<&str> = examples.iter().map(|e| e.article.as_str()).collect();
    // Per label set: statements, right by the rules, right with the weights.
    let mut sets: Vec<(&str, [usize; 3])> =
        labelled::LABEL_FILES.iter().map(|f| (*f, [0; 3])).collect();
    // Our own labels were written alongside the rules; the rest never saw them.
    let mut independent = [0usize; 3];
    let mut risks_as_benefits = [0usize; 2];
    let mut confusion = [[0usize; 4]; 4];
    let mut mistakes = Vec::new();
    for article in &articles {
        let model = train(examples.iter().filter(|e| e.article != *article));
        for example in examples.iter().filter(|e| e.article == *article) {
            let refined = learned::refine_with_veto(
                &example.statement,
                example.rules.clone(),
                &model,
                lexicon,
                veto,
            );
            let gold = learned::READINGS[example.gold];
            let right = [
                true,
                example.rules.reading() == gold,
                refined.reading() == gold,
            ];
            let tally = &mut sets
                .iter_mut()
                .find(|(f, _)| *f == example.set)
                .expect("a set")
                .1;
            for (slot, ok) in tally.iter_mut().zip(right) {
                *slot += usize::from(ok);
            }
            if is_own(&example.article) {
                continue;
            }
            for (slot, ok) in independent.iter_mut().zip(right) {
                *slot += usize::from(ok);
            }
            risks_as_benefits[0] += usize::from(gold == "risk" && example.rules.benefit.is_some());
            risks_as_benefits[1] += usize::from(gold == "risk" && refined.benefit.is_some());
            let read = learned::reading_index(refined.reading()).expect("a known reading");
            confusion[example.gold][read] += 1;
            if refined.reading() != gold {
                mistakes.push(format!(
                    "{}:{} {gold}->{} (rules {}) [{}] {}",
                    example.article,
                    example.statement.line,
                    refined.reading(),
                    example.rules.reading(),
                    example
                        .statement
                        .headings
                        .last()
                        .map(String::as_str)
                        .unwrap_or(""),
                    example.statement.text
                ));
            }
        }
    }
    let percent = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    for (name, [total, rules, refined]) in &sets {
        println!(
            "{name}: {total} statements, rules {:.1} %, rules + weights {:.1} %",
            percent(*rules, *total),
            percent(*refined, *total)
        );
    }
    let all = sets.iter().fold([0usize; 3], |sum, (_, t)| {
        [sum[0] + t[0], sum[1] + t[1], sum[2] + t[2]]
    });
    println!(
        "all labels: {} statements, rules {:.1} %, rules + weights {:.1} %",
        all[0],
        percent(all[1], all[0]),
        percent(all[2], all[0])
    );
    let [total, rules, refined] = independent;
    println!(
        "independent labels: {total} statements, rules {:.1} %, rules + weights {:.1} %",
        percent(rules, total),
        percent(refined, total)
    );
    println!(
        "independent risks shown as benefits: rules {}, rules + weights {}",
        risks_as_benefits[0], risks_as_benefits[1]
    );
    println!("independent labels, label (row) x reading (column):");
    println!(
        "{:>9} {:>8} {:>8} {:>8} {:>8}",
        "", "benefit", "risk", "neither", "both"
    );
    for (gold, row) in confusion.iter().enumerate() {
        println!(
            "{:>9} {:>8} {:>8} {:>8} {:>8}",
            learned::READINGS[gold],
            row[0],
            row[1],
            row[2],
            row[3]
        );
    }
    if show_mistakes {
        println!("{}", mistakes.join("\n"));
    }
}

fn is_own(article: &str) -> bool {
    article.starts_with("seeds/") || article.starts_with("tests/fixtures/articles/")
}
