//! Build script: parses the embedded seed articles once, here, with the crate's own parser,
//! and writes the model out as Rust code that builds it, for `corpus::embedded()`. Starting
//! on the default corpus then parses nothing: the first frame no longer waits for five parses.

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
}

/// Two link settings on Linux that shorten the start-up before the reader's first frame
/// (measured in the README, "Performance"):
/// - the binary is linked at a fixed address (not position-independent), so the loader has
///   none of the ~8,700 pointers in its read-only data to relocate, nor their pages to copy,
///   before `main`; the libraries, stack and heap are still placed at random. Only the
///   binary: the test programs and the proc macros keep the default.
/// - the unwinder comes from libgcc_eh.a, linked in, instead of libgcc_s.so, so the loader
///   opens and maps one shared library (libc) instead of two. It is named here, ahead of
///   std's own `-lgcc_s`, which `--as-needed` then drops; panics still unwind, so a panic in
///   the search thread stays in that thread (a test checks it).
fn link_for_a_fast_start() {
    println!("cargo::rerun-if-env-changed=CC");
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    let target = |key: &str| std::env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "linux" && target("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
        if linker_has("libgcc_eh.a") {
            println!("cargo::rustc-link-lib=static:-bundle=gcc_eh");
        }
    }
}

/// Whether the C compiler that links the binary can find `file` among its own libraries (a
/// clang without GCC's runtime cannot: the binary then keeps libgcc_s).
fn linker_has(file: &str) -> bool {
    let linker = std::env::var("RUSTC_LINKER")
        .or_else(|_| std::env::var("CC"))
        .unwrap_or_else(|_| "cc".to_string());
    std::process::Command::new(linker)
        .arg(format!("-print-file-name={file}"))
        .output()
        .is_ok_and(|output| {
            // The bare name comes back when the file is not found.
            let found = String::from_utf8_lossy(&output.stdout);
            output.status.success() && Path::new(found.trim()).is_absolute()
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
