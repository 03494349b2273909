//! `dossier search QUERY`: fuzzy hits across the corpus as `source · section · line: snippet` or JSON.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::corpus::Corpus;

pub fn run(
    _corpus: &Corpus,
    _query: &str,
    _limit: usize,
    _json: bool,
    _out: &mut dyn Write,
    _is_tty: bool,
) -> io::Result<ExitCode> {
    eprintln!("dossier: search is not implemented yet");
    Ok(ExitCode::from(2))
}
