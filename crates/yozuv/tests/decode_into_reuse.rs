//! `RawRecord::decode_into` refills one `Record` from record to record, reusing its strings:
//! whatever the previous record left behind (more fields, longer texts, a data field where
//! this record has a control field) must not show through. Every ISO 2709 file of
//! ../shared/testdata is decoded both ways, records in file order and in reverse, and
//! each refilled record must equal the freshly decoded one, warnings included.

use std::path::Path;

use yozuv::encoding::DecodeOptions;
use yozuv::iso2709::{ReadMode, SliceReader};
use yozuv::Record;

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("mrc" | "dat" | "iso" | "marc")
        ) {
            out.push(p);
        }
    }
}

#[test]
fn refilled_record_equals_fresh_decode() {
    let shared = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata"
    ));
    let mut paths = Vec::new();
    files(shared, &mut paths);
    files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata")),
        &mut paths,
    );
    paths.sort();
    assert!(paths.len() > 50, "found only {} files", paths.len());
    let options = DecodeOptions::default();
    let (mut records, mut with_warnings) = (0, 0);
    let mut reused = Record::default();
    for path in &paths {
        let data = std::fs::read(path).unwrap();
        let raws: Vec<_> = SliceReader::new(&data, ReadMode::Permissive)
            .flatten()
            .collect();
        for raw in raws.iter().chain(raws.iter().rev()) {
            let fresh = raw.decode(&options);
            let refilled = raw.decode_into(&options, &mut reused);
            match (fresh, refilled) {
                (Ok(fresh), Ok(())) => {
                    assert_eq!(reused, fresh, "{} record {}", path.display(), raw.number());
                    records += 1;
                    with_warnings += usize::from(!fresh.warnings.is_empty());
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{} record {}: {a:?} vs {b:?}", path.display(), raw.number()),
            }
        }
    }
    // The comparison must have covered real variety: thousands of records, damaged ones too.
    assert!(records > 2000, "{records}");
    assert!(with_warnings > 10, "{with_warnings}");
}
