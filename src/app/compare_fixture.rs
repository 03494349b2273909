//! A small corpus of our own (not the seeds) with plain benefits and risks, for the compare
//! view's tests: three articles that agree on some statements and differ on others.

use crate::corpus::{Corpus, Origin};
use crate::model::{parse, Format};

pub fn compare_corpus() -> Corpus {
    let first = "Psilocybin Therapy: What Patients Should Know\n\
        Psilocybin therapy pairs a guided session with talk therapy.\n\
        Benefits of Psilocybin Therapy\n\
        - Rapid Relief: Many patients feel relief from depressive symptoms within hours of a session.\n\
        - Help With Anxiety: Studies suggest it can ease anxiety in patients facing serious illness.\n\
        Risks and Side Effects\n\
        - Nausea: Common side effects include nausea, headaches and dizziness.\n\
        - Cost: Sessions are expensive and rarely covered by insurance.\n";
    let second = "A Cautious Look at Psilocybin\n\
        Interest in psychedelic medicine has grown quickly in recent years.\n\
        Potential Benefits\n\
        Some patients report relief from depressive symptoms within hours after a single session.\n\
        Concerns\n\
        Side effects such as nausea and headaches can occur during sessions.\n\
        The long-term effects on memory are still unknown.\n";
    let third = "Psilocybin Retreats Explained\n\
        What the Research Says\n\
        Small trials suggest rapid relief for some patients, but confusion and nausea are common side effects.\n\
        Although nausea is common during sessions, most patients feel rapid relief within hours.\n\
        Access\n\
        Treatment is costly and not covered by insurance in most places.\n";
    Corpus {
        sources: vec![
            parse("p1_patients", "p1_patients.txt", first, Format::PlainText),
            parse("p2_cautious", "p2_cautious.txt", second, Format::PlainText),
            parse("p3_retreats", "p3_retreats.txt", third, Format::PlainText),
        ],
        warnings: Vec::new(),
        origin: Origin::Embedded,
    }
}
