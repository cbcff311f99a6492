//! Every format check id has a message in every language, and the messages use only
//! argument names the checks provide.

use yozuv::format::check::ids;

const LANGUAGES: &[&str] = &["en", "ru", "uz-Latn", "uz-Cyrl"];
const ARGS: &[&str] = &[
    "tag",
    "name",
    "code",
    "subfield_name",
    "value",
    "position",
    "allowed",
    "reason",
    "element",
    "status",
    "embedded",
    "main",
    "count",
    "script",
    "shift",
    "length",
    "expected",
    "from",
    "to",
    "found_at",
    "unchecked",
    "realigned",
    "condition",
    "condition_field",
    "tags",
    "codes",
    "if_code",
];

fn messages(lang: &str) -> String {
    let path = format!(
        "{}/../yozuv-batch/messages/{lang}/format.ftl",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_check_has_a_message_in_every_language() {
    for lang in LANGUAGES {
        let text = messages(lang);
        for id in ids::ALL {
            let key = format!("\n{} =", id.replace('.', "-"));
            assert!(text.contains(&key), "{lang}: no message {key:?}");
        }
    }
}

#[test]
fn messages_use_known_arguments_only() {
    for lang in LANGUAGES {
        let text = messages(lang);
        for (i, _) in text.match_indices("{ $") {
            let name: String = text[i + 3..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(
                ARGS.contains(&name.as_str()),
                "{lang}: unknown argument ${name}"
            );
        }
    }
}

#[test]
fn uzbek_latin_uses_the_official_apostrophes() {
    let text = messages("uz-Latn");
    // oʻ and gʻ take U+02BB, never an ASCII apostrophe or U+2018/U+2019.
    assert!(text.contains("yoʻq") && text.contains("bogʻlan"));
    for bad in ["o'", "g'", "o‘", "o’", "g‘", "g’"] {
        assert!(!text.contains(bad), "{bad}");
    }
}
