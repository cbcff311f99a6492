//! Stray content between MARCXML records before a record that cannot be read (issue 8): the
//! record carries no warnings of its own, so the reader keeps the stray content apart and the
//! engine reports it on that record (`marcxml.content-between-records`, before its
//! `input.syntax` error), at the stray content's offset, counted as junk bytes. The input is the
//! real marc4j summerland file, its record repeated with damage inserted; offsets are where the
//! test put the stray content.

mod common;

use common::*;
use yozuv_batch::Severity;

const RULE: &str = "marcxml.content-between-records";

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn stray_content_before_an_unreadable_record_is_reported_on_it() {
    let data = std::fs::read(format!("{SHARED}/marc21/xml/marc4j-summerland.xml")).unwrap();
    let start = find(&data, b"<record").unwrap();
    let end = find(&data, b"</record>").unwrap() + b"</record>".len();
    let record = &data[start..end];
    // Not well-formed (a subfield not closed), and well-formed but not MARC (leader of 23).
    let at = find(record, b"</subfield>").unwrap();
    let broken = [&record[..at], &record[at + 11..]].concat();
    let leader = find(record, b"</leader>").unwrap();
    let short = [&record[..leader - 1], &record[leader..]].concat();
    let mut input = data[..end].to_vec();
    input.push(b'\n');
    let first = input.len();
    input.extend_from_slice(b"STRAY TEXT\n");
    input.extend_from_slice(&broken);
    input.push(b'\n');
    let second = input.len();
    input.extend_from_slice(b"<note>x</note>");
    input.extend_from_slice(&short);
    input.extend_from_slice(b"\n");
    input.extend_from_slice(record);
    input.extend_from_slice(&data[end..]);
    for jobs in [1, 2] {
        let (summary, ev) = collect("marc21", &[("stray.xml", input.clone())], jobs);
        assert_eq!(summary.records, 4);
        for (r, at, len) in [(1usize, first, 10usize), (2, second, 14)] {
            let o = &ev.records[r];
            assert!(o.rejected);
            let rules: Vec<&str> = o.diagnostics.iter().map(|d| &*d.rule).collect();
            assert_eq!(rules, [RULE, "input.syntax"], "record {}", r + 1);
            let d = &o.diagnostics[0];
            assert_eq!(d.location.offset, at as u64);
            assert_eq!(d.location.record, r as u64 + 1);
            assert_eq!(d.severity, Severity::Warning);
            assert_eq!(arg(d, "length").unwrap(), len.to_string());
        }
        // The last record is sound and has none.
        assert!(ev.records[3].diagnostics.iter().all(|d| &*d.rule != RULE));
        assert_eq!(summary.junk_bytes, 10 + 14);
        assert!(ev.batch.iter().all(|d| &*d.rule != RULE));
    }
}
