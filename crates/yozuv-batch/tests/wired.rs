//! The real modules through the validator: format definitions (`format.*`), flavour detection
//! and `--flavour`, MarcEdit rules imported into a profile, `yozuv_udc`, `yozuv::text`, and
//! MARCXML / MARC-in-JSON input. Expected values come from the specs (LoC MARC 21, UNIMARC,
//! RUSMARC) and hand-labelled data in ../shared, as noted on each case — not from our output.

mod common;

use common::{arg, formats, hits, run_with, validate};
use yozuv::format::Flavour as Format;
use yozuv::{Field, Indicators, Leader, Record, Subfield};
use yozuv_batch::{Diagnostic, Profile, Registry, Severity};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn profile(name: &str, format: Option<Format>) -> Profile {
    let mut p = Profile::bundled(name, Registry::builtin()).unwrap();
    if let Some(f) = format {
        p.force_format(f);
    }
    p
}

fn summerland() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/iso2709/summerland.mrc"
    ))
    .unwrap()
}

/// Byte offset in the file of the first field with `tag` of the record at `record_offset`,
/// read from the ISO 2709 directory by hand (ISO 2709 §4: base address at leader/12-16,
/// 12-byte entries tag(3) length(4) start(5) after the leader).
fn field_offset(bytes: &[u8], record_offset: usize, tag: &str) -> u64 {
    let rec = &bytes[record_offset..];
    let base: usize = std::str::from_utf8(&rec[12..17]).unwrap().parse().unwrap();
    let mut i = 24;
    while rec[i] != 0x1e {
        let entry = &rec[i..i + 12];
        if &entry[..3] == tag.as_bytes() {
            let start: usize = std::str::from_utf8(&entry[7..12]).unwrap().parse().unwrap();
            return (record_offset + base + start) as u64;
        }
        i += 12;
    }
    panic!("no {tag}");
}

#[test]
fn clean_records_have_no_format_diagnostics() {
    // LoC's own record (marc4j summerland) is valid MARC 21 by every definition.
    let o = &run_with(profile("marc21", None), summerland())[0];
    assert!(
        !o.diagnostics.iter().any(|d| d.rule.starts_with("format.")),
        "{:?}",
        o.diagnostics
    );
    // NLR009673670 (RUSMARC, National Library of Russia): mandatory fields present, codes valid,
    // except 801 $a "rus", which UNIMARC/RUSMARC want as ISO 3166-1 alpha-2 ("RU"), and 105,
    // which RUSMARC 2015 makes mandatory for printed monographs (Leader/06-07 "am").
    let o = validate("NLR009673670.mrc", 1, Format::Rusmarc);
    assert!(o
        .diagnostics
        .iter()
        .filter(|d| &*d.rule == "format.mandatory-missing")
        .all(|d| d.location.tag.is_some_and(|t| t == "105")));
    for rule in [
        "format.language-code",
        "format.relator-code",
        "format.embedded-field",
    ] {
        assert!(!o.diagnostics.iter().any(|d| &*d.rule == rule), "{rule}");
    }
    let country: Vec<_> = o
        .diagnostics
        .iter()
        .filter(|d| &*d.rule == "format.country-code")
        .collect();
    assert_eq!(country.len(), 1, "{country:?}");
    assert_eq!(
        country[0].location.tag.map(|t| t.to_string()).as_deref(),
        Some("801")
    );
}

#[test]
fn undefined_tag_with_byte_offset() {
    // Evergreen lul_fre record 1 has two 659 fields, a tag LoC does not define: each reported.
    let bytes = formats("evergreen-lul_fre_100.mrc");
    let o = validate("evergreen-lul_fre_100.mrc", 1, Format::Marc21);
    let h = hits(&o, "format.undefined-tag", "659");
    assert_eq!(h.len(), 2);
    assert_eq!(h[1].location.occurrence, Some(2));
    assert_eq!(h[0].severity, Severity::Error);
    assert_eq!(h[0].location.occurrence, Some(1));
    assert_eq!(h[0].location.offset, field_offset(&bytes, 0, "659"));
}

#[test]
fn repeatability_indicators_subfields() {
    // Nepali record 1: 100 twice (NR, and only one main entry).
    let o = validate("evergreen-nepali.marc", 1, Format::Marc21);
    let h = hits(&o, "format.field-not-repeatable", "100");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].location.occurrence, Some(2));
    assert!(hits(&o, "format.heading-consistency", "100")
        .iter()
        .any(|d| arg(d, "reason").as_deref() == Some("several-main-entries")));
    // catmandu utf8 record 1: 650 $a twice ($a is NR in 650); reported at the second $a.
    let o = validate("catmandu-utf8.mrc", 1, Format::Marc21);
    let h = hits(&o, "format.subfield-not-repeatable", "650");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].location.subfield, Some(b'a'));
    // yaz marc6 record 1: 100 second indicator 0 — LoC 100 ind2 is undefined (blank).
    let o = validate("yaz-marc6.marc", 1, Format::Marc21);
    let h = hits(&o, "format.invalid-indicator", "100");
    assert_eq!(h.len(), 1);
    assert_eq!(arg(h[0], "value").as_deref(), Some("0"));
    // Evergreen hebrew record 1: 035 $b is not defined by LoC (035 has $a $z $6 $8).
    let o = validate("evergreen-hebrew.marc", 1, Format::Marc21);
    assert!(hits(&o, "format.undefined-subfield", "035")
        .iter()
        .any(|d| d.location.subfield == Some(b'b')));
    // … and its 008/29 (conference publication) is blank; LoC allows 0, 1, |.
    assert!(hits(&o, "format.fixed-field-code", "008")
        .iter()
        .any(|d| arg(d, "position").as_deref() == Some("29")));
}

#[test]
fn obsolete_codes_linkage() {
    // lul_fre record 5: 440 is obsolete (LoC: replaced by 490/830 in 2008): a warning.
    let o = validate("evergreen-lul_fre_100.mrc", 5, Format::Marc21);
    let h = hits(&o, "format.obsolete", "440");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].severity, Severity::Warning);
    // marc-charset cyrillic: 008/35-37 scc and 008/15-17 yu are discontinued LoC codes.
    let o = validate("marc-charset-cyrillic.marc", 1, Format::Marc21);
    assert_eq!(hits(&o, "format.language-code", "008").len(), 1);
    assert_eq!(hits(&o, "format.country-code", "008").len(), 1);
    // hebrew1: 245 $6 880-01 but the 880 -01 names 246.
    let o = validate("marc-charset-hebrew1.marc", 1, Format::Marc21);
    assert_eq!(hits(&o, "format.linkage-880", "245").len(), 1);
    let o = validate("marc4j-cyrillic_capital_e.mrc", 1, Format::Marc21);
    assert!(!o
        .diagnostics
        .iter()
        .any(|d| &*d.rule == "format.linkage-880"));
}

#[test]
fn unimarc_and_rusmarc_rules() {
    // RSL record: 021 without $a, which RUSMARC makes mandatory.
    let o = validate("RuMoRGB.01003543129.1.rusmarc.iso", 1, Format::Rusmarc);
    assert!(hits(&o, "format.mandatory-missing", "021")
        .iter()
        .any(|d| d.location.subfield == Some(b'a')));
    // Union-catalogue record: 101 $a "|||" is no language code.
    let o = validate("RuMoRGB.01010085686.svod.rusmarc.iso", 1, Format::Rusmarc);
    assert_eq!(hits(&o, "format.language-code", "101").len(), 1);
    // Romanian record 3: 702 $4 "cop." — UNIMARC relator codes are three digits.
    let o = validate("short.bnr.1993.mrc", 3, Format::Unimarc);
    assert!(hits(&o, "format.relator-code", "702")
        .iter()
        .any(|d| arg(d, "value").as_deref() == Some("cop.")));
    // Romanian serial 1: 421 $1 "000715458" — an embedded field starts with a tag.
    let o = validate("serial.bnr.1993.mrc", 1, Format::Unimarc);
    assert!(!hits(&o, "format.embedded-field", "421").is_empty());
    // RSL 01007496813: 102 $a in lower case (ISO 3166 codes are upper case): a warning.
    let o = validate("01007496813.iso", 1, Format::Rusmarc);
    let h = hits(&o, "format.country-code", "102");
    assert!(!h.is_empty());
    assert!(h
        .iter()
        .all(|d| d.severity == Severity::Error || arg(d, "status").as_deref() == Some("case")));
}

#[test]
fn flavour_detection_and_override() {
    // Firenze "UNIMARC" file holds MARC 21 records (008, 245): detected as MARC 21, so 245
    // is defined; forced to UNIMARC, 245 is not a UNIMARC field.
    let auto = &run_with(
        profile("uz-unicat", None),
        formats("short.firenze.1977.mrc"),
    )[0];
    assert!(hits(auto, "format.undefined-tag", "245").is_empty());
    let forced = &run_with(
        profile("uz-unicat", Some(Format::Unimarc)),
        formats("short.firenze.1977.mrc"),
    )[0];
    assert_eq!(hits(forced, "format.undefined-tag", "245").len(), 1);
    // The 700 repeating the 100 (Branduardi, Angelo) under MARC 21.
    assert!(hits(auto, "format.heading-consistency", "700")
        .iter()
        .any(|d| arg(d, "main").as_deref() == Some("100")));
}

#[test]
fn marcedit_rules_file_as_a_profile() {
    // MarcEdit's unimarcrules.txt lists 700's subfields as 3489abcdfgkop (read in the file):
    // no $6/$7, which UNIMARC 3.10 and the built-in definitions allow in every field. The NLR
    // record's 700 carries $6 and $7 (alternative script), so imported rules flag them.
    let dir = tempfile::tempdir().unwrap();
    let rules = format!("{SHARED}/testdata/unimarc/definitions/unimarc/marcedit-unimarcrules.txt");
    let toml = dir.path().join("p.toml");
    std::fs::write(
        &toml,
        format!(
            "name = \"imported\"\nflavour = \"unimarc\"\nformat = \"rusmarc\"\nmarcedit_rules = \"{rules}\"\n"
        ),
    )
    .unwrap();
    let imported = Profile::load(toml.to_str().unwrap(), Registry::builtin()).unwrap();
    // MarcEdit: "One 200 field must be present", 200 NR.
    let defs = imported.definitions_for(Format::Rusmarc);
    assert!(defs
        .field_str("200")
        .is_some_and(|f| !f.repeatable && f.mandatory));
    let o = &run_with(imported, formats("NLR009673669.mrc"))[0];
    let h = hits(o, "format.undefined-subfield", "700");
    assert!(h.iter().any(|d| d.location.subfield == Some(b'6')), "{h:?}");
    let builtin = validate("NLR009673669.mrc", 1, Format::Rusmarc);
    assert!(hits(&builtin, "format.undefined-subfield", "700").is_empty());
    // A rules file that is not there is refused.
    let mut p = profile("unimarc", None);
    assert!(p
        .import_marcedit_rules(&dir.path().join("missing.txt"))
        .is_err());
}

#[test]
fn local_fields_file_extends_the_definitions() {
    // Laval's 659 (two of them in record 1, `##$aFR9110`, `##$aKS`) is undefined by LoC; a local
    // extension file declaring it (MarcEdit rules form) makes it a defined field: no longer
    // undefined, and its blank indicators and $a pass the checks.
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("local.txt");
    std::fs::write(
        &local,
        "659\tR\tLocal subject code\nind1\tblank\tUndefined\nind2\tblank\tUndefined\na\tNR\tCode\n",
    )
    .unwrap();
    let toml = dir.path().join("p.toml");
    std::fs::write(
        &toml,
        "name = \"laval\"\nflavour = \"marc21\"\nlocal_fields = \"local.txt\"\n",
    )
    .unwrap();
    let p = Profile::load(toml.to_str().unwrap(), Registry::builtin()).unwrap();
    let o = &run_with(p, formats("evergreen-lul_fre_100.mrc"))[0];
    assert!(hits(o, "format.undefined-tag", "659").is_empty());
    assert!(hits(o, "format.undefined-subfield", "659").is_empty());
    assert!(hits(o, "format.invalid-indicator", "659").is_empty());
    // The built-in profile still reports both.
    let o = validate("evergreen-lul_fre_100.mrc", 1, Format::Marc21);
    assert_eq!(hits(&o, "format.undefined-tag", "659").len(), 2);
}

fn marc21_record(lang: &str, fields: Vec<Field>) -> Vec<u8> {
    let mut leader = [b' '; 24];
    leader.copy_from_slice(b"00000nam a2200000 i 4500");
    let mut r = Record::new(Leader(leader));
    let mut f008 = *b"201101s2020    uz            000 0 uzb d";
    f008[35..38].copy_from_slice(lang.as_bytes());
    r.push(Field::control("001", "test1"));
    r.push(Field::control("008", std::str::from_utf8(&f008).unwrap()));
    for f in fields {
        r.push(f);
    }
    r.to_iso2709().unwrap()
}

#[test]
fn udc_values_from_real_catalogues() {
    // Values and verdicts from ../shared/udc/real-notations-labelled.tsv (hand-labelled).
    let cases = [
        ("821.161.1", None),
        ("622.68+622.271.7](04)", Some("udc.syntax")),
        ("2 (075)", Some("udc.fixable")),
        ("821.161.1 1П", Some("udc.not-udc")),
    ];
    for (value, rule) in cases {
        let bytes = marc21_record(
            "rus",
            vec![
                Field::data(
                    "080",
                    Indicators::new(b' ', b' '),
                    vec![Subfield::new(b'a', value)],
                ),
                Field::data(
                    "245",
                    Indicators::new(b'0', b'0'),
                    vec![Subfield::new(b'a', "Title")],
                ),
            ],
        );
        let o = &run_with(profile("marc21", None), bytes.clone())[0];
        let udc: Vec<&Diagnostic> = o
            .diagnostics
            .iter()
            .filter(|d| d.rule.starts_with("udc."))
            .collect();
        match rule {
            None => assert!(udc.is_empty(), "{value}: {udc:?}"),
            Some(rule) => {
                assert_eq!(udc.len(), 1, "{value}: {udc:?}");
                assert_eq!(&*udc[0].rule, rule);
                // At the $a delimiter of 080.
                assert_eq!(udc[0].location.offset, field_offset(&bytes, 0, "080") + 2);
            }
        }
        if rule == Some("udc.syntax") {
            // Labelled first error at character 16 (from 0): the unmatched ']'.
            assert_eq!(arg(udc[0], "position").as_deref(), Some("17"));
            assert_eq!(udc[0].severity, Severity::Error);
        }
        if rule == Some("udc.fixable") {
            assert_eq!(arg(udc[0], "normalized").as_deref(), Some("2(075)"));
            assert_eq!(udc[0].severity, Severity::Warning);
        }
    }
}

#[test]
fn text_diagnostics_carry_the_fix() {
    // Rows of ../shared/text/homoglyph-gold.tsv and apostrophe-gold.tsv (hand-checked).
    let bytes = marc21_record(
        "uzb",
        vec![
            Field::data(
                "245",
                Indicators::new(b'0', b'0'),
                vec![Subfield::new(b'a', "Bog'liq masalalar")],
            ),
            Field::data(
                "500",
                Indicators::new(b' ', b' '),
                vec![Subfield::new(b'a', "Ўзбекистoн тарихи")],
            ),
        ],
    );
    let o = &run_with(profile("uz-unicat", None), bytes)[0];
    let apostrophe = o
        .diagnostics
        .iter()
        .find(|d| &*d.rule == "text.apostrophe")
        .expect("apostrophe");
    assert_eq!(apostrophe.location.tag.unwrap(), "245");
    assert_eq!(arg(apostrophe, "fix").as_deref(), Some("Bogʻliq masalalar"));
    let mixed = o
        .diagnostics
        .iter()
        .find(|d| &*d.rule == "text.mixed-script")
        .expect("mixed script");
    assert_eq!(arg(mixed, "word").as_deref(), Some("Ўзбекистoн"));
    assert_eq!(arg(mixed, "fix").as_deref(), Some("Ўзбекистон тарихи"));
}

#[test]
fn marcxml_and_json_input() {
    // The MARCXML and MARC-in-JSON forms of LoC's summerland record validate like the ISO one
    // (clean under marc21).
    for file in [
        "marc21/xml/marc4j-summerland.xml",
        "marc21/json/marc4j-summerland-marc-in-json.json",
    ] {
        let bytes = std::fs::read(format!("{SHARED}/testdata/{file}")).unwrap();
        let out = run_with(profile("marc21", None), bytes);
        assert_eq!(out.len(), 1, "{file}");
        assert_eq!(out[0].id001.as_deref(), Some("12883376"), "{file}");
        assert!(
            out[0].diagnostics.is_empty(),
            "{file}: {:?}",
            out[0].diagnostics
        );
    }
    // marc4j's chabon file: record 1 has a <subfield> without code on line 8, column 7
    // (checked in the file); it becomes input.syntax, rejected; record 2 is read.
    let bytes = std::fs::read(format!(
        "{SHARED}/testdata/marc21/xml/marc4j-chabon-missing-subfield-code.xml"
    ))
    .unwrap();
    let out = run_with(profile("marc21", None), bytes);
    let bad = &out[0];
    assert!(bad.rejected);
    assert_eq!(&*bad.diagnostics[0].rule, "input.syntax");
    assert_eq!(bad.diagnostics[0].location.record, 1);
    assert!(arg(&bad.diagnostics[0], "detail")
        .unwrap()
        .contains("line 8, column 7"));
}

/// UZ-S02 / ISO 2709 §5.2–5.3: a MARCXML record with a field over 9,999 bytes, or a record over
/// 99,999 bytes, cannot become ISO 2709: `iso2709.too-long` at the record's start in the XML,
/// with the field's tag and length (12,000 data bytes + 2 indicators + `\x1F a` + terminator =
/// 12,005); the real record itself does not trip it.
#[test]
fn too_long_for_iso2709() {
    let real = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/marc21/xml/marc4j-summerland.xml"
    ))
    .unwrap();
    let start = real.find("  <record>").unwrap() + 2;
    let end = real.find("</record>").unwrap();
    let record = &real[start..end + 9];
    let with = |extra: &str| record.replace("</record>", &format!("{extra}</record>"));
    let long_field = format!(
        "<datafield tag=\"500\" ind1=\" \" ind2=\" \"><subfield code=\"a\">{}</subfield></datafield>",
        "x".repeat(12_000)
    );
    let many_fields = format!(
        "<datafield tag=\"500\" ind1=\" \" ind2=\" \"><subfield code=\"a\">{}</subfield></datafield>",
        "y".repeat(9_000)
    )
    .repeat(12);
    let head = &real[..start];
    let doc = format!(
        "{head}{record}\n{}\n{}\n</collection>\n",
        with(&long_field),
        with(&many_fields)
    );
    let second = doc.find(&with(&long_field)).unwrap() as u64;
    let third = doc.find(&with(&many_fields)).unwrap() as u64;
    let outcomes = run_with(
        Profile::bundled("marc21", Registry::builtin()).unwrap(),
        doc.into_bytes(),
    );
    assert_eq!(outcomes.len(), 3);
    assert!(!outcomes[0]
        .diagnostics
        .iter()
        .any(|d| &*d.rule == "iso2709.too-long"));
    let field = hits(&outcomes[1], "iso2709.too-long", "500");
    assert_eq!(field.len(), 1);
    assert_eq!(field[0].location.offset, second);
    assert_eq!(field[0].location.tag.unwrap().as_str(), "500");
    assert_eq!(arg(field[0], "length").as_deref(), Some("12005"));
    assert_eq!(arg(field[0], "limit").as_deref(), Some("9999"));
    assert_eq!(field[0].severity, Severity::Error);
    assert!(outcomes[1].rejected);
    let rec: Vec<_> = outcomes[2]
        .diagnostics
        .iter()
        .filter(|d| &*d.rule == "iso2709.too-long")
        .collect();
    assert_eq!(rec.len(), 1);
    assert_eq!(rec[0].location.offset, third);
    assert!(rec[0].location.tag.is_none());
    assert_eq!(arg(rec[0], "limit").as_deref(), Some("99999"));
    assert!(arg(rec[0], "length").unwrap().parse::<u64>().unwrap() > 108_000);
}
