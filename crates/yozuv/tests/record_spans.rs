//! Record spans of the MARCXML, MARC-in-JSON and mnemonic readers (`last_span`, `last_bytes`):
//! on every such file of the test data, and on damaged copies, spans come in input order without
//! overlapping, their bytes are the input's, and a span's bytes read alone (inside the input's
//! collection for MARCXML) give the same record or the same kind of failure.

use yozuv::{detect_format, marcxml, AnyReader, Record, Serialization};

type Item = (
    Result<Record, ()>,
    Option<std::ops::Range<u64>>,
    Option<Vec<u8>>,
);

fn read(data: &[u8]) -> (Vec<Item>, Option<Vec<u8>>) {
    let mut reader = AnyReader::open(data).unwrap();
    let mut items = Vec::new();
    while let Some(item) = reader.next() {
        let span = reader.last_span();
        let bytes = reader.last_bytes().map(<[u8]>::to_vec);
        items.push((item.map_err(|_| ()), span, bytes));
    }
    let prologue = reader.xml_prologue().map(<[u8]>::to_vec);
    (items, prologue)
}

fn check(name: &str, data: &[u8], reread: bool) -> usize {
    let serialization = detect_format(&data[..data.len().min(512)]);
    if serialization == Serialization::Iso2709 {
        return 0; // damage made it look like ISO 2709, which has no spans here
    }
    let (items, prologue) = read(data);
    let mut pos = 0u64;
    for (i, (result, span, bytes)) in items.iter().enumerate() {
        let (Some(span), Some(bytes)) = (span, bytes) else {
            assert!(span.is_none() && bytes.is_none(), "{name} #{i}");
            assert!(
                result.is_err(),
                "{name} #{i}: a sound record always has a span"
            );
            continue;
        };
        assert!(
            span.start >= pos && span.end > span.start,
            "{name} #{i}: {span:?}"
        );
        pos = span.end;
        assert_eq!(
            &data[span.start as usize..span.end as usize],
            &bytes[..],
            "{name} #{i}"
        );
        if !reread {
            continue;
        }
        // The record's bytes alone read as the same record.
        let alone = match serialization {
            Serialization::MarcXml => {
                let (head, tail) = marcxml::collection_wrapper(prologue.as_deref());
                [head, bytes.clone(), tail].concat()
            }
            _ => bytes.clone(),
        };
        let (again, _) = read(&alone);
        if let Ok(record) = result {
            assert_eq!(again.len(), 1, "{name} #{i}");
            // The same record; warnings the same but at offsets of the new document.
            let got = again[0].0.as_ref().expect(name);
            assert_eq!(
                (&got.leader, &got.fields),
                (&record.leader, &record.fields),
                "{name} #{i}"
            );
            let damage = |r: &Record| {
                r.warnings
                    .iter()
                    .map(|w| w.damage.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(damage(got), damage(record), "{name} #{i}");
            assert_eq!(again[0].2.as_deref(), Some(&bytes[..]), "{name} #{i}");
        } else {
            assert!(again.iter().any(|a| a.0.is_err()), "{name} #{i}");
        }
    }
    items.len()
}

fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            let s = p.to_string_lossy();
            if !s.contains("codetables") && !s.contains("definitions") {
                files(&p, out);
            }
        } else if let Ok(d) = std::fs::read(&p) {
            if detect_format(&d[..d.len().min(512)]) != Serialization::Iso2709 {
                out.push(p);
            }
        }
    }
}

#[test]
fn spans_are_the_records_bytes_in_order() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("../../testdata"), &mut paths);
    files(&root.join("../../../shared/testdata/marc21"), &mut paths);
    files(&root.join("../../../shared/testdata/unimarc"), &mut paths);
    let mut records = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for p in &paths {
        let data = std::fs::read(p).unwrap();
        if data.len() > 4 << 20 {
            continue;
        }
        kinds.insert(format!("{:?}", detect_format(&data[..data.len().min(512)])));
        records += check(&p.display().to_string(), &data, true);
    }
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    assert!(records > 200, "{records}");
}

/// Damaged copies (bytes replaced, removed, duplicated): spans stay in order, inside the
/// input, and are the input's bytes.
#[test]
fn spans_hold_on_damaged_input() {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/marc21"
    );
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut rand = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let special = b"<>/:&;{}[]\",=$\r\n\t\x1b\xc3";
    for name in [
        "xml/pymarc-batch.xml",
        "xml/file_marc-namespace.xml",
        "json/pymarc-batch.json",
        "json/marc-mij-test.ndj",
        "mnemonic/marc4j-brkrtest.mrk",
    ] {
        let data = std::fs::read(format!("{shared}/{name}")).unwrap();
        for _ in 0..150 {
            let mut d = data.clone();
            for _ in 0..1 + rand(4) {
                let at = rand(d.len());
                match rand(3) {
                    0 => d[at] = special[rand(special.len())],
                    1 => {
                        d.remove(at);
                    }
                    _ => {
                        let end = (at + rand(60)).min(d.len());
                        let piece = d[at..end].to_vec();
                        let to = rand(d.len());
                        d.splice(to..to, piece);
                    }
                }
            }
            check(name, &d, false);
        }
    }
}
