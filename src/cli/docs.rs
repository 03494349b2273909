//! `dossier completions SHELL` and `dossier man`: generated from the clap definitions and the
//! keymap, so they never drift from the real arguments and keys.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;
use crate::app::keymap::Keymap;
use crate::app::{Action, Mode};

pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> io::Result<ExitCode> {
    clap_complete::generate(shell, &mut Cli::command(), "dossier", out);
    Ok(ExitCode::SUCCESS)
}

pub fn man(out: &mut dyn Write) -> io::Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    let page = String::from_utf8_lossy(&page);
    // Our sections go before the version, where a reader of man pages looks for them.
    let at = page.find("\n.SH VERSION").map_or(page.len(), |i| i + 1);
    out.write_all(page[..at].as_bytes())?;
    out.write_all(extra_sections().as_bytes())?;
    out.write_all(page[at..].as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Text made safe for roff: backslashes, hyphens and a leading dot or quote escaped.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

fn key_table(keymap: &Keymap, mode: Mode, with_names: bool) -> String {
    let mut text = String::new();
    for entry in keymap.help_entries(mode) {
        let keys: Vec<String> = entry
            .keys
            .iter()
            .map(|k| format!("\\fB{}\\fR", roff(&k.label(true))))
            .collect();
        let name = match entry.action.name() {
            Some(name) if with_names => format!(" ({})", roff(name)),
            _ => String::new(),
        };
        // In an overlay, going back closes it and Enter does the overlay's job.
        let what = match (mode, entry.action) {
            (Mode::Reader, action) => action.describe(),
            (_, Action::Back | Action::ToggleHelp) => "close",
            (Mode::Bookmarks, Action::Open) => "jump to the bookmark",
            (_, action) => action.describe(),
        };
        text.push_str(&format!(".TP\n{}{name}\n{}\n", keys.join(", "), roff(what)));
    }
    text
}

/// KEYS (from the keymap), CONFIGURATION and FILES.
fn extra_sections() -> String {
    let keymap = Keymap::default();
    let mut text = String::from(".SH KEYS\n");
    text.push_str(
        "The reader's default keys; the name in parentheses is the action's name in the \
         [keys] section of the config file. Press ? in the reader for the keys in effect.\n",
    );
    text.push_str(&key_table(&keymap, Mode::Reader, true));
    text.push_str(".SS \"In the bookmark list\"\n");
    text.push_str(&key_table(&keymap, Mode::Bookmarks, false));
    text.push_str(".SS \"In the help\"\n");
    text.push_str(&key_table(&keymap, Mode::Help, false));
    text.push_str(&format!(
        ".SH CONFIGURATION\n{}\n.PP\n.nf\n{}\n.fi\n",
        roff(
            "A TOML file; every setting is optional. An invalid file stops dossier with \
             exit code 2 and a message naming the file, line and key. \
             dossier --print-config prints the settings in effect."
        ),
        roff(
            "theme = \"dark\"      # dark, light or mono (no colour at all; NO_COLOR also turns colour off)\n\
             max_width = 100     # widest text column (20 to 1000)\n\
             mouse = false       # true: the wheel scrolls the pane under the pointer, a click selects\n\
             [keys]\n\
             quit = \"x\"          # an action name = a key or a list of keys\n\
             down = [\"j\", \"ctrl-n\"]"
        )
    ));
    text.push_str(&format!(
        ".SH FILES\n.TP\n{}\n{}\n.TP\n{}\n{}\n",
        roff("$XDG_CONFIG_HOME/dossier/config.toml"),
        roff("The config file (~/.config/dossier/config.toml when XDG_CONFIG_HOME is unset); --config FILE reads another."),
        roff("$XDG_STATE_HOME/dossier/state.json"),
        roff(
            "Where each corpus was left and its bookmarks (~/.local/state/dossier/state.json \
             when XDG_STATE_HOME is unset), written atomically. A corrupt file is kept aside as \
             state.json.corrupt and reported in the reader; --fresh starts at the top."
        ),
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_lists_every_key_and_the_files() {
        let mut page = Vec::new();
        man(&mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        for needle in [
            ".SH KEYS",
            ".SH FILES",
            ".SH CONFIGURATION",
            "(bookmark)",
            "\\-\\-fresh",
        ] {
            assert!(page.contains(needle), "{needle} missing");
        }
        for entry in Keymap::default().help_entries(Mode::Reader) {
            assert!(
                page.contains(&roff(entry.action.describe())),
                "{:?}",
                entry.action
            );
        }
        assert!(page.find(".SH KEYS") < page.find(".SH VERSION"));
        // No line of our text starts a roff request by accident.
        for line in extra_sections().lines() {
            assert!(
                !line.starts_with('.')
                    || [".SH", ".SS", ".TP", ".PP", ".nf", ".fi"]
                        .iter()
                        .any(|r| line.starts_with(r)),
                "{line}"
            );
        }
    }
}
