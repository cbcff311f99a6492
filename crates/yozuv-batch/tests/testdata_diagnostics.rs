//! End-to-end: specific diagnostics at specific positions in real broken files. The expected
//! values come from the files' PROVENANCE facts and from hand checks of the bytes (offsets
//! computed here from the leaders' own length digits, independently of yozuv's reader).

mod common;

use common::*;
use yozuv_batch::{Diagnostic, RecordOutcome, Severity};

fn has(o: &RecordOutcome, rule: &str) -> Option<Diagnostic> {
    o.diagnostics.iter().find(|d| &*d.rule == rule).cloned()
}

/// Offsets of records in a file of sound framing: each leader's length digits.
fn offsets_by_leader(data: &[u8], n: usize) -> Vec<u64> {
    let mut out = vec![];
    let mut at = 0usize;
    for _ in 0..n {
        out.push(at as u64);
        let len: usize = std::str::from_utf8(&data[at..at + 5])
            .unwrap()
            .parse()
            .unwrap();
        at += len;
    }
    out
}

#[test]
fn pymarc_bad_records_in_sequence() {
    let data = testdata("pymarc-bad_records.mrc");
    let (summary, ev) = collect("marc21", &[("bad.mrc", data.clone())], 2);
    assert_eq!(summary.records, 8);
    let r = &ev.records;
    // Offsets from the leaders (every record here has a correct length).
    let offsets = offsets_by_leader(&data, 8);
    for (o, off) in r.iter().zip(&offsets) {
        assert_eq!(o.offset, *off, "record {}", o.number);
    }
    assert!(!r[0]
        .diagnostics
        .iter()
        .any(|d| d.rule.starts_with("iso2709.")));
    // 2: BaseAddressInvalid, 3: BaseAddressNotFound → the base address in leader/12-16.
    for i in [1, 2] {
        let d = has(&r[i], "iso2709.base-address-invalid").expect("base address");
        assert_eq!(d.location.offset, offsets[i] + 12);
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.location.record, i as u64 + 1);
    }
    // 4: RecordDirectoryInvalid, 5: non-ASCII in the directory → directory length.
    assert!(has(&r[3], "iso2709.directory-length").is_some());
    // Record 5's directory holds non-ASCII bytes: the core reader names that damage itself.
    let d = has(&r[4], "iso2709.directory-not-ascii").expect("directory not ASCII");
    assert_eq!(d.severity, Severity::Error);
    assert!(r[4].rejected);
    // 6: non-digit base address.
    assert_eq!(
        has(&r[5], "iso2709.base-address-invalid")
            .unwrap()
            .location
            .offset,
        offsets[5] + 12
    );
    // 7: no fields.
    assert!(has(&r[6], "iso2709.no-fields").is_some());
    assert!(r[6].rejected);
    assert!(!r[7]
        .diagnostics
        .iter()
        .any(|d| d.rule.starts_with("iso2709.")));
    // The trailing newline is junk after the last record, at the file's last byte.
    let junk: Vec<_> = ev
        .batch
        .iter()
        .filter(|d| &*d.rule == "iso2709.junk-after-last-record")
        .collect();
    assert_eq!(junk.len(), 1);
    assert_eq!(junk[0].location.offset, data.len() as u64 - 1);
    assert_eq!(junk[0].location.record, 0);
}

#[test]
fn filler_between_records_is_junk() {
    let (summary, ev) = collect(
        "marc21",
        &[("filler.usmarc", testdata("marc-record-filler.usmarc"))],
        1,
    );
    assert_eq!(summary.records, 3);
    let r = &ev.records;
    // Hand-checked with xxd: a NUL at 0, record 1 at 1 (755 bytes), 9 filler bytes at 756.
    assert_eq!(r[0].offset, 1);
    let j = has(&r[0], "iso2709.junk-before-record").unwrap();
    assert_eq!((j.location.offset, j.severity), (0, Severity::Warning));
    assert_eq!(j.arg("length").unwrap().to_string(), "1");
    assert_eq!(r[1].offset, 765);
    let j = has(&r[1], "iso2709.junk-before-record").unwrap();
    assert_eq!(j.location.offset, 756);
    assert_eq!(j.arg("length").unwrap().to_string(), "9");
    assert_eq!(summary.junk_bytes, 1 + 9 + 1);
    assert!(
        r.iter().all(|o| !o.rejected),
        "junk alone does not reject a record"
    );
    assert_eq!(r[0].id001.as_deref(), Some("fol05731351"));
}

#[test]
fn non_printable_subfield_code_points_at_the_subfield() {
    let (_, ev) = collect(
        "marc21",
        &[(
            "e202.bin",
            testdata("mrrc-e202_non_printable_subfield_code.bin"),
        )],
        1,
    );
    let d = has(&ev.records[0], "iso2709.subfield-code-invalid").unwrap();
    // Field 100 starts at 61 (base address 61 + start 0); indicators "1 ", delimiter at 63.
    assert_eq!(d.location.tag.unwrap().as_str(), "100");
    assert_eq!(d.location.offset, 63);
    assert_eq!(d.location.subfield, Some(0));
    assert_eq!(d.location.occurrence, Some(1));
    assert!(ev.records[0].rejected);
}

#[test]
fn truncated_record_reported_once() {
    let (_, ev) = collect(
        "marc21",
        &[("e005.bin", testdata("mrrc-e005_truncated_record.bin"))],
        1,
    );
    let t: Vec<_> = ev.records[0]
        .diagnostics
        .iter()
        .filter(|d| &*d.rule == "iso2709.truncated")
        .collect();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].location.offset, 100);
}

#[test]
fn utf8_declared_but_invalid_bytes() {
    let (_, ev) = collect(
        "marc21",
        &[(
            "e301.bin",
            testdata("mrrc-e301_invalid_utf8_in_subfield.bin"),
        )],
        1,
    );
    // One 0xFF byte inside 100$a of a record whose leader/09 says UTF-8.
    let d = has(&ev.records[0], "encoding.invalid-bytes").unwrap();
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.location.tag.unwrap().as_str(), "100");
    assert_eq!(d.location.subfield, Some(b'a'));
    // 0xFF means nothing in MARC-8 either: the record is UTF-8 with a bad byte, not MARC-8.
    assert!(has(&ev.records[0], "encoding.charset-mismatch").is_none());
}

#[test]
fn unimarc_declares_cp1251_but_is_utf8() {
    // PROVENANCE: 100$a/26-29 = "89  " (CP1251), the data is UTF-8.
    let (_, ev) = collect(
        "unimarc",
        &[("ur.iso", testdata("ur_utf8_data_declares_cp1251.iso"))],
        1,
    );
    let d = has(&ev.records[0], "encoding.charset-mismatch").unwrap();
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.arg("found").unwrap().to_string(), "utf-8");
    assert_eq!(d.arg("declared").unwrap().to_string(), "windows-1251");
    assert!(d.arg("declaration").unwrap().to_string().contains("89"));
    // Reported once: the engine's own declared-vs-found rule stays quiet.
    assert!(has(&ev.records[0], "charset.declared-mismatch").is_none());
}

#[test]
fn mojibake_is_reported() {
    let (_, ev) = collect(
        "marc21",
        &[("split.mrc", testdata("1251-split_mojibake_fffd.mrc"))],
        2,
    );
    assert_eq!(ev.records.len(), 6);
    assert!(ev
        .records
        .iter()
        .any(|o| has(o, "chars.replacement").is_some()));
}

#[test]
fn unordered_directory_is_a_warning_only() {
    let (summary, ev) = collect(
        "marc21",
        &[("u.mrc", testdata("marc4j-unordered-directory-entries.mrc"))],
        1,
    );
    assert!(has(&ev.records[0], "iso2709.entries-out-of-order").is_some());
    // The directory order is only a warning; the record's errors are format ones (LoC: 069 is
    // not a MARC 21 bibliographic field, 852 defines no $9).
    let _ = summary;
    let errors: Vec<(&str, Option<String>)> = ev.records[0]
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (&*d.rule, d.location.tag.map(|t| t.as_str().to_string())))
        .collect();
    assert_eq!(
        errors,
        vec![
            ("format.undefined-tag", Some("069".to_string())),
            ("format.undefined-subfield", Some("852".to_string()))
        ]
    );
}

#[test]
fn wrong_leader_length() {
    let data = testdata("file_marc-wronglen.mrc");
    let (_, ev) = collect("marc21", &[("w.mrc", data.clone())], 1);
    let d = has(&ev.records[0], "iso2709.record-length-mismatch").unwrap();
    let declared: i64 = std::str::from_utf8(&data[..5]).unwrap().parse().unwrap();
    let actual = data.iter().position(|&b| b == 0x1D).unwrap() as i64 + 1;
    assert_eq!(d.arg("declared"), Some(&yozuv_batch::Arg::Number(declared)));
    assert_eq!(d.arg("actual"), Some(&yozuv_batch::Arg::Number(actual)));
}

#[test]
fn control_characters() {
    let (_, ev) = collect(
        "marc21",
        &[(
            "bad.mrc",
            testdata("marc4j-bad-characters-in-various-fields.mrc"),
        )],
        1,
    );
    let o = &ev.records[0];
    assert!(has(o, "chars.control").is_some());
    assert!(has(o, "iso2709.subfield-code-invalid").is_some());
}

#[test]
fn rusmarc_cp1251_records() {
    // 61 NLR records declaring 0189 (CP1251) and written in CP1251: no charset mismatch.
    let (summary, ev) = collect(
        "rusmarc",
        &[("nlr.iso", testdata("nlr_rusmarc_cp1251.iso"))],
        2,
    );
    assert_eq!(summary.records, 61);
    assert!(!ev
        .records
        .iter()
        .any(|o| has(o, "charset.declared-mismatch").is_some()));
    // Records 25 and 26 both carry 010$a 965-90429-1-4 (checked by hand with a byte parser).
    let dup: Vec<_> = ev
        .batch
        .iter()
        .filter(|d| &*d.rule == "duplicate.isbn")
        .collect();
    assert_eq!(dup.len(), 1);
    let recs: Vec<u64> = dup[0].related.iter().map(|r| r.record).collect();
    assert_eq!(recs, vec![25, 26]);
    assert_eq!(dup[0].arg("value").unwrap().to_string(), "9789659042913");
    // uz-unicat flags the legacy charset on every record.
    let (s2, _) = collect(
        "uz-unicat",
        &[("nlr.iso", testdata("nlr_rusmarc_cp1251.iso"))],
        2,
    );
    assert_eq!(s2.by_rule.get("charset.legacy").map(|c| c[1]), Some(61));
}

#[test]
fn every_shared_iso_file_is_read_to_the_end() {
    // No panic, no lost record: every record terminator in a file yields at most one record,
    // and damaged files still give a diagnostic per broken record.
    let mut seen = 0;
    for dir in [
        "marc21/broken",
        "marc21/utf8",
        "marc21/marc8",
        "marc21/legacy-encodings",
        "unimarc/messy",
        "unimarc/rusmarc/neb",
        "unimarc/unimarc-latin",
        "unimarc/marc21-ru",
    ] {
        let Ok(entries) = std::fs::read_dir(format!("{SHARED}/{dir}")) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            if !["mrc", "iso", "dat", "marc", "usmarc", "bin"].contains(&ext) {
                continue;
            }
            let data = std::fs::read(&p).unwrap();
            let terminators = data.iter().filter(|&&b| b == 0x1D).count() as u64;
            let (s, ev) = collect("uz-unicat", &[("f", data)], 2);
            assert!(s.records <= terminators + 1, "{}", p.display());
            assert_eq!(ev.records.len() as u64, s.records);
            assert_eq!(s.clean + s.rejected, s.records);
            seen += 1;
        }
    }
    assert!(seen > 40, "only {seen} files found under {SHARED}");
}
