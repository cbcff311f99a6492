//! Every ISO 2709 file of the shared test data: record counts as the PROVENANCE
//! tables give them (counted there by record terminators), and byte-exact rebuilds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use yozuv::iso2709::{rebuild, ReadMode, Reader, SliceReader};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata")
}

/// `file -> records` from a PROVENANCE table whose first column is the file path.
fn provenance_counts(dir: &str, records_column: usize) -> HashMap<String, u64> {
    let text = std::fs::read_to_string(shared().join(dir).join("PROVENANCE.md")).unwrap();
    let mut out = HashMap::new();
    for line in text.lines().filter(|l| l.starts_with("| ")) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(file), Some(records)) = (cols.get(1), cols.get(records_column + 1)) else {
            continue;
        };
        let digits: String = records.chars().take_while(char::is_ascii_digit).collect();
        let rest = &records[digits.len()..];
        // "61 (26 with 675)" counts records; "5 lines" does not.
        if !(rest.is_empty() || rest.starts_with(" (") || rest.starts_with(" [")) {
            continue;
        }
        if let Ok(n) = digits.parse() {
            out.insert(file.to_string(), n);
        }
    }
    out
}

fn iso_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("mrc" | "dat" | "marc" | "iso" | "bin" | "usmarc")
            )
        })
        .collect();
    files.sort();
    files
}

struct Checked {
    files: usize,
    sound: usize,
}

fn check_dir(table_dir: &str, records_column: usize, sub: &str) -> Checked {
    let counts = provenance_counts(table_dir, records_column);
    let mut checked = Checked { files: 0, sound: 0 };
    for path in iso_files(&shared().join(table_dir).join(sub)) {
        let rel = format!("{sub}/{}", path.file_name().unwrap().to_str().unwrap());
        let data = std::fs::read(&path).unwrap();
        let mut n = 0u64;
        for item in SliceReader::new(&data, ReadMode::Permissive) {
            n += 1;
            let Ok(raw) = item else { continue };
            if raw.is_sound() {
                checked.sound += 1;
                let mut out = Vec::new();
                rebuild(&raw, &mut out).unwrap();
                assert!(
                    out == raw.as_bytes(),
                    "{rel}: record {} does not rebuild byte for byte",
                    raw.number()
                );
            }
        }
        // The streaming reader with a tiny read size frames exactly as the slice reader.
        let streamed = Reader::new(OneByteAtATime(&data[..]), ReadMode::Permissive).count() as u64;
        assert_eq!(streamed, n, "{rel}: streaming and slice readers disagree");
        if let Some(&expected) = counts.get(&rel) {
            assert_eq!(n, expected, "{rel}: record count");
            checked.files += 1;
        }
    }
    checked
}

/// A reader that hands out at most 7 bytes per call, to test buffer refills.
struct OneByteAtATime<'a>(&'a [u8]);

impl std::io::Read for OneByteAtATime<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(7).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn marc21_files_have_their_record_counts_and_rebuild_exactly() {
    // marc21/PROVENANCE.md: | file | repo | path | commit | blob | licence | records | ...
    let mut files = 0;
    let mut sound = 0;
    for sub in ["utf8", "marc8", "roundtrip", "large", "legacy-encodings"] {
        let c = check_dir("marc21", 6, sub);
        files += c.files;
        sound += c.sound;
    }
    assert!(files >= 60, "only {files} files matched a PROVENANCE row");
    assert!(sound > 5000, "only {sound} sound records");
}

#[test]
fn rusmarc_files_have_their_record_counts_and_rebuild_exactly() {
    // unimarc/PROVENANCE.md: | file | repo | path | license | records | ...
    let mut files = 0;
    for sub in [
        "rusmarc/nlr-irbis",
        "rusmarc/neb",
        "rusmarc/neb/series",
        "unimarc-latin",
        "marc21-ru",
    ] {
        files += check_dir("unimarc", 4, sub).files;
    }
    assert!(files >= 10, "only {files} files matched a PROVENANCE row");
}

#[test]
fn utf8_records_round_trip_through_record() {
    for path in iso_files(&shared().join("marc21/utf8")) {
        let data = std::fs::read(&path).unwrap();
        for raw in SliceReader::new(&data, ReadMode::Strict).flatten() {
            if std::str::from_utf8(raw.as_bytes()).is_err() {
                continue;
            }
            let record = raw.to_record().unwrap();
            if !record.warnings.is_empty() {
                // e.g. evergreen-nepali.marc record 16: a blank between the indicators and $a.
                continue;
            }
            let written = record.to_iso2709().unwrap();
            assert!(
                written == raw.as_bytes(),
                "{}: record {}",
                path.display(),
                raw.number()
            );
        }
    }
}
