//! Each definition-driven check on real records: one record that breaks it, one that does not.
//! Expected values were checked by hand against the LoC MARC 21 pages, the UNIMARC manual and
//! the RUSMARC 2015 description (cited per test), not taken from yozuv's output.

use yozuv::format::check::{self, ids, CheckOptions, Finding, SeverityHint};
use yozuv::format::{detect_flavour, Definitions, Flavour};
use yozuv::iso2709::{ReadMode, SliceReader};
use yozuv::{Record, Tag};

fn path(name: &str) -> String {
    format!(
        "{}/../../testdata/formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn records(file: &str) -> Vec<Record> {
    let data = std::fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    SliceReader::new(&data, ReadMode::Permissive)
        .filter_map(|r| r.ok())
        .filter_map(|r| r.to_record().ok())
        .collect()
}

/// Record `number` (from 1) of a file in testdata/formats.
fn record(name: &str, number: usize) -> Record {
    records(&path(name))
        .into_iter()
        .nth(number - 1)
        .expect("record present")
}

fn summerland() -> Record {
    records(&format!(
        "{}/../../testdata/iso2709/summerland.mrc",
        env!("CARGO_MANIFEST_DIR")
    ))
    .into_iter()
    .next()
    .expect("summerland")
}

fn run(record: &Record, defs: &Definitions) -> Vec<Finding> {
    check::check_record(record, defs, &CheckOptions::default())
}

fn with<'a>(findings: &'a [Finding], id: &str, tag: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.id == id && f.get("tag") == Some(tag))
        .collect()
}

fn none_of(findings: &[Finding], id: &str) {
    let hits: Vec<_> = findings.iter().filter(|f| f.id == id).collect();
    assert!(hits.is_empty(), "unexpected {id}: {hits:?}");
}

#[test]
fn clean_marc21_record_has_no_findings() {
    // Summerland (LoC record, marc4j test file): every field, indicator and code checked by hand.
    let findings = run(&summerland(), Definitions::marc21());
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn undefined_tag() {
    // LoC defines 650-658, 662, 688 and local 69X; 659 is not defined (Laval University record).
    let findings = run(
        &record("evergreen-lul_fre_100.mrc", 1),
        Definitions::marc21(),
    );
    let hits = with(&findings, ids::UNDEFINED_TAG, "659");
    assert!(!hits.is_empty());
    assert_eq!(hits[0].occurrence, Some(1));
    assert_eq!(hits[0].severity_hint, SeverityHint::Error);
    none_of(
        &run(&summerland(), Definitions::marc21()),
        ids::UNDEFINED_TAG,
    );
}

#[test]
fn local_9xx_allowed_by_option() {
    // Firenze record 1 carries local 981/982 fields.
    let rec = record("short.firenze.1977.mrc", 1);
    assert!(rec.fields.iter().any(|f| f.tag() == "981"));
    none_of(&run(&rec, Definitions::marc21()), ids::UNDEFINED_TAG);
    let mut strict = CheckOptions::default();
    strict.allow_local_tags = false;
    let findings = check::check_record(&rec, Definitions::marc21(), &strict);
    assert!(!with(&findings, ids::UNDEFINED_TAG, "981").is_empty());
    // A per-tag override silences a tag.
    let mut skip = strict.clone();
    skip.skip_tag(Tag::from_str_lossy("981"))
        .skip_tag(Tag::from_str_lossy("982"));
    let findings = check::check_record(&rec, Definitions::marc21(), &skip);
    assert!(with(&findings, ids::UNDEFINED_TAG, "981").is_empty());
}

#[test]
fn field_not_repeatable() {
    // Nepali record 1 has two 100 fields; LoC: 100 Main entry--personal name (NR).
    let findings = run(&record("evergreen-nepali.marc", 1), Definitions::marc21());
    let hits = with(&findings, ids::FIELD_NOT_REPEATABLE, "100");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].occurrence, Some(2));
    none_of(
        &run(&summerland(), Definitions::marc21()),
        ids::FIELD_NOT_REPEATABLE,
    );
}

#[test]
fn subfield_not_repeatable() {
    // Catmandu utf8.mrc: 650 #0 $aMARC$aMARC2; LoC 650 $a (NR). The first 650 ($aPerl) is fine.
    let findings = run(&record("catmandu-utf8.mrc", 1), Definitions::marc21());
    let hits = with(&findings, ids::SUBFIELD_NOT_REPEATABLE, "650");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].occurrence, Some(2));
    assert_eq!(hits[0].subfield, Some(b'a'));
    none_of(
        &run(&summerland(), Definitions::marc21()),
        ids::SUBFIELD_NOT_REPEATABLE,
    );
}

#[test]
fn invalid_indicator() {
    // yaz marc6: 100 10 — LoC 100 second indicator is undefined (blank).
    let findings = run(&record("yaz-marc6.marc", 1), Definitions::marc21());
    let hits = with(&findings, ids::INVALID_INDICATOR, "100");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].get("position"), Some("2"));
    assert_eq!(hits[0].get("value"), Some("0"));
    assert_eq!(hits[0].get("allowed"), Some("#"));
    none_of(
        &run(&summerland(), Definitions::marc21()),
        ids::INVALID_INDICATOR,
    );
}

#[test]
fn undefined_subfield() {
    // Evergreen hebrew record 1: 035 $b; LoC 035 defines $a $z $6 $8 only.
    let findings = run(&record("evergreen-hebrew.marc", 1), Definitions::marc21());
    let hits = with(&findings, ids::UNDEFINED_SUBFIELD, "035");
    assert!(hits.iter().any(|f| f.subfield == Some(b'b')));
    none_of(
        &run(&summerland(), Definitions::marc21()),
        ids::UNDEFINED_SUBFIELD,
    );
}

#[test]
fn obsolete_field_is_a_warning() {
    // lul_fre record 5 has 440 (Series statement/added entry--title), made obsolete by LoC in 2008.
    let findings = run(
        &record("evergreen-lul_fre_100.mrc", 5),
        Definitions::marc21(),
    );
    let hits = with(&findings, ids::OBSOLETE, "440");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].severity_hint, SeverityHint::Warning);
    assert_eq!(hits[0].get("element"), Some("field"));
    none_of(&run(&summerland(), Definitions::marc21()), ids::OBSOLETE);
}

#[test]
fn mandatory_missing() {
    // Catmandu utf8.mrc has no 008; the RSL RUSMARC record's 021 lacks $a (RUSMARC 021 $a mandatory).
    let findings = run(&record("catmandu-utf8.mrc", 1), Definitions::marc21());
    assert_eq!(with(&findings, ids::MANDATORY_MISSING, "008").len(), 1);
    let findings = run(
        &record("RuMoRGB.01003543129.1.rusmarc.iso", 1),
        Definitions::rusmarc(),
    );
    let hits = with(&findings, ids::MANDATORY_MISSING, "021");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].subfield, Some(b'a'));
    none_of(
        &run(&summerland(), Definitions::marc21()),
        ids::MANDATORY_MISSING,
    );
    // NLR record: 001, 100, 200 and 801 present. It is a printed book of 1789 (Leader
    // `nam2`, 06-07 "am") without 105, which RUSMARC 2015 makes mandatory "для печатных
    // монографических текстовых документов": that one, and nothing else, is missing.
    let nlr = record("NLR009673670.mrc", 1);
    let findings = run(&nlr, Definitions::rusmarc());
    let missing: Vec<_> = findings
        .iter()
        .filter(|f| f.id == ids::MANDATORY_MISSING)
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].tag, Some(Tag::from_str_lossy("105")));
    assert_eq!(missing[0].get("element"), Some("record-type"));
}

/// `record` with its leader position `at` set to `value` and the fields `drop` removed.
fn modified(mut record: Record, leader: &[(usize, u8)], drop: &[&str]) -> Record {
    for &(at, value) in leader {
        record.leader.0[at] = value;
    }
    record
        .fields
        .retain(|f| !drop.iter().any(|t| f.tag() == *t));
    record
}

fn missing_tags(findings: &[Finding]) -> Vec<String> {
    let mut tags: Vec<String> = findings
        .iter()
        .filter(|f| f.id == ids::MANDATORY_MISSING && f.get("element") == Some("record-type"))
        .filter_map(|f| f.tag.map(|t| t.as_str().to_string()))
        .collect();
    tags.sort();
    tags
}

#[test]
fn conditional_mandatory_fields_follow_the_leader() {
    // UNIMARC 101 is mandatory when the item contains language (Leader/06 a, b: language
    // materials). short.bnr #1 (`nam0`, Turkish text) has 101: nothing missing. Without its 101
    // it is reported, with the leader position and value that make it mandatory.
    let bnr = record("short.bnr.1993.mrc", 1);
    assert!(missing_tags(&run(&bnr, Definitions::unimarc())).is_empty());
    let no101 = run(
        &modified(bnr.clone(), &[], &["101"]),
        Definitions::unimarc(),
    );
    let hit = no101
        .iter()
        .find(|f| f.id == ids::MANDATORY_MISSING && f.tag == Some(Tag::from_str_lossy("101")))
        .expect("101 missing");
    assert_eq!(hit.get("position"), Some("06"));
    assert_eq!(hit.get("value"), Some("a"));
    // The same record as a map (Leader/06 e): UNIMARC 120, 123 and 206 are mandatory for
    // cartographic materials, 101 no longer is (a map need not contain language).
    let map = modified(bnr.clone(), &[(6, b'e')], &["101"]);
    assert_eq!(
        missing_tags(&run(&map, Definitions::unimarc())),
        ["120", "123", "206"]
    );
    // RUSMARC: 120, 123 and 206 only when Leader/08 is #, 0 or 1 (not for a part record, 2);
    // 210 too, for every kind of record ("Обязательное, если поз.8 маркера содержит значения
    // #, 0, 1") — the NLR part record has none.
    let nlr = record("NLR009673670.mrc", 1); // Leader `nam2`
    let map_part = modified(nlr.clone(), &[(6, b'e')], &[]);
    assert!(missing_tags(&run(&map_part, Definitions::rusmarc())).is_empty());
    let map_whole = modified(nlr.clone(), &[(6, b'e'), (8, b'0')], &[]);
    assert_eq!(
        missing_tags(&run(&map_whole, Definitions::rusmarc())),
        ["120", "123", "206", "210"]
    );
    // RUSMARC electronic resource (Leader/06 l, /08 0): 230 and 300 mandatory, and one of
    // 337/856; the NLR record has a 300 note and three 856 links, no 230 and no 210.
    let electronic = modified(nlr.clone(), &[(6, b'l'), (8, b'0')], &[]);
    assert_eq!(
        missing_tags(&run(&electronic, Definitions::rusmarc())),
        ["210", "230"]
    );
    // RUSMARC 105 for a printed monograph: the RSL record (`nam2`) has its 105.
    let rsl = record("RuMoRGB.01003543129.1.rusmarc.iso", 1);
    assert!(!missing_tags(&run(&rsl, Definitions::rusmarc())).contains(&"105".to_string()));
    // MARC 21 has no leader-conditional fields in the data.
    assert!(Definitions::marc21().conditional_mandatory().is_empty());
}

#[test]
fn fixed_field_code() {
    // Evergreen hebrew record 1 (books): 008/29 conference publication is blank; LoC allows 0, 1, |.
    let findings = run(&record("evergreen-hebrew.marc", 1), Definitions::marc21());
    let hits = with(&findings, ids::FIXED_FIELD_CODE, "008");
    assert!(hits
        .iter()
        .any(|f| f.get("position") == Some("29") && f.get("value") == Some("#")));
    none_of(
        &run(&summerland(), Definitions::marc21()),
        ids::FIXED_FIELD_CODE,
    );
    // UNIMARC 105$a/08 conference code must be 0 or 1: the union-catalogue record has a blank.
    let findings = run(
        &record("RuMoRGB.01010085686.svod.rusmarc.iso", 1),
        Definitions::rusmarc(),
    );
    let hits = with(&findings, ids::FIXED_FIELD_CODE, "105");
    assert!(hits
        .iter()
        .any(|f| f.get("position") == Some("08") && f.subfield == Some(b'a')));
}

#[test]
fn language_code() {
    // marc-charset cyrillic.marc: 008/35-37 "scc" — LoC discontinued scc (Serbian, now srp).
    let findings = run(
        &record("marc-charset-cyrillic.marc", 1),
        Definitions::marc21(),
    );
    let hits = with(&findings, ids::LANGUAGE_CODE, "008");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].get("status"), Some("discontinued"));
    assert_eq!(hits[0].severity_hint, SeverityHint::Warning);
    // RUSMARC 101 $a "|||" is not a language code.
    let findings = run(
        &record("RuMoRGB.01010085686.svod.rusmarc.iso", 1),
        Definitions::rusmarc(),
    );
    assert_eq!(with(&findings, ids::LANGUAGE_CODE, "101").len(), 1);
    none_of(
        &run(&summerland(), Definitions::marc21()),
        ids::LANGUAGE_CODE,
    );
    none_of(
        &run(&record("NLR009673670.mrc", 1), Definitions::rusmarc()),
        ids::LANGUAGE_CODE,
    );
}

#[test]
fn country_code() {
    // 008/15-17 "yu#" — LoC discontinued yu (Serbia and Montenegro).
    let findings = run(
        &record("marc-charset-cyrillic.marc", 1),
        Definitions::marc21(),
    );
    let hits = with(&findings, ids::COUNTRY_CODE, "008");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].get("value"), Some("yu#"));
    // RSL writes 102 $a "de" in lower case; ISO 3166-1 alpha-2 is DE.
    let findings = run(&record("01007496813.iso", 1), Definitions::rusmarc());
    let hits = with(&findings, ids::COUNTRY_CODE, "102");
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|f| f.get("status") == Some("case")));
    none_of(
        &run(&summerland(), Definitions::marc21()),
        ids::COUNTRY_CODE,
    );
    // NLR009673670 writes 102 $a "RU" (right) but 801 $a "rus": 801 $a is the ISO 3166-1
    // alpha-2 country of the originating agency (UNIMARC 801; RUSMARC examples "RU").
    let findings = run(&record("NLR009673670.mrc", 1), Definitions::rusmarc());
    assert!(with(&findings, ids::COUNTRY_CODE, "102").is_empty());
    let hits = with(&findings, ids::COUNTRY_CODE, "801");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].get("value"), Some("rus"));
}

#[test]
fn relator_code() {
    // Romanian record 3: 702 $4 "cop." is not a UNIMARC relator code (they are three digits).
    let findings = run(&record("short.bnr.1993.mrc", 3), Definitions::unimarc());
    let hits = with(&findings, ids::RELATOR_CODE, "702");
    assert!(hits.iter().any(|f| f.get("value") == Some("cop.")));
    // NLR records use 570 ("Other") and 070 (author) — valid UNIMARC codes.
    for rec in records(&path("nlr_rusmarc_cp1251.iso")) {
        none_of(&run(&rec, Definitions::rusmarc()), ids::RELATOR_CODE);
    }
}

#[test]
fn linkage_880() {
    // marc-charset hebrew1: 245 $6 880-01, but the 880 with occurrence 01 says 246-01, and there is no 246.
    let findings = run(
        &record("marc-charset-hebrew1.marc", 1),
        Definitions::marc21(),
    );
    let from_245 = with(&findings, ids::LINKAGE_880, "245");
    assert_eq!(from_245.len(), 1);
    assert_eq!(from_245[0].get("reason"), Some("no-880"));
    let from_880 = with(&findings, ids::LINKAGE_880, "880");
    assert!(from_880
        .iter()
        .any(|f| f.get("reason") == Some("no-field") && f.get("value") == Some("246-01")));
    // marc4j cyrillic_capital_e: 100/245/264/490/830 and their 880s link both ways, script (N;
    // 880 260-00 is an unlinked 880, which is allowed.
    none_of(
        &run(
            &record("marc4j-cyrillic_capital_e.mrc", 1),
            Definitions::marc21(),
        ),
        ids::LINKAGE_880,
    );
}

#[test]
fn embedded_field() {
    // bnr serial record 1: 421 $1 "000715458" — an embedded field must begin with a tag (001…).
    let findings = run(&record("serial.bnr.1993.mrc", 1), Definitions::unimarc());
    let hits = with(&findings, ids::EMBEDDED_FIELD, "421");
    assert!(hits
        .iter()
        .any(|f| f.get("reason") == Some("undefined-tag") && f.get("embedded") == Some("000")));
    // NLR 461 $1001…$12001 $a… and 604 $1700 1…$1501 1… are well formed.
    for rec in records(&path("nlr_rusmarc_cp1251.iso")) {
        none_of(&run(&rec, Definitions::rusmarc()), ids::EMBEDDED_FIELD);
    }
}

#[test]
fn heading_consistency() {
    // Nepali record 1: two 100 fields; MARC 21 allows one main entry (1XX).
    let findings = run(&record("evergreen-nepali.marc", 1), Definitions::marc21());
    let hits = with(&findings, ids::HEADING_CONSISTENCY, "100");
    assert!(hits
        .iter()
        .any(|f| f.get("reason") == Some("several-main-entries")));
    // NLR009673669: 700 in Cyrillic and again in Latin ($6 z01700, $7 ba): UNIMARC 3.11 alternative
    // script, not a second main entry (and not a repeated non-repeatable field).
    let findings = run(&record("NLR009673669.mrc", 1), Definitions::rusmarc());
    none_of(&findings, ids::HEADING_CONSISTENCY);
    none_of(&findings, ids::FIELD_NOT_REPEATABLE);
    none_of(&findings, ids::UNDEFINED_SUBFIELD);
    // Firenze record 1: 700 repeats the 100 heading "Branduardi, Angelo".
    let findings = run(&record("short.firenze.1977.mrc", 1), Definitions::marc21());
    let hits = with(&findings, ids::HEADING_CONSISTENCY, "700");
    assert!(hits.iter().any(
        |f| f.get("reason") == Some("added-entry-repeats-main") && f.get("main") == Some("100")
    ));
    none_of(
        &run(&summerland(), Definitions::marc21()),
        ids::HEADING_CONSISTENCY,
    );
}

#[test]
fn non_bibliographic_record_reports_only_its_type() {
    // A record whose Leader/06 is not a bibliographic type: only the leader finding.
    let mut rec = summerland();
    rec.leader.0[6] = b'z';
    let findings = run(&rec, Definitions::marc21());
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].id, ids::FIXED_FIELD_CODE);
    assert_eq!(findings[0].get("position"), Some("06"));
}

#[test]
fn flavour_detection() {
    assert_eq!(detect_flavour(&summerland()).flavour, Flavour::Marc21);
    // The trap: labelled UNIMARC by its source, but 008/245/260/773 MARC 21 fields.
    for rec in records(&path("short.firenze.1977.mrc")) {
        let guess = detect_flavour(&rec);
        assert_eq!(guess.flavour, Flavour::Marc21, "{:?}", guess.evidence);
    }
    for rec in records(&path("short.bnr.1993.mrc")) {
        let guess = detect_flavour(&rec);
        assert_eq!(guess.flavour, Flavour::Unimarc, "{:?}", guess.evidence);
        assert!(guess.confident);
    }
    for rec in records(&path("nlr_rusmarc_cp1251.iso")) {
        let guess = detect_flavour(&rec);
        assert_eq!(guess.flavour, Flavour::Rusmarc, "{:?}", guess.evidence);
        assert!(guess.confident);
    }
}

#[test]
fn every_check_id_is_listed_and_namespaced() {
    for id in ids::ALL {
        assert!(id.starts_with("format."), "{id}");
    }
    assert_eq!(ids::ALL.len(), 16);
}

#[test]
fn undefined_fixed_positions_hold_blank_or_fill() {
    // LoC: every "Undefined" character position of 006/007/008 "contains a blank (#) or fill
    // character (|)" (e.g. bd008c.html, 008/18-21 of computer files; bd007c.html 007/02).
    // marc-perl's marc-mij test record 1 (read with yaz-marcdump) writes `^` for blanks:
    //   006 m^^^^^^^^d^^^^^^^^   computer file: 01-04, 07-08, 10, 12-17 undefined
    //   007 cr^bn^---auaua       electronic resource: 02 undefined
    //   008 880715s1968^^^^nyuae^^^^b^^^|00100^eng^^   book: 008/32 = `0`, undefined now,
    //       formerly "Main entry in body of entry [OBSOLETE]" 0/1 (the LoC concise list)
    let defs = Definitions::marc21();
    let rec = record("marc21-mij-test.mrc", 1);
    let f = run(&rec, defs);
    let undefined = |tag: &str, id: &str| -> Vec<String> {
        with(&f, id, tag)
            .into_iter()
            .filter(|x| x.get("name") == Some("Undefined"))
            .filter_map(|x| x.get("position").map(str::to_string))
            .collect()
    };
    let mut p006 = undefined("006", ids::FIXED_FIELD_CODE);
    p006.sort();
    // 006/01-04 is cut at 01 and 02, where 008/18 Frequency and 008/19 Regularity of computer
    // files were defined until made obsolete (the concise list's [OBSOLETE] entries).
    assert_eq!(p006, ["01", "02", "03-04", "07-08", "10", "12-17"], "{f:?}");
    assert_eq!(undefined("007", ids::FIXED_FIELD_CODE), ["02"]);
    let old = with(&f, ids::OBSOLETE, "008");
    let old: Vec<_> = old
        .iter()
        .filter(|x| x.get("name") == Some("Undefined"))
        .collect();
    assert_eq!(old.len(), 1, "{f:?}");
    assert_eq!(old[0].get("position"), Some("32"));
    assert_eq!(old[0].get("value"), Some("0"));
    assert_eq!(old[0].severity_hint, SeverityHint::Warning);
    // RSL 01007496813: 008 `120411s1699    gw            000 0 heb d`, 008/32 blank; no 006/007.
    let clean = run(&record("marc21-ru-01007496813.mrc", 1), defs);
    assert!(
        !clean.iter().any(|x| x.get("name") == Some("Undefined")),
        "{clean:?}"
    );
}
