//! The fuzzy matching engine behind a small trait, so it can be swapped without touching
//! the index or the ranking. Only fuzzy terms go through it; exact kinds are plain text work.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

/// Scores how well `pattern` matches `text` as a fuzzy subsequence. Higher is better;
/// `None` means no match. Implementations must be cheap to call from several threads.
pub trait Matcher: Send + Sync {
    /// The score alone (the hot path: no positions are tracked).
    fn score(&self, text: &str, pattern: &str, case_sensitive: bool) -> Option<i64>;

    /// The score and the char indices of `text` that matched, for highlighting.
    fn indices(&self, text: &str, pattern: &str, case_sensitive: bool)
        -> Option<(i64, Vec<usize>)>;

    /// The score of a perfect match: the pattern found whole at the start of a word.
    /// Ranking divides by it to compare terms of different lengths.
    fn ideal(&self, pattern: &str, case_sensitive: bool) -> i64 {
        self.score(&format!(" {pattern}"), pattern, case_sensitive)
            .unwrap_or(1)
            .max(1)
    }
}

/// fuzzy-matcher's `SkimMatcherV2` (the algorithm of skim and, roughly, fzf v2).
pub struct SkimMatcher {
    ignore_case: SkimMatcherV2,
    respect_case: SkimMatcherV2,
}

impl Default for SkimMatcher {
    fn default() -> Self {
        SkimMatcher {
            ignore_case: SkimMatcherV2::default().ignore_case(),
            respect_case: SkimMatcherV2::default().respect_case(),
        }
    }
}

impl SkimMatcher {
    fn engine(&self, case_sensitive: bool) -> &SkimMatcherV2 {
        if case_sensitive {
            &self.respect_case
        } else {
            &self.ignore_case
        }
    }
}

impl Matcher for SkimMatcher {
    fn score(&self, text: &str, pattern: &str, case_sensitive: bool) -> Option<i64> {
        self.engine(case_sensitive).fuzzy_match(text, pattern)
    }

    fn indices(
        &self,
        text: &str,
        pattern: &str,
        case_sensitive: bool,
    ) -> Option<(i64, Vec<usize>)> {
        self.engine(case_sensitive).fuzzy_indices(text, pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_start_beats_mid_word() {
        let m = SkimMatcher::default();
        let whole = m.score("a nasal spray", "nasal", false).unwrap();
        let inside = m.score("an intranasal spray", "nasal", false).unwrap();
        assert!(whole > inside);
        assert!(m.score("xyz", "nasal", false).is_none());
    }

    #[test]
    fn dropped_letter_still_scores_close_to_ideal() {
        let m = SkimMatcher::default();
        let score = m
            .score("may experience dissociation", "dissociaton", false)
            .unwrap();
        assert!(score * 10 > m.ideal("dissociaton", false) * 8);
    }

    #[test]
    fn case_follows_the_flag() {
        let m = SkimMatcher::default();
        assert!(m.score("NMDA receptor", "nmda", false).is_some());
        assert!(m.score("nmda receptor", "NMDA", true).is_none());
        let (_, positions) = m.indices("a Spray", "spray", false).unwrap();
        assert_eq!(positions, vec![2, 3, 4, 5, 6]);
    }
}
