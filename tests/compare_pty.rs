//! End-to-end test of the risks-and-benefits view: the real binary in a pseudo-terminal
//! (portable-pty), its output fed to a terminal emulator (vt100). Every wait is for a
//! condition with a deadline; nothing sleeps for a fixed time.

mod support;

use std::path::Path;

/// Two articles of our own with plain benefits and risks.
fn write_articles(dir: &Path) {
    let first = "Cold Water Swimming for Low Mood\n\
        Open water swimmers describe a lift in mood that lasts for hours.\n\
        Benefits of Cold Water Swimming\n\
        - Rapid Relief: Many swimmers feel relief from low mood within hours of a swim.\n\
        - Less Anxiety: Regular swimmers report that anxiety eases over a few weeks.\n\
        Risks and Safety Concerns\n\
        - Cold Shock: Sudden immersion can cause cold shock and dangerous heart rhythm changes.\n\
        - Cost: Guided sessions are expensive and not covered by insurance.\n";
    let second = "Is Cold Water Swimming Safe?\n\
        Advantages\n\
        Some swimmers report relief from low mood within hours after a swim.\n\
        Downsides\n\
        Side effects such as numbness and dizziness are common after long swims.\n";
    std::fs::write(dir.join("a_swim.txt"), first).unwrap();
    std::fs::write(dir.join("b_safe.txt"), second).unwrap();
}

fn selected_benefit(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = (screen.size().0.get(), screen.size().1.get());
    let half = (cols - 1) / 2;
    (2..rows.saturating_sub(1))
        .filter(|&row| (1..half - 1).all(|col| screen.cell(row, col).is_some_and(|c| c.inverse())))
        .map(|row| {
            screen
                .contents_between(row, 0, row, half)
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn r_shows_the_columns_enter_jumps_to_the_statement_and_t_shows_the_grid() {
    let (_home, mut session) = support::start_on(80, 24, write_articles);
    session.wait_for_text("Cold Water Swimming");

    session.send(b"r");
    session.wait_for("the benefits and risks columns", |s| {
        let text = s.contents();
        text.contains("Benefits (") && text.contains("Risks (") && text.contains("of 2 sources")
    });
    let selected = selected_benefit(session.parser.screen());
    // The badge-and-section row, then the statement's first line.
    assert!(selected.len() >= 2, "no selection:\n{}", session.screen());
    let first_line = selected[1].clone();
    assert!(!first_line.is_empty());

    // Moving the selection redraws only what changed, not the screen.
    let start = session.raw.len();
    session.send(b"j");
    session.wait_for("the selection to move", |s| {
        selected_benefit(s)
            .get(1)
            .is_some_and(|line| *line != first_line)
    });
    let moved = session.raw.len() - start;
    eprintln!("j in the view at 80x24: {moved} bytes");
    assert!(moved < 80 * 24 * 4, "{moved} bytes for one move");
    session.send(b"k");
    session.wait_for("the selection to come back", |s| {
        selected_benefit(s).get(1) == Some(&first_line)
    });

    session.send(b"\r");
    session.wait_for("the reader showing the statement", |s| {
        let text = s.contents();
        text.contains("Text") && !text.contains("Benefits (") && text.contains(&first_line)
    });
    // The statement's line is highlighted (reverse video or a background colour).
    let screen = session.parser.screen();
    let marked = (0..screen.size().0.get()).any(|row| {
        let line = screen.contents_between(row, 0, row, screen.size().1.get());
        line.contains(&first_line[..first_line.len().min(12)])
            && (0..screen.size().1.get()).any(|col| {
                screen
                    .cell(row, col)
                    .is_some_and(|c| c.bgcolor() != vt100::Color::Default)
            })
    });
    assert!(
        marked,
        "the statement is not highlighted:\n{}",
        session.screen()
    );

    session.send(b"r");
    session.wait_for_text("Benefits (");
    session.send(b"t");
    session.wait_for("the coverage grid", |s| {
        let text = s.contents();
        text.contains("[Coverage]") && text.contains("silent") && text.contains("Topic")
    });

    session.send(b"\x1b");
    session.wait_for("the reader again", |s| {
        let text = s.contents();
        text.contains("Text") && !text.contains("[Coverage]")
    });
}
