//! `text::normalize_record`: only text subfields change, the record's language decides the apostrophe rules.

use yozuv::text::{normalize_record, NormalizeOptions};
use yozuv::{Field, Indicators, Leader, Record, Subfield};

fn record(leader: &[u8], lang008: Option<&str>, fields: &[(&str, &[(u8, &str)])]) -> Record {
    let mut r = Record::new(Leader::from_bytes(leader).expect("leader"));
    r.push(Field::control("001", "t-1"));
    if let Some(lang) = lang008 {
        r.push(Field::control(
            "008",
            format!("250101s2025    uz            000 0 {lang} d"),
        ));
    }
    for (tag, subs) in fields {
        r.push(Field::data(
            tag,
            Indicators::blank(),
            subs.iter().map(|&(c, v)| Subfield::new(c, v)).collect(),
        ));
    }
    r
}

const BIB: &[u8] = b"00000cam a2200000 i 4500";

#[test]
fn uzbek_record_gets_apostrophes_and_homoglyphs_with_positions() {
    let mut r = record(
        BIB,
        Some("uzb"),
        &[
            ("245", &[(b'a', "Ta’lim to‘g‘risida"), (b'c', "Тoшкент")]),
            ("650", &[(b'a', "Ta’lim"), (b'a', "Ma’naviyat")]),
            ("650", &[(b'a', "Kitob")]),
        ],
    );
    let fixes = normalize_record(&mut r, 7, &NormalizeOptions::default());
    assert_eq!(r.first_subfield("245", b'a'), Some("Taʼlim toʻgʻrisida"));
    assert_eq!(r.first_subfield("245", b'c'), Some("Тошкент"));
    let f650: Vec<&str> = r
        .fields_by_tag("650")
        .next()
        .expect("650")
        .subfield_values(b'a')
        .collect();
    assert_eq!(f650, ["Taʼlim", "Maʼnaviyat"]);
    assert!(fixes
        .iter()
        .all(|f| f.record == 7 && f.id.as_deref() == Some("t-1") && f.applied));
    let last = fixes.last().expect("fixes");
    assert_eq!(
        (last.tag.as_str(), last.occurrence, last.subfield),
        ("650", 1, 'a')
    );
    assert_eq!(
        (last.start, last.before.as_str(), last.after.as_str()),
        (2, "’", "ʼ")
    );
}

#[test]
fn english_and_german_records_keep_their_apostrophes() {
    for lang in ["eng", "ger"] {
        let mut r = record(
            BIB,
            Some(lang),
            &[("245", &[(b'a', "O'Reilly's ma'am bo'lgan")])],
        );
        let fixes = normalize_record(&mut r, 1, &NormalizeOptions::default());
        assert!(fixes.is_empty(), "{lang}: {fixes:?}");
    }
}

#[test]
fn without_a_language_only_text_that_shows_uzbek_latin_is_changed() {
    // Authority record (leader/06 z): no language in 008.
    let auth = b"00000cz  a2200000n  4500";
    let mut r = record(
        auth,
        None,
        &[
            ("150", &[(b'a', "Eskimo's")]),
            ("450", &[(b'a', "O‘zbek adabiyoti")]),
        ],
    );
    let fixes = normalize_record(&mut r, 1, &NormalizeOptions::default());
    assert_eq!(r.first_subfield("150", b'a'), Some("Eskimo's"));
    assert_eq!(r.first_subfield("450", b'a'), Some("Oʻzbek adabiyoti"));
    assert_eq!(fixes.len(), 1);
}

#[test]
fn codes_identifiers_and_urls_are_never_touched() {
    let mut r = record(
        BIB,
        Some("uzb"),
        &[
            ("020", &[(b'a', "978-9943-o'z")]),
            ("041", &[(b'a', "uzb")]),
            ("080", &[(b'a', "027.7(575.1)")]),
            (
                "100",
                &[(b'a', "Karimov, A."), (b'4', "aut"), (b'0', "o'zb-001")],
            ),
            ("856", &[(b'u', "http://kitob.uz/аxбoрoт/o'zbek")]),
        ],
    );
    let before = r.clone();
    let fixes = normalize_record(&mut r, 1, &NormalizeOptions::default());
    assert!(fixes.is_empty(), "{fixes:?}");
    assert_eq!(r, before);
}
