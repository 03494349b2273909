//! How counts read to a user, on the command line and on screen alike: "1 source",
//! "3 sources". Only nouns with a regular plural.

/// `1 topic`, `3 topics`: a count with its noun agreeing.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(1, "topic"), "1 topic");
        assert_eq!(count(0, "risk"), "0 risks");
        assert_eq!(count(2, "source"), "2 sources");
    }
}
