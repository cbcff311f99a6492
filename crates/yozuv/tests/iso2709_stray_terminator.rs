//! A field terminator inside a field whose declared length still lands on a terminator.
//!
//! Such a record looks sound to a check of the declared ends alone; the parser counts the
//! terminators of the whole data area once and must still find the stray one (ISO 2709:
//! a field ends at its first field terminator). Records are built here byte by byte; the
//! expected offsets are worked out by hand in the comments.

use yozuv::iso2709::ReadMode;
use yozuv::{Damage, Error, RawRecord};

/// A record with these `(tag, data)` fields, each data ending in its field terminator,
/// laid out in directory order with the directory's declared lengths and starts.
fn record(fields: &[(&str, &[u8])]) -> Vec<u8> {
    let mut directory = Vec::new();
    let mut data = Vec::new();
    for (tag, bytes) in fields {
        directory.extend_from_slice(tag.as_bytes());
        directory.extend_from_slice(format!("{:04}{:05}", bytes.len(), data.len()).as_bytes());
        data.extend_from_slice(bytes);
    }
    directory.push(0x1E);
    let base = 24 + directory.len();
    let length = base + data.len() + 1;
    let mut out = format!("{length:05}nam a22{base:05}   4500").into_bytes();
    out.extend_from_slice(&directory);
    out.extend_from_slice(&data);
    out.push(0x1D);
    out
}

const F001: &[u8] = b"rec-1\x1e";
const F500: &[u8] = b"  \x1faNote.\x1e";

#[test]
fn sound_record_is_sound() {
    let bytes = record(&[("001", F001), ("245", b"10\x1faTitle\x1e"), ("500", F500)]);
    let raw = RawRecord::parse(&bytes, 1, 0, ReadMode::Strict).expect("sound");
    let tags: Vec<_> = raw.fields().map(|f| f.tag().to_string()).collect();
    assert_eq!(tags, ["001", "245", "500"]);
    assert_eq!(raw.fields().nth(1).unwrap().data(), b"10\x1faTitle");
}

#[test]
fn stray_terminator_inside_a_field_is_reported_and_ends_the_field() {
    // 245 declares 16 bytes "10\x1faTitle\x1e more\x1e": its declared end is a terminator,
    // but the first one is its 10th byte. Directory: 3 entries, base = 24 + 36 + 1 = 61;
    // 245 is entry 1 (directory byte 36) and starts at data offset 6 (after "rec-1\x1e").
    let bytes = record(&[
        ("001", F001),
        ("245", b"10\x1faTitle\x1e more\x1e"),
        ("500", F500),
    ]);
    let raw = RawRecord::parse(&bytes, 1, 0, ReadMode::Permissive).expect("repaired");
    let found: Vec<_> = raw
        .warnings()
        .iter()
        .map(|w| (w.damage.clone(), w.position.byte))
        .collect();
    assert_eq!(
        found,
        [(
            Damage::FieldLengthMismatch {
                declared: 16,
                actual: 10
            },
            36
        )]
    );
    let f245 = raw.fields().nth(1).unwrap();
    assert_eq!(f245.data(), b"10\x1faTitle");
    assert_eq!(raw.fields().nth(2).unwrap().data(), b"  \x1faNote.");

    match RawRecord::parse(&bytes, 1, 0, ReadMode::Strict) {
        Err(Error::Damaged { damage, .. }) => assert_eq!(
            damage,
            Damage::FieldLengthMismatch {
                declared: 16,
                actual: 10
            }
        ),
        other => panic!("strict mode must refuse the record: {other:?}"),
    }
}

#[test]
fn stray_terminator_in_the_last_field_is_reported() {
    // The last field: the bytes after its first terminator are data after the last field.
    let bytes = record(&[("001", F001), ("500", b"  \x1faNo\x1ete.\x1e")]);
    let raw = RawRecord::parse(&bytes, 1, 0, ReadMode::Permissive).expect("repaired");
    let ids: Vec<_> = raw.warnings().iter().map(|w| w.damage.id()).collect();
    assert_eq!(
        ids,
        [
            "iso2709.field-length-mismatch",
            "iso2709.data-after-last-field"
        ]
    );
    assert_eq!(raw.fields().nth(1).unwrap().data(), b"  \x1faNo");
}
