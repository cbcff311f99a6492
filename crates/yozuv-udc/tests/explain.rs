//! Explanations: captions by language, nearest ancestors for numbers deeper than the tables,
//! special auxiliaries looked up under their class. Expected captions are read from the data
//! files by hand (data/captions.tsv, data/udc-summary/…tsv).

use yozuv_udc::explain::{caption, explain, Lang};
#[cfg(feature = "udc-summary")]
use yozuv_udc::explain::{render, CaptionSource};
use yozuv_udc::parse;

#[test]
fn main_classes_in_four_languages() {
    assert_eq!(
        caption("8", Lang::En),
        Some("Language. Linguistics. Literature")
    );
    assert_eq!(
        caption("8", Lang::Ru),
        Some("Язык. Языкознание. Литература")
    );
    assert_eq!(
        caption("8", Lang::UzLatn),
        Some("Til. Tilshunoslik. Adabiyot")
    );
    assert_eq!(
        caption("8", Lang::UzCyrl),
        Some("Тил. Тилшунослик. Адабиёт")
    );
    // Every main class and every first subdivision of the UDC Summary has our caption in all
    // four languages (class 4 is vacant but captioned as such).
    let summary = include_str!("../data/udc-summary/udcsummary-en-main-tables.tsv");
    for line in summary.lines().skip(1) {
        let notation = line.split('\t').next().unwrap();
        if notation.len() <= 2 {
            for lang in [Lang::En, Lang::Ru, Lang::UzLatn, Lang::UzCyrl] {
                assert!(
                    caption(notation, lang).is_some_and(|c| !c.is_empty()),
                    "{notation} {lang:?}"
                );
            }
        }
    }
}

#[test]
fn uzbek_latin_uses_the_official_apostrophes() {
    let c = caption("(575.1)", Lang::UzLatn).unwrap();
    assert_eq!(c, "O\u{2bb}zbekiston");
    assert!(!c.contains('\''));
}

#[test]
#[cfg(feature = "udc-summary")]
fn deeper_than_the_tables_know() {
    let n = parse("821.512.133-31(575.1)=161.1").unwrap();
    let parts = explain(&n, Lang::En);
    let main = &parts[0];
    assert_eq!(main.text, "821.512.133");
    let cap = main.caption.as_ref().unwrap();
    assert!(!cap.exact);
    assert_eq!(cap.notation, "821.51");
    assert_eq!(cap.source, CaptionSource::UdcSummary);
    let novels = &parts[1];
    assert_eq!(novels.kind, "special-hyphen");
    assert_eq!(novels.caption.as_ref().unwrap().notation, "82-31");
    assert_eq!(
        novels.caption.as_ref().unwrap().text,
        "Novels. Full-length stories"
    );
    assert_eq!(parts[2].caption.as_ref().unwrap().text, "Uzbekistan");
    assert!(parts[2].caption.as_ref().unwrap().exact);
    assert_eq!(parts[3].caption.as_ref().unwrap().text, "Russian");
    let text = render(&parts, Lang::En);
    assert!(text.contains("deeper than the tables know"));
}

#[test]
#[cfg(feature = "udc-summary")]
fn uzbek_cyrillic_marks_english_fallback() {
    let n = parse("94(575.1)\"19\"(075.8)").unwrap();
    let parts = explain(&n, Lang::UzCyrl);
    let texts: Vec<&str> = parts
        .iter()
        .filter_map(|p| p.caption.as_ref())
        .map(|c| c.text)
        .collect();
    assert_eq!(
        texts,
        [
            "Умумий тарих",
            "Ўзбекистон",
            "XX аср",
            "Олий таълим учун дарсликлар"
        ]
    );
    let n = parse("004.738.5").unwrap();
    let parts = explain(&n, Lang::UzCyrl);
    let cap = parts[0].caption.as_ref().unwrap();
    assert_eq!(cap.lang, "en");
    assert_eq!(cap.notation, "004.738");
    // The nearest entry in the requested language comes along.
    assert_eq!(
        cap.in_language,
        Some(("004".to_string(), "Информатика. Ҳисоблаш техникаси"))
    );
    let text = render(&parts, Lang::UzCyrl);
    assert!(
        text.contains("(en)") && text.contains("Информатика"),
        "{text}"
    );
}

#[test]
fn unknown_is_never_invented() {
    // Not in any table, and class 4 is vacant.
    let (n, _) = yozuv_udc::parse_with_diagnostics("41");
    let parts = explain(&n, Lang::Ru);
    let cap = parts[0].caption.as_ref().unwrap();
    assert_eq!(cap.notation, "4");
    assert!(!cap.exact);
}

#[test]
fn extensions_expand_as_the_spec_says() {
    // UDC-SYNTAX.md line 57: 629.734/.735 ≡ 629.734+629.735; line 46: 62-1/-9; line 132: 7.01/.09.
    let ends = |s: &str| parse(s).unwrap().extension_ends();
    assert_eq!(ends("629.734/.735"), [("629.734".into(), "629.735".into())]);
    assert_eq!(ends("62-1/-9"), [("62-1".into(), "62-9".into())]);
    assert_eq!(ends("7.01/.09"), [("7.01".into(), "7.09".into())]);
    assert_eq!(ends("625.7/.8.001.5"), [("625.7".into(), "625.8".into())]);
    assert_eq!(ends("592/599"), [("592".into(), "599".into())]);
    assert_eq!(ends("[93/94](575.1)"), [("93".into(), "94".into())]);
}
