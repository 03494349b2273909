//! What the binary asks of the dynamic loader at start-up (src/build.rs, README
//! "Performance"): libc alone, and on linux-gnu an executable at a fixed address. A float
//! function from std that pulls libm back in, or a build script that stops naming the
//! static unwinder, fails here rather than going unnoticed in the first-frame figures.
#![cfg(all(target_os = "linux", target_env = "gnu"))]

use std::process::Command;

fn readelf(flag: &str) -> String {
    let output = Command::new("readelf")
        .args([flag, "-W", env!("CARGO_BIN_EXE_dossier")])
        .output()
        .expect("readelf (binutils, which the linker needs anyway) runs");
    assert!(output.status.success(), "readelf {flag} failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_binary_needs_libc_alone() {
    let dynamic = readelf("-d");
    let needed: Vec<&str> = dynamic
        .lines()
        .filter(|line| line.contains("(NEEDED)"))
        .filter_map(|line| line.split('[').nth(1)?.split(']').next())
        .filter(|library| !library.starts_with("ld-linux"))
        .collect();
    assert_eq!(needed, ["libc.so.6"], "{dynamic}");
}

#[test]
fn the_binary_is_linked_at_a_fixed_address_unless_asked_otherwise() {
    let header = readelf("-h");
    let expected = if option_env!("DOSSIER_PIE") == Some("1") {
        "DYN"
    } else {
        "EXEC"
    };
    let kind = header
        .lines()
        .find_map(|line| line.trim().strip_prefix("Type:"))
        .map(str::trim)
        .unwrap_or_default();
    assert!(kind.starts_with(expected), "{header}");
}

#[test]
fn binding_stays_immediate_and_relro_whole() {
    let dynamic = readelf("-d");
    assert!(
        dynamic.contains("BIND_NOW") || dynamic.contains("Flags: NOW"),
        "{dynamic}"
    );
    let segments = readelf("-l");
    assert!(segments.contains("GNU_RELRO"), "{segments}");
}
