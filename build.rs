//! Embeds every rule file under `rules/<profile>/` into the binary, so the
//! built-in catalogue needs no files at run time.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=rules");
    let root = Path::new("rules");
    let mut files = Vec::new();
    for profile in std::fs::read_dir(root).expect("rules/ exists") {
        let profile = profile.expect("readable rules/ entry").path();
        if !profile.is_dir() {
            continue;
        }
        println!("cargo::rerun-if-changed={}", profile.display());
        for file in std::fs::read_dir(&profile).expect("readable profile directory") {
            let file = file.expect("readable rule file entry").path();
            if file.extension().is_some_and(|e| e == "toml") {
                files.push(file);
            }
        }
    }
    files.sort();
    let mut out = String::from(
        "/// Built-in rule files: (path relative to the crate, content).\npub const BUILTIN_RULES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        let rel = f.to_string_lossy().replace('\\', "/");
        writeln!(
            out,
            "    ({rel:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{rel}\"))),"
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
