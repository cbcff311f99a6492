//! Every valid and invalid example of ../shared/udc/UDC-SYNTAX.md (§1 and §6) and
//! ../shared/udc/peer-cases.md, transcribed by hand, one test each. The comment of each case
//! names the file and line it comes from. Expected values are the spec's, not our output.

use yozuv_udc::{check, Rule, Status};

/// `status`, and when given, the normalized form, and the rule of the first error/repair.
fn expect(input: &str, status: Status, normalized: Option<&str>, first_rule: Option<Rule>) {
    let c = check(input);
    assert_eq!(c.status, status, "{input:?}: {:?}", c.findings);
    if let Some(n) = normalized {
        assert_eq!(c.normalized().as_deref(), Some(n), "{input:?}");
    }
    if status == Status::Invalid {
        assert_eq!(c.normalized(), None, "{input:?}");
    }
    if let Some(rule) = first_rule {
        let first = c.errors().next().map(|f| f.rule);
        assert!(
            c.errors().any(|f| f.rule == rule),
            "{input:?}: expected {rule:?}, first was {first:?} in {:?}",
            c.findings
        );
    }
}

fn valid(input: &str) {
    expect(input, Status::Valid, Some(input), None);
}

fn invalid(input: &str, rule: Rule) {
    expect(input, Status::Invalid, None, Some(rule));
}

fn fixable(input: &str, normalized: &str, rule: Rule) {
    expect(input, Status::Fixable, Some(normalized), Some(rule));
}

fn warns(input: &str, rule: Rule) {
    let c = check(input);
    assert!(
        c.warnings().any(|f| f.rule == rule),
        "{input:?}: {:?}",
        c.findings
    );
}

/// peer-cases.md line 16 calls these "valid syntax"; they are, but they contain a number of
/// class 4, which is vacant (UDC-SYNTAX.md line 140) — a documented exception: the only error
/// must be the vacant class.
fn syntax_valid_but_class_4(input: &str) {
    let c = check(input);
    assert_eq!(c.status, Status::Invalid);
    assert!(
        c.errors().all(|f| f.rule == Rule::VacantClass),
        "{input:?}: {:?}",
        c.findings
    );
}

macro_rules! cases {
    ($($name:ident => $body:expr;)*) => { $( #[test] fn $name() { $body; } )* };
}

cases! {
    // UDC-SYNTAX.md line 116: `0`, `5`, `00`, `004`
    s116_class_0 => valid("0");
    s116_class_5 => valid("5");
    s116_00 => valid("00");
    s116_004 => valid("004");
    // line 117
    s117_uzbek_novels => valid("821.512.133-31");
    // line 118
    s118_place_time => valid("94(575.1)\"19\"");
    // line 119
    s119_relation => valid("004.738.5:002");
    // line 120
    s120_point_nought_form => valid("37.016:811.111(075.8)");
    // line 121
    s121_subgroup_place => valid("[622+669](575.1)");
    // line 122
    s122_translation => valid("821.161.1-1=512.133");
    // line 123
    s123_abbreviated => valid("629.734/.735");
    // line 124
    s124_abbrev_real_1 => valid("625.7/.8");
    s124_abbrev_real_2 => valid("664.144/.149(075.8)");
    // line 125: independent auxiliaries alone
    s125_place_alone => valid("(575.1)");
    s125_language_alone => valid("=512.133");
    s125_time_alone => valid("\"19\"");
    s125_ethnic_alone => valid("(=512.133)");
    // line 126
    s126_place_plus => valid("(470+571)");
    s126_place_plus_short => valid("(47+57)");
    s126_place_colon => valid("(44:450)");
    s126_place_plus_real => valid("(261+265.7)");
    // line 127
    s127_time_range => valid("\"1941/1945\"");
    s127_date => valid("\"2024.01.15\"");
    // line 128
    s128_order_fixing => valid("575::576.3");
    s128_iupac => valid("061.2(100)::[54+66]IUPAC");
    // line 129
    s129_cyrillic_az_1 => valid("929Черчилль");
    s129_cyrillic_az_2 => valid("821.161.1-2Бабель");
    // line 130
    s130_apostrophe => valid("81'25");
    s130_apostrophe_after_language_number => valid("811.512.133'374");
    // line 131
    s131_persons => valid("001.891-057.4");
    s131_phase_relation => valid("37-042.3:32");
    // line 132
    s132_point_of_view => valid("62.001.57");
    s132_point_nought_range => valid("7.01/.09");
    s132_point_nought => valid("65.01");
    // line 133
    s133_compound_1 => valid("[634.1+635.1]:631.81");
    s133_compound_2 => valid("614.8.084+504:574");
    // line 134
    s134_place_special_1 => valid("551.2(1-924.16)");
    s134_place_special_2 => valid("553.441.078(470-17)");
    s134_ru_short_form => { valid("338(-21)"); warns("338(-21)", Rule::PlaceShortForm) };
    // §1 examples: line 30 (=00 multilingual), line 32, line 34, line 46-48, line 57
    s030_multilingual => valid("=00");
    s033_peoples_of_a_place => valid("(=1:1/9)");
    s034_christian_era => valid("\"0/2\"");
    s046_special_hyphen_range => valid("62-1/-9");
    s046_special_hyphen => valid("621.01-752");
    s046_special_hyphen_2 => valid("617.7-083");
    s046_children => valid("82-93");
    s047_point_nought_after_full_group => valid("621.01");
    s048_lexicography => valid("81'374");
    s057_consecutive => valid("592/599");
    s057_consecutive_2 => valid("93/94");
    s058_relation => valid("17:7");
    s061_non_udc => valid("523.44*433");

    // line 139: point after <3 digits not followed by 0
    s139_1_1 => invalid("1.1", Rule::PointRule);
    s139_62_139 => invalid("62.139", Rule::PointRule);
    s139_12_3 => invalid("12.3", Rule::PointRule);
    // line 140: class 4 vacant
    s140_4 => invalid("4", Rule::VacantClass);
    s140_41 => invalid("41(075)", Rule::VacantClass);
    // line 141
    s141_trailing_point => invalid("004.", Rule::TrailingPoint);
    s141_leading_point => invalid(".004", Rule::DependentWithoutBase);
    s141_double_point => invalid("004..738", Rule::DoublePoint);
    // line 142
    s142_dangling => invalid("622+", Rule::DanglingConnector);
    s142_leading => invalid(":622", Rule::LeadingConnector);
    s142_doubled_plus => invalid("622++669", Rule::DoubledConnector);
    s142_tripled_colon => invalid("622:::669", Rule::DoubledConnector);
    // line 143
    s143_unclosed => invalid("(575.1", Rule::UnclosedParenthesis);
    s143_unclosed_real => invalid("533.9-115(030", Rule::UnclosedParenthesis);
    // line 144
    s144_unmatched_bracket => invalid("622.68+622.271.7](04)", Rule::UnmatchedClosing);
    // line 145
    s145_unterminated_quote => invalid("\"19", Rule::UnterminatedQuote);
    s145_empty_parens => invalid("()", Rule::EmptyAuxiliary);
    s145_empty_quotes => invalid("\"\"", Rule::EmptyAuxiliary);
    s145_empty_language => invalid("=", Rule::EmptyAuxiliary);
    // line 146
    s146_abbrev_backwards => invalid("629.735/.734", Rule::RangeOrder);
    s146_range_backwards => invalid("62/61", Rule::RangeOrder);
    // line 147: valid syntax, suspicious
    s147_unabbreviated => { valid("629.734/735"); warns("629.734/735", Rule::UnabbreviatedRange) };
    // line 148: schedule patterns / table headings
    s148_language_pattern => invalid("=...", Rule::SchedulePattern);
    s148_place_heading => invalid("(1/9)", Rule::SchedulePattern);
    s148_skos_pattern => invalid("=...`01", Rule::SchedulePattern);
    // line 149: inner space
    s149_space_before_form => fixable("2 (075)", "2(075)", Rule::RepairWhitespace);
    s149_space_before_hyphen => fixable("821.512.133 -31", "821.512.133-31", Rule::RepairWhitespace);
    // line 150
    s150_decimal_comma => fixable("621,39", "621.39", Rule::RepairDecimalComma);
    // line 151
    s151_cyrillic_o_in_form => fixable("(О75.8)", "(075.8)", Rule::RepairLetterO);
    s151_cyrillic_oo => fixable("ОО4", "004", Rule::RepairLetterO);
    // line 152
    s152_en_dash => fixable("821.512.133–31", "821.512.133-31", Rule::RepairDash);
    s152_em_dash => fixable("821.512.133—31", "821.512.133-31", Rule::RepairDash);
    s152_minus => fixable("821.512.133−31", "821.512.133-31", Rule::RepairDash);
    // line 153
    s153_curly_quotes => fixable("94(575.1)”19”", "94(575.1)\"19\"", Rule::RepairQuote);
    s153_guillemets => fixable("«19»", "\"19\"", Rule::RepairQuote);
    s153_double_prime => fixable("″19″", "\"19\"", Rule::RepairQuote);
    s153_right_single_quote => fixable("81’25", "81'25", Rule::RepairApostrophe);
    s153_modifier_apostrophe => fixable("81ʼ25", "81'25", Rule::RepairApostrophe);
    s153_turned_comma => fixable("81ʻ25", "81'25", Rule::RepairApostrophe);
    s153_left_single_quote => fixable("81‘25", "81'25", Rule::RepairApostrophe);
    s153_backtick => { let c = check("81`25"); assert_eq!(c.normalized().as_deref(), Some("81'25")); warns("81`25", Rule::BacktickApostrophe) };
    // line 154
    s154_subfield_marker => fixable("^a004.8", "004.8", Rule::RepairSubfieldMarker);
    s154_label_udk_cyr => fixable("УДК 821.512.133", "821.512.133", Rule::RepairLabel);
    s154_label_udk_lat => fixable("UDK 37", "37", Rule::RepairLabel);
    s154_label_colon => fixable("УДК: 37", "37", Rule::RepairLabel);
    s154_trailing_semicolon => fixable("37(075);", "37(075)", Rule::RepairPunctuation);
    s154_trailing_point_isbd => fixable("37(075).", "37(075)", Rule::RepairPunctuation);
    // line 155
    s155_author_mark => expect("821.161.1 1П", Status::NonUdc, Some("821.161.1"), Some(Rule::SplitGloss));
    s155_place_gloss => expect("(47) СССР", Status::NonUdc, Some("(47)"), Some(Rule::SplitGloss));
    s155_name_gloss => expect("623.746(092) Сухой П.О.", Status::NonUdc, Some("623.746(092)"), Some(Rule::SplitGloss));
    // line 156
    s156_letters_in_aux => {
        invalid("811(Англ)(075)", Rule::LettersInAuxiliary);
        // One bad auxiliary, one error (the following (075) is fine).
        assert_eq!(check("811(Англ)(075)").errors().count(), 1);
    };
    // line 157
    s157_open_time => {
        invalid("821.161.2’06-1:355.48(477)’’2022/…’’", Rule::SchedulePattern);
        let c = check("821.161.2’06-1:355.48(477)’’2022/…’’");
        assert!(c.errors().any(|f| f.rule == Rule::RepairApostrophe && f.offset == 9));
        assert!(c.errors().any(|f| f.rule == Rule::RepairQuote && f.offset == 26));
        assert!(c.errors().any(|f| f.rule == Rule::SchedulePattern && f.offset == 33));
    };
    // line 158
    s158_non_udc_tail => { valid("811.161.2*кл2(075.2)"); warns("811.161.2*кл2(075.2)", Rule::NonUdcTail) };
    // the issue's example: an author mark glued to the number
    issue_glued_author_mark => expect("821.161.1Бабель2", Status::NonUdc, Some("821.161.1"), Some(Rule::SplitGloss));
    // O‘UK prefix (issue text)
    issue_uzbek_label => fixable("O‘UK 821.512.133", "821.512.133", Rule::RepairLabel);
    issue_label_with_dash => fixable("УДК — 37.016", "37.016", Rule::RepairLabel);
    issue_split_list => fixable("553.984;552.54;551.253", "553.984;552.54;551.253", Rule::RepairSplitList);
    issue_dollar_marker => fixable("$a37.016", "37.016", Rule::RepairSubfieldMarker);

    // Real values from ../shared/testdata/unimarc/udc_notations_seen.tsv (expected by hand).
    seen_gloss_inside_parentheses => expect("72(420 Londra)(084)", Status::NonUdc, Some("72(420)(084)"), Some(Rule::SplitGloss));
    seen_gloss_inside_and_after => expect("378(498 Sibiu) Lucian Blaga", Status::NonUdc, Some("378(498)"), Some(Rule::SplitGloss));
    seen_point_rule_typo => invalid("550.42:57.4 (571.1)", Rule::PointRule);
    seen_en_dash_in_place => fixable("551.248.2:551.435.8(1–925.15)", "551.248.2:551.435.8(1-925.15)", Rule::RepairDash);
    seen_open_ended_time => invalid("06.068:821.133.1-31\"1903/...\"", Rule::SchedulePattern);
    seen_not_udc => expect("Americana, Europa", Status::NonUdc, None, Some(Rule::SplitGloss));
    seen_later_subfield_leaked => fixable("^a004.8^v3", "004.8", Rule::RepairSubfieldMarker);
    seen_label_then_isbd_point => fixable("УДК 621.39.", "621.39", Rule::RepairPunctuation);

    // line 41: one pair of signs for related/coordinated auxiliaries (a lint).
    s041_separate_biterminal => { let c = check("(470)+(571)"); assert_eq!(c.status, Status::Valid); warns("(470)+(571)", Rule::SeparateBiterminal) };
    nesting_is_bounded => { let deep = format!("{}622{}", "[".repeat(10_000), "]".repeat(10_000)); invalid(&deep, Rule::TooDeep) };

    // line 153: "uz oʻ letters never occur inside notations" — but in an A/Z extension they do,
    // and must not be turned into the apostrophe auxiliary.
    s153_uzbek_letter_in_extension => valid("929Oʻzbekov");
    s153_typographic_apostrophe_in_extension => valid("929O’zbekov");

    // §3 citation order is a lint: a deviation warns, the literature form 821.111(73)-31 does not.
    s3_citation_order_warns => { valid("37(03)(470.311)"); warns("37(03)(470.311)", Rule::CitationOrder) };
    s3_literature_place_then_form => { valid("821.111(73)-31"); assert!(check("821.111(73)-31").warnings().next().is_none()) };

    // Invisible characters from copy-paste (BOM, zero-width space, soft hyphen).
    invisible_characters => fixable("\u{feff}004.8\u{200b}(075.8)", "004.8(075.8)", Rule::RepairWhitespace);

    // BBK (LBC) indexes put in the UDC field, common in Russian IRBIS data (not a spec example).
    bbk_form_division => expect("22.1я73", Status::NonUdc, None, Some(Rule::LooksLikeBbk));
    bbk_place => expect("84(2Рос=Рус)6", Status::NonUdc, None, Some(Rule::LooksLikeBbk));
    bbk_letter_class => expect("Ш5(2=Р)7", Status::NonUdc, None, Some(Rule::LooksLikeBbk));

    // peer-cases.md line 14: udc-brazil "good" — valid syntax
    p014_1 => valid("1");
    p014_2 => valid("2");
    p014_3 => valid("3");
    p014_10 => valid("10");
    p014_11 => valid("11");
    p014_21 => valid("21");
    p014_123 => valid("123");
    p014_123_4 => valid("123.4");
    p014_123_45 => valid("123.45");
    p014_123_456 => valid("123.456");
    p014_123_456_7 => valid("123.456.7");
    p014_123_456_78 => valid("123.456.78");
    p014_123_456_789 => valid("123.456.789");
    // line 15
    p015_4 => invalid("4", Rule::VacantClass);
    // line 16
    p016_1 => valid("1+1");
    p016_2 => valid("2+2");
    p016_3 => valid("3+3");
    p016_4 => syntax_valid_but_class_4("123+456.789");
    p016_5 => syntax_valid_but_class_4("123+456.789+321");
    p016_6 => syntax_valid_but_class_4("123.123+456.456+789.789");
    p016_7 => valid("123.456+789");
    // line 17: they accept, we reject
    p017_1 => invalid("1.1+1", Rule::PointRule);
    p017_2 => invalid("1.1+1.2", Rule::PointRule);
    p017_3 => invalid("1.1+1.2.4+1.3", Rule::PointRule);
    p017_4 => invalid("1.1+2.2+3.3", Rule::PointRule);
    p017_5 => invalid("1.1+2.2+3.3+123+123", Rule::PointRule);
    // line 18: valid only as A/Z extension
    p018_1 => valid("123AUX");
    p018_2 => valid("123.1SHOW");
    p018_3 => valid("333.444CINCO");
    p018_4 => valid("123.45SEIS");
    // line 19
    p019_1 => valid("(123)QUATRO");
    p019_2 => valid("(123.4)CINCO");
    // line 20
    p020_non_udc => valid("123.123*{tudo-junto-sem-espaco}");
    // line 21: space-separated list → reject / split
    p021_list => { let c = check("1 1 2 2 2 2 2 2 29"); assert_ne!(c.status, Status::Valid); assert!(!c.split_off.is_empty()) };
    // line 40: `.085` after `)` is not UDC syntax
    p040_point_after_paren => invalid("94(430).085 Geología", Rule::DependentWithoutBase);
    // line 41: A/Z after a space is a gloss; keep the notation
    p041_gloss => expect("821.134.2-31 Cervantes", Status::NonUdc, Some("821.134.2-31"), Some(Rule::SplitGloss));
    // lines 42-46
    p042_place_alone => valid("(460.23)");
    p043_language_alone => valid("=111");
    p044_relation => valid("37.016:811.111(075.8)");
    p045_abbreviated => valid("629.734/.735");
    p046_time => valid("94(575.1)\"19\"");
    // line 57, 62: RERO
    p057_range => valid("73/77");
    p062_004 => valid("004");
    p062_93_94 => valid("93/94");
    p062_614_253_1 => valid("614.253.1");
    p062_backtick => { assert!(check("81`28").status != Status::Invalid); warns("81`28", Rule::BacktickApostrophe) };
    p062_615_84 => valid("615.84");
    // line 63: RERO rejects; both are valid syntax
    p063_apostrophe => valid("81'28");
    p063_not_enumerated => valid("614.253.544");
    // lines 72-84: UDC Summary examples
    p072 => valid("622+669");
    p073 => valid("(44+460)");
    p074 => valid("(470+571)");
    p075 => valid("629.734/.735");
    p076 => valid("17:7");
    p077 => valid("37-042.3:32");
    p078 => valid("37-042.4:004");
    p079 => valid("(44:450)");
    p080 => valid("575::576.3");
    p081 => valid("77.04::355.4");
    p082 => valid("061.2(100)::[54+66]IUPAC");
    p083 => valid("[622+669](485)");
    p084_anglo_norman => { assert_ne!(check("811.133.1`03").status, Status::Invalid) };
    p084_old_french => { assert_ne!(check("811.133.1`01").status, Status::Invalid) };
}
