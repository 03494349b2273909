//! `dossier [PATH]...` on a terminal: read the config, load the corpus and the saved reading
//! position and bookmarks, open the interactive reader, and save where the user stopped.
//! Config errors are reported before the terminal is touched; the terminal work is `tui`'s.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{fail, load_corpus, CorpusArgs, ReaderArgs, UsageError};
use crate::app::compare_view::{self, ConfigSource};
use crate::app::{keymap, Background, Keymap, Mode, Palette, Pane, Settings, State};
use crate::config::{self, Config, KeyList, ThemeName};
use crate::persist::{self, Bookmark, CorpusState, Problem};
use crate::tui;

/// The config file in use: `--config FILE` (which must exist), or the default path.
fn config_path(reader: &ReaderArgs) -> Option<PathBuf> {
    reader.config.clone().or_else(config::default_path)
}

/// Reads and checks the config, and builds the keymap it asks for.
fn load_config(reader: &ReaderArgs) -> Result<(Config, Keymap), String> {
    let path = config_path(reader);
    if let Some(explicit) = &reader.config {
        // A file asked for by name must be there; only the default one may be missing.
        if let Err(e) = std::fs::metadata(explicit) {
            return Err(format!("{}: {e}", explicit.display()));
        }
    }
    let names = keymap::action_names();
    let config = config::load(path.as_deref(), &names).map_err(|e| e.to_string())?;
    let keymap = Keymap::default()
        .with_overrides(
            config
                .keys
                .iter()
                .map(|(action, keys)| (action.as_str(), keys.keys())),
        )
        .map_err(|why| {
            let file = path
                .as_deref()
                .map_or_else(String::new, |p| p.display().to_string());
            format!("{file}: [keys]: {why}")
        })?;
    Ok((config, keymap))
}

/// Checks the config file and its key overrides without starting anything.
pub fn check_config(reader: &ReaderArgs) -> Result<(), String> {
    load_config(reader).map(|_| ())
}

/// The config with every action's keys as the reader will really have them.
fn effective(config: &Config, keymap: &Keymap) -> Config {
    let keys = keymap
        .help_entries(Mode::Reader)
        .into_iter()
        .filter_map(|entry| {
            let name = entry.action.name()?;
            let keys: Vec<String> = entry.keys.iter().map(|k| k.config_name()).collect();
            Some((name.to_string(), KeyList::Many(keys)))
        })
        .collect();
    Config {
        keys,
        ..config.clone()
    }
}

/// `dossier --print-config`: the effective configuration as TOML, after the file it came from.
pub fn print_config(reader: &ReaderArgs) -> ExitCode {
    let (config, keymap) = match load_config(reader) {
        Ok(loaded) => loaded,
        Err(message) => return fail(&message),
    };
    let origin = match config_path(reader) {
        Some(path) if path.exists() => format!("# from {}", path.display()),
        Some(path) => format!(
            "# {} does not exist: these are the defaults",
            path.display()
        ),
        None => "# no config file (neither XDG_CONFIG_HOME nor HOME is set): defaults".to_string(),
    };
    super::with_stdout(|out, _| {
        writeln!(out, "{origin}")?;
        write!(out, "{}", config::to_toml(&effective(&config, &keymap)))?;
        Ok(ExitCode::SUCCESS)
    })
}

/// The reader's settings from the flags, the config and the palette the environment allows.
fn settings(reader: &ReaderArgs, config: &Config, from_env: Palette) -> Settings {
    Settings {
        ascii: reader.ascii,
        // NO_COLOR wins over any theme; mono asks for the same.
        palette: match config.theme {
            ThemeName::Mono => Palette::NoColor,
            ThemeName::Dark | ThemeName::Light => from_env,
        },
        background: match config.theme {
            ThemeName::Light => Background::Light,
            ThemeName::Dark | ThemeName::Mono => Background::Dark,
        },
        max_width: config.max_width,
        mouse: config.mouse,
    }
}

/// Where this corpus's reading position and bookmarks are kept, and whether saving is safe.
struct Store {
    path: PathBuf,
    key: String,
    /// False when the file exists but could not be read: writing would lose what is in it.
    writable: bool,
    /// `State::bookmarks_changed` at the last save.
    saved_bookmarks: u64,
    /// The bookmarks as last read or saved, to merge with another session's saves.
    baseline: Vec<Bookmark>,
}

impl Store {
    /// Opens the state file; what went wrong becomes a notice, never an error.
    fn open(path: PathBuf, key: String) -> (Store, CorpusState, Option<String>) {
        let (mut file, problem) = persist::load_file(&path);
        let mut writable = true;
        let notice = problem.map(|(problem, notice)| match problem {
            Problem::Corrupt => match persist::set_aside(&path) {
                Ok(aside) => format!("{notice}; kept as {}", aside.display()),
                Err(_) => format!("{notice}; it will be replaced"),
            },
            Problem::Unreadable => {
                writable = false;
                format!("{notice}; positions and bookmarks will not be saved this time")
            }
        });
        let corpus = file.corpora.remove(&key).unwrap_or_default();
        let store = Store {
            path,
            key,
            writable,
            saved_bookmarks: 0,
            baseline: corpus.bookmarks.clone(),
        };
        (store, corpus, notice)
    }

    /// Saves the position and bookmarks; returns the bookmarks now on disk (merged with
    /// another session's, if one saved meanwhile).
    fn save(&mut self, state: &State) -> Result<Vec<Bookmark>, String> {
        if !self.writable {
            return Ok(state.bookmarks.clone());
        }
        let saved = persist::save_corpus_with(&self.path, &self.key, |on_disk| CorpusState {
            position: Some(state.saved_position()),
            bookmarks: persist::merge_bookmarks(
                &on_disk.bookmarks,
                &self.baseline,
                &state.bookmarks,
            ),
        })
        .map_err(|e| format!("cannot save to {}: {e}", self.path.display()))?;
        self.saved_bookmarks = state.bookmarks_changed;
        self.baseline = saved.bookmarks.clone();
        Ok(saved.bookmarks)
    }
}

/// Puts the reader back where this corpus was left, unless `--fresh`.
fn resume(state: &mut State, saved: &CorpusState, fresh: bool) {
    state.bookmarks = saved.bookmarks.clone();
    if fresh {
        return;
    }
    if let Some(position) = &saved.position {
        let at_the_start = position.line == 0
            && state.corpus.sources.first().map(|s| &s.id) == Some(&position.source);
        if state.go_to_saved(position) && !at_the_start {
            state.focus = Pane::Text;
        }
    }
}

pub fn run(corpus_args: &CorpusArgs, reader: &ReaderArgs) -> ExitCode {
    let (config, keymap) = match load_config(reader) {
        Ok(loaded) => loaded,
        Err(message) => return fail(&message),
    };
    let corpus = match load_corpus(corpus_args) {
        Ok(corpus) => corpus,
        Err(UsageError(message)) => return fail(&message),
    };
    let key = persist::corpus_key(&corpus.origin);
    // Built at the terminal's size, so a resumed row inside a long paragraph is kept.
    let (width, height) = tui::size().unwrap_or((0, 0));
    let palette = Palette::from_env(
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("COLORTERM").as_deref(),
    );
    let mut state = State::new(corpus, settings(reader, &config, palette), width, height);
    state.keymap = keymap;
    let mut store = match persist::default_path() {
        Some(path) => {
            let (store, saved, notice) = Store::open(path, key);
            resume(&mut state, &saved, reader.fresh);
            if let Some(notice) = notice {
                state.add_notice(notice);
            }
            Some(store)
        }
        None => None,
    };
    // The risks-and-benefits view reads with the user's lexicon, as `dossier compare` does;
    // a broken file should not keep anyone from reading, so it is a notice, not an exit.
    // It is read on a thread after the first frame: the first frame does not need it.
    compare_view::use_config(
        &mut state,
        ConfigSource::new(|| super::compare::load_config(None)),
    );
    let result = tui::run_with(state, |state| {
        // Bookmarks are saved as they are made, not only at exit.
        if let Some(store) = store.as_mut() {
            if state.bookmarks_changed != store.saved_bookmarks {
                match store.save(state) {
                    Ok(bookmarks) => state.bookmarks = bookmarks,
                    Err(why) => {
                        store.saved_bookmarks = state.bookmarks_changed;
                        state.add_notice(why);
                    }
                }
            }
        }
    });
    match result {
        Ok((exit, state)) => {
            if let Some(store) = store.as_mut() {
                if let Err(why) = store.save(&state) {
                    // The terminal may be gone (SIGHUP): a failed message must not panic.
                    let _ = writeln!(std::io::stderr(), "dossier: {why}");
                }
            }
            ExitCode::from(exit.code())
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "dossier: terminal error: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_effective_config_lists_every_action_and_parses_back() {
        let keymap = Keymap::default()
            .with_overrides([("quit", vec!["x"])])
            .unwrap();
        let config = Config::default();
        let shown = effective(&config, &keymap);
        let text = config::to_toml(&shown);
        let names = keymap::action_names();
        let back = config::parse(std::path::Path::new("printed.toml"), &text, &names).unwrap();
        assert_eq!(back, shown);
        assert_eq!(back.keys["quit"].keys(), ["x", "ctrl-c"]);
        assert_eq!(back.keys["down"].keys(), ["j", "down"]);
        for name in names {
            assert!(back.keys.contains_key(name), "{name} missing:\n{text}");
        }
        // Feeding it back in gives the same keys.
        let again = Keymap::default()
            .with_overrides(back.keys.iter().map(|(a, k)| (a.as_str(), k.keys())))
            .unwrap();
        let sorted = |keymap: &Keymap| {
            let mut table = keymap.table(Mode::Reader).to_vec();
            table.sort_by_key(|(k, _)| format!("{k:?}"));
            table
        };
        assert_eq!(sorted(&keymap), sorted(&again));
    }

    #[test]
    fn mono_and_no_color_write_no_colour_and_light_picks_the_light_set() {
        let reader = ReaderArgs {
            ascii: false,
            fresh: false,
            config: None,
            print_config: false,
        };
        let mono = Config {
            theme: ThemeName::Mono,
            ..Config::default()
        };
        for env in [Palette::TrueColor, Palette::Ansi16, Palette::NoColor] {
            assert_eq!(settings(&reader, &mono, env).palette, Palette::NoColor);
        }
        let light = Config {
            theme: ThemeName::Light,
            max_width: 72,
            mouse: true,
            ..Config::default()
        };
        let s = settings(&reader, &light, Palette::TrueColor);
        assert_eq!(s.background, Background::Light);
        assert_eq!(s.palette, Palette::TrueColor);
        assert_eq!((s.max_width, s.mouse), (72, true));
        // NO_COLOR wins over a colour theme.
        assert_eq!(
            settings(&reader, &light, Palette::NoColor).palette,
            Palette::NoColor
        );
    }
}
