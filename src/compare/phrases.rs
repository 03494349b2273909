//! Words and phrases: the tokeniser every compare module shares, and phrase patterns
//! ("side effect*", "lack of") matched on whole words. Knows no lexicon and no article.

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
#[derive(Debug, Clone)]
pub struct PhraseSet<T> {
    phrases: Vec<(Phrase, T)>,
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet {
            phrases: Vec::new(),
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
        if let Some(phrase) = Phrase::parse(pattern) {
            self.phrases.push((phrase, tag));
        }
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
        let mut best: Option<(usize, &T)> = None;
        for (phrase, tag) in &self.phrases {
            if best.is_none_or(|(len, _)| phrase.len() > len) && phrase.matches_at(tokens, at) {
                best = Some((phrase.len(), tag));
            }
        }
        best.map(|(len, tag)| Hit {
            start: at,
            end: at + len,
            tag: tag.clone(),
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
