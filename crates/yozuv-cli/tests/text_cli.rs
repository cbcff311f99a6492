//! The built `yozuv` binary: `text fix` over every gold row, `text translit`, `text key`, and `normalize`
//! over ISO 2709 records.

use std::io::Write;
use std::process::{Command, Stdio};

use yozuv::iso2709::{ReadMode, SliceReader, Writer};
use yozuv::{Field, Indicators, Leader, Record, Subfield};

const BIN: &str = env!("CARGO_BIN_EXE_yozuv");

fn shared_text(name: &str) -> String {
    let path = format!("{}/../../testdata/text/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Runs the binary with `args`, feeding `stdin`; returns (exit code, stdout, stderr).
fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn yozuv");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// (input, expected) columns of a gold TSV.
fn gold(name: &str) -> Vec<(String, String)> {
    shared_text(name)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].to_string(), c[1].to_string())
        })
        .collect()
}

fn check_gold_through_cli(name: &str) {
    let rows = gold(name);
    let input: String = rows.iter().map(|(i, _)| format!("{i}\n")).collect();
    let (code, out, err) = run(&["text", "fix"], &input);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), rows.len(), "one output line per input line");
    let failures: Vec<String> = rows
        .iter()
        .zip(&lines)
        .filter(|((_, want), got)| want != *got)
        .map(|((i, want), got)| format!("{i} -> {got} (want {want})"))
        .collect();
    assert!(failures.is_empty(), "{name}:\n{}", failures.join("\n"));
}

#[test]
fn text_fix_gives_every_homoglyph_gold_row() {
    check_gold_through_cli("homoglyph-gold.tsv");
}

#[test]
fn text_fix_gives_every_apostrophe_gold_row() {
    check_gold_through_cli("apostrophe-gold.tsv");
}

#[test]
fn text_fix_explain_writes_json_lines_with_offsets() {
    let (code, out, _) = run(&["text", "fix", "--explain"], "аxбoрoт bo’lgan\nIFLA\n");
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["input"], "аxбoрoт bo’lgan");
    assert_eq!(lines[0]["output"], "ахборот boʻlgan");
    let fixes = lines[0]["fixes"].as_array().expect("fixes");
    assert_eq!(fixes.len(), 2);
    // аxбoрoт is bytes 0..11 of the input (а б р т two bytes each, x o o o one byte each).
    assert_eq!(fixes[0]["start"], 0);
    assert_eq!(fixes[0]["end"], "аxбoрoт".len());
    assert_eq!(fixes[0]["rule"], "homoglyph.unique-letters");
    assert_eq!(fixes[1]["before"], "’");
    assert_eq!(fixes[1]["after"], "ʻ");
    assert_eq!(fixes[1]["start"], "аxбoрoт bo".len());
    assert_eq!(lines[1]["fixes"].as_array().map(Vec::len), Some(0));
}

#[test]
fn text_translit_both_ways_and_key() {
    let (_, out, _) = run(
        &["text", "translit", "--to", "latn"],
        "Ўзбекистон Республикаси\nИсҳоқ, объект, кварц\n",
    );
    assert_eq!(out, "Oʻzbekiston Respublikasi\nIsʼhoq, obyekt, kvars\n");
    let (_, out, _) = run(
        &["text", "translit", "--to", "cyrl"],
        "O‘zbekiston Respublikasi\n",
    );
    assert_eq!(out, "Ўзбекистон Республикаси\n");
    let (code, out, _) = run(
        &["text", "key"],
        "Ўзбекистон Миллий кутубхонаси\nO'zbekiston milliy kutubxonasi.\n",
    );
    assert_eq!(code, 0);
    let keys: Vec<&str> = out.lines().collect();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], keys[1]);
}

fn sample_record() -> Record {
    let mut leader = Leader::from_bytes(b"00000cam a2200000 i 4500").expect("leader");
    leader.set_record_length(0);
    let mut r = Record::new(leader);
    r.push(Field::control("001", "uz-0001"));
    r.push(Field::control(
        "008",
        "250101s2025    uz            000 0 uzb d",
    ));
    let data = |tag: &str, subs: &[(u8, &str)]| {
        Field::data(
            tag,
            Indicators::blank(),
            subs.iter().map(|&(c, v)| Subfield::new(c, v)).collect(),
        )
    };
    r.push(data("020", &[(b'a', "978-9943-01-234-5")]));
    r.push(data(
        "245",
        &[
            (b'a', "Ўзбекистoн кутубxoналари /"),
            (b'c', "А.М. Каримов."),
        ],
    ));
    r.push(data("500", &[(b'a', "Ko‘rsatkich bo’lgan.")]));
    r.push(data("650", &[(b'a', "Kutubxona ishi"), (b'2', "o'zbek")]));
    r.push(data("856", &[(b'u', "http://kitob.uz/o'zbek/аxбoрoт")]));
    r
}

#[test]
fn normalize_rewrites_text_subfields_only_and_audits_each_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.mrc");
    let output = dir.path().join("out.mrc");
    let audit = dir.path().join("audit.jsonl");
    let clean = {
        let mut r = Record::new(Leader::from_bytes(b"00000cam a2200000 i 4500").expect("leader"));
        r.push(Field::control("001", "uz-0002"));
        r.push(Field::data(
            "245",
            Indicators::blank(),
            vec![Subfield::new(b'a', "Toshkent")],
        ));
        r
    };
    let mut w = Writer::new(Vec::new());
    w.write(&sample_record()).expect("write");
    w.write(&clean).expect("write");
    let bytes = w.into_inner();
    std::fs::write(&input, &bytes).expect("write input");

    let (code, _, err) = run(
        &[
            "normalize",
            input.to_str().expect("path"),
            "-o",
            output.to_str().expect("path"),
            "--audit",
            audit.to_str().expect("path"),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let out = std::fs::read(&output).expect("output");
    let records: Vec<Record> = SliceReader::new(&out, ReadMode::Strict)
        .map(|r| r.expect("sound record").to_record().expect("record"))
        .collect();
    assert_eq!(records.len(), 2);
    let r = &records[0];
    assert_eq!(
        r.first_subfield("245", b'a'),
        Some("Ўзбекистон кутубхоналари /")
    );
    assert_eq!(r.first_subfield("245", b'c'), Some("А.М. Каримов."));
    assert_eq!(r.first_subfield("500", b'a'), Some("Koʻrsatkich boʻlgan."));
    // Codes, identifiers and URIs are never touched.
    assert_eq!(r.first_subfield("020", b'a'), Some("978-9943-01-234-5"));
    assert_eq!(r.first_subfield("650", b'2'), Some("o'zbek"));
    assert_eq!(
        r.first_subfield("856", b'u'),
        Some("http://kitob.uz/o'zbek/аxбoрoт")
    );
    // The unchanged record is copied byte for byte.
    let second_in = &bytes[bytes.len() - clean.to_iso2709().expect("bytes").len()..];
    assert!(out.ends_with(second_in));

    let audit: Vec<serde_json::Value> = std::fs::read_to_string(&audit)
        .expect("audit")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(audit.len(), 4, "{audit:?}");
    assert!(audit
        .iter()
        .all(|a| a["record"] == 1 && a["id"] == "uz-0001"));
    assert_eq!(audit[0]["tag"], "245");
    assert_eq!(audit[0]["subfield"], "a");
    assert_eq!(audit[0]["occurrence"], 1);
    assert_eq!(audit[0]["before"], "Ўзбекистoн");
    assert_eq!(audit[0]["rule"], "homoglyph.unique-letters");
    assert_eq!(audit[3]["tag"], "500");
}

#[test]
fn normalize_passes_damaged_records_through_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.mrc");
    let output = dir.path().join("out.mrc");
    let mut w = Writer::new(Vec::new());
    w.write(&sample_record()).expect("write");
    let mut bytes = w.into_inner();
    // A record whose directory points past its end.
    let damaged = b"00049nam a2200037   4500245009999999\x1e\x1fafoo\x1e\x1d";
    bytes.extend_from_slice(damaged);
    std::fs::write(&input, &bytes).expect("write");
    let (code, _, err) = run(
        &[
            "normalize",
            input.to_str().expect("p"),
            "-o",
            output.to_str().expect("p"),
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("record 2"), "{err}");
    let out = std::fs::read(&output).expect("out");
    assert!(
        out.ends_with(damaged),
        "damaged record not passed through unchanged"
    );
}

#[test]
fn normalize_copies_records_that_are_not_utf8_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.mrc");
    let output = dir.path().join("out.mrc");
    // Leader/09 blank: MARC-8, so the lossy UTF-8 view must not be written back.
    let mut r = Record::new(Leader::from_bytes(b"00000cam  2200000 i 4500").expect("leader"));
    r.push(Field::control("001", "m8-1"));
    r.push(Field::control(
        "008",
        "250101s2025    uz            000 0 uzb d",
    ));
    r.push(Field::data(
        "245",
        Indicators::blank(),
        vec![Subfield::new(b'a', "bo'lgan")],
    ));
    let bytes = r.to_iso2709().expect("bytes");
    std::fs::write(&input, &bytes).expect("write");
    let (code, _, err) = run(
        &[
            "normalize",
            input.to_str().expect("p"),
            "-o",
            output.to_str().expect("p"),
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not UTF-8"), "{err}");
    assert_eq!(std::fs::read(&output).expect("out"), bytes);
}
