//! Fuzz target: any bytes decode, parse as plain text and Markdown, and lay out, without panic.
#![no_main]

use dossier::corpus::{decode, Decoded};
use dossier::layout::layout;
use dossier::model::{parse, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Decoded::Text { text, .. } = decode(data) {
        for format in [Format::PlainText, Format::Markdown] {
            let source = parse("fuzz", "fuzz", &text, format);
            assert!(!source.title.is_empty());
            let width = data.first().map_or(40, |&b| usize::from(b) % 120 + 1);
            let _ = layout(&source, width);
        }
    }
});
