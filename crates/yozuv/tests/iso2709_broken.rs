//! What the reader reports for each damaged ISO 2709 file of ../shared/testdata/marc21/broken.
//! Expectations come from the PROVENANCE descriptions and the peers' facts (pymarc's
//! bad_records.mrc sequence, mrrc's error fixtures), checked by hand against the bytes.

use std::path::Path;

use yozuv::iso2709::{ReadMode, SliceReader};
use yozuv::{Damage, Error};

/// One record as read: `Ok(warning ids with byte offsets)` or `Err((damage id, byte))`.
type Outcome = Result<Vec<(&'static str, u64)>, (&'static str, u64)>;

struct Read {
    records: Vec<Outcome>,
    trailing_junk: Option<(u64, usize)>,
    tags: Vec<Vec<String>>,
}

fn read(name: &str, mode: ReadMode) -> Read {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/marc21/broken")
        .join(name);
    let data = std::fs::read(path).unwrap();
    let mut reader = SliceReader::new(&data, mode);
    let mut records = Vec::new();
    let mut tags = Vec::new();
    for item in reader.by_ref() {
        match item {
            Ok(raw) => {
                tags.push(raw.fields().map(|f| f.tag().to_string()).collect());
                records.push(Ok(raw
                    .warnings()
                    .iter()
                    .map(|w| (w.damage.id(), w.position.byte))
                    .collect()));
            }
            Err(Error::Damaged {
                position,
                damage,
                raw,
                ..
            }) => {
                assert!(!raw.is_empty(), "{name}: a damaged record keeps its bytes");
                tags.push(Vec::new());
                records.push(Err((damage.id(), position.byte)));
            }
            Err(e) => panic!("{name}: unexpected error {e}"),
        }
    }
    Read {
        records,
        trailing_junk: reader.trailing_junk(),
        tags,
    }
}

fn ids(o: &Outcome) -> Vec<&'static str> {
    match o {
        Ok(w) => w.iter().map(|(id, _)| *id).collect(),
        Err((id, _)) => vec![id],
    }
}

#[test]
fn pymarc_bad_records_sequence() {
    // pymarc: ok, BaseAddressInvalid, BaseAddressNotFound, RecordDirectoryInvalid,
    // non-ASCII in directory, non-digit base address, NoFieldsFound, ok.
    let r = read("pymarc-bad_records.mrc", ReadMode::Permissive);
    assert_eq!(r.records.len(), 8);
    assert_eq!(r.records[0], Ok(vec![]));
    // Base address 99937 lies past the end: the directory terminator gives the real one.
    assert_eq!(
        r.records[1],
        Ok(vec![("iso2709.base-address-invalid", 127 + 12)])
    );
    // Base address 0.
    assert_eq!(
        r.records[2],
        Ok(vec![("iso2709.base-address-invalid", 254 + 12)])
    );
    // A 13-byte directory.
    assert_eq!(r.records[3], Err(("iso2709.directory-length", 381 + 24)));
    // 'ù' (C3 B9) inside the first entry's length.
    assert_eq!(
        r.records[4],
        Err(("iso2709.directory-not-ascii", 509 + 24 + 3))
    );
    // Base address "f0037".
    assert_eq!(
        r.records[5],
        Ok(vec![("iso2709.base-address-invalid", 637 + 12)])
    );
    assert_eq!(r.records[6], Err(("iso2709.no-fields", 764 + 24)));
    assert_eq!(r.records[7], Ok(vec![]));
    assert_eq!(r.trailing_junk, Some((917, 1)));

    // Strict mode refuses every repaired record too.
    let s = read("pymarc-bad_records.mrc", ReadMode::Strict);
    let refused: Vec<bool> = s.records.iter().map(Result::is_err).collect();
    assert_eq!(refused, [false, true, true, true, true, true, true, false]);
}

#[test]
fn leader_length_that_disagrees_with_the_terminator() {
    // File_MARC wronglen.mrc: leader says 727, the record ends at byte 741.
    let r = read("file_marc-wronglen.mrc", ReadMode::Permissive);
    assert_eq!(r.records.len(), 1);
    assert_eq!(ids(&r.records[0])[0], "iso2709.record-length-mismatch");
    assert_eq!(r.trailing_junk, Some((741, 1)));
    assert!(read("file_marc-wronglen.mrc", ReadMode::Strict).records[0].is_err());
}

#[test]
fn one_inserted_byte_shifts_later_fields_and_is_repaired() {
    // pymarc bad_subfield_code.dat: leader says 755 but the record is 756 bytes; 245 is
    // one byte longer than its directory entry, so every later field starts one byte on.
    let r = read("pymarc-bad_subfield_code.dat", ReadMode::Permissive);
    let w = ids(&r.records[0]);
    assert_eq!(w[0], "iso2709.record-length-mismatch");
    assert_eq!(w[1], "iso2709.field-length-mismatch");
    assert!(w[2..]
        .iter()
        .all(|id| *id == "iso2709.field-start-mismatch"));
    assert_eq!(r.tags[0].len(), 18);
}

#[test]
fn marc4j_error_sample_is_repaired() {
    let r = read("marc4j-error.mrc", ReadMode::Permissive);
    assert_eq!(r.records.len(), 1);
    assert_eq!(ids(&r.records[0])[0], "iso2709.record-length-mismatch");
    assert!(ids(&r.records[0]).contains(&"iso2709.field-length-mismatch"));
}

#[test]
fn junk_between_records() {
    // MARC::Record filler.usmarc: a NUL before record 1, 9 filler bytes before record 2,
    // LF after the last record.
    let r = read("marc-record-filler.usmarc", ReadMode::Permissive);
    assert_eq!(r.records.len(), 3);
    assert_eq!(r.records[0], Ok(vec![("iso2709.junk-before-record", 0)]));
    assert_eq!(r.records[1], Ok(vec![("iso2709.junk-before-record", 756)]));
    assert_eq!(r.records[2], Ok(vec![]));
    assert_eq!(r.trailing_junk, Some((2017, 1)));

    // qa-catalogue: 20 records, each followed by a newline.
    let r = read("qa-catalogue-000-line-seperated.mrc", ReadMode::Permissive);
    assert_eq!(r.records.len(), 20);
    assert_eq!(r.records[0], Ok(vec![]));
    assert!(r.records[1..]
        .iter()
        .all(|o| ids(o) == ["iso2709.junk-before-record"]));
    assert!(r.trailing_junk.is_some());
}

#[test]
fn stray_bytes_after_the_last_record() {
    // sample1eof.usmarc: one record and one stray byte.
    let r = read("marc-record-sample1eof.usmarc", ReadMode::Permissive);
    assert_eq!(r.records, vec![Ok(vec![])]);
    assert_eq!(r.trailing_junk, Some((240, 1)));
    // pymarc bad_indicator.dat: one record padded with 821 blanks.
    let r = read("pymarc-bad_indicator.dat", ReadMode::Permissive);
    assert_eq!(r.records.len(), 1);
    assert_eq!(r.trailing_junk, Some((1159, 821)));
}

#[test]
fn badldr_has_a_stray_terminator_and_a_stray_byte() {
    // badldr.usmarc: 6 records, an empty "record" (a lone 0x1D) and a final '7'.
    let r = read("marc-record-badldr.usmarc", ReadMode::Permissive);
    assert_eq!(r.records.len(), 6);
    assert_eq!(r.records[2], Ok(vec![("iso2709.junk-before-record", 472)]));
    assert_eq!(r.trailing_junk, Some((1717, 1)));
}

#[test]
fn directory_without_terminator() {
    // MARC::Record baddir.usmarc: the directory's terminator is a 0x1F.
    let r = read("marc-record-baddir.usmarc", ReadMode::Permissive);
    assert_eq!(
        r.records[0],
        Ok(vec![("iso2709.directory-no-terminator", 144)])
    );
    assert_eq!(r.tags[0].len(), 10);
    // mrrc E101: directory of 3 entries, no terminator, base address one too far.
    let r = read(
        "mrrc-e101_directory_no_terminator.bin",
        ReadMode::Permissive,
    );
    let w = ids(&r.records[0]);
    assert_eq!(w[0], "iso2709.directory-no-terminator");
    assert_eq!(r.tags[0], ["100", "245", "650"]);
    assert!(read("mrrc-e101_directory_no_terminator.bin", ReadMode::Strict).records[0].is_err());
}

#[test]
fn mrrc_error_fixtures() {
    let r = read(
        "mrrc-e001_record_length_non_digit.bin",
        ReadMode::Permissive,
    );
    assert_eq!(
        r.records,
        vec![Ok(vec![("iso2709.record-length-invalid", 0)])]
    );
    let r = read("mrrc-e003_base_address_below_24.bin", ReadMode::Permissive);
    assert_eq!(
        r.records,
        vec![Ok(vec![("iso2709.base-address-invalid", 12)])]
    );
    for (name, len) in [
        ("mrrc-e005_truncated_record.bin", 100),
        ("mrrc-e006_no_record_terminator.bin", 150),
    ] {
        let r = read(name, ReadMode::Permissive);
        assert_eq!(r.records.len(), 1, "{name}");
        assert_eq!(ids(&r.records[0])[0], "iso2709.truncated", "{name}");
        let s = read(name, ReadMode::Strict);
        assert_eq!(s.records, vec![Err(("iso2709.truncated", len))], "{name}");
    }
}

#[test]
fn truncated_last_record_keeps_the_rest() {
    // xbib zdblokutf8.mrc: 293 records, the file cut inside the last one.
    let r = read("xbib-zdblokutf8.mrc", ReadMode::Permissive);
    assert_eq!(r.records.len(), 293);
    assert!(r.records[..292].iter().all(|o| o == &Ok(vec![])));
    assert_eq!(ids(&r.records[292])[0], "iso2709.truncated");
    let s = read("xbib-zdblokutf8.mrc", ReadMode::Strict);
    assert_eq!(s.records.iter().filter(|o| o.is_err()).count(), 1);
}

#[test]
fn leader_10_11_not_2() {
    let r = read("marc4j-bad_leaders_10_11.mrc", ReadMode::Permissive);
    let w = ids(&r.records[0]);
    assert_eq!(
        &w[..2],
        ["iso2709.indicator-count", "iso2709.subfield-code-length"]
    );
}

#[test]
fn directory_out_of_data_order() {
    let r = read(
        "marc4j-unordered-directory-entries.mrc",
        ReadMode::Permissive,
    );
    assert_eq!(
        r.records,
        vec![Ok(vec![("iso2709.entries-out-of-order", 24)])]
    );
    assert!(read("marc4j-unordered-directory-entries.mrc", ReadMode::Strict).records[0].is_err());
}

#[test]
fn oversize_record_is_read_whole() {
    // MARC4J bad_hathi_records.mrc: record 4 is about 1 MB with leader length 99999.
    let r = read("marc4j-bad_hathi_records.mrc", ReadMode::Permissive);
    assert_eq!(r.records.len(), 5);
    assert_eq!(ids(&r.records[3])[0], "iso2709.record-length-mismatch");
    assert!(r.tags[3].len() > 10_000);
}

#[test]
fn tags_that_are_not_digits() {
    // ruby-marc non-numeric.dat holds alphanumeric tags, which ISO 2709 allows.
    let r = read("ruby-marc-non-numeric.dat", ReadMode::Permissive);
    assert_eq!(r.records.len(), 1);
    assert!(r.tags[0]
        .iter()
        .any(|t| t.bytes().any(|b| b.is_ascii_alphabetic())));
    // File_MARC bad_example.mrc has a tag "30-".
    let r = read("file_marc-bad_example.mrc", ReadMode::Permissive);
    assert!(ids(&r.records[0]).contains(&"iso2709.tag-invalid"));
}

#[test]
fn subfield_code_that_is_not_printable() {
    let r = read(
        "mrrc-e202_non_printable_subfield_code.bin",
        ReadMode::Permissive,
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/marc21/broken/mrrc-e202_non_printable_subfield_code.bin");
    let data = std::fs::read(path).unwrap();
    let raw = SliceReader::new(&data, ReadMode::Permissive)
        .next()
        .unwrap()
        .unwrap();
    let record = raw.to_record().unwrap();
    assert!(record
        .warnings
        .iter()
        .any(|w| matches!(w.damage, Damage::SubfieldCodeInvalid { code: 0 })));
    assert_eq!(r.records.len(), 1);
}

#[test]
fn every_broken_iso_file_reads_without_panic_in_both_modes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/marc21/broken");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        for mode in [ReadMode::Strict, ReadMode::Permissive] {
            for raw in SliceReader::new(&data, mode).flatten() {
                let _ = raw.to_record();
            }
        }
    }
}
