//! Property tests: arbitrary bytes never panic a reader; generated records round-trip.

use proptest::prelude::*;
use yozuv::encoding::{Charset, DecodeOptions};
use yozuv::iso2709::{ReadMode, Reader, SliceReader};
use yozuv::{Field, Indicators, Leader, Record, Subfield};

fn read_everything(data: &[u8]) {
    for mode in [ReadMode::Strict, ReadMode::Permissive] {
        let mut bytes_seen = 0usize;
        let mut slice = SliceReader::new(data, mode);
        for item in slice.by_ref() {
            match item {
                Ok(raw) => {
                    bytes_seen += raw.as_bytes().len();
                    for f in raw.fields() {
                        let _ = f.subfields().count();
                    }
                    let _ = raw.to_record();
                }
                Err(e) => bytes_seen += e.raw_bytes().map_or(0, <[u8]>::len),
            }
        }
        // Nothing is lost: record bytes plus junk account for the whole input.
        let junk: usize = slice.junk().iter().map(|&(_, n)| n).sum();
        assert_eq!(bytes_seen + junk, data.len());
        let _ = Reader::new(data, mode).count();
    }
}

fn text() -> impl Strategy<Value = String> {
    // Any text without the three ISO 2709 separators.
    "[^\u{1d}\u{1e}\u{1f}]{0,40}"
}

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        (1u8..10, text()).prop_map(|(n, v)| Field::control(&format!("00{n}"), v)),
        (
            10u16..1000,
            "[a-z0-9 ]",
            "[a-z0-9 ]",
            prop::collection::vec(("[a-z0-9]", text()), 0..6)
        )
            .prop_map(|(tag, i1, i2, subs)| Field::data(
                &format!("{tag:03}"),
                Indicators::new(i1.as_bytes()[0], i2.as_bytes()[0]),
                subs.into_iter()
                    .map(|(c, v)| Subfield::new(c.as_bytes()[0], v))
                    .collect()
            )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..600)) {
        read_everything(&data);
    }

    #[test]
    fn damaged_real_looking_records_never_panic(
        fields in prop::collection::vec(field(), 1..8),
        flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        cut in any::<usize>(),
    ) {
        let mut record = Record::new(Leader::default());
        record.fields = fields;
        let mut bytes = record.to_iso2709().unwrap();
        for (at, b) in flips {
            let i = at % bytes.len();
            bytes[i] = b;
        }
        bytes.truncate(cut % (bytes.len() + 1));
        read_everything(&bytes);
    }

    #[test]
    fn generated_records_round_trip(fields in prop::collection::vec(field(), 1..12)) {
        let mut record = Record::new(Leader::default());
        record.fields = fields;
        let bytes = record.to_iso2709().unwrap();
        let raw = SliceReader::new(&bytes, ReadMode::Strict).next().unwrap().unwrap();
        prop_assert_eq!(raw.as_bytes(), &bytes[..]);
        // The structure layer is what is under test: decode as the UTF-8 the record declares,
        // without the detection heuristics (double-encoding repair would, rightly or not,
        // change text such as "Â¡"; those heuristics have their own tests).
        let back = raw.decode(&DecodeOptions::assume(Charset::Utf8)).unwrap();
        prop_assert_eq!(back.leader.0[5..12].to_vec(), record.leader.0[5..12].to_vec());
        prop_assert_eq!(&back.fields, &record.fields);
        prop_assert_eq!(back.to_iso2709().unwrap(), bytes);
    }
}

#[test]
fn a_record_over_99999_bytes_is_refused_with_its_number() {
    let mut w = yozuv::iso2709::Writer::new(Vec::new());
    let mut big = Record::new(Leader::default());
    for _ in 0..12 {
        big.push(Field::data(
            "500",
            Indicators::blank(),
            vec![Subfield::new(b'a', "x".repeat(9000))],
        ));
    }
    let small = Record::new(Leader::default());
    w.write(&small).unwrap_or(());
    let err = w.write(&big).unwrap_err();
    assert_eq!(err.position().record, 2);
    assert!(err.to_string().contains("99,999"), "{err}");
    // Nothing of the refused record was written.
    assert_eq!(w.into_inner(), small.to_iso2709().unwrap());
}
