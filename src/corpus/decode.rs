//! Bytes → text: UTF-8 (lossy, with a flag), UTF-16 with a BOM, line endings normalised,
//! and the refusal of binaries. Knows nothing of files or paths.

/// What a file's bytes turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// `lossy` is set when invalid sequences were replaced with U+FFFD.
    Text { text: String, lossy: bool },
    /// Not an article: the reason is shown to the user.
    Binary(&'static str),
}

/// Share of control or replacement characters above which a file is taken for a binary.
const MAX_NON_TEXT_SHARE: f64 = 0.3;

pub fn decode(bytes: &[u8]) -> Decoded {
    let (text, lossy) = if let Some(text) = decode_utf16(bytes) {
        (text, false)
    } else {
        if bytes.contains(&0) {
            return Decoded::Binary("contains NUL bytes");
        }
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        match String::from_utf8_lossy(bytes) {
            std::borrow::Cow::Borrowed(text) => (text.to_string(), false),
            std::borrow::Cow::Owned(text) => (text, true),
        }
    };
    let total = text.chars().count();
    let non_text = text
        .chars()
        .filter(|&c| {
            c == '\u{fffd}'
                || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c' | '\x1b'))
        })
        .count();
    if total > 0 && non_text as f64 / total as f64 > MAX_NON_TEXT_SHARE {
        return Decoded::Binary("mostly non-text");
    }
    Decoded::Text {
        text: normalise_newlines(&text),
        lossy,
    }
}

/// UTF-16 text announces itself with a byte-order mark; without one it is not guessed at.
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let little = bytes.starts_with(&[0xff, 0xfe]);
    let big = bytes.starts_with(&[0xfe, 0xff]);
    if !little && !big {
        return None;
    }
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// CRLF and lone CR become LF, so a CR never reaches a terminal as a carriage return.
pub fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_crlf_and_lone_cr_are_normalised() {
        assert_eq!(
            decode(b"a\r\nb\rc"),
            Decoded::Text {
                text: "a\nb\nc".into(),
                lossy: false
            }
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_and_flagged() {
        let Decoded::Text { text, lossy } = decode(b"caf\xe9 au lait") else {
            panic!("expected text");
        };
        assert!(lossy);
        assert_eq!(text, "caf\u{fffd} au lait");
    }

    #[test]
    fn binaries_are_refused() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00"),
            Decoded::Binary("contains NUL bytes")
        );
        assert_eq!(
            decode(&[0x01, 0x02, 0x03, 0x04, b'a']),
            Decoded::Binary("mostly non-text")
        );
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let bytes: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Hi\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(
            decode(&bytes),
            Decoded::Text {
                text: "Hi\n".into(),
                lossy: false
            }
        );
    }

    #[test]
    fn empty_is_text() {
        assert_eq!(
            decode(b""),
            Decoded::Text {
                text: String::new(),
                lossy: false
            }
        );
    }
}
