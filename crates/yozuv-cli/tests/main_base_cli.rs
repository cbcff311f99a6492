//! `yozuv validate --main-base FILE` and the profile key `main_base` (uz-unicat UZ-D01..D03
//! against the main base): a batch record whose 001, ISBN or match key is in the main base's
//! export is reported, naming the main-base record; one that is not, is not; the main base's
//! own repeats are never reported; the batch's clusters stay as they are.
//!
//! Main base: `testdata/samples/nlr-rusmarc-cp1251.iso` (real NLR RUSMARC records in CP1251,
//! decoded like the batch). What the batch file `testdata/main-base/batch.mrk` shares with it
//! was read off `yaz-marcdump -f cp1251 -t utf-8` by hand (see testdata/main-base/PROVENANCE.md):
//! record 1 has the ISBN of `RU\NLR\bibl\15544` (5-85186-066-9, given as ISBN-13
//! 978-5-85186-066-9), record 2 the title, author and year of `RU\NLR\bibl\74092`, record 3 the
//! 001 `RU\NLR\bibl\5996`, record 4 nothing, record 5 record 1's ISBN as ISBN-10.

mod common;

use common::yozuv;
const NLR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/samples/nlr-rusmarc-cp1251.iso"
);
const UZ: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/samples/uz-monthly.mrk"
);
const BATCH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/main-base/batch.mrk"
);

fn diagnostics(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .collect()
}

/// (record, rule, value, count, records) of each `duplicate.main-base-*` diagnostic.
fn main_base(jsonl: &str) -> Vec<(u64, String, String, i64, String)> {
    diagnostics(jsonl)
        .into_iter()
        .filter(|d| {
            d["rule"]
                .as_str()
                .unwrap()
                .starts_with("duplicate.main-base-")
        })
        .map(|d| {
            assert_eq!(d["severity"], "warning", "{d}");
            (
                d["record"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
                d["args"]["value"].as_str().unwrap().to_string(),
                d["args"]["count"].as_i64().unwrap(),
                d["args"]["records"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(
    record: u64,
    rule: &str,
    value: &str,
    count: i64,
    records: &str,
) -> (u64, String, String, i64, String) {
    (record, rule.into(), value.into(), count, records.into())
}

/// Everything but the main-base diagnostics.
fn others(jsonl: &str) -> Vec<serde_json::Value> {
    diagnostics(jsonl)
        .into_iter()
        .filter(|d| {
            !d["rule"]
                .as_str()
                .unwrap()
                .starts_with("duplicate.main-base-")
        })
        .collect()
}

#[test]
fn batch_records_sharing_a_key_with_the_main_base_are_named() {
    let (code, plain, err) = yozuv(&[
        "validate",
        "-p",
        "uz-unicat",
        "--lang",
        "en",
        "-f",
        "jsonl",
        BATCH,
    ]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(main_base(&plain).is_empty());
    for jobs in ["1", "2"] {
        let (code2, out, err) = yozuv(&[
            "validate",
            "-p",
            "uz-unicat",
            "--lang",
            "en",
            "-f",
            "jsonl",
            "--jobs",
            jobs,
            "--main-base",
            NLR,
            BATCH,
        ]);
        assert_eq!(code2, code, "{err}");
        let isbn = "9785851860669";
        let mut got = main_base(&out);
        // The match key's folded title is the folding's business: only its author and year
        // (`title|surname|year`) are checked here.
        let key = std::mem::take(&mut got[1].2);
        assert!(
            key.ends_with("|strigin|2000") && key.contains("pogib"),
            "{key}"
        );
        assert_eq!(
            got,
            vec![
                row(1, "duplicate.main-base-isbn", isbn, 1, r"RU\NLR\bibl\15544"),
                row(
                    2,
                    "duplicate.main-base-match-key",
                    "",
                    1,
                    r"RU\NLR\bibl\74092"
                ),
                row(
                    3,
                    "duplicate.main-base-id001",
                    r"RU\NLR\bibl\5996",
                    1,
                    r"RU\NLR\bibl\5996"
                ),
                row(5, "duplicate.main-base-isbn", isbn, 1, r"RU\NLR\bibl\15544"),
            ],
            "jobs {jobs}"
        );
        // The batch's own diagnostics (its ISBN cluster of records 1 and 5 included) are
        // exactly those of the run without the main base.
        assert_eq!(others(&out), others(&plain), "jobs {jobs}");
        let cluster: Vec<_> = others(&out)
            .into_iter()
            .filter(|d| d["rule"] == "duplicate.isbn")
            .map(|d| d["args"]["records"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(cluster, ["1, 5"]);
    }
    // Byte for byte the same whatever --jobs.
    let run = |jobs: &str| {
        yozuv(&[
            "validate",
            "-p",
            "uz-unicat",
            "--lang",
            "ru",
            "-f",
            "json",
            "--jobs",
            jobs,
            "--main-base",
            NLR,
            BATCH,
        ])
        .1
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn the_main_base_alone_reports_nothing_and_names_every_copy() {
    let dir = tempfile::tempdir().unwrap();
    // Record 4 alone: nothing of it is in the main base.
    let text = std::fs::read_to_string(BATCH).unwrap();
    let fourth = text.split("\n\n").nth(3).unwrap();
    assert!(fourth.contains("=001  batch-4"));
    let only4 = dir.path().join("only4.mrk");
    std::fs::write(&only4, format!("{fourth}\n")).unwrap();
    let only4 = only4.to_str().unwrap();
    // The main base given twice: every main-base key is repeated in it.
    let (_, out, err) = yozuv(&[
        "validate",
        "-p",
        "uz-unicat",
        "-f",
        "jsonl",
        "--main-base",
        NLR,
        "--main-base",
        NLR,
        only4,
    ]);
    let rules: Vec<String> = diagnostics(&out)
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .filter(|r| r.starts_with("duplicate."))
        .collect();
    assert!(rules.is_empty(), "{rules:?} {err}");
    // With the whole batch, record 3's 001 is now in two main-base records.
    let (_, out, _) = yozuv(&[
        "validate",
        "-p",
        "uz-unicat",
        "-f",
        "jsonl",
        "--main-base",
        NLR,
        "--main-base",
        NLR,
        BATCH,
    ]);
    let got = main_base(&out);
    assert_eq!(got.len(), 4);
    assert_eq!(
        got[2],
        row(
            3,
            "duplicate.main-base-id001",
            r"RU\NLR\bibl\5996",
            2,
            r"RU\NLR\bibl\5996, …"
        )
    );
}

#[test]
fn records_without_001_are_named_by_file_and_number_and_scripts_fold() {
    // The main base: the Uzbek sample (MARC 21, Latin) without its 001s; the batch record is
    // the first one's book catalogued in Cyrillic ("Ўткан кунлар", Қодирий, 2026).
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.mrk");
    let text: String = std::fs::read_to_string(UZ)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("=001"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&main, text).unwrap();
    let batch = dir.path().join("batch.mrk");
    std::fs::write(
        &batch,
        "=LDR  00000nam a2200000 i 4500\n=001  batch-cyr-1\n\
         =008  261101s2026\\\\\\\\uz\\a\\\\\\\\\\\\\\\\\\\\000\\0\\uzb\\d\n\
         =100  1\\$aҚодирий, Абдулла\n=245  10$aЎткан кунлар :$bроман /$cАбдулла Қодирий.\n\
         =260  \\\\$aТошкент :$bҒафур Ғулом нашриёти,$c2026.\n",
    )
    .unwrap();
    let main = main.to_str().unwrap();
    let (_, out, err) = yozuv(&[
        "validate",
        "-p",
        "uz-unicat",
        "-f",
        "jsonl",
        "--main-base",
        main,
        batch.to_str().unwrap(),
    ]);
    assert_eq!(
        main_base(&out),
        vec![row(
            1,
            "duplicate.main-base-match-key",
            "otkan kunlar|qodiriy|2026",
            1,
            &format!("{main}#1")
        )],
        "{err}"
    );
}

#[test]
fn profile_key_and_refused_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(NLR, dir.path().join("main.iso")).unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        "extends = \"uz-unicat\"\nname = \"with-main\"\nmain_base = \"main.iso\"\n\
         [rules.\"duplicate.main-base-match-key\"]\nenabled = false\n",
    )
    .unwrap();
    let (_, out, err) = yozuv(&[
        "validate",
        "-p",
        profile.to_str().unwrap(),
        "-f",
        "jsonl",
        BATCH,
    ]);
    let got: Vec<(u64, String)> = main_base(&out).into_iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(
        got,
        vec![
            (1, "duplicate.main-base-isbn".to_string()),
            (3, "duplicate.main-base-id001".to_string()),
            (5, "duplicate.main-base-isbn".to_string()),
        ],
        "{err}"
    );
    // The batch rules off, the main-base ones still find their keys (and the batch's ISBN
    // cluster of records 1 and 5 is not reported).
    std::fs::write(
        &profile,
        "extends = \"uz-unicat\"\nname = \"main-only\"\nmain_base = [\"main.iso\"]\n\
         [rules.\"duplicate.isbn\"]\nenabled = false\n\
         [rules.\"duplicate.match-key\"]\nenabled = false\n",
    )
    .unwrap();
    let (_, out, err) = yozuv(&[
        "validate",
        "-p",
        profile.to_str().unwrap(),
        "-f",
        "jsonl",
        BATCH,
    ]);
    let got: Vec<(u64, String)> = main_base(&out).into_iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(
        got,
        vec![
            (1, "duplicate.main-base-isbn".to_string()),
            (2, "duplicate.main-base-match-key".to_string()),
            (3, "duplicate.main-base-id001".to_string()),
            (5, "duplicate.main-base-isbn".to_string()),
        ],
        "{err}"
    );
    assert!(!out.contains("\"rule\":\"duplicate.isbn\""), "{out}");
    // A main base none of whose records can be read is said on standard error.
    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        "<?xml version=\"1.0\"?>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\
         <record><leader>broken",
    )
    .unwrap();
    let (_, out, err) = yozuv(&[
        "validate",
        "-f",
        "jsonl",
        "--main-base",
        bad.to_str().unwrap(),
        BATCH,
    ]);
    assert!(main_base(&out).is_empty());
    assert!(
        err.contains("bad.xml: 0 records compared, 1 unreadable records skipped"),
        "{err}"
    );
    // A list of 001s is not a main base (that is --known-ids); a missing file fails first.
    let ids = dir.path().join("ids.txt");
    std::fs::write(&ids, "RU\\NLR\\bibl\\5996\n").unwrap();
    let (code, _, err) = yozuv(&["validate", "--main-base", ids.to_str().unwrap(), BATCH]);
    assert_eq!(code, 2);
    assert!(
        err.contains("main base") && err.contains("--known-ids"),
        "{err}"
    );
    let (code, _, err) = yozuv(&["validate", "--main-base", "/nonexistent/main.iso", BATCH]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/main.iso"), "{err}");
}
