//! Hostile files through the command line: whatever a file holds, no byte of it reaches
//! the terminal as a control sequence, nothing panics, and bad files are named.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("dossier runs")
}

/// Characters that change a terminal's state or reorder what it shows.
fn dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn assert_safe(output: &Output, what: &str) {
    let text = String::from_utf8_lossy(&output.stdout);
    if let Some(bad) = text.chars().find(|&c| dangerous(c)) {
        panic!("{what}: wrote {:?} raw in:\n{text}", bad);
    }
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(!err.chars().any(dangerous), "{what}: stderr {err:?}");
}

#[test]
fn outline_and_show_never_write_controls() {
    let dir = hostile_dir();
    let dir_arg = dir.to_str().unwrap();
    let outline = dossier(&["outline", dir_arg]);
    assert!(outline.status.success());
    assert_safe(&outline, "outline");
    let stderr = String::from_utf8_lossy(&outline.stderr);
    assert!(stderr.contains("nul_binary.txt"), "binary named: {stderr}");
    assert!(
        stderr.contains("invalid_utf8.txt"),
        "lossy file named: {stderr}"
    );

    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        if id == "nul_binary" {
            continue;
        }
        for width in ["1", "7", "40", "200"] {
            let shown = dossier(&["show", &id, dir_arg, "--width", width]);
            assert!(shown.status.success(), "show {id}: {:?}", shown.status);
            assert_safe(&shown, &format!("show {id} --width {width}"));
        }
    }
}

#[test]
fn escape_payloads_are_visible_as_text() {
    let dir = hostile_dir();
    let shown = dossier(&["show", "escapes", dir.to_str().unwrap(), "--width", "300"]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("^[]0;pwned^G"), "{text}");
    assert!(text.contains("<U+009B>31m"), "{text}");
    // A lone CR is a line break: "EVIL" starts a line of its own instead of overwriting.
    assert!(text.lines().any(|l| l.starts_with("EVIL")), "{text}");
}

#[test]
fn json_escapes_controls_as_json_does() {
    let dir = hostile_dir();
    let outline = dossier(&["outline", "--json", dir.to_str().unwrap()]);
    let raw = String::from_utf8_lossy(&outline.stdout);
    assert!(!raw.contains('\x1b') && raw.contains("\\u001b"), "{raw}");
    let doc: serde_json::Value = serde_json::from_slice(&outline.stdout).unwrap();
    let titles: Vec<&str> = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("\x1b[31m")),
        "JSON keeps the data: {titles:?}"
    );
}

#[test]
fn a_line_of_200_kb_without_spaces_wraps_hard() {
    let dir = tempfile::tempdir().unwrap();
    let long: String = "abcdefghij".repeat(20_000);
    std::fs::write(dir.path().join("long.txt"), format!("Long Line\n{long}\n")).unwrap();
    let shown = dossier(&[
        "show",
        "long",
        dir.path().to_str().unwrap(),
        "--width",
        "80",
    ]);
    assert!(shown.status.success());
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.lines().all(|l| l.chars().count() <= 80));
    assert!(text.lines().count() >= 200_000 / 80);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_broken_links_are_warnings_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/ok.txt"), "Fine Article\nText.\n").unwrap();
    std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("missing.txt"), root.join("broken.txt")).unwrap();
    let outline = dossier(&["outline", root.to_str().unwrap()]);
    assert!(outline.status.success());
    let stderr = String::from_utf8_lossy(&outline.stderr);
    assert!(stderr.contains("loop"), "{stderr}");
    assert!(stderr.contains("broken.txt"), "{stderr}");
    assert!(String::from_utf8_lossy(&outline.stdout).contains("Fine Article"));
}
