//! One test per `yozuv::format::check::ids::ALL` id, run through `yozuv_batch::Validator` with a
//! bundled profile: a real record that breaks the rule (asserted on the tag, and the
//! occurrence / subfield where it matters) and a real record that does not.
//!
//! Every expectation was decided by reading the record (`yozuv dump FILE`, or the raw bytes) and
//! the spec point cited beside it (LoC MARC 21 Bibliographic, the MARC code lists, UNIMARC
//! Manual, RUSMARC), not by copying our output. Files are the copies in `testdata/formats/`
//! (provenance in `testdata/formats/PROVENANCE.md`) and `testdata/iso2709/summerland.mrc`
//! (LoC's record for Chabon's *Summerland*, marc4j test data).

mod common;

use common::{arg, forced_profile, formats, hits, run_with, validate};
use yozuv::format::Flavour as Format;
use yozuv::iso2709::{ReadMode, Reader};
use yozuv::{Field, Record};
use yozuv_batch::RecordOutcome;

const SUMMERLAND: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/iso2709/summerland.mrc"
);

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// LoC's summerland record: valid MARC 21 by every definition (the clean MARC 21 case).
fn summerland() -> RecordOutcome {
    run_with(forced_profile(Format::Marc21), read(SUMMERLAND)).remove(0)
}

/// Record `number` (from 1) of a testdata/formats file, decoded, for a one-field modification.
fn record(file: &str, number: usize) -> Record {
    let bytes = formats(file);
    Reader::new(std::io::Cursor::new(bytes), ReadMode::Permissive)
        .nth(number - 1)
        .unwrap()
        .unwrap()
}

fn none(o: &RecordOutcome, rule: &str) {
    assert!(
        !o.diagnostics.iter().any(|d| &*d.rule == rule),
        "{rule}: {:?}",
        o.diagnostics
    );
}

#[test]
fn every_id_has_a_test_here() {
    // Guard: if an id is added to the library, this file must grow a test for it.
    let covered = [
        "format.undefined-tag",
        "format.field-not-repeatable",
        "format.subfield-not-repeatable",
        "format.invalid-indicator",
        "format.undefined-subfield",
        "format.obsolete",
        "format.mandatory-missing",
        "format.fixed-field-code",
        "format.fixed-field-misaligned",
        "format.language-code",
        "format.country-code",
        "format.relator-code",
        "format.geographic-area-code",
        "format.linkage-880",
        "format.embedded-field",
        "format.heading-consistency",
    ];
    let mut all: Vec<&str> = yozuv::format::check::ids::ALL.to_vec();
    all.sort_unstable();
    let mut covered = covered.to_vec();
    covered.sort_unstable();
    assert_eq!(all, covered);
}

#[test]
fn undefined_tag() {
    // Evergreen lul_fre record 1 has two 659 fields. LoC's 65X list defines 600, 610, 611, 630,
    // 647, 648, 650, 651, 653-658, 662, 688 — no 659 (and 659 is not a X9X local tag).
    let o = validate("evergreen-lul_fre_100.mrc", 1, Format::Marc21);
    let h = hits(&o, "format.undefined-tag", "659");
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!(h[0].location.occurrence, Some(1));
    assert_eq!(h[1].location.occurrence, Some(2));
    // Summerland: 001 005 008 020 040 100 245 250 260 300 520 650 — all defined.
    none(&summerland(), "format.undefined-tag");
}

#[test]
fn field_not_repeatable() {
    // Evergreen nepali record 1: 100 twice and 245 twice (Devanagari and romanized copies
    // instead of 880s). LoC: 100 (NR), 245 (NR). Reported once, at the second occurrence.
    let o = validate("evergreen-nepali.marc", 1, Format::Marc21);
    for tag in ["100", "245"] {
        let h = hits(&o, "format.field-not-repeatable", tag);
        assert_eq!(h.len(), 1, "{tag}: {h:?}");
        assert_eq!(h[0].location.occurrence, Some(2), "{tag}");
    }
    // Summerland: 020 and 650 repeat (both R by LoC); every NR field once.
    none(&summerland(), "format.field-not-repeatable");
    // The same rule on ONE modified real record: summerland with its 245 copied once more.
    let mut rec = Reader::new(std::io::Cursor::new(read(SUMMERLAND)), ReadMode::Permissive)
        .next()
        .unwrap()
        .unwrap();
    let title = rec.fields_by_tag("245").next().unwrap().clone();
    rec.fields.push(title);
    let o = run_with(forced_profile(Format::Marc21), rec.to_iso2709().unwrap()).remove(0);
    let h = hits(&o, "format.field-not-repeatable", "245");
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].location.occurrence, Some(2));
}

#[test]
fn subfield_not_repeatable() {
    // catmandu utf8 record 1: `650 \0 $aMARC$aMARC2` (2nd 650). LoC 650 $a (NR).
    let o = validate("catmandu-utf8.mrc", 1, Format::Marc21);
    let h = hits(&o, "format.subfield-not-repeatable", "650");
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].location.occurrence, Some(2));
    assert_eq!(h[0].location.subfield, Some(b'a'));
    // Summerland: 020 $a, 650 $a $v once each per field; 245 $a $c once.
    none(&summerland(), "format.subfield-not-repeatable");
}

#[test]
fn invalid_indicator() {
    // yaz marc6 record 1: `100 10 $aJack Collins`. LoC 100 second indicator: undefined (#);
    // "0" is not allowed.
    let o = validate("yaz-marc6.marc", 1, Format::Marc21);
    let h = hits(&o, "format.invalid-indicator", "100");
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(arg(h[0], "value").as_deref(), Some("0"));
    // Summerland: 100 `1#`, 245 `10`, 650 `#1` (LC children's headings) — all defined values.
    none(&summerland(), "format.invalid-indicator");
}

#[test]
fn undefined_subfield() {
    // Evergreen hebrew record 1: `035 ## $a.b12685306$bxwb  $c-` (a III Millennium local
    // 035). LoC 035 defines $a $z $6 $8 only: $b and $c are undefined.
    let o = validate("evergreen-hebrew.marc", 1, Format::Marc21);
    let h = hits(&o, "format.undefined-subfield", "035");
    let codes: Vec<u8> = h.iter().filter_map(|d| d.location.subfield).collect();
    assert!(codes.contains(&b'b'), "{h:?}");
    assert!(codes.contains(&b'c'), "{h:?}");
    // Summerland: 040 $a $c $d, 260 $a $b $c, 300 $a $c, 650 $a $v — all defined.
    none(&summerland(), "format.undefined-subfield");
}

#[test]
fn obsolete() {
    // lul_fre record 5: `440 \0 $aNouvelle bibliothèque littéraire`. LoC: 440 made obsolete
    // in 2008 (Update 9; use 490 + 8XX). A warning, not an error.
    let o = validate("evergreen-lul_fre_100.mrc", 5, Format::Marc21);
    let h = hits(&o, "format.obsolete", "440");
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].severity, yozuv_batch::Severity::Warning);
    none(&summerland(), "format.obsolete");
}

#[test]
fn mandatory_missing() {
    // RSL record RuMoRGB.01003543129.1: `021 ## $b143032-О` — RUSMARC 021 (Legal deposit
    // number): $a Country code is mandatory. (The MARC 21 field cases, 008/245, are reported by
    // the profile's `mandatory.missing` instead, so the RUSMARC subfield case is used here.)
    let o = validate("RuMoRGB.01003543129.1.rusmarc.iso", 1, Format::Rusmarc);
    let h = hits(&o, "format.mandatory-missing", "021");
    assert!(h.iter().any(|d| d.location.subfield == Some(b'a')), "{h:?}");
    // NLR009673670: 001, 100, 101, 200, 801 present; its fields carry their mandatory
    // subfields. The one finding is 105, mandatory in RUSMARC 2015 "для печатных
    // монографических текстовых документов": the record is a printed book (Leader `nam2`,
    // 06-07 "am") without 105.
    let o = validate("NLR009673670.mrc", 1, Format::Rusmarc);
    let all: Vec<_> = o
        .diagnostics
        .iter()
        .filter(|d| &*d.rule == "format.mandatory-missing")
        .collect();
    assert_eq!(all.len(), 1, "{all:?}");
    let h = hits(&o, "format.mandatory-missing", "105");
    assert_eq!(h.len(), 1, "{all:?}");
    assert_eq!(arg(h[0], "element").as_deref(), Some("record-type"));
    assert_eq!(arg(h[0], "position").as_deref(), Some("06-07"));
    assert_eq!(arg(h[0], "value").as_deref(), Some("am"));
    // The RSL record (also `nam2`) has its 105.
    assert!(hits(
        &validate("RuMoRGB.01003543129.1.rusmarc.iso", 1, Format::Rusmarc),
        "format.mandatory-missing",
        "105"
    )
    .is_empty());
}

#[test]
fn fixed_field_code() {
    // Evergreen hebrew record 1 has two 008s; the first is 35 blanks + `heb  `. Leader/06-07
    // `am` → Books 008; LoC 008/29 (conference publication) is 0, 1 or |: blank is invalid
    // (so are blank 008/06 and blank 008/00-05, date entered on file).
    let o = validate("evergreen-hebrew.marc", 1, Format::Marc21);
    let h = hits(&o, "format.fixed-field-code", "008");
    assert!(
        h.iter().any(
            |d| d.location.occurrence == Some(1) && arg(d, "position").as_deref() == Some("29")
        ),
        "{h:?}"
    );
    // Its second 008 (`860702s1961    is            000 0 heb d`) has 29-31 `000`: valid.
    assert!(!h
        .iter()
        .any(|d| d.location.occurrence == Some(2) && arg(d, "position").as_deref() == Some("29")));
    // Summerland: 008 `020805s2002    nyu    j      000 1 eng  ` — every position valid for
    // Books (22 j juvenile, 33 1 fiction); Leader `cam a22 … a 4500` valid.
    none(&summerland(), "format.fixed-field-code");
}

#[test]
fn language_code() {
    // marc-charset cyrillic: 008/35-37 `scc`. MARC Code List for Languages: scc (Serbian) is
    // discontinued, replaced by srp.
    let o = validate("marc-charset-cyrillic.marc", 1, Format::Marc21);
    assert_eq!(hits(&o, "format.language-code", "008").len(), 1);
    // Summerland 008/35-37 `eng`: valid.
    none(&summerland(), "format.language-code");
}

#[test]
fn country_code() {
    // marc-charset cyrillic: 008/15-17 `yu ` — MARC Code List for Countries: yu (Serbia and
    // Montenegro) is discontinued (replaced by rb / mo).
    let o = validate("marc-charset-cyrillic.marc", 1, Format::Marc21);
    assert_eq!(hits(&o, "format.country-code", "008").len(), 1);
    // Summerland 008/15-17 `nyu` (New York): valid.
    none(&summerland(), "format.country-code");
}

#[test]
fn relator_code() {
    // Romanian record short.bnr #3: `702 \1 $aŞteflea,$bRadu$4cop.` and
    // `702 \1 $aBucuroiu,$bRăzvan$4ed. îngrij.` — UNIMARC Appendix C relator codes are three
    // digits (e.g. 340 editor): both $4 values are free text abbreviations, not codes.
    let o = validate("short.bnr.1993.mrc", 3, Format::Unimarc);
    let h = hits(&o, "format.relator-code", "702");
    assert!(
        h.iter().any(|d| d.location.occurrence == Some(1)
            && d.location.subfield == Some(b'4')
            && arg(d, "value").as_deref() == Some("cop.")),
        "{h:?}"
    );
    assert!(
        h.iter().any(|d| d.location.occurrence == Some(2)
            && arg(d, "value").as_deref() == Some("ed. îngrij.")),
        "{h:?}"
    );
    // NLR009673669: `700 \1 … $4070` — 070 is "Author" in UNIMARC Appendix C.
    none(
        &validate("NLR009673669.mrc", 1, Format::Rusmarc),
        "format.relator-code",
    );
}

#[test]
fn geographic_area_code() {
    // No real record here carries a bad 043, so ONE field of a real record is modified:
    // marc4j cyrillic_capital_e record 1 has `043 ## $ae-ur---` (MARC Code List for Geographic
    // Areas: "Russia. Russian Empire. Soviet Union. Former Soviet Republics" — valid, checked
    // unmodified below). Its $a is replaced by `e-ur-ru`, which that list gives in brackets
    // (discontinued; Russia (Federation) is now e-ru---).
    let original = validate("marc4j-cyrillic_capital_e.mrc", 1, Format::Marc21);
    none(&original, "format.geographic-area-code");
    let mut rec = record("marc4j-cyrillic_capital_e.mrc", 1);
    let mut changed = 0;
    for field in rec.fields.iter_mut() {
        if let Field::Data { tag, subfields, .. } = field {
            if *tag == "043" {
                for sf in subfields.iter_mut().filter(|s| s.code == b'a') {
                    assert_eq!(sf.value, "e-ur---");
                    sf.value = "e-ur-ru".into();
                    changed += 1;
                }
            }
        }
    }
    assert_eq!(changed, 1);
    let o = run_with(forced_profile(Format::Marc21), rec.to_iso2709().unwrap()).remove(0);
    let h = hits(&o, "format.geographic-area-code", "043");
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].location.subfield, Some(b'a'));
    // Also real and valid: marc-charset cyrillic `043 ## $ae-yu---` (Serbia and Montenegro;
    // Yugoslavia — still in the list, unlike country code yu).
    none(
        &validate("marc-charset-cyrillic.marc", 1, Format::Marc21),
        "format.geographic-area-code",
    );
}

#[test]
fn linkage_880() {
    // marc-charset hebrew1: `245 10 $6880-01 …` but the 880 with occurrence 01 says
    // `$6246-01/(2/r` — MARC 21 Appendix A ($6 linkage): the linked 880's $6 must name the
    // field (245) that points to it. So the 245 link is broken.
    let o = validate("marc-charset-hebrew1.marc", 1, Format::Marc21);
    assert_eq!(hits(&o, "format.linkage-880", "245").len(), 1);
    // marc4j cyrillic_capital_e record 1: 100 $6880-01, 245 $6880-02 … each matched by an 880
    // naming the same tag and number.
    none(
        &validate("marc4j-cyrillic_capital_e.mrc", 1, Format::Marc21),
        "format.linkage-880",
    );
}

#[test]
fn embedded_field() {
    // Romanian serial.bnr #1, third 421: `421 \0 $1000715458$tTârgul (Târgu Mureş)`. UNIMARC
    // 4XX (embedded fields technique): $1 holds tag + indicators + data of an embedded field;
    // `000715458` reads as tag 000, which is no UNIMARC field (a record number needs 001:
    // `$1001000715458`).
    let o = validate("serial.bnr.1993.mrc", 1, Format::Unimarc);
    let h = hits(&o, "format.embedded-field", "421");
    assert!(!h.is_empty());
    assert!(h.iter().all(|d| d.location.occurrence == Some(3)), "{h:?}");
    // NLR009673670 (RUSMARC): `461 \1 $1001RU\NLR\A1\10230$12001 $aМодная книга.$1700 1$6…`
    // — each $1 starts with a defined tag (001 control: data; 200 and 700: two indicators then
    // subfields): well-formed embedded fields.
    none(
        &validate("NLR009673670.mrc", 1, Format::Rusmarc),
        "format.embedded-field",
    );
}

#[test]
fn heading_consistency() {
    // Evergreen nepali record 1: two 100 fields. MARC 21: a record has at most one 1XX main
    // entry (100/110/111/130 are each NR and mutually exclusive).
    let o = validate("evergreen-nepali.marc", 1, Format::Marc21);
    assert!(
        hits(&o, "format.heading-consistency", "100")
            .iter()
            .any(|d| arg(d, "reason").as_deref() == Some("several-main-entries")),
        "{:?}",
        o.diagnostics
    );
    // Summerland: one 100 (Chabon), no 7XX.
    none(&summerland(), "format.heading-consistency");
}

#[test]
fn alternate_script_880s_are_not_repeats_of_their_field() {
    // RSL 01007496813 (MARC 21): 100, 245 and 260 occur once each (Hebrew), and each has two
    // 880s, one Cyrillic `(N` and one Latin `(B` (`880 1 $6100-01/(N …`, `880 1 $6100-01/(B …`).
    // MARC::Lint 1.53 counts the second 880 linked to a non-repeatable tag as a repeat and
    // reports "100: Field is not repeatable." and "245: Field is not repeatable." on this
    // record (its check_record keeps $field_seen{'880.100'}). LoC does not: field 880 holds
    // "the fully content-designated representation, in a different script, of another field",
    // and the multiscript model A uses 880s "when data needs to be duplicated to express it in
    // both the original vernacular script and transliterated in one or more scripts" — one
    // 880 per alternate script; repeatability is stated for the regular fields (model B). So
    // yozuv reports no repeat here — a documented difference from MARC::Lint.
    let o = validate("marc21-ru-01007496813.mrc", 1, Format::Marc21);
    for tag in ["100", "245", "260", "880"] {
        assert!(
            hits(&o, "format.field-not-repeatable", tag).is_empty(),
            "{tag}: {:?}",
            o.diagnostics
        );
    }
    assert!(
        !hits(&o, "format.heading-consistency", "100")
            .iter()
            .any(|d| arg(d, "reason").as_deref() == Some("several-main-entries")),
        "{:?}",
        o.diagnostics
    );
    // The 880s are still checked against the field they link to: each names 100-01, 245-02 or
    // 260-03, the regular fields carry $6880-01/02/03, so the links hold.
    none(&o, "format.linkage-880");
    // A second *regular* 100 is a repeat (reported once, at occurrence 2), 880s or not.
    let mut rec = record("marc21-ru-01007496813.mrc", 1);
    let main = rec.fields_by_tag("100").next().unwrap().clone();
    rec.fields.push(main);
    let o = run_with(forced_profile(Format::Marc21), rec.to_iso2709().unwrap()).remove(0);
    let h = hits(&o, "format.field-not-repeatable", "100");
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].location.occurrence, Some(2));
}

#[test]
fn same_script_880s_repeat_their_non_repeatable_field() {
    // LoC bd880 / multiscript model A: one 880 per alternate script of a non-repeatable field;
    // the script is the code after `/` in $6 ("linking tag-occurrence number/script
    // identification code/field orientation code", Appendix A). RSL 01007496813 has 880s
    // 100-01/(N, 100-01/(B, 245-02/(N, 245-02/(B, 260-03/(N, 260-03/(B (read with
    // yaz-marcdump): different scripts, no repeat (pinned above). Duplicating the fourth 880
    // (`880 00 $6245-02/(B $aHilkhot rav Alfas`) right after it gives two Latin 880s for the
    // non-repeatable 245: one repeat, at the copy, which is the fifth 880.
    let mut rec = record("marc21-ru-01007496813.mrc", 1);
    let (index, copy) = rec
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.tag() == "880")
        .nth(3)
        .map(|(i, f)| (i, f.clone()))
        .unwrap();
    assert_eq!(copy.subfield(b'6'), Some("245-02/(B"));
    rec.fields.insert(index + 1, copy);
    let o = run_with(forced_profile(Format::Marc21), rec.to_iso2709().unwrap()).remove(0);
    let h = hits(&o, "format.field-not-repeatable", "880");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(h[0].location.occurrence, Some(5));
    assert_eq!(arg(h[0], "tag").as_deref(), Some("245"));
    for tag in ["100", "245", "260"] {
        assert!(hits(&o, "format.field-not-repeatable", tag).is_empty());
    }
    // An 880 for 100 with no script code is a third script ("absent = no code"), not a repeat
    // of either; a second one without a code is.
    let mut rec = record("marc21-ru-01007496813.mrc", 1);
    let mut bare = rec.fields_by_tag("880").next().unwrap().clone();
    if let Field::Data { subfields, .. } = &mut bare {
        subfields[0].value = "100-01".to_string();
    }
    rec.fields.push(bare.clone());
    let o = run_with(forced_profile(Format::Marc21), rec.to_iso2709().unwrap()).remove(0);
    assert!(hits(&o, "format.field-not-repeatable", "880").is_empty());
    rec.fields.push(bare);
    let o = run_with(forced_profile(Format::Marc21), rec.to_iso2709().unwrap()).remove(0);
    let h = hits(&o, "format.field-not-repeatable", "880");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(h[0].location.occurrence, Some(8));
    assert_eq!(arg(h[0], "tag").as_deref(), Some("100"));
}

#[test]
fn rusmarc_686_h_and_j_are_not_defined() {
    // RSL union-catalogue record (svod-date-problem-2): `686 ## $a01.02.03.05.01
    // $hОбщероссийский свод книжных памятников $h… (4 in all) $jXVIII в. $2RUBBM` — captions
    // of the class of the "Общероссийский свод книжных памятников" scheme. 686 "Индексы других
    // классификаций" defines $a, $b, $c, $v, $2, $3 in RUSMARC 2015 (RUSMARC20151123.xml), the
    // same in UNIMARC/B (Avram file), MarcEdit's unimarcrules.txt ($2 $3 $9 a b c v), and the
    // public UKRMARC description of 686 (nbuv.gov.ua: $a $b $c $2 $9). No source defines $h or $j,
    // so both are undefined by the spec (a local practice; a local-fields file can define them).
    let bytes = formats("svod-date-problem-2.marcxml");
    let o = run_with(forced_profile(Format::Rusmarc), bytes).remove(0);
    let h = hits(&o, "format.undefined-subfield", "686");
    let mut codes: Vec<u8> = h.iter().filter_map(|d| d.location.subfield).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes, vec![b'h', b'j'], "{h:?}");
    // $a and $2 (both mandatory when 686 is present) are there: no mandatory finding on 686.
    assert!(hits(&o, "format.mandatory-missing", "686").is_empty());
}

#[test]
fn fixed_field_misaligned() {
    // OBP 991017089368408966: 008 (books) of 41 characters, `eng` at 36-38 instead of 35-37
    // (LoC 008/35-37 Language) — one character too many before 008/35. One diagnostic, and no
    // per-position one for 008/35 and after (before: 008/29, 008/34, 008/38 `g` and the
    // language ` en` were each reported).
    let o = validate("misaligned/obp-392-395-457-1.mrc", 1, Format::Marc21);
    let h = hits(&o, "format.fixed-field-misaligned", "008");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "shift").as_deref(), Some("+1"));
    assert_eq!(arg(h[0], "value").as_deref(), Some("eng"));
    assert!(hits(&o, "format.language-code", "008").is_empty());
    assert!(o.diagnostics.iter().all(|d| {
        &*d.rule != "format.fixed-field-code"
            || d.location.tag.map_or(true, |t| t != "008")
            || arg(d, "position").is_some_and(|p| p.as_str() < "29")
    }));
    // Its 41-character sibling 991017089369208966 only has a blank added at the end.
    let o = validate("misaligned/obp-392-395-457-1.mrc", 2, Format::Marc21);
    none(&o, "format.fixed-field-misaligned");
    // Summerland's 008 is well formed.
    none(&summerland(), "format.fixed-field-misaligned");
}

#[test]
fn mandatory_missing_by_content_condition() {
    // RSL union catalogue RU\BM\BIBL\0000000428: 200 1# $a (Greek) $d Hori Apollinis Selecta
    // Hieroglyphica. — a parallel title without its language $z; RUSMARC 200 $z "Обязательное,
    // если присутствует $d". Reported on the 200 with the condition in the arguments, and
    // rendered in every language with no argument left unfilled.
    let o = validate(
        "conditions/svod-18-partial_rusmarc.marcxml",
        1,
        Format::Rusmarc,
    );
    let h: Vec<_> = hits(&o, "format.mandatory-missing", "200")
        .into_iter()
        .filter(|d| arg(d, "element").as_deref() == Some("subfield-if-subfield"))
        .collect();
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(h[0].location.subfield, Some(b'z'));
    assert!(arg(h[0], "condition").is_some_and(|c| c.contains("$d")));
    for lang in yozuv_batch::messages::LANGUAGES {
        let m = yozuv_batch::Messages::new(lang).unwrap();
        let text = m
            .format("format-mandatory-missing", None, &h[0].args)
            .unwrap();
        assert!(
            !text.contains("{$") && !text.contains("{ $"),
            "{lang}: {text}"
        );
        assert!(
            text.contains("200") && text.contains("$z"),
            "{lang}: {text}"
        );
    }
    // Its second record has no parallel title.
    let o = validate(
        "conditions/svod-18-partial_rusmarc.marcxml",
        2,
        Format::Rusmarc,
    );
    assert!(hits(&o, "format.mandatory-missing", "200").is_empty());
}
