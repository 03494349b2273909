//! The learned model's weights file (assets/learned.tsv): one feature per line,
//! `feature<TAB>benefit<TAB>risk<TAB>neither<TAB>both`, `#` starting a comment. Read by the
//! build script, which bakes the weights into the binary, and by `Model::parse`.

/// The features and their weights, in file order; an error names the line.
pub fn parse(text: &str) -> Result<Vec<(&str, [f32; 4])>, String> {
    let mut rows = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let name = fields.next().unwrap_or_default();
        let mut row = [0.0f32; 4];
        for slot in &mut row {
            *slot = fields
                .next()
                .and_then(|field| field.trim().parse().ok())
                .ok_or_else(|| format!("line {}: expected four weights", number + 1))?;
        }
        rows.push((name, row));
    }
    Ok(rows)
}
