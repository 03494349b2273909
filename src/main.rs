//! Entry point: parse arguments and hand over to the reader or a subcommand; nothing else.

use std::io::IsTerminal;
use std::process::ExitCode;

use dossier::cli::{self, Command};

fn main() -> ExitCode {
    let args = cli::parse_args();
    // A config named on the command line must be usable, whatever runs and wherever stdout goes.
    if args.reader.config.is_some() {
        if let Err(message) = cli::reader::check_config(&args.reader) {
            return cli::fail(&message);
        }
    }
    if args.command.is_none() {
        if let Some(message) = cli::mistyped_subcommand(&args.corpus.paths) {
            return cli::fail(&message);
        }
    }
    match args.command {
        Some(Command::Completions { shell }) => {
            cli::with_stdout(|out, _| cli::docs::completions(shell, out))
        }
        Some(Command::Man) => cli::with_stdout(|out, _| cli::docs::man(out)),
        Some(command) => run(command),
        None if args.reader.print_config => cli::reader::print_config(&args.reader),
        None if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() => {
            cli::reader::run(&args.corpus, &args.reader)
        }
        // Not a terminal (a pipe, a script): print the outline instead of a screen.
        None => run(Command::Outline {
            corpus: args.corpus,
            json: false,
        }),
    }
}

/// Runs a subcommand that reads the corpus.
fn run(command: Command) -> ExitCode {
    let corpus_args = match &command {
        Command::Outline { corpus, .. }
        | Command::Show { corpus, .. }
        | Command::Search { corpus, .. }
        | Command::Compare { corpus, .. } => corpus.clone(),
        Command::Completions { .. } | Command::Man => cli::CorpusArgs::default(),
    };
    let corpus = match cli::load_corpus(&corpus_args) {
        Ok(corpus) => corpus,
        Err(cli::UsageError(message)) => return cli::fail(&message),
    };
    match command {
        Command::Outline { json, .. } => {
            cli::with_stdout(|out, _| cli::outline::run(&corpus, json, out))
        }
        Command::Show { target, width, .. } => match cli::show::resolve(&corpus, &target) {
            Ok(target) => cli::with_stdout(|out, is_tty| {
                let width = width.map_or_else(|| cli::show::default_width(is_tty), usize::from);
                cli::show::run(&target, width, out, is_tty)
            }),
            Err(message) => cli::fail(&message),
        },
        Command::Search {
            query, limit, json, ..
        } => cli::with_stdout(|out, is_tty| {
            // The index takes the corpus; a query that finds nothing reads it again to try
            // looser forms.
            let reread = || cli::read_corpus(&corpus_args).ok();
            cli::search::run(corpus, &reread, &query, limit, json, out, is_tty)
        }),
        Command::Compare {
            topic,
            json,
            lexicon,
            ..
        } => match cli::compare::load_config(lexicon.as_deref()) {
            Ok(config) => cli::with_stdout(|out, is_tty| {
                let width = cli::show::default_width(is_tty);
                cli::compare::run_with(&corpus, &config, topic.as_deref(), json, out, width)
            }),
            Err(message) => cli::fail(&message),
        },
        Command::Completions { shell } => {
            cli::with_stdout(|out, _| cli::docs::completions(shell, out))
        }
        Command::Man => cli::with_stdout(|out, _| cli::docs::man(out)),
    }
}
