//! `yozuv validate --known-ids FILE` and the profile key `known_ids` (uz-unicat UZ-K01 against
//! the main base): a link whose target is not in the batch but is in the known-ids file is not
//! reported; a link whose target is in neither still is.
//!
//! The real records (read off `yaz-marcdump -o line` by hand):
//! - RSL RUSMARC volumes 1, 2, 3 of a set (`RuMoRGB.*.{1,2,3}.rusmarc.iso`, 001 003543129,
//!   010086120, 010086131): each has 461 `$1 001010086108` (the set's record) and then 461
//!   `$1 001010085686` (the bound-with "Конволют", whose record is the svod file, 001 010085686);
//! - NLR009671045.mrc (001 `RU\NLR\A1\891`): 461 `$1 001RU\NLR\A1\890`, in no file here;
//! - the MARC 21 versions of the volumes: 773 `$w 010086108` then 773 `$w 010085686`.

mod common;

use common::yozuv;
const SERIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/testdata/unimarc/rusmarc/neb/series"
);
const LINKS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/links");

const VOLUMES: [&str; 3] = [
    "RuMoRGB.01003543129.1",
    "RuMoRGB.01003543129.2",
    "RuMoRGB.01010086131.3",
];

fn series(name: &str) -> String {
    format!("{SERIES}/{name}")
}

/// (record, tag, occurrence, target) of each `link.target-missing` in a JSON Lines report.
fn missing(jsonl: &str) -> Vec<(u64, String, u64, String)> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["rule"] == "link.target-missing")
        .map(|d| {
            let message = d["message"].as_str().unwrap().to_string();
            (
                d["record"].as_u64().unwrap(),
                d["tag"].as_str().unwrap().to_string(),
                d["occurrence"].as_u64().unwrap(),
                message,
            )
        })
        .collect()
}

/// Checks that the message of each missing link names the expected target.
fn targets(found: &[(u64, String, u64, String)], expected: &[(u64, &str, u64, &str)]) {
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (f, e) in found.iter().zip(expected) {
        assert_eq!((f.0, f.1.as_str(), f.2), (e.0, e.1, e.2), "{found:#?}");
        assert!(f.3.contains(e.3), "{:?} should name {}", f.3, e.3);
    }
}

fn rusmarc_batch() -> Vec<String> {
    let mut files: Vec<String> = VOLUMES
        .iter()
        .map(|v| series(&format!("{v}.rusmarc.iso")))
        .collect();
    files.push(series("NLR009671045.mrc"));
    files
}

fn validate(extra: &[&str], files: &[String]) -> Vec<(u64, String, u64, String)> {
    let mut args = vec!["validate", "-p", "uz-unicat", "-f", "jsonl", "--lang", "en"];
    args.extend_from_slice(extra);
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = yozuv(&args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    missing(&out)
}

#[test]
fn rusmarc_links_to_the_main_base_are_not_missing() {
    let files = rusmarc_batch();
    // Without known ids: both links of each volume, and the NLR record's.
    let all = [
        (1, "461", 1, "010086108"),
        (1, "461", 2, "010085686"),
        (1, "461", 1, "010086108"),
        (1, "461", 2, "010085686"),
        (1, "461", 1, "010086108"),
        (1, "461", 2, "010085686"),
        (1, "461", 1, "RU\\NLR\\A1\\890"),
    ];
    let without = validate(&[], &files);
    targets(&without, &all);
    // The message says what was searched.
    assert!(
        without.iter().all(|m| m.3.ends_with("is not in the batch")),
        "{without:?}"
    );

    // The set's 001 in a text file (comments, blank lines, CRLF, white space around it).
    let dir = tempfile::tempdir().unwrap();
    let ids = dir.path().join("main-base-ids.txt");
    std::fs::write(
        &ids,
        "\u{feff}# main base identifiers, one 001 per line\r\n\r\n   \n  010086108  \r\n# 010085686 is commented out\nsomething-else\n",
    )
    .unwrap();
    let ids = ids.to_str().unwrap();
    targets(
        &validate(&["--known-ids", ids], &files),
        &[
            (1, "461", 2, "010085686"),
            (1, "461", 2, "010085686"),
            (1, "461", 2, "010085686"),
            (1, "461", 1, "RU\\NLR\\A1\\890"),
        ],
    );

    // And the bound-with record itself as an ISO 2709 file of the main base: its 001 is taken.
    // The NLR record's target is in neither: still reported.
    let svod = series("RuMoRGB.01010085686.svod.rusmarc.iso");
    let with = validate(&["--known-ids", ids, "--known-ids", &svod], &files);
    targets(&with, &[(1, "461", 1, "RU\\NLR\\A1\\890")]);
    assert_eq!(
        with[0].3,
        "The linked record \"RU\\NLR\\A1\\890\" is neither in the batch nor among the known identifiers"
    );

    // The same through the profile key `known_ids` (paths relative to the profile file).
    let bundled = include_str!("../../yozuv-batch/profiles/uz-unicat.toml");
    std::fs::copy(&svod, dir.path().join("svod.iso")).unwrap();
    let profile = dir.path().join("uz-main-base.toml");
    std::fs::write(
        &profile,
        format!("known_ids = [\"main-base-ids.txt\", \"svod.iso\"]\n{bundled}"),
    )
    .unwrap();
    let profile = profile.to_str().unwrap();
    let mut args = vec!["validate", "-p", profile, "-f", "jsonl", "--lang", "en"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = yozuv(&args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    targets(&missing(&out), &[(1, "461", 1, "RU\\NLR\\A1\\890")]);

    // A single file as a plain string works too.
    std::fs::write(
        dir.path().join("one.toml"),
        format!("known_ids = \"svod.iso\"\n{bundled}"),
    )
    .unwrap();
    let one = dir.path().join("one.toml");
    let mut args = vec!["validate", "-p", one.to_str().unwrap(), "-f", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    let (_, out, _) = yozuv(&args);
    assert_eq!(missing(&out).len(), 4, "the set's three links and NLR's");
}

#[test]
fn marc21_773_links_resolve_against_marcxml_records_and_text() {
    let files: Vec<String> = VOLUMES
        .iter()
        .map(|v| series(&format!("{v}.marc21.mrc")))
        .collect();
    let both = [
        (1, "773", 1, "010086108"),
        (1, "773", 2, "010085686"),
        (1, "773", 1, "010086108"),
        (1, "773", 2, "010085686"),
        (1, "773", 1, "010086108"),
        (1, "773", 2, "010085686"),
    ];
    targets(&validate(&[], &files), &both);
    // The svod record as MARCXML (yaz-marcdump's conversion of the MARC 21 svod file).
    let xml = format!("{LINKS}/RuMoRGB.01010085686.svod.marc21.xml");
    targets(
        &validate(&["--known-ids", &xml], &files),
        &[
            (1, "773", 1, "010086108"),
            (1, "773", 1, "010086108"),
            (1, "773", 1, "010086108"),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let ids = dir.path().join("ids.txt");
    std::fs::write(&ids, "010086108\n").unwrap();
    targets(
        &validate(
            &["--known-ids", &xml, "--known-ids", ids.to_str().unwrap()],
            &files,
        ),
        &[],
    );
}

#[test]
fn a_missing_known_ids_file_is_a_usage_error_before_the_batch() {
    let files = rusmarc_batch();
    let (code, out, err) = yozuv(&[
        "validate",
        "--known-ids",
        "/nonexistent/main-base-ids.txt",
        &files[0],
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "no report: {out}");
    assert!(err.contains("/nonexistent/main-base-ids.txt"), "{err}");
    // A directory is no file of identifiers either: refused before the batch too.
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = yozuv(&[
        "validate",
        "--known-ids",
        dir.path().to_str().unwrap(),
        &files[0],
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "no report: {out}");
    assert!(err.contains("is a directory, not a file"), "{err}");
}
