//! The real test records the unit tests compare fast paths on (test builds only).

use std::path::{Path, PathBuf};

/// Every ISO 2709 file (sound and damaged) of ../shared/testdata and the repository's
/// testdata/, sorted.
pub(crate) fn iso2709_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/testdata"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata"),
    ] {
        collect(Path::new(dir), &mut files);
    }
    files.sort();
    files
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("mrc" | "dat" | "marc" | "iso" | "bin")
        ) {
            out.push(path);
        }
    }
}
