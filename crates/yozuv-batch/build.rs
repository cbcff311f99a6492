//! Compiles every Fluent file under `messages/<language>/*.ftl` into the crate, so that
//! message files added by other modules (e.g. `format.ftl`) are picked up without code changes.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("messages");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    if let Ok(langs) = std::fs::read_dir(&dir) {
        for lang in langs.flatten() {
            let path = lang.path();
            if !path.is_dir() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", path.display());
            let lang_name = lang.file_name().to_string_lossy().into_owned();
            if let Ok(entries) = std::fs::read_dir(&path) {
                for f in entries.flatten() {
                    let p = f.path();
                    if p.extension().is_some_and(|e| e == "ftl") {
                        println!("cargo:rerun-if-changed={}", p.display());
                        files.push((
                            lang_name.clone(),
                            f.file_name().to_string_lossy().into_owned(),
                            p,
                        ));
                    }
                }
            }
        }
    }
    files.sort();
    let mut out = String::from("/// Every message file: (language, file name, text).\npub(crate) static FILES: &[(&str, &str, &str)] = &[\n");
    for (lang, name, path) in files {
        let _ = writeln!(
            out,
            "    ({lang:?}, {name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let target =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("messages.rs");
    if let Err(e) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {e}", target.display());
    }
}
