//! The last word on a statement's reading: a linear model, learned from hand-labelled
//! statements, that weighs what the rules found (their reading and scores) together with
//! the statement's words and its heading. The weights are data (assets/learned.tsv),
//! written by `cargo run --release --example train_classifier`; this module never trains
//! at run time and never lets a statement the rules read as a risk stand among the
//! benefits alone.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::classify::{section_lean, Classification, Verdict};
use super::lexicon::{Lean, Lexicon};
use super::phrases::tokenize;
use super::statements::Statement;
use super::weights_file;

/// The readings the model chooses between, in the order of its weight columns.
pub const READINGS: [&str; 4] = ["benefit", "risk", "neither", "both"];
const BENEFIT: usize = 0;
const RISK: usize = 1;
const NEITHER: usize = 2;
const BOTH: usize = 3;

/// Below this probability the model is unsure and the rules' reading stands.
const CONFIDENT: f32 = 0.5;
/// A statement the model gives at least this probability of being a risk is kept out of
/// the benefits column, whatever else it and the rules say: when unsure, prefer neither.
pub const RISK_VETO: f32 = 0.15;

/// Rule scores are capped here before scaling, so one long list of cues does not swamp
/// every other feature.
const SCORE_CAP: f32 = 6.0;

/// Short words that carry no reading on their own; they still count inside word pairs
/// ("not a", "may not").
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "and", "or", "in", "on", "for", "with", "is", "are", "was",
    "were", "be", "been", "it", "its", "this", "that", "these", "those", "as", "at", "by", "from",
    "their", "there", "they", "them", "which", "what", "when", "where", "i", "you", "your", "we",
    "our",
];

/// Words that turn a sentence: what follows carries its point.
const CONTRASTS: &[&str] = &[
    "but", "however", "yet", "although", "though", "while", "still",
];
/// Words that deny what follows, and how many words they reach.
const NEGATIONS: &[&str] = &["not", "no", "never", "without", "nor", "cannot", "t"];
const NEGATION_REACH: usize = 3;

/// One statement as the model sees it: named features with their values.
pub type Features = Vec<(String, f32)>;

/// Weights per feature, one per reading. Two models are equal when they weigh the same
/// features the same, however they were made.
#[derive(Debug, Clone)]
pub struct Model {
    weights: Weights,
}

#[derive(Debug, Clone)]
enum Weights {
    /// Read from a weights file or learned here, by the trainer and in tests.
    Learned(HashMap<String, [f32; 4]>),
    /// assets/learned.tsv as the build script baked it ([`baked`]).
    Baked,
}

impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        self.rows() == other.rows()
    }
}

impl Default for Model {
    fn default() -> Self {
        Model {
            weights: Weights::Learned(HashMap::new()),
        }
    }
}

/// The weights compiled into the binary: a hash table written by the build script from
/// assets/learned.tsv (its layout is described there), so nothing is parsed or allocated to
/// use them.
mod baked {
    use super::weights_file::feature_hash;

    static NAMES: &str = include_str!(concat!(env!("OUT_DIR"), "/learned_names.txt"));
    static SPANS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/learned_spans.bin"));
    static WEIGHTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/learned_weights.bin"));
    static SLOTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/learned_slots.bin"));

    /// The `at`-th little-endian 4-byte number of `bytes`.
    fn word(bytes: &[u8], at: usize) -> [u8; 4] {
        let mut word = [0; 4];
        word.copy_from_slice(&bytes[4 * at..4 * at + 4]);
        word
    }

    pub fn len() -> usize {
        SPANS.len() / 8
    }

    fn name(index: usize) -> &'static str {
        let start = u32::from_le_bytes(word(SPANS, 2 * index)) as usize;
        let end = u32::from_le_bytes(word(SPANS, 2 * index + 1)) as usize;
        &NAMES[start..end]
    }

    fn weights(index: usize) -> [f32; 4] {
        std::array::from_fn(|reading| f32::from_le_bytes(word(WEIGHTS, 4 * index + reading)))
    }

    pub fn get(feature: &str) -> Option<[f32; 4]> {
        let mask = SLOTS.len() / 4 - 1;
        let mut slot = feature_hash(feature) as usize & mask;
        // The table is at most half full, so an empty slot ends every probe.
        loop {
            let index = (u32::from_le_bytes(word(SLOTS, slot)) as usize).checked_sub(1)?;
            if name(index) == feature {
                return Some(weights(index));
            }
            slot = (slot + 1) & mask;
        }
    }

    pub fn rows() -> impl Iterator<Item = (&'static str, [f32; 4])> {
        (0..len()).map(|index| (name(index), weights(index)))
    }
}

impl Model {
    /// The model compiled into the binary.
    pub fn embedded() -> &'static Model {
        static EMBEDDED: Model = Model {
            weights: Weights::Baked,
        };
        &EMBEDDED
    }

    /// Reads a weights file (see `weights_file`).
    pub fn parse(text: &str) -> Result<Model, String> {
        let weights = weights_file::parse(text)?
            .into_iter()
            .map(|(name, row)| (name.to_string(), row))
            .collect();
        Ok(Model {
            weights: Weights::Learned(weights),
        })
    }

    fn weight(&self, feature: &str) -> Option<[f32; 4]> {
        match &self.weights {
            Weights::Learned(weights) => weights.get(feature).copied(),
            Weights::Baked => baked::get(feature),
        }
    }

    /// Every feature with its weights, sorted by feature.
    fn rows(&self) -> Vec<(&str, [f32; 4])> {
        let mut rows: Vec<(&str, [f32; 4])> = match &self.weights {
            Weights::Learned(weights) => weights
                .iter()
                .map(|(name, row)| (name.as_str(), *row))
                .collect(),
            Weights::Baked => baked::rows().collect(),
        };
        rows.sort_by(|a, b| a.0.cmp(b.0));
        rows
    }

    /// The weights as `parse` reads them, features sorted, in a stable order.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from("# feature\tbenefit\trisk\tneither\tboth\n");
        for (name, row) in self.rows() {
            let _ = writeln!(
                out,
                "{name}\t{:.3}\t{:.3}\t{:.3}\t{:.3}",
                row[0], row[1], row[2], row[3]
            );
        }
        out
    }

    /// The model without features whose every weight is below `threshold`: they change a
    /// reading only in sums nobody could explain, and they would swell the asset.
    pub fn pruned(self, threshold: f32) -> Model {
        let mut weights = match self.weights {
            Weights::Learned(weights) => weights,
            Weights::Baked => baked::rows()
                .map(|(name, row)| (name.to_string(), row))
                .collect(),
        };
        weights.retain(|_, row| row.iter().any(|w| w.abs() >= threshold));
        Model {
            weights: Weights::Learned(weights),
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.weights {
            Weights::Learned(weights) => weights.is_empty(),
            Weights::Baked => baked::len() == 0,
        }
    }

    /// How likely each reading is (softmax over the linear scores).
    pub fn probabilities(&self, features: &Features) -> [f32; 4] {
        probabilities(features, |name| self.weight(name))
    }

    /// Multinomial logistic regression by stochastic gradient descent, in a fixed order so
    /// the same labels always give the same weights.
    pub fn train(examples: &[(Features, usize)], epochs: usize, rate: f32, l2: f32) -> Model {
        let mut weights: HashMap<String, [f32; 4]> = HashMap::new();
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..epochs {
            // Fisher-Yates with a small xorshift: deterministic without a dependency.
            for i in (1..order.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                order.swap(i, (state % (i as u64 + 1)) as usize);
            }
            for &at in &order {
                let (features, gold) = &examples[at];
                let probabilities = probabilities(features, |name| weights.get(name).copied());
                for (name, value) in features {
                    let row = weights.entry(name.clone()).or_insert([0.0; 4]);
                    for (class, weight) in row.iter_mut().enumerate() {
                        let error = probabilities[class] - f32::from(u8::from(class == *gold));
                        *weight -= rate * (error * value + l2 * *weight);
                    }
                }
            }
        }
        Model {
            weights: Weights::Learned(weights),
        }
    }
}

/// Softmax over the linear scores of `features`, each weighted as `weight` finds it.
fn probabilities(features: &Features, weight: impl Fn(&str) -> Option<[f32; 4]>) -> [f32; 4] {
    let mut scores = [0.0f32; 4];
    for (name, value) in features {
        if let Some(row) = weight(name) {
            for (score, weight) in scores.iter_mut().zip(row) {
                *score += weight * value;
            }
        }
    }
    softmax(scores)
}

fn softmax(scores: [f32; 4]) -> [f32; 4] {
    let top = scores.iter().copied().fold(f32::MIN, f32::max);
    // libm's crate rather than f32::exp: the binary then loads no libm.so at start-up.
    let exps = scores.map(|s| libm::expf(s - top));
    let sum: f32 = exps.iter().sum();
    exps.map(|e| e / sum)
}

/// Index of a reading name in [`READINGS`].
pub fn reading_index(name: &str) -> Option<usize> {
    READINGS.iter().position(|r| *r == name)
}

/// What the model looks at: the rules' reading and scores, the shape of the statement,
/// the words of its own heading, and its words and word pairs (lightly stemmed).
pub fn features(statement: &Statement, rules: &Classification) -> Features {
    let mut features: Features = vec![
        ("bias".to_string(), 1.0),
        (format!("rule={}", rules.reading()), 1.0),
        (
            "benefit_score".to_string(),
            rules.benefit_score.min(SCORE_CAP) / 3.0,
        ),
        (
            "risk_score".to_string(),
            rules.risk_score.min(SCORE_CAP) / 3.0,
        ),
    ];
    let text = statement.text.trim_end();
    if statement.list_item {
        features.push(("list_item".to_string(), 1.0));
    }
    if text.ends_with('?') {
        features.push(("question".to_string(), 1.0));
    }
    if text.ends_with(':') {
        features.push(("lead_in".to_string(), 1.0));
    }
    let mut named = Named {
        features,
        seen: std::collections::HashSet::new(),
    };
    if let Some(heading) = statement.headings.last() {
        for word in words(heading) {
            named.word("h", &word);
        }
    }
    let words = words(&statement.text);
    for word in &words {
        named.word("w", word);
    }
    for pair in words.windows(2) {
        named.add(format!("p:{}_{}", pair[0], pair[1]));
    }
    // The clause after the last "but" carries the point; words a negation governs say the
    // opposite of themselves.
    if let Some(turn) = words.iter().rposition(|w| CONTRASTS.contains(&w.as_str())) {
        for word in &words[turn + 1..] {
            named.word("m", word);
        }
    }
    for (at, word) in words.iter().enumerate() {
        if NEGATIONS.contains(&word.as_str()) {
            for governed in words.iter().skip(at + 1).take(NEGATION_REACH) {
                named.word("n", governed);
            }
        }
    }
    named.features
}

/// Features being named, each at most once.
struct Named {
    features: Features,
    seen: std::collections::HashSet<String>,
}

impl Named {
    fn add(&mut self, name: String) {
        if self.seen.insert(name.clone()) {
            self.features.push((name, 1.0));
        }
    }

    /// `kind:word`, unless the word is a stopword.
    fn word(&mut self, kind: &str, word: &str) {
        if !STOPWORDS.contains(&word) {
            self.add(format!("{kind}:{word}"));
        }
    }
}

fn words(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter(|t| t.is_word())
        .map(|t| super::agreement::stem(&t.norm))
        .collect()
}

/// The final reading: the model's, when it is confident, kept inside the rules' guard
/// (a statement the rules read as a risk may gain the benefits column only alongside the
/// risks), and out of the benefits column when the model finds a risk at all likely
/// ([`RISK_VETO`]). Clause emphasis comes from the rules where they found one.
pub fn refine(
    statement: &Statement,
    rules: Classification,
    model: &Model,
    lexicon: &Lexicon,
) -> Classification {
    refine_with_veto(statement, rules, model, lexicon, RISK_VETO)
}

/// [`refine`] with another risk veto, for the trainer to weigh values of it.
pub fn refine_with_veto(
    statement: &Statement,
    rules: Classification,
    model: &Model,
    lexicon: &Lexicon,
    veto: f32,
) -> Classification {
    if model.is_empty() {
        return rules;
    }
    let probabilities = model.probabilities(&features(statement, &rules));
    let mut refined = decide(rules, probabilities);
    // A benefit the model doubts goes to neither; a "both" (whose risk clause makes a risk
    // likely anyway) keeps only its risk column when the model is sure it is a risk.
    let vetoed = if refined.in_both_columns() {
        probabilities[RISK] >= CONFIDENT
    } else {
        // An item listed under a benefits heading is one by the rules unless it names a
        // risk; the model's doubt alone does not take it out.
        let listed_benefit = statement.list_item
            && section_lean(&statement.headings, lexicon) == Some(Lean::Benefit);
        refined.benefit.is_some() && probabilities[RISK] >= veto && !listed_benefit
    };
    if vetoed {
        refined.benefit = None;
        refined.verdict = if refined.risk.is_some() {
            Verdict::Risk
        } else {
            Verdict::Neither
        };
    }
    refined
}

/// The model's reading when it is confident and the guard allows it, else the rules'.
fn decide(rules: Classification, probabilities: [f32; 4]) -> Classification {
    let (best, confidence) =
        probabilities
            .iter()
            .copied()
            .enumerate()
            .fold(
                (NEITHER, f32::MIN),
                |top, (i, p)| {
                    if p > top.1 {
                        (i, p)
                    } else {
                        top
                    }
                },
            );
    if confidence < CONFIDENT {
        return rules;
    }
    // The benefits column is only ever widened where the rules found a benefit cue and no
    // risk cue: when unsure, a statement stays out of it.
    let benefit_allowed = match best {
        BENEFIT => rules.risk_score == 0.0 && rules.risk.is_none(),
        BOTH => rules.benefit_score > 0.0 || rules.benefit.is_some(),
        _ => true,
    };
    if !benefit_allowed {
        return rules;
    }
    let benefit_clause = rules.benefit.clone().unwrap_or(None);
    let risk_clause = rules.risk.clone().unwrap_or(None);
    let mut refined = Classification {
        verdict: Verdict::Neither,
        benefit: None,
        risk: None,
        ..rules
    };
    match best {
        BENEFIT => {
            refined.verdict = Verdict::Benefit;
            refined.benefit = Some(None);
        }
        RISK => {
            refined.verdict = Verdict::Risk;
            refined.risk = Some(None);
        }
        BOTH => {
            refined.verdict = if rules.verdict == Verdict::Benefit {
                Verdict::Benefit
            } else {
                Verdict::Risk
            };
            refined.benefit = Some(benefit_clause);
            refined.risk = Some(risk_clause);
        }
        _ => {}
    }
    refined
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(text: &str) -> Statement {
        Statement {
            source: 0,
            section: None,
            line: 1,
            text: text.to_string(),
            label_len: None,
            headings: vec!["Side Effects".to_string()],
            list_item: false,
        }
    }

    fn rules(verdict: Verdict) -> Classification {
        Classification {
            verdict,
            benefit: (verdict == Verdict::Benefit).then_some(None),
            risk: (verdict == Verdict::Risk).then_some(None),
            benefit_score: 0.0,
            risk_score: 0.0,
        }
    }

    fn model_favouring(feature: &str, reading: usize) -> Model {
        let mut row = [0.0; 4];
        row[reading] = 5.0;
        Model {
            weights: Weights::Learned(HashMap::from([(feature.to_string(), row)])),
        }
    }

    #[test]
    fn features_name_the_rules_heading_words_and_pairs() {
        let names: Vec<String> = features(&statement("Nausea is common."), &rules(Verdict::Risk))
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        for expected in ["rule=risk", "h:side", "w:nausea", "w:common", "p:nausea_is"] {
            assert!(
                names.contains(&expected.to_string()),
                "{expected} in {names:?}"
            );
        }
        assert!(
            !names.contains(&"w:is".to_string()),
            "stopwords are no features"
        );
    }

    #[test]
    fn a_confident_model_decides() {
        let model = model_favouring("w:nausea", RISK);
        let refined = refine(
            &statement("Nausea is common."),
            rules(Verdict::Neither),
            &model,
            &Lexicon::default(),
        );
        assert_eq!(refined.reading(), "risk");
    }

    #[test]
    fn a_rules_risk_never_becomes_a_benefit_alone() {
        let model = model_favouring("w:nausea", BENEFIT);
        let refined = refine(
            &statement("Nausea is common."),
            rules(Verdict::Risk),
            &model,
            &Lexicon::default(),
        );
        assert_eq!(refined.reading(), "risk");
    }

    #[test]
    fn a_likely_risk_never_stands_among_the_benefits() {
        let model = model_favouring("w:nausea", RISK);
        let refined = refine(
            &statement("Nausea is common."),
            rules(Verdict::Benefit),
            &model,
            &Lexicon::default(),
        );
        assert!(refined.benefit.is_none(), "{refined:?}");
        let both = Classification {
            risk: Some(None),
            ..rules(Verdict::Benefit)
        };
        let refined = refine_with_veto(
            &statement("Nausea is common."),
            both,
            &model,
            &Lexicon::default(),
            0.9,
        );
        assert_eq!(refined.reading(), "risk");
    }

    #[test]
    fn an_item_listed_under_a_benefits_heading_is_not_vetoed() {
        // Unsure (below CONFIDENT) but doubting: a risk probability above the veto.
        let doubting = Model::parse("bias\t0\t0.5\t0\t0\n").unwrap();
        let item = Statement {
            headings: vec!["Benefits of At-Home Treatment".to_string()],
            list_item: true,
            ..statement("Lower Price: a fraction of the price of infusions.")
        };
        let read = |statement: &Statement| {
            refine(
                statement,
                rules(Verdict::Benefit),
                &doubting,
                &Lexicon::default(),
            )
            .reading()
        };
        assert_eq!(read(&item), "benefit");
        let sentence = Statement {
            list_item: false,
            ..item
        };
        assert_eq!(read(&sentence), "neither");
    }

    #[test]
    fn an_unsure_model_leaves_the_rules_reading() {
        let refined = refine(
            &statement("Nausea is common."),
            rules(Verdict::Risk),
            &Model::parse("bias\t0\t0\t0\t0\n").unwrap(),
            &Lexicon::default(),
        );
        assert_eq!(refined.reading(), "risk");
    }

    #[test]
    fn weights_survive_a_round_trip_and_bad_lines_are_named() {
        let model = model_favouring("w:relief", BENEFIT);
        assert_eq!(Model::parse(&model.to_tsv()).unwrap(), model);
        assert!(Model::parse("w:x\t1\t2\n").unwrap_err().contains("line 1"));
    }

    #[test]
    fn training_learns_a_separable_word() {
        let example = |word: &str, gold| (vec![(format!("w:{word}"), 1.0)], gold);
        let examples: Vec<(Features, usize)> = (0..20)
            .flat_map(|_| [example("relief", BENEFIT), example("nausea", RISK)])
            .collect();
        let model = Model::train(&examples, 10, 0.1, 1e-3);
        let p = model.probabilities(&vec![("w:nausea".to_string(), 1.0)]);
        assert!(p[RISK] > 0.5 && p[RISK] > p[BENEFIT], "{p:?}");
    }

    #[test]
    fn the_baked_weights_are_the_weights_file() {
        let text = include_str!("../../assets/learned.tsv");
        let rows = weights_file::parse(text).expect("it parses");
        assert!(!rows.is_empty());
        let embedded = Model::embedded();
        for (name, row) in &rows {
            assert_eq!(embedded.weight(name), Some(*row), "{name}");
        }
        assert_eq!(baked::len(), rows.len(), "no feature but the file's");
        assert_eq!(*embedded, Model::parse(text).unwrap());
        for absent in ["w:no-such-feature", "", "w:", "p:nausea_is_no_pair_at_all"] {
            assert_eq!(embedded.weight(absent), None);
        }
    }
}
