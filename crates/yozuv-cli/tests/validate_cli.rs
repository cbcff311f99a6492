//! `yozuv validate` and `yozuv rules` end to end: exit codes, stdin, several reports,
//! pass-through files, --jobs, --lang, --fail-on.

use std::io::Write;
use std::process::{Command, Stdio};

mod common;

use common::{yozuv, BIN};
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/batch");

fn data(name: &str) -> String {
    format!("{DATA}/{name}")
}

#[test]
fn exit_codes() {
    assert_eq!(
        yozuv(&["validate", "-p", "marc21", &data("marc4j-summerland.mrc")]).0,
        0
    );
    assert_eq!(
        yozuv(&["validate", "-p", "marc21", &data("pymarc-bad_records.mrc")]).0,
        1
    );
    assert_eq!(
        yozuv(&["validate", "-p", "marc21", "/nonexistent/file.mrc"]).0,
        2
    );
    assert_eq!(
        yozuv(&[
            "validate",
            "-p",
            "no-such-profile",
            &data("marc4j-summerland.mrc")
        ])
        .0,
        2
    );
    assert_eq!(
        yozuv(&[
            "validate",
            "-o",
            "pdf=/tmp/x",
            &data("marc4j-summerland.mrc")
        ])
        .0,
        2
    );
    assert_eq!(
        yozuv(&["validate", "--lang", "fr", &data("marc4j-summerland.mrc")]).0,
        2
    );
    assert_eq!(yozuv(&["validate"]).0, 2, "no input is a usage error");
}

#[test]
fn fail_on_warning() {
    // The filler file has junk between records: warnings only.
    let f = data("marc-record-filler.usmarc");
    assert_eq!(yozuv(&["validate", "-p", "marc21", &f]).0, 0);
    assert_eq!(
        yozuv(&["validate", "-p", "marc21", "--fail-on", "warning", &f]).0,
        1
    );
}

#[test]
fn stdin_and_jsonl() {
    let mut child = Command::new(BIN)
        .args(["validate", "-p", "marc21", "-f", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(data("pymarc-bad_records.mrc")).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines
        .iter()
        .any(|v| v["rule"] == "iso2709.no-fields" && v["record"] == 7 && v["file"] == "-"));
    for key in [
        "record",
        "offset",
        "id001",
        "tag",
        "occurrence",
        "subfield",
        "rule",
        "severity",
        "message",
    ] {
        assert!(lines[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn several_reports_and_pass_through() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).display().to_string();
    let input = data("marc-record-filler.usmarc");
    let bad = data("pymarc-bad_records.mrc");
    let (code, stdout, _) = yozuv(&[
        "validate",
        "-p",
        "marc21",
        "-o",
        &format!("json={}", p("r.json")),
        "-o",
        &format!("sarif={}", p("r.sarif")),
        "-o",
        &format!("junit={}", p("r.xml")),
        "-o",
        &format!("html={}", p("r.html")),
        "--clean",
        &p("clean.mrc"),
        "--rejected",
        &p("rejected.mrc"),
        &input,
        &bad,
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout.is_empty(),
        "with -o and no --format nothing goes to stdout"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("r.json")).unwrap()).unwrap();
    let junk = json["summary"]["junk_bytes"].as_u64().unwrap();
    let total = std::fs::metadata(&input).unwrap().len() + std::fs::metadata(&bad).unwrap().len();
    let clean = std::fs::read(p("clean.mrc")).unwrap();
    let rejected = std::fs::read(p("rejected.mrc")).unwrap();
    assert_eq!(clean.len() as u64 + rejected.len() as u64 + junk, total);
    // The filler file's three records are clean; their bytes come first, unchanged.
    let filler = std::fs::read(&input).unwrap();
    assert_eq!(&clean[..755], &filler[1..756]);
    assert_eq!(json["summary"]["rejected"], 8);
    for f in ["r.sarif", "r.xml", "r.html"] {
        assert!(std::fs::metadata(p(f)).unwrap().len() > 100, "{f}");
    }
}

#[test]
fn jobs_one_and_two_give_identical_reports() {
    let files = [
        data("marc4j-pride-and-prejudice-fixed.mrc"),
        data("nlr_rusmarc_cp1251.iso"),
        data("pymarc-bad_records.mrc"),
    ];
    let run = |jobs: &str| {
        let mut a = vec!["validate", "-p", "uz-unicat", "-f", "jsonl", "--jobs", jobs];
        a.extend(files.iter().map(String::as_str));
        yozuv(&a)
    };
    let (c1, o1, _) = run("1");
    let (c2, o2, _) = run("2");
    assert_eq!(c1, c2);
    assert!(o1.lines().count() > 100);
    assert_eq!(o1, o2);
}

#[test]
fn languages() {
    let f = data("pymarc-bad_records.mrc");
    let (_, ru, _) = yozuv(&["validate", "-p", "marc21", "--lang", "ru", &f]);
    assert!(ru.contains("Нет обязательного элемента 008"), "{ru}");
    let (_, cyr, _) = yozuv(&["validate", "-p", "marc21", "--lang", "uz-Cyrl", &f]);
    assert!(cyr.contains("Мажбурий 008 йўқ"), "{cyr}");
    // From the environment.
    let out = Command::new(BIN)
        .args(["validate", "-p", "marc21", &f])
        .env("LANG", "uz_UZ.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Majburiy 008 yoʻq"));
    // Not a terminal: no colour codes.
    assert!(!ru.contains('\x1b'));
}

#[test]
fn rules_list_and_explain() {
    let (code, out, _) = yozuv(&["rules", "list"]);
    assert_eq!(code, 0);
    assert!(out.lines().count() >= 50);
    assert!(out.contains("isbn.invalid"));
    let (code, out, _) = yozuv(&["rules", "explain", "isbn.invalid"]);
    assert_eq!(code, 0);
    assert!(out.contains("ISO 2108"));
    assert!(out.contains("profile uz-unicat"));
    assert_eq!(yozuv(&["rules", "explain", "no.such.rule"]).0, 2);
    let (_, out, _) = yozuv(&["rules", "list", "-p", "marc21"]);
    assert!(out
        .lines()
        .any(|l| l.starts_with("holdings.missing") && l.contains("off")));
    let (code, out, _) = yozuv(&["rules", "profile", "uz-unicat"]);
    assert_eq!(code, 0);
    assert!(out.contains("INFERRED"));
}

const FORMATS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/formats");

#[test]
fn flavour_rules_file_and_xml_input_options() {
    let firenze = format!("{FORMATS}/short.firenze.1977.mrc");
    // Detected as MARC 21 (008, 245): 245 is defined. Forced to UNIMARC, 245 is not a UNIMARC
    // field (UNIMARC's title is 200).
    let (_, auto, _) = yozuv(&["validate", "-p", "uz-unicat", "-f", "jsonl", &firenze]);
    assert!(!auto
        .lines()
        .any(|l| l.contains("\"format.undefined-tag\"") && l.contains("\"tag\":\"245\"")));
    let (_, forced, _) = yozuv(&[
        "validate",
        "-p",
        "uz-unicat",
        "--flavour",
        "unimarc",
        "-f",
        "jsonl",
        &firenze,
    ]);
    assert!(forced
        .lines()
        .any(|l| l.contains("\"format.undefined-tag\"") && l.contains("\"tag\":\"245\"")));
    // MarcEdit's 700 has no $6/$7 (read in the rules file); the NLR 700 carries them.
    let rules = format!("{FORMATS}/marcedit-unimarcrules.txt");
    let nlr = format!("{FORMATS}/NLR009673669.mrc");
    let (_, imported, _) = yozuv(&[
        "validate",
        "-p",
        "rusmarc",
        "--rules-file",
        &rules,
        "-f",
        "jsonl",
        &nlr,
    ]);
    assert!(imported
        .lines()
        .any(|l| l.contains("\"format.undefined-subfield\"")
            && l.contains("\"tag\":\"700\"")
            && l.contains("\"subfield\":\"6\"")));
    let (_, builtin, _) = yozuv(&["validate", "-p", "rusmarc", "-f", "jsonl", &nlr]);
    assert!(!builtin
        .lines()
        .any(|l| l.contains("\"format.undefined-subfield\"") && l.contains("\"tag\":\"700\"")));
    // MARCXML input, and --clean receives the record's original XML bytes in a collection
    // with the input's declaration and collection start tag.
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.mrc");
    let xml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/marc21/xml/marc4j-summerland.xml"
    );
    let (code, _, err) = yozuv(&[
        "validate",
        "-p",
        "marc21",
        "--clean",
        clean.to_str().unwrap(),
        xml,
    ]);
    assert_eq!(code, 0, "{err}");
    let out = std::fs::read_to_string(&clean).unwrap();
    let input = std::fs::read_to_string(xml).unwrap();
    let record = &input[input.find("<record>").unwrap()..input.find("</record>").unwrap() + 9];
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n"), "{out}");
    assert!(out.contains(record));
    assert!(out.ends_with("</collection>\n"));
}

/// `--assume-charset` overrides detection: the NLR record is CP1251 (declared `0189` in
/// 100$a/26-29), so read as UTF-8 its Cyrillic bytes are invalid and the record is rejected,
/// while by default it decodes cleanly.
#[test]
fn assume_charset_overrides_detection() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/unimarc/rusmarc/nlr-irbis/nlr_rusmarc_cp1251_single.iso"
    );
    let run = |extra: &[&str]| {
        let mut args = vec!["validate", "-p", "rusmarc", "-f", "jsonl", file];
        args.extend_from_slice(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_yozuv"))
            .args(&args)
            .output()
            .unwrap()
    };
    let by_bytes = run(&[]);
    let text = String::from_utf8_lossy(&by_bytes.stdout);
    assert!(!text.contains("encoding."), "{text}");
    let forced = run(&["--assume-charset", "utf-8"]);
    assert_eq!(forced.status.code(), Some(1));
    let text = String::from_utf8_lossy(&forced.stdout);
    assert!(
        text.contains("\"rule\":\"encoding.invalid-bytes\""),
        "{text}"
    );
}

/// Inputs of different serializations in one run: the first input's kind goes to the
/// `--clean`/`--rejected` paths, each other kind to a sibling file of its own kind, every
/// record with its own bytes; nothing is lost. On standard output mixing is refused (exit 2).
#[test]
fn mixed_serializations_go_to_sibling_files() {
    let iso = data("pymarc-bad_records.mrc");
    let xml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/marc21/xml/marc4j-summerland.xml"
    );
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let (code, _, err) = yozuv(&[
        "validate",
        "-p",
        "marc21",
        "--quiet",
        "-o",
        &format!("json={}", p("r.json")),
        "--clean",
        &p("clean.mrc"),
        "--rejected",
        &p("rejected.mrc"),
        &iso,
        xml,
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("clean.xml"), "{err}");
    // The summerland record (no errors) keeps its XML bytes, in clean.xml.
    let input = std::fs::read_to_string(xml).unwrap();
    let record = &input[input.find("<record>").unwrap()..input.find("</record>").unwrap() + 9];
    let clean_xml = std::fs::read_to_string(p("clean.xml")).unwrap();
    assert!(clean_xml.contains(record), "{clean_xml}");
    assert!(clean_xml.ends_with("</collection>\n"));
    // The ISO 2709 records are split as before: their bytes and the reported junk add up to
    // the input's.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("r.json")).unwrap()).unwrap();
    let junk = json["summary"]["junk_bytes"].as_u64().unwrap();
    let iso_len = std::fs::metadata(&iso).unwrap().len();
    let clean = std::fs::metadata(p("clean.mrc")).unwrap().len();
    let rejected = std::fs::metadata(p("rejected.mrc")).unwrap().len();
    assert_eq!(clean + rejected + junk, iso_len);
    // No XML record was rejected: rejected.xml exists (the run opened it) and holds an empty
    // collection.
    let rejected_xml = std::fs::read_to_string(p("rejected.xml")).unwrap();
    assert!(!rejected_xml.contains("<record"), "{rejected_xml}");

    let (code, _, err) = yozuv(&[
        "validate", "-p", "marc21", "--quiet", "--clean", "-", &iso, xml,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("standard output"), "{err}");
}

/// `--index-memory` and `--temp-dir`: a batch whose duplicate keys overflow 1 MiB spills to the
/// given directory and reports exactly what the roomy default finds; a directory that does not
/// exist is an I/O failure (exit 2) naming it, not a panic or a silent skip.
#[test]
fn index_memory_and_temp_dir() {
    let large = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/marc21/large"
    );
    let mut batch = Vec::new();
    for _ in 0..3 {
        for name in [
            "obp-open-book-publishers-2025-12.mrc",
            "xbib-periouni.UNIMARC.mrc",
        ] {
            batch.extend(std::fs::read(format!("{large}/{name}")).unwrap());
        }
    }
    let run = |extra: &[&str]| {
        let mut child = Command::new(BIN)
            .args(["validate", "-p", "marc21", "--quiet", "-f", "json"])
            .args(extra)
            .arg("-")
            .env_remove("LANG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let input = batch.clone();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let (code, roomy, err) = run(&["--index-memory", "512"]);
    assert_eq!(code, 1, "{err}");
    let (code, tight, err) = run(&[
        "--index-memory",
        "1",
        "--temp-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(tight, roomy);
    // The batch repeats itself three times: the duplicate rules must have found clusters.
    assert!(roomy.contains("\"duplicate.id001\""));
    // The spill files have no name: nothing is left in the directory.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    let missing = dir.path().join("no-such-dir");
    let (code, _, err) = run(&[
        "--index-memory",
        "1",
        "--temp-dir",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no-such-dir"), "{err}");
}
