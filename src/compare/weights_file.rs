//! The learned model's weights file (assets/learned.tsv): one feature per line,
//! `feature<TAB>benefit<TAB>risk<TAB>neither<TAB>both`, `#` starting a comment. Read by the
//! build script, which bakes the weights into the binary, and by `Model::parse`; and the
//! hash that places a feature in the baked table, shared by the two sides of it.

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

/// FNV-1a: the baked table's hash, fixed here so the build script that fills the table and
/// the binary that reads it agree (std's hasher is seeded per process).
pub fn feature_hash(feature: &str) -> u64 {
    feature.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
