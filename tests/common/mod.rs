//! Helpers shared by the integration tests: line ownership checks over the model.

#![allow(dead_code)]

use std::collections::HashMap;

use dossier::model::{Block, Section, Source};

/// Every file line the model claims, with how many times it is claimed.
pub fn claimed_lines(source: &Source) -> HashMap<usize, usize> {
    let mut claims: HashMap<usize, usize> = HashMap::new();
    let mut claim = |line: usize| *claims.entry(line).or_insert(0) += 1;
    source.meta_lines.title.into_iter().for_each(&mut claim);
    source.meta_lines.category.into_iter().for_each(&mut claim);
    source
        .meta_lines
        .byline
        .iter()
        .copied()
        .for_each(&mut claim);
    source
        .boilerplate
        .iter()
        .map(|b| b.line)
        .for_each(&mut claim);
    fn blocks(list: &[Block], claim: &mut dyn FnMut(usize)) {
        for block in list {
            block.lines().into_iter().for_each(&mut *claim);
        }
    }
    fn sections(list: &[Section], claim: &mut dyn FnMut(usize)) {
        for section in list {
            claim(section.line);
            blocks(&section.blocks, claim);
            sections(&section.children, claim);
        }
    }
    blocks(&source.lead, &mut claim);
    sections(&source.sections, &mut claim);
    claims
}

/// Asserts that each non-blank line of `text` is claimed exactly once and blank ones never.
pub fn assert_every_line_owned_once(source: &Source, text: &str) {
    let claims = claimed_lines(source);
    let normalised = dossier::corpus::normalise_newlines(text);
    for (i, line) in normalised.split('\n').enumerate() {
        let n = i + 1;
        let blank = line.chars().all(|c| c.is_whitespace() || c == '\u{feff}');
        let count = claims.get(&n).copied().unwrap_or(0);
        if blank {
            assert_eq!(count, 0, "{}: blank line {n} is claimed", source.id);
        } else {
            assert_eq!(
                count, 1,
                "{}: line {n} {line:?} claimed {count} times",
                source.id
            );
        }
    }
}
