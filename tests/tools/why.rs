//! Prints how the compare classifier reads one statement: `why "Label: text" [HEADING]...`
//! (a leading `Label:` of up to six words is taken as a list item's label).
use dossier::compare::{classify, Lexicon, Statement};

fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().unwrap_or_default();
    let headings: Vec<String> = args.collect();
    let label_len = text
        .split_once(": ")
        .filter(|(label, _)| label.split_whitespace().count() <= 6)
        .map(|(label, _)| label.len());
    let statement = Statement {
        source: 0,
        section: None,
        line: 1,
        text,
        label_len,
        headings,
        list_item: label_len.is_some(),
    };
    println!("{:?}", classify(&statement, &Lexicon::default()));
}
