//! `dossier completions SHELL` and `dossier man`: generated from the clap definitions, so they
//! never drift from the real arguments.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;

pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> io::Result<ExitCode> {
    clap_complete::generate(shell, &mut Cli::command(), "dossier", out);
    Ok(ExitCode::SUCCESS)
}

pub fn man(out: &mut dyn Write) -> io::Result<ExitCode> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(ExitCode::SUCCESS)
}
