//! `link.target-missing` (uz-unicat UZ-K01) on real RUSMARC links, with the link index in
//! memory and spilled to temporary files under a tiny budget.
//!
//! The batch (the real bytes of the files, concatenated): RSL volumes 1, 2, 3 of a multipart
//! set (each: 461 $1 001010086108, the set, not in the batch; 461 $1 001010085686, the
//! bound-with "Конволют", whose svod record comes after them), NLR009671045 (461 $1
//! 001RU\NLR\A1\890, not in the batch), the svod record (001 010085686), then the 61 records
//! of the NLR IRBIS file, whose record 1 links forward to record 2 (RU\NLR\bibl\5996) and whose
//! records 18, 36, 59 link to records that are not there. Read off `yaz-marcdump -o line` by
//! hand (001 lines and `$1 001…` of 4XX per leader).

mod common;

use std::io::Cursor;

use common::SHARED;
use yozuv_batch::duplicates::DuplicateOptions;
use yozuv_batch::{CollectEvents, Diagnostic, Input, Profile, Registry, RunOptions, Validator};

const FILES: [&str; 6] = [
    "unimarc/rusmarc/neb/series/RuMoRGB.01003543129.1.rusmarc.iso",
    "unimarc/rusmarc/neb/series/RuMoRGB.01003543129.2.rusmarc.iso",
    "unimarc/rusmarc/neb/series/RuMoRGB.01010086131.3.rusmarc.iso",
    "unimarc/rusmarc/neb/series/NLR009671045.mrc",
    "unimarc/rusmarc/neb/series/RuMoRGB.01010085686.svod.rusmarc.iso",
    "unimarc/rusmarc/nlr-irbis/nlr_rusmarc_cp1251.iso",
];

/// Records of one copy of the batch.
const COPY: u64 = 5 + 61;

/// Missing links of one copy: record, target (all in 461, occurrence 1).
const MISSING: [(u64, &str); 7] = [
    (1, "010086108"),
    (2, "010086108"),
    (3, "010086108"),
    (4, "RU\\NLR\\A1\\890"),
    (5 + 18, "RU\\NLR\\bibl\\340011"),
    (5 + 36, "RU\\NLR\\bibl\\361696"),
    (5 + 59, "RU\\NLR\\bibl\\359194"),
];

fn batch(copies: usize) -> Vec<u8> {
    let one: Vec<u8> = FILES
        .iter()
        .flat_map(|f| std::fs::read(format!("{SHARED}/{f}")).unwrap())
        .collect();
    one.repeat(copies)
}

fn run(inputs: Vec<(&str, Vec<u8>)>, options: Option<DuplicateOptions>) -> CollectEvents {
    let mut validator = Validator::new(Profile::bundled("uz-unicat", Registry::builtin()).unwrap());
    if let Some(options) = options {
        validator = validator.with_duplicate_options(options);
    }
    let inputs = inputs
        .into_iter()
        .map(|(name, bytes)| Input {
            name: name.into(),
            reader: Box::new(Cursor::new(bytes)),
        })
        .collect();
    let mut events = CollectEvents::default();
    let options = RunOptions {
        jobs: 2,
        chunk_records: 7,
        ..RunOptions::default()
    };
    validator.run(inputs, options, &mut events).unwrap();
    events
}

fn links(events: &CollectEvents) -> Vec<&Diagnostic> {
    events
        .batch
        .iter()
        .filter(|d| &*d.rule == "link.target-missing")
        .collect()
}

fn value(d: &Diagnostic) -> String {
    d.args
        .iter()
        .find(|(n, _)| *n == "value")
        .map(|(_, v)| v.to_string())
        .unwrap()
}

#[test]
fn spilling_gives_the_links_of_memory() {
    let copies = 3;
    let tiny = tempfile::tempdir().unwrap();
    let spilled = run(
        vec![("batch.mrc", batch(copies))],
        Some(DuplicateOptions {
            memory: 256,
            temp_dir: Some(tiny.path().to_path_buf()),
        }),
    );
    let memory = run(
        vec![("batch.mrc", batch(copies))],
        Some(DuplicateOptions {
            memory: 64 << 20,
            temp_dir: None,
        }),
    );
    assert_eq!(spilled.records.len() as u64, COPY * copies as u64);
    // The whole batch report (duplicates too) is the same.
    assert_eq!(spilled.batch, memory.batch);
    let got: Vec<(u64, String)> = links(&spilled)
        .iter()
        .map(|d| (d.location.record, value(d)))
        .collect();
    let expected: Vec<(u64, String)> = (0..copies as u64)
        .flat_map(|c| {
            MISSING
                .iter()
                .map(move |(r, t)| (c * COPY + r, t.to_string()))
        })
        .collect();
    assert_eq!(got, expected);
    for d in links(&spilled) {
        assert!(d.location.tag.is_some_and(|t| t == "461"), "{d:?}");
        assert_eq!(d.location.occurrence, Some(1));
        // The diagnostic is at the linking field, inside the record.
        let record = &spilled.records[d.location.record as usize - 1];
        assert!(d.location.offset > record.offset, "{d:?}");
        assert!(d.location.offset < record.offset + record.length, "{d:?}");
        assert_eq!(d.location.id001, record.id001);
    }
    // Record 18 of the NLR file: 001 RU\NLR\bibl\333093 (yaz-marcdump).
    assert_eq!(
        links(&spilled)[4].location.id001.as_deref(),
        Some("RU\\NLR\\bibl\\333093")
    );
    // The temporary files are gone.
    assert_eq!(std::fs::read_dir(tiny.path()).unwrap().count(), 0);
}

#[test]
fn targets_in_another_input_resolve_and_positions_name_the_input() {
    // The volumes alone, then the svod record as a second input: the bound-with link resolves
    // across inputs; the set's links miss, each in its own input's numbering.
    let read = |f: &str| std::fs::read(format!("{SHARED}/{f}")).unwrap();
    let vols: Vec<u8> = FILES[..3].iter().flat_map(|f| read(f)).collect();
    for memory in [256, 4 << 20] {
        let tmp = tempfile::tempdir().unwrap();
        let events = run(
            vec![("vols.mrc", vols.clone()), ("svod.mrc", read(FILES[4]))],
            Some(DuplicateOptions {
                memory,
                temp_dir: Some(tmp.path().to_path_buf()),
            }),
        );
        let got: Vec<(usize, u64, String)> = links(&events)
            .iter()
            .map(|d| (d.location.file, d.location.record, value(d)))
            .collect();
        let set = "010086108".to_string();
        assert_eq!(
            got,
            [(0, 1, set.clone()), (0, 2, set.clone()), (0, 3, set)],
            "memory {memory}"
        );
        // Without the svod record, the bound-with links miss too (second 461 of each).
        let events = run(
            vec![("vols.mrc", vols.clone())],
            Some(DuplicateOptions {
                memory,
                temp_dir: Some(tmp.path().to_path_buf()),
            }),
        );
        let got: Vec<(u64, u32, String)> = links(&events)
            .iter()
            .map(|d| (d.location.record, d.location.occurrence.unwrap(), value(d)))
            .collect();
        let expected: Vec<(u64, u32, String)> = (1..=3)
            .flat_map(|r| [(r, 1, "010086108".into()), (r, 2, "010085686".into())])
            .collect();
        assert_eq!(got, expected, "memory {memory}");
    }
}
