//! `dossier compare` end to end: the JSON shape, the text layout, topic selection, the
//! lexicon override and exit codes, run on the real binary.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn dossier(args: &[&str], config_home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env_remove("COLUMNS")
        .output()
        .expect("run dossier")
}

fn fixtures() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/articles")
        .display()
        .to_string()
}

#[test]
fn json_has_the_documented_shape() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = dossier(&["compare", "--json"], home.path());
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    let topics = doc["topics"].as_array().expect("topics array");
    assert!(!topics.is_empty());
    let mut entries = 0;
    for topic in topics {
        assert!(topic["topic"].is_string());
        for column in ["benefits", "risks"] {
            for entry in topic[column].as_array().expect("column array") {
                entries += 1;
                assert!(entry["text"].as_str().is_some_and(|t| !t.is_empty()));
                let source = entry["source"].as_str().expect("source");
                assert!(entry["section"].is_string() || entry["section"].is_null());
                assert!(entry["line"].as_u64().is_some_and(|l| l >= 1));
                let sources: Vec<&str> = entry["sources"]
                    .as_array()
                    .expect("sources")
                    .iter()
                    .map(|s| s.as_str().expect("id"))
                    .collect();
                assert!(
                    sources.contains(&source),
                    "the representative's source agrees"
                );
            }
        }
    }
    assert!(entries > 10);
}

#[test]
fn agreeing_sources_are_counted_in_json_and_text() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = dossier(&["compare", "--json"], home.path());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    let merged = doc["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .flat_map(|t| {
            let b = t["benefits"].as_array().cloned().unwrap_or_default();
            let r = t["risks"].as_array().cloned().unwrap_or_default();
            b.into_iter().chain(r)
        })
        .find(|e| e["sources"].as_array().is_some_and(|s| s.len() > 1))
        .expect("at least one statement several sources agree on");
    let count = merged["sources"].as_array().expect("sources").len();
    let text = String::from_utf8(dossier(&["compare"], home.path()).stdout).expect("utf-8");
    assert!(text.contains(&format!("{count} of 5 sources")));
}

#[test]
fn a_statement_many_sources_share_lists_a_few_badges_and_counts_the_rest_in_text_only() {
    let home = tempfile::tempdir().expect("tempdir");
    let articles = tempfile::tempdir().expect("tempdir");
    for n in 0..15 {
        std::fs::write(
            articles.path().join(format!("article_{n:02}.txt")),
            format!("Notes {n}\n\nKetamine can cause nausea and dizziness in many patients.\n"),
        )
        .expect("write");
    }
    let dir = articles.path().to_str().expect("utf-8 path");
    let text = String::from_utf8(dossier(&["compare", dir], home.path()).stdout).expect("utf-8");
    // The risks column, its wrapped lines joined.
    let flat = text
        .lines()
        .filter_map(|line| line.split('│').nth(1))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("15 of 15 sources: article_00 article_01"),
        "{text}"
    );
    assert!(flat.contains("article_11 and 3 more"), "{text}");
    assert!(!flat.contains("article_12"), "{text}");
    let out = dossier(&["compare", "--json", dir], home.path());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    let sources = doc["topics"][0]["risks"][0]["sources"]
        .as_array()
        .expect("sources");
    assert_eq!(sources.len(), 15, "JSON keeps every source");
}

#[test]
fn text_fits_the_width_and_shows_both_columns() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = dossier(&["compare", "--topic", "side eff"], home.path());
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("BENEFITS") && text.contains("RISKS"));
    assert!(text.contains("Side effects"));
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "line wider than 80: {line:?}"
        );
    }
}

#[test]
fn an_unknown_topic_lists_the_topics_and_exits_2() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = dossier(&["compare", "--topic", "astrology"], home.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert!(err.contains("astrology") && err.contains("Side effects") && err.contains("Other"));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_topic_selects_one_topic_in_json() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = dossier(
        &["compare", &fixtures(), "--topic", "cost", "--json"],
        home.path(),
    );
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    let topics = doc["topics"].as_array().expect("topics");
    assert_eq!(topics.len(), 1);
    assert_eq!(topics[0]["topic"], "Cost and access");
    assert!(!topics[0]["risks"].as_array().expect("risks").is_empty());
}

#[test]
fn a_user_lexicon_changes_the_reading_and_a_bad_one_exits_2() {
    let home = tempfile::tempdir().expect("tempdir");
    let articles = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        articles.path().join("a.txt"),
        "Tea Notes\nAbout Tea\nDrinking tea brings zorbly calm to most people.\n",
    )
    .expect("write");
    let folder = articles.path().display().to_string();
    let count_benefits = |out: &Output| -> usize {
        let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
        doc["topics"]
            .as_array()
            .expect("topics")
            .iter()
            .map(|t| t["benefits"].as_array().map_or(0, Vec::len))
            .sum()
    };
    let plain = dossier(&["compare", &folder, "--json"], home.path());
    assert_eq!(count_benefits(&plain), 0);

    let lexicon = home.path().join("lexicon.toml");
    std::fs::write(&lexicon, "[benefit]\nstrong = [\"zorbly calm\"]\n").expect("write");
    let lexicon_arg = lexicon.display().to_string();
    let flagged = dossier(
        &["compare", &folder, "--json", "--lexicon", &lexicon_arg],
        home.path(),
    );
    assert_eq!(count_benefits(&flagged), 1);

    std::fs::create_dir_all(home.path().join("dossier")).expect("mkdir");
    std::fs::copy(&lexicon, home.path().join("dossier/lexicon.toml")).expect("copy");
    let from_config = dossier(&["compare", &folder, "--json"], home.path());
    assert_eq!(
        count_benefits(&from_config),
        1,
        "XDG_CONFIG_HOME lexicon is used"
    );

    std::fs::write(&lexicon, "[benefit\n").expect("write");
    let broken = dossier(
        &["compare", &folder, "--lexicon", &lexicon_arg],
        home.path(),
    );
    assert_eq!(broken.status.code(), Some(2));
    let missing = dossier(
        &["compare", &folder, "--lexicon", "/nonexistent/lexicon.toml"],
        home.path(),
    );
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn control_sequences_in_articles_are_shown_not_sent() {
    let home = tempfile::tempdir().expect("tempdir");
    let articles = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        articles.path().join("evil\x1b[31m.txt"),
        "Evil Article\nRisks\n- Nausea\x1b]0;pwned\x07: Patients report nausea and dizziness\x1b[2J often.\n",
    )
    .expect("write");
    let out = dossier(
        &["compare", &articles.path().display().to_string()],
        home.path(),
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("nausea"));
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
}
