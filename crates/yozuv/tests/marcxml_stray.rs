//! Stray content between the records of a MARCXML collection (issue 8): MARC 21 slim's
//! `collection` holds only `record` elements, so text or other elements between records are
//! reported — as a `marcxml.content-between-records` warning on the next record, or as the
//! reader's `trailing_junk()` after the last one — with the byte offset of the first stray
//! byte; white space, comments and processing instructions are not.

use yozuv::marcxml::Reader;
use yozuv::{Damage, Record};

const SUMMERLAND: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/testdata/marc21/xml/marc4j-summerland.xml"
);
const XML_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/testdata/marc21/xml"
);

const STRAY: &[u8] = b"STRAY TEXT <foo>bar</foo>";

/// The summerland file, and the index just after its `</record>` line.
fn summerland() -> (Vec<u8>, usize) {
    let data = std::fs::read(SUMMERLAND).unwrap();
    let end = find(&data, b"</record>").unwrap() + b"</record>\n".len();
    assert_eq!(data[end - 1], b'\n');
    (data, end)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Every record (or error), and the trailing junk.
type Read = (Vec<Result<Record, yozuv::Error>>, Option<(u64, usize)>);

fn read(data: &[u8]) -> Read {
    let mut reader = Reader::new(data);
    let records = reader.by_ref().collect();
    (records, reader.trailing_junk())
}

fn stray_warnings(r: &Record) -> Vec<(u64, u64, usize)> {
    r.warnings
        .iter()
        .filter_map(|w| match w.damage {
            Damage::ContentBetweenRecords { length } => {
                assert_eq!(w.damage.id(), "marcxml.content-between-records");
                Some((w.position.record, w.position.byte, length))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn stray_text_and_element_after_the_last_record_is_trailing_junk() {
    let (data, end) = summerland();
    let mut input = data[..end].to_vec();
    input.extend_from_slice(STRAY);
    input.push(b'\n');
    input.extend_from_slice(&data[end..]);
    let (records, trailing) = read(&input);
    assert_eq!(records.len(), 1);
    let record = records[0].as_ref().unwrap();
    assert!(stray_warnings(record).is_empty());
    assert_eq!(trailing, Some((end as u64, STRAY.len())));
}

#[test]
fn stray_content_between_records_is_a_warning_on_the_next_record() {
    let (data, end) = summerland();
    let record_start = find(&data, b"<record").unwrap();
    let record = &data[record_start..end];
    // record 1, "\n", the stray text and element, "\n  ", record 2, "</collection>"
    let mut input = data[..end].to_vec();
    input.extend_from_slice(STRAY);
    input.extend_from_slice(b"\n  ");
    input.extend_from_slice(record);
    input.extend_from_slice(&data[end..]);
    let (records, trailing) = read(&input);
    assert_eq!(records.len(), 2);
    let first = records[0].as_ref().unwrap();
    let second = records[1].as_ref().unwrap();
    assert!(stray_warnings(first).is_empty());
    assert_eq!(stray_warnings(second), vec![(2, end as u64, STRAY.len())]);
    assert_eq!(
        second.fields, first.fields,
        "the record itself is read as before"
    );
    assert_eq!(trailing, None);
}

#[test]
fn stray_end_tag_and_text_after_collection_end() {
    let (data, _) = summerland();
    let mut input = data.clone();
    while input.last().is_some_and(u8::is_ascii_whitespace) {
        input.pop();
    }
    let at = input.len() + 1;
    input.extend_from_slice(b"\ntail\n");
    let (records, trailing) = read(&input);
    assert_eq!(records.len(), 1);
    assert_eq!(trailing, Some((at as u64, 4)));
}

#[test]
fn white_space_comments_and_instructions_between_records_are_fine() {
    let (data, end) = summerland();
    let record_start = find(&data, b"<record").unwrap();
    let record = &data[record_start..end];
    let mut input = data[..end].to_vec();
    input.extend_from_slice(b"\n  <!-- a <comment> -->\n<?some-pi data?>\t\n  ");
    input.extend_from_slice(record);
    input.extend_from_slice(b"<!-- after -->");
    input.extend_from_slice(&data[end..]);
    input.extend_from_slice(b"<!-- after the collection -->\n");
    let (records, trailing) = read(&input);
    assert_eq!(records.len(), 2);
    for r in &records {
        assert!(stray_warnings(r.as_ref().unwrap()).is_empty());
    }
    assert_eq!(trailing, None);
}

/// The shared MARCXML files hold no stray content between records: none gets the warning
/// or trailing junk.
#[test]
fn shared_xml_files_have_no_stray_content() {
    let mut checked = 0;
    for entry in std::fs::read_dir(XML_DIR).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let (records, trailing) = read(&data);
        for r in records.iter().flatten() {
            assert!(stray_warnings(r).is_empty(), "{}", path.display());
        }
        assert_eq!(trailing, None, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 10);
}
