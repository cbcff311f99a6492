//! MARC::Charset facts, UTF-8 -> MARC-8, and the UTF-8 -> MARC-8 -> UTF-8 round trip.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use yozuv::encoding::{decode_bytes, encode_marc8, encode_record, Charset, DecodeOptions, Flavor};
use yozuv::iso2709::{ReadMode, SliceReader};

fn marc8(bytes: &[u8]) -> String {
    let (text, problems) = decode_bytes(bytes, Charset::Marc8);
    assert!(problems.is_empty(), "{problems:?}");
    text
}

/// MARC::Charset t/japanese.t (EACC kana and kanji). Its CCCII halfwidth middle dot
/// `21 20 24` is in no LoC table; MARC::Charset maps it to U+FF65, we report it as
/// invalid (with a U+FFFD, never dropped) - a known difference.
#[test]
fn marc_charset_japanese() {
    let mut m = Vec::new();
    for (eacc, ascii) in [
        (&b"i%oi%si%@"[..], &b" "[..]),
        (b"!BX", b" ; "),
        (b"i$$i$7i$$i$bi$bi$3", b" "),
        (b"KYF", b"."),
    ] {
        m.extend_from_slice(b"\x1b$1");
        m.extend_from_slice(eacc);
        m.extend_from_slice(b"\x1b(B");
        m.extend_from_slice(ascii);
    }
    assert_eq!(marc8(&m), "ワンダ 文 ; いしいももこ 訳.");
    let (text, problems) = decode_bytes(b"\x1b$1i%@! $i%,\x1b(B", Charset::Marc8);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(text.starts_with("ダ\u{FFFD}"), "{text}");
}

/// MARC::Charset t/070.cyrillic.t: Basic Cyrillic in G0, Extended Cyrillic in G1.
#[test]
fn marc_charset_cyrillic() {
    assert_eq!(
        marc8(b"\x1b(N\x40\x41\x7e\x1b)Q\xea\xf3\xf2\xf2\xed\xc0\xe4"),
        "юаЧ\u{040A}\u{046A}\u{0474}\u{0474}\u{040E}\u{0491}\u{0401}"
    );
}

/// Hebrew (LoC table: 0x60 alef, 0x61 bet) and a Vietnamese letter with two marks
/// (MARC-8 writes them before the base; NFC composes ệ).
#[test]
fn hebrew_and_vietnamese() {
    assert_eq!(marc8(b"\x1b(2\x60\x61\x1b(B"), "\u{05D0}\u{05D1}");
    assert_eq!(marc8(b"Vi\xe3\xf2et Nam"), "Việt Nam");
    assert_eq!(marc8(b"Vi\xf2\xe3et Nam"), "Việt Nam");
}

#[test]
fn encode_writes_loc_escapes_and_marks_before_base() {
    let (b, u) = encode_marc8("Việt Москва 東京 H₂O x²");
    assert!(u.is_empty(), "{u:?}");
    assert_eq!(marc8(&b), "Việt Москва 東京 H₂O x²");
    assert!(
        b.starts_with(b"Vi\xf2\xe3e") || b.starts_with(b"Vi\xe3\xf2e"),
        "{b:?}"
    );
    // Back to ASCII at the end of the text.
    assert!(b.ends_with(b"\x1bs") || b.ends_with(b"\x1b(B"), "{b:?}");
}

#[test]
fn unmappable_characters_become_ncr_and_are_reported() {
    let text = "Oʻzbekiston ₿ ok";
    let (b, u) = encode_marc8(text);
    assert_eq!(u.len(), 1, "{u:?}");
    assert_eq!(u[0].character, '₿');
    assert_eq!(&text[u[0].offset..u[0].offset + 3], "₿");
    assert!(b.windows(8).any(|w| w == b"&#x20BF;"), "{b:?}");
    // The NCR decodes back to the character (LoC's lossless convention).
    assert_eq!(marc8(&b), text);
}

#[test]
fn ruby_marc_escaped_character_reference_decodes() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/encoding/ruby-marc-escaped_character_reference.marc8.marc"
    ))
    .unwrap();
    let raw = SliceReader::new(&bytes, ReadMode::Permissive)
        .next()
        .unwrap()
        .unwrap();
    let r = raw.decode(&DecodeOptions::default()).unwrap();
    let all: String = r
        .fields
        .iter()
        .flat_map(|f| f.subfields().iter().map(|s| s.value.clone()))
        .collect();
    assert!(!all.contains("&#x"), "{all}");
}

/// A whole record: MARC-8 file -> Record -> MARC-8 ISO 2709 -> Record gives the same text.
#[test]
fn record_round_trip_through_marc8() {
    for name in [
        "marc4j-brkrtest.mrc",
        "marc-charset-cyrillic.marc",
        "marc-charset-cjk1.marc",
    ] {
        let bytes = std::fs::read(format!(
            "{}/../../testdata/encoding/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        for raw in SliceReader::new(&bytes, ReadMode::Permissive) {
            let first = raw.unwrap().decode(&DecodeOptions::default()).unwrap();
            let (out, warnings) = encode_record(&first, Charset::Marc8, Flavor::Marc21).unwrap();
            assert_eq!(out[9], b' ');
            let again = SliceReader::new(&out, ReadMode::Strict)
                .next()
                .unwrap()
                .unwrap()
                .decode(&DecodeOptions::default())
                .unwrap();
            if warnings.is_empty() {
                assert_eq!(first.fields, again.fields, "{name}");
            }
            assert!(again.warnings.is_empty(), "{name}: {:?}", again.warnings);
        }
    }
}

fn expressible_chars() -> Vec<char> {
    // Letters and marks from every MARC-8 script, each NFC-stable on its own.
    let pool = "abcxyzABZ0129 .,;:-()[]'\"/&?!ŁłØøĐđÆæŒœÞþðıʻʼ\
                АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяЁёЂђЃѓЄєЅѕІіЇїЈјЉљЊњЋћЌќЎўЏџҐґѢѣѲѳѴѵ\
                αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ\
                אבגדהוזחטיכלמנסעפצקרשת\
                ابتثجحخدذرزسشصضطظعغفقكلمنهوي\
                東京文絵訳中国日本한국語\
                ₀₁₂₃⁰¹²³";
    pool.chars().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// UTF-8 -> MARC-8 -> UTF-8 is the identity (after NFC) for text the tables express,
    /// including Latin letters with one or two combining marks.
    #[test]
    fn utf8_marc8_utf8_identity(
        picks in prop::collection::vec((0usize..1000, prop::option::of(0usize..8), prop::option::of(0usize..8)), 0..40)
    ) {
        let pool = expressible_chars();
        let marks = ['\u{0301}', '\u{0300}', '\u{0308}', '\u{0302}', '\u{0327}', '\u{0323}', '\u{030C}', '\u{0306}'];
        let mut s = String::new();
        for (i, m1, m2) in picks {
            let c = pool[i % pool.len()];
            s.push(c);
            if c.is_ascii_alphabetic() {
                if let Some(m) = m1 { s.push(marks[m]); }
                if let Some(m) = m2 { s.push(marks[m]); }
            }
        }
        let expected: String = s.nfc().collect();
        let (bytes, unmappable) = encode_marc8(&expected);
        prop_assert!(unmappable.is_empty(), "{:?}", unmappable);
        let (back, problems) = decode_bytes(&bytes, Charset::Marc8);
        prop_assert!(problems.is_empty());
        prop_assert_eq!(back, expected);
    }
}

/// yaz's non-Roman UTF-8 collections (Arabic, Hebrew, CJK, Cyrillic, Greek...) through
/// MARC-8 and back: every character either maps or travels as `&#xHHHH;` (reported),
/// and the text comes back the same (NFC, half marks as U+0361/U+0360), as in yaz's
/// own round trip.
#[test]
fn yaz_marccol_round_trip_through_marc8() {
    let mut unmappable = 0;
    let mut fields = 0;
    for name in ["marccol1.u8.marc", "marccol2.u8.marc", "marccol3.u8.marc"] {
        let bytes = std::fs::read(format!(
            "{}/../../../shared/testdata/marc21/utf8/yaz-{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        for raw in SliceReader::new(&bytes, ReadMode::Permissive) {
            let first = raw.unwrap().decode(&DecodeOptions::default()).unwrap();
            let (out, warnings) = encode_record(&first, Charset::Marc8, Flavor::Marc21).unwrap();
            unmappable += warnings.len();
            assert!(warnings
                .iter()
                .all(|w| w.damage.id() == "encoding.unmappable"));
            let again = SliceReader::new(&out, ReadMode::Strict)
                .next()
                .unwrap()
                .unwrap()
                .decode(&DecodeOptions::default())
                .unwrap();
            assert!(again.warnings.is_empty(), "{name}: {:?}", again.warnings);
            assert_eq!(first.fields.len(), again.fields.len());
            for (a, b) in first.fields.iter().zip(&again.fields) {
                // The obsolete half marks come back as LoC's double diacritics.
                let na: Vec<String> = a
                    .subfields()
                    .iter()
                    .map(|s| {
                        s.value
                            .replace('\u{FE20}', "\u{0361}")
                            .replace('\u{FE21}', "")
                            .replace('\u{FE22}', "\u{0360}")
                            .replace('\u{FE23}', "")
                            .nfc()
                            .collect()
                    })
                    .collect();
                let nb: Vec<String> = b.subfields().iter().map(|s| s.value.clone()).collect();
                assert_eq!(na, nb, "{name} {}", a.tag());
                fields += 1;
            }
        }
    }
    assert!(fields > 300, "{fields}");
    // Some characters of these records are in no MARC-8 table.
    assert!(unmappable > 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, .. ProptestConfig::default() })]

    /// Any bytes decode in any charset without panicking, and bytes are never dropped
    /// silently: MARC-8 text that decodes without problems is empty only for empty input.
    #[test]
    fn any_bytes_decode_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        for charset in Charset::ALL {
            let (text, problems) = decode_bytes(&bytes, charset);
            if !bytes.is_empty() && problems.is_empty() && charset != Charset::Marc8 {
                prop_assert!(!text.is_empty());
            }
        }
    }

    /// Any text encodes to MARC-8 without panicking and decodes back to its NFC form
    /// (unmappable characters travel as `&#xHHHH;`), apart from C0 controls, literal
    /// "&#x" sequences and the obsolete half marks, which are not round-trip safe.
    #[test]
    fn any_text_encodes(text in "\\PC{0,40}") {
        let (bytes, _) = encode_marc8(&text);
        let (back, _) = decode_bytes(&bytes, Charset::Marc8);
        if !text.contains("&#x") && !text.contains(['\u{FE20}', '\u{FE21}', '\u{FE22}', '\u{FE23}']) {
            let expected: String = text.nfc().collect();
            prop_assert_eq!(back, expected);
        }
    }
}
