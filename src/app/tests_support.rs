//! Test fixtures shared by the app and ui tests: a small corpus of articles of our own.

use crate::corpus::{Corpus, Origin};
use crate::model::{parse, Format};

/// Two articles of our own (not the seeds): headings, a child section, enough text to scroll.
pub fn sample_corpus() -> Corpus {
    let long = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "
        .repeat(14);
    let first = format!(
        "# Tidal Energy Notes\n\nA lead paragraph. {long}\n\n## Turbines\n\n{long}\n\n### Blade Wear\n\n{long}\n\n### Sediment\n\n{long}\n\n## Costs\n\n{long}\n\n- Build: slow and dear\n- Upkeep: modest\n\n## Outlook\n\n{long}\n"
    );
    let second = format!(
        "Second Article Title\nAn opening paragraph without a heading above it. {long}\nWhat Changed\n{long}\nWhat Stayed\n{long}\n"
    );
    let third = "Third One\nShort.\n".to_string();
    Corpus {
        sources: vec![
            parse("alpha", "alpha.md", &first, Format::Markdown),
            parse("beta", "beta.txt", &second, Format::PlainText),
            parse("gamma", "gamma.txt", &third, Format::PlainText),
        ],
        warnings: Vec::new(),
        origin: Origin::Embedded,
    }
}
