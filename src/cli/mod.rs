//! The command line: argument definitions (clap derive) and one module per subcommand.
//! Subcommands print text or JSON to stdout; warnings and errors go to stderr.

pub mod compare;
pub mod docs;
pub mod outline;
pub mod reader;
pub mod search;
pub mod show;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::corpus::{self, Corpus, LoadOptions, DEFAULT_MAX_FILE_SIZE};
use crate::sanitize;

const EXAMPLES: &str = "\
Examples:
  dossier                          read the five embedded articles
  dossier ~/articles notes.md      read a folder and a file
  dossier outline --json           headings of every article, as JSON
  dossier show 001#risks           print one section, wrapped
  dossier search 'nasal spray'     find a topic (fzf syntax: 'exact ^prefix suffix$ !not a|b)
  dossier compare --topic cost     benefits and risks side by side
  dossier --fresh                  start at the top instead of where you left off
  dossier --print-config           the settings in effect, as config.toml would say them

Files:
  $XDG_CONFIG_HOME/dossier/config.toml   theme, max_width, mouse, [keys] (~/.config/...)
  $XDG_STATE_HOME/dossier/state.json     reading positions and bookmarks (~/.local/state/...)";

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Read and weigh a folder of articles on one topic, in the terminal",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub corpus: CorpusArgs,

    #[command(flatten)]
    pub reader: ReaderArgs,
}

/// Where the articles come from; shared by every subcommand.
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// Article files (.txt, .md, .markdown) or folders; none reads the embedded articles
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Refuse files larger than this (bytes, or with a K, M or G suffix)
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_file_size: u64,
}

/// Options of the interactive reader.
#[derive(Debug, Clone, Args)]
pub struct ReaderArgs {
    /// Draw borders with ASCII characters only
    #[arg(long)]
    pub ascii: bool,

    /// Start at the top instead of where you left off (bookmarks are kept)
    #[arg(long)]
    pub fresh: bool,

    /// Read this config file instead of $XDG_CONFIG_HOME/dossier/config.toml (checked by
    /// every command: one that cannot be used is an error)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, global = true)]
    pub config: Option<PathBuf>,

    /// Print the effective configuration (TOML) and the file it came from, then exit
    #[arg(long)]
    pub print_config: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the section tree of every article
    Outline {
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Print an article, or one section of it, as wrapped text
    Show {
        /// SOURCE id (or unique prefix), optionally #SECTION: a number as `outline` lists it
        /// (#3), a heading's line (L25), or a title (or unique part of it)
        #[arg(value_name = "SOURCE[#SECTION]")]
        target: String,
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Wrap to this many columns (default: the terminal's width, at most 100)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        width: Option<u16>,
    },
    /// Fuzzy-search every article (fzf syntax); exit 1 when nothing matches
    Search {
        /// The query: terms ANDed in any order; 'exact ^prefix suffix$ !negated a | b
        query: String,
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Show at most this many hits (1 or more)
        #[arg(long, value_name = "N", default_value_t = 20, value_parser = parse_limit)]
        limit: usize,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Lay benefits and risks side by side, grouped by topic
    Compare {
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Only this topic (a unique part of its name)
        #[arg(long, value_name = "T")]
        topic: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// Cue lexicon (TOML) whose tables replace the built-in ones
        /// [default: $XDG_CONFIG_HOME/dossier/lexicon.toml if it exists]
        #[arg(long, value_name = "FILE")]
        lexicon: Option<PathBuf>,
    },
    /// Print a shell completion script (install: see README)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout
    Man,
}

/// Parses the command line, refusing the reader's options beside a subcommand: clap would
/// accept `dossier --fresh outline` and silently do nothing with `--fresh`. `--config` is
/// global, so it may stand before or after a subcommand.
pub fn parse_args() -> Cli {
    use clap::parser::ValueSource;
    use clap::{CommandFactory, FromArgMatches};
    let mut command = Cli::command();
    let matches = command.get_matches_mut();
    if let Some((name, _)) = matches.subcommand() {
        let misplaced = [
            ("ascii", "--ascii"),
            ("fresh", "--fresh"),
            ("print_config", "--print-config"),
            ("max_file_size", "--max-file-size"),
            ("paths", "PATH"),
        ]
        .into_iter()
        .find(|(id, _)| matches.value_source(id) == Some(ValueSource::CommandLine));
        if let Some((id, shown)) = misplaced {
            let message = if matches!(id, "max_file_size" | "paths") {
                format!("{shown} goes after the subcommand: `dossier {name} … {shown}`")
            } else {
                format!("{shown} is an option of the reader; `dossier {name}` does not take it")
            };
            command
                .error(clap::error::ErrorKind::ArgumentConflict, message)
                .exit();
        }
    }
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// For `dossier outlne`: a path that does not exist, written like a word close to a
/// subcommand's name, gets `did you mean` help (clap can't tell it from a folder's name).
pub fn mistyped_subcommand(paths: &[PathBuf]) -> Option<String> {
    use clap::CommandFactory;
    let path = paths.iter().find(|p| p.symlink_metadata().is_err())?;
    let word = path.to_str()?;
    if word.len() < 2 || !word.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let command = Cli::command();
    let scored: Vec<(f64, &str)> = command
        .get_subcommands()
        .map(|sub| sub.get_name())
        .filter(|name| *name != "help")
        .map(|name| {
            // A prefix (`comp`) is as good as a near miss (`serach`).
            let score = if name.starts_with(&lower) {
                1.0
            } else {
                strsim::jaro(&lower, name)
            };
            (score, name)
        })
        .collect();
    let best = scored.iter().map(|(score, _)| *score).fold(0.0, f64::max);
    // clap's own threshold for "a similar subcommand exists".
    if best < 0.7 {
        return None;
    }
    if let Some((_, name)) = scored.iter().find(|(_, name)| *name == lower) {
        // `dossier notes.md outline`: the right word in the wrong place.
        return Some(format!(
            "{word}: no such file or directory; a subcommand goes first: `dossier {name} [PATH]...`"
        ));
    }
    let names: Vec<String> = scored
        .iter()
        .filter(|(score, _)| *score == best)
        .map(|(_, name)| format!("`dossier {name}`"))
        .collect();
    Some(format!(
        "{word}: no such file or directory; did you mean {}?",
        names.join(" or ")
    ))
}

/// A count of hits: a whole number, at least 1 (0 would hide every hit and exit 1).
pub fn parse_limit(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("the limit must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{text}' is not a whole number")),
    }
}

/// `64M`, `512k`, `1G` or plain bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a size (try 64M)"))?;
    let multiplier: u64 = match unit
        .to_ascii_lowercase()
        .trim_end_matches("ib")
        .trim_end_matches('b')
    {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        _ => return Err(format!("'{text}' has an unknown unit (use K, M or G)")),
    };
    number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("'{text}' is too large"))
}

impl Default for CorpusArgs {
    fn default() -> Self {
        CorpusArgs {
            paths: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// A failure that ends the command with exit code 2, after its message is printed.
#[derive(Debug)]
pub struct UsageError(pub String);

/// Loads the corpus named by the arguments, printing warnings to stderr.
pub fn load_corpus(args: &CorpusArgs) -> Result<Corpus, UsageError> {
    let corpus = read_corpus(args)?;
    let mut stderr = io::stderr().lock();
    for warning in &corpus.warnings {
        let _ = writeln!(
            stderr,
            "dossier: warning: {}",
            sanitize::display_line(warning)
        );
    }
    if corpus.sources.is_empty() {
        // Nothing to show is a mistake in the paths, not an empty success (the reader agrees).
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(UsageError(format!(
            "{}: no articles to read (.txt, .md or .markdown files)",
            paths.join(", ")
        )));
    }
    Ok(corpus)
}

/// The corpus `args` name, its warnings kept in it rather than printed.
pub fn read_corpus(args: &CorpusArgs) -> Result<Corpus, UsageError> {
    Ok(if args.paths.is_empty() {
        corpus::embedded()
    } else {
        corpus::load(
            &args.paths,
            LoadOptions {
                max_file_size: args.max_file_size,
            },
        )
        .map_err(|e| UsageError(e.to_string()))?
    })
}

/// Runs a subcommand's output closure, treating a closed pipe (`| head`) as success.
pub fn with_stdout(body: impl FnOnce(&mut dyn Write, bool) -> io::Result<ExitCode>) -> ExitCode {
    let stdout = io::stdout();
    let is_tty = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = body(&mut out, is_tty).and_then(|code| out.flush().map(|_| code));
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dossier: cannot write output: {e}");
            ExitCode::from(2)
        }
    }
}

/// Prints `dossier: error: …` and gives exit code 2.
pub fn fail(message: &str) -> ExitCode {
    eprintln!("dossier: error: {}", sanitize::display_line(message));
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("10"), Ok(10));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5Q").is_err());
    }

    #[test]
    fn arguments_are_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
