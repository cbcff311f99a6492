//! The same records in several serializations, made by peers (marcjs, pymarc, MARC4J,
//! MARC::Record/MARCMaker, the NEB exports), read to the same `Record`s.

use yozuv::iso2709::{ReadMode, SliceReader};
use yozuv::{AnyReader, Record, Serialization};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/serial");

/// ISO 2709 records, text decoded as UTF-8 whatever leader/09 says (these files are UTF-8
/// or ASCII; some say MARC-8 in leader/09 — see testdata/serial/PROVENANCE.md).
fn iso(name: &str) -> Vec<Record> {
    let data = std::fs::read(format!("{DATA}/{name}")).unwrap();
    SliceReader::new(&data, ReadMode::Permissive)
        .map(|raw| {
            raw.unwrap()
                .to_record_with(&mut |b, _, _| String::from_utf8(b.to_vec()).expect("UTF-8 data"))
                .unwrap()
        })
        .collect()
}

fn any(name: &str, expect: Serialization) -> Vec<Record> {
    let f = std::fs::File::open(format!("{DATA}/{name}")).unwrap();
    let reader = AnyReader::open(f).unwrap();
    assert_eq!(reader.serialization(), expect, "{name}");
    reader
        .map(|r| r.unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect()
}

/// The records with leader positions `positions` set to `#` (for peers that rewrite them).
fn leader_without(records: Vec<Record>, positions: &[usize]) -> Vec<Record> {
    records
        .into_iter()
        .map(|mut r| {
            for &p in positions {
                r.leader.0[p] = b'#';
            }
            r
        })
        .collect()
}

/// The records with every run of white space in their text collapsed to one space.
fn collapse_whitespace(records: Vec<Record>) -> Vec<Record> {
    let collapse = |s: &mut String| *s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    records
        .into_iter()
        .map(|mut r| {
            for f in &mut r.fields {
                match f {
                    yozuv::Field::Control { value, .. } => collapse(value),
                    yozuv::Field::Data { subfields, .. } => {
                        subfields.iter_mut().for_each(|s| collapse(&mut s.value))
                    }
                }
            }
            r
        })
        .collect()
}

/// Compares record lists field by field, for a readable failure.
fn same(a_name: &str, a: &[Record], b_name: &str, b: &[Record]) {
    assert_eq!(a.len(), b.len(), "{a_name} vs {b_name}: record count");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert_eq!(
            x.leader,
            y.leader,
            "{a_name} vs {b_name}: record {} leader",
            i + 1
        );
        assert_eq!(
            x.fields.len(),
            y.fields.len(),
            "{a_name} vs {b_name}: record {} field count",
            i + 1
        );
        for (f, g) in x.fields.iter().zip(&y.fields) {
            assert_eq!(f, g, "{a_name} vs {b_name}: record {}", i + 1);
        }
        assert_eq!(x, y);
    }
}

#[test]
fn marcjs_bib_mrc_and_xml() {
    // marcjs writes leader/09 = 'a' in its MARCXML (it is Unicode), while its
    // ISO 2709 file leaves it blank; everything else must be equal.
    let mrc = leader_without(iso("marcjs-bib.mrc"), &[9]);
    assert_eq!(mrc.len(), 6);
    let xml = leader_without(any("marcjs-bib.xml", Serialization::MarcXml), &[9]);
    same("marcjs-bib.mrc", &mrc, "marcjs-bib.xml", &xml);
    // (marcjs's test/data/bib-out.mij is not the same records: marcjs's conversion test
    // adds 206/999 fields, so it is not compared.)
}

#[test]
fn marc_mij_test_mrc_and_ndjson() {
    let mrc = iso("marc-mij-test.mrc");
    assert_eq!(mrc.len(), 9);
    same(
        "marc-mij-test.mrc",
        &mrc,
        "marc-mij-test.ndj",
        &any("marc-mij-test.ndj", Serialization::Json),
    );
}

#[test]
fn camel_dat_and_marcmaker_text() {
    let mrc = iso("pymarc-test.dat");
    assert_eq!(mrc.len(), 10);
    same(
        "pymarc-test.dat",
        &mrc,
        "marc-perl-camel.mrk",
        &any("marc-perl-camel.mrk", Serialization::Mnemonic),
    );
}

#[test]
fn marc4j_brkrtest_utf8_and_mrk8() {
    // The .mrk8 leaders keep the record length and base address of the MARC-8 original;
    // lengths are recomputed on writing anyway, so they are left out of the comparison.
    let lengths = [0, 1, 2, 3, 4, 12, 13, 14, 15, 16];
    let mrc = leader_without(iso("marc4j-brkrtest_UTF8.mrc"), &lengths);
    assert_eq!(mrc.len(), 8);
    let mrk = leader_without(
        any("marc4j-brkrtest.mrk8", Serialization::Mnemonic),
        &lengths,
    );
    same(
        "marc4j-brkrtest_UTF8.mrc",
        &mrc,
        "marc4j-brkrtest.mrk8",
        &mrk,
    );
}

#[test]
fn marc4j_u17_utf8_and_mrk8() {
    let mrc = iso("marc4j-u17_utf8.mrc");
    same(
        "marc4j-u17_utf8.mrc",
        &mrc,
        "marc4j-u17_marc4j.mrk8",
        &any("marc4j-u17_marc4j.mrk8", Serialization::Mnemonic),
    );
}

#[test]
fn neb_rusmarc_record_as_iso2709_and_marcxml() {
    // The NEB MARCXML was pretty-printed with line breaks and indentation inside long
    // subfield texts (200$a, 517$a); the reader keeps text exactly, so compare with white
    // space collapsed — and check that the reader did keep the line breaks.
    let mrc = iso("RuSpRNB_NLR005177748_rusmarc.mrc");
    assert_eq!(mrc.len(), 1);
    let xml = any(
        "RuSpRNB_NLR005177748_rusmarc.marcxml",
        Serialization::MarcXml,
    );
    assert!(xml[0]
        .first_subfield("200", b'a')
        .unwrap()
        .contains("достопамятных\n        перемен"));
    same(
        "NLR005177748.mrc",
        &collapse_whitespace(mrc),
        "NLR005177748.marcxml",
        &collapse_whitespace(xml),
    );
}

#[test]
fn marc4j_chabon_and_summerland() {
    same(
        "chabon.mrc",
        &iso("marc4j-chabon.mrc"),
        "chabon.xml",
        &any("marc4j-chabon.xml", Serialization::MarcXml),
    );
    let mrc = iso("marc4j-summerland.mrc");
    same(
        "summerland.mrc",
        &mrc,
        "summerland.xml",
        &any("marc4j-summerland.xml", Serialization::MarcXml),
    );
    same(
        "summerland.mrc",
        &mrc,
        "summerland.json",
        &any("marc4j-summerland-marc-in-json.json", Serialization::Json),
    );
    same(
        "summerland.mrc",
        &mrc,
        "summerland-indented.json",
        &any(
            "marc4j-summerland-marc-in-json-indented.json",
            Serialization::Json,
        ),
    );
}

#[test]
fn pymarc_batch_and_one() {
    same(
        "pymarc-batch.xml",
        &any("pymarc-batch.xml", Serialization::MarcXml),
        "pymarc-batch.json",
        &any("pymarc-batch.json", Serialization::Json),
    );
    same(
        "pymarc-one.dat",
        &iso("pymarc-one.dat"),
        "pymarc-one.json",
        &any("pymarc-one.json", Serialization::Json),
    );
}
