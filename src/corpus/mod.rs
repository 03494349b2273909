//! Finds article files, reads and decodes them, and parses each into a Source.
//! Also holds the embedded seed articles. Bad files become warnings; only a bad
//! command-line path is an error.

mod decode;
// The seeds' text: the binary holds their model (src/build.rs); a test parses them afresh.
#[cfg(test)]
mod embedded;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::{self, Format, Source};

pub use decode::{decode, decode_owned, normalise_newlines, Decoded};

/// Files larger than this are refused unless the user raises the limit.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Where a corpus came from; resume state and titles key on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    Paths(Vec<PathBuf>),
}

#[derive(Debug, Clone)]
pub struct Corpus {
    pub sources: Vec<Source>,
    /// One line each, naming the file: skipped binaries, lossy decoding, unreadable entries.
    pub warnings: Vec<String>,
    pub origin: Origin,
}

impl Corpus {
    /// Looks a source up by exact id, then by unique id prefix.
    pub fn find(&self, key: &str) -> Result<usize, LookupError> {
        if let Some(i) = self.sources.iter().position(|s| s.id == key) {
            return Ok(i);
        }
        let matches: Vec<usize> = (0..self.sources.len())
            .filter(|&i| self.sources[i].id.starts_with(key))
            .collect();
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(LookupError::NotFound),
            many => Err(LookupError::Ambiguous(
                many.iter().map(|&i| self.sources[i].id.clone()).collect(),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    NotFound,
    Ambiguous(Vec<String>),
}

#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub max_file_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// A command-line path that cannot be used at all.
#[derive(Debug)]
pub struct PathError {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for PathError {}

/// The seed articles compiled into the binary, as the build script parsed them.
pub fn embedded() -> Corpus {
    Corpus {
        sources: baked_seeds(),
        warnings: Vec::new(),
        origin: Origin::Embedded,
    }
}

/// The seeds' model, built by code src/build.rs wrote.
fn baked_seeds() -> Vec<Source> {
    use crate::model::{Block, Boilerplate, ListItem, MetaLines, Section, Span};
    include!(concat!(env!("OUT_DIR"), "/embedded_model.rs"))
}

/// Loads every article under `paths` (files and folders, folders walked in sorted order).
pub fn load(paths: &[PathBuf], options: LoadOptions) -> Result<Corpus, PathError> {
    let mut warnings = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        collect_files(path, &mut files, &mut warnings)?;
    }
    let mut sources = Vec::with_capacity(files.len());
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    for (source, file_warnings) in load_files(&files, options) {
        warnings.extend(file_warnings);
        if let Some(mut source) = source {
            let count = seen_ids.entry(source.id.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                // Two folders may hold files with the same stem; ids must stay unique.
                source.id = format!("{}~{}", source.id, count);
            }
            sources.push(source);
        }
    }
    Ok(Corpus {
        sources,
        warnings,
        origin: Origin::Paths(paths.to_vec()),
    })
}

/// Reads and parses `files` on all cores; results come back in the order of `files`.
/// A file's source (None when skipped) and the warnings it gave.
type Loaded = (Option<Source>, Vec<String>);

fn load_files(files: &[PathBuf], options: LoadOptions) -> Vec<Loaded> {
    let load_one = |file: &PathBuf| {
        let mut warnings = Vec::new();
        let source = load_file(file, options, &mut warnings);
        (source, warnings)
    };
    crate::parallel::map_in_order(files.len(), 8, |n| load_one(&files[n]))
}

fn is_article_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "txt" | "md" | "markdown"))
}

fn collect_files(
    path: &Path,
    files: &mut Vec<PathBuf>,
    warnings: &mut Vec<String>,
) -> Result<(), PathError> {
    let metadata = std::fs::metadata(path).map_err(|e| PathError {
        path: path.to_path_buf(),
        reason: io_reason(&e),
    })?;
    if !metadata.is_dir() {
        // A file named on the command line is read whatever its extension: the user chose it.
        files.push(path.to_path_buf());
        return Ok(());
    }
    std::fs::read_dir(path).map_err(|e| PathError {
        path: path.to_path_buf(),
        reason: io_reason(&e),
    })?;
    let walker = walkdir::WalkDir::new(path)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_article_file(entry.path()) => {
                files.push(entry.into_path())
            }
            Ok(_) => {}
            Err(error) => {
                let shown = error
                    .path()
                    .map_or_else(|| path.display().to_string(), |p| p.display().to_string());
                let reason = if error.loop_ancestor().is_some() {
                    "symlink loop, not followed".to_string()
                } else if let Some(io) = error.io_error() {
                    io_reason(io)
                } else {
                    error.to_string()
                };
                warnings.push(format!("{shown}: skipped: {reason}"));
            }
        }
    }
    Ok(())
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "untitled".to_string())
}

fn load_file(path: &Path, options: LoadOptions, warnings: &mut Vec<String>) -> Option<Source> {
    let shown = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > options.max_file_size => {
            warnings.push(format!(
                "{shown}: skipped: {} bytes is over the {} byte limit (--max-file-size)",
                meta.len(),
                options.max_file_size
            ));
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            warnings.push(format!("{shown}: skipped: {}", io_reason(&e)));
            return None;
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            warnings.push(format!("{shown}: skipped: {}", io_reason(&e)));
            return None;
        }
    };
    match decode_owned(bytes) {
        Decoded::Binary(reason) => {
            warnings.push(format!("{shown}: skipped: not a text file ({reason})"));
            None
        }
        Decoded::Text { text, lossy } => {
            if lossy {
                warnings.push(format!("{shown}: invalid UTF-8 replaced with \u{fffd}"));
            }
            Some(parse_text(&shown, &text, &stem(path)))
        }
    }
}

fn parse_text(path: &str, text: &str, id: &str) -> Source {
    model::parse(id, path, text, Format::from_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_seeds() -> Vec<Source> {
        embedded::SEEDS
            .iter()
            .map(|(name, text)| embedded::parse_seed(name, text))
            .collect()
    }

    #[test]
    fn the_baked_seeds_are_the_seeds_parsed_now() {
        let baked = baked_seeds();
        assert_eq!(baked.len(), embedded::SEEDS.len());
        assert_eq!(baked, parse_seeds());
        // And what loading the seeds folder gives, the same files read as any others are.
        for ((name, text), baked) in embedded::SEEDS.iter().zip(&baked) {
            let path = format!("seeds/{name}");
            let loaded = parse_text(
                &path,
                &decode::normalise_newlines(text),
                &stem(Path::new(name)),
            );
            assert_eq!(&loaded, baked, "{name}");
        }
        assert_eq!(embedded().sources, baked);
        assert!(baked.iter().all(|source| !source.sections.is_empty()));
    }
}
