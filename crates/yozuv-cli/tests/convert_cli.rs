//! `yozuv convert` end to end: against pymarc's output, on broken inputs, and exit codes.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/testdata");
const EXPECTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/serial/pymarc");

fn yozuv(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yozuv"))
        .args(args)
        .output()
        .expect("run yozuv");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// For every UTF-8 ISO 2709 file in ../shared/testdata/marc21/utf8, `yozuv convert --to json`
/// gives, record by record, what pymarc 5.4.0 gives with `record.as_dict()` (generated once
/// by testdata/serial/gen_pymarc_expected.py). JSON objects compare without key order.
#[test]
fn convert_to_json_matches_pymarc_as_dict() {
    let mut names: Vec<_> = std::fs::read_dir(EXPECTED)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().into_string().ok()?;
            n.strip_suffix(".jsonl").map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 30);
    let mut compared = 0;
    let mut differences = Vec::new();
    for name in &names {
        let src = format!("{SHARED}/marc21/utf8/{name}");
        let (_code, stdout, stderr) = yozuv(&["convert", &src, "--to", "json"]);
        let ours: Vec<Value> = serde_json::from_slice(&stdout)
            .unwrap_or_else(|e| panic!("{name}: our output is not a JSON array: {e}\n{stderr}"));
        let expected = std::fs::read_to_string(format!("{EXPECTED}/{name}.jsonl")).unwrap();
        let theirs: Vec<Value> = expected
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let theirs: Vec<&Value> = theirs.iter().filter(|v| !v.is_null()).collect();
        if ours.len() != theirs.len() {
            differences.push(format!(
                "{name}: {} records, pymarc {}",
                ours.len(),
                theirs.len()
            ));
            continue;
        }
        for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
            compared += 1;
            if a != b {
                differences.push(format!(
                    "{name}: record {} differs:\n ours   {a}\n pymarc {b}",
                    i + 1
                ));
            }
        }
    }
    assert!(compared > 1700, "only {compared} records compared");
    assert!(
        differences.is_empty(),
        "{} difference(s):\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[test]
fn exit_codes() {
    let (code, _, _) = yozuv(&[
        "convert",
        &format!("{SHARED}/marc21/utf8/marc4j-summerland.mrc"),
        "--to",
        "xml",
    ]);
    assert_eq!(code, 0);
    let (code, _, _) = yozuv(&[
        "convert",
        &format!("{SHARED}/marc21/broken/mrrc-e401_malformed_marcxml.xml"),
        "--to",
        "xml",
    ]);
    assert_eq!(code, 1);
    let (code, _, _) = yozuv(&["convert", "/nonexistent/file.mrc", "--to", "xml"]);
    assert_eq!(code, 2);
    let (code, _, _) = yozuv(&[
        "convert",
        &format!("{SHARED}/marc21/utf8/marc4j-summerland.mrc"),
        "--to",
        "docx",
    ]);
    assert_eq!(code, 2);
    assert!(Path::new(SHARED).exists());
}

#[test]
fn wrong_from_or_empty_input_is_reported() {
    let (code, stdout, stderr) = yozuv(&[
        "convert",
        &format!("{SHARED}/marc21/utf8/marc4j-summerland.mrc"),
        "--from",
        "xml",
        "--to",
        "json",
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no records found"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&stdout).trim(), "[]");
}

#[test]
fn marcxml_named_mrc_converts_to_iso2709_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!("{SHARED}/unimarc/messy/rsl-marcxml-with-mrc-extension/rsl01003501478.mrc");
    let mrc = dir.path().join("out.mrc");
    let (code, _, stderr) = yozuv(&["convert", &src, "--to", "mrc", "-o", mrc.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("MARCXML -> ISO 2709: 1 record(s) written"),
        "{stderr}"
    );
    let bytes = std::fs::read(&mrc).unwrap();
    assert_eq!(bytes.last(), Some(&0x1D));
    assert_eq!(&bytes[..5], format!("{:05}", bytes.len()).as_bytes());
    // And back to MARCXML, then to mnemonic text: the same 001 all the way.
    let (code, xml, _) = yozuv(&["convert", mrc.to_str().unwrap(), "--to", "xml"]);
    assert_eq!(code, 0);
    let xml = String::from_utf8(xml).unwrap();
    let original = std::fs::read_to_string(&src).unwrap();
    let id = original
        .split("tag=\"001\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    assert!(
        xml.contains(&format!("<controlfield tag=\"001\">{id}</controlfield>")),
        "{id}"
    );
}

/// `--encoding`: MARC-8 Cyrillic (MARC4J's cyrillic_capital_e.mrc: Yuri Buida's
/// "Вор, шпион и убийца" with 880 parallel fields) to UTF-8 and back.
#[test]
fn convert_encoding_sets_the_declaration_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let src = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/unimarc/marc21-ru/marc4j_cyrillic_capital_e_marc8.mrc"
    );
    let utf8 = dir.path().join("utf8.mrc");
    let marc8 = dir.path().join("marc8.mrc");
    let again = dir.path().join("again.mrc");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_yozuv"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["convert", src, "--to", "mrc", "-o", utf8.to_str().unwrap()]);
    let bytes = std::fs::read(&utf8).unwrap();
    assert_eq!(
        bytes[9], b'a',
        "leader/09 must declare UCS after conversion to UTF-8"
    );
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("Вор, шпион и убийца"), "{text}");
    assert!(text.contains("Буйда, Юрий"), "{text}");

    run(&[
        "convert",
        utf8.to_str().unwrap(),
        "--to",
        "mrc",
        "--encoding",
        "marc-8",
        "-o",
        marc8.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&marc8).unwrap();
    assert_eq!(bytes[9], b' ', "leader/09 blank declares MARC-8");
    assert!(
        bytes.contains(&0x1B),
        "Cyrillic in MARC-8 needs escape sequences"
    );
    // No UTF-8 Cyrillic left (Б is D0 91 in UTF-8).
    assert!(!bytes.windows(2).any(|w| w == [0xD0, 0x91]));

    run(&[
        "convert",
        marc8.to_str().unwrap(),
        "--to",
        "mrc",
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&utf8).unwrap()
    );
}

#[test]
fn marc8_is_for_iso2709_output_only() {
    let src = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/iso2709/summerland.mrc"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yozuv"))
        .args(["convert", src, "--to", "xml", "--encoding", "marc-8"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
