//! Prints how dossier reads one sentence (debugging aid for the lexicon).
use dossier::compare::{classify, Lexicon, Statement};
fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let heading = std::env::args().nth(2);
    let s = Statement { source: 0, section: None, line: 1, text, label_len: None, headings: heading.into_iter().collect(), list_item: false };
    println!("{:?}", classify(&s, &Lexicon::default()));
}
