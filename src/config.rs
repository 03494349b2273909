//! The user's configuration file (`$XDG_CONFIG_HOME/dossier/config.toml`): theme, text width,
//! mouse, key overrides. Parsed and validated once into types that can't be wrong; an invalid
//! file is an error that names the file, line and key — never a silent default.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Colour theme of the reader. `Mono` writes no colour at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    Mono,
}

/// A key binding as written by the user: `q`, `ctrl-d`, `shift-tab`, `pgdn`, `space`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn keys(&self) -> Vec<&str> {
        match self {
            KeyList::One(key) => vec![key.as_str()],
            KeyList::Many(keys) => keys.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub theme: ThemeName,
    /// Widest the text view wraps to; wider panes centre the text.
    pub max_width: u16,
    pub mouse: bool,
    /// Action name → key or keys, replacing that action's default keys.
    pub keys: BTreeMap<String, KeyList>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: ThemeName::Dark,
            max_width: 100,
            mouse: false,
            keys: BTreeMap::new(),
        }
    }
}

pub const MIN_WIDTH: u16 = 20;
pub const MAX_WIDTH: u16 = 1000;

/// What is wrong with a config file, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// `$XDG_CONFIG_HOME/dossier/config.toml`, falling back to `~/.config/dossier/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    xdg_dir("XDG_CONFIG_HOME", ".config").map(|dir| dir.join("dossier").join("config.toml"))
}

/// An XDG base directory: the variable when it holds an absolute path, else `~/<fallback>`.
pub fn xdg_dir(variable: &str, fallback: &str) -> Option<PathBuf> {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(fallback)))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The dotted key (`theme`, `keys.quit`) whose `key = value` line holds `offset`, or the
/// nearest one above it (a value spread over lines); None before any key.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let line = line_of(text, offset);
    let lines: Vec<&str> = text.lines().take(line).collect();
    let (at, name) = lines.iter().enumerate().rev().find_map(|(i, l)| {
        let l = l.trim_start();
        if l.starts_with('[') || l.starts_with('#') {
            return None;
        }
        let (name, _) = l.split_once('=')?;
        Some((i, name.trim().trim_matches(['"', '\'']).to_string()))
    })?;
    // Stop at a table header between the key and the error: the error is about the table.
    if lines[at + 1..]
        .iter()
        .any(|l| l.trim_start().starts_with('['))
    {
        return None;
    }
    let table = lines[..at].iter().rev().find_map(|l| {
        let l = l.trim();
        let inner = l.strip_prefix('[')?.strip_suffix(']')?;
        Some(inner.trim_matches(['[', ']']).trim().to_string())
    });
    Some(match table {
        Some(table) if !name.is_empty() => format!("{table}.{name}"),
        _ => name,
    })
    .filter(|k| !k.is_empty())
}

/// Parses a config file's text. `key_names` are the actions key overrides may name.
pub fn parse(path: &Path, text: &str, key_names: &[&str]) -> Result<Config, ConfigError> {
    let error = |line: Option<usize>, message: String| ConfigError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let config: Config = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        let key = e.span().and_then(|s| key_at(text, s.start));
        let message = match key {
            // "unknown field `colour`" already names it.
            Some(key) if !message.contains(&format!("`{key}`")) => {
                format!("key `{key}`: {message}")
            }
            _ => message,
        };
        error(e.span().map(|s| line_of(text, s.start)), message)
    })?;
    // serde has no span for values it accepted; find the key's line for validation errors.
    let line_of_key = |key: &str| {
        text.lines()
            .position(|l| {
                let l = l.trim_start();
                l.starts_with(key) && l[key.len()..].trim_start().starts_with('=')
                    || l.starts_with(&format!("\"{key}\""))
            })
            .map(|i| i + 1)
    };
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&config.max_width) {
        return Err(error(
            line_of_key("max_width"),
            format!(
                "key `max_width`: {} is out of range ({MIN_WIDTH}..={MAX_WIDTH})",
                config.max_width
            ),
        ));
    }
    let mut bound: Vec<(crate::app::Key, &str)> = Vec::new();
    for (action, keys) in &config.keys {
        if !key_names.contains(&action.as_str()) {
            return Err(error(
                line_of_key(action),
                format!(
                    "key `keys.{action}`: no such action (actions: {})",
                    key_names.join(", ")
                ),
            ));
        }
        for key in keys.keys() {
            if let Err(why) = validate_key(key) {
                return Err(error(
                    line_of_key(action),
                    format!("key `keys.{action}`: {why}"),
                ));
            }
            let parsed = crate::app::Key::parse(key);
            if let Some((_, other)) = bound.iter().find(|(k, _)| Some(*k) == parsed) {
                return Err(error(
                    line_of_key(action),
                    format!("key `keys.{action}`: '{key}' is already bound to `{other}`"),
                ));
            }
            bound.extend(parsed.map(|k| (k, action.as_str())));
        }
    }
    Ok(config)
}

/// Accepts exactly the keys the reader can receive (`app::Key::parse`): `x`, `X`, `?`,
/// `ctrl-d`, `shift-tab`, `space`, `enter`, `esc`, `tab`, `backspace`, arrows, `home`,
/// `end`, `pgup`, `pgdn`. Function and Alt keys are refused rather than silently never firing.
pub fn validate_key(key: &str) -> Result<(), String> {
    match crate::app::Key::parse(key) {
        Some(_) => Ok(()),
        None => Err(format!(
            "'{key}' is not a key the reader can use (try q, ctrl-d, shift-tab, pgdn, space)"
        )),
    }
}

/// Reads the config file at `path` if it exists; a missing file is the default config.
pub fn load(path: Option<&Path>, key_names: &[&str]) -> Result<Config, ConfigError> {
    let Some(path) = path else {
        return Ok(Config::default());
    };
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text, key_names),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(ConfigError {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot read: {e}"),
        }),
    }
}

/// The effective configuration as TOML, for `--print-config`.
pub fn to_toml(config: &Config) -> String {
    toml::to_string_pretty(config).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: &[&str] = &["quit", "help"];

    fn parse_text(text: &str) -> Result<Config, ConfigError> {
        parse(Path::new("/c/config.toml"), text, ACTIONS)
    }

    #[test]
    fn a_full_config_parses() {
        let config = parse_text(
            "theme = \"mono\"\nmax_width = 80\nmouse = true\n[keys]\nquit = [\"x\", \"ctrl-q\"]\nhelp = \"h\"\n",
        )
        .unwrap();
        assert_eq!(config.theme, ThemeName::Mono);
        assert_eq!(config.max_width, 80);
        assert!(config.mouse);
        assert_eq!(config.keys["quit"].keys(), ["x", "ctrl-q"]);
    }

    #[test]
    fn empty_is_default() {
        assert_eq!(parse_text("").unwrap(), Config::default());
    }

    #[test]
    fn errors_name_the_file_line_and_key() {
        let e = parse_text("max_width = 80\ncolour = \"red\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().starts_with("/c/config.toml:2:"), "{e}");
        assert!(e.message.contains("colour"), "{e}");

        let e = parse_text("theme = \"neon\"\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(
            e.message.contains("neon") || e.message.contains("variant"),
            "{e}"
        );

        // A value serde refuses names its key, as the checks below do.
        let e = parse_text("max_width = 80\ntheme = \"blue\"\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/c/config.toml:2: key `theme`: unknown variant `blue`"),
            "{e}"
        );
        let e = parse_text("theme = \"dark\"\n[keys]\nquit = 5\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.starts_with("key `keys.quit`: "), "{e}");
        let e = parse_text("mouse = \"yes\"\n").unwrap_err();
        assert!(e.message.starts_with("key `mouse`: "), "{e}");

        let e = parse_text("\nmax_width = 5\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("max_width"), "{e}");

        let e = parse_text("[keys]\nfly = \"f\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("keys.fly"), "{e}");

        let e = parse_text("[keys]\nquit = \"hyper-q\"\n").unwrap_err();
        assert!(e.message.contains("hyper-q"), "{e}");

        let e = parse_text("[keys]\nhelp = \"x\"\nquit = [\"q\", \"X\", \"x\"]\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("already bound to `help`"), "{e}");
    }

    #[test]
    fn keys_validate() {
        for good in [
            "q",
            "?",
            "G",
            "ctrl-d",
            "shift-tab",
            "pgdn",
            "space",
            "Enter",
        ] {
            assert!(validate_key(good).is_ok(), "{good}");
        }
        // The reader never receives function or Alt keys: binding one would do nothing.
        for bad in [
            "",
            "ctrl-",
            "f1",
            "alt-x",
            "banana",
            "ctrl-banana",
            "ctrl-1",
        ] {
            assert!(validate_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn printed_config_parses_back() {
        let config = parse_text("theme = \"light\"\n[keys]\nquit = \"x\"\n").unwrap();
        assert_eq!(parse_text(&to_toml(&config)).unwrap(), config);
    }
}
