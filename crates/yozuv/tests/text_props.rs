//! No input makes the text functions panic, and every reported span is a valid slice of the input.

use proptest::prelude::*;
use yozuv::text::key::search_key;
use yozuv::text::translit::{to_cyrillic, to_latin};
use yozuv::text::{fix, FixOptions, Lang};

/// Strings built from the characters the rules care about, plus anything.
fn texty() -> impl Strategy<Value = String> {
    let alphabet = prop::sample::select(vec![
        'a', 'o', 'g', 'O', 'G', 's', 'h', 'x', 'e', 'y', 'i', 'c', 'p', 'X', 'I', 'V', 'а', 'о',
        'х', 'е', 'ц', 'ь', 'ъ', 'ё', 'ю', 'я', 'ў', 'ғ', 'ҳ', 'с', 'і', 'І', 'Х', 'ә', '\'', '‘',
        '’', 'ʻ', 'ʼ', '`', '´', '¢', '°', '\\', ' ', '-', '.', '/', ':', '@', '\u{306}',
        '\u{301}', 'ﬁ', '1',
    ]);
    prop_oneof![
        prop::collection::vec(alphabet, 0..40).prop_map(|v| v.into_iter().collect()),
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn fix_never_panics_and_spans_slice_the_input(s in texty(), uz in any::<bool>(), roman in any::<bool>()) {
        let options = FixOptions {
            lang: if uz { Lang::Uzbek } else { Lang::Auto },
            roman_numerals: roman,
            ..FixOptions::default()
        };
        let f = fix(&s, &options);
        for x in &f.fixes {
            prop_assert!(x.start <= x.end && x.end <= s.len());
            prop_assert!(s.get(x.start..x.end).is_some());
        }
        for x in &f.flags {
            prop_assert!(s.get(x.start..x.end).is_some());
        }
        // Fixing again changes nothing more (idempotent), unless NFC composition happened.
        if f.fixes.iter().all(|x| x.rule != "nfc") {
            let again = fix(&f.text, &options);
            prop_assert_eq!(&again.text, &f.text);
        }
    }

    #[test]
    fn translit_and_key_never_panic(s in texty()) {
        let l = to_latin(&s);
        prop_assert!(l.fixes.iter().all(|x| x.start <= x.end));
        let c = to_cyrillic(&s);
        prop_assert!(c.fixes.iter().all(|x| x.start <= x.end));
        let _ = search_key(&s);
    }
}
