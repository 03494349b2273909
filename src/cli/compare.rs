//! `dossier compare`: benefits and risks side by side, grouped by topic, as text or JSON.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::corpus::Corpus;

pub fn run(
    _corpus: &Corpus,
    _topic: Option<&str>,
    _json: bool,
    _out: &mut dyn Write,
    _width: usize,
) -> io::Result<ExitCode> {
    eprintln!("dossier: compare is not implemented yet");
    Ok(ExitCode::from(2))
}
