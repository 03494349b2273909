//! Prints every statement of the given article files as TSV (file, line, reading, text;
//! the reading is benefit, risk, neither or both):
//! a starting point for labelling, and a way to see how the classifier reads a corpus.
//! With `--blind` first it prints the shape of a label file (path as given, line, an empty
//! label, the statement) and no reading, for annotators who must not see one.
use std::path::PathBuf;

use dossier::compare::{compare, Config};
use dossier::corpus::{self, LoadOptions};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let blind = args.first().is_some_and(|a| a == "--blind");
    if blind {
        args.remove(0);
    }
    let paths: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    let corpus = if paths.is_empty() {
        corpus::embedded()
    } else {
        match corpus::load(&paths, LoadOptions::default()) {
            Ok(corpus) => corpus,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        }
    };
    let comparison = compare(&corpus, &Config::default());
    for c in &comparison.statements {
        let path = &corpus.sources[c.statement.source].path;
        let line = c.statement.line;
        let text = c.statement.text.replace('\t', " ");
        if blind {
            println!("{path}\t{line}\t\t{text}");
            continue;
        }
        let file = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("{file}\t{line}\t{}\t{text}", c.classification.reading());
    }
}
