//! Words and phrases: the tokeniser every compare module shares, and phrase patterns
//! ("side effect*", "lack of") matched on whole words. Knows no lexicon and no article.

use std::collections::HashMap;

/// A word or a clause-breaking punctuation mark, with its byte range in the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-cased, curly apostrophes straightened; punctuation tokens hold the mark itself.
    pub norm: String,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.norm.chars().next().is_some_and(char::is_alphanumeric)
    }
}

/// Punctuation that separates clauses; kept as tokens so phrases never match across it.
fn is_clause_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–' | '.' | '!' | '?')
}

/// Splits text into word tokens and clause marks. Hyphens and other symbols separate
/// words; an apostrophe inside a word stays ("haven't", "ketamine's").
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let flush = |current: &mut Option<(usize, String)>, end: usize, tokens: &mut Vec<Token>| {
        if let Some((start, norm)) = current.take() {
            let norm = norm.trim_end_matches('\'').to_string();
            if !norm.is_empty() {
                tokens.push(Token { norm, start, end });
            }
        }
    };
    for (n, &(i, c)) in chars.iter().enumerate() {
        let c = if matches!(c, '’' | '‘' | 'ʼ') {
            '\''
        } else {
            c
        };
        if c.is_alphanumeric() {
            let entry = current.get_or_insert_with(|| (i, String::new()));
            entry.1.extend(c.to_lowercase());
            continue;
        }
        let inside_word = c == '\''
            && current.is_some()
            && chars
                .get(n + 1)
                .is_some_and(|&(_, next)| next.is_alphanumeric());
        if inside_word {
            if let Some((_, norm)) = current.as_mut() {
                norm.push('\'');
            }
            continue;
        }
        flush(&mut current, i, &mut tokens);
        if is_clause_mark(c) {
            tokens.push(Token {
                norm: c.to_string(),
                start: i,
                end: i + c.len_utf8(),
            });
        }
    }
    flush(&mut current, text.len(), &mut tokens);
    tokens
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct WordPattern {
    text: String,
    prefix: bool,
}

impl WordPattern {
    fn is_word(&self) -> bool {
        self.text.is_empty() || self.text.chars().next().is_some_and(char::is_alphanumeric)
    }

    fn matches(&self, word: &str) -> bool {
        if self.prefix {
            word.starts_with(&self.text)
        } else {
            word == self.text
        }
    }
}

/// One phrase pattern: words separated by spaces; a word ending in `*` matches any ending,
/// a lone `*` matches any one word. Hyphens split words as in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    words: Vec<WordPattern>,
}

impl Phrase {
    pub fn parse(pattern: &str) -> Option<Phrase> {
        let spaced = pattern.replace(',', " , ");
        let words: Vec<WordPattern> = spaced
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let w = w.replace(['’', '‘'], "'").to_lowercase();
                match w.strip_suffix('*') {
                    Some(stem) => WordPattern {
                        text: stem.to_string(),
                        prefix: true,
                    },
                    None => WordPattern {
                        text: w,
                        prefix: false,
                    },
                }
            })
            .collect();
        (!words.is_empty()).then_some(Phrase { words })
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// True when the phrase matches the tokens starting at `at`.
    pub fn matches_at(&self, tokens: &[Token], at: usize) -> bool {
        self.words.len() <= tokens.len().saturating_sub(at)
            && self
                .words
                .iter()
                .zip(&tokens[at..])
                .all(|(pattern, token)| {
                    // Punctuation in a pattern matches only itself; words only words.
                    token.is_word() == pattern.is_word() && pattern.matches(&token.norm)
                })
    }
}

/// A set of phrases, each carrying a tag; matching prefers the longest phrase.
///
/// Phrases are indexed by how their first word can match, so a token is tried only
/// against phrases that could start there: a lexicon of thousands of phrases would
/// otherwise be walked whole at every token of every statement.
#[derive(Debug, Clone)]
pub struct PhraseSet<T> {
    phrases: Vec<(Phrase, T)>,
    /// Phrases whose first word is a whole word (or a mark), by that word.
    by_word: HashMap<String, Vec<usize>>,
    /// Phrases whose first word is a prefix ("addict*"), by the prefix's first character.
    by_initial: HashMap<char, Vec<usize>>,
    /// Phrases that start with a lone `*`, which any word starts.
    any_word: Vec<usize>,
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet {
            phrases: Vec::new(),
            by_word: HashMap::new(),
            by_initial: HashMap::new(),
            any_word: Vec::new(),
        }
    }
}

/// A phrase found in a token list: tokens `start..end`, with its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<T> {
    pub start: usize,
    pub end: usize,
    pub tag: T,
}

impl<T: Clone> PhraseSet<T> {
    pub fn add(&mut self, pattern: &str, tag: T) {
        let Some(phrase) = Phrase::parse(pattern) else {
            return;
        };
        let index = self.phrases.len();
        let first = &phrase.words[0];
        match (first.prefix, first.text.chars().next()) {
            (false, _) => self
                .by_word
                .entry(first.text.clone())
                .or_default()
                .push(index),
            (true, Some(initial)) => self.by_initial.entry(initial).or_default().push(index),
            (true, None) => self.any_word.push(index),
        }
        self.phrases.push((phrase, tag));
    }

    pub fn with(patterns: &[String], tag: T) -> Self {
        let mut set = PhraseSet::default();
        for pattern in patterns {
            set.add(pattern, tag.clone());
        }
        set
    }

    /// The longest phrase matching at `at` (the first listed among equals).
    pub fn longest_at(&self, tokens: &[Token], at: usize) -> Option<Hit<T>> {
        let token = tokens.get(at)?;
        let none: &[usize] = &[];
        let same_word = self.by_word.get(&token.norm).map_or(none, Vec::as_slice);
        let same_initial = token
            .norm
            .chars()
            .next()
            .and_then(|initial| self.by_initial.get(&initial))
            .map_or(none, Vec::as_slice);
        let candidates = same_word.iter().chain(same_initial).chain(&self.any_word);
        // (length, index): longer wins, then the one listed first.
        let mut best: Option<(usize, usize)> = None;
        for &index in candidates {
            let phrase = &self.phrases[index].0;
            let better = best.is_none_or(|(len, first)| {
                phrase.len() > len || (phrase.len() == len && index < first)
            });
            if better && phrase.matches_at(tokens, at) {
                best = Some((phrase.len(), index));
            }
        }
        best.map(|(len, index)| Hit {
            start: at,
            end: at + len,
            tag: self.phrases[index].1.clone(),
        })
    }

    /// Non-overlapping hits, scanning left to right and taking the longest at each point.
    pub fn scan(&self, tokens: &[Token]) -> Vec<Hit<T>> {
        let mut hits = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            match self.longest_at(tokens, at) {
                Some(hit) => {
                    at = hit.end;
                    hits.push(hit);
                }
                None => at += 1,
            }
        }
        hits
    }

    /// True when any phrase matches anywhere in `tokens`.
    pub fn any(&self, tokens: &[Token]) -> bool {
        (0..tokens.len()).any(|at| self.longest_at(tokens, at).is_some())
    }

    /// True when any phrase matches right at the first word of `tokens`.
    pub fn starts(&self, tokens: &[Token]) -> bool {
        tokens
            .iter()
            .position(Token::is_word)
            .is_some_and(|at| self.longest_at(tokens, at).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn tokens_split_hyphens_keep_apostrophes_and_mark_clauses() {
        assert_eq!(
            words("Fast-acting, it haven’t “worked”; ketamine's"),
            [
                "fast",
                "acting",
                ",",
                "it",
                "haven't",
                "worked",
                ";",
                "ketamine's"
            ]
        );
    }

    #[test]
    fn token_ranges_point_into_the_text() {
        let text = "Ça va, très bien";
        for token in tokenize(text) {
            assert_eq!(text[token.start..token.end].to_lowercase(), token.norm);
        }
    }

    #[test]
    fn prefix_words_and_longest_match() {
        let mut set = PhraseSet::default();
        set.add("side effect*", "risk");
        set.add("effect*", "neutral");
        let tokens = tokenize("Common side-effects include nausea");
        let hits = set.scan(&tokens);
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].start, hits[0].end, hits[0].tag), (1, 3, "risk"));
    }

    #[test]
    fn among_equally_long_phrases_the_first_listed_wins_whatever_its_first_word() {
        let tag_of = |patterns: &[(&str, &'static str)], text: &str| {
            let mut set = PhraseSet::default();
            for (pattern, tag) in patterns {
                set.add(pattern, *tag);
            }
            set.scan(&tokenize(text)).first().map(|hit| hit.tag)
        };
        let exact = ("side effects", "exact");
        let prefix = ("sid* effects", "prefix");
        let any = ("* effects", "any word");
        assert_eq!(
            tag_of(&[prefix, exact, any], "side effects"),
            Some("prefix")
        );
        assert_eq!(tag_of(&[exact, prefix, any], "side effects"), Some("exact"));
        assert_eq!(
            tag_of(&[any, exact, prefix], "side effects"),
            Some("any word")
        );
        assert_eq!(
            tag_of(&[any, ("side effects are", "longer")], "side effects are"),
            Some("longer")
        );
        assert_eq!(tag_of(&[exact, prefix], "seaside effects"), None);
        assert_eq!(
            tag_of(&[any], "nausea , effects"),
            None,
            "a mark is no word"
        );
    }

    #[test]
    fn a_comma_in_a_pattern_matches_a_comma() {
        let mut set = PhraseSet::default();
        set.add(", yet", ());
        assert!(set.any(&tokenize("slow, yet steady")));
        assert!(!set.any(&tokenize("not yet known")));
    }

    #[test]
    fn phrases_do_not_cross_punctuation() {
        let mut set = PhraseSet::default();
        set.add("relief within", ());
        assert!(!set.any(&tokenize("relief, within hours")));
        assert!(set.any(&tokenize("relief within hours")));
    }
}
