//! Running the dossier binary as a plain command (no terminal) from an integration test, in a
//! folder of the test's own, with config and state homes of its own too.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// `dossier ARGS` run in `dir`; no user config or state can leak in.
pub fn dossier(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join("no_config_home"))
        .env("XDG_STATE_HOME", dir.join("no_state_home"))
        .output()
        .expect("dossier runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
