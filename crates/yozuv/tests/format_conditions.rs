//! RUSMARC mandatory elements whose condition is the record's content (the `cond` lines of
//! `data/formats/rusmarc.jsonl` with `need`, `or` or `when`), each on real records: one that
//! breaks the condition and one that meets it. Where no real record breaks it, ONE real record
//! is changed in the one element the condition is about (said at the test).
//!
//! Expected values were decided by reading the records (`yozuv convert --to mrk`) against the
//! RUSMARC 2015-11-23 description (RUSMARC20151123.xml, wording quoted per test), not taken
//! from yozuv's output.

use yozuv::format::check::{self, ids, CheckOptions, Finding};
use yozuv::format::Definitions;
use yozuv::iso2709::{ReadMode, SliceReader};
use yozuv::{Field, Record, Subfield};

fn path(name: &str) -> String {
    format!(
        "{}/../../testdata/formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn iso(name: &str) -> Vec<Record> {
    let file = path(name);
    let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    SliceReader::new(&data, ReadMode::Permissive)
        .filter_map(|r| r.ok())
        .filter_map(|r| r.to_record().ok())
        .collect()
}

fn xml(name: &str) -> Vec<Record> {
    let file = path(name);
    let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    yozuv::marcxml::Reader::new(std::io::Cursor::new(data))
        .filter_map(|r| r.ok())
        .collect()
}

/// The NLR record whose 001 ends with `id` (the NLR IRBIS export, cp1251; only tags,
/// indicators and subfield codes are looked at).
fn nlr(id: &str) -> Record {
    iso("nlr_rusmarc_cp1251.iso")
        .into_iter()
        .find(|r| {
            r.control_value("001")
                .is_some_and(|v| v.ends_with(&format!("\\{id}")))
        })
        .unwrap_or_else(|| panic!("NLR {id}"))
}

fn findings(record: &Record) -> Vec<Finding> {
    check::check_record(record, Definitions::rusmarc(), &CheckOptions::default())
}

/// `format.mandatory-missing` findings on `tag` with `element`.
fn missing<'a>(all: &'a [Finding], tag: &str, element: &str) -> Vec<&'a Finding> {
    all.iter()
        .filter(|f| {
            f.id == ids::MANDATORY_MISSING
                && f.tag.is_some_and(|t| t == tag)
                && f.get("element") == Some(element)
        })
        .collect()
}

fn drop_subfields(record: &mut Record, tag: &str, codes: &[u8]) {
    for field in record.fields.iter_mut().filter(|f| f.tag() == tag) {
        if let Field::Data { subfields, .. } = field {
            subfields.retain(|s| !codes.contains(&s.code));
        }
    }
}

#[test]
fn subfield_z_when_200_has_a_parallel_title() {
    // RUSMARC 200 $z: "Обязательное, если присутствует $d". RSL union catalogue
    // RU\BM\BIBL\0000000428: 200 1# $a (Greek title) $d Hori Apollinis Selecta Hieroglyphica.
    // $e … — a parallel title and no $z.
    let recs = xml("conditions/svod-18-partial_rusmarc.marcxml");
    let all = findings(&recs[0]);
    let h = missing(&all, "200", "subfield-if-subfield");
    assert_eq!(h.len(), 1, "{all:#?}");
    assert_eq!(h[0].subfield, Some(b'z'));
    assert_eq!(h[0].occurrence, Some(1));
    assert_eq!(h[0].get("if_code"), Some("$d"));
    assert!(h[0].get("condition").is_some_and(|c| c.contains("200 $z")));
    // Its second record has no $d: nothing to require.
    assert!(missing(&findings(&recs[1]), "200", "subfield-if-subfield").is_empty());
    // NLR 340009: 200 $a … $d (parallel title) … $z eng.
    let ok = nlr("340009");
    assert!(missing(&findings(&ok), "200", "subfield-if-subfield").is_empty());
}

#[test]
fn subfield_c_when_101_says_translation() {
    // RUSMARC 101 indicator 1 = 1 "Документ является переводом"; $c "Обязательное, если
    // каталогизируемый документ является переводом". NLR 358954: 101 1# $a rus $a eng, no $c.
    let all = findings(&nlr("358954"));
    let h = missing(&all, "101", "subfield-if-indicator");
    assert_eq!(h.len(), 1, "{all:#?}");
    assert_eq!(h[0].subfield, Some(b'c'));
    assert_eq!(h[0].get("value"), Some("1"));
    // NLR 340009: 101 1# $a rus $c ger.
    assert!(missing(&findings(&nlr("340009")), "101", "subfield-if-indicator").is_empty());
}

#[test]
fn field_686_for_a_dissertation_abstract() {
    // RUSMARC 686: "Обязательное для диссертаций и авторефератов"; 105$a/4-7 `m` is
    // "диссертация (оригинал)", an author's abstract `dm##`. NLR 342681 (Автореф. дис. на
    // соиск. учен. степ. к.т.н.): 105 $a "a   dm  |||||", 686 $a 05.12.17 $2 oksvnk (twice).
    let mut record = nlr("342681");
    assert!(missing(&findings(&record), "686", "coded").is_empty());
    // The same record without its 686 fields.
    record.fields.retain(|f| f.tag() != "686");
    let all = findings(&record);
    let h = missing(&all, "686", "coded");
    assert_eq!(h.len(), 1, "{all:#?}");
    assert_eq!(h[0].get("condition_field"), Some("105$a"));
    assert_eq!(h[0].get("position"), Some("04-07"));
    assert_eq!(h[0].get("value"), Some("dm##"));
    // NLR 358954 (105 $a "a   |||||||||", not a dissertation) has no 686 and needs none.
    assert!(missing(&findings(&nlr("358954")), "686", "coded").is_empty());
}

#[test]
fn field_210_unless_below_the_highest_level() {
    // RUSMARC 210: "Обязательное, если поз.8 маркера содержит значения #, 0, 1".
    // RSL 010085686 (a convolute, leader `nam0`): 001 005 100 101 105 200 300 801 852, no 210.
    let recs = iso("RuMoRGB.01010085686.svod.rusmarc.iso");
    let all = findings(&recs[0]);
    let h = missing(&all, "210", "record-type");
    assert_eq!(h.len(), 1, "{all:#?}");
    assert_eq!(h[0].get("position"), Some("08"));
    assert_eq!(h[0].get("value"), Some("0"));
    // RSL 003543129 is `nam2` (below the highest level) and has 210 $d 1848 anyway; NLR
    // 358954 (`nam0`) has 210 $a М. $c … $d 2002.
    let rsl = iso("RuMoRGB.01003543129.1.rusmarc.iso");
    assert!(missing(&findings(&rsl[0]), "210", "record-type").is_empty());
    assert!(missing(&findings(&nlr("358954")), "210", "record-type").is_empty());
    // Without its 210 the `nam2` record still needs none.
    let mut below = rsl[0].clone();
    below.fields.retain(|f| f.tag() != "210");
    assert!(missing(&findings(&below), "210", "record-type").is_empty());
}

#[test]
fn subfield_a_of_886_when_indicator_1_is_1_or_2() {
    // RUSMARC 886 $a: "Обязательное, если значение индикатора 1 равно 1 или 2". RSL 010086120:
    // four 886 2# $2 marc21 $a 979 $b … — all have $a.
    let recs = iso("conditions/RuMoRGB.01003543129.2.rusmarc.iso");
    assert!(missing(&findings(&recs[0]), "886", "subfield-if-indicator").is_empty());
    // The same record with $a taken out of its 886 fields: each of the four lacks it.
    let mut record = recs[0].clone();
    drop_subfields(&mut record, "886", b"a");
    let all = findings(&record);
    let h = missing(&all, "886", "subfield-if-indicator");
    assert_eq!(h.len(), 4, "{all:#?}");
    assert_eq!(
        h.iter().map(|f| f.occurrence).collect::<Vec<_>>(),
        [Some(1), Some(2), Some(3), Some(4)]
    );
    assert!(h.iter().all(|f| f.get("value") == Some("2")));
}

#[test]
fn subfield_b_or_z_of_021() {
    // RUSMARC 021: "Если поле 021 приводится в записи, то приведение подполя 021$b и/или
    // 021$z - обязательно". NLR 358954: 021 $a RU $b 2002-54680 $9 2658.
    let record = nlr("358954");
    assert!(missing(&findings(&record), "021", "subfield-one-of").is_empty());
    let mut record = record;
    drop_subfields(&mut record, "021", b"b");
    let all = findings(&record);
    let h = missing(&all, "021", "subfield-one-of");
    assert_eq!(h.len(), 1, "{all:#?}");
    assert_eq!(h[0].get("codes"), Some("$b, $z"));
    assert_eq!(h[0].subfield, None);
}

#[test]
fn field_337_or_856_for_an_electronic_resource() {
    // RUSMARC 337: for electronic resources (Leader/06 l) with Leader/08 #, 0, 1; for remote
    // access "в случае отсутствия поля 856"; 856: "хотя бы одно из полей 337 или 856".
    // TPU RU\TPU\book\230931 (`nla2`, an article: below the highest level) has both.
    let recs = xml("conditions/tpu-230931_rusmarc.marcxml");
    let mut record = recs[0].clone();
    assert_eq!(record.leader.record_type(), b'l');
    assert!(missing(&findings(&record), "337", "record-type-one-of").is_empty());
    // As a record of the highest level (Leader/08 #) without 337: 856 is enough.
    record.leader.0[8] = b' ';
    record.fields.retain(|f| f.tag() != "337");
    assert!(missing(&findings(&record), "337", "record-type-one-of").is_empty());
    // Without 856 as well: one of them is missing.
    record.fields.retain(|f| f.tag() != "856");
    let all = findings(&record);
    let h = missing(&all, "337", "record-type-one-of");
    assert_eq!(h.len(), 1, "{all:#?}");
    assert_eq!(h[0].get("tags"), Some("337, 856"));
    // At level 2 nothing is required.
    record.leader.0[8] = b'2';
    assert!(missing(&findings(&record), "337", "record-type-one-of").is_empty());
}

#[test]
fn subfields_mandatory_whenever_their_field_is_there() {
    // RUSMARC 686 $a and $2: "Обязательное, если поле 686 присутствует в записи" (marked
    // mandatory with that note; the generator now keeps them mandatory). NLR 342681's 686s
    // have both; without $2 each occurrence is reported.
    let record = nlr("342681");
    let none = findings(&record);
    assert!(!none
        .iter()
        .any(|f| f.id == ids::MANDATORY_MISSING && f.tag.is_some_and(|t| t == "686")));
    let mut record = record;
    drop_subfields(&mut record, "686", b"2");
    let all = findings(&record);
    let h: Vec<_> = all
        .iter()
        .filter(|f| {
            f.id == ids::MANDATORY_MISSING
                && f.tag.is_some_and(|t| t == "686")
                && f.subfield == Some(b'2')
        })
        .collect();
    assert_eq!(h.len(), 2, "{all:#?}");
    let defs = Definitions::rusmarc();
    for (tag, code) in [("102", b'a'), ("122", b'a'), ("336", b'a'), ("852", b'a')] {
        let sub = defs
            .field_str(tag)
            .and_then(|d| d.subfield(code))
            .unwrap_or_else(|| panic!("{tag}"));
        assert!(sub.mandatory, "{tag} ${}", char::from(code));
    }
    // 200 $z's note names a condition ("если присутствует $d"): not mandatory in every 200.
    assert!(!defs
        .field_str("200")
        .and_then(|d| d.subfield(b'z'))
        .is_some_and(|s| s.mandatory));
}

#[test]
fn subfield_5_when_012_repeats_and_one_of_a_n_in_615() {
    // No real record in ../shared has 012 or 615. Built from NLR 358954 with the fields added
    // as RUSMARC describes them: 012 (fingerprint) twice without $5 → $5 required in each;
    // 615 $x only → one of $a/$n required; with $n → none.
    let mut record = nlr("358954");
    for _ in 0..2 {
        record.push(Field::data(
            "012",
            yozuv::Indicators::new(b' ', b' '),
            vec![Subfield::new(b'a', "i.e- s.t. l.t. DiVi (3) 1760 (Q)")],
        ));
    }
    record.push(Field::data(
        "615",
        yozuv::Indicators::new(b' ', b' '),
        vec![Subfield::new(b'x', "Подкатегория")],
    ));
    let all = findings(&record);
    assert_eq!(
        missing(&all, "012", "subfield-if-repeated").len(),
        2,
        "{all:#?}"
    );
    assert_eq!(missing(&all, "615", "subfield-one-of").len(), 1, "{all:#?}");
    // One 012, and 615 with $n: nothing required.
    record
        .fields
        .retain(|f| f.tag() != "012" || f.subfield(b'a').is_none());
    record.push(Field::data(
        "012",
        yozuv::Indicators::new(b' ', b' '),
        vec![Subfield::new(b'a', "i.e- s.t. l.t. DiVi (3) 1760 (Q)")],
    ));
    for field in record.fields.iter_mut().filter(|f| f.tag() == "615") {
        if let Field::Data { subfields, .. } = field {
            subfields.push(Subfield::new(b'n', "01"));
        }
    }
    let all = findings(&record);
    assert!(missing(&all, "012", "subfield-if-repeated").is_empty());
    assert!(missing(&all, "615", "subfield-one-of").is_empty());
}

#[test]
fn conditions_are_data() {
    // Every content condition comes from the generated data, each with its source wording.
    let defs = Definitions::rusmarc();
    let content: Vec<_> = defs
        .conditional_mandatory()
        .iter()
        .filter(|c| !c.is_leader_only())
        .collect();
    assert!(content.len() >= 20, "{}", content.len());
    assert!(content.iter().all(|c| c.source.starts_with("RUSMARC")));
    // MARC 21 and UNIMARC have none (no source in ../shared states such conditions for them).
    assert!(Definitions::marc21().conditional_mandatory().is_empty());
    assert!(Definitions::unimarc()
        .conditional_mandatory()
        .iter()
        .all(|c| c.is_leader_only()));
}
