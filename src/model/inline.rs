//! Inline emphasis in plain text: `**bold**` and `__bold__` become emphasised spans.
//! Unpaired markers stay as literal text; nothing else is interpreted.

use super::Span;

/// Splits `text` into spans, removing paired `**`/`__` markers.
pub fn parse_inline(text: &str) -> Vec<Span> {
    if !text.contains("**") && !text.contains("__") {
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![Span::plain(text)]
        };
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut rest = text;
    let push = |spans: &mut Vec<Span>, text: &str, emphasis: bool| {
        if text.is_empty() {
            return;
        }
        match spans.last_mut() {
            Some(last) if last.emphasis == emphasis => last.text.push_str(text),
            _ => spans.push(Span {
                text: text.to_string(),
                emphasis,
            }),
        }
    };
    while let Some((open, marker)) = find_marker(rest) {
        let after_open = &rest[open + 2..];
        // An emphasis run must not start or end with whitespace ("a ** b ** c" is literal).
        let close = after_open.find(marker).filter(|&close| {
            close > 0
                && !after_open.starts_with(char::is_whitespace)
                && !after_open[..close].ends_with(char::is_whitespace)
        });
        match close {
            Some(close) => {
                push(&mut spans, &rest[..open], false);
                push(&mut spans, &after_open[..close], true);
                rest = &after_open[close + 2..];
            }
            None => {
                push(&mut spans, &rest[..open + 2], false);
                rest = after_open;
            }
        }
    }
    push(&mut spans, rest, false);
    spans
}

fn find_marker(text: &str) -> Option<(usize, &'static str)> {
    let stars = text.find("**").map(|i| (i, "**"));
    let unders = text
        .match_indices("__")
        // `snake__case` identifiers are not emphasis: the opener must not follow a word character.
        .find(|(i, _)| {
            !text[..*i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric())
        })
        .map(|(i, _)| (i, "__"));
    match (stars, unders) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| {
                if s.emphasis {
                    format!("<{}>", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn pairs_become_emphasis_and_markers_vanish() {
        assert_eq!(
            render(&parse_inline("the **mental health** of **ketamine** users")),
            "the <mental health> of <ketamine> users"
        );
        assert_eq!(render(&parse_inline("__bold__ start")), "<bold> start");
    }

    #[test]
    fn unpaired_or_spaced_markers_stay_literal() {
        assert_eq!(render(&parse_inline("2 ** 3 is eight")), "2 ** 3 is eight");
        assert_eq!(render(&parse_inline("a ** b ** c")), "a ** b ** c");
        assert_eq!(
            render(&parse_inline("snake__case__name")),
            "snake__case__name"
        );
        assert_eq!(render(&parse_inline("****")), "****");
    }

    #[test]
    fn adjacent_plain_text_merges_into_one_span() {
        let spans = parse_inline("x ** y");
        assert_eq!(spans.len(), 1);
    }
}
