//! Exact round trips: every sound UTF-8 ISO 2709 record in ../shared/testdata, written as
//! MARCXML, MARC-in-JSON (array and JSON Lines) and mnemonic text and read back, gives the
//! same `Record` and, written again as ISO 2709, the same bytes.

use std::path::{Path, PathBuf};

use yozuv::iso2709::{ReadMode, SliceReader};
use yozuv::{json, marcxml, mnemonic, Record};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/testdata");

fn iso2709_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            iso2709_files(&p, out);
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("mrc" | "marc" | "dat" | "iso" | "usmarc" | "bin")
        ) {
            out.push(p);
        }
    }
}

/// (original bytes, record) for every sound UTF-8 record whose ISO 2709 form is canonical
/// (writing the decoded record gives back its bytes: directory in data order, no gaps).
fn sound_utf8_records() -> Vec<(Vec<u8>, Record)> {
    let mut files = Vec::new();
    iso2709_files(Path::new(SHARED), &mut files);
    files.sort();
    assert!(files.len() > 50, "shared testdata not found at {SHARED}");
    let mut out = Vec::new();
    for f in files {
        let data = std::fs::read(&f).unwrap();
        if yozuv::detect_format(&data) != yozuv::Serialization::Iso2709 {
            continue; // MARCXML behind a .mrc name
        }
        for raw in SliceReader::new(&data, ReadMode::Strict).flatten() {
            if !raw.is_sound() || std::str::from_utf8(raw.as_bytes()).is_err() {
                continue;
            }
            let Ok(record) = raw.to_record() else {
                continue;
            };
            if !record.warnings.is_empty() {
                continue;
            }
            if record.to_iso2709().ok().as_deref() != Some(raw.as_bytes()) {
                continue;
            }
            out.push((raw.as_bytes().to_vec(), record));
        }
    }
    out
}

fn check(name: &str, records: &[(Vec<u8>, Record)], back: Vec<Result<Record, yozuv::Error>>) {
    assert_eq!(back.len(), records.len(), "{name}: record count");
    for (i, ((bytes, record), got)) in records.iter().zip(back).enumerate() {
        let got = got.unwrap_or_else(|e| panic!("{name}: record {}: {e}", i + 1));
        assert_eq!(&got, record, "{name}: record {} differs", i + 1);
        assert_eq!(
            &got.to_iso2709().unwrap(),
            bytes,
            "{name}: record {} bytes differ",
            i + 1
        );
    }
}

#[test]
fn every_sound_utf8_record_round_trips_exactly() {
    let records = sound_utf8_records();
    eprintln!("{} sound UTF-8 records", records.len());
    assert!(
        records.len() > 2000,
        "only {} sound records found",
        records.len()
    );

    let mut w = marcxml::Writer::new(Vec::new());
    for (_, r) in &records {
        w.write(r).unwrap();
    }
    let xml = w.finish().unwrap();
    check(
        "MARCXML",
        &records,
        marcxml::Reader::new(&xml[..]).collect(),
    );

    for style in [json::Style::Array, json::Style::Lines] {
        let mut w = json::Writer::new(Vec::new(), style);
        for (_, r) in &records {
            w.write(r).unwrap();
        }
        let text = w.finish().unwrap();
        check("JSON", &records, json::Reader::new(&text[..]).collect());
    }

    let mut w = mnemonic::Writer::new(Vec::new());
    for (_, r) in &records {
        w.write(r).unwrap();
    }
    let text = w.finish().unwrap();
    check(
        "mnemonic",
        &records,
        mnemonic::Reader::new(&text[..]).collect(),
    );

    // And through the sniffing reader.
    let any: Vec<_> = yozuv::AnyReader::open(&xml[..]).unwrap().collect();
    check("AnyReader(MARCXML)", &records, any);
}

#[test]
fn control_characters_survive_marcxml_and_mnemonic() {
    use yozuv::{Field, Indicators, Subfield};
    let mut r = Record::new(Default::default());
    r.push(Field::control("001", "a b\\c{d}$e\u{1b}"));
    r.push(Field::data(
        "245",
        Indicators::new(b' ', b'\\'),
        vec![
            Subfield::new(b'a', "x\u{0}y\u{1f}z\r\n\t & < > \" ' $ { } \\ \u{7f}"),
            Subfield::new(b'$', "dollar code"),
            Subfield::new(b'b', ""),
        ],
    ));
    let mut w = marcxml::Writer::new(Vec::new());
    assert_eq!(
        w.write(&r).unwrap(),
        3,
        "ESC, NUL and US need the escape form (DEL is allowed)"
    );
    let xml = w.finish().unwrap();
    let back: Vec<Record> = marcxml::Reader::new(&xml[..])
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, vec![r.clone()]);
    let text = mnemonic::to_string(&r);
    let back: Vec<Record> = mnemonic::Reader::new(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, vec![r.clone()]);
    let text = json::to_string(&r);
    let back: Vec<Record> = json::Reader::new(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, vec![r]);
}
