//! How counts read to a user, on the command line and on screen alike: "1 source",
//! "3 sources" (only nouns with a regular plural), and long lists cut to a few and a count.

/// `1 topic`, `3 topics`: a count with its noun agreeing.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Badges that agree on an entry, as many as a reader takes in at a glance: past that,
/// the count says the rest (the JSON output keeps every one).
pub const BADGES_LISTED: usize = 12;

/// The first `most` items joined by spaces, then "and N more" for the rest.
pub fn listed(items: &[String], most: usize) -> String {
    let shown = items[..items.len().min(most)].join(" ");
    match items.len().saturating_sub(most) {
        0 => shown,
        rest if shown.is_empty() => format!("{rest} more"),
        rest => format!("{shown} and {rest} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_shows_its_first_items_and_counts_the_rest() {
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(listed(&items, 3), "a b c");
        assert_eq!(listed(&items, 2), "a b and 1 more");
        assert_eq!(listed(&items, 0), "3 more");
        assert_eq!(listed(&[], 2), "");
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(1, "topic"), "1 topic");
        assert_eq!(count(0, "risk"), "0 risks");
        assert_eq!(count(2, "source"), "2 sources");
    }
}
