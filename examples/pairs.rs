use dossier::compare::{
    agreement::{similarity, Normaliser},
    compare, Config,
};
fn main() {
    let corpus = dossier::corpus::embedded();
    let config = Config::default();
    let c = compare(&corpus, &config);
    let n = Normaliser::new(&config.lexicon.stopwords, &config.lexicon.synonyms);
    let items: Vec<_> = c
        .statements
        .iter()
        .filter(|s| s.classification.verdict != dossier::compare::Verdict::Neither)
        .collect();
    let mut pairs = vec![];
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            let (a, b) = (items[i], items[j]);
            if a.statement.source == b.statement.source
                || a.classification.verdict != b.classification.verdict
            {
                continue;
            }
            let (wa, wb) = (
                n.content_words(&a.statement.text),
                n.content_words(&b.statement.text),
            );
            let (d, shared) = similarity(&wa, &wb);
            let ov = shared as f32 / wa.len().min(wb.len()).max(1) as f32;
            if shared >= 2 {
                pairs.push((
                    d,
                    ov,
                    shared,
                    a.statement.text.clone(),
                    b.statement.text.clone(),
                    wa.intersection(&wb).cloned().collect::<Vec<_>>(),
                ));
            }
        }
    }
    pairs.sort_by(|x, y| y.1.partial_cmp(&x.1).unwrap());
    for p in pairs.iter().take(45) {
        println!(
            "{:.2} {:.2} {} {:?}\n   {}\n   {}",
            p.0,
            p.1,
            p.2,
            p.5,
            &p.3[..p.3.len().min(90)],
            &p.4[..p.4.len().min(90)]
        );
    }
}
