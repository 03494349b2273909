//! Properties of the parsers over arbitrary input: no panic, and every non-blank line of
//! the input is owned by exactly one place in the model (title, byline, category,
//! furniture, a heading or a block).

mod common;

use dossier::corpus::{decode, Decoded};
use dossier::model::{parse, Format};
use proptest::prelude::*;

/// Lines in the shapes articles use, so the generator reaches the parser's interesting paths.
fn article_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{2,8}( [A-Za-z]{2,8}){0,6}\\??",
        "[A-Z][a-z]{2,8}( [a-z]{2,8}){8,30}\\.",
        "- [A-Z][a-z]{2,8}( [a-z]{2,6}){0,2}: [a-z ]{5,40}\\.",
        "- [a-z]{3,10}( [a-z]{2,8}){0,3}",
        "\\* [A-Za-z ]{3,30}",
        "[1-9]\\. [A-Z][a-z ]{3,30}",
        "Step [1-9]: [A-Z][a-z ]{3,20}",
        "\\*\\*[A-Z][a-z ]{3,20}\\*\\*",
        "#{1,3} [A-Z][a-z ]{3,20}",
        "By [A-Z][a-z]{2,8} [A-Z]\\. \\| Updated: Jan [1-9], 2024",
        "[A-Z][a-z]{3,8}/[A-Z][a-z]{3,8}",
        "© 2024 [A-Z][a-z]+ All rights reserved\\.",
        "(Share this article|Related Articles|Join the Conversation|Advertisement|Tags: a, b)",
        "> [a-z ]{5,30}",
        "[a-z ]{0,30}:",
        "",
        "[ \t\u{a0}]{1,3}",
        ".{0,40}",
    ]
}

fn article() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(article_line(), 0..40),
        prop_oneof!["\n", "\r\n", "\r"],
    )
        .prop_map(|(lines, newline)| lines.join(&newline))
}

#[test]
fn punctuation_only_text_still_gets_a_title() {
    for text in [
        ".://\n\n",
        "...",
        "?",
        "- :",
        "**.**\nText",
        "\u{feff} \u{feff}\nTitle\nText.",
    ] {
        for format in [Format::PlainText, Format::Markdown] {
            let source = parse("the-id", "x", text, format);
            assert!(
                !source.title.trim().is_empty(),
                "{text:?} gave {:?}",
                source.title
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_decode_and_parse_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Decoded::Text { text, .. } = decode(&bytes) {
            for format in [Format::PlainText, Format::Markdown] {
                let source = parse("x", "x", &text, format);
                prop_assert!(!source.title.is_empty());
            }
        }
    }

    #[test]
    fn every_plain_text_line_lands_in_exactly_one_place(text in article()) {
        let Decoded::Text { text: normalised, .. } = decode(text.as_bytes()) else {
            return Ok(());
        };
        let source = parse("x", "x.txt", &normalised, Format::PlainText);
        prop_assert!(!source.title.is_empty());
        common::assert_every_line_owned_once(&source, &normalised);
        for r in source.flat_sections() {
            prop_assert!(r.section.depth >= 1);
            prop_assert!(!r.section.title.is_empty());
        }
    }

    #[test]
    fn markdown_never_panics_and_keeps_titles(text in article()) {
        let source = parse("x", "x.md", &text.replace('\r', "\n"), Format::Markdown);
        prop_assert!(!source.title.is_empty());
    }
}
