//! Uzbek text checks of the built-in inspector against the shared gold data (real tokens from
//! ../shared/seeds-text), and the uz-unicat profile on records built for the purpose.

mod common;

use common::*;
use yozuv::{Field, Indicators, Leader, Record, Subfield};
use yozuv_batch::rules::{BasicText, TextInspector};

const TEXT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/text");

fn rows(file: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(format!("{TEXT}/{file}"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn homoglyph_gold() {
    let mut wrong = Vec::new();
    let rows = rows("homoglyph-gold.tsv");
    for r in &rows {
        let (damaged, corrected) = (&r[0], &r[1]);
        let flagged = BasicText.mixed_script_word(damaged).is_some();
        if flagged != (damaged != corrected) {
            wrong.push(format!(
                "{damaged} (expected flagged = {})",
                damaged != corrected
            ));
        }
    }
    assert!(rows.len() > 50);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn apostrophe_gold() {
    let mut wrong = Vec::new();
    // OCR junk (degree and cent signs, stray letters) and backslash-escaped marks need the
    // lexicon of yozuv::text; the built-in inspector covers the typed variants (U+0027, U+0060,
    // U+2018, U+2019).
    let rows: Vec<_> = rows("apostrophe-gold.tsv")
        .into_iter()
        .filter(|r| !r[3].starts_with("OCR") && !r[3].starts_with("escaped"))
        .collect();
    assert!(rows.len() >= 50);
    for r in rows {
        let (input, expected) = (&r[0], &r[1]);
        let found = BasicText.nonstandard_apostrophe(input);
        if input == expected {
            if found.is_some() {
                wrong.push(format!("{input}: flagged but needs no change"));
            }
            continue;
        }
        match found {
            None => wrong.push(format!("{input}: not flagged")),
            Some((_, want)) => {
                if !expected.contains(want) {
                    wrong.push(format!(
                        "{input}: suggests U+{:04X}, gold is {expected}",
                        want as u32
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

fn marc21(title: &str, lang: &str) -> Record {
    let mut r = Record::new(Leader::from_bytes(b"00000nam a22000007  4500").unwrap());
    r.push(Field::control("001", "uz-test-1"));
    r.push(Field::control(
        "008",
        format!("250101s2024    uz            000 0 {lang} d"),
    ));
    r.push(Field::data(
        "040",
        Indicators::blank(),
        vec![Subfield::new(b'a', "NDH")],
    ));
    r.push(Field::data(
        "245",
        Indicators::new(b'1', b'0'),
        vec![Subfield::new(b'a', title)],
    ));
    r
}

#[test]
fn uz_unicat_on_uzbek_records() {
    let mut data = Vec::new();
    data.extend(marc21("O'zbekiston tarixi", "uzb").to_iso2709().unwrap());
    data.extend(
        marc21("Ўзбекистoн кутубxoнаси", "uzb")
            .to_iso2709()
            .unwrap(),
    );
    data.extend(marc21("Don't panic", "eng").to_iso2709().unwrap());
    let (_, ev) = collect("uz-unicat", &[("uz.mrc", data)], 1);
    let rules = |i: usize| -> Vec<String> {
        ev.records[i]
            .diagnostics
            .iter()
            .map(|d| d.rule.to_string())
            .collect()
    };
    let r0 = rules(0);
    assert!(r0.contains(&"text.apostrophe".to_string()), "{r0:?}");
    let ap = ev.records[0]
        .diagnostics
        .iter()
        .find(|d| &*d.rule == "text.apostrophe")
        .unwrap();
    assert_eq!(ap.location.tag.unwrap().as_str(), "245");
    assert_eq!(ap.location.subfield, Some(b'a'));
    assert!(ap
        .arg("expected")
        .unwrap()
        .to_string()
        .starts_with("U+02BB"));
    let mixed = ev.records[1]
        .diagnostics
        .iter()
        .find(|d| &*d.rule == "text.mixed-script")
        .unwrap();
    assert_eq!(mixed.arg("word").unwrap().to_string(), "Ўзбекистoн");
    assert_eq!(mixed.severity, yozuv_batch::Severity::Error);
    // English text keeps its apostrophes.
    assert!(!rules(2).contains(&"text.apostrophe".to_string()));
    // Leader/17 = 7 (minimal level): stays in the temporary base.
    assert!(r0.contains(&"leader.not-full-level".to_string()));
    // No holdings (899/852) and no classification in these records.
    assert!(r0.contains(&"holdings.missing".to_string()));
    assert!(r0.contains(&"classification.missing".to_string()));
}

#[test]
fn uz_unicat_mixed_flavours_and_unimarc_mandatory() {
    let mut u = Record::new(Leader::from_bytes(b"00000nam0 2200000   4500").unwrap());
    u.push(Field::control("001", "uz-u-1"));
    u.push(Field::data(
        "100",
        Indicators::blank(),
        vec![Subfield::new(b'a', "20240101d2024    u  y0uzby50      ba")],
    ));
    u.push(Field::data(
        "101",
        Indicators::new(b'0', b' '),
        vec![Subfield::new(b'a', "uzb")],
    ));
    u.push(Field::data(
        "200",
        Indicators::new(b'1', b' '),
        vec![Subfield::new(b'a', "Alpomish")],
    ));
    u.push(Field::data(
        "675",
        Indicators::blank(),
        vec![Subfield::new(b'a', "821.512.133-13")],
    ));
    u.push(Field::data(
        "899",
        Indicators::blank(),
        vec![Subfield::new(b'a', "NDH")],
    ));
    let mut data = u.to_iso2709().unwrap();
    data.extend(testdata("marc4j-summerland.mrc"));
    data.extend(u.to_iso2709().unwrap());
    let (_, ev) = collect("uz-unicat", &[("m.mrc", data)], 2);
    assert_eq!(ev.records[0].flavour, Some(yozuv_batch::Flavour::Unimarc));
    assert_eq!(ev.records[1].flavour, Some(yozuv_batch::Flavour::Marc21));
    let missing: Vec<String> = ev.records[0]
        .diagnostics
        .iter()
        .filter(|d| &*d.rule == "mandatory.missing")
        .map(|d| d.arg("field").unwrap().to_string())
        .collect();
    // 801 (record source) and the imprint 210/214 are missing; 001, 100, 200$a, 101 are there.
    assert_eq!(
        missing,
        vec![
            "801$a",
            "801$b",
            "210$a|214$a",
            "210$c|214$c",
            "210$d|214$d"
        ]
    );
    assert!(
        !ev.records[0]
            .diagnostics
            .iter()
            .any(|d| &*d.rule == "control.100a-length"),
        "100$a is 36 characters"
    );
    assert!(!ev.records[0]
        .diagnostics
        .iter()
        .any(|d| &*d.rule == "udc.syntax"));
    let mixed = ev
        .batch
        .iter()
        .find(|d| &*d.rule == "batch.mixed-flavour")
        .unwrap();
    assert_eq!(
        mixed.location.record, 2,
        "the first record of the minority flavour"
    );
    assert!(ev.batch.iter().any(|d| &*d.rule == "duplicate.id001"));
}

/// The ASCII shortcut of the built-in inspector (one `fix` pass for the finding and the proposed
/// fix) answers what the two separate calls answer, and text with no apostrophe-like character
/// never has a nonstandard apostrophe: checked on every line and every word of the real Uzbek
/// texts of ../shared/seeds-text and on the apostrophe gold data (with and without the marks).
#[test]
fn apostrophe_shortcuts_agree_with_full_fix() {
    use yozuv_batch::rules::YozuvText;
    struct Plain;
    // The trait's default `ascii_apostrophe`, through the built-in inspector's own parts.
    impl TextInspector for Plain {
        fn mixed_script_word(&self, text: &str) -> Option<String> {
            YozuvText.mixed_script_word(text)
        }
        fn nonstandard_apostrophe(&self, text: &str) -> Option<(char, char)> {
            YozuvText.nonstandard_apostrophe(text)
        }
        fn search_key(&self, text: &str) -> String {
            YozuvText.search_key(text)
        }
        fn proposed_fix(&self, text: &str, uzbek: bool) -> Option<String> {
            YozuvText.proposed_fix(text, uzbek)
        }
    }
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds-text");
    let mut texts: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(seeds).unwrap() {
        let body = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in body.lines() {
            texts.push(line.to_string());
            texts.extend(line.split_whitespace().map(str::to_string));
        }
    }
    for row in rows("apostrophe-gold.tsv") {
        texts.extend(row.into_iter().take(2));
    }
    // The same texts with every look-alike typed as ASCII, as catalogers type them.
    let typed: Vec<String> = texts
        .iter()
        .map(|t| t.replace(['\u{2018}', '\u{2019}', '\u{02BB}', '\u{02BC}', '`'], "'"))
        .collect();
    texts.extend(typed);
    let (mut ascii, mut found) = (0, 0);
    for t in &texts {
        if !yozuv::text::has_apostrophe_like(t) {
            assert_eq!(YozuvText.nonstandard_apostrophe(t), None, "{t}");
            let full = yozuv::text::fix(
                t,
                &yozuv::text::FixOptions {
                    apostrophes: true,
                    homoglyphs: false,
                    nfc: false,
                    roman_numerals: false,
                    lang: yozuv::text::Lang::UzbekLatin,
                    script: None,
                },
            );
            assert!(
                full.fixes.iter().all(|f| !f.rule.starts_with("apostrophe")),
                "{t}"
            );
        }
        if t.is_ascii() {
            ascii += 1;
            let fast = YozuvText.ascii_apostrophe(t);
            found += usize::from(fast.is_some());
            assert_eq!(fast, Plain.ascii_apostrophe(t), "{t}");
        }
    }
    assert!(
        ascii > 500 && found > 50,
        "{ascii} ASCII texts, {found} with a finding"
    );
}
