//! MARCXML reader: namespaces, damaged files (positions checked by hand against the files:
//! byte offsets and line/column of the element named), content sniffing.

use yozuv::{marcxml, AnyReader, Damage, Error, Record, Serialization};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/serial");

fn read(name: &str) -> Vec<Result<Record, Error>> {
    let data = std::fs::read(format!("{DATA}/{name}")).unwrap();
    marcxml::Reader::new(&data[..]).collect()
}

/// (record, byte, detail) of a syntax error.
fn syntax(e: &Error) -> (u64, u64, String) {
    match e {
        Error::Syntax {
            position,
            detail,
            format,
            ..
        } => {
            assert_eq!(*format, "MARCXML");
            (position.record, position.byte, detail.clone())
        }
        other => panic!("expected a syntax error, got {other}"),
    }
}

#[test]
fn mismatched_end_tag_is_reported_at_the_end_tag() {
    // mrrc e401: `</WRONG>` closes <subfield> on line 5, column 40 (byte 212).
    let got = read("broken/mrrc-e401_malformed_marcxml.xml");
    assert_eq!(got.len(), 1);
    let (record, byte, detail) = syntax(got[0].as_ref().unwrap_err());
    assert_eq!((record, byte), (1, 212));
    assert!(detail.starts_with("line 5, column 40:"), "{detail}");
    assert!(detail.contains("WRONG"), "{detail}");
}

#[test]
fn leader_of_26_characters_is_reported_at_the_leader() {
    // File_MARC bad_leader.xml: `<leader>00711cam a2200229 45004500</leader>` on line 2.
    let got = read("broken/file_marc-bad_leader.xml");
    assert_eq!(got.len(), 1);
    let (record, byte, detail) = syntax(got[0].as_ref().unwrap_err());
    assert_eq!((record, byte), (1, 216));
    assert!(detail.starts_with("line 2, column 3:"), "{detail}");
    assert!(detail.contains("26 characters"), "{detail}");
}

#[test]
fn prefixed_record_with_short_leader_and_two_digit_tag() {
    // pymarc bad_tag.xml: ns0-prefixed; leader "      Z   22 4500" (17 chars) on line 3, and a
    // tag "42" later. The first problem is reported; the record is refused.
    let got = read("broken/pymarc-bad_tag.xml");
    assert_eq!(got.len(), 1);
    let (record, byte, detail) = syntax(got[0].as_ref().unwrap_err());
    assert_eq!((record, byte), (1, 80));
    assert!(detail.starts_with("line 3, column 3:"), "{detail}");
    assert!(detail.contains("17 characters"), "{detail}");
    // With the leader fixed, the tag "42" is what is reported.
    let text = std::fs::read_to_string(format!("{DATA}/broken/pymarc-bad_tag.xml"))
        .unwrap()
        .replace("      Z   22 4500", "00000nam a2200000   4500");
    let got: Vec<_> = marcxml::Reader::new(text.as_bytes()).collect();
    let (_, byte, detail) = syntax(got[0].as_ref().unwrap_err());
    assert_eq!(
        byte as usize,
        text.find("<ns0:datafield ind1=\"z\" ind2=\"z\" tag=\"42\">")
            .unwrap()
    );
    assert!(
        detail.contains("tag \"42\" is not 3 characters"),
        "{detail}"
    );
}

#[test]
fn empty_data_field_is_a_warning_at_its_element() {
    // Catmandu broken.xml: 10 records; record 1 has `<marc:datafield tag="082">` with no
    // subfields on line 27, column 5 (byte 1278).
    let got = read("broken/catmandu-broken.xml");
    assert_eq!(got.len(), 10);
    let records: Vec<Record> = got.into_iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(records[0].warnings.len(), 1);
    let w = &records[0].warnings[0];
    assert_eq!(w.damage, Damage::FieldWithoutSubfields);
    assert_eq!((w.position.record, w.position.byte), (1, 1278));
    assert_eq!(w.position.tag.unwrap().as_str(), "082");
    assert!(records[1..].iter().all(|r| r.warnings.is_empty()));
    assert_eq!(
        records[0].first_subfield("245", b'a'),
        Some("ActivePerl with ASP and ADO /")
    );
    assert_eq!(
        records[0].first_subfield("260", b'b'),
        Some("John Wiley & Sons,")
    );
}

#[test]
fn messed_up_leader_is_kept_as_written() {
    // ruby-marc messed_up_leader.xml: leader "01301nam a22003618&lt; 4500" is 24 characters
    // once `&lt;` is read; its odd values (17 = '8', 18 = '<') are for validation to judge,
    // not a serialization error.
    let got = read("broken/ruby-marc-messed_up_leader.xml");
    assert_eq!(got.len(), 1);
    let r = got[0].as_ref().unwrap();
    assert_eq!(&r.leader.0, b"01301nam a22003618< 4500");
    assert_eq!(r.control_value("001"), Some("991010422259705706"));
}

#[test]
fn leader_undefined_is_reported() {
    // An NEB export with `<leader>undefined</leader>` on line 2, column 9 (byte 47).
    let got = read("sniff/RuMoRGB_01002988236_rusmarc_leader_undefined.xml");
    assert_eq!(got.len(), 1);
    let (record, byte, detail) = syntax(got[0].as_ref().unwrap_err());
    assert_eq!((record, byte), (1, 47));
    assert!(detail.starts_with("line 2, column 9:"), "{detail}");
}

#[test]
fn a_damaged_record_does_not_stop_the_stream() {
    let xml = concat!(
        "<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n",
        "<record><leader>00000nam a2200000   4500</leader><controlfield tag=\"001\">one</controlfield></record>\n",
        "<record><leader>short</leader><controlfield tag=\"001\">two</controlfield></record>\n",
        "<record><leader>00000nam a2200000   4500</leader><datafield tag=\"245\" ind1=\"1\" ind2=\"0\"><subfield code=\"a\">x</bad></datafield></record>\n",
        "<record><leader>00000nam a2200000   4500</leader><controlfield tag=\"001\">four</controlfield></record>\n",
        "</collection>\n"
    );
    let got: Vec<_> = marcxml::Reader::new(xml.as_bytes()).collect();
    assert_eq!(got.len(), 4);
    assert_eq!(got[0].as_ref().unwrap().id(), Some("one"));
    let (n, _, d) = syntax(got[1].as_ref().unwrap_err());
    assert_eq!(n, 2);
    assert!(d.starts_with("line 3, column 9:"), "{d}");
    let (n, _, d) = syntax(got[2].as_ref().unwrap_err());
    assert_eq!(n, 3);
    assert!(d.starts_with("line 4,"), "{d}");
    assert_eq!(got[3].as_ref().unwrap().id(), Some("four"));
}

#[test]
fn namespaces_prefixes_and_marcxchange() {
    // Default namespace inside a `marcxml:`-prefixed collection (RSL).
    let rsl: Vec<Record> = read("rsl01003345174.marcxml")
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rsl.len(), 1);
    assert!(rsl[0].fields.len() > 10);
    // No namespace at all, RUSMARC (union catalogue).
    let svod: Vec<Record> = read("svod-18-partial_rusmarc.marcxml")
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(svod.len(), 2);
    // A record in no namespace inside a namespaced collection.
    let sf0: Vec<Record> = read("marc-xml-subfield0.xml")
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        sf0[0].first_subfield("245", b'0'),
        Some("subfield $0 contents")
    );
    // MarcXchange v2, as used for UNIMARC, with an OAI-PMH-like envelope around it.
    let mx = r#"<?xml version="1.0"?>
<OAI-PMH><ListRecords><record><header><identifier>x</identifier></header><metadata>
<mx:record xmlns:mx="info:lc/xmlns/marcxchange-v2" format="UNIMARC" type="Bibliographic">
<mx:leader>00000nam0 2200000   450 </mx:leader>
<mx:controlfield tag="001">RU\NLR\1</mx:controlfield>
<mx:datafield tag="200" ind1="1" ind2=" "><mx:subfield code="a">Ўзбекистон</mx:subfield></mx:datafield>
</mx:record></metadata></record></ListRecords></OAI-PMH>"#;
    let got: Vec<Record> = marcxml::Reader::new(mx.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id(), Some("RU\\NLR\\1"));
    assert_eq!(got[0].first_subfield("200", b'a'), Some("Ўзбекистон"));
}

#[test]
fn marcxml_behind_an_mrc_name_is_sniffed() {
    // An RSL export: MARCXML in a file named .mrc.
    let f = std::fs::File::open(format!("{DATA}/sniff/rsl01003501478.mrc")).unwrap();
    let reader = AnyReader::open(f).unwrap();
    assert_eq!(reader.serialization(), Serialization::MarcXml);
    let records: Vec<Record> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(records.len(), 1);
    assert!(records[0].id().is_some());
}

/// A reader that hands out at most `n` bytes per call, to cut records at every place.
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
    let data = std::fs::read(format!("{DATA}/marcjs-bib.xml")).unwrap();
    let whole: Vec<Record> = marcxml::Reader::new(&data[..])
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(whole.len(), 6);
    for n in [1, 2, 3, 5, 7, 64, 1000] {
        let got: Vec<Record> = marcxml::Reader::new(Trickle(&data, n))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(got, whole, "reads of {n} bytes");
    }
}

#[test]
fn missing_end_tag_and_spaced_prefixed_end_tags() {
    let xml = concat!(
        "<m:collection xmlns:m=\"http://www.loc.gov/MARC21/slim\">\n",
        "<m:record><m:leader>00000nam a2200000   4500</m:leader><m:controlfield tag=\"001\">one</m:controlfield>\n",
        "<m:record><m:leader>00000nam a2200000   4500</m:leader><m:controlfield tag=\"001\">two</m:controlfield></m:record >\n",
        "<m:record><m:leader>00000nam a2200000   4500</m:leader><m:controlfield tag=\"001\">three</m:controlfield></m:record\n>\n",
        "</m:collection>\n"
    );
    let got: Vec<_> = marcxml::Reader::new(xml.as_bytes()).collect();
    assert_eq!(got.len(), 3, "{got:?}");
    let (n, byte, d) = syntax(got[0].as_ref().unwrap_err());
    assert_eq!(n, 1);
    // Reported where the next record starts (line 3).
    assert_eq!(byte as usize, xml.find("<m:record><m:leader>00000nam a2200000   4500</m:leader><m:controlfield tag=\"001\">two").unwrap());
    assert!(d.starts_with("line 3, column 1:"), "{d}");
    assert_eq!(got[1].as_ref().unwrap().id(), Some("two"));
    assert_eq!(got[2].as_ref().unwrap().id(), Some("three"));
}
