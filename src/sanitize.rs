//! The one place where untrusted text from a file becomes text safe to show on a terminal.
//! Control characters, escape sequences, bidi controls and invisible characters are turned
//! into visible markers; nothing from a file may reach the terminal as a control sequence.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// Tab stops are every this many columns.
const TAB_WIDTH: usize = 8;

/// A piece of displayable text: either the file's own text or a marker standing for
/// something that must not be written raw (shown dim by the views).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(Cow<'a, str>),
    Marker(String),
}

impl Piece<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            Piece::Text(text) => text,
            Piece::Marker(marker) => marker,
        }
    }
}

enum Treatment {
    Keep,
    Drop,
    Replace(&'static str),
    Mark(String),
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}' | '\u{fff9}'..='\u{fffb}'
    )
}

fn is_pictograph(c: char) -> bool {
    // Emoji live in these blocks; a ZWJ between two of them only joins a picture.
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

fn treatment(c: char, prev: Option<char>, next: Option<char>) -> Treatment {
    match c {
        '\n' => Treatment::Keep,
        '\x1b' => Treatment::Mark("^[".to_string()),
        '\x7f' => Treatment::Mark("^?".to_string()),
        c if (c as u32) < 0x20 => Treatment::Mark(format!("^{}", char::from(b'@' + c as u8))),
        '\u{80}'..='\u{9f}' => Treatment::Mark(format!("<U+{:04X}>", c as u32)),
        // Terminals disagree on how wide a ZWJ emoji sequence or a variation selector makes a
        // picture; showing the parts separately keeps every column count exact.
        '\u{200d}' if prev.is_some_and(is_pictograph) && next.is_some_and(is_pictograph) => {
            Treatment::Drop
        }
        '\u{fe00}'..='\u{fe0f}' | '\u{ad}' => Treatment::Drop,
        '\u{2028}' | '\u{2029}' => Treatment::Replace(" "),
        c if is_bidi_control(c) || is_invisible(c) || c == '\u{200d}' => {
            Treatment::Mark(format!("<U+{:04X}>", c as u32))
        }
        c if ('\u{e0000}'..='\u{e007f}').contains(&c) => Treatment::Drop,
        _ => Treatment::Keep,
    }
}

fn needs_work(c: char) -> bool {
    matches!(
        c as u32,
        0x00..=0x09 | 0x0b..=0x1f | 0x7f..=0x9f | 0xad | 0x061c | 0x180e | 0x200b..=0x200f
            | 0x2028..=0x202e | 0x2060..=0x2069 | 0xfe00..=0xfe0f | 0xfeff | 0xfff9..=0xfffb
            | 0xe0000..=0xe007f
    )
}

/// Splits `text` into displayable pieces. Tabs expand to the next multiple of 8 columns,
/// counted from the start of `text`.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    if !text.chars().any(needs_work) {
        return vec![Piece::Text(Cow::Borrowed(text))];
    }
    let mut out: Vec<Piece> = Vec::new();
    let mut current = String::new();
    let mut column = 0usize;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        if c == '\t' {
            let spaces = TAB_WIDTH - column % TAB_WIDTH;
            current.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
            continue;
        }
        match treatment(c, prev, next) {
            Treatment::Keep => {
                current.push(c);
                column = if c == '\n' {
                    0
                } else {
                    column + c.width().unwrap_or(0)
                };
            }
            Treatment::Drop => {}
            Treatment::Replace(with) => {
                current.push_str(with);
                column += with.len();
            }
            Treatment::Mark(marker) => {
                if !current.is_empty() {
                    out.push(Piece::Text(Cow::Owned(std::mem::take(&mut current))));
                }
                column += marker.len();
                out.push(Piece::Marker(marker));
            }
        }
    }
    if !current.is_empty() || out.is_empty() {
        out.push(Piece::Text(Cow::Owned(current)));
    }
    out
}

/// `text` with every unsafe character made visible, as one string.
pub fn display(text: &str) -> Cow<'_, str> {
    let mut parts = pieces(text);
    if parts.len() == 1 {
        if let Some(Piece::Text(_)) = parts.first() {
            if let Some(Piece::Text(shown)) = parts.pop() {
                // `needs_work` is a coarse prefilter: flagged text may come back unchanged.
                return if shown == text {
                    Cow::Borrowed(text)
                } else {
                    shown
                };
            }
        }
    }
    Cow::Owned(parts.iter().map(Piece::as_str).collect())
}

/// Like [`display`], for one line of output: newlines become spaces as well.
pub fn display_line(text: &str) -> Cow<'_, str> {
    match display(text) {
        Cow::Borrowed(text) if !text.contains('\n') => Cow::Borrowed(text),
        shown => Cow::Owned(shown.replace('\n', " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_never_skips_a_character_that_needs_treatment() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if !matches!(
                treatment(c, Some('\u{1F600}'), Some('\u{1F600}')),
                Treatment::Keep
            ) {
                assert!(needs_work(c), "{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(display("Ketamine – “quotes” ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        let shown = display("a\x1b]0;pwned\x07b\x1b[2Jc\u{9b}31m");
        assert!(!shown.contains('\x1b') && !shown.contains('\x07') && !shown.contains('\u{9b}'));
        assert_eq!(shown, "a^[]0;pwned^Gb^[[2Jc<U+009B>31m");
    }

    #[test]
    fn tabs_expand_to_multiples_of_eight() {
        assert_eq!(display("ab\tc"), "ab      c");
        assert_eq!(display("\tx"), "        x");
    }

    #[test]
    fn bidi_and_zero_width_are_marked() {
        assert_eq!(display("a\u{202e}b\u{200b}c"), "a<U+202E>b<U+200B>c");
    }

    #[test]
    fn emoji_zwj_and_variation_selectors_split_into_plain_pictures() {
        assert_eq!(display("\u{1F469}\u{200D}\u{1F52C}"), "\u{1F469}\u{1F52C}");
        assert_eq!(display("\u{2764}\u{FE0F}"), "\u{2764}");
    }

    #[test]
    fn markers_are_separate_pieces() {
        let parts = pieces("x\x01y");
        assert_eq!(
            parts,
            vec![
                Piece::Text(Cow::Owned("x".into())),
                Piece::Marker("^A".into()),
                Piece::Text(Cow::Owned("y".into()))
            ]
        );
    }
}
