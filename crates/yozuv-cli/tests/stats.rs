//! `yozuv stats` counts: record counts from the shared PROVENANCE files, and the same
//! totals as the library's single-threaded streaming reader on damaged inputs (stats
//! frames on one thread and parses on another; this checks that nothing is lost,
//! renumbered or counted twice across batches).

use std::path::{Path, PathBuf};
use std::process::Command;

use yozuv::iso2709::{ReadMode, Reader};

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata")
        .join(rel)
}

fn stats_json(path: &Path, threads: &str) -> (serde_json::Value, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_yozuv"))
        .args(["stats", "--format", "json", "--threads", threads])
        .arg(path)
        .output()
        .expect("run yozuv");
    let json = serde_json::from_slice(&out.stdout).expect("stats prints JSON");
    (json, out.status.code())
}

/// The same counts, straight from `Reader::next_raw` on one thread.
fn reference(path: &Path) -> [u64; 6] {
    let file = std::fs::File::open(path).expect("open");
    let mut reader = Reader::new(file, ReadMode::Permissive);
    let [mut records, mut fields, mut subfields, mut bytes, mut errors, mut warnings] = [0u64; 6];
    while let Some(item) = reader.next_raw() {
        records += 1;
        match item {
            Ok(raw) => {
                bytes += raw.as_bytes().len() as u64;
                warnings += raw.warnings().len() as u64;
                for f in raw.fields() {
                    fields += 1;
                    subfields += f.subfields().count() as u64;
                }
            }
            Err(e) => {
                assert!(e.is_record_error(), "{}: {e}", path.display());
                errors += 1;
                bytes += e.raw_bytes().map_or(0, |b| b.len() as u64);
            }
        }
    }
    // Junk before a record is a warning on that record; only junk after the last
    // record counts on its own.
    warnings += u64::from(reader.trailing_junk().is_some());
    bytes += reader.junk().iter().map(|&(_, n)| n as u64).sum::<u64>();
    [records, fields, subfields, bytes, errors, warnings]
}

fn counts(v: &serde_json::Value) -> [u64; 6] {
    [
        "records",
        "fields",
        "subfields",
        "bytes",
        "errors",
        "warnings",
    ]
    .map(|k| v[k].as_u64().unwrap_or_else(|| panic!("no {k} in {v}")))
}

#[test]
fn large_files_have_their_provenance_record_counts() {
    // ../shared/testdata/marc21/PROVENANCE.md: 460 and 3064 records, all sound.
    for (file, records) in [
        ("marc21/large/obp-open-book-publishers-2025-12.mrc", 460),
        ("marc21/large/xbib-periouni.UNIMARC.mrc", 3064),
    ] {
        let path = shared(file);
        let (json, code) = stats_json(&path, "2");
        assert_eq!(json["records"], records, "{file}");
        assert_eq!(json["errors"], 0, "{file}");
        assert_eq!(
            json["bytes"],
            std::fs::metadata(&path).unwrap().len(),
            "{file}"
        );
        assert_eq!(code, Some(0), "{file}");
    }
}

#[test]
fn damaged_and_multi_batch_inputs_count_like_the_streaming_reader() {
    let mut files = vec![
        // Several 256 KiB batches, and a ~1 MB record on its own.
        shared("marc21/large/obp-open-book-publishers-2025-12.mrc"),
        shared("marc21/broken/marc4j-bad_hathi_records.mrc"),
    ];
    let broken = shared("marc21/broken");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&broken)
        .expect("shared broken/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "mrc" || x == "usmarc" || x == "bin" || x == "dat")
        })
        .collect();
    names.sort();
    files.extend(names);
    assert!(files.len() > 10);
    for path in &files {
        let expected = reference(path);
        for threads in ["1", "3"] {
            let (json, code) = stats_json(path, threads);
            let got = counts(&json);
            assert_eq!(got, expected, "{} --threads {threads}", path.display());
            let expected_code = if got[4] + got[5] > 0 { 1 } else { 0 };
            assert_eq!(code, Some(expected_code), "{}", path.display());
        }
    }
}

#[test]
fn marcxml_and_json_are_counted_too() {
    // marc21/PROVENANCE.md: pymarc batch.xml and batch.json hold the same 2 records
    // (001 5637241 and 12149120); the serialization is found from the content.
    for file in [
        "marc21/xml/pymarc-batch.xml",
        "marc21/json/pymarc-batch.json",
    ] {
        let path = shared(file);
        let (json, code) = stats_json(&path, "1");
        assert_eq!(json["records"], 2, "{file}");
        assert_eq!(json["errors"], 0, "{file}");
        assert_eq!(
            json["bytes"],
            std::fs::metadata(&path).unwrap().len(),
            "{file}"
        );
        assert_eq!(code, Some(0), "{file}");
    }
    // XML behind a .mrc name (RSL export).
    let path = shared("unimarc/messy/rsl-marcxml-with-mrc-extension/rsl01003501478.mrc");
    let (json, _) = stats_json(&path, "2");
    assert_eq!(json["records"], 1);
}
