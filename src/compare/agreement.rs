//! Whether two statements say the same thing: shared content words after normalising,
//! light stemming and dropping stopwords (Dice coefficient), and grouping by it.
//! Explainable on purpose: `shared_words` shows why two statements were merged.

use std::collections::{BTreeSet, HashMap};

use super::phrases::tokenize;

/// Two statements agree when their content words overlap at least this much (Dice) and
/// share at least `MIN_SHARED` words. Tested in the unit tests below on pairs that should
/// and should not merge.
pub const THRESHOLD: f32 = 0.34;
pub const MIN_SHARED: usize = 3;

/// Content words of statements, ready for comparison.
#[derive(Debug, Clone)]
pub struct Normaliser<'a> {
    stopwords: BTreeSet<&'a str>,
    synonyms: &'a HashMap<String, String>,
}

impl<'a> Normaliser<'a> {
    pub fn new(stopwords: &'a [String], synonyms: &'a HashMap<String, String>) -> Self {
        Normaliser {
            stopwords: stopwords.iter().map(String::as_str).collect(),
            synonyms,
        }
    }

    /// The set of stemmed content words of `text`.
    pub fn content_words(&self, text: &str) -> BTreeSet<String> {
        tokenize(text)
            .into_iter()
            .filter(|t| t.is_word())
            .map(|t| t.norm.trim_end_matches("'s").to_string())
            .filter(|w| w.chars().count() > 1 && !self.stopwords.contains(w.as_str()))
            .map(|w| match self.synonyms.get(&w) {
                Some(same) => same.clone(),
                None => w,
            })
            .map(|w| stem(&w))
            .filter(|w| !self.stopwords.contains(w.as_str()))
            .collect()
    }
}

/// A light suffix stripper: enough to make "effects"/"effect", "reduces"/"reducing"/"reduce",
/// "improvements"/"improved" meet. Not a linguistic stemmer, and not meant to be.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    for suffix in [
        "ments", "ment", "ness", "ingly", "ing", "edly", "ed", "ies", "es", "s", "ly", "e",
    ] {
        if w.len() > suffix.len() + 3 && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            if suffix == "ies" {
                w.push('y');
            }
            break;
        }
    }
    w
}

/// Dice coefficient of two word sets, and the number of shared words.
pub fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> (f32, usize) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0);
    }
    dice(a.intersection(b).count(), a.len(), b.len())
}

/// Dice coefficient of two non-empty sets of these sizes sharing `shared` words, and that
/// number.
fn dice(shared: usize, a_len: usize, b_len: usize) -> (f32, usize) {
    (2.0 * shared as f32 / (a_len + b_len) as f32, shared)
}

/// The rule of [`agree`] and [`agree_on_topic`] on a [`similarity`].
fn similar_enough((score, shared): (f32, usize), same_topic: bool) -> bool {
    let anywhere = score >= THRESHOLD && shared >= MIN_SHARED;
    anywhere || (same_topic && score >= TOPIC_THRESHOLD && shared >= TOPIC_MIN_SHARED)
}

/// Within one topic less overlap is needed: the topic already says what both are about.
pub const TOPIC_THRESHOLD: f32 = 0.25;
pub const TOPIC_MIN_SHARED: usize = 2;

/// True when the two word sets say the same thing by the rule above.
pub fn agree(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    similar_enough(similarity(a, b), false)
}

/// Like [`agree`], for two statements already known to share a topic.
pub fn agree_on_topic(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    similar_enough(similarity(a, b), true)
}

/// The words two statements share, for explaining a merge.
pub fn shared_words(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Vec<String> {
    a.intersection(b).cloned().collect()
}

/// Groups items greedily in the order given: each joins the first group it agrees with
/// (with every member, so groups do not drift by chaining) or starts a new one.
pub fn group(words: &[BTreeSet<String>], topics: &[Option<usize>]) -> Vec<Vec<usize>> {
    let (sets, vocabulary) = numbered(words.iter());
    let same_topic = |a: usize, b: usize| {
        topics
            .get(a)
            .is_some_and(|t| t.is_some() && topics.get(b) == Some(t))
    };
    let similar = |a: usize, b: usize, shared: usize| {
        !sets[a].is_empty()
            && !sets[b].is_empty()
            && similar_enough(dice(shared, sets[a].len(), sets[b].len()), same_topic(a, b))
    };
    let agrees = |a: usize, b: usize| similar(a, b, shared_count(&sets[a], &sets[b]));
    // A group takes an item only if its first member agrees with it. An index from words to
    // the groups whose first member has them counts the words each group's first member
    // shares with the item, which is all that agreement needs besides the sizes: a corpus of
    // thousands of statements would otherwise compare each with every group.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // Per group, one member for each different (words, topic): members alike in both agree
    // with the same items, and a statement repeated across many articles would otherwise
    // be weighed once per copy.
    let mut unlike: Vec<Vec<usize>> = Vec::new();
    let mut groups_by_word: Vec<Vec<usize>> = vec![Vec::new(); vocabulary];
    let mut shared_with: Vec<usize> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    for i in 0..sets.len() {
        for &word in &sets[i] {
            for &g in &groups_by_word[word] {
                if shared_with[g] == 0 {
                    touched.push(g);
                }
                shared_with[g] += 1;
            }
        }
        let mut candidates: Vec<usize> = touched
            .iter()
            .copied()
            .filter(|&g| similar(groups[g][0], i, shared_with[g]))
            .collect();
        candidates.sort_unstable();
        let home = candidates
            .into_iter()
            .find(|&g| unlike[g][1..].iter().all(|&m| agrees(m, i)));
        for g in touched.drain(..) {
            shared_with[g] = 0;
        }
        match home {
            Some(g) => {
                groups[g].push(i);
                let alike = |&m: &usize| topics.get(m) == topics.get(i) && sets[m] == sets[i];
                if !unlike[g].iter().any(alike) {
                    unlike[g].push(i);
                }
            }
            None => {
                for &word in &sets[i] {
                    groups_by_word[word].push(groups.len());
                }
                groups.push(vec![i]);
                unlike.push(vec![i]);
                shared_with.push(0);
            }
        }
    }
    groups
}

/// The word sets with each word as a number, each list sorted, and how many words there
/// are: comparing two statements is then a merge of two short lists of integers.
fn numbered<'a>(sets: impl Iterator<Item = &'a BTreeSet<String>>) -> (Vec<Vec<usize>>, usize) {
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let numbered = sets
        .map(|set| {
            let mut numbered: Vec<usize> = set
                .iter()
                .map(|word| {
                    let next = numbers.len();
                    *numbers.entry(word.as_str()).or_insert(next)
                })
                .collect();
            numbered.sort_unstable();
            numbered
        })
        .collect();
    (numbered, numbers.len())
}

/// How many numbers two sorted lists share.
fn shared_count(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// The member most similar to the others (the first among equals).
pub fn representative(members: &[usize], words: &[BTreeSet<String>]) -> usize {
    // Each different word set is compared with the others once, one row at a time; every
    // member adds up its similarities from its set's row in the order it always did, so
    // the totals, and the member that wins a tie, stay the same to the last bit. A
    // statement repeated in hundreds of articles costs one row, not hundreds.
    let mut kind_numbers: HashMap<&BTreeSet<String>, usize> = HashMap::new();
    let mut kinds: Vec<&BTreeSet<String>> = Vec::new();
    let mut members_of_kind: Vec<Vec<usize>> = Vec::new();
    let mut kind_of: Vec<usize> = Vec::with_capacity(members.len());
    for (at, &m) in members.iter().enumerate() {
        let kind = *kind_numbers.entry(&words[m]).or_insert_with(|| {
            kinds.push(&words[m]);
            members_of_kind.push(Vec::new());
            kinds.len() - 1
        });
        kind_of.push(kind);
        members_of_kind[kind].push(at);
    }
    let (sets, _) = numbered(kinds.into_iter());
    let closeness = |a: &[usize], b: &[usize]| {
        if a.is_empty() || b.is_empty() {
            0.0
        } else {
            dice(shared_count(a, b), a.len(), b.len()).0
        }
    };
    let mut totals = vec![0.0f32; members.len()];
    for (set, positions) in sets.iter().zip(&members_of_kind) {
        let row: Vec<f32> = sets.iter().map(|other| closeness(set, other)).collect();
        for &at in positions {
            totals[at] = members
                .iter()
                .zip(&kind_of)
                .filter(|&(&o, _)| o != members[at])
                .map(|(_, &other)| row[other])
                .sum();
        }
    }
    let mut best = (members.first().copied().unwrap_or(0), f32::MIN);
    for (&m, &total) in members.iter().zip(&totals) {
        if total > best.1 {
            best = (m, total);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::lexicon::Lexicon;

    fn agree_text(a: &str, b: &str) -> bool {
        let lexicon = Lexicon::default();
        let n = Normaliser::new(&lexicon.stopwords, &lexicon.synonyms);
        agree(&n.content_words(a), &n.content_words(b))
    }

    #[test]
    fn stemming_meets_common_endings() {
        assert_eq!(stem("effects"), stem("effect"));
        assert_eq!(stem("reduces"), stem("reducing"));
        assert_eq!(stem("improvements"), stem("improvement"));
    }

    #[test]
    fn the_same_claim_in_other_words_agrees() {
        assert!(agree_text(
            "Unlike older antidepressants that take weeks, it may provide relief within hours.",
            "It can bring quick relief within hours, unlike pills that need weeks."
        ));
        assert!(agree_text(
            "It can be misused recreationally, leading to dependence.",
            "Recreational misuse can lead to dependency."
        ));
    }

    #[test]
    fn different_claims_on_one_subject_do_not() {
        assert!(!agree_text(
            "It may provide relief within hours.",
            "It may raise blood pressure for an hour."
        ));
        assert!(!agree_text(
            "Insurance rarely covers the sessions.",
            "Nausea and dizziness are common side effects."
        ));
    }

    #[test]
    fn the_threshold_sits_between_near_and_far_pairs() {
        let lexicon = Lexicon::default();
        let n = Normaliser::new(&lexicon.stopwords, &lexicon.synonyms);
        let near = similarity(
            &n.content_words("Common side effects include nausea and dizziness."),
            &n.content_words("Side effects such as nausea, headache and dizziness occur."),
        );
        let far = similarity(
            &n.content_words("Common side effects include nausea and dizziness."),
            &n.content_words("Long-term side effects on memory are unknown."),
        );
        assert!(near.0 >= THRESHOLD, "near pair scored {near:?}");
        assert!(far.0 < THRESHOLD, "far pair scored {far:?}");
    }

    #[test]
    fn a_shared_topic_lowers_the_bar_a_little() {
        let lexicon = Lexicon::default();
        let n = Normaliser::new(&lexicon.stopwords, &lexicon.synonyms);
        let a = n.content_words("Patients often feel rapid relief from their symptoms.");
        let b =
            n.content_words("Many describe rapid relief that arrives before any pill would work.");
        assert!(!agree(&a, &b));
        assert!(agree_on_topic(&a, &b));
        let c = n.content_words("Nausea and dizziness are common afterwards.");
        assert!(!agree_on_topic(&a, &c));
        let topics = [Some(0), Some(0), Some(0)];
        assert_eq!(
            group(&[a.clone(), b.clone(), c.clone()], &topics),
            vec![vec![0, 1], vec![2]]
        );
        assert_eq!(group(&[a, b, c], &[Some(0), Some(1), None]).len(), 3);
    }

    #[test]
    fn groups_do_not_chain() {
        let sets: Vec<BTreeSet<String>> = [
            vec!["a", "b", "c", "d"],
            vec!["b", "c", "d", "e"],
            vec!["c", "d", "e", "f"],
        ]
        .iter()
        .map(|ws| ws.iter().map(|w| w.to_string()).collect())
        .collect();
        let groups = group(&sets, &[None, None, None]);
        assert_eq!(groups, vec![vec![0, 1], vec![2]]);
        assert_eq!(representative(&groups[0], &sets), 0);
    }

    /// The grouping rule as the doc states it, with nothing skipped: each item joins the
    /// first group all of whose members agree with it.
    fn group_by_definition(
        words: &[BTreeSet<String>],
        topics: &[Option<usize>],
    ) -> Vec<Vec<usize>> {
        let agrees = |a: usize, b: usize| {
            if topics[a].is_some() && topics[a] == topics[b] {
                agree_on_topic(&words[a], &words[b])
            } else {
                agree(&words[a], &words[b])
            }
        };
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for i in 0..words.len() {
            match groups.iter_mut().find(|g| g.iter().all(|&m| agrees(m, i))) {
                Some(members) => members.push(i),
                None => groups.push(vec![i]),
            }
        }
        groups
    }

    fn word_sets(lists: &[&[&str]]) -> Vec<BTreeSet<String>> {
        lists
            .iter()
            .map(|ws| ws.iter().map(|w| w.to_string()).collect())
            .collect()
    }

    #[test]
    fn copies_of_a_statement_join_one_group_and_the_first_copy_leads_it() {
        let sets = word_sets(&[
            &["relief", "within", "hours", "infusion"],
            &["rapid", "relief", "within", "hours"],
            &["rapid", "relief", "within", "hours"],
            &["rapid", "relief", "within", "hours"],
            &["nausea", "dizziness", "common"],
        ]);
        let groups = group(&sets, &[None; 5]);
        assert_eq!(groups, vec![vec![0, 1, 2, 3], vec![4]]);
        assert_eq!(
            representative(&groups[0], &sets),
            1,
            "three copies outweigh one"
        );
        assert_eq!(representative(&[2, 3, 1], &sets), 2, "first among equals");
        assert_eq!(representative(&[], &[]), 0, "no members, no panic");
    }

    /// The lead as the doc states it, with nothing shared between members.
    fn representative_by_definition(members: &[usize], words: &[BTreeSet<String>]) -> usize {
        let mut best = (members.first().copied().unwrap_or(0), f32::MIN);
        for &m in members {
            let total: f32 = members
                .iter()
                .filter(|&&o| o != m)
                .map(|&o| similarity(&words[m], &words[o]).0)
                .sum();
            if total > best.1 {
                best = (m, total);
            }
        }
        best.0
    }

    #[test]
    fn a_tie_between_two_statements_goes_to_the_member_that_always_won_it() {
        // Three copies each of two statements sharing 3 of 5 words: the totals tie but
        // for rounding, and rounding must fall the same way it always did.
        let infusions = ["infusion", "bring", "rapid", "relief", "veteran"];
        let tablets = ["tablet", "bring", "rapid", "relief", "mother"];
        let sets = word_sets(&[
            &infusions, &infusions, &tablets, &infusions, &tablets, &tablets,
        ]);
        let members: Vec<usize> = (0..6).collect();
        assert_eq!(
            representative(&members, &sets),
            representative_by_definition(&members, &sets)
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn grouping_skips_only_groups_that_cannot_agree(
            items in proptest::collection::vec(
                (proptest::collection::btree_set("[a-h]", 0..6), proptest::option::of(0usize..2)),
                0..40,
            )
        ) {
            let (words, topics): (Vec<BTreeSet<String>>, Vec<Option<usize>>) =
                items.into_iter().unzip();
            let groups = group(&words, &topics);
            proptest::prop_assert_eq!(&groups, &group_by_definition(&words, &topics));
            for members in &groups {
                proptest::prop_assert_eq!(
                    representative(members, &words),
                    representative_by_definition(members, &words)
                );
            }
        }
    }
}
