//! Rejected MARCXML / MARC-in-JSON records that are not well-formed (issue 8): they go to
//! `REJECTED.unreadable`, byte for byte, so that the rejected document stays well-formed; the
//! records of clean + rejected + unreadable are exactly the input's records. Stray content
//! before such a record is still reported (`marcxml.content-between-records`).
//!
//! Inputs: real shared files with damage inserted by the test (positions computed here, from
//! where the damage was put):
//! - `evergreen-badisbns.xml` (10 MARCXML records, no namespace prefix): record 2 loses its
//!   first `</subfield>` (not well-formed), record 4 gets a bare `&` (not well-formed), record
//!   6's leader loses its last character (well-formed, but not MARC), and stray text is put
//!   before record 2;
//! - `pymarc-batch.xml` (2 records, `marc:` prefix): record 2 loses a `</marc:subfield>`;
//! - `pymarc-batch.json` (MARC-in-JSON array): record 2 loses a closing quote.

use std::path::Path;
use std::process::Command;

mod common;

use common::yozuv;
const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/testdata/marc21"
);

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The record elements of a MARCXML file: (start, end) byte spans, in order.
fn record_spans(data: &[u8], start_tag: &[u8], end_tag: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(s) = find(&data[at..], start_tag) {
        let s = at + s;
        let e = s + find(&data[s..], end_tag).unwrap() + end_tag.len();
        spans.push((s, e));
        at = e;
    }
    spans
}

/// Replaces the first `from` in `record` with `to`.
fn damage(record: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = find(record, from).unwrap();
    [&record[..at], to, &record[at + from.len()..]].concat()
}

/// Whether xmllint (libxml2) finds `path` well-formed; `None` when it is not installed.
fn xmllint_well_formed(path: &Path) -> Option<bool> {
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg(path)
        .output()
        .ok()?;
    Some(out.status.success())
}

/// The JSON Lines diagnostics of validating `path` as `marc21`.
fn diagnostics(path: &Path) -> Vec<serde_json::Value> {
    let (code, out, err) = yozuv(&[
        "validate",
        "-p",
        "marc21",
        "-f",
        "jsonl",
        path.to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{err}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn records_that_are_not_well_formed_xml_go_beside_the_rejected_file() {
    let data = std::fs::read(format!("{SHARED}/xml/evergreen-badisbns.xml")).unwrap();
    let spans = record_spans(&data, b"<record>", b"</record>");
    assert_eq!(spans.len(), 10);
    let mut records: Vec<Vec<u8>> = spans.iter().map(|&(s, e)| data[s..e].to_vec()).collect();
    records[1] = damage(&records[1], b"</subfield>", b"");
    records[3] = damage(&records[3], b"</subfield>", b" AT&T</subfield>");
    let leader = find(&records[5], b"</leader>").unwrap();
    records[5].remove(leader - 1);
    const STRAY: &[u8] = b"STRAY TEXT <note>not a record</note>";
    // The input: prologue, records separated as in the file, stray text before record 2.
    let mut input = data[..spans[0].0].to_vec();
    let mut stray_at = 0;
    for (i, record) in records.iter().enumerate() {
        if i == 1 {
            stray_at = input.len();
            input.extend_from_slice(STRAY);
            input.push(b'\n');
        }
        input.extend_from_slice(record);
        let gap_end = spans.get(i + 1).map_or(data.len(), |s| s.0);
        input.extend_from_slice(&data[spans[i].1..gap_end]);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.xml");
    std::fs::write(&path, &input).unwrap();
    let (ok, rej) = (dir.path().join("ok.xml"), dir.path().join("rej.xml"));
    let (code, out, err) = yozuv(&[
        "validate",
        "-p",
        "marc21",
        "-f",
        "jsonl",
        "--clean",
        ok.to_str().unwrap(),
        "--rejected",
        rej.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    let unreadable = dir.path().join("rej.xml.unreadable");
    assert!(err.contains(&unreadable.display().to_string()), "{err}");

    // The unreadable file: records 2 and 4, byte for byte, one a line.
    let got = std::fs::read(&unreadable).unwrap();
    assert_eq!(got, [&records[1][..], b"\n", &records[3], b"\n"].concat());
    // The rejected file is well-formed (libxml2 agrees) and holds record 6, which is
    // well-formed but not MARC; read back, it is the only record that cannot be read.
    let rejected = std::fs::read(&rej).unwrap();
    if let Some(well_formed) = xmllint_well_formed(&rej) {
        assert!(well_formed, "{}", String::from_utf8_lossy(&rejected));
    }
    assert!(find(&rejected, &records[5]).is_some());
    let back = diagnostics(&rej);
    let syntax: Vec<_> = back
        .iter()
        .filter(|d| d["rule"] == "input.syntax")
        .collect();
    assert_eq!(syntax.len(), 1, "{syntax:#?}");
    assert!(syntax[0]["message"]
        .as_str()
        .unwrap()
        .contains("23 characters"));
    // Nothing lost, nothing twice: every input record is in exactly one output, and the
    // outputs hold nothing else.
    let clean = std::fs::read(&ok).unwrap();
    let mut total = 0;
    for record in &records {
        let n = [&clean, &rejected, &got]
            .iter()
            .filter(|o| find(o, record).is_some())
            .count();
        assert_eq!(n, 1, "{}", String::from_utf8_lossy(record));
        total += record.len();
    }
    let element_bytes = |doc: &[u8]| -> usize {
        record_spans(doc, b"<record>", b"</record>")
            .iter()
            .map(|(s, e)| e - s)
            .sum()
    };
    assert_eq!(
        element_bytes(&clean) + element_bytes(&rejected) + records[1].len() + records[3].len(),
        total
    );

    // The report: the stray text before record 2 is reported on it (record 2 cannot be read),
    // at its offset and with its length; then record 2's syntax error.
    let report: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let second: Vec<_> = report.iter().filter(|d| d["record"] == 2).collect();
    assert_eq!(
        second[0]["rule"], "marcxml.content-between-records",
        "{second:#?}"
    );
    assert_eq!(second[0]["offset"], stray_at as u64);
    assert_eq!(second[0]["args"]["length"], STRAY.len() as u64);
    assert_eq!(second[0]["severity"], "warning");
    assert_eq!(second[1]["rule"], "input.syntax");
    let stray: Vec<_> = report
        .iter()
        .filter(|d| d["rule"] == "marcxml.content-between-records")
        .collect();
    assert_eq!(stray.len(), 1);
    for r in [2usize, 4, 6] {
        let d = report
            .iter()
            .find(|d| d["record"] == r as u64 && d["rule"] == "input.syntax");
        assert!(d.is_some(), "record {r}");
    }
}

#[test]
fn prefixed_collection_and_json_array() {
    let dir = tempfile::tempdir().unwrap();
    // MARCXML with the marc: prefix: the rejected document keeps the collection start tag
    // (so the prefix stays bound) and only well-formed records.
    let data = std::fs::read(format!("{SHARED}/xml/pymarc-batch.xml")).unwrap();
    let spans = record_spans(&data, b"<marc:record>", b"</marc:record>");
    assert_eq!(spans.len(), 2);
    let (s, e) = spans[1];
    let broken = damage(&data[s..e], b"</marc:subfield>", b"");
    let input = [&data[..s], &broken[..], &data[e..]].concat();
    let path = dir.path().join("batch.xml");
    std::fs::write(&path, &input).unwrap();
    let rej = dir.path().join("fix.xml");
    let (code, _, err) = yozuv(&[
        "validate",
        "-p",
        "marc21",
        "-f",
        "jsonl",
        "--rejected",
        rej.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    let unreadable = std::fs::read(dir.path().join("fix.xml.unreadable")).unwrap();
    assert_eq!(unreadable, [&broken[..], b"\n"].concat());
    if let Some(well_formed) = xmllint_well_formed(&rej) {
        assert!(well_formed);
    }

    // MARC-in-JSON array: record 2 loses the closing quote of its leader.
    let data = std::fs::read(format!("{SHARED}/json/pymarc-batch.json")).unwrap();
    let text = String::from_utf8(data.clone()).unwrap();
    let leaders: Vec<usize> = text.match_indices("\"leader\"").map(|(i, _)| i).collect();
    assert!(leaders.len() >= 2, "{}", leaders.len());
    // The leader value's closing quote: the 4th quote from "leader".
    let at = leaders[1]
        + text[leaders[1]..]
            .match_indices('"')
            .nth(3)
            .map(|(i, _)| i)
            .unwrap();
    let mut input = data.clone();
    input.remove(at);
    let path = dir.path().join("batch.json");
    std::fs::write(&path, &input).unwrap();
    let rej = dir.path().join("fix.json");
    let (code, _, err) = yozuv(&[
        "validate",
        "-p",
        "marc21",
        "--rejected",
        rej.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    // Record 1 is clean; the rejected document is an empty, valid JSON array, and record 2
    // (which, with its string unterminated, runs to the end of the input) is apart.
    let rejected = std::fs::read_to_string(&rej).unwrap();
    let value: serde_json::Value = serde_json::from_str(&rejected).unwrap();
    assert_eq!(value, serde_json::json!([]));
    let got = std::fs::read(dir.path().join("fix.json.unreadable")).unwrap();
    assert!(serde_json::from_slice::<serde_json::Value>(&got).is_err());
    assert!(got.starts_with(b"{"));
    assert!(find(&got, b"\"01832cmma 2200349 a 4500,\n").is_some());
    assert!(
        find(&input, &got[..got.len() - 1]).is_some(),
        "its bytes as in the input"
    );
}

#[test]
fn rejected_on_standard_output_keeps_them() {
    let data = std::fs::read(format!("{SHARED}/xml/pymarc-batch.xml")).unwrap();
    let spans = record_spans(&data, b"<marc:record>", b"</marc:record>");
    let (s, e) = spans[1];
    let broken = damage(&data[s..e], b"</marc:subfield>", b"");
    let input = [&data[..s], &broken[..], &data[e..]].concat();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.xml");
    std::fs::write(&path, &input).unwrap();
    let report = dir.path().join("report.json");
    let (code, out, err) = yozuv(&[
        "validate",
        "-p",
        "marc21",
        "-o",
        &format!("json={}", report.display()),
        "--rejected",
        "-",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(find(out.as_bytes(), &broken).is_some());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no .unreadable file"
    );
}
