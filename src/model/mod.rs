//! The document model every view reads: sources → section tree → blocks → spans.
//! Pure data plus the two parsers that build it; it knows nothing of terminals or output.

mod inline;
mod parse_md;
mod parse_text;

use serde::Serialize;

pub use inline::parse_inline;
pub use parse_md::parse_markdown;
pub use parse_text::parse_plain_text;

/// A run of text inside a paragraph or list item. Markup markers are already removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub emphasis: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            emphasis: false,
        }
    }
}

/// One entry of a list. `label` holds the "Label" of `- Label: text`, shown apart (bold).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListItem {
    pub line: usize,
    pub label: Option<String>,
    pub spans: Vec<Span>,
}

impl ListItem {
    /// The item's body text without its label.
    pub fn body_text(&self) -> String {
        spans_text(&self.spans)
    }

    /// Label and body as one readable statement ("Label: body").
    pub fn full_text(&self) -> String {
        match &self.label {
            Some(label) => format!("{label}: {}", self.body_text()),
            None => self.body_text(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// `line` is the first source line, `end_line` the last (hard-wrapped text spans several).
    Paragraph {
        line: usize,
        end_line: usize,
        spans: Vec<Span>,
    },
    List {
        ordered: bool,
        items: Vec<ListItem>,
    },
    Quote {
        line: usize,
        end_line: usize,
        spans: Vec<Span>,
    },
}

impl Block {
    /// The first source line of the block.
    pub fn line(&self) -> usize {
        match self {
            Block::Paragraph { line, .. } | Block::Quote { line, .. } => *line,
            Block::List { items, .. } => items.first().map_or(0, |item| item.line),
        }
    }

    /// Every source line the block was built from, in order.
    pub fn lines(&self) -> Vec<usize> {
        match self {
            Block::Paragraph { line, end_line, .. } | Block::Quote { line, end_line, .. } => {
                (*line..=*end_line).collect()
            }
            Block::List { items, .. } => items.iter().map(|item| item.line).collect(),
        }
    }
}

/// A heading and what stands under it. `depth` is 1 for top-level headings, 2 for their children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    pub depth: usize,
    /// 1-based line of the heading in the file.
    pub line: usize,
    pub blocks: Vec<Block>,
    pub children: Vec<Section>,
}

/// A line of site furniture (footer, share links) kept apart from the article's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Boilerplate {
    pub line: usize,
    pub text: String,
}

/// Where a source's metadata lines are in the file, so every line has exactly one owner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MetaLines {
    pub title: Option<usize>,
    pub byline: Vec<usize>,
    pub category: Option<usize>,
}

/// One article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The file stem, unique within a corpus.
    pub id: String,
    pub path: String,
    /// Never empty: taken from the first line, or derived when the article has no title line.
    pub title: String,
    pub byline: Option<String>,
    pub category: Option<String>,
    /// Text before the first heading.
    pub lead: Vec<Block>,
    pub sections: Vec<Section>,
    pub boilerplate: Vec<Boilerplate>,
    pub meta_lines: MetaLines,
}

/// What a user sees where a place is in the lead (the text before the first heading): the
/// status bar, search hits and the comparison all say it this way. JSON says null instead.
pub const LEAD_NAME: &str = "(introduction)";

/// A section together with where it sits in reading order.
#[derive(Debug, Clone, Copy)]
pub struct SectionRef<'a> {
    /// Position in the pre-order walk of the section tree (0 = first heading).
    pub index: usize,
    pub section: &'a Section,
}

impl Source {
    /// Sections in reading order (a pre-order walk of the tree), the lead not included.
    pub fn flat_sections(&self) -> Vec<SectionRef<'_>> {
        fn walk<'a>(sections: &'a [Section], out: &mut Vec<SectionRef<'a>>) {
            for section in sections {
                out.push(SectionRef {
                    index: out.len(),
                    section,
                });
                walk(&section.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }

    /// The section with the given reading-order index.
    pub fn section(&self, index: usize) -> Option<&Section> {
        self.flat_sections().get(index).map(|r| r.section)
    }

    /// True when the source holds no readable content at all.
    pub fn is_empty(&self) -> bool {
        self.lead.is_empty() && self.sections.is_empty()
    }
}

/// Concatenated text of spans, markers already gone.
pub fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// How a file's text is interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    PlainText,
    Markdown,
}

impl Format {
    /// Markdown for `.md`/`.markdown`, plain text otherwise.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            Format::Markdown
        } else {
            Format::PlainText
        }
    }
}

/// Parses already-decoded text into a Source. Line endings must be normalised to `\n`.
pub fn parse(id: &str, path: &str, text: &str, format: Format) -> Source {
    match format {
        Format::PlainText => parse_plain_text(id, path, text),
        Format::Markdown => parse_markdown(id, path, text),
    }
}
