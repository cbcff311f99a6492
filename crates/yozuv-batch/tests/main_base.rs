//! Duplicates against the main base (`Profile::main_base`, `yozuv validate --main-base`):
//! real records of marc4j's Pride and Prejudice set as the main base, some of them again in
//! the batch. Hand-checked with `yaz-marcdump`: record 42 (001 `000194998`, shared with 43 and
//! 45) has the ISBNs 0192547011, 019254702X, 0192547038, 0192547062 and 245 "The novels of
//! Jane Austen" (second indicator 4), 100 "Austen, Jane", 008/07-10 1932; record 77 has 001
//! `UkOxUb11174036` (shared with 78); Summerland (001 12883376) is in no other file.

mod common;

use common::*;
use yozuv::iso2709::{ReadMode, SliceReader};
use yozuv_batch::duplicates::DuplicateOptions;
use yozuv_batch::{CollectEvents, Diagnostic, Input, Profile, Registry, RunOptions, Validator};

/// The bytes of records `numbers` (from 1) of an ISO 2709 file.
fn records(bytes: &[u8], numbers: &[usize]) -> Vec<u8> {
    let all: Vec<Vec<u8>> = SliceReader::new(bytes, ReadMode::Permissive)
        .map(|r| r.unwrap().as_bytes().to_vec())
        .collect();
    numbers.iter().flat_map(|&n| all[n - 1].clone()).collect()
}

fn run(main_base: &[&std::path::Path], batch: &[u8], memory: usize, jobs: usize) -> CollectEvents {
    let mut profile = Profile::bundled("uz-unicat", Registry::builtin()).unwrap();
    for path in main_base {
        profile.add_main_base(path).unwrap();
    }
    let validator = Validator::new(profile).with_duplicate_options(DuplicateOptions {
        memory,
        temp_dir: None,
    });
    let mut events = CollectEvents::default();
    let options = RunOptions {
        jobs,
        chunk_records: 7,
        ..RunOptions::default()
    };
    let input = Input {
        name: "batch.mrc".into(),
        reader: Box::new(std::io::Cursor::new(batch.to_vec())),
    };
    validator.run(vec![input], options, &mut events).unwrap();
    events
}

fn main_base_hits(batch: &[Diagnostic]) -> Vec<(u64, String, String, String)> {
    batch
        .iter()
        .filter(|d| d.rule.starts_with("duplicate.main-base-"))
        .map(|d| {
            (
                d.location.record,
                d.rule.to_string(),
                d.arg("value").unwrap().to_string(),
                d.arg("records").unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn main_base_keys_spill_like_the_batch_and_never_reject() {
    let pride = testdata("marc4j-pride-and-prejudice-fixed.mrc");
    let summerland = testdata("marc4j-summerland.mrc");
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("pride.mrc");
    std::fs::write(&main, &pride).unwrap();
    let mut batch = records(&pride, &[42, 77]);
    batch.extend_from_slice(&summerland);

    let without = run(&[], &batch, 4 << 20, 2);
    let roomy = run(&[&main], &batch, 64 << 20, 2);
    // 2 KiB: the main base's 383 records' keys go through dozens of runs.
    let tight = run(&[&main], &batch, 2 << 10, 1);
    assert_eq!(tight.batch, roomy.batch);
    assert_eq!(tight.records, roomy.records);
    // Nothing of the batch's own changes: no record's diagnostics, no rejection (the
    // error-severity duplicate.id001 is looked up while streaming, never in the main base).
    assert_eq!(roomy.records, without.records);
    let own: Vec<&Diagnostic> = roomy
        .batch
        .iter()
        .filter(|d| !d.rule.starts_with("duplicate.main-base-"))
        .collect();
    assert_eq!(own, without.batch.iter().collect::<Vec<_>>());

    let hits = main_base_hits(&roomy.batch);
    let at = |record: u64, rule: &str| -> Vec<(String, String)> {
        hits.iter()
            .filter(|h| h.0 == record && h.1 == rule)
            .map(|h| (h.2.clone(), h.3.clone()))
            .collect()
    };
    let count = |record: u64, rule: &str| {
        roomy
            .batch
            .iter()
            .find(|d| d.location.record == record && &*d.rule == rule)
            .and_then(|d| d.arg("count"))
            .map(|c| c.to_string())
    };
    assert_eq!(count(1, "duplicate.main-base-id001").as_deref(), Some("3"));
    assert_eq!(count(2, "duplicate.main-base-id001").as_deref(), Some("2"));
    // Record 1 (pride 42): its 001 is in three main-base records (named once).
    assert_eq!(
        at(1, "duplicate.main-base-id001"),
        [("000194998".to_string(), "000194998, …".to_string())]
    );
    // Its four ISBNs in one diagnostic (the main-base records that have them named once).
    let isbn = at(1, "duplicate.main-base-isbn");
    assert_eq!(isbn.len(), 1);
    let mut values: Vec<&str> = isbn[0].0.split(", ").collect();
    values.sort_unstable();
    assert_eq!(
        values,
        [
            "9780192547019",
            "9780192547026",
            "9780192547033",
            "9780192547064"
        ]
    );
    assert!(isbn[0].1.split(", ").any(|n| n == "000194998"), "{isbn:?}");
    let key = at(1, "duplicate.main-base-match-key");
    assert_eq!(key.len(), 1);
    assert_eq!(key[0].0, "novels of jane austen|austen|1932");
    assert!(key[0].1.contains("000194998"), "{key:?}");
    // Record 2 (pride 77): 001 in two main-base records.
    assert_eq!(
        at(2, "duplicate.main-base-id001"),
        [(
            "UkOxUb11174036".to_string(),
            "UkOxUb11174036, …".to_string()
        )]
    );
    // Record 3 (Summerland): in no main-base record.
    assert!(hits.iter().all(|h| h.0 != 3), "{hits:?}");
    // Every diagnostic is at a batch record, none at a main-base one.
    assert!(roomy.batch.iter().all(|d| d.location.record <= 3));
}

#[test]
fn a_main_base_with_repeats_reports_nothing_by_itself() {
    let pride = testdata("marc4j-pride-and-prejudice-fixed.mrc");
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("pride.mrc");
    std::fs::write(&main, &pride).unwrap();
    // The batch: Summerland only; the main base (16 repeated 001s, see duplicates.rs) twice.
    let summerland = testdata("marc4j-summerland.mrc");
    let got = run(&[&main, &main], &summerland, 2 << 10, 2);
    let duplicates: Vec<&Diagnostic> = got
        .batch
        .iter()
        .filter(|d| d.rule.starts_with("duplicate."))
        .collect();
    assert!(duplicates.is_empty(), "{duplicates:?}");
    assert_eq!(got.records.len(), 1);
}
