//! Misaligned fixed-length fields (`format.fixed-field-misaligned`) on real records from
//! ../shared/testdata (copied to testdata/formats/misaligned/, see PROVENANCE.md).
//!
//! Expected values were found by reading the bytes against the LoC MARC 21 008/006/007
//! character positions, not taken from yozuv's output:
//! * OBP 991017089368408966: 008 (books) is 41 characters; the language code `eng` stands at
//!   36-38 and the cataloging source `d` at 40: one character too many before 008/35.
//! * OBP 991017089369208966: 008 is 41 characters but only a blank was added at the end (`eng`
//!   at 35-37, `d` at 39): no shift.
//! * OBP 991017496173808966: 006 (books, form `a`) is 17 characters, 18 expected; `s` (form of
//!   item `s` online, 006/06) stands at 05 (target audience, where `s` is undefined) and the
//!   006/12-17 codes `000 0d` stand one position early: one character dropped before 006/05.
//! * marc4j Pride and Prejudice 3816790: 008 (visual) is 34 characters and starts `p2006`:
//!   the six characters of 008/00-05 (date entered) are missing, Date 1 `2006` is at 01-04.
//! * marctools testsample4: 007 (electronic resource, 14 positions 00-13) is `cr  an ---uuuuu`,
//!   15 characters; image bit depth `---` (007/06-08) stands at 07-09: one blank too many
//!   at 007/02-03.
//! * Evergreen 16-9992272: 008 (books) is 40 characters, but `eng` stands at 34-36 and the
//!   cataloging source at 39 is `0`: the end of the field is displaced by one.

use yozuv::format::check::{self, ids, CheckOptions, Finding};
use yozuv::format::Definitions;
use yozuv::iso2709::{ReadMode, SliceReader};
use yozuv::Record;

fn records(name: &str) -> Vec<Record> {
    let file = format!(
        "{}/../../testdata/formats/misaligned/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    SliceReader::new(&data, ReadMode::Permissive)
        .filter_map(|r| r.ok())
        .filter_map(|r| r.to_record().ok())
        .collect()
}

fn findings(record: &Record) -> Vec<Finding> {
    check::check_record(record, Definitions::marc21(), &CheckOptions::default())
}

/// The findings on fixed positions of `tag` (per position, or the misalignment).
fn on_tag<'a>(findings: &'a [Finding], tag: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.tag.is_some_and(|t| t == tag) && f.get("position").is_some())
        .collect()
}

fn misaligned<'a>(findings: &'a [Finding], tag: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.id == ids::FIXED_FIELD_MISALIGNED && f.tag.is_some_and(|t| t == tag))
        .collect()
}

fn start(f: &Finding) -> usize {
    f.get("position")
        .and_then(|p| p.get(..2))
        .and_then(|p| p.parse().ok())
        .expect("position")
}

#[test]
fn inserted_character_before_the_language_code_is_one_finding() {
    let recs = records("obp-392-395-457-1.mrc");
    assert_eq!(recs[0].control_value("001"), Some("991017089368408966"));
    let all = findings(&recs[0]);
    let found = misaligned(&all, "008");
    assert_eq!(found.len(), 1, "{all:#?}");
    let f = found[0];
    assert_eq!(f.get("shift"), Some("+1"));
    assert_eq!(f.get("length"), Some("41"));
    assert_eq!(f.get("expected"), Some("40"));
    assert_eq!(f.get("name"), Some("Language"));
    assert_eq!(f.get("position"), Some("35-37"));
    assert_eq!(f.get("value"), Some("eng"));
    assert_eq!(f.get("found_at"), Some("36-38"));
    // The insertion is before 008/35; Date 1, Date 2 and the country (07-17) fit unshifted.
    let to: usize = f.get("to").and_then(|v| v.parse().ok()).expect("to");
    let from: usize = f.get("from").and_then(|v| v.parse().ok()).expect("from");
    assert!(from >= 18 && to <= 35 && from <= to, "{f:?}");
    // No per-position finding is left at or after the shift (008/38 `g`, 008/34 `0` … were
    // reported one by one before).
    let unchecked: usize = f
        .get("unchecked")
        .and_then(|u| u.get(..2))
        .and_then(|u| u.parse().ok())
        .expect("unchecked");
    assert!(unchecked <= 35);
    for other in on_tag(&all, "008") {
        if other.id != ids::FIXED_FIELD_MISALIGNED {
            assert!(start(other) < unchecked, "left: {other:?}");
        }
    }
}

#[test]
fn blank_added_at_the_end_is_not_a_shift() {
    let recs = records("obp-392-395-457-1.mrc");
    assert_eq!(recs[1].control_value("001"), Some("991017089369208966"));
    assert!(misaligned(&findings(&recs[1]), "008").is_empty());
}

#[test]
fn dropped_character_in_006() {
    let recs = records("obp-392-395-457-1.mrc");
    assert_eq!(recs[2].control_value("001"), Some("991017496173808966"));
    let all = findings(&recs[2]);
    let found = misaligned(&all, "006");
    assert_eq!(found.len(), 1, "{all:#?}");
    assert_eq!(found[0].get("shift"), Some("-1"));
    assert_eq!(found[0].get("length"), Some("17"));
    assert_eq!(found[0].get("expected"), Some("18"));
    // 006/00 (form of material `a`) is before the shift and still checked.
    assert!(on_tag(&all, "006")
        .iter()
        .all(|f| f.id == ids::FIXED_FIELD_MISALIGNED || start(f) >= 1));
    // Its 008 is well formed.
    assert!(misaligned(&all, "008").is_empty());
}

#[test]
fn missing_date_entered_is_one_finding() {
    let recs = records("pride-200-2.mrc");
    assert_eq!(recs[0].control_value("001"), Some("3816790"));
    let all = findings(&recs[0]);
    let found = misaligned(&all, "008");
    assert_eq!(found.len(), 1, "{all:#?}");
    let f = found[0];
    assert_eq!(f.get("shift"), Some("-6"));
    assert_eq!(f.get("name"), Some("Date 1"));
    assert_eq!(f.get("value"), Some("2006"));
    assert_eq!(f.get("found_at"), Some("01-04"));
    assert_eq!(
        on_tag(&all, "008").len(),
        1,
        "every other 008 finding is explained by the shift"
    );
}

#[test]
fn extra_blank_in_007() {
    let recs = records("marctools-journals-4-1.mrc");
    assert_eq!(recs[0].control_value("001"), Some("testsample4"));
    let all = findings(&recs[0]);
    let found = misaligned(&all, "007");
    assert_eq!(found.len(), 1, "{all:#?}");
    assert_eq!(found[0].get("shift"), Some("+1"));
    assert_eq!(found[0].get("position"), Some("06-08"));
    assert_eq!(found[0].get("value"), Some("---"));
    assert_eq!(found[0].get("found_at"), Some("07-09"));
    assert_eq!(on_tag(&all, "007").len(), 1);
}

#[test]
fn displaced_end_of_a_40_character_008() {
    let recs = records("evergreen-oss-37-1.marc");
    assert_eq!(recs[0].control_value("001"), Some("16-9992272"));
    let all = findings(&recs[0]);
    let found = misaligned(&all, "008");
    assert_eq!(found.len(), 1, "{all:#?}");
    assert_eq!(found[0].get("shift"), Some("-1"));
    assert_eq!(found[0].get("value"), Some("eng"));
    assert_eq!(found[0].get("found_at"), Some("34-36"));
    assert_eq!(found[0].get("length"), Some("40"));
}

#[test]
fn well_formed_fields_give_no_misalignment() {
    for (file, index) in [
        ("obp-392-395-457-1.mrc", 3),
        ("pride-200-2.mrc", 1),
        ("marctools-journals-4-1.mrc", 1),
        ("evergreen-oss-37-1.marc", 1),
    ] {
        let recs = records(file);
        let all = findings(&recs[index]);
        assert!(
            all.iter().all(|f| f.id != ids::FIXED_FIELD_MISALIGNED),
            "{file} #{index}: {all:#?}"
        );
    }
}

/// Of the 460 real OBP records, only the two with a shifted 006/008 are flagged (record 395,
/// with a blank added at the end of its 008, is not).
#[test]
fn no_misalignment_on_the_well_formed_obp_records() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/marc21/large/obp-open-book-publishers-2025-12.mrc"
    );
    let Ok(data) = std::fs::read(file) else {
        eprintln!("skipped: {file} not present");
        return;
    };
    let mut flagged = Vec::new();
    for raw in SliceReader::new(&data, ReadMode::Permissive).flatten() {
        let Ok(record) = raw.to_record() else {
            continue;
        };
        if findings(&record)
            .iter()
            .any(|f| f.id == ids::FIXED_FIELD_MISALIGNED)
        {
            flagged.push(record.control_value("001").unwrap_or("").to_string());
        }
    }
    assert_eq!(flagged, ["991017089368408966", "991017496173808966"]);
}

/// The NLR record (cp1251 IRBIS export in testdata/formats) whose 001 ends with `id`.
fn nlr(id: &str) -> Record {
    let file = format!(
        "{}/../../testdata/formats/nlr_rusmarc_cp1251.iso",
        env!("CARGO_MANIFEST_DIR")
    );
    let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    SliceReader::new(&data, ReadMode::Permissive)
        .filter_map(|r| r.ok())
        .filter_map(|r| r.to_record().ok())
        .find(|r| {
            r.control_value("001")
                .is_some_and(|v| v.ends_with(&format!("\\{id}")))
        })
        .expect("NLR record")
}

#[test]
fn unimarc_100_a_with_a_dropped_character() {
    // NLR 358954: 100 $a "20030109d2002    u  y0rusy0189    ca" — 36 characters, every
    // position defined by UNIMARC/RUSMARC 100$a fits (d = type of date, y0 = government
    // publication and modified record code, rus = language of cataloguing, 01/89 = character
    // sets, ca = Cyrillic script). No real record in ../shared has a shifted 100$a; this one
    // with its 4th character (of the date entered on file, 0-7) dropped: everything from 100$a/08
    // on stands one position early — `rus` at 21-23 instead of 22-24.
    use yozuv::format::check::ids;
    let record = nlr("358954");
    let defs = Definitions::rusmarc();
    let clean = check::check_record(&record, defs, &CheckOptions::default());
    assert!(
        clean.iter().all(|f| f.tag.map_or(true, |t| t != "100")),
        "{clean:#?}"
    );
    let mut shifted = record.clone();
    for field in shifted.fields.iter_mut().filter(|f| f.tag() == "100") {
        if let yozuv::Field::Data { subfields, .. } = field {
            for s in subfields.iter_mut().filter(|s| s.code == b'a') {
                s.value.remove(3);
            }
        }
    }
    let all = check::check_record(&shifted, defs, &CheckOptions::default());
    let on_100: Vec<_> = all
        .iter()
        .filter(|f| f.tag.is_some_and(|t| t == "100"))
        .collect();
    assert_eq!(on_100.len(), 1, "{on_100:#?}");
    let f = on_100[0];
    assert_eq!(f.id, ids::FIXED_FIELD_MISALIGNED);
    assert_eq!(f.subfield, Some(b'a'));
    assert_eq!(f.get("tag"), Some("100$a"));
    assert_eq!(f.get("shift"), Some("-1"));
    assert_eq!(f.get("length"), Some("35"));
    assert_eq!(f.get("expected"), Some("36"));
    assert_eq!(f.get("position"), Some("22-24"));
    assert_eq!(f.get("value"), Some("rus"));
    assert_eq!(f.get("found_at"), Some("21-23"));
    // 100$a/08 (type of date) is the first defined position after the dropped character.
    assert_eq!(f.get("unchecked"), Some("08-35"));
}
