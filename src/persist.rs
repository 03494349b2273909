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

/// Why a state file could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not JSON of the right shape: nothing in it can be used, so it may be replaced.
    Corrupt,
    /// It exists but can't be read (permissions, a directory): don't write over what we
    /// could not see.
    Unreadable,
}

/// Reads the state file. Missing → empty; unreadable or corrupt → empty plus the problem
/// and a notice for the user.
pub fn load_file(path: &Path) -> (StateFile, Option<(Problem, String)>) {
    match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(state) => (state, None),
            Err(e) => (
                StateFile::default(),
                Some((
                    Problem::Corrupt,
                    format!("ignored a corrupt state file {} ({e})", path.display()),
                )),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (StateFile::default(), None),
        Err(e) => (
            StateFile::default(),
            Some((
                Problem::Unreadable,
                format!("cannot read state file {} ({e})", path.display()),
            )),
        ),
    }
}

/// Reads the state file. Missing → empty; unreadable or corrupt → empty plus a notice.
pub fn load(path: &Path) -> (StateFile, Option<String>) {
    let (state, problem) = load_file(path);
    (state, problem.map(|(_, notice)| notice))
}

/// Moves a corrupt state file aside (`state.json.corrupt`), so replacing it loses nothing.
pub fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".corrupt");
    let aside = path.with_file_name(name);
    std::fs::rename(path, &aside)?;
    Ok(aside)
}

/// Saves one corpus's entry, keeping the other corpora as they are on disk now (another
/// dossier may have saved since this one started).
pub fn save_corpus(path: &Path, key: &str, corpus: &CorpusState) -> std::io::Result<()> {
    save_corpus_with(path, key, |_| corpus.clone()).map(|_| ())
}

/// Saves one corpus's entry built by `update` from the entry on disk now, keeping the other
/// corpora as they are; returns what was saved.
pub fn save_corpus_with(
    path: &Path,
    key: &str,
    update: impl FnOnce(CorpusState) -> CorpusState,
) -> std::io::Result<CorpusState> {
    let (mut file, _) = load(path);
    let on_disk = file.corpora.remove(key);
    let corpus = update(on_disk.clone().unwrap_or_default());
    if on_disk.as_ref() == Some(&corpus) {
        // Quitting where the last session left off is common; it costs no write and no fsync.
        return Ok(corpus);
    }
    file.corpora.insert(key.to_string(), corpus.clone());
    save(path, &file)?;
    Ok(corpus)
}

/// Bookmarks after a save when another dossier on the same corpus may have saved too: what is
/// on disk, less what this session deleted (had at `baseline`, no longer in `ours`), plus
/// what it added. Neither session's additions are lost.
pub fn merge_bookmarks(
    on_disk: &[Bookmark],
    baseline: &[Bookmark],
    ours: &[Bookmark],
) -> Vec<Bookmark> {
    let mut merged: Vec<Bookmark> = on_disk
        .iter()
        .filter(|b| ours.contains(b) || !baseline.contains(b))
        .cloned()
        .collect();
    for bookmark in ours {
        if !merged.contains(bookmark) {
            merged.push(bookmark.clone());
        }
    }
    merged
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
    fn saving_one_corpus_keeps_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        save(&path, &sample()).unwrap();
        let other = CorpusState {
            position: None,
            bookmarks: Vec::new(),
        };
        save_corpus(&path, "/some/folder", &other).unwrap();
        let (loaded, _) = load(&path);
        assert_eq!(loaded.corpora["embedded"], sample().corpora["embedded"]);
        assert_eq!(loaded.corpora["/some/folder"], other);
    }

    #[test]
    fn an_entry_already_on_disk_is_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let compact = serde_json::to_vec(&sample()).unwrap();
        std::fs::write(&path, &compact).unwrap();
        let embedded = &sample().corpora["embedded"];
        save_corpus(&path, "embedded", embedded).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), compact, "rewritten");
        let moved = CorpusState {
            position: None,
            ..embedded.clone()
        };
        save_corpus(&path, "embedded", &moved).unwrap();
        assert_eq!(load(&path).0.corpora["embedded"], moved);
    }

    #[test]
    fn a_corrupt_file_is_set_aside_and_an_unreadable_one_is_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, b"not json").unwrap();
        assert!(matches!(load_file(&path).1, Some((Problem::Corrupt, _))));
        let aside = set_aside(&path).unwrap();
        assert_eq!(std::fs::read(&aside).unwrap(), b"not json");
        assert!(!path.exists());

        // A directory where the file should be can't be read (even by root).
        std::fs::create_dir(&path).unwrap();
        let (state, problem) = load_file(&path);
        assert_eq!(state, StateFile::default());
        assert!(matches!(problem, Some((Problem::Unreadable, _))));
    }

    #[test]
    fn positions_saved_before_offsets_existed_still_load() {
        let json =
            r#"{"corpora":{"embedded":{"position":{"source":"a","section":null,"line":7}}}}"#;
        let state: StateFile = serde_json::from_str(json).unwrap();
        let position = state.corpora["embedded"].position.clone().unwrap();
        assert_eq!((position.line, position.offset), (7, 0));
    }

    #[test]
    fn two_sessions_keep_each_others_bookmarks() {
        let mark = |line: usize, note: &str| Bookmark {
            position: Position {
                source: "s".into(),
                section: None,
                line,
                offset: 0,
            },
            note: note.into(),
        };
        let baseline = vec![mark(1, "old"), mark(2, "shared")];
        // The other session added 7 and deleted 1; this one added 9, deleted 2, renoted 1.
        let on_disk = vec![mark(2, "shared"), mark(7, "theirs")];
        let ours = vec![mark(1, "renoted"), mark(9, "mine")];
        assert_eq!(
            merge_bookmarks(&on_disk, &baseline, &ours),
            vec![mark(7, "theirs"), mark(1, "renoted"), mark(9, "mine")]
        );
        assert_eq!(merge_bookmarks(&ours, &ours, &ours), ours);
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
