//! Every rule has a message and a summary in every language; bundled profiles load; a
//! profile naming an unknown rule is refused.

use yozuv_batch::messages::LANGUAGES;
use yozuv_batch::{Arg, Messages, Profile, Registry, Severity};

#[test]
fn every_rule_has_a_message_in_every_language() {
    let registry = Registry::builtin();
    assert!(registry.len() >= 50, "rules.toml did not load");
    let mut missing = Vec::new();
    for lang in LANGUAGES {
        let m = Messages::new(lang).unwrap();
        for rule in registry.iter() {
            let id = rule.id.replace('.', "-");
            if !m.has(&id, true) {
                missing.push(format!("{lang}: {id}"));
            }
        }
        for ui in [
            "ui-summary",
            "ui-records",
            "ui-errors",
            "ui-warnings",
            "ui-rule",
            "ui-title",
        ] {
            if !m.has(ui, false) {
                missing.push(format!("{lang}: {ui}"));
            }
        }
    }
    assert!(missing.is_empty(), "missing messages: {missing:#?}");
}

#[test]
fn messages_use_their_arguments() {
    // Every argument any rule passes, so that no message shows an unresolved { $x }.
    let args: Vec<(&str, Arg)> = [
        "length",
        "declared",
        "actual",
        "limit",
        "found",
        "index",
        "code",
        "charset",
        "char",
        "text",
        "position",
        "value",
        "allowed",
        "expected",
        "field",
        "problem",
        "reason",
        "tags",
        "word",
        "flavour",
        "count",
        "records",
        "byte",
        "declaration",
        "via",
        "character",
        // format.*, flavour.uncertain, udc.fixable / udc.not-udc
        "tag",
        "name",
        "element",
        "status",
        "main",
        "evidence",
        "normalized",
        "udc",
        "embedded",
        "script",
        "subfield",
        "format",
        "detail",
        // format.fixed-field-misaligned, conditional format.mandatory-missing
        "shift",
        "found_at",
        "from",
        "to",
        "unchecked",
        "condition_field",
        "codes",
        "if_code",
    ]
    .iter()
    .map(|&n| (n, Arg::Text("X".into())))
    .collect();
    for lang in LANGUAGES {
        let m = Messages::new(lang).unwrap();
        for rule in Registry::builtin().iter() {
            let text = m.format(&rule.id.replace('.', "-"), None, &args).unwrap();
            assert!(
                !text.contains("{$") && !text.contains("{ $"),
                "{lang} {}: {text}",
                rule.id
            );
            assert!(!text.is_empty());
        }
    }
    // Plural-free selector: the ISBN problem kinds are distinct texts.
    let m = Messages::new("ru").unwrap();
    let t = |p: &str| {
        m.format(
            "isbn-invalid",
            None,
            &[
                ("value", Arg::Text("1".into())),
                ("problem", Arg::Text(p.into())),
            ],
        )
        .unwrap()
    };
    assert_ne!(t("length"), t("check-digit"));
    assert!(t("check-digit").contains("контрольная цифра"));
}

#[test]
fn uzbek_cyrillic_messages_are_cyrillic() {
    let m = Messages::new("uz-Cyrl").unwrap();
    let s = m.summary("duplicate.id001").unwrap();
    assert!(
        s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
        "{s}"
    );
    let l = Messages::new("uz-Latn").unwrap();
    assert!(l.summary("text.apostrophe").unwrap().contains('ʻ'));
}

#[test]
fn bundled_profiles_load() {
    let r = Registry::builtin();
    for (name, _) in yozuv_batch::profile::BUNDLED {
        let p = Profile::bundled(name, r).unwrap();
        assert_eq!(p.name, *name);
    }
    let uz = Profile::bundled("uz-unicat", r).unwrap();
    assert_eq!(uz.flavour, yozuv_batch::FlavourChoice::Auto);
    assert!(uz.is_enabled("holdings.missing"));
    assert!(uz.is_enabled("charset.legacy"));
    let m21 = Profile::bundled("marc21", r).unwrap();
    assert!(!m21.is_enabled("holdings.missing"));
    let rus = Profile::bundled("rusmarc", r).unwrap();
    let mand: Vec<&str> = rus.mandatory[&yozuv_batch::Flavour::Unimarc]
        .iter()
        .map(|q| q.text.as_str())
        .collect();
    for m in ["001", "100$a", "200$a"] {
        assert!(mand.contains(&m), "{mand:?}");
    }
}

#[test]
fn profile_overrides_and_typos() {
    let r = Registry::builtin();
    let text = r#"
name = "mine"
flavour = "marc21"
[rules."isbn.invalid"]
severity = "warning"
tags = { "020" = "info" }
[rules."chars.not-nfc"]
enabled = false
"#;
    let p = Profile::from_toml("mine", text, r).unwrap();
    assert_eq!(p.severity("isbn.invalid", None), Some(Severity::Warning));
    assert_eq!(
        p.severity("isbn.invalid", Some(yozuv::Tag::from_str_lossy("020"))),
        Some(Severity::Info)
    );
    assert_eq!(p.severity("chars.not-nfc", None), None);
    let bad = "name = \"x\"\nflavour = \"marc21\"\n[rules.\"isbn.invalidd\"]\nenabled = false\n";
    assert!(Profile::from_toml("x", bad, r).is_err());
}
