//! Every benefit and risk the articles state, grouped by topic, with how many sources
//! agree: statements → classification → topics → agreement. Pure data for the CLI and the
//! reader's view; it prints and draws nothing.
//!
//! The reader's view calls [`compare`] once per corpus (or [`Comparison::restricted_to`]
//! for the `f` source filter), draws [`Comparison::topics`] as rows of two columns and
//! [`Comparison::coverage`] as the grid, and jumps with an entry's [`Location`]s.
//! How statements are read, the lexicon override and the JSON shape: the README's compare
//! section.

pub mod agreement;
pub mod classify;
pub mod learned;
pub mod lexicon;
pub mod phrases;
pub mod statements;
pub mod topics;
mod weights_file;

use std::collections::BTreeSet;
use std::ops::Range;

use crate::corpus::Corpus;

pub use classify::{classify, classify_by_rules, Classification, Verdict};
pub use lexicon::{Lexicon, Taxonomy, OTHER_TOPIC};
pub use statements::Statement;

/// The data a comparison is made with: the cue lexicon and the topic taxonomy.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub lexicon: Lexicon,
    pub taxonomy: Taxonomy,
}

/// One statement with its reading.
#[derive(Debug, Clone)]
pub struct Classified {
    pub statement: Statement,
    pub source_id: String,
    /// Title of the statement's section; None for the lead.
    pub section_title: Option<String>,
    pub classification: Classification,
    /// Index into the taxonomy, None for "Other".
    pub topic: Option<usize>,
    words: BTreeSet<String>,
}

/// Where a statement is: enough for the reader to jump to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Index of the source in the corpus.
    pub source: usize,
    pub source_id: String,
    /// Reading-order section index (as `Source::flat_sections`); None for the lead.
    pub section: Option<usize>,
    pub section_title: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
    /// This source's own wording.
    pub text: String,
}

/// One benefit or one risk, as stated by one or more sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The representative statement, as written.
    pub text: String,
    /// When the representative stands in both columns: the clause this column is about
    /// (byte range into `text`), to be emphasised.
    pub emphasis: Option<Range<usize>>,
    /// Every statement merged into this entry; the representative first.
    pub locations: Vec<Location>,
    /// Ids of the sources that agree, in corpus order, each once.
    pub sources: Vec<String>,
}

impl Entry {
    /// How many sources say this.
    pub fn source_count(&self) -> usize {
        self.sources.len()
    }

    /// The representative's location.
    pub fn primary(&self) -> Option<&Location> {
        self.locations.first()
    }
}

/// A topic's two columns, broadest agreement first in each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicRow {
    pub name: String,
    pub benefits: Vec<Entry>,
    pub risks: Vec<Entry>,
}

impl TopicRow {
    /// Ids of every source that speaks to this topic, in corpus order.
    pub fn sources(&self, all: &[String]) -> Vec<String> {
        let speaking: std::collections::HashSet<&str> = self
            .benefits
            .iter()
            .chain(&self.risks)
            .flat_map(|e| e.sources.iter().map(String::as_str))
            .collect();
        all.iter()
            .filter(|id| speaking.contains(id.as_str()))
            .cloned()
            .collect()
    }
}

/// How one source speaks to one topic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    pub benefits: usize,
    pub risks: usize,
}

/// The direction a cell reads at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    Silent,
    Benefit,
    Risk,
    Both,
}

impl Cell {
    pub fn stance(&self) -> Stance {
        match (self.benefits > 0, self.risks > 0) {
            (false, false) => Stance::Silent,
            (true, false) => Stance::Benefit,
            (false, true) => Stance::Risk,
            (true, true) => Stance::Both,
        }
    }
}

/// Topics × sources: which source speaks to which topic, in which direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub topics: Vec<String>,
    pub sources: Vec<String>,
    /// `cells[topic][source]`, in the order of `topics` and `sources`.
    pub cells: Vec<Vec<Cell>>,
}

/// The whole comparison of a corpus.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Source ids in corpus order.
    pub sources: Vec<String>,
    /// Topics that have at least one entry; most sources first, "Other" last.
    pub topics: Vec<TopicRow>,
    /// Every statement with its reading, in corpus and reading order.
    pub statements: Vec<Classified>,
    topic_names: Vec<String>,
}

/// Why a topic name did not pick one topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicLookup {
    NotFound,
    Ambiguous(Vec<String>),
}

/// Reads, classifies, assigns topics to and groups every statement of the corpus.
pub fn compare(corpus: &Corpus, config: &Config) -> Comparison {
    let normaliser =
        agreement::Normaliser::new(&config.lexicon.stopwords, &config.lexicon.synonyms);
    let classify_source = |index: usize| {
        let source = &corpus.sources[index];
        let sections = source.flat_sections();
        statements::statements(index, source)
            .into_iter()
            .map(|statement| {
                let classification = classify(&statement, &config.lexicon);
                let topic =
                    topics::primary_topic(&statement.text, statement.label_len, &config.taxonomy);
                Classified {
                    source_id: source.id.clone(),
                    section_title: statement
                        .section
                        .and_then(|i| sections.get(i))
                        .map(|r| r.section.title.clone()),
                    words: normaliser.content_words(&statement.text),
                    statement,
                    classification,
                    topic,
                }
            })
            .collect::<Vec<_>>()
    };
    let classified: Vec<Classified> =
        crate::parallel::map_in_order(corpus.sources.len(), 8, classify_source)
            .into_iter()
            .flatten()
            .collect();
    let sources: Vec<String> = corpus.sources.iter().map(|s| s.id.clone()).collect();
    let mut comparison = Comparison {
        sources,
        topics: Vec::new(),
        statements: classified,
        topic_names: config.taxonomy.names.clone(),
    };
    comparison.topics = comparison.rows(|_| true);
    comparison
}

/// Which column an entry is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Benefits,
    Risks,
}

impl Comparison {
    /// The same comparison, counting only the given sources (the view's source filter).
    pub fn restricted_to(&self, source_ids: &[&str]) -> Comparison {
        let mut restricted = Comparison {
            sources: self
                .sources
                .iter()
                .filter(|id| source_ids.contains(&id.as_str()))
                .cloned()
                .collect(),
            topics: Vec::new(),
            statements: self.statements.clone(),
            topic_names: self.topic_names.clone(),
        };
        restricted.topics = restricted.rows(|c| source_ids.contains(&c.source_id.as_str()));
        restricted
    }

    /// Names of every topic of the taxonomy, and "Other".
    pub fn topic_names(&self) -> Vec<String> {
        let mut names = self.topic_names.clone();
        names.push(OTHER_TOPIC.to_string());
        names
    }

    /// The row of the topic `key` names: exact name, else a unique part of one, ignoring
    /// case. A known topic with nothing in it gives an empty row.
    pub fn topic(&self, key: &str) -> Result<TopicRow, TopicLookup> {
        let key = key.trim().to_lowercase();
        let names = self.topic_names();
        let exact = names.iter().find(|n| n.to_lowercase() == key);
        let name = match exact {
            Some(name) => name.clone(),
            None => {
                let matches: Vec<&String> = names
                    .iter()
                    .filter(|n| !key.is_empty() && n.to_lowercase().contains(&key))
                    .collect();
                match matches.as_slice() {
                    [one] => (*one).clone(),
                    [] => return Err(TopicLookup::NotFound),
                    many => {
                        return Err(TopicLookup::Ambiguous(
                            many.iter().map(|n| n.to_string()).collect(),
                        ))
                    }
                }
            }
        };
        Ok(self
            .topics
            .iter()
            .find(|row| row.name == name)
            .cloned()
            .unwrap_or(TopicRow {
                name,
                benefits: Vec::new(),
                risks: Vec::new(),
            }))
    }

    /// Topics × sources, rows in the order of `topics`.
    pub fn coverage(&self) -> Coverage {
        let cells = self
            .topics
            .iter()
            .map(|row| {
                self.sources
                    .iter()
                    .map(|id| Cell {
                        benefits: count_locations(&row.benefits, id),
                        risks: count_locations(&row.risks, id),
                    })
                    .collect()
            })
            .collect();
        Coverage {
            topics: self.topics.iter().map(|r| r.name.clone()).collect(),
            sources: self.sources.clone(),
            cells,
        }
    }

    fn topic_name(&self, topic: Option<usize>) -> String {
        topic
            .and_then(|i| self.topic_names.get(i))
            .cloned()
            .unwrap_or_else(|| OTHER_TOPIC.to_string())
    }

    fn rows(&self, keep: impl Fn(&Classified) -> bool) -> Vec<TopicRow> {
        let mut rows: Vec<TopicRow> = Vec::new();
        for column in [Column::Benefits, Column::Risks] {
            let members: Vec<&Classified> = self
                .statements
                .iter()
                .filter(|c| keep(c))
                .filter(|c| match column {
                    Column::Benefits => c.classification.benefit.is_some(),
                    Column::Risks => c.classification.risk.is_some(),
                })
                .collect();
            let words: Vec<BTreeSet<String>> = members.iter().map(|c| c.words.clone()).collect();
            let topics: Vec<Option<usize>> = members.iter().map(|c| c.topic).collect();
            for group in agreement::group(&words, &topics) {
                let lead = agreement::representative(&group, &words);
                let topic = majority_topic(&group, lead, &members);
                let entry = self.entry(&group, lead, &members, column);
                let name = self.topic_name(topic);
                let row = match rows.iter().position(|r| r.name == name) {
                    Some(i) => &mut rows[i],
                    None => {
                        rows.push(TopicRow {
                            name,
                            benefits: Vec::new(),
                            risks: Vec::new(),
                        });
                        rows.last_mut().expect("just pushed")
                    }
                };
                match column {
                    Column::Benefits => row.benefits.push(entry),
                    Column::Risks => row.risks.push(entry),
                }
            }
        }
        let order = |entry: &Entry| {
            let first = entry.primary().map(|l| (l.source, l.line));
            (std::cmp::Reverse(entry.source_count()), first)
        };
        for row in &mut rows {
            row.benefits.sort_by_key(order);
            row.risks.sort_by_key(order);
        }
        let taxonomy_index = |name: &str| {
            self.topic_names
                .iter()
                .position(|n| n == name)
                .unwrap_or(usize::MAX)
        };
        rows.sort_by_cached_key(|row| {
            (
                row.name == OTHER_TOPIC,
                std::cmp::Reverse(row.sources(&self.sources).len()),
                std::cmp::Reverse(row.benefits.len() + row.risks.len()),
                taxonomy_index(&row.name),
            )
        });
        rows
    }

    fn entry(
        &self,
        group: &[usize],
        lead: usize,
        members: &[&Classified],
        column: Column,
    ) -> Entry {
        let mut ordered: Vec<usize> = vec![lead];
        ordered.extend(group.iter().copied().filter(|&m| m != lead));
        let locations: Vec<Location> = ordered
            .iter()
            .map(|&m| {
                let c = members[m];
                Location {
                    source: c.statement.source,
                    source_id: c.source_id.clone(),
                    section: c.statement.section,
                    section_title: c.section_title.clone(),
                    line: c.statement.line,
                    text: c.statement.text.clone(),
                }
            })
            .collect();
        let sources = self
            .sources
            .iter()
            .filter(|id| locations.iter().any(|l| &l.source_id == *id))
            .cloned()
            .collect();
        let representative = &members[lead].classification;
        let emphasis = match column {
            Column::Benefits => representative.benefit.clone().flatten(),
            Column::Risks => representative.risk.clone().flatten(),
        };
        Entry {
            text: members[lead].statement.text.clone(),
            emphasis,
            locations,
            sources,
        }
    }
}

/// The shortest prefix of each id (at least three characters) that no other id shares.
pub fn badges(ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            let chars: Vec<char> = id.chars().collect();
            let mut len = chars.len().min(3);
            loop {
                let prefix: String = chars[..len].iter().collect();
                let clash = ids
                    .iter()
                    .any(|other| other != id && other.starts_with(&prefix));
                if !clash || len >= chars.len() {
                    return prefix;
                }
                len += 1;
            }
        })
        .collect()
}

fn count_locations(entries: &[Entry], source_id: &str) -> usize {
    entries
        .iter()
        .flat_map(|e| &e.locations)
        .filter(|l| l.source_id == source_id)
        .count()
}

/// The topic most members have; the representative's topic breaks a tie.
fn majority_topic(group: &[usize], lead: usize, members: &[&Classified]) -> Option<usize> {
    let lead_topic = members[lead].topic;
    let count = |topic: Option<usize>| group.iter().filter(|&&m| members[m].topic == topic).count();
    let mut best = (lead_topic, count(lead_topic));
    for &m in group {
        let topic = members[m].topic;
        let n = count(topic);
        if n > best.1 {
            best = (topic, n);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Origin};
    use crate::model::parse_plain_text;

    fn corpus(texts: &[&str]) -> Corpus {
        Corpus {
            sources: texts
                .iter()
                .enumerate()
                .map(|(i, t)| parse_plain_text(&format!("s{i}"), &format!("s{i}.txt"), t))
                .collect(),
            warnings: Vec::new(),
            origin: Origin::Embedded,
        }
    }

    const A: &str = "Tea For Sleep\nBenefits of Tea\n- Quick Relief: Tea may provide relief within hours.\nRisks of Tea\n- Cost: Tea can be expensive and is not covered by insurance.\n";
    const B: &str = "Another Tea Article\nSome patients say tea can provide relief within hours for many.\nDownsides\nCommon side effects include nausea and dizziness.\n";

    #[test]
    fn agreeing_statements_merge_with_all_their_sources() {
        let comparison = compare(&corpus(&[A, B]), &Config::default());
        let speed = comparison.topic("speed").expect("topic");
        let merged = speed.benefits.first().expect("a benefit");
        assert_eq!(merged.sources, vec!["s0".to_string(), "s1".to_string()]);
        assert_eq!(merged.locations.len(), 2);
        assert!(comparison.topic("cost").expect("cost").risks.len() == 1);
        let only_b = comparison.restricted_to(&["s1"]);
        let speed = only_b.topic("speed").expect("topic");
        assert_eq!(speed.benefits[0].sources, vec!["s1".to_string()]);
        assert!(only_b.topic("cost").expect("cost").risks.is_empty());
    }

    #[test]
    fn a_statement_with_both_sides_stands_in_both_columns_with_its_clauses() {
        let text = "Tea Notes\nSome find tea brings relief within hours, but the effect often fades within a day.\n";
        let comparison = compare(&corpus(&[text]), &Config::default());
        let entries: Vec<(&Entry, bool)> = comparison
            .topics
            .iter()
            .flat_map(|row| {
                row.benefits
                    .iter()
                    .map(|e| (e, true))
                    .chain(row.risks.iter().map(|e| (e, false)))
            })
            .collect();
        let benefit = entries.iter().find(|(_, b)| *b).expect("in the benefits").0;
        let risk = entries.iter().find(|(_, b)| !*b).expect("in the risks").0;
        let clause = |e: &Entry| e.emphasis.clone().map(|r| e.text[r].to_string());
        assert!(clause(benefit)
            .expect("emphasis")
            .contains("relief within hours"));
        assert!(clause(risk).expect("emphasis").contains("fades"));
    }

    #[test]
    fn coverage_marks_direction_per_source() {
        let comparison = compare(&corpus(&[A, B]), &Config::default());
        let grid = comparison.coverage();
        let row = grid
            .topics
            .iter()
            .position(|t| t == "Cost and access")
            .expect("row");
        assert_eq!(grid.cells[row][0].stance(), Stance::Risk);
        assert_eq!(grid.cells[row][1].stance(), Stance::Silent);
    }

    #[test]
    fn badges_are_short_and_unique() {
        let ids: Vec<String> = ["000_abc", "001_def", "notes", "notebook"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(badges(&ids), ["000", "001", "notes", "noteb"]);
    }

    #[test]
    fn topic_lookup_by_unique_part() {
        let comparison = compare(&corpus(&[A]), &Config::default());
        assert!(comparison.topic("SIDE eff").is_ok());
        assert_eq!(comparison.topic("zzz"), Err(TopicLookup::NotFound));
        assert!(matches!(
            comparison.topic("and"),
            Err(TopicLookup::Ambiguous(_))
        ));
    }
}
