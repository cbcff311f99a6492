//! The compiled-in definitions against the format documentation (values checked by hand on the
//! LoC pages, the UNIMARC manual and the RUSMARC 2015 description).

use yozuv::format::{marcedit, CodeListKind, CodeStatus, Definitions, Flavour, PositionCodes};
use yozuv::Tag;

#[test]
fn marc21_245() {
    let f = Definitions::marc21().field_str("245").expect("245");
    assert_eq!(f.name, "Title statement");
    assert!(!f.repeatable && !f.obsolete && f.mandatory);
    let [i1, i2] = &f.indicators;
    assert_eq!(i1.as_ref().unwrap().allowed.to_display(), "01");
    assert_eq!(i2.as_ref().unwrap().allowed.to_display(), "0123456789");
    assert!(!f.subfield(b'a').unwrap().repeatable);
    assert!(f.subfield(b'n').unwrap().repeatable);
    // $z Title statement context note: added after Update 39, in the LoC list.
    assert!(f.subfield(b'z').is_some());
    // $d / $e (SE) are obsolete.
    assert!(f.subfield(b'd').unwrap().obsolete);
}

#[test]
fn marc21_known_source_bugs_are_avoided() {
    let d = Definitions::marc21();
    // qa-catalogue's collision bug marks 856 $g and 050 ind2 0 obsolete; LoC defines them.
    assert!(!d.field_str("856").unwrap().subfield(b'g').unwrap().obsolete);
    let ind2 = d.field_str("050").unwrap().indicators[1].clone().unwrap();
    assert!(ind2.allowed.contains(b'0') && ind2.allowed.contains(b'4'));
    // The concise list shows 650 $e NR; bd650.html: "$e - Relator term (R)".
    assert!(
        d.field_str("650")
            .unwrap()
            .subfield(b'e')
            .unwrap()
            .repeatable
    );
    // 880: indicators and subfields follow the associated field.
    let f880 = d.field_str("880").unwrap();
    assert!(f880.indicators[0].is_none() && f880.any_subfield);
    // 440 obsolete since 2008; 090 local.
    assert!(d.field_str("440").unwrap().obsolete);
    assert!(d.field_str("100").is_some() && d.field(Tag::from_str_lossy("659")).is_none());
    assert!(d.edition().contains("Update No. 41"));
    for part in ["variable_fields", "fixed_positions", "code_lists"] {
        assert!(d.part_edition(part).is_some(), "{part}");
    }
}

/// How `code` stands in the fixed position of `field` / `material` starting at `start`.
fn position_status(field: &str, material: &str, start: usize, code: &str) -> &'static str {
    let d = Definitions::marc21();
    let p = d
        .positions(Tag::from_str_lossy(field), None, material)
        .iter()
        .find(|p| p.start == start)
        .unwrap_or_else(|| panic!("{field}/{material}/{start}"));
    match &p.codes {
        PositionCodes::EachChar { allowed, obsolete } => {
            if code.bytes().all(|b| allowed.contains(b)) {
                "valid"
            } else if code
                .bytes()
                .all(|b| allowed.contains(b) || obsolete.contains(b))
            {
                "obsolete"
            } else {
                "invalid"
            }
        }
        PositionCodes::Whole { allowed, obsolete } => {
            if allowed.iter().any(|a| a == code) {
                "valid"
            } else if obsolete.iter().any(|a| a == code) {
                "obsolete"
            } else {
                "invalid"
            }
        }
        PositionCodes::List(_) => "list",
    }
}

#[test]
fn marc21_fixed_positions_follow_the_newest_loc_list() {
    // Expected values from the LoC concise list (ecbdlist, copy of 2026-04-16) and the proposals
    // named; qa-catalogue's Update 39 file (the old source of these positions) differs on each.
    let d = Definitions::marc21();
    assert!(d
        .part_edition("fixed_positions")
        .unwrap()
        .contains("Update No. 41"));
    // MARC Fast-Track Proposal 2025-FT03 (approved 2025-11-25): r "Remote sensing image" in
    // 008/25 and 006/08 (maps).
    assert_eq!(position_status("008", "maps", 25, "r"), "valid");
    assert_eq!(position_status("006", "maps", 8, "r"), "valid");
    // 007/04 videorecording: t "4K Ultra HD Blu-ray".
    assert_eq!(position_status("007", "v", 4, "t"), "valid");
    // Current codes that qa-catalogue's collision bug marked obsolete (an obsolete meaning of the
    // same letter overwrote the current one): 008/22 visual f Specialized, g General; 007/01 map
    // j Map; 007/01 sound recording r Remote; 008/24-29 music g.
    assert_eq!(position_status("008", "visual", 22, "f"), "valid");
    assert_eq!(position_status("008", "visual", 22, "g"), "valid");
    assert_eq!(position_status("007", "a", 1, "j"), "valid");
    assert_eq!(position_status("007", "s", 1, "r"), "valid");
    assert_eq!(position_status("008", "music", 24, "g"), "valid");
    // Obsolete stays obsolete: 008/23 music g "Punched paper tape" (the copy lost the marker
    // text there; it is [OBSOLETE] under books) and 006/06 music, which is defined as 008/23.
    assert_eq!(position_status("008", "music", 23, "g"), "obsolete");
    assert_eq!(position_status("006", "music", 6, "g"), "obsolete");
    // 006/01-17 = 008/18-34 of the same material: 006/04 continuing j (journal) as 008/21.
    assert_eq!(position_status("006", "continuing", 4, "j"), "valid");
    assert_eq!(position_status("008", "continuing", 21, "j"), "valid");
    // 008/07-10 Date 1: digits, #, u, | per character (LoC lists 0-9, #, u, |).
    assert_eq!(position_status("008", "all", 7, "19uu"), "valid");
    assert_eq!(position_status("008", "all", 7, "    "), "valid");
    assert_eq!(position_status("008", "all", 7, "19--"), "invalid");
    // Values the concise list leaves out stay (LoC Leader page): Leader/20-23 "4500".
    assert_eq!(position_status("LDR", "", 20, "4"), "valid");
    assert_eq!(position_status("LDR", "", 23, "0"), "valid");
    // 008/23 computer files: # and | besides o, q (omitted by the concise list).
    assert_eq!(position_status("008", "computer", 23, " "), "valid");
    assert_eq!(position_status("008", "computer", 23, "o"), "valid");
}

#[test]
fn marc21_fixed_positions_and_codes() {
    let d = Definitions::marc21();
    let books = d.positions(Tag::from_str_lossy("008"), None, "books");
    let ill = books.iter().find(|p| p.start == 18).expect("008/18-21");
    assert_eq!(ill.end, 21);
    match &ill.codes {
        PositionCodes::EachChar { allowed, .. } => {
            for c in b" abcdefghijklmop|" {
                assert!(allowed.contains(*c), "{}", *c as char);
            }
            assert!(!allowed.contains(b'n'));
        }
        other => panic!("{other:?}"),
    }
    let all = d.positions(Tag::from_str_lossy("008"), None, "all");
    assert!(all
        .iter()
        .any(|p| p.start == 35 && p.codes == PositionCodes::List(CodeListKind::Language)));
    let langs = d.code_list(CodeListKind::Language);
    assert_eq!(langs.status("uzb"), CodeStatus::Valid);
    assert_eq!(langs.status("kaz"), CodeStatus::Valid);
    assert_eq!(
        d.code_list(CodeListKind::Country).status("uz"),
        CodeStatus::Valid
    );
    assert_eq!(
        d.code_list(CodeListKind::Country).status("ur"),
        CodeStatus::Discontinued
    ); // Soviet Union
    assert_eq!(
        d.code_list(CodeListKind::Relator).status("aut"),
        CodeStatus::Valid
    );
    assert_eq!(
        d.code_list(CodeListKind::GeographicArea).status("a-uz"),
        CodeStatus::Valid
    );
}

#[test]
fn unimarc_and_rusmarc() {
    let u = Definitions::unimarc();
    assert_eq!(u.flavour(), Flavour::Unimarc);
    let f200 = u.field_str("200").unwrap();
    assert!(f200.mandatory && !f200.repeatable);
    assert_eq!(
        f200.indicators[0].as_ref().unwrap().allowed.to_display(),
        "01"
    );
    assert!(!u.field_str("700").unwrap().repeatable);
    assert!(u.field_str("100").unwrap().mandatory);
    assert_eq!(
        u.code_list(CodeListKind::Relator).status("070"),
        CodeStatus::Valid
    );
    assert_eq!(
        u.code_list(CodeListKind::Language).status("uzb"),
        CodeStatus::Valid
    );

    let r = Definitions::rusmarc();
    let f899 = r.field_str("899").unwrap();
    assert!(f899.obsolete);
    assert_eq!(f899.name_ru.as_deref(), Some("Данные о местонахождении"));
    // RUSMARC adds 89 (Windows-1251) to the character sets of 100$a/26-27.
    let charset = r
        .positions(Tag::from_str_lossy("100"), Some(b'a'), "")
        .iter()
        .find(|p| p.start == 26)
        .expect("100$a/26-27");
    match &charset.codes {
        PositionCodes::Whole { allowed, .. } => assert!(allowed.iter().any(|c| c == "89")),
        other => panic!("{other:?}"),
    }
    // and not UNIMARC
    let charset = u
        .positions(Tag::from_str_lossy("100"), Some(b'a'), "")
        .iter()
        .find(|p| p.start == 26)
        .expect("100$a/26-27");
    match &charset.codes {
        PositionCodes::Whole { allowed, .. } => assert!(!allowed.iter().any(|c| c == "89")),
        other => panic!("{other:?}"),
    }
    assert!(r.edition().contains("2015-11-23"));
}

#[test]
fn marcedit_unimarc_rules_import() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/formats/marcedit-unimarcrules.txt"
    ))
    .unwrap();
    assert!(
        text.contains('\r') && !text.contains('\n'),
        "the file has CR line endings"
    );
    let d = marcedit::from_rules(Flavour::Unimarc, &text).unwrap();
    // "One 200 field must be present", "One 801 field must be present".
    assert!(d.field_str("200").unwrap().mandatory);
    assert!(d.field_str("801").unwrap().mandatory);
    let f010 = d.field_str("010").unwrap();
    assert!(f010.repeatable);
    assert_eq!(f010.name, "INTERNATIONAL STANDARD BOOK NUMBER (ISBN)");
    assert!(!f010.subfield(b'a').unwrap().repeatable);
    assert!(f010.subfield(b'z').unwrap().repeatable);
    assert!(f010.subfield(b'9').is_some());
    let f011 = d.field_str("011").unwrap();
    assert_eq!(
        f011.indicators[0].as_ref().unwrap().allowed.to_display(),
        "01"
    );
    assert_eq!(
        f011.indicators[1].as_ref().unwrap().allowed.to_display(),
        "#"
    );
    assert!(d.fields().count() > 190);
    // positions and code lists come from the bundled flavour
    assert!(d.has_positions(Tag::from_str_lossy("100"), Some(b'a')));
}

#[test]
fn marcedit_rejects_garbage_with_line_number() {
    let err = marcedit::from_rules(Flavour::Marc21, "245\tNR\tTITLE\nind1\t01\tx\nqq\tR\tbad\n")
        .unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[test]
fn local_extension_adds_fields() {
    let mut d = Definitions::rusmarc().clone();
    assert!(d.field_str("959").is_none());
    marcedit::extend(
        &mut d,
        "959\tR\tЛокальные данные\nind1\tblank\t\nind2\tblank\t\na\tNR\tШифр\nb\tR\tФонд\n",
    )
    .unwrap();
    let f = d.field_str("959").unwrap();
    assert_eq!(f.name, "Локальные данные");
    assert!(f.subfield(b'b').unwrap().repeatable);
}
