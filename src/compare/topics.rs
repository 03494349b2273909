//! One primary topic per statement, from the taxonomy's keywords; nothing matching means
//! "Other". Knows nothing of benefit or risk.

use super::lexicon::Taxonomy;
use super::phrases::tokenize;

/// Index into the taxonomy's names, or None for "Other". The topic whose keywords cover the
/// most words wins; the first listed wins a tie. A list item's label counts twice, since
/// it names what the item is about.
pub fn primary_topic(text: &str, label_len: Option<usize>, taxonomy: &Taxonomy) -> Option<usize> {
    let tokens = tokenize(text);
    let mut best: Option<(usize, usize)> = None;
    for (index, keywords) in taxonomy.keywords.iter().enumerate() {
        let score: usize = keywords
            .scan(&tokens)
            .iter()
            .map(|hit| {
                let words = hit.end - hit.start;
                let in_label = label_len.is_some_and(|len| tokens[hit.start].start < len);
                if in_label {
                    words * 2
                } else {
                    words
                }
            })
            .sum();
        if score > 0 && best.is_none_or(|(_, best_score)| score > best_score) {
            best = Some((index, score));
        }
    }
    best.map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(text: &str) -> String {
        let taxonomy = Taxonomy::default();
        primary_topic(text, None, &taxonomy)
            .map_or("Other".to_string(), |i| taxonomy.names[i].clone())
    }

    #[test]
    fn statements_go_to_the_topic_they_mention_most() {
        assert_eq!(
            topic("Relief can come within hours, far faster than pills."),
            "Speed of relief"
        );
        assert_eq!(
            topic("Common side effects are nausea, dizziness and a raised blood pressure."),
            "Side effects"
        );
        assert_eq!(
            topic("Heart rate and blood pressure rise briefly."),
            "Blood pressure and heart"
        );
        assert_eq!(
            topic("Sessions are rarely covered by insurance."),
            "Cost and access"
        );
        assert_eq!(
            topic("It is easily misused and can lead to dependence."),
            "Misuse and dependence"
        );
        assert_eq!(
            topic("It may lower suicidal thoughts."),
            "Suicidal thoughts"
        );
        assert_eq!(topic("The weather was fine that day."), "Other");
    }

    #[test]
    fn a_label_weighs_more_than_the_body() {
        let taxonomy = Taxonomy::default();
        let text = "Cost and Access: infusions are given in a clinic with monitoring.";
        let index = primary_topic(text, Some("Cost and Access".len()), &taxonomy).expect("topic");
        assert_eq!(taxonomy.names[index], "Cost and access");
    }
}
