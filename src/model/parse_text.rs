//! Plain-text articles without markup → Source. Headings, lists, metadata and site furniture
//! are recognised by the shape of lines alone; nothing here knows any particular article.

use super::{
    inline::parse_inline, spans_text, Block, Boilerplate, ListItem, MetaLines, Section, Source,
};

/// The longest line, in words, that can still be a heading.
const MAX_HEADING_WORDS: usize = 16;
/// The longest single-paragraph section body that can be an intro to sub-sections.
const MAX_INTRO_WORDS: usize = 60;
/// How many opening lines may hold category, title and byline.
const META_WINDOW: usize = 6;

pub fn parse_plain_text(id: &str, path: &str, text: &str) -> Source {
    let lines: Vec<String> = text.split('\n').map(clean_line).collect();
    let mut taken = vec![false; lines.len()];

    let mut boilerplate = Vec::new();
    for index in furniture_lines(&lines) {
        taken[index] = true;
        boilerplate.push(Boilerplate {
            line: index + 1,
            text: lines[index].clone(),
        });
    }

    let meta = read_meta(&lines, &mut taken);
    let units = units(&lines, &taken);
    let nodes = classify(units);
    let (lead, sections) = build_tree(nodes);

    let readable = |t: &String| t.chars().any(char::is_alphanumeric);
    let title = meta
        .title
        .clone()
        .filter(readable)
        .or_else(|| first_heading(&sections).filter(readable))
        .or_else(|| first_sentence_title(&lead).filter(readable))
        .unwrap_or_else(|| id.to_string());

    Source {
        id: id.to_string(),
        path: path.to_string(),
        title,
        byline: meta.byline,
        category: meta.category,
        lead,
        sections,
        boilerplate,
        meta_lines: meta.lines,
    }
}

/// Trims a line and turns the exotic spaces web pages carry (NBSP, thin spaces…) into plain ones.
fn clean_line(line: &str) -> String {
    // A byte-order mark is invisible wherever a file or a copy-paste left it: edge space too.
    let invisible = |c: char| c.is_whitespace() || c == '\u{feff}';
    if !has_exotic_space(line.as_bytes()) {
        return line.trim_matches(invisible).to_string();
    }
    let cleaned: String = line
        .chars()
        .map(|c| match c {
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
            c => c,
        })
        .collect();
    cleaned.trim_matches(invisible).to_string()
}

/// NBSP (C2 A0), U+2000..=U+200A and U+202F (E2 80 ..), U+205F (E2 81 9F), U+3000 (E3 80 80):
/// found by their lead bytes without decoding the line.
fn has_exotic_space(bytes: &[u8]) -> bool {
    memchr::memchr3_iter(0xc2, 0xe2, 0xe3, bytes).any(|i| {
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (0xc2, Some(0xa0), _) => true,
            (0xe2, Some(0x80), Some(&c)) => (0x80..=0x8a).contains(&c) || c == 0xaf,
            (0xe2, Some(0x81), Some(0x9f)) => true,
            (0xe3, Some(0x80), Some(0x80)) => true,
            _ => false,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Line shapes

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// `- item`, `* item`, `• item`, `1. item`, `2) item`: returns (ordered, text after the marker).
fn list_marker(line: &str) -> Option<(bool, &str)> {
    for bullet in ["- ", "* ", "+ ", "• ", "◦ ", "▪ ", "‣ ", "– "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            let rest = rest.trim_start();
            return (!rest.is_empty()).then_some((false, rest));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            let rest = rest.trim_start();
            return (!rest.is_empty()).then_some((true, rest));
        }
    }
    None
}

/// A whole line in `**…**`, as articles without Markdown mark their headings.
fn bold_heading(line: &str) -> Option<&str> {
    let inner = line
        .strip_prefix("**")
        .and_then(|l| l.strip_suffix("**"))
        .or_else(|| line.strip_prefix("__").and_then(|l| l.strip_suffix("__")))?;
    let inner = inner.trim();
    let clean = !inner.is_empty() && !inner.contains("**") && !inner.contains("__");
    (clean && word_count(inner) <= MAX_HEADING_WORDS).then_some(inner.trim_end_matches(':'))
}

/// `## Heading` lines, which some plain-text articles keep from their Markdown origin.
fn hash_heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    let rest = line[level..]
        .strip_prefix(' ')?
        .trim()
        .trim_end_matches('#')
        .trim();
    ((1..=6).contains(&level) && !rest.is_empty()).then_some((level, rest))
}

/// `Step 2: Dosing`, `Tip 3 - …`, `Phase 1. …`: numbered steps that belong under a heading.
fn is_step_line(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let (Some(word), Some(number)) = (words.next(), words.next()) else {
        return false;
    };
    let capitalised = word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).all(char::is_lowercase)
        && word.chars().count() >= 3;
    // Chapters and parts structure a whole document; they are never children of a heading.
    let structural = matches!(
        word,
        "Chapter" | "Part" | "Section" | "Book" | "Volume" | "Appendix" | "Article"
    );
    let digits = number.trim_end_matches([':', '.', ')', '-']);
    let numbered = !digits.is_empty()
        && digits.len() <= 2
        && digits.chars().all(|c| c.is_ascii_digit())
        && (number.len() > digits.len() || matches!(words.next(), Some("-" | "–" | "—" | ":")));
    capitalised && !structural && numbered
}

const TRAILING_STOPWORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "by",
    "for",
    "from",
    "include",
    "includes",
    "including",
    "is",
    "like",
    "of",
    "or",
    "such",
    "than",
    "that",
    "the",
    "to",
    "were",
    "with",
];

/// A short line that could be a heading: few words, no closing punctuation, one sentence.
fn heading_shape(line: &str) -> bool {
    // Most lines are paragraphs; reject those before splitting them into words.
    if line.len() > 600 {
        return false;
    }
    let count = line.split_whitespace().take(MAX_HEADING_WORDS + 1).count();
    if count == 0 || count > MAX_HEADING_WORDS || line.chars().count() > 150 {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    // A closing quote does not hide the punctuation before it ("… she said.\"").
    let Some(last) = line
        .trim_end_matches(['"', '”', '’', '\''])
        .chars()
        .next_back()
    else {
        return false;
    };
    if matches!(last, '.' | ',' | ':' | ';' | '…' | '-' | '–' | '—' | '/') {
        return false;
    }
    let first_letter = line.chars().find(|c| c.is_alphanumeric());
    if first_letter.is_none_or(char::is_lowercase) {
        return false;
    }
    if line.contains("://") || line.starts_with("www.") {
        return false;
    }
    // "Common side effects include" is an unpunctuated intro; "What to Watch For" a heading,
    // and so are a question ("What is it used for?") and a wh-clause ("Who it applies to").
    let last_word = words[words.len() - 1].trim_matches(|c: char| !c.is_alphanumeric());
    if TRAILING_STOPWORDS.contains(&last_word) {
        // The stopwords are lowercase, so `last_word` is too from here on.
        let wh_clause = words.len() <= 8
            && ["what", "who", "when", "where", "why", "how", "which"]
                .iter()
                .any(|wh| words[0].eq_ignore_ascii_case(wh))
            && ![
                "and", "or", "the", "a", "an", "than", "that", "such", "include", "includes",
            ]
            .contains(&last_word);
        // A short line may strand its preposition ("Things to be aware of"); a wrapped line
        // of prose that stops at one ("… to prescribe it for") is longer.
        let stranded = words.len() <= 7
            && matches!(
                last_word,
                "of" | "for" | "from" | "to" | "with" | "about" | "like"
            );
        if !(last == '?' || wh_clause || stranded) {
            return false;
        }
    }
    !has_sentence_break(&words)
}

/// "Works fast. It helps" holds two sentences; "Dr. Smith" and "U.S. Approval" do not.
fn has_sentence_break(words: &[&str]) -> bool {
    words.windows(2).any(|pair| {
        let (word, next) = (pair[0], pair[1]);
        let ends_sentence = word.ends_with(['.', '!', '?'])
            && word
                .trim_end_matches(['.', '!', '?'])
                .chars()
                .filter(|c| c.is_alphabetic())
                .count()
                >= 3
            && word.chars().filter(|c| c.is_uppercase()).count() <= 1
            && !word.trim_end_matches('.').contains('.');
        ends_sentence
            && next
                .trim_start_matches(['"', '“', '‘', '\'', '('])
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    })
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '”', '’', '\'', ')', ']'])
        .ends_with(['.', '!', '?', '…'])
}

// ---------------------------------------------------------------------------------------------
// Site furniture

const MAX_FURNITURE_BYTES: usize = 250;
/// Longer than any phrase in FURNITURE_EXACT.
const MAX_EXACT_FURNITURE_BYTES: usize = 40;

const FURNITURE_EXACT: &[&str] = &[
    "about the author",
    "advertisement",
    "back to top",
    "comments",
    "contact us",
    "cookie policy",
    "email",
    "follow us",
    "join the conversation",
    "latest news",
    "leave a comment",
    "leave a reply",
    "more from",
    "most popular",
    "newsletter",
    "popular posts",
    "post a comment",
    "print",
    "privacy policy",
    "read more",
    "read next",
    "real time analytics",
    "recommended",
    "recommended for you",
    "related",
    "related articles",
    "related content",
    "related posts",
    "related stories",
    "share",
    "share this",
    "share this article",
    "share this post",
    "share this story",
    "sign up",
    "sponsored",
    "subscribe",
    "subscribe to our newsletter",
    "tags",
    "terms and conditions",
    "terms of service",
    "terms of use",
    "trending",
    "tweet",
    "you may also like",
    "you might also like",
];

const FURNITURE_PREFIXES: &[&str] = &[
    "©",
    "(c) ",
    "copyright ",
    "all rights reserved",
    "tags:",
    "filed under",
    "posted in ",
    "categories:",
    "share on ",
    "follow us on",
    "sign up for our",
    "subscribe to our",
    "read more:",
    "related:",
    "click here to subscribe",
    "this article is in the category",
    "this article was filed",
    "this post is in the category",
    "this entry was posted",
];

/// Lines that are site furniture wherever they stand (ads, share buttons, copyright…).
fn is_furniture(line: &str) -> bool {
    // Footer lines are short; a paragraph that mentions "all rights reserved" is prose.
    // Cheap byte tests come first: this runs on every line of every article.
    if line.len() > MAX_FURNITURE_BYTES {
        return false;
    }
    let starts_with = |prefix: &str| {
        line.as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    if FURNITURE_PREFIXES.iter().any(|p| starts_with(p)) {
        return true;
    }
    let short = line.len() <= MAX_EXACT_FURNITURE_BYTES;
    let reserved = memchr::memmem::find(line.as_bytes(), b"eserved").is_some()
        || memchr::memmem::find(line.as_bytes(), b"ESERVED").is_some();
    let link_row = line.contains(['|', '·', '•']);
    if !short && !reserved && !link_row {
        return false;
    }
    let lower = line.to_lowercase();
    let bare = lower.trim_end_matches([':', '.', '!', '»', '›', '>', ' ']);
    if short && word_count(line) <= 8 && FURNITURE_EXACT.contains(&bare) {
        return true;
    }
    if reserved && lower.contains("all rights reserved") {
        return true;
    }
    // "Privacy Policy | Terms of Use | Contact": a row of footer links.
    let mut parts = 0;
    link_row
        && lower.split(['|', '·', '•']).map(str::trim).all(|p| {
            parts += 1;
            FURNITURE_EXACT.contains(&p) || p.is_empty()
        })
        && parts >= 2
}

/// The furniture lines of a document: the footer (from its first furniture line on, once no
/// substantial prose follows) plus stray furniture lines elsewhere.
pub(super) fn furniture_lines(lines: &[String]) -> Vec<usize> {
    let furniture: Vec<bool> = lines.iter().map(|line| is_furniture(line)).collect();
    let mut footer_start = None;
    for (index, line) in lines.iter().enumerate().rev() {
        if furniture[index] {
            footer_start = Some(index);
        } else if word_count(line) >= 20 {
            // Substantial prose after a furniture line means the footer has not begun.
            break;
        }
    }
    (0..lines.len())
        .filter(|&index| {
            !lines[index].is_empty()
                && (furniture[index] || footer_start.is_some_and(|start| index >= start))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Metadata: category, title, byline

#[derive(Default)]
struct Meta {
    title: Option<String>,
    byline: Option<String>,
    category: Option<String>,
    lines: MetaLines,
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn looks_like_date(line: &str) -> bool {
    let lower = line.to_lowercase();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    let has_month = lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m)));
    has_year && (has_month || lower.contains('/') || lower.contains('-'))
}

/// `By Jane Doe | Updated: …`, `Written by …`, `Published March 3, 2024`, `Author: …`.
pub(super) fn is_byline(line: &str) -> bool {
    let words = word_count(line);
    if words == 0 || words > 25 {
        return false;
    }
    let lower = line.to_lowercase();
    // A name may end in an initial ("Dynne C."); a sentence ends in a word ("…will reopen.").
    let sentence = ends_sentence(line) && !ends_with_initial(line);
    let by_name = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("by "))
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_uppercase)
        && (line.contains('|') || looks_like_date(line) || (words <= 8 && !sentence));
    let labelled = BYLINE_LABELS.iter().any(|p| lower.starts_with(p)) && !sentence;
    let dated = words <= 8 && looks_like_date(line) && !sentence;
    by_name || labelled || dated
}

const BYLINE_LABELS: &[&str] = &[
    "written by",
    "author:",
    "authors:",
    "posted by",
    "published by",
    "reviewed by",
    "medically reviewed by",
    "fact checked by",
    "fact-checked by",
    "updated:",
    "updated on",
    "update date:",
    "published:",
    "published on",
    "posted on",
    "last updated",
];

/// "C." or "Jr." at the end of a name.
fn ends_with_initial(line: &str) -> bool {
    line.split_whitespace().next_back().is_some_and(|word| {
        let bare = word.trim_end_matches('.');
        word.ends_with('.')
            && (1..=3).contains(&bare.chars().count())
            && bare.chars().next().is_some_and(char::is_uppercase)
    })
}

/// `Drugs/Therapy`, `Health > Mental Health`: a short breadcrumb before the title.
fn is_category(line: &str) -> bool {
    word_count(line) <= 6
        && !ends_sentence(line)
        && ['/', '>', '»', '›', '|']
            .iter()
            .any(|sep| line.split(*sep).filter(|p| !p.trim().is_empty()).count() >= 2)
        && !line.contains("://")
}

fn next_content_line(lines: &[String], taken: &[bool], after: usize) -> Option<usize> {
    (after + 1..lines.len()).find(|&i| !lines[i].is_empty() && !taken[i])
}

fn read_meta(lines: &[String], taken: &mut [bool]) -> Meta {
    let mut meta = Meta::default();
    let mut bylines = Vec::new();
    let mut seen = 0;
    let mut index = (0..lines.len()).find(|&i| !lines[i].is_empty() && !taken[i]);
    while let Some(i) = index {
        if seen >= META_WINDOW {
            break;
        }
        seen += 1;
        let line = lines[i].as_str();
        let next = next_content_line(lines, taken, i);
        if meta.title.is_none()
            && meta.category.is_none()
            && bylines.is_empty()
            && is_category(line)
        {
            meta.category = Some(line.to_string());
            meta.lines.category = Some(i + 1);
        } else if is_byline(line) {
            bylines.push(line.to_string());
            meta.lines.byline.push(i + 1);
        } else if meta.title.is_none()
            && next.is_some_and(|n| title_shape(line, starts_lowercase(&lines[n])))
        {
            meta.title = Some(title_text(line));
            meta.lines.title = Some(i + 1);
        } else {
            break;
        }
        taken[i] = true;
        index = next;
    }
    if !bylines.is_empty() {
        meta.byline = Some(bylines.join(" | "));
    }
    meta
}

/// `continued`: the next line goes on in lowercase, so this one is wrapped prose, whatever its
/// shape ("I was skeptical at first. My doctor had suggested ketamine after three").
fn title_shape(line: &str, continued: bool) -> bool {
    list_marker(line).is_none()
        && !is_step_line(line)
        && (bold_heading(line).is_some()
            || hash_heading(line).is_some()
            || heading_shape(line)
            || (two_part_headline(line) && !continued))
}

/// "Is Ketamine Worth It? A Practical Cost Breakdown", "A Star Says It Saved Her. Doctors
/// Want Fans to Hear the Rest": a headline in two parts, each shaped like a heading. Only a
/// title may be any such line; in the body see [`question_headline`].
fn two_part_headline(line: &str) -> bool {
    // A headline may end in a full stop when it is in title case ("… to Clinics. Doctors
    // Have Mixed Feelings."); a sentence in sentence case may not.
    if word_count(line) > MAX_HEADING_WORDS
        || (ends_sentence(line) && !(title_case(line) && line.ends_with('.')))
    {
        return false;
    }
    let line = line.strip_suffix('.').unwrap_or(line);
    let words: Vec<&str> = line.split_whitespace().collect();
    // Any question or exclamation mark ends a part ("it? Yes"); full stops as usual.
    let breaks: Vec<usize> = (1..words.len())
        .filter(|&i| {
            let asks = words[i - 1].ends_with(['?', '!'])
                && words[i].chars().next().is_some_and(char::is_uppercase);
            asks || has_sentence_break(&words[i - 1..=i])
        })
        .collect();
    let [at] = breaks[..] else {
        return false;
    };
    let first = words[..at].join(" ");
    let first = first.trim_end_matches('.');
    heading_shape(first) && heading_shape(&words[at..].join(" "))
}

/// Every word of four letters or more starts with a capital, and there is one ("Is It Really
/// Resistant?"; not "Yes. He did.").
fn title_case(line: &str) -> bool {
    let mut long_words = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .peekable();
    long_words.peek().is_some()
        && long_words.all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
}

/// In the body a two-part line is a heading only when it asks, in title case: "Is It Really
/// Resistant? Checking for Pseudo-Resistance". Two sentences in sentence case are prose, and
/// "Mayo Clinic. Treatment-Resistant Depression" is a reference.
fn question_headline(line: &str) -> bool {
    title_case(line)
        && line
            .split_once("? ")
            .is_some_and(|(asked, _)| !asked.contains(". "))
        && two_part_headline(line)
}

fn starts_lowercase(line: &str) -> bool {
    line.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

fn title_text(line: &str) -> String {
    let raw = bold_heading(line)
        .or_else(|| hash_heading(line).map(|(_, text)| text))
        .unwrap_or(line);
    spans_text(&parse_inline(raw))
}

fn first_heading(sections: &[Section]) -> Option<String> {
    sections.first().map(|s| s.title.clone())
}

/// A derived title: the first sentence of the lead, cut to a dozen words.
fn first_sentence_title(lead: &[Block]) -> Option<String> {
    let text = match lead.first()? {
        Block::Paragraph { spans, .. } | Block::Quote { spans, .. } => spans_text(spans),
        Block::List { items, .. } => items.first()?.full_text(),
    };
    let sentence = text
        .split_inclusive(['.', '!', '?'])
        .next()
        .unwrap_or(&text)
        .trim()
        .trim_matches(['“', '”', '"']);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    Some(if words.len() > 12 {
        format!(
            "{}…",
            words[..12].join(" ").trim_end_matches([',', ';', ':'])
        )
    } else {
        sentence.trim_end_matches('.').to_string()
    })
}

// ---------------------------------------------------------------------------------------------
// Units: the paragraphs, list items and candidate headings of the body

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    Text,
    Item { ordered: bool },
    Quote,
}

#[derive(Debug, Clone)]
struct Unit {
    kind: UnitKind,
    /// 0-based indices of the first and last line.
    first: usize,
    last: usize,
    text: String,
}

impl Unit {
    fn single_line(&self) -> bool {
        self.first == self.last
    }
}

/// Hard-wrapped text (lines cut at ~72 columns, paragraphs split by blank lines) reads as one
/// paragraph per block; web copies put each paragraph on one line.
fn is_hard_wrapped(lines: &[String], taken: &[bool]) -> bool {
    let has_blank = lines.iter().any(|l| l.is_empty());
    let continuations = lines
        .windows(2)
        .enumerate()
        .filter(|(i, pair)| {
            !taken[*i]
                && !taken[*i + 1]
                && pair[0].chars().count() >= 40
                && list_marker(&pair[0]).is_none()
                && list_marker(&pair[1]).is_none()
                && !ends_sentence(&pair[0])
                && !pair[0].ends_with(':')
                && pair[1].chars().next().is_some_and(char::is_lowercase)
        })
        .count();
    has_blank && continuations >= 2
}

fn units(lines: &[String], taken: &[bool]) -> Vec<Unit> {
    let wrapped = is_hard_wrapped(lines, taken);
    let mut units: Vec<Unit> = Vec::new();
    let mut joining = false;
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() || taken[i] {
            joining = false;
            continue;
        }
        if let Some((ordered, rest)) = list_marker(line) {
            units.push(Unit {
                kind: UnitKind::Item { ordered },
                first: i,
                last: i,
                text: rest.to_string(),
            });
            joining = false;
            continue;
        }
        if let Some(rest) = line.strip_prefix('>') {
            let rest = rest.trim();
            match units.last_mut() {
                Some(unit) if unit.kind == UnitKind::Quote && unit.last + 1 == i => {
                    unit.text.push(' ');
                    unit.text.push_str(rest);
                    unit.last = i;
                }
                _ => units.push(Unit {
                    kind: UnitKind::Quote,
                    first: i,
                    last: i,
                    text: rest.to_string(),
                }),
            }
            joining = false;
            continue;
        }
        let structural = bold_heading(line).is_some() || hash_heading(line).is_some();
        match units.last_mut() {
            Some(unit) if wrapped && joining && !structural && unit.kind == UnitKind::Text => {
                unit.text.push(' ');
                unit.text.push_str(line);
                unit.last = i;
            }
            _ => {
                let quoted = word_count(line) >= 12
                    && line.starts_with(['“', '"'])
                    && line.trim_end_matches(['.', ' ']).ends_with(['”', '"']);
                units.push(Unit {
                    kind: if quoted {
                        UnitKind::Quote
                    } else {
                        UnitKind::Text
                    },
                    first: i,
                    last: i,
                    text: line.clone(),
                });
                joining = !structural;
            }
        }
    }
    units
}

// ---------------------------------------------------------------------------------------------
// Which units are headings, and how deep

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadingKind {
    /// `**Heading**` or `## Heading`: the article's own markup, with its level.
    Marked(usize),
    /// `Step 1: …`: a child of the heading before.
    Step,
    /// A bare short line.
    Plain,
}

#[derive(Debug)]
enum Node {
    Heading {
        index: usize,
        title: String,
        kind: HeadingKind,
    },
    Block(Block),
}

fn is_conclusion(title: &str) -> bool {
    let lower = title.to_lowercase();
    [
        "conclusion",
        "in conclusion",
        "summary",
        "in summary",
        "final thoughts",
        "the bottom line",
        "bottom line",
        "key takeaways",
        "takeaways",
        "faq",
        "frequently asked questions",
        "references",
        "sources",
        "further reading",
        "wrapping up",
        "closing thoughts",
    ]
    .iter()
    .any(|cue| {
        lower.starts_with(cue)
            && lower[cue.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

const INTRO_CUES: &[&str] = &[
    "this section",
    "these sections",
    "the following",
    "below",
    "we'll ",
    "we’ll ",
    "we will ",
    "let's ",
    "let’s ",
    "here are",
    "here is",
    "here's",
    "here’s",
    "understanding this",
    "understanding these",
];

/// A one-paragraph section body that announces sub-sections ("This section unpacks…",
/// "Here are some tips:") rather than saying much itself.
fn reads_as_intro(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.trim_end().ends_with(':')
        || (word_count(text) <= MAX_INTRO_WORDS && INTRO_CUES.iter().any(|cue| lower.contains(cue)))
}

/// The children under a heading that introduced them. Sibling sub-sections are built alike:
/// the group ends at the first heading that is unlike the first child (a statement among
/// questions, or a body with a different number of paragraphs), or once as many children as
/// the intro announced ("three kinds…") are in.
struct ChildGroup {
    first_child: Option<ChildShape>,
    remaining: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct ChildShape {
    question: bool,
    paragraphs: usize,
}

impl ChildGroup {
    fn admits(&mut self, shape: ChildShape) -> bool {
        if self.remaining == Some(0) || self.first_child.is_some_and(|first| first != shape) {
            return false;
        }
        self.first_child = Some(shape);
        self.remaining = self.remaining.map(|r| r - 1);
        true
    }
}

const COUNT_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// "…the two main ideas…", "…three kinds of sessions:": how many sub-sections an intro promises.
fn announced_count(intro: &str) -> Option<usize> {
    intro
        .split(|c: char| !c.is_alphanumeric())
        .find_map(|word| {
            COUNT_WORDS
                .iter()
                .position(|w| word.eq_ignore_ascii_case(w))
        })
        .map(|i| i + 2)
}

fn classify(mut units: Vec<Unit>) -> Vec<Node> {
    let followed_by_content = |i: usize| i + 1 < units.len();
    let mut kinds: Vec<Option<HeadingKind>> = vec![None; units.len()];
    for (i, unit) in units.iter().enumerate() {
        if unit.kind == UnitKind::Quote || !unit.single_line() || !followed_by_content(i) {
            continue;
        }
        let line = unit.text.as_str();
        kinds[i] = match unit.kind {
            UnitKind::Text => {
                if let Some((level, _)) = hash_heading(line) {
                    Some(HeadingKind::Marked(level))
                } else if bold_heading(line).is_some() {
                    Some(HeadingKind::Marked(1))
                } else if heading_shape(line) || question_headline(line) {
                    Some(if is_step_line(line) {
                        HeadingKind::Step
                    } else {
                        HeadingKind::Plain
                    })
                } else {
                    None
                }
            }
            // A lone numbered line between paragraphs is a listicle heading, not a list.
            UnitKind::Item { ordered: true } => {
                let is_item =
                    |u: Option<&Unit>| u.is_some_and(|u| matches!(u.kind, UnitKind::Item { .. }));
                let alone = !is_item(i.checked_sub(1).and_then(|p| units.get(p)))
                    && !is_item(units.get(i + 1));
                (alone && heading_shape(line)).then_some(HeadingKind::Step)
            }
            _ => None,
        };
    }

    // Short lines after an intro ending in ':' are an unmarked list, not a run of headings.
    for i in 0..units.len() {
        if !units[i].text.ends_with(':') {
            continue;
        }
        let run = (i + 1..units.len())
            .take_while(|&j| {
                kinds[j] == Some(HeadingKind::Plain) && word_count(&units[j].text) <= 8
            })
            .count();
        if run >= 2 {
            for j in i + 1..i + 1 + run {
                kinds[j] = None;
                units[j].kind = UnitKind::Item { ordered: false };
            }
        }
    }

    let mut nodes = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let unit = &units[i];
        if let Some(kind) = kinds[i] {
            let raw = match kind {
                HeadingKind::Marked(_) => bold_heading(&unit.text)
                    .or_else(|| hash_heading(&unit.text).map(|(_, t)| t))
                    .unwrap_or(&unit.text),
                _ => &unit.text,
            };
            let title = spans_text(&parse_inline(raw));
            nodes.push(Node::Heading {
                index: unit.first,
                title,
                kind,
            });
            i += 1;
            continue;
        }
        match unit.kind {
            UnitKind::Item { ordered } => {
                let mut items = Vec::new();
                while i < units.len()
                    && kinds[i].is_none()
                    && units[i].kind == (UnitKind::Item { ordered })
                {
                    items.push(list_item(&units[i]));
                    i += 1;
                }
                nodes.push(Node::Block(Block::List { ordered, items }));
                continue;
            }
            UnitKind::Quote => nodes.push(Node::Block(Block::Quote {
                line: unit.first + 1,
                end_line: unit.last + 1,
                spans: parse_inline(unit.text.trim()),
            })),
            UnitKind::Text => nodes.push(Node::Block(Block::Paragraph {
                line: unit.first + 1,
                end_line: unit.last + 1,
                spans: parse_inline(&unit.text),
            })),
        }
        i += 1;
    }
    nodes
}

/// `Label: text` and `**Label:** text` keep the label apart; anything else is all body.
fn list_item(unit: &Unit) -> ListItem {
    let text = unit.text.as_str();
    let (label, body) = split_label(text);
    ListItem {
        line: unit.first + 1,
        label,
        spans: parse_inline(body),
    }
}

pub(super) fn split_label(text: &str) -> (Option<String>, &str) {
    if let Some(rest) = text.strip_prefix("**") {
        if let Some(end) = rest.find("**") {
            let label = rest[..end].trim().trim_end_matches(':').trim();
            let body = rest[end + 2..]
                .trim_start()
                .trim_start_matches(':')
                .trim_start();
            if !label.is_empty() && !body.is_empty() && word_count(label) <= 10 {
                return (Some(label.to_string()), body);
            }
        }
    }
    if let Some(colon) = text.find(": ") {
        let label = text[..colon].trim();
        let body = text[colon + 2..].trim();
        let starts_upper = label.chars().next().is_some_and(|c| !c.is_lowercase());
        if starts_upper && !body.is_empty() && word_count(label) <= 8 && !label.contains(". ") {
            return (Some(spans_text(&parse_inline(label))), body);
        }
    }
    (None, text)
}

/// Decides depths: marked headings use their markup, `Step N:` lines sit under the heading
/// before, and a heading whose whole body is a short intro followed straight by another
/// heading opens a group of children that runs until the next such heading or a conclusion.
fn assign_depths(nodes: &[Node]) -> Vec<usize> {
    let headings: Vec<(usize, HeadingKind, &str)> = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n {
            Node::Heading { kind, title, .. } => Some((i, *kind, title.as_str())),
            Node::Block(_) => None,
        })
        .collect();
    let min_marked = headings
        .iter()
        .filter_map(|(_, k, _)| match k {
            HeadingKind::Marked(level) => Some(*level),
            _ => None,
        })
        .min();

    let body = |h: usize| -> &[Node] {
        let start = headings[h].0 + 1;
        let end = headings.get(h + 1).map_or(nodes.len(), |next| next.0);
        &nodes[start..end]
    };
    let opens_group = |h: usize| -> bool {
        let Some(next) = headings.get(h + 1) else {
            return false;
        };
        if next.1 == HeadingKind::Step {
            return false;
        }
        match body(h) {
            // A heading with nothing of its own before the next one is a group title.
            [] => true,
            [Node::Block(Block::Paragraph { spans, .. })] => reads_as_intro(&spans_text(spans)),
            _ => false,
        }
    };
    let leads_steps = |h: usize| {
        headings
            .get(h + 1)
            .is_some_and(|n| n.1 == HeadingKind::Step)
    };

    let paragraphs = |h: usize| {
        body(h)
            .iter()
            .filter(|n| matches!(n, Node::Block(Block::Paragraph { .. })))
            .count()
    };
    let new_group = |h: usize| -> Option<ChildGroup> {
        opens_group(h).then(|| ChildGroup {
            first_child: None,
            remaining: match body(h) {
                [Node::Block(Block::Paragraph { spans, .. })] => {
                    announced_count(&spans_text(spans))
                }
                _ => None,
            },
        })
    };

    let mut depths = Vec::with_capacity(headings.len());
    let mut last_non_step_depth = 0;
    let mut last_marked_depth: Option<usize> = None;
    let mut group: Option<ChildGroup> = None;
    for (h, (_, kind, title)) in headings.iter().enumerate() {
        let depth = match kind {
            HeadingKind::Marked(level) => {
                let depth = level - min_marked.unwrap_or(*level) + 1;
                last_marked_depth = Some(depth);
                depth
            }
            HeadingKind::Step => last_non_step_depth + 1,
            HeadingKind::Plain => {
                if let Some(marked) = last_marked_depth {
                    marked + 1
                } else if leads_steps(h) {
                    group = None;
                    1
                } else if is_conclusion(title) || opens_group(h) {
                    group = new_group(h);
                    1
                } else if group.as_mut().is_some_and(|g| {
                    g.admits(ChildShape {
                        question: title.ends_with('?'),
                        paragraphs: paragraphs(h),
                    })
                }) {
                    2
                } else {
                    group = None;
                    1
                }
            }
        };
        if *kind != HeadingKind::Step {
            last_non_step_depth = depth;
        }
        depths.push(depth);
    }
    depths
}

fn build_tree(nodes: Vec<Node>) -> (Vec<Block>, Vec<Section>) {
    let depths = assign_depths(&nodes);
    let mut lead = Vec::new();
    let mut flat: Vec<Section> = Vec::new();
    let mut depth_iter = depths.into_iter();
    for node in nodes {
        match node {
            Node::Heading { index, title, .. } => {
                let wanted = depth_iter.next().unwrap_or(1);
                // Never skip a level: a depth-3 heading right after a depth-1 one becomes 2.
                let allowed = flat.last().map_or(1, |s| s.depth + 1);
                flat.push(Section {
                    title,
                    depth: wanted.clamp(1, allowed),
                    line: index + 1,
                    blocks: Vec::new(),
                    children: Vec::new(),
                });
            }
            Node::Block(block) => match flat.last_mut() {
                Some(section) => section.blocks.push(block),
                None => lead.push(block),
            },
        }
    }
    (lead, nest(flat))
}

/// Turns sections in reading order with depths into a tree.
pub(super) fn nest(flat: Vec<Section>) -> Vec<Section> {
    let mut roots: Vec<Section> = Vec::new();
    let mut stack: Vec<Section> = Vec::new();
    for section in flat {
        while stack.last().is_some_and(|top| top.depth >= section.depth) {
            let done = stack.pop().expect("stack is not empty");
            attach(&mut stack, &mut roots, done);
        }
        stack.push(section);
    }
    while let Some(done) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    roots
}

fn attach(stack: &mut [Section], roots: &mut Vec<Section>, done: Section) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None => roots.push(done),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_shape_accepts_title_and_sentence_case_and_questions() {
        assert!(heading_shape("Risks and Safety Concerns of Ketamine"));
        assert!(heading_shape("A shift in mental health treatment"));
        assert!(heading_shape("Who is Suitable for Ketamine Therapy?"));
        assert!(heading_shape("Conclusion: The Future of It"));
    }

    #[test]
    fn heading_shape_rejects_sentences_and_fragments() {
        assert!(!heading_shape("Ketamine works fast."));
        assert!(!heading_shape("Here are some tips:"));
        assert!(!heading_shape("Common side effects include"));
        assert!(!heading_shape("lowercase start is prose"));
        assert!(!heading_shape("It works fast. Doctors agree"));
        assert!(!heading_shape("https://example.com/page"));
        assert!(heading_shape("Dr. Smith Explains the Science"));
        assert!(heading_shape("Side Effects to Watch For"));
        assert!(heading_shape("What conditions is it used for?"));
        assert!(heading_shape("Who the recommendations apply to"));
        assert!(!heading_shape("Side effects of the drug include"));
        assert!(heading_shape("Things to be aware of"));
        assert!(heading_shape("What the medicine is"));
        assert!(heading_shape("Esketamine (Janssen Inc.)"));
        assert!(!heading_shape(
            "How quickly it works is what sets it apart from the older drugs, and"
        ));
        assert!(heading_shape("Red flags we would walk away from"));
        assert!(!heading_shape(
            "Australia has allowed authorized psychiatrists to prescribe it for"
        ));
        assert!(!heading_shape(
            "\"We are not against it,\" Dr. Rao said. \"We are against misuse.\""
        ));
        assert!(!heading_shape("\"It works,\" she said. \"Mostly\""));
    }

    #[test]
    fn a_headline_may_ask_and_then_answer() {
        let headline = "Is Ketamine Therapy Worth the Money? A Practical Cost Breakdown";
        assert!(title_shape(headline, false));
        assert!(!heading_shape(headline));
        assert!(title_shape(
            "A Star Says Ketamine Saved Her. Doctors Want Fans to Hear the Rest",
            false
        ));
        assert!(title_shape(
            "We Called 40 Ketamine Clinics to Ask What It Costs. Here Is What We Heard.",
            false
        ));
        assert!(!title_shape(
            "Ketamine works fast. Doctors agree with that.",
            false
        ));
        assert!(!title_shape("Is it worth it? Yes. It works", false));
        assert!(!title_shape("Worried? Ask your doctor.", false));
        assert!(title_case(
            "Is It Really Resistant? Checking for Pseudo-Resistance"
        ));
        assert!(!title_case("Worried? Ask your doctor today"));
        assert!(!title_case("Yes. He did."));
        // Wrapped prose: the next line goes on in lowercase.
        assert!(!title_shape(
            "I was skeptical at first. My doctor had suggested ketamine after three",
            true
        ));
        assert!(!title_shape("Does it work? Is it safe?", false));
    }

    #[test]
    fn a_title_case_two_part_line_in_the_body_is_a_heading_but_a_sentence_case_one_is_not() {
        let text = "Treatment-Resistant Depression Explained\n\
            Many people try several medicines before one works.\n\
            Is It Really Resistant? Checking for Pseudo-Resistance\n\
            Doses that are too low are a common reason a medicine seems to fail.\n\
            Worried? Ask your doctor today\n\
            They can check the dose.\n\
            It was bad. Now it is not.\n\
            Mayo Clinic. Treatment-Resistant Depression\n\
            National Institute of Mental Health. Depression Basics\n";
        let source = parse_plain_text("t", "t.txt", text);
        let titles: Vec<&str> = source.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Is It Really Resistant? Checking for Pseudo-Resistance"]
        );
        assert_eq!(source.title, "Treatment-Resistant Depression Explained");
    }

    #[test]
    fn a_wrapped_first_line_is_not_taken_for_a_title() {
        let text = "I was skeptical at first. My doctor had suggested ketamine after three\n\
            failed antidepressants, and I did not expect much from it.\n";
        let source = parse_plain_text("t", "t.txt", text);
        assert_eq!(source.title, "I was skeptical at first");
        let Some(Block::Paragraph { spans, .. }) = source.lead.first() else {
            panic!("a lead paragraph: {:?}", source.lead);
        };
        assert!(spans_text(spans).starts_with("I was skeptical at first. My doctor"));
    }

    #[test]
    fn step_lines_are_recognised_but_chapters_are_not() {
        assert!(is_step_line("Step 1: Initial Consultation"));
        assert!(is_step_line("Tip 3 - Keep a diary"));
        assert!(!is_step_line("Chapter 2: The Beginning"));
        assert!(!is_step_line("Stepping Up"));
    }

    #[test]
    fn bylines_and_categories() {
        assert!(is_byline(
            "By Dynne C. | Update Date: Apr 10, 2024 11:38 PM EDT"
        ));
        assert!(is_byline("Written by Sam Lee"));
        assert!(is_byline("Published March 3, 2024"));
        assert!(is_byline("By Priya Raman, MD"));
        assert!(is_byline("By Dynne C."));
        assert!(is_byline("Medically reviewed by Alan Cho, PharmD"));
        assert!(!is_byline("By Monday, the clinic will reopen."));
        assert!(!is_byline(
            "Written by hand, the notes were lost over the years."
        ));
        assert!(!is_byline(
            "By 2030, experts expect ketamine clinics to double."
        ));
        assert!(is_category("Drugs/Therapy"));
        assert!(is_category("Health > Mental Health"));
        assert!(!is_category("Is Ketamine the Answer?"));
    }

    #[test]
    fn furniture_is_recognised() {
        assert!(is_furniture("© 2024 Counsel & Heal All rights reserved."));
        assert!(is_furniture("Join the Conversation"));
        assert!(is_furniture("Share this article"));
        assert!(is_furniture("Privacy Policy | Terms of Use"));
        assert!(is_furniture(
            "This article is in the category Treatment and created by Some Team"
        ));
        assert!(!is_furniture("Sharing the burden of treatment"));
    }

    #[test]
    fn labels_split_only_when_short() {
        assert_eq!(
            split_label("Cost: it is expensive").0.as_deref(),
            Some("Cost")
        );
        assert_eq!(
            split_label("**Cost:** it is expensive").0.as_deref(),
            Some("Cost")
        );
        assert_eq!(split_label("Frequency of treatments").0, None);
        assert_eq!(
            split_label("Ketamine is used in two forms for many mental health treatments: IV").0,
            None
        );
    }
}
