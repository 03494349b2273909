//! `dossier [PATH]...` on a terminal: load the corpus and open the interactive reader.
//! Chooses the palette from the environment; the terminal work itself is `tui`'s.

use std::process::ExitCode;

use super::{fail, load_corpus, CorpusArgs, ReaderArgs, UsageError};
use crate::app::{Palette, Settings, State};
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
        ..Settings::default()
    };
    // The size is learnt from the terminal once it is set up; a resume position or the
    // user's keymap would be applied to this state before it runs.
    let mut state = State::new(corpus, settings, 0, 0);
    // The risks-and-benefits view reads with the user's lexicon, as `dossier compare` does;
    // a broken file should not keep anyone from reading, so it is a notice, not an exit.
    match super::compare::load_config(None) {
        Ok(config) => state.compare.config = config,
        Err(message) => {
            if state.notice.is_none() {
                state.notice = Some(format!("{message} (the risks view uses the built-in one)"));
            }
        }
    }
    match tui::run(state) {
        Ok((exit, _state)) => ExitCode::from(exit.code()),
        Err(e) => {
            eprintln!("dossier: terminal error: {e}");
            ExitCode::from(1)
        }
    }
}
