//! MARC-in-JSON reader: layouts (object, array, JSON Lines) and damaged input, with
//! positions checked by hand against the text.

use yozuv::{json, Error, Record};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/serial");

fn syntax(e: &Error) -> (u64, u64, String) {
    match e {
        Error::Syntax {
            position,
            detail,
            format,
            ..
        } => {
            assert_eq!(*format, "MARC-in-JSON");
            (position.record, position.byte, detail.clone())
        }
        other => panic!("expected a syntax error, got {other}"),
    }
}

#[test]
fn raw_control_character_in_a_string_is_reported_where_it_is() {
    // MARC4J illegal-marc-in-json.json: line 170 is `"a":"Dylan,` followed by a raw line
    // feed inside the string (byte 3711, line 170, column 36) — not legal JSON.
    let data = std::fs::read(format!("{DATA}/broken/marc4j-illegal-marc-in-json.json")).unwrap();
    let got: Vec<_> = json::Reader::new(&data[..]).collect();
    assert_eq!(got.len(), 1);
    let (record, byte, detail) = syntax(got[0].as_ref().unwrap_err());
    assert_eq!((record, byte), (1, 3711));
    assert!(detail.starts_with("line 170, column 36:"), "{detail}");
    assert!(detail.contains("control character"), "{detail}");
    // The legal twin of the same record reads.
    let data = std::fs::read(format!(
        "{DATA}/../../../shared/testdata/marc21/json/marc4j-legal-json-marc-in-json.json"
    ));
    if let Ok(data) = data {
        let got: Vec<Record> = json::Reader::new(&data[..])
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(got.len(), 1);
    }
}

const R1: &str = r#"{"leader":"00000nam a2200000   4500","fields":[{"001":"one"}]}"#;
const R3: &str = r#"{"leader":"00000nam a2200000   4500","fields":[{"001":"three"},{"245":{"ind1":"1","ind2":"0","subfields":[{"a":"T"}]}}]}"#;

#[test]
fn json_lines_with_a_broken_line_in_the_middle() {
    // Line 2 lacks a value: `"fields":[{"001":}]`.
    let text = format!(
        "{R1}\n{{\"leader\":\"00000nam a2200000   4500\",\"fields\":[{{\"001\":}}]}}\n{R3}\n"
    );
    let got: Vec<_> = json::Reader::new(text.as_bytes()).collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].as_ref().unwrap().id(), Some("one"));
    let (record, byte, detail) = syntax(got[1].as_ref().unwrap_err());
    assert_eq!(record, 2);
    // The `}` after `"001":` is the unexpected byte.
    let at = text.find(":}]").unwrap() + 1;
    assert_eq!(byte as usize, at);
    let column = at - text.find('\n').unwrap();
    assert!(
        detail.starts_with(&format!("line 2, column {column}:")),
        "{detail}"
    );
    assert_eq!(
        got[2].as_ref().unwrap().first_subfield("245", b'a'),
        Some("T")
    );
}

#[test]
fn arrays_objects_and_not_marc() {
    let array = format!("[\n  {R1},\n  {R3}\n]\n");
    let got: Vec<Record> = json::Reader::new(array.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(got.len(), 2);
    let one: Vec<Record> = json::Reader::new(R3.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(one, got[1..]);
    // Valid JSON, but not MARC-in-JSON: a leader of the wrong length, a four-letter tag.
    let bad = format!("[{R1},\n{{\"leader\":\"short\",\"fields\":[]}},\n{{\"leader\":\"00000nam a2200000   4500\",\"fields\":[{{\"2450\":\"x\"}}]}},\n{R3}]");
    let got: Vec<_> = json::Reader::new(bad.as_bytes()).collect();
    assert_eq!(got.len(), 4);
    let (n, byte, d) = syntax(got[1].as_ref().unwrap_err());
    assert_eq!(
        (n, byte as usize),
        (2, bad.find("{\"leader\":\"short\"").unwrap())
    );
    assert!(
        d.starts_with("line 2, column 1:") && d.contains("5 characters"),
        "{d}"
    );
    let (n, _, d) = syntax(got[2].as_ref().unwrap_err());
    assert_eq!(n, 3);
    assert!(d.contains("\"2450\""), "{d}");
    assert!(got[3].is_ok());
    // A truncated array ends with an error, not silently.
    let cut = &array[..array.len() - 30];
    let got: Vec<_> = json::Reader::new(cut.as_bytes()).collect();
    assert!(got[0].is_ok());
    assert!(got.last().unwrap().is_err());
}

#[test]
fn a_large_array_streams() {
    // 20,000 records in one array: read one at a time (the reader holds one record's text).
    let mut text = String::from("[");
    for i in 0..20_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(R3);
    }
    text.push(']');
    let n = json::Reader::new(text.as_bytes())
        .filter(|r| r.is_ok())
        .count();
    assert_eq!(n, 20_000);
}

struct Trickle<'a>(&'a [u8], usize);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(out.len()).min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn records_cut_anywhere_by_short_reads_read_the_same() {
    let data = std::fs::read(format!("{DATA}/marc-mij-test.ndj")).unwrap();
    let whole: Vec<Record> = json::Reader::new(&data[..])
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(whole.len(), 9);
    for n in [1, 3, 7, 1000] {
        let got: Vec<Record> = json::Reader::new(Trickle(&data, n))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(got, whole, "reads of {n} bytes");
    }
}
