//! `dossier [PATH]...` on a terminal: load the corpus and open the interactive reader.
//! Chooses the palette from the environment; the terminal work itself is `tui`'s.

use std::process::ExitCode;

use super::{fail, load_corpus, CorpusArgs, ReaderArgs, UsageError};
use crate::app::{Palette, Settings};
use crate::tui;

pub fn run(corpus_args: &CorpusArgs, reader: &ReaderArgs) -> ExitCode {
    let corpus = match load_corpus(corpus_args) {
        Ok(corpus) => corpus,
        Err(UsageError(message)) => return fail(&message),
    };
    if corpus.sources.is_empty() {
        return fail("no articles to read (.txt, .md or .markdown files)");
    }
    let settings = Settings {
        ascii: reader.ascii,
        palette: Palette::from_env(
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("COLORTERM").as_deref(),
        ),
    };
    match tui::run(corpus, settings) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) => {
            eprintln!("dossier: terminal error: {e}");
            ExitCode::from(1)
        }
    }
}
