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
    decode_owned(bytes.to_vec())
}

/// Like [`decode`], taking the buffer so valid UTF-8 becomes a String without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    let (text, lossy) = if let Some(text) = decode_utf16(&bytes) {
        (text, false)
    } else {
        if memchr::memchr(0, &bytes).is_some() {
            return Decoded::Binary("contains NUL bytes");
        }
        let mut bytes = bytes;
        if bytes.starts_with(b"\xef\xbb\xbf") {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        }
    };
    let (total, non_text) = count_non_text(&text);
    if total > 0 && non_text as f64 / total as f64 > MAX_NON_TEXT_SHARE {
        return Decoded::Binary("mostly non-text");
    }
    let text = if text.contains('\r') {
        normalise_newlines(&text)
    } else {
        text
    };
    Decoded::Text { text, lossy }
}

/// Characters in all, and those that are control characters (other than whitespace and ESC,
/// which hostile but real articles carry) or replacement characters. Written as simple byte
/// counts so they vectorise; the rare non-ASCII cases are only looked for when present.
fn count_non_text(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let total = bytes.iter().filter(|&&b| b & 0xc0 != 0x80).count();
    let ascii_controls = bytes
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    let c1_controls = if memchr::memchr(0xc2, bytes).is_some() {
        text.chars()
            .filter(|c| ('\u{80}'..='\u{9f}').contains(c))
            .count()
    } else {
        0
    };
    let replacements = if memchr::memchr(0xef, bytes).is_some() {
        text.matches('\u{fffd}').count()
    } else {
        0
    };
    (total, ascii_controls + c1_controls + replacements)
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
