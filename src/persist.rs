//! What dossier remembers between runs — the reading position and bookmarks of each corpus —
//! in `$XDG_STATE_HOME/dossier/state.json`. Writes are atomic (temp file + rename) so a crash
//! never loses what was saved; a corrupt file is reported and ignored, never fatal.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::Origin;

/// A place in a corpus, stable across runs: ids and file lines, not screen positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub source: String,
    /// The section's title, to find it again (None: the lead).
    pub section: Option<String>,
    /// The file line at the top of the text view (0: the very top).
    pub line: usize,
    /// Screen rows into that line (a long paragraph wraps to many), at the width it was saved.
    #[serde(default)]
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub position: Position,
    pub note: String,
}

/// Everything remembered about one corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusState {
    pub position: Option<Position>,
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateFile {
    /// Keyed by [`corpus_key`].
    #[serde(default)]
    pub corpora: BTreeMap<String, CorpusState>,
}

/// Names a corpus: `embedded`, or its paths made absolute.
pub fn corpus_key(origin: &Origin) -> String {
    match origin {
        Origin::Embedded => "embedded".to_string(),
        Origin::Paths(paths) => paths
            .iter()
            .map(|p| {
                std::fs::canonicalize(p)
                    .unwrap_or_else(|_| p.clone())
                    .display()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// `$XDG_STATE_HOME/dossier/state.json`, falling back to `~/.local/state/dossier/state.json`.
pub fn default_path() -> Option<PathBuf> {
    crate::config::xdg_dir("XDG_STATE_HOME", ".local/state")
        .map(|dir| dir.join("dossier").join("state.json"))
}

/// Reads the state file. Missing → empty; unreadable or corrupt → empty plus a notice.
pub fn load(path: &Path) -> (StateFile, Option<String>) {
    match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(state) => (state, None),
            Err(e) => (
                StateFile::default(),
                Some(format!(
                    "{}: ignored a corrupt state file ({e}); it will be replaced",
                    path.display()
                )),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (StateFile::default(), None),
        Err(e) => (
            StateFile::default(),
            Some(format!("{}: cannot read state ({e})", path.display())),
        ),
    }
}

/// Writes the state file atomically: a temp file beside it, flushed, then renamed over it.
pub fn save(path: &Path, state: &StateFile) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("state"),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        serde_json::to_writer_pretty(&mut file, state)?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> StateFile {
        let mut state = StateFile::default();
        state.corpora.insert(
            "embedded".into(),
            CorpusState {
                position: Some(Position {
                    source: "001".into(),
                    section: Some("Managing Risks".into()),
                    line: 31,
                    offset: 2,
                }),
                bookmarks: vec![Bookmark {
                    position: Position {
                        source: "000".into(),
                        section: None,
                        line: 2,
                        offset: 0,
                    },
                    note: "intro".into(),
                }],
            },
        );
        state
    }

    #[test]
    fn saves_and_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/state.json");
        save(&path, &sample()).unwrap();
        let (loaded, notice) = load(&path);
        assert_eq!(notice, None);
        assert_eq!(loaded, sample());
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "temp file left behind: {leftovers:?}");
    }

    #[test]
    fn corrupt_files_are_ignored_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, b"{\"corpora\": {\"x\": [1,2").unwrap();
        let (loaded, notice) = load(&path);
        assert_eq!(loaded, StateFile::default());
        assert!(notice.unwrap().contains("state.json"));
    }

    #[test]
    fn a_missing_file_is_empty_without_notice() {
        let dir = tempfile::tempdir().unwrap();
        let (loaded, notice) = load(&dir.path().join("none.json"));
        assert_eq!((loaded, notice), (StateFile::default(), None));
    }

    #[test]
    fn a_failed_save_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        save(&path, &sample()).unwrap();
        // A directory where the temp file would go makes the write fail before the rename.
        let temp = dir
            .path()
            .join(format!(".state.json.{}.tmp", std::process::id()));
        std::fs::create_dir(&temp).unwrap();
        assert!(save(&path, &StateFile::default()).is_err());
        assert_eq!(load(&path).0, sample());
    }
}
