//! `dossier compare`: benefits and risks side by side, grouped by topic, as text or JSON.
//! Everything from the files passes through `crate::sanitize` before it is printed.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::compare::{
    self, Comparison, Config, Entry, Lexicon, Stance, Taxonomy, TopicLookup, TopicRow,
};
use crate::corpus::Corpus;
use crate::sanitize::display_line;
use crate::wording::count;

/// Below this width the two columns are stacked instead of laid side by side.
const MIN_SIDE_BY_SIDE: usize = 50;
/// The narrowest text ever produced, whatever the terminal says.
const MIN_WIDTH: usize = 20;
const GUTTER: &str = " │ ";

/// Runs with the built-in lexicon, or the user's ($XDG_CONFIG_HOME/dossier/lexicon.toml).
pub fn run(
    corpus: &Corpus,
    topic: Option<&str>,
    json: bool,
    out: &mut dyn Write,
    width: usize,
) -> io::Result<ExitCode> {
    match load_config(None) {
        Ok(config) => run_with(corpus, &config, topic, json, out, width),
        Err(message) => Ok(crate::cli::fail(&message)),
    }
}

/// The comparison's data: the built-in lexicon merged with `lexicon` (a TOML file) or, when
/// None, with the user's config file if there is one.
pub fn load_config(lexicon: Option<&Path>) -> Result<Config, String> {
    Ok(Config {
        lexicon: Lexicon::load(lexicon).map_err(|e| format!("lexicon: {e}"))?,
        taxonomy: Taxonomy::default(),
    })
}

pub fn run_with(
    corpus: &Corpus,
    config: &Config,
    topic: Option<&str>,
    json: bool,
    out: &mut dyn Write,
    width: usize,
) -> io::Result<ExitCode> {
    let comparison = compare::compare(corpus, config);
    let rows = match topic {
        None => comparison.topics.clone(),
        Some(key) => match comparison.topic(key) {
            Ok(row) => vec![row],
            Err(error) => {
                let message = match error {
                    TopicLookup::NotFound => format!(
                        "no topic '{key}'; topics are: {}",
                        comparison.topic_names().join(", ")
                    ),
                    // The candidates are the useful list; every topic again would bury them.
                    TopicLookup::Ambiguous(matches) => {
                        format!("'{key}' matches several topics: {}", matches.join(", "))
                    }
                };
                return Ok(crate::cli::fail(&message));
            }
        },
    };
    if json {
        write_json(&comparison, &rows, topic.is_none(), out)?;
    } else {
        write_text(&comparison, &rows, out, width.max(MIN_WIDTH))?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    topics: Vec<JsonTopic<'a>>,
    sources: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<JsonCoverage<'a>>,
}

#[derive(Serialize)]
struct JsonTopic<'a> {
    topic: &'a str,
    benefits: Vec<JsonEntry<'a>>,
    risks: Vec<JsonEntry<'a>>,
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    text: &'a str,
    source: &'a str,
    section: Option<&'a str>,
    line: usize,
    sources: &'a [String],
    count: usize,
    /// Byte range of the clause this column is about, when the statement stands in both.
    emphasis: Option<[usize; 2]>,
    locations: Vec<JsonLocation<'a>>,
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    source: &'a str,
    section: Option<&'a str>,
    section_index: Option<usize>,
    line: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonCoverage<'a> {
    topics: Vec<String>,
    sources: &'a [String],
    /// `cells[topic][source]`: "benefit", "risk", "both" or null.
    cells: Vec<Vec<Option<&'static str>>>,
}

fn json_entry(entry: &Entry) -> Option<JsonEntry<'_>> {
    let primary = entry.primary()?;
    Some(JsonEntry {
        text: &entry.text,
        source: &primary.source_id,
        section: primary.section_title.as_deref(),
        line: primary.line,
        sources: &entry.sources,
        count: entry.source_count(),
        emphasis: entry.emphasis.as_ref().map(|r| [r.start, r.end]),
        locations: entry
            .locations
            .iter()
            .map(|l| JsonLocation {
                source: &l.source_id,
                section: l.section_title.as_deref(),
                section_index: l.section,
                line: l.line,
                text: &l.text,
            })
            .collect(),
    })
}

fn write_json(
    comparison: &Comparison,
    rows: &[TopicRow],
    with_coverage: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let coverage = with_coverage.then(|| {
        let grid = comparison.coverage();
        JsonCoverage {
            topics: grid.topics.clone(),
            sources: &comparison.sources,
            cells: grid
                .cells
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| match cell.stance() {
                            Stance::Silent => None,
                            Stance::Benefit => Some("benefit"),
                            Stance::Risk => Some("risk"),
                            Stance::Both => Some("both"),
                        })
                        .collect()
                })
                .collect(),
        }
    });
    let doc = JsonDoc {
        topics: rows
            .iter()
            .map(|row| JsonTopic {
                topic: &row.name,
                benefits: row.benefits.iter().filter_map(json_entry).collect(),
                risks: row.risks.iter().filter_map(json_entry).collect(),
            })
            .collect(),
        sources: &comparison.sources,
        coverage,
    };
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}

/// A benefits-against-risks bar of `width` cells: `+` for benefits, `-` for risks.
pub fn balance_bar(benefits: usize, risks: usize, width: usize) -> String {
    let total = benefits + risks;
    if total == 0 || width == 0 {
        return String::new();
    }
    let plus = (benefits * width + total / 2) / total;
    format!("{}{}", "+".repeat(plus), "-".repeat(width - plus))
}

fn pad(line: &str, width: usize) -> String {
    let shown = line.width();
    format!("{line}{}", " ".repeat(width.saturating_sub(shown)))
}

/// An entry as lines of at most `width` columns: badge and section, the statement (its
/// emphasised clause between `**`), and how many sources agree.
fn entry_lines(
    entry: &Entry,
    badge_of: &dyn Fn(&str) -> String,
    total: usize,
    width: usize,
) -> Vec<String> {
    let Some(primary) = entry.primary() else {
        return Vec::new();
    };
    let mut head = format!("[{}]", badge_of(&primary.source_id));
    match &primary.section_title {
        Some(title) => {
            head.push(' ');
            head.push_str(&display_line(title));
        }
        None => {
            head.push(' ');
            head.push_str(crate::model::LEAD_NAME);
        }
    }
    let options = textwrap::Options::new(width.max(1)).break_words(true);
    let mut lines: Vec<String> = textwrap::wrap(&head, options.clone().subsequent_indent("  "))
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    if lines.len() > 2 {
        // A long section title gets two lines at most; the ellipsis says it was cut.
        lines.truncate(2);
        if let Some(last) = lines.last_mut() {
            while last.width() + 1 > width && last.pop().is_some() {}
            last.push('…');
        }
    }
    let text = match &entry.emphasis {
        Some(range) if entry.text.get(range.clone()).is_some() => format!(
            "{}**{}**{}",
            display_line(&entry.text[..range.start]),
            display_line(&entry.text[range.clone()]),
            display_line(&entry.text[range.end..])
        ),
        _ => display_line(&entry.text).into_owned(),
    };
    let body = options.initial_indent("  ").subsequent_indent("  ");
    lines.extend(
        textwrap::wrap(&text, body)
            .into_iter()
            .map(|l| l.into_owned()),
    );
    if entry.source_count() > 1 {
        let others: Vec<String> = entry.sources.iter().map(|id| badge_of(id)).collect();
        let agree = format!(
            "  {} of {}: {}",
            entry.source_count(),
            count(total, "source"),
            crate::wording::listed(&others, crate::wording::BADGES_LISTED)
        );
        let options = textwrap::Options::new(width.max(1))
            .break_words(true)
            .subsequent_indent("    ");
        lines.extend(
            textwrap::wrap(&agree, options)
                .into_iter()
                .map(|l| l.into_owned()),
        );
    }
    lines
}

fn write_text(
    comparison: &Comparison,
    rows: &[TopicRow],
    out: &mut dyn Write,
    width: usize,
) -> io::Result<()> {
    let ids = &comparison.sources;
    let short = compare::badges(ids);
    let badge_of = |id: &str| -> String {
        ids.iter().position(|i| i == id).map_or_else(
            || display_line(id).into_owned(),
            |i| display_line(&short[i]).into_owned(),
        )
    };
    let total = ids.len();
    let benefit_count: usize = rows.iter().map(|r| r.benefits.len()).sum();
    let risk_count: usize = rows.iter().map(|r| r.risks.len()).sum();
    let summary = format!(
        "{} and {} in {}, from {}",
        count(benefit_count, "benefit"),
        count(risk_count, "risk"),
        count(rows.len(), "topic"),
        count(total, "source")
    );
    for line in textwrap::wrap(&summary, width) {
        writeln!(out, "{line}")?;
    }
    let side_by_side = width >= MIN_SIDE_BY_SIDE;
    let column = if side_by_side {
        (width - GUTTER.width()) / 2
    } else {
        width
    };
    for row in rows {
        writeln!(out)?;
        let speaking = row.sources(ids).len();
        let bar = balance_bar(row.benefits.len(), row.risks.len(), 10);
        let title = format!(
            "== {} : {}, {}, {speaking} of {} [{bar}]",
            display_line(&row.name),
            count(row.benefits.len(), "benefit"),
            count(row.risks.len(), "risk"),
            count(total, "source")
        );
        // Only at spaces: the line-breaking rules would split the bar at its `+` and `-`.
        let title_wrap = textwrap::Options::new(width)
            .break_words(true)
            .word_separator(textwrap::WordSeparator::AsciiSpace);
        for line in textwrap::wrap(&title, title_wrap) {
            writeln!(out, "{line}")?;
        }
        if row.benefits.is_empty() && row.risks.is_empty() {
            writeln!(out, "  (nothing stated)")?;
            continue;
        }
        if side_by_side {
            writeln!(out, "{}{GUTTER}RISKS", pad("BENEFITS", column))?;
            writeln!(
                out,
                "{}",
                "-".repeat(width.min(column * 2 + GUTTER.width()))
            )?;
            let count = row.benefits.len().max(row.risks.len());
            for i in 0..count {
                let left = row
                    .benefits
                    .get(i)
                    .map(|e| entry_lines(e, &badge_of, total, column))
                    .unwrap_or_default();
                let right = row
                    .risks
                    .get(i)
                    .map(|e| entry_lines(e, &badge_of, total, column))
                    .unwrap_or_default();
                for n in 0..left.len().max(right.len()) {
                    let l = left.get(n).map_or("", String::as_str);
                    let r = right.get(n).map_or("", String::as_str);
                    let line = format!("{}{GUTTER}{r}", pad(l, column));
                    writeln!(out, "{}", line.trim_end())?;
                }
                if i + 1 < count {
                    writeln!(out, "{}{}", " ".repeat(column), GUTTER.trim_end())?;
                }
            }
        } else {
            for (heading, entries) in [("BENEFITS", &row.benefits), ("RISKS", &row.risks)] {
                if entries.is_empty() {
                    continue;
                }
                writeln!(out, "{heading}")?;
                for entry in entries {
                    for line in entry_lines(entry, &badge_of, total, column) {
                        writeln!(out, "{line}")?;
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_bar_reads_at_a_glance() {
        assert_eq!(balance_bar(3, 1, 8), "++++++--");
        assert_eq!(balance_bar(0, 2, 4), "----");
        assert_eq!(balance_bar(0, 0, 4), "");
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn render(width: usize) -> String {
        let corpus = crate::corpus::embedded();
        let mut out = Vec::new();
        let code = run_with(&corpus, &Config::default(), None, false, &mut out, width)
            .expect("write to a Vec");
        assert_eq!(code, ExitCode::SUCCESS);
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn every_width_is_respected_and_narrow_widths_stack_the_columns() {
        for width in [20, 35, 49, 50, 80, 120] {
            let text = render(width);
            for line in text.lines() {
                assert!(line.width() <= width, "width {width}: {line:?}");
            }
            assert_eq!(
                text.contains(" │ "),
                width >= MIN_SIDE_BY_SIDE,
                "width {width}"
            );
        }
    }

    #[test]
    fn a_wrapped_topic_title_keeps_its_balance_bar_whole() {
        for width in [40, 60, 80] {
            let text = render(width);
            assert!(text.contains("== "), "width {width}: no topic titles");
            for line in text.lines() {
                if let Some(open) = line.rfind(" [") {
                    let bar = &line[open + 2..];
                    if bar.chars().all(|c| c == '+' || c == '-') && !bar.is_empty() {
                        panic!("width {width}: a bar cut at the line's end: {line:?}");
                    }
                }
                let start = line.trim_start();
                if start.starts_with(['+', '-']) && start.trim_end().ends_with(']') {
                    panic!("width {width}: the rest of a cut bar: {line:?}");
                }
            }
        }
    }

    #[test]
    fn a_tiny_width_does_not_panic() {
        for width in [0, 1, 5] {
            assert!(!render(width).is_empty());
        }
    }
}
