//! Duplicates inside a batch, including one book catalogued in Uzbek Cyrillic and in Uzbek
//! Latin (the match key folds the scripts).

mod common;

use common::*;
use yozuv::{Field, Indicators, Leader, Record, Subfield};

fn book(id: &str, title: &str, author: &str, year: &str, isbn: Option<&str>) -> Vec<u8> {
    let mut r = Record::new(Leader::from_bytes(b"00000nam a2200000 a 4500").unwrap());
    r.push(Field::control("001", id));
    r.push(Field::control(
        "008",
        format!("250101s{year}    uz            000 0 uzb d"),
    ));
    if let Some(i) = isbn {
        r.push(Field::data(
            "020",
            Indicators::blank(),
            vec![Subfield::new(b'a', i)],
        ));
    }
    r.push(Field::data(
        "100",
        Indicators::new(b'1', b' '),
        vec![Subfield::new(b'a', author)],
    ));
    r.push(Field::data(
        "245",
        Indicators::new(b'1', b'0'),
        vec![Subfield::new(b'a', title)],
    ));
    r.to_iso2709().unwrap()
}

#[test]
fn clusters_reported_once_with_all_records() {
    let mut data = Vec::new();
    // 1 and 3 share an 001; 2 and 4 an ISBN (ISBN-10 and its ISBN-13); 1 (Latin) and 5
    // (Cyrillic) are the same book: "Oʻtkan kunlar" by Abdulla Qodiriy, 1926.
    data.extend(book(
        "uz-1",
        "Oʻtkan kunlar",
        "Qodiriy, Abdulla",
        "1926",
        None,
    ));
    data.extend(book(
        "uz-2",
        "Mehrobdan chayon",
        "Qodiriy, Abdulla",
        "1929",
        Some("0-306-40615-2"),
    ));
    data.extend(book(
        "uz-1",
        "Boshqa kitob",
        "Navoiy, Alisher",
        "1990",
        None,
    ));
    data.extend(book(
        "uz-4",
        "Ikkinchi nashr",
        "Cho'lpon",
        "1936",
        Some("978-0-306-40615-7"),
    ));
    data.extend(book(
        "uz-5",
        "Ўткан кунлар",
        "Қодирий, Абдулла",
        "1926",
        None,
    ));
    let (summary, ev) = collect("marc21", &[("b.mrc", data)], 2);
    assert_eq!(summary.records, 5);
    let by = |rule: &str| -> Vec<Vec<u64>> {
        ev.batch
            .iter()
            .filter(|d| &*d.rule == rule)
            .map(|d| d.related.iter().map(|r| r.record).collect())
            .collect()
    };
    assert_eq!(by("duplicate.id001"), vec![vec![1, 3]]);
    assert_eq!(by("duplicate.isbn"), vec![vec![2, 4]]);
    assert_eq!(by("duplicate.match-key"), vec![vec![1, 5]]);
    // A repeated 001 is an error: the second record goes to --rejected, the first stays clean.
    assert!(!ev.records[0].rejected);
    assert!(ev.records[2].rejected);
    assert!(
        !ev.records[4].rejected,
        "a match-key duplicate is a warning only"
    );
}

#[test]
fn three_records_one_cluster() {
    let mut data = Vec::new();
    for _ in 0..3 {
        data.extend(testdata("marc4j-summerland.mrc"));
    }
    let (_, ev) = collect("marc21", &[("s.mrc", data)], 1);
    let ids: Vec<_> = ev
        .batch
        .iter()
        .filter(|d| &*d.rule == "duplicate.id001")
        .collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(
        ids[0].related.iter().map(|r| r.record).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(ids[0].arg("count").unwrap().to_string(), "3");
}

// --- Bounded memory: the index spills sorted runs to temporary files and merges them.

use yozuv_batch::duplicates::{DuplicateIndex, DuplicateOptions};
use yozuv_batch::{CollectEvents, Diagnostic, Input, Profile, Registry, RunOptions, Validator};

/// Validates `files` with `profile` and a duplicate index limited to `memory` bytes.
fn run_budget(
    profile: &str,
    files: &[(&str, Vec<u8>)],
    memory: usize,
    temp_dir: Option<std::path::PathBuf>,
) -> Result<CollectEvents, yozuv_batch::Error> {
    let options = DuplicateOptions { memory, temp_dir };
    let validator = Validator::new(Profile::bundled(profile, Registry::builtin()).unwrap())
        .with_duplicate_options(options);
    let inputs = files
        .iter()
        .map(|(n, b)| Input {
            name: n.to_string(),
            reader: Box::new(std::io::Cursor::new(b.clone())),
        })
        .collect();
    let mut events = CollectEvents::default();
    let run = RunOptions {
        jobs: 2,
        chunk_records: 9,
        ..RunOptions::default()
    };
    validator.run(inputs, run, &mut events)?;
    Ok(events)
}

fn clusters(batch: &[Diagnostic], rule: &str) -> Vec<(String, Vec<u64>)> {
    batch
        .iter()
        .filter(|d| &*d.rule == rule)
        .map(|d| {
            (
                d.arg("value").unwrap().to_string(),
                d.related.iter().map(|r| r.record).collect(),
            )
        })
        .collect()
}

/// The repeated 001s of marc4j's Pride and Prejudice set (383 records), with their record
/// numbers, as `yaz-marcdump` lists them (`001` lines counted per leader).
fn pride_001_clusters() -> Vec<(String, Vec<u64>)> {
    [
        ("000194998", vec![42, 43, 45]),
        ("UkOxUb11174036", vec![77, 78]),
        ("2787787", vec![121, 122]),
        ("001894342", vec![157, 158]),
        ("2034314", vec![162, 163]),
        ("UkOxUb15597194", vec![187, 188]),
        ("3058660", vec![194, 195]),
        ("672386", vec![208, 209]),
        ("3086804", vec![243, 244]),
        ("ocm28684073", vec![245, 246]),
        ("12082598", vec![251, 252]),
        ("001254447", vec![255, 256]),
        ("BTJ4645521C6", vec![265, 266, 267]),
        ("51827", vec![299, 301]),
        ("29907139", vec![305, 306]),
        ("00050413", vec![365, 366]),
    ]
    .into_iter()
    .map(|(v, r)| (v.to_string(), r))
    .collect()
}

#[test]
fn spilling_gives_the_clusters_of_memory() {
    let pride = testdata("marc4j-pride-and-prejudice-fixed.mrc");
    let files = [("pride.mrc", pride)];
    let roomy = run_budget("uz-unicat", &files, 64 << 20, None).unwrap();
    // 2 KiB holds a dozen records' keys: the 383 records go through dozens of runs, merged
    // in more than one pass.
    let tight = run_budget("uz-unicat", &files, 2 << 10, None).unwrap();
    assert_eq!(
        clusters(&tight.batch, "duplicate.id001"),
        pride_001_clusters()
    );
    assert_eq!(
        clusters(&roomy.batch, "duplicate.id001"),
        pride_001_clusters()
    );
    assert_eq!(tight.batch, roomy.batch);
    assert_eq!(tight.records, roomy.records);
    // Record 42 shares its 001 and four ISBNs with 43 and 45: the 001 cluster comes first,
    // then the ISBNs in the order record 43 lists them, then the match key (245 "The novels
    // of Jane Austen", 100 "Austen, Jane", 008 date 1932 in all three).
    let at_42: Vec<(String, String)> = tight
        .batch
        .iter()
        .filter(|d| d.location.record == 42)
        .map(|d| (d.rule.to_string(), d.arg("value").unwrap().to_string()))
        .collect();
    assert_eq!(
        at_42,
        [
            ("duplicate.id001", "000194998"),
            ("duplicate.isbn", "9780192547019"),
            ("duplicate.isbn", "9780192547026"),
            ("duplicate.isbn", "9780192547033"),
            ("duplicate.isbn", "9780192547064"),
            ("duplicate.match-key", "novels of jane austen|austen|1932"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // A repeated 001 is an error under uz-unicat: 43, 45 (and 267) are rejected as they pass,
    // 42 is not rejected for it.
    let rejected_for_001 = |n: u64| {
        tight.records[n as usize - 1].rejected
            && !roomy.records[n as usize - 1].diagnostics.is_empty()
    };
    assert!(rejected_for_001(43) && rejected_for_001(45) && rejected_for_001(267));
}

#[test]
fn spilling_across_inputs_numbers_records_per_file() {
    let pride = testdata("marc4j-pride-and-prejudice-fixed.mrc");
    let summerland = testdata("marc4j-summerland.mrc");
    let files = [
        ("a.mrc", pride.clone()),
        ("s.mrc", summerland.clone()),
        ("b.mrc", pride),
        ("t.mrc", summerland),
    ];
    let roomy = run_budget("marc21", &files, 64 << 20, None).unwrap();
    let tight = run_budget("marc21", &files, 1 << 10, None).unwrap();
    assert_eq!(tight.batch, roomy.batch);
    let summerland = clusters(&tight.batch, "duplicate.id001")
        .into_iter()
        .find(|(v, _)| v == "12883376")
        .unwrap();
    // Record 1 of s.mrc and record 1 of t.mrc.
    assert_eq!(summerland.1, vec![1, 1]);
    let d = tight
        .batch
        .iter()
        .find(|d| d.arg("value").map(|v| v.to_string()).as_deref() == Some("12883376"))
        .unwrap();
    assert_eq!(
        d.related.iter().map(|r| r.file).collect::<Vec<_>>(),
        vec![1, 3]
    );
    assert_eq!(d.arg("records").unwrap().to_string(), "s.mrc#1, t.mrc#1");
    // Every record of b.mrc repeats a.mrc's 001 (when it has one): rejected in both runs.
    let rejected = |e: &CollectEvents| e.records.iter().filter(|r| r.rejected).count();
    assert_eq!(rejected(&tight), rejected(&roomy));
}

/// File descriptors of this process that point into `dir` (Linux).
#[cfg(target_os = "linux")]
fn open_files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .filter(|p| p.starts_with(dir))
        .count()
}

#[test]
fn temporary_files_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let options = DuplicateOptions {
        memory: 1 << 10,
        temp_dir: Some(dir.path().to_path_buf()),
    };
    let profile = Profile::bundled("marc21", Registry::builtin()).unwrap();
    let mut index = DuplicateIndex::for_profile(&profile, options);
    let pride = testdata("marc4j-pride-and-prejudice-fixed.mrc");
    let events = run_budget("marc21", &[("p.mrc", pride)], 64 << 20, None).unwrap();
    // The index fed directly, each record keyed by its 001 alone.
    for r in &events.records {
        let keys = keys_with_001(r.id001.as_deref());
        index.add(0, r.number, r.offset, &keys).unwrap();
    }
    assert!(index.spilled_runs() > 10, "{} runs", index.spilled_runs());
    #[cfg(target_os = "linux")]
    assert!(
        open_files_in(dir.path()) > 0,
        "runs are open files in the directory"
    );
    let diagnostics = index.diagnostics(&profile, &["p.mrc".into()]).unwrap();
    assert_eq!(
        clusters(&diagnostics, "duplicate.id001"),
        pride_001_clusters()
    );
    #[cfg(target_os = "linux")]
    assert_eq!(open_files_in(dir.path()), 0, "every run file is closed");
    drop(index);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// The keys of a record that has only `001 id` (through the real key computation).
fn keys_with_001(id: Option<&str>) -> yozuv_batch::duplicates::RecordKeys {
    let Some(id) = id else {
        return Default::default();
    };
    let mut r = Record::new(Leader::from_bytes(b"00000nam a2200000 a 4500").unwrap());
    r.push(Field::control("001", id));
    let bytes = r.to_iso2709().unwrap();
    use yozuv::iso2709::{ReadMode, SliceReader};
    use yozuv_batch::rules::{FoundCharset, RecordView, YozuvText};
    let profile = Profile::bundled("marc21", Registry::builtin()).unwrap();
    let raw = SliceReader::new(&bytes, ReadMode::Permissive)
        .next()
        .unwrap()
        .unwrap();
    let record = raw.to_record().unwrap();
    let view = RecordView {
        record: &record,
        raw: &raw,
        flavour: yozuv_batch::Flavour::Marc21,
        format: yozuv::format::Flavour::Marc21,
        profile: &profile,
        found: FoundCharset::of(&raw),
        text_reliable: true,
    };
    yozuv_batch::duplicates::record_keys(&view, &YozuvText)
}

#[test]
fn unwritable_temporary_directory_is_an_error() {
    let pride = testdata("marc4j-pride-and-prejudice-fixed.mrc");
    let missing = std::env::temp_dir().join("yozuv-no-such-dir/nested");
    let Err(err) = run_budget("marc21", &[("p.mrc", pride)], 1 << 10, Some(missing)) else {
        panic!("spilling into a missing directory fails");
    };
    assert!(
        matches!(err, yozuv_batch::Error::Io { .. }),
        "an I/O error (exit 2 in the CLI): {err}"
    );
    let message = err.to_string();
    assert!(message.contains("duplicate index"), "{message}");
    assert!(message.contains("yozuv-no-such-dir"), "{message}");
}
