//! End-to-end tests of what the reader remembers and reads between runs: resume and
//! bookmarks across two runs, a corrupt or unusable state file, the config file (theme, keys,
//! mouse, errors) and `--print-config`. Each test has its own temporary home and XDG folders.

mod support;

use std::process::Command;

use support::{top_text_row, Home, Reader};

/// Opens the second article, goes to its second section and scrolls into its paragraph
/// until the paragraph's second row is at the top; returns that row.
fn read_into_the_second_article(reader: &mut Reader) -> String {
    reader.wait_for_text("Sentence 12 about pruning");
    reader.send(b"j");
    reader.wait_for_text("2/3");
    reader.send(b"\tj");
    reader.wait_for("Choosing A Hive at the top", |s| {
        top_text_row(s).contains("Choosing A Hive")
    });
    reader.send(b"\t");
    for _ in 0..8 {
        let before = top_text_row(reader.parser.screen());
        if before.contains("Sentence 2 about hives") {
            return before;
        }
        reader.send(b"j");
        reader.wait_for("a one-line scroll", move |s| top_text_row(s) != before);
    }
    panic!(
        "never scrolled to the paragraph's second row:\n{}",
        reader.screen()
    );
}

fn quit(reader: &mut Reader) {
    reader.send(b"q");
    let status = reader.wait_exit();
    assert!(status.success(), "{status:?}; screen:\n{}", reader.screen());
}

#[test]
fn the_reader_reopens_where_it_was_left_and_fresh_starts_at_the_top() {
    let home = Home::new();
    let mut first = Reader::spawn(100, 30, home.command(&[]));
    let row = read_into_the_second_article(&mut first);
    quit(&mut first);
    assert!(home.state_file().exists());

    let mut second = Reader::spawn(100, 30, home.command(&[]));
    second.wait_for("the same place", |s| {
        s.contents().contains("2/3") && top_text_row(s) == row
    });
    quit(&mut second);

    let mut fresh = Reader::spawn(100, 30, home.command(&["--fresh"]));
    fresh.wait_for("the top of the first article", |s| {
        s.contents().contains("1/3") && top_text_row(s).contains("Orchard Pruning Guide")
    });
    quit(&mut fresh);
}

#[test]
fn a_terminating_signal_saves_the_position_too() {
    let home = Home::new();
    let mut first = Reader::spawn(100, 30, home.command(&[]));
    let row = read_into_the_second_article(&mut first);
    first.signal("TERM");
    assert_eq!(first.wait_exit().exit_code(), 128 + 15);

    let mut second = Reader::spawn(100, 30, home.command(&[]));
    second.wait_for("the same place after SIGTERM", |s| top_text_row(s) == row);
    second.signal("HUP");
    assert_eq!(second.wait_exit().exit_code(), 128 + 1);
}

#[test]
fn bookmarks_are_kept_across_runs_and_jump_back() {
    let home = Home::new();
    let mut first = Reader::spawn(100, 30, home.command(&[]));
    let row = read_into_the_second_article(&mut first);
    first.send(b"m");
    first.wait_for_text("Note:");
    first.send("hive sizes, q and j typed".as_bytes());
    first.wait_for_text("hive sizes, q and j typed");
    first.send(b"\r");
    first.wait_for_text("bookmarked:");
    // Saved when made, before any exit.
    let saved = std::fs::read_to_string(home.state_file()).unwrap();
    assert!(saved.contains("hive sizes, q and j typed"), "{saved}");
    quit(&mut first);

    let mut second = Reader::spawn(100, 30, home.command(&["--fresh"]));
    second.wait_for_text("1/3");
    second.send(b"'");
    second.wait_for_text("Bookmarks (1)");
    second.wait_for_text("hive sizes, q and j typed");
    second.send(b"\r");
    second.wait_for("the bookmarked place", |s| {
        !s.contents().contains("Bookmarks (1)") && top_text_row(s) == row
    });
    quit(&mut second);
}

#[test]
fn a_corrupt_state_file_is_a_notice_and_is_kept_aside() {
    let home = Home::new();
    let file = home.state_file();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, b"{\"corpora\": {\"x\": [1, 2").unwrap();
    let mut reader = Reader::spawn(160, 30, home.command(&[]));
    reader.wait_for_text("corrupt state file");
    reader.wait_for_text("Sentence 12 about pruning");
    quit(&mut reader);
    let aside = file.with_file_name("state.json.corrupt");
    assert_eq!(
        std::fs::read(aside).unwrap(),
        b"{\"corpora\": {\"x\": [1, 2"
    );
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(saved["corpora"].as_object().unwrap().len() == 1, "{saved}");
}

#[test]
fn a_broken_user_lexicon_is_a_notice_naming_the_file_and_the_risks_view_still_opens() {
    let home = Home::new();
    let lexicon = home.config_home().join("dossier").join("lexicon.toml");
    std::fs::create_dir_all(lexicon.parent().unwrap()).unwrap();
    std::fs::write(&lexicon, "[benefit\n").unwrap();
    let mut reader = Reader::spawn(160, 30, home.command(&[]));
    reader.wait_for_text("lexicon: ");
    reader.wait_for_text("dossier/lexicon.toml");
    reader.send(b"r");
    reader.wait_for_text("Benefits (");
    reader.send(b"\x1b");
    reader.wait_for_text("dossier/lexicon.toml");
    quit(&mut reader);
}

#[test]
fn a_state_file_that_cannot_be_written_is_a_notice_and_loses_nothing() {
    let home = Home::new();
    let mut first = Reader::spawn(100, 30, home.command(&[]));
    let row = read_into_the_second_article(&mut first);
    quit(&mut first);
    let before = std::fs::read(home.state_file()).unwrap();

    let mut reader = Reader::spawn(100, 30, home.command(&[]));
    reader.wait_for("the saved place", |s| top_text_row(s) == row);
    // A folder where the save's temp file goes: the save fails (even for root, whom
    // read-only permissions would not stop) before anything is replaced.
    let pid = reader.child.process_id().unwrap();
    let temp = home
        .state_file()
        .with_file_name(format!(".state.json.{pid}.tmp"));
    std::fs::create_dir(&temp).unwrap();
    reader.send(b"mx\r");
    reader.wait_for_text("cannot save to");
    // The bookmark is still there for this session.
    reader.send(b"'");
    reader.wait_for_text("Bookmarks (1)");
    reader.send(b"\x1bG");
    reader.wait_for("the end of the article", |s| s.contents().contains("100%"));
    quit(&mut reader);
    assert_eq!(std::fs::read(home.state_file()).unwrap(), before);
}

#[test]
fn a_state_folder_in_the_way_is_a_notice() {
    let home = Home::new();
    // A file where the state folder should be: nothing can be read or saved.
    std::fs::create_dir_all(home.state_home()).unwrap();
    std::fs::write(home.state_home().join("dossier"), b"in the way").unwrap();
    let mut reader = Reader::spawn(160, 30, home.command(&[]));
    reader.wait_for_text("cannot read state");
    reader.wait_for_text("Sentence 12 about pruning");
    quit(&mut reader);
    assert_eq!(
        std::fs::read(home.state_home().join("dossier")).unwrap(),
        b"in the way"
    );
}

#[test]
fn an_unreadable_state_file_is_never_written_over() {
    let home = Home::new();
    // A folder where the file should be can't be read (even by root).
    std::fs::create_dir_all(home.state_file()).unwrap();
    std::fs::write(home.state_file().join("keep"), b"x").unwrap();
    let mut reader = Reader::spawn(160, 30, home.command(&[]));
    reader.wait_for_text("cannot read state");
    reader.send(b"j");
    reader.wait_for_text("2/3");
    quit(&mut reader);
    assert!(home.state_file().join("keep").exists());
}

/// The SGR parameters in `bytes` that set a colour (foreground, background, 256 or RGB).
fn colour_parameters(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = bytes[at..].windows(2).position(|w| w == b"\x1b[") {
        let body = at + start + 2;
        let end = bytes[body..]
            .iter()
            .position(|b| (0x40..=0x7e).contains(b))
            .map_or(bytes.len(), |e| body + e);
        if bytes.get(end) == Some(&b'm') {
            let params = String::from_utf8_lossy(&bytes[body..end]).to_string();
            let colour = params.split([';', ':']).any(|p| {
                p.parse::<u32>()
                    .is_ok_and(|n| matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107))
            });
            if colour {
                found.push(params);
            }
        }
        at = end.min(bytes.len());
        if at == bytes.len() {
            break;
        }
    }
    found
}

/// Runs through the views with the most styles (text, help, bookmarks, a notice) and quits.
fn raw_output_with_config(config: &str) -> Vec<u8> {
    let home = Home::new();
    home.write_config(config);
    let mut reader = Reader::spawn(120, 40, home.command(&[]));
    reader.wait_for_text("Sentence 12 about pruning");
    reader.send(b"\t\r]");
    reader.wait_for_text("Winter Cuts");
    reader.send(b"?");
    reader.wait_for_text("close overlay or notice");
    reader.send(b"\x1bmnote\r");
    reader.wait_for_text("bookmarked:");
    reader.send(b"'");
    reader.wait_for_text("Bookmarks (1)");
    reader.send(b"\x1b");
    quit(&mut reader);
    std::mem::take(&mut reader.raw)
}

#[test]
fn the_mono_theme_writes_no_colour_at_all() {
    // The scan itself finds the colours of the default theme.
    let dark = raw_output_with_config("theme = \"dark\"\n");
    assert!(!colour_parameters(&dark).is_empty());
    let mono = raw_output_with_config("theme = \"mono\"\n");
    let found = colour_parameters(&mono);
    assert!(found.is_empty(), "colour sequences: {found:?}");
    assert!(mono.windows(4).any(|w| w == b"\x1b[1m" || w == b"\x1b[7m"));
}

#[test]
fn key_overrides_and_max_width_come_from_the_config() {
    let home = Home::new();
    home.write_config("max_width = 40\n[keys]\nquit = \"x\"\nhelp = \"H\"\n");
    let mut reader = Reader::spawn(140, 30, home.command(&[]));
    reader.wait_for_text("x:quit");
    reader.wait_for_text("H:help");
    // Rows inside the text pane's border.
    let widest = (1..27)
        .map(|row| {
            let screen = reader.parser.screen();
            let (from, to) = support::pane_columns(screen, "3 Text", "\u{0}");
            let text = screen.contents_between(row, from, row, to);
            text.trim_matches(|c: char| c == '│' || c.is_whitespace())
                .chars()
                .count()
        })
        .max()
        .unwrap();
    assert!(widest <= 40, "text {widest} columns wide");
    reader.send(b"H");
    reader.wait_for_text("x Ctrl-c");
    reader.send(b"\x1bq");
    // q is no longer quit; x is.
    reader.send(b"j");
    reader.wait_for_text("2/3");
    assert!(reader.child.try_wait().unwrap().is_none());
    reader.send(b"x");
    assert!(reader.wait_exit().success());
}

#[test]
fn mouse_reporting_is_opt_in_and_clicks_select() {
    let home = Home::new();
    let mut plain = Reader::spawn(120, 40, home.command(&[]));
    plain.wait_for_text("Sentence 12 about pruning");
    quit(&mut plain);
    assert!(!plain.raw.windows(8).any(|w| w == b"\x1b[?1000h"));

    home.write_config("mouse = true\n");
    let mut reader = Reader::spawn(120, 40, home.command(&["--fresh"]));
    reader.wait_for_text("Sentence 12 about pruning");
    assert!(reader.raw.windows(8).any(|w| w == b"\x1b[?1000h"));
    // Click the second source's title (1-based cells in the report).
    let (row, col) = (0..40u16)
        .find_map(|r| {
            let line = reader.parser.screen().contents_between(r, 0, r, 40);
            line.find("Beekeeping").map(|c| (r, c as u16))
        })
        .expect("the second source is listed");
    reader.send(
        format!(
            "\x1b[<0;{};{}M\x1b[<0;{};{}m",
            col + 2,
            row + 1,
            col + 2,
            row + 1
        )
        .as_bytes(),
    );
    reader.wait_for_text("2/3");
    // The wheel over the text scrolls it.
    let before = top_text_row(reader.parser.screen());
    reader.send(b"\x1b[<65;100;20M");
    reader.wait_for("the text to scroll", move |s| top_text_row(s) != before);
    quit(&mut reader);
    assert!(reader.raw.windows(8).any(|w| w == b"\x1b[?1000l"));
}

#[test]
fn an_invalid_config_exits_2_naming_file_line_and_key_before_touching_the_terminal() {
    let home = Home::new();
    home.write_config("theme = \"dark\"\n[keys]\nfly = \"f\"\n");
    let mut reader = Reader::spawn(100, 30, home.command(&[]));
    let status = reader.wait_exit();
    assert_eq!(status.exit_code(), 2, "{}", reader.screen());
    let screen = reader.screen();
    let place = format!("{}:3:", home.config_file().display());
    assert!(screen.contains(&place), "{screen}");
    assert!(screen.contains("keys.fly"), "{screen}");
    assert!(!reader.raw.windows(8).any(|w| w == b"\x1b[?1049h"));

    home.write_config("max_width = 5\n");
    let mut reader = Reader::spawn(100, 30, home.command(&[]));
    assert_eq!(reader.wait_exit().exit_code(), 2);
    assert!(reader.screen().contains("max_width"), "{}", reader.screen());
}

fn dossier(home: &Home, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("XDG_CONFIG_HOME", home.config_home())
        .env("XDG_STATE_HOME", home.state_home())
        .output()
        .unwrap()
}

#[test]
fn print_config_shows_the_effective_settings_and_their_file() {
    let home = Home::new();
    let out = dossier(&home, &["--print-config"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("does not exist"), "{text}");
    let defaults: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(defaults["theme"].as_str(), Some("dark"));
    assert_eq!(defaults["mouse"].as_bool(), Some(false));

    home.write_config("theme = \"light\"\nmouse = true\n[keys]\nquit = \"x\"\n");
    let out = dossier(&home, &["--print-config"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("# from {}", home.config_file().display())),
        "{text}"
    );
    let table: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(table["theme"].as_str(), Some("light"));
    assert_eq!(table["mouse"].as_bool(), Some(true));
    let keys = table["keys"].as_table().unwrap();
    assert_eq!(keys["quit"].as_array().unwrap().len(), 2);
    assert_eq!(keys["quit"][0].as_str(), Some("x"));
    assert_eq!(keys["bookmark"][0].as_str(), Some("m"));

    // --config points elsewhere; a named file must exist; errors exit 2 naming the key.
    let other = home.dir.path().join("other.toml");
    std::fs::write(&other, "theme = \"mono\"\n").unwrap();
    let out = dossier(
        &home,
        &["--print-config", "--config", other.to_str().unwrap()],
    );
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("theme = \"mono\""));
    let missing = home.dir.path().join("missing.toml");
    let out = dossier(
        &home,
        &["--print-config", "--config", missing.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    std::fs::write(&other, "[keys]\nquit = \"f1\"\n").unwrap();
    let out = dossier(
        &home,
        &["--print-config", "--config", other.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("other.toml:2:") && stderr.contains("keys.quit"),
        "{stderr}"
    );
}

#[test]
fn a_resize_keeps_the_reading_position() {
    let home = Home::new();
    let mut reader = Reader::spawn(100, 30, home.command(&[]));
    let row = read_into_the_second_article(&mut reader);
    reader.resize(70, 20);
    reader.raw.clear();
    reader.wait_for("two panes, still in the hive paragraph", |s| {
        !s.contents().contains("1 Sources") && top_text_row(s).contains("hives")
    });
    reader.resize(100, 30);
    reader.raw.clear();
    reader.wait_for("the same row as before", |s| top_text_row(s) == row);
    quit(&mut reader);
}
