//! Statements: the sentences of paragraphs and the items of lists, each with where it
//! stands (source, section, line, heading path). Reads the model; judges nothing.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::{spans_text, Block, Section, Source};

/// One sentence or list item of one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Index of the source in the corpus.
    pub source: usize,
    /// Reading-order index of the section; None for the lead (text before any heading).
    pub section: Option<usize>,
    /// 1-based line in the file.
    pub line: usize,
    /// The statement as written; a list item's label comes first ("Label: text").
    pub text: String,
    /// Byte length of "Label" at the start of `text`, for list items that have one.
    pub label_len: Option<usize>,
    /// Headings from the top level down to the statement's own section.
    pub headings: Vec<String>,
    /// True when the statement is a list item.
    pub list_item: bool,
}

/// Every statement of a source in reading order.
pub fn statements(source_index: usize, source: &Source) -> Vec<Statement> {
    let mut out = Vec::new();
    blocks(source_index, None, &[], &source.lead, &mut out);
    let mut next_index = 0;
    walk(
        source_index,
        &source.sections,
        &mut Vec::new(),
        &mut next_index,
        &mut out,
    );
    out
}

fn walk(
    source: usize,
    sections: &[Section],
    path: &mut Vec<String>,
    next_index: &mut usize,
    out: &mut Vec<Statement>,
) {
    for section in sections {
        // Same pre-order numbering as Source::flat_sections.
        let index = *next_index;
        *next_index += 1;
        path.push(section.title.clone());
        blocks(source, Some(index), path, &section.blocks, out);
        walk(source, &section.children, path, next_index, out);
        path.pop();
    }
}

fn blocks(
    source: usize,
    section: Option<usize>,
    headings: &[String],
    blocks: &[Block],
    out: &mut Vec<Statement>,
) {
    let statement =
        |line: usize, text: String, label_len: Option<usize>, list_item: bool| Statement {
            source,
            section,
            line,
            text,
            label_len,
            headings: headings.to_vec(),
            list_item,
        };
    for block in blocks {
        match block {
            Block::Paragraph { line, spans, .. } | Block::Quote { line, spans, .. } => {
                for sentence in sentences(&spans_text(spans)) {
                    out.push(statement(*line, sentence, None, false));
                }
            }
            Block::List { items, .. } => {
                for item in items {
                    let text = item.full_text().trim().to_string();
                    if text.is_empty() {
                        continue;
                    }
                    let label_len = item
                        .label
                        .as_ref()
                        .filter(|label| !label.trim().is_empty())
                        .map(|label| label.len());
                    out.push(statement(item.line, text, label_len, true));
                }
            }
        }
    }
}

/// Abbreviations after which a full stop does not end a sentence ("Dr. Ruiz said …").
const ABBREVIATIONS: &[&str] = &[
    "dr.", "mr.", "mrs.", "ms.", "prof.", "st.", "e.g.", "i.e.", "vs.", "etc.", "approx.", "jr.",
    "sr.", "u.s.", "sen.", "rep.", "gov.", "lt.", "sgt.", "capt.", "rev.", "hon.", "pres.", "fr.",
];
/// Abbreviations only before a number ("No. 5", "Fig. 2"): "the answer is no. Go …" ends.
const NUMBER_ABBREVIATIONS: &[&str] = &["no.", "fig."];

/// The sentences of a paragraph, trimmed, empty ones dropped. Unicode sentence breaks,
/// except after a title or abbreviation such as "Dr.".
pub fn sentences(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut joins_next = false;
    let mut joins_a_number = false;
    for piece in text.unicode_sentences().map(str::trim) {
        if piece.is_empty() {
            continue;
        }
        let joins =
            joins_next || (joins_a_number && piece.starts_with(|c: char| c.is_ascii_digit()));
        match out.last_mut() {
            Some(last) if joins => {
                last.push(' ');
                last.push_str(piece);
            }
            _ => out.push(piece.to_string()),
        }
        let last_word = piece
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .to_lowercase();
        // A bare "No." or "Yes." answers with the sentence after it.
        let bare_answer =
            piece.split_whitespace().count() == 1 && matches!(last_word.as_str(), "no." | "yes.");
        joins_next = bare_answer || ABBREVIATIONS.contains(&last_word.as_str());
        joins_a_number = NUMBER_ABBREVIATIONS.contains(&last_word.as_str());
    }
    out.retain(|s| s.chars().any(char::is_alphanumeric));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_plain_text;

    #[test]
    fn titles_do_not_end_sentences() {
        assert_eq!(
            sentences("Dr. Ana Ruiz agreed. Mr. Lee, e.g. in March, did not. Sen. Li won."),
            [
                "Dr. Ana Ruiz agreed.",
                "Mr. Lee, e.g. in March, did not.",
                "Sen. Li won."
            ]
        );
        assert_eq!(sentences("Dr."), ["Dr."]);
        assert_eq!(
            sentences("See Fig. 2 and trial No. 5 here. The answer was no. Go on."),
            [
                "See Fig. 2 and trial No. 5 here.",
                "The answer was no.",
                "Go on."
            ]
        );
        assert_eq!(
            sentences("No. You should not drive. Yes. It helps."),
            ["No. You should not drive.", "Yes. It helps."]
        );
    }

    #[test]
    fn sentences_and_labelled_items_with_their_places() {
        let text = "A Title Line Here\nLead one. Lead two?\nBenefits of Tea\nIntro line:\n- Calm: Tea calms. It warms.\n- Plain item\nSub Heading Words\nDeep sentence here.\n";
        let source = parse_plain_text("t", "t.txt", text);
        let found = statements(3, &source);
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert!(texts.contains(&"Lead one."));
        assert!(texts.contains(&"Lead two?"));
        let calm = found
            .iter()
            .find(|s| s.text.starts_with("Calm"))
            .expect("labelled item");
        assert_eq!(calm.text, "Calm: Tea calms. It warms.");
        assert_eq!(calm.label_len, Some(4));
        assert_eq!(calm.line, 5);
        assert_eq!(calm.source, 3);
        assert!(calm.list_item);
        assert_eq!(
            calm.headings.first().map(String::as_str),
            Some("Benefits of Tea")
        );
        let lead = found.iter().find(|s| s.text == "Lead one.").expect("lead");
        assert_eq!(lead.section, None);
        assert_eq!(lead.line, 2);
        for statement in &found {
            if let Some(index) = statement.section {
                let title = &source.flat_sections()[index].section.title;
                assert_eq!(statement.headings.last(), Some(title));
            }
        }
    }
}
