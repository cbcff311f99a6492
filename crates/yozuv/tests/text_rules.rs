//! Rules of UZBEK-TEXT.md checked one by one with the spec's own examples (hand-checked expected values).

use yozuv::text::key::search_key;
use yozuv::text::translit::{to_cyrillic, to_latin};
use yozuv::text::{fix, is_text_subfield, FixOptions, Flavor, Lang, Script};

fn lat(s: &str) -> String {
    to_latin(s).text
}

fn cyr(s: &str) -> String {
    to_cyrillic(s).text
}

#[test]
fn cyrillic_to_latin_context_rules_of_section_2() {
    let cases = [
        ("ер", "yer"),
        ("поезд", "poyezd"),
        ("разъезд", "razyezd"),
        ("мещан", "meshshan"),
        ("вымпел", "vimpel"),
        ("целлофан", "sellofan"),
        ("кварц", "kvars"),
        ("конструкция", "konstruksiya"),
        ("антициклон", "antisiklon"),
        ("глицерин", "glitserin"),
        ("конституция", "konstitutsiya"),
        ("лицей", "litsey"),
        ("альбом", "albom"),
        ("апрель", "aprel"),
        ("премьера", "premyera"),
        ("интервью", "intervyu"),
        ("павильон", "pavilyon"),
        ("объект", "obyekt"),
        ("съезд", "syezd"),
        ("маъно", "maʼno"),
        ("санъат", "sanʼat"),
        ("меъёр", "meʼyor"),
        ("маъюс", "maʼyus"),
        ("мўъжиза", "moʻjiza"),
        ("мўътабар", "moʻtabar"),
        ("Исҳоқ", "Isʼhoq"),
        ("асҳоб", "asʼhob"),
        ("стажёр", "stajor"),
        ("бюджет", "budjet"),
        ("плёнка", "plyonka"),
        ("бюрократ", "byurokrat"),
        ("ғазал", "gʻazal"),
        ("Ўзбекистон", "Oʻzbekiston"),
    ];
    for (c, l) in cases {
        assert_eq!(lat(c), l, "{c}");
    }
}

#[test]
fn digraph_case_follows_cldr() {
    assert_eq!(lat("Шаҳар"), "Shahar");
    assert_eq!(lat("ШАҲАР"), "SHAHAR");
    assert_eq!(lat("АҚШ"), "AQSH");
    assert_eq!(lat("Чорсу ЧОРСУ"), "Chorsu CHORSU");
    assert_eq!(lat("Ёшлар ЁШЛАР"), "Yoshlar YOSHLAR");
    assert_eq!(lat("ЎЗБЕКИСТОН"), "OʻZBEKISTON");
    assert_eq!(lat("Ш.Мирзиёев"), "Sh.Mirziyoyev");
}

#[test]
fn lexical_cases_are_flagged_not_guessed_silently() {
    // ё/ю/я after a consonant is lexical (section 2): written by default but flagged.
    let t = to_latin("бюро");
    assert_eq!(t.text, "byuro");
    assert_eq!(t.ambiguous.len(), 1);
    assert_eq!(t.ambiguous[0].rule, "translit.softening");
    // ц right after a prefix: dictionaries vary.
    let t = to_latin("эпицентр");
    assert_eq!(t.ambiguous[0].rule, "translit.ts-after-prefix");
    // The lexicon decides: no flag.
    assert!(to_latin("бюджет").ambiguous.is_empty());
    assert!(to_latin("китоб").ambiguous.is_empty());
}

#[test]
fn kazakh_words_are_not_transliterated_with_the_uzbek_table() {
    let t = to_latin("кітапхана және китоб");
    assert_eq!(t.text, "кітапхана және kitob");
    assert_eq!(t.ambiguous.len(), 2);
    assert!(t.ambiguous.iter().all(|f| f.rule == "translit.not-uzbek"));
}

#[test]
fn latin_to_cyrillic_rules_of_section_3() {
    let cases = [
        ("yer", "ер"),
        ("poyezd", "поезд"),
        ("ekran", "экран"),
        ("poeziya", "поэзия"),
        ("duet", "дуэт"),
        ("Isʼhoq", "Исҳоқ"),
        ("Is'hoq", "Исҳоқ"),
        ("mashhur", "машҳур"),
        ("choy", "чой"),
        ("ming", "минг"),
        ("o‘zbek", "ўзбек"),
        ("g‘alaba", "ғалаба"),
        ("maʼno", "маъно"),
        ("konstitutsiya", "конституция"),
        ("Yoʻldosh", "Йўлдош"),
        ("SHAHAR", "ШАҲАР"),
        ("Shahar", "Шаҳар"),
    ];
    for (l, c) in cases {
        assert_eq!(cyr(l), c, "{l}");
    }
    // Native t+s across a morpheme boundary stays тс; flagged because loans would want ц.
    let t = to_cyrillic("otsiz");
    assert_eq!(t.text, "отсиз");
}

#[test]
fn apostrophes_only_in_uzbek_latin() {
    let uz = FixOptions::default();
    assert_eq!(fix("O'Reilly", &uz).text, "O'Reilly");
    let english = FixOptions {
        lang: Lang::English,
        ..FixOptions::default()
    };
    assert_eq!(fix("to'g'ri", &english).text, "to'g'ri");
    assert_eq!(fix("to'g'ri", &uz).text, "toʻgʻri");
    // An English line in automatic mode keeps its apostrophes.
    assert_eq!(
        fix("The history of the world's books", &uz).text,
        "The history of the world's books"
    );
    // Word-final tutuq only from the lexicon; otherwise a closing quote.
    assert_eq!(fix("qat’ nazar", &uz).text, "qatʼ nazar");
    assert_eq!(fix("‘kitob’ dedi", &uz).text, "‘kitob’ dedi");
    // A canonical mark in the wrong place is moved to the right one; canonical text is left alone.
    assert_eq!(fix("boʼlgan maʻno", &uz).text, "boʻlgan maʼno");
    assert!(fix("boʻlgan maʼno", &uz).fixes.is_empty());
    // Double quotes stay.
    assert_eq!(fix("«Kitob» “Kitob”", &uz).text, "«Kitob» “Kitob”");
}

#[test]
fn a_mark_lost_to_a_space_is_repaired_from_the_word_list() {
    // Seen in the OCR seed: "chora-tadbirlar to‘g risida."
    let f = fix("chora-tadbirlar to‘g risida.", &FixOptions::default());
    assert_eq!(f.text, "chora-tadbirlar toʻgʻrisida.");
    assert_eq!(f.fixes.len(), 1);
    assert_eq!(f.fixes[0].rule, "apostrophe.split-word");
    assert_eq!(f.fixes[0].before, "to‘g risida");
    // Two real words stay two words; a word-final mark after o/g is left (it may be a closing quote).
    assert_eq!(
        fix("bog‘i va tog‘lar", &FixOptions::default()).text,
        "bogʻi va togʻlar"
    );
    assert_eq!(
        fix("tog‘ risola", &FixOptions::default()).text,
        "tog‘ risola"
    );
}

#[test]
fn ocr_junk_without_lexicon_support_is_reported_not_changed() {
    let f = fix("Xo¢rlik", &FixOptions::default());
    assert_eq!(f.text, "Xo¢rlik");
    assert_eq!(f.flags.len(), 1);
    assert_eq!(f.flags[0].rule, "apostrophe.ocr-suspect");
    assert_eq!(f.flags[0].suggestion.as_deref(), Some("Xoʻrlik"));
}

#[test]
fn homoglyph_never_touches_urls_acronyms_numerals_initials() {
    let o = FixOptions::default();
    for keep in [
        "Edo.ijro.uz",
        "http://kitob.uz/аxбoрoт",
        "info@kitob.uz",
        "INFOLIB ва IFLA",
        "XIV Миллий",
        "А.М. Горчаков",
        "– С 14",
        "iSpring Learn",
    ] {
        let f = fix(keep, &o);
        assert_eq!(f.text, keep);
        assert!(f.fixes.is_empty(), "{keep}: {:?}", f.fixes);
    }
}

#[test]
fn damaged_roman_numerals_are_flagged_and_fixed_only_on_request() {
    let f = fix("ХІV аср", &FixOptions::default());
    assert_eq!(f.text, "ХІV аср");
    assert_eq!(f.flags[0].rule, "homoglyph.roman-numeral");
    assert_eq!(f.flags[0].suggestion.as_deref(), Some("XIV"));
    let on = FixOptions {
        roman_numerals: true,
        ..FixOptions::default()
    };
    assert_eq!(fix("ХІV аср", &on).text, "XIV аср");
    // In keys the numeral folds to Latin.
    assert_eq!(search_key("ХІV аср"), search_key("XIV asr"));
}

#[test]
fn words_of_look_alikes_only_use_the_field_language_then_the_neighbours() {
    // "oх": Latin o + Cyrillic х, every letter a look-alike.
    let cyr_field = FixOptions {
        script: Some(Script::Cyrillic),
        ..FixOptions::default()
    };
    assert_eq!(fix("oх", &cyr_field).text, "ох");
    let lat_field = FixOptions {
        lang: Lang::English,
        ..FixOptions::default()
    };
    assert_eq!(fix("oх", &lat_field).text, "ox");
    // No language: the neighbouring words decide.
    assert_eq!(
        fix("oх қилди ва кетди", &FixOptions::default()).text,
        "ох қилди ва кетди"
    );
    // No evidence at all: reported, unchanged.
    let f = fix("oх", &FixOptions::default());
    assert_eq!(f.text, "oх");
    assert_eq!(f.flags[0].rule, "homoglyph.undecided");
}

#[test]
fn kazakh_i_and_h_are_letters_in_kazakh_text() {
    let kk = FixOptions {
        lang: Lang::Kazakh,
        ..FixOptions::default()
    };
    // Latin i inside a Kazakh word → Cyrillic і.
    assert_eq!(fix("кiтап", &kk).text, "кітап");
    // Kazakh text with an English phrase (the seed's "оpen space").
    assert_eq!(
        fix("сессия оpen space үлгісінде", &FixOptions::default()).text,
        "сессия open space үлгісінде"
    );
    // Outside Kazakh, Latin i has no Uzbek twin: report, don't guess.
    let f = fix(
        "тизiм",
        &FixOptions {
            lang: Lang::Uzbek,
            ..FixOptions::default()
        },
    );
    assert_eq!(f.text, "тизiм");
    assert_eq!(f.flags.len(), 1);
}

#[test]
fn nfc_is_applied_and_reported() {
    // й written as и + U+0306, ў as у + U+0306.
    let f = fix("и\u{306}ил у\u{306}збек", &FixOptions::default());
    assert_eq!(f.text, "йил ўзбек");
    assert_eq!(f.fixes.len(), 2);
    assert!(f.fixes.iter().all(|x| x.rule == "nfc"));
    let off = FixOptions {
        nfc: false,
        ..FixOptions::default()
    };
    assert_eq!(fix("и\u{306}ил", &off).text, "и\u{306}ил");
}

#[test]
fn fix_offsets_point_into_the_input() {
    let input = "Ўзбекистoн bo’lgan";
    let f = fix(input, &FixOptions::default());
    for x in &f.fixes {
        assert_eq!(&input[x.start..x.end], x.before, "{x:?}");
    }
}

#[test]
fn key_folds_case_marks_scripts_and_isbd() {
    assert_eq!(search_key("O‘zbekiston"), search_key("OʻZBEKISTON"));
    assert_eq!(search_key("o'zbek"), search_key("o`zbek"));
    assert_eq!(search_key("Конституция"), search_key("Konstitutsiya"));
    assert_eq!(search_key("Конституция"), search_key("Konstitusiya"));
    assert_eq!(
        search_key("Тарих : дарслик / А. Каримов ; [масъул муҳаррир]"),
        "tarix darslik a karimov masul muharrir"
    );
    assert_eq!(search_key("ﬁle STRASSE"), search_key("file straße"));
}

#[test]
fn subfield_policy_keeps_codes_and_identifiers() {
    assert!(is_text_subfield(Flavor::Marc21, "245", b'a'));
    assert!(is_text_subfield(Flavor::Marc21, "500", b'a'));
    assert!(is_text_subfield(Flavor::Marc21, "020", b'q'));
    for (tag, code) in [
        ("001", b'a'),
        ("020", b'a'),
        ("041", b'a'),
        ("080", b'a'),
        ("650", b'2'),
        ("700", b'4'),
        ("856", b'u'),
        ("773", b'w'),
        ("490", b'x'),
        ("880", b'6'),
    ] {
        assert!(
            !is_text_subfield(Flavor::Marc21, tag, code),
            "{tag}${}",
            code as char
        );
    }
    assert!(is_text_subfield(Flavor::Unimarc, "200", b'a'));
    assert!(is_text_subfield(Flavor::Unimarc, "606", b'a'));
    for (tag, code) in [
        ("010", b'a'),
        ("100", b'a'),
        ("101", b'a'),
        ("461", b'1'),
        ("675", b'a'),
        ("700", b'3'),
        ("801", b'b'),
        ("856", b'u'),
        ("200", b'9'),
    ] {
        assert!(
            !is_text_subfield(Flavor::Unimarc, tag, code),
            "{tag}${}",
            code as char
        );
    }
}
