//! End-to-end (issue 8): text or elements other than `<record>` between the records of a
//! MARCXML collection are reported by `validate` as `marcxml.content-between-records`, on
//! the record after them or (after the last record) once per file with record number 0, at
//! the offset of the first stray byte, and counted as junk bytes. The inputs are the real
//! marc4j summerland file with stray content inserted; offsets are where it was inserted.

mod common;

use common::*;
use yozuv_batch::Severity;

const RULE: &str = "marcxml.content-between-records";
const STRAY: &[u8] = b"STRAY TEXT <foo>bar</foo>";

fn summerland() -> (Vec<u8>, usize) {
    let data = std::fs::read(format!("{SHARED}/marc21/xml/marc4j-summerland.xml")).unwrap();
    let end = find(&data, b"</record>").unwrap() + b"</record>\n".len();
    (data, end)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn stray_content_between_records_is_a_warning_on_the_next_record() {
    let (data, end) = summerland();
    let record = &data[find(&data, b"<record").unwrap()..end];
    let mut input = data[..end].to_vec();
    input.extend_from_slice(STRAY);
    input.push(b'\n');
    let second = input.len();
    input.extend_from_slice(record);
    input.extend_from_slice(&data[end..]);
    for jobs in [1, 2] {
        let (summary, ev) = collect("marc21", &[("stray.xml", input.clone())], jobs);
        assert_eq!(summary.records, 2);
        assert!(ev.records[0].diagnostics.iter().all(|d| &*d.rule != RULE));
        let hits: Vec<_> = ev.records[1]
            .diagnostics
            .iter()
            .filter(|d| &*d.rule == RULE)
            .collect();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].location.offset, end as u64);
        assert_eq!(hits[0].location.record, 2);
        assert_eq!(hits[0].severity, Severity::Warning);
        assert_eq!(arg(hits[0], "length").unwrap(), STRAY.len().to_string());
        assert_eq!(ev.records[1].offset, second as u64);
        assert!(ev.batch.iter().all(|d| &*d.rule != RULE));
        assert_eq!(summary.junk_bytes, STRAY.len() as u64);
    }
}

#[test]
fn stray_content_after_the_last_record_is_a_file_warning() {
    let (data, end) = summerland();
    let mut input = data[..end].to_vec();
    input.extend_from_slice(STRAY);
    input.push(b'\n');
    input.extend_from_slice(&data[end..]);
    let (summary, ev) = collect("marc21", &[("tail.xml", input)], 1);
    assert_eq!(summary.records, 1);
    assert!(ev.records[0].diagnostics.iter().all(|d| &*d.rule != RULE));
    let hits: Vec<_> = ev.batch.iter().filter(|d| &*d.rule == RULE).collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].location.offset, end as u64);
    assert_eq!(hits[0].location.record, 0);
    assert_eq!(arg(hits[0], "length").unwrap(), STRAY.len().to_string());
    assert_eq!(summary.junk_bytes, STRAY.len() as u64);
}

#[test]
fn shared_xml_files_get_no_stray_content_warning() {
    let dir = format!("{SHARED}/marc21/xml");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xml") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, std::fs::read(&path).unwrap()));
        }
    }
    assert!(files.len() >= 10);
    let refs: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    let (_, ev) = collect("marc21", &refs, 2);
    assert!(ev.records.len() > 20);
    for o in &ev.records {
        assert!(o.diagnostics.iter().all(|d| &*d.rule != RULE), "{o:?}");
    }
    assert!(ev.batch.iter().all(|d| &*d.rule != RULE));
}
