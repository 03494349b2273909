//! Build script: parses the embedded seed articles once, here, with the crate's own parser,
//! and writes the model out as Rust code that builds it, for `corpus::embedded()`. Starting
//! on the default corpus then parses nothing: the first frame no longer waits for five parses.
//! The classifier's learned weights (assets/learned.tsv) are baked the same way, as a hash
//! table, so `compare` neither parses nor allocates them.
//! On linux-gnu it also chooses two link settings that shorten the process's start-up.

use std::fmt::Write;
use std::path::{Path, PathBuf};

// The crate's modules, compiled into the build script as they are: the parse is the one the
// binary would run, not a copy of it.
#[allow(dead_code)]
#[path = "corpus/decode.rs"]
mod decode;
#[allow(dead_code)]
#[path = "corpus/embedded.rs"]
mod embedded;
#[allow(dead_code, unused_imports)]
#[path = "model/mod.rs"]
mod model;
#[path = "compare/weights_file.rs"]
mod weights_file;

fn main() {
    link_for_a_fast_start();
    for input in ["src/model", "src/corpus", "seeds"] {
        println!("cargo::rerun-if-changed={input}");
    }
    let sources: Vec<model::Source> = embedded::SEEDS
        .iter()
        .map(|(name, text)| embedded::parse_seed(name, text))
        .collect();
    let mut code = String::new();
    sources.emit(&mut code);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded_model.rs"), code).expect("OUT_DIR is writable");
    bake_learned_weights(&out);
}

/// Writes the learned weights as an open-addressing hash table, in four files the binary
/// includes as bytes (no generated Rust to compile or lint): one string of all the names;
/// each feature's byte span in it and its four weights; and a power-of-two array of slots
/// holding 1 + the feature's index (0 for empty), probed linearly from the feature's
/// [`weights_file::feature_hash`]. Numbers are little-endian u32 and f32.
fn bake_learned_weights(out: &Path) {
    const WEIGHTS: &str = "assets/learned.tsv";
    println!("cargo::rerun-if-changed={WEIGHTS}");
    let text = std::fs::read_to_string(WEIGHTS).expect("assets/learned.tsv is readable");
    let mut rows = weights_file::parse(&text).unwrap_or_else(|e| panic!("{WEIGHTS}: {e}"));
    rows.sort_by(|a, b| a.0.cmp(b.0));
    if let Some(pair) = rows.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        panic!("{WEIGHTS}: feature {:?} is listed twice", pair[0].0);
    }
    if let Some((name, _)) = rows
        .iter()
        .find(|(_, row)| !row.iter().all(|w| w.is_finite()))
    {
        panic!("{WEIGHTS}: feature {name:?} has a weight that is not a number");
    }
    let number = |n: usize| u32::try_from(n).expect("the weights file is under 4 GB");
    // At most half full, so a probe rarely goes past its first slot or two.
    let mut slots = vec![0u32; (rows.len() * 2).next_power_of_two().max(1)];
    let mask = slots.len() - 1;
    let mut names = String::new();
    let mut spans = Vec::new();
    let mut weights = Vec::new();
    for (index, (name, row)) in rows.iter().enumerate() {
        spans.extend(number(names.len()).to_le_bytes());
        names.push_str(name);
        spans.extend(number(names.len()).to_le_bytes());
        weights.extend(row.iter().flat_map(|w| w.to_le_bytes()));
        let mut slot = weights_file::feature_hash(name) as usize & mask;
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot] = number(index + 1);
    }
    let slots: Vec<u8> = slots.iter().flat_map(|slot| slot.to_le_bytes()).collect();
    for (file, bytes) in [
        ("learned_names.txt", names.as_bytes()),
        ("learned_spans.bin", &spans),
        ("learned_weights.bin", &weights),
        ("learned_slots.bin", &slots),
    ] {
        std::fs::write(out.join(file), bytes).expect("OUT_DIR is writable");
    }
}

/// Two link settings on linux-gnu that shorten the start-up before the reader's first frame
/// by about half a millisecond (measured in the README, "Performance"):
/// - The binary alone (`-bins`) is linked at a fixed address, not position-independent, so
///   the loader has none of the ~8,700 pointers in its read-only data to relocate, nor their
///   pages to copy, before `main`. That gives up the random placement of the executable's
///   own image (libraries, stack and heap are still placed at random); `DOSSIER_PIE=1` at
///   build time keeps a position-independent binary, for packagers who want it.
/// - Every program that links the library (the binary, tests, benches, examples) takes its
///   unwinder from libgcc_eh.a instead of libgcc_s.so, so the loader maps one shared library
///   (libc) instead of two. Named here, it comes ahead of std's own `-lgcc_s`, which
///   `--as-needed` then drops. Panics still unwind: a panic in the search thread stays in
///   that thread (tests in src/tui.rs).
///
/// Neither applies with `crt-static`, where rustc links a static PIE of its own.
fn link_for_a_fast_start() {
    println!("cargo::rerun-if-env-changed=DOSSIER_PIE");
    let cfg = |key: &str| std::env::var(key).unwrap_or_default();
    let linux_gnu = cfg("CARGO_CFG_TARGET_OS") == "linux" && cfg("CARGO_CFG_TARGET_ENV") == "gnu";
    let crt_static = cfg("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|feature| feature == "crt-static");
    if !linux_gnu || crt_static {
        return;
    }
    if std::env::var_os("DOSSIER_PIE").is_none_or(|value| value != "1") {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
    if linker_finds("libgcc_eh.a") {
        println!("cargo::rustc-link-lib=static:-bundle=gcc_eh");
    }
}

/// Whether the program that links (the configured linker, else rustc's default `cc`) finds
/// `file` among its own libraries; where it does not (a linker that is no GCC-style driver),
/// the binaries keep libgcc_s rather than fail to link. A linker changed in cargo's
/// configuration does not rerun this script: `cargo clean` after changing it.
fn linker_finds(file: &str) -> bool {
    let linker = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".to_string());
    std::process::Command::new(linker)
        .arg(format!("-print-file-name={file}"))
        .output()
        .is_ok_and(|output| {
            // The bare name comes back when the file is not found.
            let found = String::from_utf8_lossy(&output.stdout);
            let path = Path::new(found.trim());
            output.status.success() && path.is_absolute() && path.exists()
        })
}

/// Writes a value as the Rust expression that builds it.
trait Emit {
    fn emit(&self, out: &mut String);
}

impl Emit for String {
    fn emit(&self, out: &mut String) {
        // A str's Debug form is a valid Rust string literal, escapes included.
        let _ = write!(out, "String::from({self:?})");
    }
}

impl Emit for usize {
    fn emit(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl Emit for bool {
    fn emit(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, out: &mut String) {
        match self {
            None => out.push_str("None"),
            Some(value) => {
                out.push_str("Some(");
                value.emit(out);
                out.push(')');
            }
        }
    }
}

impl<T: Emit> Emit for Vec<T> {
    fn emit(&self, out: &mut String) {
        out.push_str("vec![");
        for item in self {
            item.emit(out);
            out.push(',');
        }
        out.push(']');
    }
}

/// A struct literal naming every field: a field added to the model stops this compiling
/// until it is emitted too.
macro_rules! emit_struct {
    ($name:ident { $($field:ident),* }) => {
        impl Emit for model::$name {
            fn emit(&self, out: &mut String) {
                let model::$name { $($field),* } = self;
                out.push_str(concat!(stringify!($name), " {"));
                $(
                    out.push_str(concat!(stringify!($field), ": "));
                    $field.emit(out);
                    out.push(',');
                )*
                out.push('}');
            }
        }
    };
}

emit_struct!(Span { text, emphasis });
emit_struct!(ListItem { line, label, spans });
emit_struct!(Section {
    title,
    depth,
    line,
    blocks,
    children
});
emit_struct!(Boilerplate { line, text });
emit_struct!(MetaLines {
    title,
    byline,
    category
});
emit_struct!(Source {
    id,
    path,
    title,
    byline,
    category,
    lead,
    sections,
    boilerplate,
    meta_lines
});

impl Emit for model::Block {
    fn emit(&self, out: &mut String) {
        let (variant, line, end_line, spans) = match self {
            model::Block::List { ordered, items } => {
                let _ = write!(out, "Block::List {{ ordered: {ordered}, items: ");
                items.emit(out);
                out.push('}');
                return;
            }
            model::Block::Paragraph {
                line,
                end_line,
                spans,
            } => ("Paragraph", line, end_line, spans),
            model::Block::Quote {
                line,
                end_line,
                spans,
            } => ("Quote", line, end_line, spans),
        };
        let _ = write!(
            out,
            "Block::{variant} {{ line: {line}, end_line: {end_line}, spans: "
        );
        spans.emit(out);
        out.push('}');
    }
}
