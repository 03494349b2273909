//! `dossier outline` and `dossier show` as a user runs them: output shape, loading rules,
//! warnings that name files, and exit codes.

mod run;

use std::path::Path;
use std::process::Command;

use run::{dossier, stderr, stdout};
use serde_json::Value;

#[test]
fn outline_json_lists_the_embedded_articles_from_any_folder() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = dossier(&["outline", "--json"], elsewhere.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let sources = doc["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 5);
    for source in sources {
        let id = source["id"].as_str().unwrap();
        assert_eq!(source["path"].as_str().unwrap(), format!("seeds/{id}.txt"));
        assert!(!source["title"].as_str().unwrap().is_empty());
        assert!(source.get("byline").is_some() && source.get("category").is_some());
        let sections = source["sections"].as_array().unwrap();
        assert!(!sections.is_empty(), "{id} has no sections");
        for section in sections {
            assert!(section["title"].as_str().is_some_and(|t| !t.is_empty()));
            assert!((1..=2).contains(&section["depth"].as_u64().unwrap()));
            assert!(section["line"].as_u64().unwrap() >= 1);
        }
    }
    assert_eq!(sources[4]["category"], "Drugs/Therapy");
    assert!(sources[4]["byline"].as_str().unwrap().starts_with("By "));
}

#[test]
fn a_missing_path_is_a_clear_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = dossier(&["outline", "no/such/folder"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no/such/folder"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("panicked"));
}

#[test]
fn bad_arguments_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["outline", "--max-file-size", "lots"][..],
        &["show"][..],
        &["show", "000", "--width", "0"][..],
        &["--no-such-flag"][..],
    ] {
        let output = dossier(args, dir.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn folders_load_recursively_in_order_and_bad_files_are_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("b_folder/inner")).unwrap();
    std::fs::write(root.join("c.txt"), "Third Article\nSome text here.\n").unwrap();
    std::fs::write(root.join("a.md"), "# First\n\nText.\n").unwrap();
    std::fs::write(
        root.join("b_folder/inner/b.markdown"),
        "# Second\n\nText.\n",
    )
    .unwrap();
    std::fs::write(root.join("b_folder/skip.pdf"), "not an article").unwrap();
    std::fs::write(root.join("empty.txt"), "").unwrap();
    std::fs::write(root.join("binary.txt"), b"PK\x03\x04\x00\x00\x01").unwrap();
    std::fs::write(root.join("latin1.txt"), b"Caf\xe9 Culture\nA paragraph.\n").unwrap();
    std::fs::write(root.join("huge.txt"), "x".repeat(5000)).unwrap();

    let output = dossier(&["outline", "--json", "--max-file-size", "4K", "."], root);
    assert!(output.status.success(), "{}", stderr(&output));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b", "c", "empty", "latin1"]);
    let warnings = stderr(&output);
    assert!(
        warnings.contains("binary.txt") && warnings.contains("not a text file"),
        "{warnings}"
    );
    assert!(
        warnings.contains("latin1.txt") && warnings.contains("UTF-8"),
        "{warnings}"
    );
    assert!(
        warnings.contains("huge.txt") && warnings.contains("limit"),
        "{warnings}"
    );
    assert_eq!(warnings.lines().count(), 3, "{warnings}");
    let empty = &doc["sources"][3];
    assert_eq!(empty["title"], "empty");
    assert_eq!(empty["sections"].as_array().unwrap().len(), 0);
}

#[test]
fn show_prints_one_section_by_name_or_number() {
    let dir = tempfile::tempdir().unwrap();
    let by_name = dossier(&["show", "001#managing risks", "--width", "60"], dir.path());
    assert!(by_name.status.success(), "{}", stderr(&by_name));
    let text = stdout(&by_name);
    assert!(text.starts_with("Managing Risks\n"), "{text}");
    assert!(text.contains("Potential for Abuse:"));
    assert!(
        !text.contains("Step-by-Step"),
        "the next section leaked in:\n{text}"
    );
    assert!(text.lines().all(|l| l.chars().count() <= 60));
    assert!(!text.contains('\x1b'), "no styling when piped");

    let outline = dossier(&["outline", "--json"], dir.path());
    let doc: Value = serde_json::from_slice(&outline.stdout).unwrap();
    let third = doc["sources"][1]["sections"][2]["title"]
        .as_str()
        .unwrap()
        .to_string();
    let by_number = dossier(&["show", "001#3"], dir.path());
    assert!(stdout(&by_number).starts_with(&format!("{third}\n")));
}

#[test]
fn show_with_a_parent_section_includes_its_children() {
    let dir = tempfile::tempdir().unwrap();
    let output = dossier(&["show", "001#step-by-step"], dir.path());
    let text = stdout(&output);
    assert!(
        text.contains("Step 1:") && text.contains("Step 4:"),
        "{text}"
    );
    assert!(!text.contains("Troubleshooting Tips"), "{text}");
}

#[test]
fn show_explains_unknown_and_ambiguous_targets() {
    let dir = tempfile::tempdir().unwrap();
    let unknown = dossier(&["show", "zzz"], dir.path());
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("000_62cb00c47d0ac6d3"),
        "lists the sources"
    );
    let ambiguous = dossier(&["show", "00"], dir.path());
    assert_eq!(ambiguous.status.code(), Some(2));
    assert!(stderr(&ambiguous).contains("several"));
    let no_section = dossier(&["show", "000#nothing like this"], dir.path());
    assert_eq!(no_section.status.code(), Some(2));
}

#[test]
fn output_to_a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["show", "000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.success());
}

#[test]
fn completions_and_man_page_are_generated() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let output = dossier(&["completions", shell], dir.path());
        assert!(output.status.success());
        let script = stdout(&output);
        for word in [
            "outline",
            "show",
            "search",
            "compare",
            "json",
            "max-file-size",
        ] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    if Command::new("bash").arg("--version").output().is_ok() {
        let script = dossier(&["completions", "bash"], dir.path()).stdout;
        let file = dir.path().join("dossier.bash");
        std::fs::write(&file, script).unwrap();
        let check = Command::new("bash").arg("-n").arg(&file).output().unwrap();
        assert!(check.status.success(), "bash -n: {}", stderr(&check));
    }
    let man = dossier(&["man"], dir.path());
    assert!(man.status.success());
    let page = stdout(&man);
    assert!(
        page.contains(".TH dossier 1") && page.contains(".SH NAME"),
        "{page}"
    );
    assert_eq!(
        dossier(&["completions", "tcsh-ish"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

/// An article of ours with a lead, nested headings and two titles that share a word.
fn write_numbered_article(dir: &Path) {
    std::fs::write(
        dir.join("garden.txt"),
        "Growing Tomatoes Indoors\n\
         A short opening paragraph about the whole idea of it.\n\
         Choosing Seeds\n\
         Pick varieties that stay small and fruit early in the season.\n\
         Light and Water\n\
         Tomatoes want many hours of light and steady watering every day.\n\
         Common Watering Mistakes\n\
         Too much water rots the roots, and too little splits the fruit.\n",
    )
    .unwrap();
}

#[test]
fn outline_numbers_are_what_show_takes_and_its_lines_work_too() {
    let dir = tempfile::tempdir().unwrap();
    write_numbered_article(dir.path());
    let outline = dossier(&["outline", "garden.txt"], dir.path());
    assert!(outline.status.success(), "{}", stderr(&outline));
    let listed: Vec<(String, String, String)> = stdout(&outline)
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let number = words.next()?.strip_prefix('#')?.to_string();
            let line = words.next()?.to_string();
            let title = words.collect::<Vec<_>>().join(" ");
            Some((number, line, title))
        })
        .collect();
    assert!(listed.len() >= 3, "{}", stdout(&outline));
    let json = dossier(&["outline", "--json", "garden.txt"], dir.path());
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    let sections = doc["sources"][0]["sections"].as_array().unwrap();
    assert_eq!(sections.len(), listed.len());
    for ((number, line, title), section) in listed.iter().zip(sections) {
        assert_eq!(section["number"].to_string(), *number);
        assert_eq!(format!("L{}", section["line"]), *line);
        for key in [number.clone(), format!("#{number}"), line.clone()] {
            let shown = dossier(
                &["show", &format!("garden#{key}"), "garden.txt"],
                dir.path(),
            );
            assert!(shown.status.success(), "{key}: {}", stderr(&shown));
            assert!(
                stdout(&shown).starts_with(&format!("{title}\n")),
                "garden#{key} should show {title}:\n{}",
                stdout(&shown)
            );
        }
    }
}

#[test]
fn show_explains_a_line_number_given_as_a_section_number() {
    let dir = tempfile::tempdir().unwrap();
    write_numbered_article(dir.path());
    // The last heading's line is past the number of sections: the user typed a line.
    let json = dossier(&["outline", "--json", "garden.txt"], dir.path());
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    let sections = doc["sources"][0]["sections"].as_array().unwrap();
    let last = sections.last().unwrap();
    let line = last["line"].as_u64().unwrap();
    assert!(
        line as usize > sections.len(),
        "the fixture needs a high line"
    );
    let output = dossier(
        &["show", &format!("garden#{line}"), "garden.txt"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("out of range") && message.contains(&format!("garden#{}", last["number"])),
        "{message}"
    );
    let lead = dossier(&["show", "garden#L2", "garden.txt"], dir.path());
    assert_eq!(lead.status.code(), Some(2));
    assert!(stderr(&lead).contains("before its first heading"));
}

#[test]
fn an_ambiguous_section_lists_the_candidates_with_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    write_numbered_article(dir.path());
    let output = dossier(&["show", "garden#water", "garden.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("several")
            && message.contains("#2 Light and Water")
            && message.contains("#3 Common Watering Mistakes"),
        "{message}"
    );
}
