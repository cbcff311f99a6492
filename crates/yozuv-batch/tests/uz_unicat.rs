//! The uz-unicat record checks of the research table §7 (shared/research/uz-union-catalog.md)
//! through the validator, on real RUSMARC/UNIMARC/MARC 21 records of ../shared/testdata. For
//! each check: a real record that breaks it and one that does not; where no real record breaks
//! it, one field of a real record is changed (said at the case). Expected values are read off
//! the records by hand (yaz-marcdump) and come from the standards named in data/rules.toml.

mod common;

use std::io::Cursor;

use yozuv::iso2709::{ReadMode, Reader};
use yozuv::Record;
use yozuv_batch::{
    CollectEvents, Diagnostic, Input, Profile, RecordOutcome, Registry, RunOptions, Severity,
    Validator,
};

const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/testdata/unimarc"
);

fn records(path: &str) -> Vec<Record> {
    let bytes = std::fs::read(format!("{SHARED}/{path}")).unwrap();
    Reader::new(Cursor::new(bytes), ReadMode::Permissive)
        .map(|r| r.unwrap())
        .collect()
}

/// Record `n` (from 1) of a shared file.
fn record(path: &str, n: usize) -> Record {
    records(path).into_iter().nth(n - 1).unwrap()
}

fn bytes_of(records: &[Record]) -> Vec<u8> {
    records
        .iter()
        .flat_map(|r| r.to_iso2709().unwrap())
        .collect()
}

fn run_profile(profile: Profile, bytes: Vec<u8>) -> CollectEvents {
    let mut events = CollectEvents::default();
    let input = Input {
        name: "in".into(),
        reader: Box::new(Cursor::new(bytes)),
    };
    let options = RunOptions {
        jobs: 1,
        ..RunOptions::default()
    };
    Validator::new(profile)
        .run(vec![input], options, &mut events)
        .unwrap();
    events
}

fn uz() -> Profile {
    Profile::bundled("uz-unicat", Registry::builtin()).unwrap()
}

/// The outcomes of records through uz-unicat.
fn run(records: &[Record]) -> Vec<RecordOutcome> {
    run_profile(uz(), bytes_of(records)).records
}

/// The outcome of one record through uz-unicat.
fn one(record: &Record) -> RecordOutcome {
    run(std::slice::from_ref(record)).remove(0)
}

/// The diagnostics of `rule` in an outcome.
fn hits<'a>(o: &'a RecordOutcome, rule: &str) -> Vec<&'a Diagnostic> {
    o.diagnostics.iter().filter(|d| &*d.rule == rule).collect()
}

fn arg(d: &Diagnostic, name: &str) -> String {
    common::arg(d, name).unwrap_or_default()
}

/// Sets subfield `code` of the `occurrence`-th (from 1) field `tag` (the first such subfield).
fn set_subfield(r: &mut Record, tag: &str, occurrence: usize, code: u8, value: &str) {
    let f = r
        .fields
        .iter_mut()
        .filter(|f| f.tag() == tag)
        .nth(occurrence - 1)
        .unwrap();
    let subs = f.subfields_mut().unwrap();
    let s = subs.iter_mut().find(|s| s.code == code).unwrap();
    s.value = value.to_string();
}

const NLR: &str = "rusmarc/nlr-irbis/nlr_rusmarc_cp1251.iso";

#[test]
fn record_source_m04() {
    // NLR record 1: 801 $a RU $b NLR $c 19980716 (twice): complete and a real date.
    let good = record(NLR, 1);
    let o = one(&good);
    assert!(hits(&o, "source.date").is_empty(), "{:?}", o.diagnostics);
    assert!(hits(&o, "source.incomplete").is_empty());
    // Changed: 801$c 19981316 (month 13).
    let mut bad = good.clone();
    set_subfield(&mut bad, "801", 1, b'c', "19981316");
    let o = one(&bad);
    let h = hits(&o, "source.date");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].severity, Severity::Error);
    assert_eq!(arg(h[0], "value"), "19981316");
    assert!(h[0].location.tag.is_some_and(|t| t == "801"));
    assert_eq!(h[0].location.subfield, Some(b'c'));
    // Real: NLR005177748 has 801 #0 $a RU $b NLR $g psbo and 801 #1 without $c (RUSMARC 2015
    // makes $c optional: a warning, the record stays clean of it).
    let o = one(&record("rusmarc/neb/RuSpRNB_NLR005177748_rusmarc.mrc", 1));
    let h = hits(&o, "source.incomplete");
    assert_eq!(h.len(), 2, "{:?}", o.diagnostics);
    assert!(h.iter().all(|d| d.severity == Severity::Warning));
    assert!(h.iter().all(|d| arg(d, "problem") == "no-date"));
    // Real MARC 21: RSL's 040 has no transcribing agency $c.
    let o = one(&record(
        "rusmarc/neb/series/RuMoRGB.01003543129.2.marc21.mrc",
        1,
    ));
    let h = hits(&o, "source.incomplete");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "problem"), "no-transcribing");
}

#[test]
fn country_of_publication_m07() {
    // NLR record 1 has 102 $a RU.
    assert!(hits(&one(&record(NLR, 1)), "country.publication").is_empty());
    // Real: NLR009673670 has no 102.
    let o = one(&record("rusmarc/neb/NLR009673670.mrc", 1));
    let h = hits(&o, "country.publication");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "problem"), "missing");
    assert!(h[0].location.tag.is_some_and(|t| t == "102"));
    assert_eq!(h[0].severity, Severity::Warning);
    // Real MARC 21: short.firenze record 1 has 008/15-17 blank.
    let o = one(&record("unimarc-latin/short.firenze.1977.mrc", 1));
    assert_eq!(hits(&o, "country.publication").len(), 1);
}

#[test]
fn person_without_access_point_m10() {
    // Real: NLR record 52, 200 $f Disney $g "[Пер. В. Дородницына]" and no 700/701/702.
    let o = one(&record(NLR, 52));
    let h = hits(&o, "responsibility.access-point");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "value"), "[Пер. В. Дородницына]");
    assert_eq!(h[0].location.subfield, Some(b'g'));
    // Real: NLR record 2, "Редкол.: В. Н. Барсуков и др." with 702 Барсуков.
    assert!(hits(&one(&record(NLR, 2)), "responsibility.access-point").is_empty());
    // Real MARC 21: short.firenze record 10, 245 $c "A.J.P. Taylor." and no 100/700.
    let o = one(&record("unimarc-latin/short.firenze.1977.mrc", 10));
    assert_eq!(hits(&o, "responsibility.access-point").len(), 1);
}

#[test]
fn person_named_in_full_without_access_point_m10() {
    // Real: NLR record 53, 200 $f "Михаил Петров" (no initials) with 700 Петров $b М. $g Михаил:
    // no finding. Changed: its 700 removed: the full name is found.
    let mut r = record(NLR, 53);
    assert!(hits(&one(&r), "responsibility.access-point").is_empty());
    r.fields.retain(|f| f.tag() != "700");
    let o = one(&r);
    let h = hits(&o, "responsibility.access-point");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "value"), "Михаил Петров");
    assert_eq!(h[0].location.subfield, Some(b'f'));
    // Real MARC 21 (RSL): 245 $c "Николай Рерих" with 100 "Рерих, Николай Константинович".
    // Changed: its 100 removed.
    let mut r = record("marc21-ru/01005301426.mrc", 1);
    assert!(hits(&one(&r), "responsibility.access-point").is_empty());
    r.fields.retain(|f| f.tag() != "100");
    let o = one(&r);
    let h = hits(&o, "responsibility.access-point");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "value"), "Николай Рерих");
    // Real: NLR record 49, 200 $f names a body ("… при Кабинете Министров респ.
    // Башкортостан", "Министров" ending like a surname): no finding, 7XX or not.
    let mut r = record(NLR, 49);
    r.fields.retain(|f| !f.tag().as_str().starts_with('7'));
    assert!(hits(&one(&r), "responsibility.access-point").is_empty());
}

#[test]
fn foreign_person_in_full_and_bodies_named_after_persons_m10() {
    let marc21 = |path: &str, n: usize| {
        let bytes = std::fs::read(format!("{SHARED}/../{path}")).unwrap();
        Reader::new(Cursor::new(bytes), ReadMode::Permissive)
            .nth(n - 1)
            .unwrap()
            .unwrap()
    };
    // Real MARC 21: pymarc's bad_records record 1, 245 $c "Andrew Hunt, David Thomas." and no
    // 100/700 (read by hand with yaz-marcdump): two persons written in full.
    let o = one(&marc21("marc21/broken/pymarc-bad_records.mrc", 1));
    let h = hits(&o, "responsibility.access-point");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "value"), "Andrew Hunt, David Thomas.");
    // Real UNIMARC (xbib periodicals), record 1949: 200 $f "Fondation Gabriel Péri", a body
    // named after a person, no 700-702: no finding.
    let o = one(&marc21("marc21/large/xbib-periouni.UNIMARC.mrc", 1949));
    assert!(
        hits(&o, "responsibility.access-point").is_empty(),
        "{:?}",
        o.diagnostics
    );
}

#[test]
fn publication_year_y01() {
    // Real: NLR record 60, 100$a date 1 1997 but 210 $d 2002.
    let o = one(&record(NLR, 60));
    let h = hits(&o, "year.publication");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "problem"), "coded-date");
    assert_eq!(arg(h[0], "expected"), "1997");
    assert!(h[0].location.tag.is_some_and(|t| t == "210"));
    // Real: NLR record 1, 100$a …d1997… and 210 $d 1997.
    let good = record(NLR, 1);
    assert!(hits(&one(&good), "year.publication").is_empty());
    // Real MARC 21: 008 type e, date 1 1569, 260 $c "8 июля 1568-17 марта 1569".
    let o = one(&record("marc21-ru/004095450_marc21.mrc", 1));
    assert!(
        hits(&o, "year.publication").is_empty(),
        "{:?}",
        o.diagnostics
    );
    // Real: a manuscript dated by century, 210 $d "XIX в.".
    let o = one(&record("rusmarc/neb/rusmarc2marc-rusmarc.mrc", 1));
    assert!(
        hits(&o, "year.publication").is_empty(),
        "{:?}",
        o.diagnostics
    );
    // Changed: 100$a typed f (dates uncertain) 1995-1999: 210 $d 1997 lies inside, 2002 not.
    let mut r = good.clone();
    set_subfield(
        &mut r,
        "100",
        1,
        b'a',
        "19980716f19951999u  y0rusy0189    ca",
    );
    assert!(hits(&one(&r), "year.publication").is_empty());
    set_subfield(&mut r, "210", 1, b'd', "2002");
    assert_eq!(hits(&one(&r), "year.publication").len(), 1);
    // Changed: 210 $d "97" (no four-digit year) and "2999" (future).
    for (value, problem) in [("97", "form"), ("2999", "future"), ("[1997]", "")] {
        let mut r = good.clone();
        set_subfield(&mut r, "210", 1, b'd', value);
        let o = one(&r);
        let h = hits(&o, "year.publication");
        if problem.is_empty() {
            assert!(h.is_empty(), "{value}: {:?}", o.diagnostics);
        } else {
            assert_eq!(h.len(), 1, "{value}");
            assert_eq!(arg(h[0], "problem"), problem);
        }
    }
}

#[test]
fn isbn_group_i02() {
    // Real: NLR record 1, 010 $a 5-7443-0043-0: group 5 (former U.S.S.R, RangeMessage).
    let good = record(NLR, 1);
    assert!(hits(&one(&good), "isbn.group").is_empty());
    // Changed: the same digits hyphenated 57-443-0043-0 (group boundary wrong).
    let mut r = good.clone();
    set_subfield(&mut r, "010", 1, b'a', "57-443-0043-0");
    let o = one(&r);
    let h = hits(&o, "isbn.group");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(h[0].severity, Severity::Info);
    assert_eq!(arg(h[0], "problem"), "hyphenation");
    assert_eq!(arg(h[0], "expected"), "5");
    assert!(hits(&o, "isbn.invalid").is_empty());
    // Changed: 978-66-… (valid check digit 8, computed by hand; RangeMessage allots 978-65
    // and 978-7 but no 978-66).
    let mut r = good.clone();
    set_subfield(&mut r, "010", 1, b'a', "9786600000008");
    let o = one(&r);
    let h = hits(&o, "isbn.group");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "problem"), "unknown-group");
    // An Uzbek ISBN with its group where RangeMessage puts it (978-9943; check digit by hand:
    // 9+21+8+27+9+12+3+0+0+0+0+0 = 89 → 1).
    let mut r = good;
    set_subfield(&mut r, "010", 1, b'a', "978-9943-00-000-1");
    let o = one(&r);
    assert!(hits(&o, "isbn.invalid").is_empty(), "{:?}", o.diagnostics);
    assert!(hits(&o, "isbn.group").is_empty(), "{:?}", o.diagnostics);
}

#[test]
fn bbk_syntax_c03() {
    let all = records(NLR);
    // Every real BBK index of the NLR file passes (the file has 686 $2 rubbk and rugasnti).
    let outcomes = run(&all);
    let found: Vec<_> = outcomes
        .iter()
        .flat_map(|o| hits(o, "bbk.syntax"))
        .collect();
    assert!(found.is_empty(), "{found:?}");
    // Changed: the index С550.354 (Cyrillic С) written with a Latin C, as look-alike damage.
    let (i, mut r) = all
        .iter()
        .enumerate()
        .find(|(_, r)| {
            r.fields_by_tag("686")
                .any(|f| f.subfield(b'a') == Some("С550.354"))
        })
        .map(|(i, r)| (i, r.clone()))
        .unwrap();
    let occ = r
        .fields_by_tag("686")
        .position(|f| f.subfield(b'a') == Some("С550.354"))
        .unwrap()
        + 1;
    set_subfield(&mut r, "686", occ, b'a', "C550.354");
    let o = one(&r);
    let h = hits(&o, "bbk.syntax");
    assert_eq!(h.len(), 1, "record {}: {:?}", i + 1, o.diagnostics);
    assert_eq!(arg(h[0], "problem"), "latin-letter");
    assert_eq!(arg(h[0], "position"), "1");
    assert_eq!(h[0].severity, Severity::Warning);
    // A GRNTI index (686 $2 rugasnti) is not BBK and is not checked, even when broken.
    let (mut r, occ) = all
        .iter()
        .find_map(|r| {
            let occ = r
                .fields_by_tag("686")
                .position(|f| f.subfield(b'2') == Some("rugasnti"))?;
            Some((r.clone(), occ + 1))
        })
        .unwrap();
    set_subfield(&mut r, "686", occ, b'a', "77..29");
    assert!(hits(&one(&r), "bbk.syntax").is_empty());
    // Real MARC 21 084 $2 rubbk: Ш5(2=Р)53-646.7 (RSL).
    let o = one(&record("marc21-ru/01005301426.mrc", 1));
    assert!(hits(&o, "bbk.syntax").is_empty(), "{:?}", o.diagnostics);
}

fn marcxml_outcomes(path: &str) -> Vec<RecordOutcome> {
    let bytes = std::fs::read(format!("{SHARED}/{path}")).unwrap();
    run_profile(uz(), bytes).records
}

#[test]
fn declared_script_t03() {
    // Real: svod-18-partial record 2 declares 100$a/34-35 "ca" for a Latin title
    // ("Facetiarum, Heinrici Bebelii …").
    let o = &marcxml_outcomes("rusmarc/neb/svod-18-partial_rusmarc.marcxml")[1];
    let h = hits(o, "text.declared-script");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "declared"), "ca");
    assert_eq!(arg(h[0], "script"), "latin");
    // Real: NLR record 2, "ca" and "Задачи и этюды".
    assert!(hits(&one(&record(NLR, 2)), "text.declared-script").is_empty());
}

#[test]
fn language_letters_t05() {
    // Real: NLR record 2 is rus with a Russian title.
    let good = record(NLR, 2);
    assert!(hits(&one(&good), "text.language-letters").is_empty());
    // Changed: its 200 $a replaced by an Uzbek Cyrillic title, 101 still rus.
    let mut r = good.clone();
    set_subfield(&mut r, "200", 1, b'a', "Ўзбекистон тарихи");
    let o = one(&r);
    let h = hits(&o, "text.language-letters");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "problem"), "uzbek-in-russian");
    assert_eq!(arg(h[0], "word"), "Ўзбекистон");
    assert_eq!(h[0].severity, Severity::Info);
    // Changed: NLR record 18 ("Пьесы. Киносценарии. Публицистика. Статьи. Выступления.
    // Письма": two ы) with 101 $a set to uzb.
    let mut r = record(NLR, 18);
    set_subfield(&mut r, "101", 1, b'a', "uzb");
    let o = one(&r);
    let h = hits(&o, "text.language-letters");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "problem"), "russian-in-uzbek");
    // One ы alone ("Задачи и этюды" has none; "Вып." has one) is not enough.
    let mut r = record(NLR, 1);
    set_subfield(&mut r, "101", 1, b'a', "uzb");
    assert!(hits(&one(&r), "text.language-letters").is_empty());
}

#[test]
fn isbd_punctuation_p01() {
    // Real: NLR record 8, 210 $c "Крисмас+" (a publisher's name) and 7_rusmarc's transcribed
    // title ending in a comma are not leftover punctuation.
    assert!(hits(&one(&record(NLR, 8)), "punctuation.isbd").is_empty());
    let o = one(&record("rusmarc/neb/7_rusmarc.mrc", 1));
    assert!(
        hits(&o, "punctuation.isbd").is_empty(),
        "{:?}",
        o.diagnostics
    );
    // Changed: NLR record 2 with 200 $a "Задачи и этюды :" (the ISBD colon before other title
    // information, which UNIMARC generates from $e).
    let mut r = record(NLR, 2);
    set_subfield(&mut r, "200", 1, b'a', "Задачи и этюды :");
    let o = one(&r);
    let h = hits(&o, "punctuation.isbd");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "problem"), "at-end");
    assert_eq!(arg(h[0], "char"), ":");
    // Changed: 210 $a "СПб.." (doubled point).
    let mut r = record(NLR, 2);
    set_subfield(&mut r, "210", 1, b'a', "СПб..");
    let o = one(&r);
    let h = hits(&o, "punctuation.isbd");
    assert_eq!(h.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(arg(h[0], "problem"), "doubled");
}

#[test]
fn participant_sigla_h02() {
    // Real: NLR record 1, 801 $b NLR (twice) and 899 $a NLR: not UEC participants.
    let good = record(NLR, 1);
    let o = one(&good);
    let h = hits(&o, "holdings.sigla");
    assert_eq!(h.len(), 3, "{:?}", o.diagnostics);
    assert!(h.iter().all(|d| arg(d, "value") == "NLR"));
    // Changed: the sigla NDH (catalog.unicat.uz participant 1261) in 801 $b and 899 $a.
    let mut r = good.clone();
    set_subfield(&mut r, "801", 1, b'b', "NDH");
    set_subfield(&mut r, "801", 2, b'b', "NDH");
    set_subfield(&mut r, "899", 1, b'a', "NDH");
    assert!(hits(&one(&r), "holdings.sigla").is_empty());
    // A profile with its own registry (the path is relative to the profile file).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sigla.tsv"),
        "NLR\tNational Library of Russia\n",
    )
    .unwrap();
    // A top-level key, so before the profile's tables.
    let text = format!(
        "sigla_registry = \"sigla.tsv\"\n{}",
        include_str!("../profiles/uz-unicat.toml")
    );
    let path = dir.path().join("uz-local.toml");
    std::fs::write(&path, text).unwrap();
    let profile = Profile::load(path.to_str().unwrap(), Registry::builtin()).unwrap();
    let o = run_profile(profile, bytes_of(&[good])).records.remove(0);
    assert!(hits(&o, "holdings.sigla").is_empty(), "{:?}", o.diagnostics);
}

#[test]
fn links_k01() {
    // Real: the NLR file. Record 1 links (461 $1 001RU\NLR\bibl\5996) forward to record 2;
    // record 3 links back to it; record 18 links to RU\NLR\bibl\340011, which is not in the file.
    let all = records(NLR);
    let events = run_profile(uz(), bytes_of(&all));
    let links: Vec<&Diagnostic> = events
        .batch
        .iter()
        .filter(|d| &*d.rule == "link.target-missing")
        .collect();
    assert!(links
        .iter()
        .all(|d| d.location.record != 1 && d.location.record != 3));
    let r18: Vec<_> = links.iter().filter(|d| d.location.record == 18).collect();
    assert_eq!(r18.len(), 1, "{links:?}");
    assert_eq!(arg(r18[0], "value"), "RU\\NLR\\bibl\\340011");
    assert!(r18[0].location.tag.is_some_and(|t| t == "461"));
    assert_eq!(r18[0].severity, Severity::Warning);
    // The link diagnostic rejects nothing.
    assert!(!events.records[17]
        .diagnostics
        .iter()
        .any(|d| &*d.rule == "link.target-missing"));
    // Record 1 alone: its target is missing.
    let events = run_profile(uz(), bytes_of(&all[..1]));
    assert_eq!(
        events
            .batch
            .iter()
            .filter(|d| &*d.rule == "link.target-missing")
            .count(),
        1,
        "{:?}",
        events.batch
    );
    // Real MARC 21: RSL volume 1 has 773 $w 010086108 (the multipart set) and 773 $w
    // 010085686 (the bound-with volume, "Конволют"), whose record is the svod file's (001
    // 010085686). Alone, both links miss; with the svod record, only the set's.
    let vol = record("rusmarc/neb/series/RuMoRGB.01003543129.1.marc21.mrc", 1);
    let missing = |records: &[Record]| -> Vec<String> {
        run_profile(uz(), bytes_of(records))
            .batch
            .iter()
            .filter(|d| &*d.rule == "link.target-missing")
            .inspect(|d| assert!(d.location.tag.is_some_and(|t| t == "773")))
            .map(|d| arg(d, "value"))
            .collect()
    };
    assert_eq!(
        missing(std::slice::from_ref(&vol)),
        ["010086108", "010085686"]
    );
    let svod = record("rusmarc/neb/series/RuMoRGB.01010085686.svod.marc21.mrc", 1);
    assert_eq!(missing(&[vol.clone(), svod.clone()]), ["010086108"]);
    // The target may come first.
    assert_eq!(missing(&[svod, vol]), ["010086108"]);
}

#[test]
fn other_profiles_do_not_run_them() {
    let p = Profile::bundled("rusmarc", Registry::builtin()).unwrap();
    let events = run_profile(p, bytes_of(&records(NLR)));
    let ids = yozuv_batch::rules::UNICAT_IDS;
    assert!(events
        .records
        .iter()
        .flat_map(|o| &o.diagnostics)
        .chain(&events.batch)
        .all(|d| !ids.contains(&&*d.rule)
            && &*d.rule != "bbk.syntax"
            && &*d.rule != "link.target-missing"));
}

/// uz-unicat-strict (research §7's "uz-uec-strict"): the same findings as uz-unicat on the real
/// NLR records, with `classification.missing` (UZ-C01) and `recommended.missing` (UZ-M05 801$g,
/// UZ-M09 215$a) as errors, so records lacking them are rejected instead of passed.
#[test]
fn strict_variant_rejects_what_uz_unicat_only_warns_about() {
    let bytes = std::fs::read(format!("{SHARED}/{NLR}")).unwrap();
    let strict = Profile::bundled("uz-unicat-strict", Registry::builtin()).unwrap();
    let loose = run_profile(uz(), bytes.clone()).records;
    let strict = run_profile(strict, bytes).records;
    assert_eq!(loose.len(), strict.len());
    let raised = ["classification.missing", "recommended.missing"];
    let mut raised_seen = 0;
    let mut newly_rejected = 0;
    for (l, s) in loose.iter().zip(&strict) {
        assert_eq!(
            l.diagnostics.len(),
            s.diagnostics.len(),
            "record {}",
            l.number
        );
        for (dl, ds) in l.diagnostics.iter().zip(&s.diagnostics) {
            assert_eq!((&dl.rule, &dl.location), (&ds.rule, &ds.location));
            if raised.contains(&&*dl.rule) {
                assert_eq!(dl.severity, Severity::Warning);
                assert_eq!(ds.severity, Severity::Error);
                raised_seen += 1;
            } else {
                assert_eq!(dl.severity, ds.severity, "{}", dl.rule);
            }
        }
        if s.rejected && !l.rejected {
            newly_rejected += 1;
        }
    }
    assert!(
        raised_seen > 0 && newly_rejected > 0,
        "{raised_seen} {newly_rejected}"
    );
}
