//! Pass-through of MARCXML, MARC-in-JSON and mnemonic input: `--clean` / `--rejected` receive
//! each record's original bytes, inside a document of the input's own serialization. On every
//! such file of ../shared/testdata: the records of clean + rejected are exactly the input's
//! record elements, byte for byte and in order; both outputs read back with our readers to the
//! same records (or the same errors) as the input; nothing is lost.

mod common;

use common::*;
use yozuv::{AnyReader, Record, Serialization};
use yozuv_batch::report::{Fanout, PassThrough, Sink};
use yozuv_batch::{Error, Events, Input, RecordOutcome, RunOptions, Summary};

/// (rejected, original bytes, offset, number, unreadable) of one record, in event order.
type Seen = (bool, Vec<u8>, u64, u64, bool);

#[derive(Default)]
struct Order(std::sync::Arc<std::sync::Mutex<Vec<Seen>>>);

impl Events for Order {
    fn record(&mut self, o: &RecordOutcome, bytes: &[u8]) -> Result<(), Error> {
        let unreadable = o.flavour.is_none();
        self.0
            .lock()
            .unwrap()
            .push((o.rejected, bytes.to_vec(), o.offset, o.number, unreadable));
        Ok(())
    }
}
impl Sink for Order {
    fn finish(&mut self, _s: &Summary) -> Result<(), Error> {
        Ok(())
    }
}

/// One record as our reader reads it: the record (or an error) and its bytes.
type ReadBack = (Result<Record, ()>, Option<Vec<u8>>);

/// What our reader makes of `data`: per record, the record (or "error") and its bytes.
fn read_back(data: &[u8]) -> (Serialization, Vec<ReadBack>) {
    let mut reader = AnyReader::open(data).unwrap();
    let serialization = reader.serialization();
    let mut out = Vec::new();
    while let Some(item) = reader.next() {
        out.push((
            item.map_err(|_| ()),
            reader.last_bytes().map(<[u8]>::to_vec),
        ));
    }
    (serialization, out)
}

/// Runs the pass-through over `data`; checks the invariants; returns (records, rejected).
fn check(name: &str, data: &[u8], jobs: usize) -> (usize, usize) {
    let clean = SharedBuf::default();
    let rejected = SharedBuf::default();
    let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut fanout = Fanout::default();
    fanout.sinks.push(Box::new(PassThrough::new(
        Some(Box::new(clean.clone())),
        Some(Box::new(rejected.clone())),
    )));
    fanout.sinks.push(Box::new(Order(order.clone())));
    let input = Input {
        name: name.into(),
        reader: Box::new(std::io::Cursor::new(data.to_vec())),
    };
    let options = RunOptions {
        jobs,
        chunk_records: 3,
        ..RunOptions::default()
    };
    let summary = validator("marc21")
        .run(vec![input], options, &mut fanout)
        .unwrap();
    fanout.finish(&summary).unwrap();
    let order = order.lock().unwrap();
    let (serialization, input_records) = read_back(data);
    assert_ne!(serialization, Serialization::Iso2709, "{name}");
    assert_eq!(
        order.len(),
        input_records.len(),
        "{name}: one event per record"
    );
    // Each record's bytes are the input's, at its offset, in order, not overlapping; they are
    // exactly what the reader delimits as that record.
    let mut pos = 0u64;
    for ((_, bytes, offset, number, unreadable), (result, span_bytes)) in
        order.iter().zip(&input_records)
    {
        match span_bytes {
            Some(b) => assert_eq!(b, bytes, "{name} record {number}"),
            None => {
                assert!(bytes.is_empty(), "{name} record {number}");
                assert!(*unreadable, "{name} record {number}: no bytes, so reported");
                continue;
            }
        }
        assert!(*offset >= pos, "{name} record {number} out of order");
        pos = offset + bytes.len() as u64;
        assert_eq!(
            &data[*offset as usize..pos as usize],
            &bytes[..],
            "{name} record {number}"
        );
        if result.is_err() {
            assert!(*unreadable, "{name} record {number}");
        }
        match serialization {
            Serialization::MarcXml => {
                assert!(bytes.starts_with(b"<") && bytes.ends_with(b">"), "{name}");
            }
            Serialization::Json => {
                if result.is_ok() {
                    assert!(bytes.starts_with(b"{") && bytes.ends_with(b"}"), "{name}");
                }
            }
            _ => assert!(bytes.starts_with(b"=LDR"), "{name}"),
        }
    }
    // Each output reads back, record for record, as the input's records it received.
    for (side, out) in [(false, &clean), (true, &rejected)] {
        let out = out.bytes();
        let want: Vec<&ReadBack> = order
            .iter()
            .zip(&input_records)
            .filter(|(seen, (_, bytes))| seen.0 == side && bytes.is_some())
            .map(|(_, r)| r)
            .collect();
        if out.is_empty() {
            assert!(want.is_empty(), "{name}");
            continue;
        }
        let (s, got) = read_back(&out);
        assert_eq!(s, serialization, "{name}");
        assert_eq!(got.len(), want.len(), "{name} rejected={side}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.1, w.1, "{name} rejected={side}: bytes");
            assert_eq!(g.0, w.0, "{name} rejected={side}: record");
        }
        let all_sound = got.iter().all(|g| g.0.is_ok());
        // A document of the input's serialization.
        match serialization {
            Serialization::MarcXml if all_sound => {
                let text = std::str::from_utf8(&out).unwrap();
                let mut xml = quick_xml::Reader::from_str(text);
                xml.config_mut().check_end_names = true;
                let mut depth = 0i64;
                loop {
                    match xml.read_event() {
                        Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                        Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                        Ok(quick_xml::events::Event::Eof) => break,
                        Ok(_) => {}
                        Err(e) => panic!("{name} rejected={side}: not well formed: {e}"),
                    }
                }
                assert_eq!(depth, 0, "{name}");
                assert!(text.starts_with("<?xml") || !data.starts_with(b"<?xml"));
            }
            Serialization::Json if all_sound => {
                if out.starts_with(b"[") {
                    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
                    assert_eq!(v.as_array().unwrap().len(), want.len(), "{name}");
                } else {
                    let values: Vec<serde_json::Value> = serde_json::Deserializer::from_slice(&out)
                        .into_iter()
                        .collect::<Result<_, _>>()
                        .unwrap();
                    assert_eq!(values.len(), want.len(), "{name}");
                }
            }
            _ => {}
        }
    }
    let rejected_count = order.iter().filter(|o| o.0).count();
    assert_eq!(summary.rejected as usize, rejected_count);
    (order.len(), rejected_count)
}

fn files(dir: &str, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let head = std::fs::read(&p).unwrap_or_default();
        let s = yozuv::detect_format(&head[..head.len().min(512)]);
        if p.is_file() && s != Serialization::Iso2709 {
            out.push(p);
        }
    }
}

#[test]
fn clean_plus_rejected_are_the_input_records_for_xml_json_and_mnemonic() {
    let mut paths = Vec::new();
    for dir in [
        "marc21/xml",
        "marc21/json",
        "marc21/mnemonic",
        "unimarc/messy",
        "unimarc/rusmarc/neb",
    ] {
        files(&format!("{SHARED}/{dir}"), &mut paths);
    }
    let (mut records, mut rejected, mut kinds) = (0, 0, std::collections::BTreeSet::new());
    for p in &paths {
        let data = std::fs::read(p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let (n, r) = check(&name, &data, 2);
        records += n;
        rejected += r;
        kinds.insert(format!("{:?}", yozuv::detect_format(&data)));
    }
    assert!(paths.len() >= 30, "{}", paths.len());
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    assert!(records > 100 && rejected > 30, "{records} {rejected}");
}

/// marc4j's chabon file holds one record, with a `<subfield>` without a code (line 8,
/// column 7, checked in the file): it goes to rejected with its element's bytes, and clean is
/// an empty collection; both have the input's declaration and collection start tag.
#[test]
fn an_unreadable_xml_record_goes_to_rejected_with_its_bytes() {
    let path = format!("{SHARED}/marc21/xml/marc4j-chabon-missing-subfield-code.xml");
    let data = std::fs::read(&path).unwrap();
    let (summary, clean, rejected) = pass(&data, "marc21");
    assert_eq!((summary.records, summary.rejected), (1, 1));
    let text = String::from_utf8(data.clone()).unwrap();
    let element = &text[text.find("<record").unwrap()..text.find("</record>").unwrap() + 9];
    let rejected = String::from_utf8(rejected).unwrap();
    let clean = String::from_utf8(clean).unwrap();
    let collection_tag = &text[text.find("<collection").unwrap()..];
    let collection_tag = &collection_tag[..=collection_tag.find('>').unwrap()];
    for out in [&clean, &rejected] {
        assert!(out.starts_with("<?xml"), "{out}");
        assert!(out.contains(collection_tag));
        assert!(out.trim_end().ends_with("</collection>"));
    }
    assert!(rejected.contains(element));
    assert!(!clean.contains("<record"));
    assert_eq!(read_back(clean.as_bytes()).1.len(), 0);
    let back = read_back(rejected.as_bytes()).1;
    assert_eq!(back.len(), 1);
    assert!(back[0].0.is_err());
    assert_eq!(back[0].1.as_deref(), Some(element.as_bytes()));
}

/// Runs pass-through alone; returns (summary, clean bytes, rejected bytes).
fn pass(data: &[u8], profile: &str) -> (Summary, Vec<u8>, Vec<u8>) {
    let clean = SharedBuf::default();
    let rejected = SharedBuf::default();
    let mut fanout = Fanout::default();
    fanout.sinks.push(Box::new(PassThrough::new(
        Some(Box::new(clean.clone())),
        Some(Box::new(rejected.clone())),
    )));
    let input = Input {
        name: "in".into(),
        reader: Box::new(std::io::Cursor::new(data.to_vec())),
    };
    let summary = validator(profile)
        .run(vec![input], RunOptions::default(), &mut fanout)
        .unwrap();
    fanout.finish(&summary).unwrap();
    (summary, clean.bytes(), rejected.bytes())
}

/// A prefixed collection keeps its prefix and namespace declaration; JSON arrays stay arrays
/// and JSON Lines stay lines; mnemonic records keep their lines.
#[test]
fn outputs_keep_the_input_layout() {
    let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim" xmlns:x="urn:x">
<marc:record><marc:leader>00000nam a2200000   4500</marc:leader><marc:controlfield tag="001">a1</marc:controlfield></marc:record>
</marc:collection>
"#;
    let (_, clean, rejected) = pass(xml, "marc21");
    let out = if clean.len() > rejected.len() {
        clean
    } else {
        rejected
    };
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<marc:collection xmlns:marc=\"http://www.loc.gov/MARC21/slim\" xmlns:x=\"urn:x\">\n"
    ), "{out}");
    assert!(out.contains("<marc:record><marc:leader>00000nam a2200000   4500</marc:leader><marc:controlfield tag=\"001\">a1</marc:controlfield></marc:record>\n"));
    assert!(out.ends_with("</marc:collection>\n"));

    // An OAI-PMH style envelope: the records' prefix is declared on the envelope, so the
    // synthesized collection declares it.
    let oai = br#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:m="http://www.loc.gov/MARC21/slim"><ListRecords><record><metadata><m:record><m:leader>00000nam a2200000   4500</m:leader></m:record></metadata></record></ListRecords></OAI-PMH>"#;
    let (summary, clean, rejected) = pass(oai, "marc21");
    assert_eq!(summary.records, 1);
    let out = String::from_utf8([clean, rejected].concat()).unwrap();
    assert!(
        out.contains("xmlns:m=\"http://www.loc.gov/MARC21/slim\""),
        "{out}"
    );
    assert!(out.contains("<m:record><m:leader>00000nam a2200000   4500</m:leader></m:record>"));

    let json = std::fs::read(format!("{SHARED}/marc21/json/pymarc-batch.json")).unwrap();
    let (_, clean, _) = pass(&json, "marc21");
    assert!(clean.starts_with(b"[\n") && clean.ends_with(b"\n]\n"));
    // A value that is not a record, on its own line in the array, goes to rejected without
    // its comma, so that rejected is still a JSON array.
    let text = String::from_utf8(json).unwrap();
    assert!(text.contains("},{\n  \"leader\""));
    let damaged = text.replacen("},{\n  \"leader\"", "},\n  42,\n{\n  \"leader\"", 1);
    assert_eq!(check("damaged.json", damaged.as_bytes(), 1), (3, 1));
    let (_, clean, rejected) = pass(damaged.as_bytes(), "marc21");
    assert_eq!(rejected, b"[\n42\n]\n");
    let clean: serde_json::Value = serde_json::from_slice(&clean).unwrap();
    assert_eq!(clean.as_array().unwrap().len(), 2);
    let ndj = std::fs::read(format!("{SHARED}/marc21/json/marc-mij-test.ndj")).unwrap();
    let (summary, clean, rejected) = pass(&ndj, "marc21");
    let lines = [clean, rejected].concat();
    let mut want: Vec<&[u8]> = ndj
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let mut got: Vec<&[u8]> = lines
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(got.len() as u64, summary.records);
    want.sort();
    got.sort();
    assert_eq!(got, want, "the original lines");
}

/// Inputs of different serializations cannot share one pass-through output.
#[test]
fn mixed_serializations_are_refused() {
    let xml = std::fs::read(format!("{SHARED}/marc21/xml/marc4j-summerland.xml")).unwrap();
    let iso = testdata("marc4j-summerland.mrc");
    let mut fanout = Fanout::default();
    fanout.sinks.push(Box::new(PassThrough::new(
        Some(Box::new(SharedBuf::default())),
        Some(Box::new(SharedBuf::default())),
    )));
    let inputs = vec![
        Input {
            name: "a.mrc".into(),
            reader: Box::new(std::io::Cursor::new(iso)),
        },
        Input {
            name: "b.xml".into(),
            reader: Box::new(std::io::Cursor::new(xml.clone())),
        },
    ];
    let result = validator("marc21").run(inputs, RunOptions::default(), &mut fanout);
    assert!(matches!(result, Err(Error::Io { .. })));
    // Two MARCXML files with the same collection start tag are fine (the second record is a
    // duplicate of the first, so it is rejected).
    let mut fanout = Fanout::default();
    let clean = SharedBuf::default();
    let rejected = SharedBuf::default();
    fanout.sinks.push(Box::new(PassThrough::new(
        Some(Box::new(clean.clone())),
        Some(Box::new(rejected.clone())),
    )));
    let inputs = (0..2)
        .map(|i| Input {
            name: format!("{i}.xml"),
            reader: Box::new(std::io::Cursor::new(xml.clone())),
        })
        .collect();
    let summary = validator("marc21")
        .run(inputs, RunOptions::default(), &mut fanout)
        .unwrap();
    fanout.finish(&summary).unwrap();
    for out in [clean, rejected] {
        let (_, records) = read_back(&out.bytes());
        assert_eq!(records.len(), 1);
        assert!(records[0].0.is_ok());
    }
}
