//! `dossier show SOURCE[#SECTION]`: one source, or one section and its children, as wrapped text.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::corpus::{Corpus, LookupError};
use crate::layout::{layout, Kind, LaidLine};
use crate::model::Source;

/// Widest text `show` produces unless asked: long lines are hard to read.
pub const MAX_READABLE_WIDTH: usize = 100;

/// What the user asked to see.
pub struct Target<'a> {
    pub source: usize,
    /// Reading-order index of the section; None: the whole source.
    pub section: Option<usize>,
    pub corpus: &'a Corpus,
}

/// Resolves `SOURCE[#SECTION]` against the corpus, or explains why it can't.
pub fn resolve<'a>(corpus: &'a Corpus, target: &str) -> Result<Target<'a>, String> {
    let (source_key, section_key) = match target.split_once('#') {
        Some((s, sec)) => (s, Some(sec)),
        None => (target, None),
    };
    let source = match corpus.find(source_key) {
        Ok(i) => i,
        Err(LookupError::NotFound) => {
            let ids: Vec<&str> = corpus.sources.iter().map(|s| s.id.as_str()).collect();
            return Err(format!(
                "no source '{source_key}'; sources are: {}",
                ids.join(", ")
            ));
        }
        Err(LookupError::Ambiguous(ids)) => {
            return Err(format!(
                "'{source_key}' matches several sources: {}",
                ids.join(", ")
            ))
        }
    };
    let section = match section_key {
        None | Some("") => None,
        Some(key) => Some(find_section(&corpus.sources[source], key)?),
    };
    Ok(Target {
        source,
        section,
        corpus,
    })
}

/// A section as `outline` lists it: its number (`3`, `#3` or `§3`, 1-based), the heading on
/// or above a file line (`L25`, as `outline` prints lines), or its title: exact, then prefix,
/// then a unique part of it, all ignoring case.
pub fn find_section(source: &Source, key: &str) -> Result<usize, String> {
    let sections = source.flat_sections();
    let key = key.trim();
    let bare = key
        .strip_prefix('#')
        .or_else(|| key.strip_prefix('§'))
        .unwrap_or(key);
    if let Ok(n) = bare.parse::<usize>() {
        if (1..=sections.len()).contains(&n) {
            return Ok(n - 1);
        }
        let mut message = format!(
            "{} has {}; #{n} is out of range",
            source.id,
            crate::wording::count(sections.len(), "section")
        );
        // A heading's line number typed as a section number: point at the section.
        if let Some(i) = sections.iter().position(|r| r.section.line == n) {
            message.push_str(&format!(
                " (line {n} is the heading of #{} {}: `dossier show {}#{}`)",
                i + 1,
                sections[i].section.title,
                source.id,
                i + 1
            ));
        }
        return Err(message);
    }
    if let Some(line) = line_key(bare) {
        return section_at_line(source, line).ok_or_else(|| {
            format!(
                "line {line} of {} is before its first heading (`dossier show {}` prints it all)",
                source.id, source.id
            )
        });
    }
    let key_lower = key.to_lowercase();
    let titles: Vec<String> = sections
        .iter()
        .map(|r| r.section.title.to_lowercase())
        .collect();
    let tests: [&dyn Fn(&str) -> bool; 3] =
        [&|t| t == key_lower, &|t| t.starts_with(&key_lower), &|t| {
            t.contains(&key_lower)
        }];
    for test in tests {
        let hits: Vec<usize> = (0..titles.len()).filter(|&i| test(&titles[i])).collect();
        match hits.as_slice() {
            [one] => return Ok(*one),
            [] => continue,
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|&i| format!("#{} {}", i + 1, sections[i].section.title))
                    .collect();
                return Err(format!(
                    "'{key}' matches several sections of {}: {} (use the number: `dossier show {}#{}`)",
                    source.id,
                    names.join("; "),
                    source.id,
                    many[0] + 1
                ));
            }
        }
    }
    Err(format!("{} has no section matching '{key}'", source.id))
}

/// `L25` or `l25`: a file line, as `outline` prints it.
fn line_key(key: &str) -> Option<usize> {
    let digits = key.strip_prefix(['L', 'l'])?;
    digits.parse().ok().filter(|&n| n > 0)
}

/// The section whose heading is on `line` or is the last one above it; None in the lead.
pub fn section_at_line(source: &Source, line: usize) -> Option<usize> {
    source
        .flat_sections()
        .iter()
        .rposition(|r| r.section.line <= line)
}

/// The reading-order indices of a section and all its descendants.
fn subtree(source: &Source, index: usize) -> std::ops::Range<usize> {
    let sections = source.flat_sections();
    let depth = sections[index].section.depth;
    let end = sections[index + 1..]
        .iter()
        .position(|r| r.section.depth <= depth)
        .map_or(sections.len(), |p| index + 1 + p);
    index..end
}

pub fn default_width(is_tty: bool) -> usize {
    let terminal = if is_tty {
        crossterm::terminal::size().map(|(w, _)| w as usize).ok()
    } else {
        None
    };
    terminal.unwrap_or(80).clamp(1, MAX_READABLE_WIDTH)
}

pub fn run(
    target: &Target,
    width: usize,
    out: &mut dyn Write,
    styled: bool,
) -> io::Result<ExitCode> {
    let source = &target.corpus.sources[target.source];
    let laid = layout(source, width);
    let lines: Vec<&LaidLine> = match target.section {
        None => laid.lines.iter().collect(),
        Some(index) => {
            let range = subtree(source, index);
            let start = laid.section_starts[index];
            laid.lines[start..]
                .iter()
                .take_while(|l| l.section.is_some_and(|s| range.contains(&s)))
                .collect()
        }
    };
    // Trailing blank lines are padding between sections, not content.
    let end = lines
        .iter()
        .rposition(|l| !l.segments.is_empty())
        .map_or(0, |p| p + 1);
    for line in &lines[..end] {
        for segment in &line.segments {
            match (styled, ansi(segment.kind)) {
                (true, Some(code)) => write!(out, "\x1b[{code}m{}\x1b[0m", segment.text)?,
                _ => out.write_all(segment.text.as_bytes())?,
            }
        }
        writeln!(out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// SGR attributes only (bold, dim, underline): `show` writes no colours.
fn ansi(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Title => Some("1"),
        Kind::Heading(1) => Some("1"),
        Kind::Heading(_) => Some("1;3"),
        Kind::Meta | Kind::Rule | Kind::Marker => Some("2"),
        Kind::Emphasis | Kind::Label => Some("1"),
        Kind::Quote => Some("3"),
        Kind::Body | Kind::Bullet => None,
    }
}
