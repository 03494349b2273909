//! The command line's answers to mistakes and empty results, as a user meets them: what is
//! said, on which stream, and the exit code (2 for usage and path errors, 1 for a search that
//! finds nothing).

mod run;
mod support;

use std::path::Path;

use run::{dossier, stderr, stdout};

/// Two short articles of ours about bicycles: "brake" is in both, "saddle" in one.
fn write_articles(dir: &Path) {
    std::fs::write(
        dir.join("commuting.txt"),
        "Cycling to Work\n\
         Riding to work saves money and time on most days of the year.\n\
         Benefits\n\
         Regular riding improves fitness and lowers stress for many commuters.\n\
         Risks\n\
         Worn brake pads can cause crashes in the rain on steep hills.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("touring.txt"),
        "Long Distance Touring\n\
         Touring by bicycle needs a comfortable saddle and good brake cables.\n",
    )
    .unwrap();
}

#[test]
fn a_folder_without_articles_is_a_usage_error_naming_it_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("nothing_here");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("notes.pdf"), "not an article").unwrap();
    for command in [
        &["outline"][..],
        &["outline", "--json"][..],
        &["compare"][..],
        &["search", "brake"][..],
        &["show", "x"][..],
        &[][..],
    ] {
        let mut args = command.to_vec();
        args.push("nothing_here");
        let output = dossier(&args, dir.path());
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty(), "{args:?}: {}", stdout(&output));
        let message = stderr(&output);
        assert!(
            message.contains("nothing_here") && message.contains("no articles"),
            "{args:?}: {message}"
        );
    }
}

#[test]
fn search_without_hits_exits_1_quietly_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path());
    let output = dossier(&["search", "zqxjv", "."], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty() && stderr(&output).is_empty());
}

#[test]
fn search_without_hits_says_so_on_a_terminal() {
    let home = support::Home::new();
    let dir = home.articles();
    std::fs::create_dir_all(&dir).unwrap();
    write_articles(&dir);
    let mut session = support::Reader::spawn(80, 24, home.command_on(&["search", "zqxjv"], &dir));
    let status = session.wait_exit();
    assert_eq!(status.exit_code(), 1);
    assert!(
        session.screen().contains("no hits for 'zqxjv'"),
        "{}",
        session.screen()
    );
}

#[test]
fn a_search_limit_of_zero_is_a_usage_error_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path());
    let output = dossier(&["search", "brake", ".", "--limit", "0"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("--limit"), "{}", stderr(&output));
    let one = dossier(&["search", "brake", ".", "--limit", "1"], dir.path());
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(stdout(&one).lines().count(), 1, "{}", stdout(&one));
}

#[test]
fn an_explicit_config_that_cannot_be_used_is_an_error_whatever_stdout_is() {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path());
    std::fs::write(
        dir.path().join("bad.toml"),
        "mouse = true\ntheme = \"blue\"\n",
    )
    .unwrap();
    for args in [
        &["--config", "bad.toml", "."][..],
        &["--config", "bad.toml", "outline", "."][..],
        &["outline", ".", "--config", "bad.toml"][..],
        &["search", "brake", ".", "--config", "bad.toml"][..],
        &["--config", "missing.toml", "."][..],
    ] {
        let output = dossier(args, dir.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stdout(&output).is_empty(), "{args:?}: {}", stdout(&output));
    }
    let message = stderr(&dossier(&["--config", "bad.toml", "."], dir.path()));
    assert!(
        message.contains("bad.toml:2: key `theme`: unknown variant `blue`"),
        "{message}"
    );
}

#[test]
fn config_goes_before_or_after_a_subcommand_and_reader_options_do_not_swallow_it() {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path());
    std::fs::write(dir.path().join("good.toml"), "theme = \"light\"\n").unwrap();
    let plain = dossier(&["outline", "."], dir.path());
    assert!(plain.status.success(), "{}", stderr(&plain));
    for args in [
        &["--config", "good.toml", "outline", "."][..],
        &["outline", "--config", "good.toml", "."][..],
    ] {
        let output = dossier(args, dir.path());
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(stdout(&output), stdout(&plain), "{args:?}");
    }
    let fresh = dossier(&["--fresh", "outline", "."], dir.path());
    assert_eq!(fresh.status.code(), Some(2));
    assert!(
        stderr(&fresh).contains("--fresh") && stderr(&fresh).contains("outline"),
        "{}",
        stderr(&fresh)
    );
}

/// Every "1 benefits"-like phrase in `text`: the number one before a plural noun.
fn singular_mistakes(text: &str) -> Vec<String> {
    let plurals = ["benefits", "risks", "topics", "sources", "sections"];
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| w[0] == "1" && plurals.contains(&w[1].trim_end_matches([',', ':', ';'])))
        .map(|w| w.join(" "))
        .collect()
}

#[test]
fn counts_of_one_take_the_singular_in_compare_and_show() {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path());
    let compare = dossier(&["compare", "commuting.txt"], dir.path());
    assert!(compare.status.success(), "{}", stderr(&compare));
    let text = stdout(&compare);
    assert!(
        text.contains("1 source"),
        "one article is one source:\n{text}"
    );
    assert_eq!(singular_mistakes(&text), Vec::<String>::new(), "{text}");
    std::fs::write(
        dir.path().join("single.txt"),
        "Single Note\nAn opening sentence for the reader of this note.\n\
         Only Heading\nA sentence under the only heading of this file.\n",
    )
    .unwrap();
    let show = dossier(&["show", "single#5", "single.txt"], dir.path());
    assert_eq!(show.status.code(), Some(2));
    assert!(
        stderr(&show).contains("has 1 section;"),
        "{}",
        stderr(&show)
    );
}

#[test]
fn the_text_before_the_first_heading_is_the_introduction_in_search_and_compare() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("traffic.txt"),
        "Cycling in Town\n\
         Riding in heavy traffic can cause serious injuries, and crashes are a real risk.\n\
         Benefits\n\
         Regular riding improves fitness and lowers stress for many commuters.\n",
    )
    .unwrap();
    let search = dossier(&["search", "heavy traffic", "traffic.txt"], dir.path());
    assert!(search.status.success(), "{}", stderr(&search));
    assert!(
        stdout(&search).starts_with("traffic · (introduction) · 2: "),
        "{}",
        stdout(&search)
    );
    let json = dossier(&["compare", "--json", "traffic.txt"], dir.path());
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let in_lead = doc["topics"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["risks"].as_array().unwrap().iter())
        .any(|e| e["section"].is_null() && e["line"] == 2);
    assert!(
        in_lead,
        "the lead's risk is found, with section null: {doc}"
    );
    let text = stdout(&dossier(&["compare", "traffic.txt"], dir.path()));
    assert!(text.contains("[tra] (introduction)"), "{text}");
}

#[test]
fn an_ambiguous_topic_lists_only_the_candidates_once() {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path());
    let unknown = dossier(&["compare", "--topic", "zqxjv", "."], dir.path());
    assert_eq!(unknown.status.code(), Some(2));
    let message = stderr(&unknown);
    let list = message
        .trim_end()
        .split_once("topics are: ")
        .map(|(_, list)| list.to_string())
        .unwrap_or_else(|| panic!("lists the topics: {message}"));
    let topics: Vec<&str> = list.split(", ").collect();
    assert!(topics.len() > 2, "{message}");
    let ambiguous = dossier(&["compare", "--topic", "e", "."], dir.path());
    assert_eq!(ambiguous.status.code(), Some(2));
    let message = stderr(&ambiguous);
    assert!(message.contains("several"), "{message}");
    for topic in topics {
        let times = message.matches(topic).count();
        let candidate = topic.to_lowercase().contains('e');
        assert_eq!(times, usize::from(candidate), "{topic}: {message}");
    }
}

#[test]
fn a_missing_path_like_a_subcommand_suggests_it() {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path());
    for (typed, meant) in [
        ("outlne", "outline"),
        ("serach", "search"),
        ("shwo", "show"),
    ] {
        let output = dossier(&[typed], dir.path());
        assert_eq!(output.status.code(), Some(2), "{typed}");
        let message = stderr(&output);
        assert!(
            message.contains(typed) && message.contains(&format!("did you mean `dossier {meant}`")),
            "{typed}: {message}"
        );
    }
    let both = stderr(&dossier(&["comp"], dir.path()));
    assert!(
        both.contains("`dossier compare`") && both.contains("`dossier completions`"),
        "{both}"
    );
    let late = stderr(&dossier(&["touring.txt", "outline"], dir.path()));
    assert!(late.contains("goes first: `dossier outline"), "{late}");
    // A path that is nothing like a subcommand, or exists, gets no such help.
    let unlike = dossier(&["zqxjv"], dir.path());
    assert_eq!(unlike.status.code(), Some(2));
    assert!(
        !stderr(&unlike).contains("did you mean"),
        "{}",
        stderr(&unlike)
    );
    std::fs::create_dir(dir.path().join("shwo")).unwrap();
    std::fs::copy(
        dir.path().join("touring.txt"),
        dir.path().join("shwo/t.txt"),
    )
    .unwrap();
    let folder = dossier(&["shwo"], dir.path());
    assert!(folder.status.success(), "{}", stderr(&folder));
}
