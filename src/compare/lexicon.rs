//! The cue lexicon and topic taxonomy as data: the TOML compiled in from assets/, merged
//! with a user file when one is given. Turns phrase lists into matchers; decides nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::phrases::PhraseSet;

/// The built-in cue lexicon.
pub const DEFAULT_LEXICON: &str = include_str!("../../assets/lexicon.toml");
/// The built-in topic taxonomy.
pub const DEFAULT_TOPICS: &str = include_str!("../../assets/topics.toml");

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct Weighted {
    strong: Vec<String>,
    weak: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct Phrases {
    phrases: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct CaveatFile {
    subjects: Vec<String>,
    doubts: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct ContrastFile {
    concessive: Vec<String>,
    adversative: Vec<String>,
    conditional: Vec<String>,
    connectives: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct BalanceFile {
    benefit: Vec<String>,
    risk: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct ClausesFile {
    population: Vec<String>,
    main_verbs: Vec<String>,
    meta: Vec<String>,
    advice: Vec<String>,
    precaution: Vec<String>,
    procedure: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct AnswersFile {
    yes: Vec<String>,
    no: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SectionsFile {
    risk: Vec<String>,
    benefit: Vec<String>,
    neutral: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SimilarityFile {
    stopwords: Vec<String>,
    synonyms: HashMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct LexiconFile {
    risk: Weighted,
    benefit: Weighted,
    neutral: Phrases,
    conditions: Phrases,
    treating: Phrases,
    checking: Phrases,
    resolving: Phrases,
    returning: Phrases,
    bettering: Phrases,
    lessening: Phrases,
    indicating: Phrases,
    assessing: Phrases,
    negation: Phrases,
    downplay: Phrases,
    caveat: CaveatFile,
    contrast: ContrastFile,
    clauses: ClausesFile,
    sections: SectionsFile,
    balance: BalanceFile,
    answers: AnswersFile,
    shares: Phrases,
    outcomes: Phrases,
    similarity: SimilarityFile,
}

/// What a cue phrase says about a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Risk(u8),
    Benefit(u8),
    /// Something a treatment treats ("cravings"): a benefit only after a treating verb.
    Condition,
    /// A name or procedure that hides the cues inside it ("dissociative anesthetic").
    Neutral,
}

/// Which way a heading leans the statements under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lean {
    Risk,
    Benefit,
    /// How-to headings (steps, monitoring): lean nothing, and stop a parent's lean.
    Neutral,
}

/// The compiled lexicon: every list turned into a phrase matcher.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub cues: PhraseSet<Cue>,
    pub treating: PhraseSet<()>,
    /// Care that looks for a risk ("checks for heart problems"): cancels it, treats nothing.
    pub checking: PhraseSet<()>,
    pub resolving: PhraseSet<()>,
    /// After a condition: it comes back ("symptoms returned"), a risk.
    pub returning: PhraseSet<()>,
    /// After a risk cue: the problem gets better ("blood pressure improves"), a benefit.
    pub bettering: PhraseSet<()>,
    pub lessening: PhraseSet<()>,
    pub indicating: PhraseSet<()>,
    pub assessing: PhraseSet<()>,
    pub negation: PhraseSet<()>,
    pub downplay: PhraseSet<()>,
    pub caveat_subjects: PhraseSet<()>,
    pub caveat_doubts: PhraseSet<()>,
    pub concessive: PhraseSet<()>,
    pub adversative: PhraseSet<()>,
    pub conditional: PhraseSet<()>,
    pub connectives: PhraseSet<()>,
    pub balance_benefit: PhraseSet<()>,
    pub balance_risk: PhraseSet<()>,
    pub population: PhraseSet<()>,
    /// Finite verbs that end a "who …" clause and start the main one.
    pub main_verbs: PhraseSet<()>,
    /// A share of people ("half of patients", "60 percent") …
    pub shares: PhraseSet<()>,
    /// … with an outcome ("responded", "improved"): an efficacy claim.
    pub outcomes: PhraseSet<()>,
    /// Short answers to a question heading: yes …
    pub answer_yes: PhraseSet<()>,
    /// … and no.
    pub answer_no: PhraseSet<()>,
    pub meta: PhraseSet<()>,
    pub advice: PhraseSet<()>,
    /// Imperative warnings ("Avoid alcohol …", "Do not drive …"): a precaution is a risk.
    pub precaution: PhraseSet<()>,
    pub procedure: PhraseSet<()>,
    pub sections: PhraseSet<Lean>,
    pub stopwords: Vec<String>,
    pub synonyms: HashMap<String, String>,
}

impl Lexicon {
    fn compile(file: LexiconFile) -> Lexicon {
        let mut cues = PhraseSet::default();
        // Among equally long phrases the first listed wins: neutral names, then risks.
        for (list, cue) in [
            (&file.neutral.phrases, Cue::Neutral),
            (&file.risk.strong, Cue::Risk(2)),
            (&file.risk.weak, Cue::Risk(1)),
            (&file.benefit.strong, Cue::Benefit(2)),
            (&file.benefit.weak, Cue::Benefit(1)),
            (&file.conditions.phrases, Cue::Condition),
        ] {
            for phrase in list {
                cues.add(phrase, cue);
            }
        }
        let mut sections = PhraseSet::default();
        for (list, lean) in [
            (&file.sections.risk, Lean::Risk),
            (&file.sections.benefit, Lean::Benefit),
            (&file.sections.neutral, Lean::Neutral),
        ] {
            for phrase in list {
                sections.add(phrase, lean);
            }
        }
        Lexicon {
            cues,
            treating: PhraseSet::with(&file.treating.phrases, ()),
            checking: PhraseSet::with(&file.checking.phrases, ()),
            resolving: PhraseSet::with(&file.resolving.phrases, ()),
            returning: PhraseSet::with(&file.returning.phrases, ()),
            bettering: PhraseSet::with(&file.bettering.phrases, ()),
            lessening: PhraseSet::with(&file.lessening.phrases, ()),
            indicating: PhraseSet::with(&file.indicating.phrases, ()),
            assessing: PhraseSet::with(&file.assessing.phrases, ()),
            negation: PhraseSet::with(&file.negation.phrases, ()),
            downplay: PhraseSet::with(&file.downplay.phrases, ()),
            caveat_subjects: PhraseSet::with(&file.caveat.subjects, ()),
            caveat_doubts: PhraseSet::with(&file.caveat.doubts, ()),
            concessive: PhraseSet::with(&file.contrast.concessive, ()),
            adversative: PhraseSet::with(&file.contrast.adversative, ()),
            conditional: PhraseSet::with(&file.contrast.conditional, ()),
            connectives: PhraseSet::with(&file.contrast.connectives, ()),
            balance_benefit: PhraseSet::with(&file.balance.benefit, ()),
            balance_risk: PhraseSet::with(&file.balance.risk, ()),
            population: PhraseSet::with(&file.clauses.population, ()),
            main_verbs: PhraseSet::with(&file.clauses.main_verbs, ()),
            shares: PhraseSet::with(&file.shares.phrases, ()),
            outcomes: PhraseSet::with(&file.outcomes.phrases, ()),
            answer_yes: PhraseSet::with(&file.answers.yes, ()),
            answer_no: PhraseSet::with(&file.answers.no, ()),
            meta: PhraseSet::with(&file.clauses.meta, ()),
            advice: PhraseSet::with(&file.clauses.advice, ()),
            precaution: PhraseSet::with(&file.clauses.precaution, ()),
            procedure: PhraseSet::with(&file.clauses.procedure, ()),
            sections,
            stopwords: file.similarity.stopwords,
            synonyms: file.similarity.synonyms,
        }
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        // The built-in lexicon is tested to parse, so this cannot fail in a built binary.
        Lexicon::from_toml(None).unwrap_or_else(|_| Lexicon::compile(LexiconFile::default()))
    }
}

impl Lexicon {
    /// The built-in lexicon, with the tables and keys of `user` (TOML text) replacing
    /// their defaults.
    pub fn from_toml(user: Option<&str>) -> Result<Lexicon, String> {
        let mut merged: toml::Table = DEFAULT_LEXICON
            .parse()
            .map_err(|e| format!("built-in lexicon: {e}"))?;
        if let Some(user) = user {
            let user: toml::Table = user.parse().map_err(|e: toml::de::Error| e.to_string())?;
            merge(&mut merged, user);
        }
        let file: LexiconFile = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| e.to_string())?;
        Ok(Lexicon::compile(file))
    }

    /// The built-in lexicon merged with `path`, or with the user's config file when no
    /// path is given and one exists. A named file that can't be read is an error.
    pub fn load(path: Option<&Path>) -> Result<Lexicon, String> {
        let path = match path {
            Some(path) => Some(path.to_path_buf()),
            None => user_lexicon_path().filter(|p| p.is_file()),
        };
        match path {
            None => Lexicon::from_toml(None),
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Lexicon::from_toml(Some(&text)).map_err(|e| format!("{}: {e}", path.display()))
            }
        }
    }
}

/// `$XDG_CONFIG_HOME/dossier/lexicon.toml`, else `~/.config/dossier/lexicon.toml`.
pub fn user_lexicon_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|home| PathBuf::from(home).join(".config"))
        })?;
    Some(base.join("dossier").join("lexicon.toml"))
}

fn merge(base: &mut toml::Table, user: toml::Table) {
    for (key, value) in user {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base_table)), toml::Value::Table(user_table)) => {
                for (inner_key, inner_value) in user_table {
                    base_table.insert(inner_key, inner_value);
                }
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
struct TopicEntry {
    name: String,
    #[serde(default)]
    keywords: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct TopicsFile {
    #[serde(default)]
    topic: Vec<TopicEntry>,
}

/// The topic taxonomy: names in order, and keyword phrases tagged with the topic's index.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub names: Vec<String>,
    pub keywords: Vec<PhraseSet<usize>>,
}

/// The name of the catch-all topic.
pub const OTHER_TOPIC: &str = "Other";

impl Taxonomy {
    pub fn from_toml(text: &str) -> Result<Taxonomy, String> {
        let file: TopicsFile = toml::from_str(text).map_err(|e| e.to_string())?;
        Ok(Taxonomy {
            names: file.topic.iter().map(|t| t.name.clone()).collect(),
            keywords: file
                .topic
                .iter()
                .enumerate()
                .map(|(i, t)| PhraseSet::with(&t.keywords, i))
                .collect(),
        })
    }
}

impl Default for Taxonomy {
    fn default() -> Self {
        Taxonomy::from_toml(DEFAULT_TOPICS).unwrap_or(Taxonomy {
            names: Vec::new(),
            keywords: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::phrases::tokenize;

    #[test]
    fn built_in_data_parses() {
        Lexicon::from_toml(None).expect("lexicon");
        let topics = Taxonomy::from_toml(DEFAULT_TOPICS).expect("topics");
        assert!(topics.names.len() >= 10);
    }

    #[test]
    fn a_user_file_replaces_only_the_keys_it_names() {
        let user = "[risk]\nstrong = [\"zebra stripes\"]\n";
        let lexicon = Lexicon::from_toml(Some(user)).expect("merged");
        let hit = |text: &str| {
            let tokens = tokenize(text);
            lexicon.cues.longest_at(&tokens, 0).map(|h| h.tag)
        };
        assert_eq!(hit("zebra stripes"), Some(Cue::Risk(2)));
        assert_eq!(hit("nausea"), None, "strong risks were replaced");
        assert_eq!(hit("concerns"), Some(Cue::Risk(1)), "weak risks were kept");
    }

    #[test]
    fn a_broken_user_file_is_an_error() {
        assert!(Lexicon::from_toml(Some("[risk\n")).is_err());
        assert!(Lexicon::from_toml(Some("[risk]\nstrong = 3\n")).is_err());
    }
}
