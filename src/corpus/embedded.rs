//! The five seed articles, compiled into the binary: the default corpus. The build script
//! (src/build.rs) parses them with this same code, so a start on them reads a finished model.

use std::path::Path;

use super::decode::normalise_newlines;
use crate::model::{self, Format, Source};

/// File name and text of each seed, in file-name order.
pub const SEEDS: &[(&str, &str)] = &[
    (
        "000_62cb00c47d0ac6d3.txt",
        include_str!("../../seeds/000_62cb00c47d0ac6d3.txt"),
    ),
    (
        "001_2da64bd82b15c66b.txt",
        include_str!("../../seeds/001_2da64bd82b15c66b.txt"),
    ),
    (
        "002_e79e90e991d183ab.txt",
        include_str!("../../seeds/002_e79e90e991d183ab.txt"),
    ),
    (
        "003_70c563bd9ad267f7.txt",
        include_str!("../../seeds/003_70c563bd9ad267f7.txt"),
    ),
    (
        "004_ec629d1ca4fb25cf.txt",
        include_str!("../../seeds/004_ec629d1ca4fb25cf.txt"),
    ),
];

/// Parses one seed as the default corpus holds it, by its name's format as a loaded file
/// is; the build script does this for each seed.
pub fn parse_seed(name: &str, text: &str) -> Source {
    let id = Path::new(name)
        .file_stem()
        .map_or(name.into(), |stem| stem.to_string_lossy());
    let path = format!("seeds/{name}");
    let format = Format::from_path(&path);
    model::parse(&id, &path, &normalise_newlines(text), format)
}
