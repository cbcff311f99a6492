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

/// `extends`: the strict union-catalogue variant is uz-unicat with three checks raised to
/// errors (research §7, "uz-uec-strict": UZ-C01, UZ-M05, UZ-M09), everything else the same.
#[test]
fn strict_profile_extends_uz_unicat() {
    let r = Registry::builtin();
    let base = Profile::bundled("uz-unicat", r).unwrap();
    let strict = Profile::bundled("uz-unicat-strict", r).unwrap();
    assert_eq!(strict.name, "uz-unicat-strict");
    assert_eq!(
        base.severity("classification.missing", None),
        Some(Severity::Warning)
    );
    assert_eq!(
        strict.severity("classification.missing", None),
        Some(Severity::Error)
    );
    assert_eq!(
        base.severity("recommended.missing", None),
        Some(Severity::Warning)
    );
    assert_eq!(
        strict.severity("recommended.missing", None),
        Some(Severity::Error)
    );
    assert_eq!(
        strict.severity("holdings.missing", None),
        Some(Severity::Error)
    );
    // Inherited as they are: flavour, lists, holdings tags and every other rule.
    assert_eq!(strict.flavour, base.flavour);
    assert_eq!(strict.holdings_tags, base.holdings_tags);
    for flavour in [yozuv_batch::Flavour::Marc21, yozuv_batch::Flavour::Unimarc] {
        let texts = |p: &Profile, m: bool| -> Vec<String> {
            let list = if m { &p.mandatory } else { &p.recommended };
            list[&flavour].iter().map(|q| q.text.clone()).collect()
        };
        assert_eq!(texts(&strict, true), texts(&base, true));
        assert_eq!(texts(&strict, false), texts(&base, false));
    }
    let recommended: Vec<String> = strict.recommended[&yozuv_batch::Flavour::Unimarc]
        .iter()
        .map(|q| q.text.clone())
        .collect();
    assert!(recommended.iter().any(|t| t == "801$g"), "{recommended:?}");
    for rule in r.iter() {
        if rule.id == "classification.missing" || rule.id == "recommended.missing" {
            continue;
        }
        assert_eq!(
            strict.setting(&rule.id),
            base.setting(&rule.id),
            "{}",
            rule.id
        );
    }
}

/// ru-skbr (research §7): uz-unicat without UZ-T02, UZ-T05 and UZ-H02, 899 holdings kept.
#[test]
fn ru_skbr_drops_the_uzbek_only_checks() {
    let r = Registry::builtin();
    let base = Profile::bundled("uz-unicat", r).unwrap();
    let ru = Profile::bundled("ru-skbr", r).unwrap();
    let dropped = ["text.apostrophe", "text.language-letters", "holdings.sigla"];
    for id in dropped {
        assert!(base.is_enabled(id), "{id}");
        assert!(!ru.is_enabled(id), "{id}");
    }
    assert!(ru
        .holdings_tags
        .contains(&yozuv::Tag::from_str_lossy("899")));
    assert!(ru.is_enabled("holdings.missing"));
    for rule in r.iter() {
        if !dropped.contains(&rule.id.as_str()) {
            assert_eq!(ru.setting(&rule.id), base.setting(&rule.id), "{}", rule.id);
        }
    }
}

/// A cataloguing centre's own profile on top of a bundled one, and of another file:
/// tables merge key by key, lists are replaced, and bad chains fail with the reason.
#[test]
fn local_profiles_extend_bundled_and_file_profiles() {
    let r = Registry::builtin();
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("local.toml");
    std::fs::write(
        &local,
        r#"
extends = "uz-unicat"
name = "tashkent"
[rules."isbn.group"]
enabled = false
[rules."format.undefined-tag"]
tags = { "999" = "info" }
[mandatory]
marc21 = ["001", "245$a"]
"#,
    )
    .unwrap();
    let p = Profile::load(local.to_str().unwrap(), r).unwrap();
    let base = Profile::bundled("uz-unicat", r).unwrap();
    assert_eq!(p.name, "tashkent");
    assert!(!p.is_enabled("isbn.group"));
    // The parent's severity for the rule stays; only the tag override is added.
    assert_eq!(
        p.severity("format.undefined-tag", None),
        base.severity("format.undefined-tag", None)
    );
    assert_eq!(
        p.severity(
            "format.undefined-tag",
            Some(yozuv::Tag::from_str_lossy("999"))
        ),
        Some(Severity::Info)
    );
    let m21: Vec<&str> = p.mandatory[&yozuv_batch::Flavour::Marc21]
        .iter()
        .map(|q| q.text.as_str())
        .collect();
    assert_eq!(m21, ["001", "245$a"]);
    assert_eq!(
        p.mandatory[&yozuv_batch::Flavour::Unimarc].len(),
        base.mandatory[&yozuv_batch::Flavour::Unimarc].len()
    );
    assert!(p.is_enabled("holdings.missing"));

    // A file extending a file (path relative to the extending file).
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let branch = sub.join("branch.toml");
    std::fs::write(
        &branch,
        "extends = \"../local.toml\"\nname = \"branch\"\n[rules.\"isbn.group\"]\nenabled = true\n",
    )
    .unwrap();
    let b = Profile::load(branch.to_str().unwrap(), r).unwrap();
    assert_eq!(b.name, "branch");
    assert!(b.is_enabled("isbn.group"));
    assert_eq!(
        b.severity(
            "format.undefined-tag",
            Some(yozuv::Tag::from_str_lossy("999"))
        ),
        Some(Severity::Info)
    );

    // A cycle, a missing parent, a typo inherited from nowhere: errors that say why.
    let a = dir.path().join("a.toml");
    let c = dir.path().join("c.toml");
    std::fs::write(
        &a,
        "extends = \"c.toml\"\nname = \"a\"\nflavour = \"auto\"\n",
    )
    .unwrap();
    std::fs::write(
        &c,
        "extends = \"a.toml\"\nname = \"c\"\nflavour = \"auto\"\n",
    )
    .unwrap();
    let e = Profile::load(a.to_str().unwrap(), r)
        .unwrap_err()
        .to_string();
    assert!(e.contains("cycle"), "{e}");
    let missing = dir.path().join("m.toml");
    std::fs::write(&missing, "extends = \"nowhere.toml\"\nname = \"m\"\n").unwrap();
    let e = Profile::load(missing.to_str().unwrap(), r)
        .unwrap_err()
        .to_string();
    assert!(e.contains("nowhere.toml"), "{e}");
    let e = Profile::from_toml("x", "extends = \"uz-unicatt\"\nname = \"x\"\n", r)
        .unwrap_err()
        .to_string();
    assert!(e.contains("uz-unicatt"), "{e}");
}
