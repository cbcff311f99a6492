//! Record checks of the `uz-unicat` profile (shared/research/uz-union-catalog.md §7): record
//! source (UZ-M04), country of publication (UZ-M07), statement of responsibility without a
//! personal access point (UZ-M10), publication year (UZ-Y01), ISBN registration group (UZ-I02),
//! declared script of the title (UZ-T03), letters of the wrong language (UZ-T05), ISBD
//! punctuation left in UNIMARC subfields (UZ-P01) and participant sigla (UZ-H02).
//!
//! Their tables live in `data/unicat.toml`; the ISBN registration groups and the participant
//! registry are their own modules (`isbn_group`, `sigla`). The rules are off unless a profile
//! enables them.

use std::sync::OnceLock;

use serde::Deserialize;
use yozuv::format::{CodeListKind, CodeStatus, Definitions};
use yozuv::text::{script_of, Script};
use yozuv::{Field, Record};

use super::isbn_group::{isbn_group, written_group};
use super::sigla::SiglaRegistry;
use super::{isbn_to_13, Emitter, RecordView, Rule};
use crate::Flavour;

#[derive(Deserialize)]
struct Tables {
    script_codes: std::collections::HashMap<String, String>,
    script: ScriptTable,
    language_letters: LanguageLetters,
    isbd: Isbd,
    year: YearTable,
    access_points: AccessPoints,
}

#[derive(Deserialize)]
struct ScriptTable {
    min_letters: usize,
}

#[derive(Deserialize)]
struct LanguageLetters {
    uzbek_only: String,
    russian_only: String,
    russian_min: usize,
}

#[derive(Deserialize)]
struct Isbd {
    unimarc_fields: Vec<String>,
    end_signs: Vec<String>,
    doubled: Vec<String>,
    allowed: Vec<String>,
}

#[derive(Deserialize)]
struct YearTable {
    no_date: Vec<String>,
    future_years: i32,
}

#[derive(Deserialize)]
struct AccessPoints {
    unimarc: Vec<String>,
    marc21: Vec<String>,
    not_initials: Vec<String>,
    #[serde(flatten)]
    names: NameForms,
}

/// Name forms that show a person without initials (`data/unicat.toml`).
#[derive(Deserialize)]
struct NameForms {
    patronymic_endings: Vec<String>,
    patronymic_markers: Vec<String>,
    surname_endings: Vec<String>,
    not_surnames: Vec<String>,
    given_names: Vec<String>,
    named_after_before: Vec<String>,
    named_after_after: Vec<String>,
    body_words: Vec<String>,
}

fn tables() -> Option<&'static Tables> {
    static TABLES: OnceLock<Option<Tables>> = OnceLock::new();
    TABLES
        .get_or_init(|| toml::from_str(include_str!("../../data/unicat.toml")).ok())
        .as_ref()
}

// ---------------------------------------------------------------------------------------
// Helpers

/// The current year (UTC), from the system clock.
fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    // Civil-from-days (H. Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

/// A date YYYYMMDD with a real month and day.
fn valid_yyyymmdd(s: &str) -> bool {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (n(0..4), n(4..6), n(6..8));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y > 0 && (1..=days).contains(&d)
}

/// The first four-digit year in a text.
fn first_year(s: &str) -> Option<i32> {
    all_years(s).next()
}

/// Every four-digit year in a text.
fn all_years(s: &str) -> impl Iterator<Item = i32> + '_ {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).filter_map(move |i| {
        let is_year = b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).map_or(true, |c| !c.is_ascii_digit());
        if is_year {
            s.get(i..i + 4).and_then(|y| y.parse().ok())
        } else {
            None
        }
    })
}

/// A decade or century written ISBD-style ([199-], [199?], [19--]): a date that is not a year
/// but not a fault either.
fn uncertain_decade(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).any(|i| {
        b[i..i + 2].iter().all(u8::is_ascii_digit)
            && b[i + 2..i + 4]
                .iter()
                .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'?' | b'u' | b'.' | b'X' | b'x'))
    })
}

/// Letters of `text` by script: (Latin, Cyrillic, other).
fn script_counts(text: &str) -> (usize, usize, usize) {
    let mut n = (0, 0, 0);
    for c in text.chars() {
        match script_of(c) {
            Script::Latin => n.0 += 1,
            Script::Cyrillic => n.1 += 1,
            Script::Other => n.2 += 1,
            Script::None => {}
        }
    }
    n
}

/// A word of `text` containing one of `letters`.
fn word_with(text: &str, letters: &str) -> Option<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .find(|w| w.chars().any(|c| letters.contains(c)))
        .map(str::to_string)
}

/// Apostrophe-like characters inside Uzbek words (oʻ, gʻ and the tutuq belgisi, however typed).
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`' | '\u{2018}' | '\u{2019}' | '\u{02BB}' | '\u{02BC}' | '\u{02BF}'
    )
}

/// The words of a text (letters and the apostrophes inside them, which are dropped), each with
/// whether only spaces separate it from the word before.
fn name_words(text: &str) -> Vec<(String, bool)> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut only_spaces = false;
    let mut gap_clean = true;
    for c in text.chars() {
        if is_apostrophe(c) && !word.is_empty() {
            // Inside a word: dropped (U+02BB and U+02BC are letters to Unicode).
        } else if c.is_alphabetic() && !is_apostrophe(c) {
            word.push(c);
        } else {
            if !word.is_empty() {
                words.push((std::mem::take(&mut word), only_spaces));
                gap_clean = true;
            }
            gap_clean &= c == ' ';
            only_spaces = gap_clean;
        }
    }
    if !word.is_empty() {
        words.push((word, only_spaces));
    }
    words
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

fn ends_with_any(word: &str, endings: &[String]) -> bool {
    let lower = word.to_lowercase();
    endings.iter().any(|e| lower.ends_with(e.as_str()))
}

/// Whether a statement names a person without initials (see `data/unicat.toml`): a
/// patronymic, an Uzbek patronymic marker after a name, a given name next to a surname, or a
/// common given name next to another name — unless the name is one something is named after.
fn names_a_person_in_full(text: &str, forms: &NameForms) -> bool {
    let words = name_words(text);
    let letters = |w: &str| w.chars().count();
    let surname = |w: &str| {
        letters(w) >= 5
            && is_capitalised(w)
            && ends_with_any(w, &forms.surname_endings)
            && !forms.not_surnames.iter().any(|n| n == w)
    };
    let name = |w: &str| letters(w) >= 3 && is_capitalised(w);
    let given = |w: &str| forms.given_names.iter().any(|g| g == w);
    let lower_in = |i: usize, list: &[String]| {
        words
            .get(i)
            .is_some_and(|(w, _)| list.iter().any(|m| *m == w.to_lowercase()))
    };
    // Words `first..=last` name someone something is named after.
    let named_after = |first: usize, last: usize| {
        (first > 0 && lower_in(first - 1, &forms.named_after_before))
            || lower_in(last + 1, &forms.named_after_after)
            // A body named after the person, or a body word taken for a name ("The George
            // Washington University", "Fondation Gabriel Péri", "John Hopkins Foreign Policy
            // Institute").
            || (first.saturating_sub(1)..=last + 3).any(|k| lower_in(k, &forms.body_words))
    };
    for (i, (word, after_space)) in words.iter().enumerate() {
        if letters(word) >= 6
            && is_capitalised(word)
            && ends_with_any(word, &forms.patronymic_endings)
            && !named_after(i, i)
        {
            return true;
        }
        let Some((before, _)) = i.checked_sub(1).and_then(|b| words.get(b)) else {
            continue;
        };
        if !after_space {
            continue;
        }
        let lower = word.to_lowercase();
        if forms.patronymic_markers.contains(&lower) && name(before) {
            return true;
        }
        let pair = (surname(word) && name(before))
            || (surname(before) && name(word))
            || (given(before) && name(word))
            || (given(word) && name(before));
        if pair && !named_after(i - 1, i) {
            return true;
        }
    }
    false
}

/// Whether a statement of responsibility names a person: an initial (capital letter and a
/// point) next to a capitalised word, as in "В. Н. Барсуков", "Барсуков В.Н.", "A. Qodiriy",
/// or a name written in full ([`names_a_person_in_full`]).
fn names_a_person(text: &str, not_initials: &[String], forms: &NameForms) -> bool {
    names_a_person_by_initials(text, not_initials) || names_a_person_in_full(text, forms)
}

/// Initials next to a capitalised word.
fn names_a_person_by_initials(text: &str, not_initials: &[String]) -> bool {
    let mut text = text.to_string();
    for n in not_initials {
        text = text.replace(n.as_str(), " ");
    }
    let chars: Vec<char> = text.chars().collect();
    let is_word_start = |i: usize| i == 0 || !chars[i - 1].is_alphabetic();
    let capital_word_at = |mut i: usize| {
        while chars.get(i).is_some_and(|c| *c == ' ') {
            i += 1;
        }
        let start = i;
        if !chars.get(i).is_some_and(|c| c.is_uppercase()) {
            return false;
        }
        i += 1;
        while chars.get(i).is_some_and(|c| c.is_lowercase()) {
            i += 1;
        }
        if i - start < 3 {
            return false;
        }
        // "Dept. of …": a word followed by a point and more text is an abbreviation, not a
        // surname ("Taylor." ending the statement is a surname).
        let after = chars[i..].iter().skip(1).find(|c| **c != ' ');
        !(chars.get(i) == Some(&'.') && after.is_some_and(|c| c.is_alphanumeric()))
    };
    for i in 0..chars.len() {
        // An initial: a capital letter starting a word, followed by a point.
        if !(chars[i].is_uppercase() && is_word_start(i) && chars.get(i + 1) == Some(&'.')) {
            continue;
        }
        // Followed (after more initials) by a surname …
        let mut j = i + 2;
        loop {
            while chars.get(j) == Some(&' ') {
                j += 1;
            }
            if chars.get(j).is_some_and(|c| c.is_uppercase()) && chars.get(j + 1) == Some(&'.') {
                j += 2;
                continue;
            }
            break;
        }
        if capital_word_at(j) {
            return true;
        }
        // … or preceded by one ("Барсуков В. Н.").
        let mut k = i;
        while k > 0 && chars[k - 1] == ' ' {
            k -= 1;
        }
        let end = k;
        while k > 0 && chars[k - 1].is_lowercase() {
            k -= 1;
        }
        if k > 0 && chars[k - 1].is_uppercase() && end - k >= 2 && is_word_start(k - 1) {
            return true;
        }
    }
    false
}

fn first_data_field<'r>(record: &'r Record, tag: &str) -> Option<(usize, &'r Field)> {
    record
        .fields
        .iter()
        .enumerate()
        .find(|(_, f)| f.tag() == tag)
}

fn subfield_index(field: &Field, code: u8) -> Option<usize> {
    field.subfields().iter().position(|s| s.code == code)
}

// ---------------------------------------------------------------------------------------
// The rules

/// The uz-unicat record checks (one rule object for all of them: they share their tables).
pub struct UnicatRule;

/// The ids [`UnicatRule`] may emit.
pub const UNICAT_IDS: &[&str] = &[
    "source.date",
    "source.incomplete",
    "country.publication",
    "responsibility.access-point",
    "year.publication",
    "isbn.group",
    "text.declared-script",
    "text.language-letters",
    "punctuation.isbd",
    "holdings.sigla",
];

impl Rule for UnicatRule {
    fn ids(&self) -> Vec<&'static str> {
        UNICAT_IDS.to_vec()
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        if !UNICAT_IDS.iter().any(|id| out.enabled(id)) {
            return;
        }
        let Some(t) = tables() else {
            return;
        };
        if out.enabled("source.date") || out.enabled("source.incomplete") {
            record_source(view, out);
        }
        if out.enabled("country.publication") {
            country(view, out);
        }
        if out.enabled("responsibility.access-point") {
            access_point(view, t, out);
        }
        if out.enabled("year.publication") {
            year(view, t, out);
        }
        if out.enabled("isbn.group") {
            isbn_group_check(view, out);
        }
        if view.text_reliable && out.enabled("text.declared-script") {
            declared_script(view, t, out);
        }
        if view.text_reliable && out.enabled("text.language-letters") {
            language_letters(view, t, out);
        }
        if out.enabled("punctuation.isbd") {
            punctuation(view, t, out);
        }
        if out.enabled("holdings.sigla") {
            sigla(view, out);
        }
    }
}

/// UZ-M04: an 801 date $c is a date YYYYMMDD (`source.date`); every 801 has its $c and a
/// MARC 21 040 its transcribing agency $c (`source.incomplete`: RUSMARC 2015 makes 801$c
/// optional, and real RSL MARC 21 records omit 040$c). 801$a/$b and 040$a are in the
/// profile's mandatory list.
fn record_source(view: &RecordView<'_>, out: &mut Emitter<'_>) {
    let record = view.record;
    for (i, f) in record.fields.iter().enumerate() {
        match view.flavour {
            Flavour::Unimarc if f.tag() == "801" => match subfield_index(f, b'c') {
                None => out.field_with_subfield(
                    "source.incomplete",
                    i,
                    b'c',
                    vec![("problem", "no-date".into())],
                ),
                Some(j) => {
                    let v = f.subfields()[j].value.trim();
                    // A final point (ISBD habit) does not make the date wrong.
                    if !valid_yyyymmdd(v.strip_suffix('.').unwrap_or(v)) {
                        out.subfield("source.date", i, j, vec![("value", v.into())]);
                    }
                }
            },
            Flavour::Marc21 if f.tag() == "040" && subfield_index(f, b'c').is_none() => {
                out.field_with_subfield(
                    "source.incomplete",
                    i,
                    b'c',
                    vec![("problem", "no-transcribing".into())],
                );
            }
            _ => {}
        }
    }
}

/// UZ-M07: the country of publication is coded (UNIMARC 102$a, MARC 21 008/15-17). Invalid
/// codes are `format.country-code`'s; this rule reports them only when that rule is off.
fn country(view: &RecordView<'_>, out: &mut Emitter<'_>) {
    let record = view.record;
    let check_codes = !out.enabled("format.country-code");
    let defs = Definitions::for_flavour(view.format);
    let list = defs.code_list(CodeListKind::Country);
    match view.flavour {
        Flavour::Unimarc => {
            let f102 = first_data_field(record, "102");
            let code = f102.and_then(|(i, f)| {
                let j = subfield_index(f, b'a')?;
                Some((i, j, f.subfields()[j].value.trim()))
            });
            match code {
                None | Some((_, _, "")) => {
                    let loc = crate::Location {
                        tag: Some(yozuv::Tag(*b"102")),
                        subfield: Some(b'a'),
                        ..out.base.clone()
                    };
                    out.at(
                        "country.publication",
                        loc,
                        vec![("problem", "missing".into()), ("value", "".into())],
                    );
                }
                Some((i, j, v)) => {
                    if check_codes && !list.is_empty() && list.status(v) != CodeStatus::Valid {
                        out.subfield(
                            "country.publication",
                            i,
                            j,
                            vec![("problem", "invalid".into()), ("value", v.into())],
                        );
                    }
                }
            }
        }
        Flavour::Marc21 => {
            let Some((i, f)) = first_data_field(record, "008") else {
                return;
            };
            let Some(code) = f.value().and_then(|v| v.get(15..18)) else {
                return;
            };
            if code.trim().is_empty() || code == "|||" {
                out.field(
                    "country.publication",
                    i,
                    vec![("problem", "missing".into()), ("value", code.into())],
                );
            } else if check_codes
                && !list.is_empty()
                && list.status(code.trim_end()) != CodeStatus::Valid
            {
                out.field(
                    "country.publication",
                    i,
                    vec![("problem", "invalid".into()), ("value", code.into())],
                );
            }
        }
    }
}

/// UZ-M10: the statement of responsibility names a person but the record has no personal
/// access point.
fn access_point(view: &RecordView<'_>, t: &Tables, out: &mut Emitter<'_>) {
    let record = view.record;
    let (tag, codes, points) = match view.flavour {
        Flavour::Unimarc => ("200", &[b'f', b'g'][..], &t.access_points.unimarc),
        Flavour::Marc21 => ("245", &[b'c'][..], &t.access_points.marc21),
    };
    if record
        .fields
        .iter()
        .any(|f| points.iter().any(|p| f.tag() == p.as_str()))
    {
        return;
    }
    let Some((i, f)) = first_data_field(record, tag) else {
        return;
    };
    for (j, s) in f.subfields().iter().enumerate() {
        if codes.contains(&s.code)
            && names_a_person(
                &s.value,
                &t.access_points.not_initials,
                &t.access_points.names,
            )
        {
            out.subfield(
                "responsibility.access-point",
                i,
                j,
                vec![
                    ("value", s.value.clone().into()),
                    ("tags", points.join(", ").into()),
                ],
            );
            return;
        }
    }
}

/// UZ-Y01: the publication year (UNIMARC 210$d / 214$d, MARC 21 264$c / 260$c) is a year or
/// a bracketed one, not in the future, and agrees with the coded dates (100$a/9-16, 008/7-14).
fn year(view: &RecordView<'_>, t: &Tables, out: &mut Emitter<'_>) {
    let record = view.record;
    let (tags, code, coded): (&[&str], u8, Option<&str>) = match view.flavour {
        Flavour::Unimarc => (
            &["210", "214"],
            b'd',
            record
                .first_subfield("100", b'a')
                .and_then(|a| a.get(8..17)),
        ),
        Flavour::Marc21 => (
            &["264", "260"],
            b'c',
            record.control_value("008").and_then(|v| v.get(6..15)),
        ),
    };
    // The first date subfield of the first imprint field that has one (MARC 21 264: the
    // publication statement, second indicator 1, before other functions).
    let mut found = None;
    'tags: for tag in tags {
        let mut fields: Vec<(usize, &Field)> = record
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.tag() == *tag)
            .collect();
        if *tag == "264" {
            fields.sort_by_key(|(_, f)| match f {
                Field::Data { indicators, .. } if indicators.second() == b'1' => 0,
                _ => 1,
            });
        }
        for (i, f) in fields {
            if let Some(j) = subfield_index(f, code) {
                found = Some((i, j, f.subfields()[j].value.clone()));
                break 'tags;
            }
        }
    }
    let Some((i, j, value)) = found else {
        return;
    };
    let lower = value.to_lowercase();
    if value.trim().is_empty() || t.year.no_date.iter().any(|n| lower.contains(n.as_str())) {
        return;
    }
    let args = |problem: &str, coded: &str| {
        vec![
            ("problem", problem.into()),
            ("value", value.trim().into()),
            ("expected", coded.into()),
        ]
    };
    // A date written with letters (a century "XIX в.", another calendar "民84.", "[s.a.]") is
    // not judged; digits without a year or a decade ("97") are a malformed year.
    let Some(y) = first_year(&value) else {
        let letters = value.chars().any(char::is_alphabetic) && !uncertain_decade(&value);
        let digits = value.chars().any(|c| c.is_ascii_digit());
        if digits && !letters && !uncertain_decade(&value) {
            out.subfield("year.publication", i, j, args("form", ""));
        }
        return;
    };
    // A year of another calendar (Hebrew 5715, Thai 2546) usually comes with its Gregorian
    // year in brackets: the date is in the future only when every year is.
    let limit = current_year() + t.year.future_years;
    if y > limit && all_years(&value).all(|v| v > limit) {
        out.subfield("year.publication", i, j, args("future", ""));
        return;
    }
    // The coded dates are compared for monographs only: serials and collections record a
    // range whose start the imprint need not repeat.
    if record.leader.bibliographic_level() != b'm' {
        return;
    }
    // Coded dates: type (1 char), date 1 (4), date 2 (4).
    let Some(coded) = coded else {
        return;
    };
    let date = |r: std::ops::Range<usize>| {
        coded
            .get(r)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<i32>().ok())
    };
    let (date1, date2) = (date(1..5), date(5..9));
    let Some(d1) = date1 else {
        return;
    };
    // Any year of the statement may be the coded one: ranges ("1805-1807", "8 июля
    // 1568-17 марта 1569" with 008 type e and date 1 1569) give several.
    // Date 2 after date 1 is a range (multipart, questionable or serial dates: UNIMARC types
    // a b f g, MARC 21 m q i k …): any year inside it agrees. (Date 2 before date 1 is an
    // original date or a month-day: only equality counts.)
    let agrees = |v: i32| {
        v == d1 || date2 == Some(v) || date2.is_some_and(|d2| d2 > d1 && (d1..=d2).contains(&v))
    };
    if !all_years(&value).any(agrees) {
        out.subfield(
            "year.publication",
            i,
            j,
            args("coded-date", coded.get(1..5).unwrap_or("")),
        );
    }
}

/// UZ-I02: the ISBN's registration group is one ISBN International has allotted, and the
/// hyphens (when written) put the group where it is.
fn isbn_group_check(view: &RecordView<'_>, out: &mut Emitter<'_>) {
    let tag = match view.flavour {
        Flavour::Marc21 => "020",
        Flavour::Unimarc => "010",
    };
    for (i, f) in view.record.fields.iter().enumerate() {
        if f.tag() != tag {
            continue;
        }
        for (j, s) in f.subfields().iter().enumerate() {
            if s.code != b'a' {
                continue;
            }
            let Ok(Some(n)) = isbn_to_13(&s.value) else {
                continue;
            };
            let problem = match isbn_group(n) {
                None => Some(("unknown-group", String::new(), String::new())),
                Some((group, agency)) => match written_group(&s.value) {
                    Some(w) if w != group => Some(("hyphenation", group, agency)),
                    _ => None,
                },
            };
            if let Some((problem, group, agency)) = problem {
                out.subfield(
                    "isbn.group",
                    i,
                    j,
                    vec![
                        ("problem", problem.into()),
                        ("value", s.value.trim().into()),
                        ("expected", group.into()),
                        ("name", agency.into()),
                    ],
                );
            }
        }
    }
}

/// UZ-T03: 100$a/34-35 (script of title) against the letters of 200$a.
fn declared_script(view: &RecordView<'_>, t: &Tables, out: &mut Emitter<'_>) {
    if view.flavour != Flavour::Unimarc {
        return;
    }
    let record = view.record;
    let Some(code) = record
        .first_subfield("100", b'a')
        .and_then(|a| a.get(34..36))
    else {
        return;
    };
    let Some(declared) = t.script_codes.get(code) else {
        return;
    };
    let Some((i, f)) = first_data_field(record, "200") else {
        return;
    };
    let Some(j) = subfield_index(f, b'a') else {
        return;
    };
    let (latin, cyrillic, other) = script_counts(&f.subfields()[j].value);
    if latin + cyrillic + other < t.script.min_letters {
        return;
    }
    let dominant = if latin > cyrillic + other {
        "latin"
    } else if cyrillic > latin + other {
        "cyrillic"
    } else {
        return;
    };
    if dominant != declared {
        out.subfield(
            "text.declared-script",
            i,
            j,
            vec![
                ("declared", code.into()),
                ("script", dominant.into()),
                ("value", f.subfields()[j].value.clone().into()),
            ],
        );
    }
}

/// The record's language code (UNIMARC 101$a, MARC 21 008/35-37).
fn language(view: &RecordView<'_>) -> Option<String> {
    match view.flavour {
        Flavour::Unimarc => view
            .record
            .first_subfield("101", b'a')
            .map(|v| v.trim().to_lowercase()),
        Flavour::Marc21 => view
            .record
            .control_value("008")
            .and_then(|v| v.get(35..38))
            .map(str::to_string),
    }
}

/// UZ-T05: Uzbek-only Cyrillic letters in the title of a `rus` record, or Russian-only letters
/// throughout the title of an `uzb` record.
fn language_letters(view: &RecordView<'_>, t: &Tables, out: &mut Emitter<'_>) {
    let Some(lang) = language(view) else {
        return;
    };
    let (tag, codes) = match view.flavour {
        Flavour::Unimarc => ("200", &[b'a', b'e'][..]),
        Flavour::Marc21 => ("245", &[b'a', b'b'][..]),
    };
    let Some((i, f)) = first_data_field(view.record, tag) else {
        return;
    };
    let l = &t.language_letters;
    let title: String = f
        .subfields()
        .iter()
        .filter(|s| codes.contains(&s.code))
        .map(|s| s.value.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let found = match lang.as_str() {
        "rus" => word_with(&title, &l.uzbek_only).map(|w| ("uzbek-in-russian", w)),
        "uzb" => {
            let russian = title
                .chars()
                .filter(|c| l.russian_only.contains(*c))
                .count();
            let uzbek = title.chars().any(|c| l.uzbek_only.contains(c));
            (russian >= l.russian_min && !uzbek)
                .then(|| word_with(&title, &l.russian_only))
                .flatten()
                .map(|w| ("russian-in-uzbek", w))
        }
        _ => None,
    };
    if let Some((problem, word)) = found {
        let j = subfield_index(f, codes[0]).unwrap_or(0);
        out.subfield(
            "text.language-letters",
            i,
            j,
            vec![
                ("problem", problem.into()),
                ("word", word.into()),
                ("code", lang.into()),
            ],
        );
    }
}

/// UZ-P01: ISBD punctuation left at the end of a UNIMARC descriptive subfield (the format
/// generates it between subfields), and doubled punctuation in either flavour.
fn punctuation(view: &RecordView<'_>, t: &Tables, out: &mut Emitter<'_>) {
    let isbd = &t.isbd;
    let descriptive = |tag: &str| match view.flavour {
        Flavour::Unimarc => isbd.unimarc_fields.iter().any(|f| f == tag),
        Flavour::Marc21 => matches!(tag, "245" | "250" | "260" | "264" | "300" | "490"),
    };
    for (i, f) in view.record.fields.iter().enumerate() {
        if !descriptive(f.tag().as_str()) {
            continue;
        }
        for (j, s) in f.subfields().iter().enumerate() {
            if s.code.is_ascii_digit() {
                continue;
            }
            let v = s.value.trim_end();
            if view.flavour == Flavour::Unimarc {
                if let Some(sign) = isbd.end_signs.iter().find(|e| v.ends_with(e.as_str())) {
                    out.subfield(
                        "punctuation.isbd",
                        i,
                        j,
                        vec![
                            ("problem", "at-end".into()),
                            ("char", sign.clone().into()),
                            ("value", s.value.clone().into()),
                        ],
                    );
                    continue;
                }
            }
            if let Some(sign) = doubled_sign(v, isbd) {
                out.subfield(
                    "punctuation.isbd",
                    i,
                    j,
                    vec![
                        ("problem", "doubled".into()),
                        ("char", sign.into()),
                        ("value", s.value.clone().into()),
                    ],
                );
            }
        }
    }
}

/// A sign written twice in a row (spaces between allowed), outside the allowed repeats.
fn doubled_sign(v: &str, isbd: &Isbd) -> Option<String> {
    // Taking out the allowed repeats only separates signs, never brings two together: without
    // a sign repeated in the text as written there is nothing to find (nearly every subfield),
    // and no copies are made.
    if !has_repeated_sign(v, isbd) {
        return None;
    }
    doubled_sign_in_full(v, isbd)
}

/// [`doubled_sign`] without its shortcut.
fn doubled_sign_in_full(v: &str, isbd: &Isbd) -> Option<String> {
    let mut cleaned = v.to_string();
    for a in &isbd.allowed {
        cleaned = cleaned.replace(a.as_str(), "\u{1}");
    }
    let signs: Vec<char> = cleaned.chars().filter(|c| *c != ' ').collect();
    (1..signs.len()).find_map(|i| {
        let (a, b) = (signs[i - 1], signs[i]);
        // Points after a digit stand for unknown digits of a date ("19..", "18..-1899").
        let date_dots = a == '.' && i >= 2 && signs[i - 2].is_ascii_digit();
        let s = a.to_string();
        (a == b && !date_dots && isbd.doubled.contains(&s)).then_some(s)
    })
}

/// Whether a one-character sign of `isbd.doubled` follows itself with only spaces between.
fn has_repeated_sign(v: &str, isbd: &Isbd) -> bool {
    let is_sign = |c: char| {
        isbd.doubled
            .iter()
            .any(|d| d.len() == c.len_utf8() && d.starts_with(c))
    };
    let mut previous = None;
    for c in v.chars().filter(|&c| c != ' ') {
        if previous == Some(c) && is_sign(c) {
            return true;
        }
        previous = Some(c);
    }
    false
}

/// UZ-H02: the participant sigla in 801$b (MARC 21 040$a) and in the holdings fields' $a are
/// known codes of the registry.
fn sigla(view: &RecordView<'_>, out: &mut Emitter<'_>) {
    let registry = view
        .profile
        .sigla
        .as_deref()
        .unwrap_or_else(|| SiglaRegistry::builtin());
    if registry.is_empty() {
        return;
    }
    let source: (&str, u8) = match view.flavour {
        Flavour::Unimarc => ("801", b'b'),
        Flavour::Marc21 => ("040", b'a'),
    };
    let holdings = &view.profile.holdings_tags;
    for (i, f) in view.record.fields.iter().enumerate() {
        let code = if f.tag() == source.0 {
            source.1
        } else if holdings.contains(&f.tag()) {
            b'a'
        } else {
            continue;
        };
        for (j, s) in f.subfields().iter().enumerate() {
            if s.code == code && !s.value.trim().is_empty() && !registry.contains(&s.value) {
                out.subfield(
                    "holdings.sigla",
                    i,
                    j,
                    vec![
                        ("value", s.value.trim().into()),
                        ("count", registry.len().into()),
                    ],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut of `doubled_sign` never changes its answer: every subfield of every ISO
    /// 2709 file of ../shared/testdata, and strings built from signs, spaces and letters.
    #[test]
    fn doubled_sign_shortcut_agrees() {
        let isbd = &tables().unwrap().isbd;
        let mut values: Vec<String> = Vec::new();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/testdata");
        let mut dirs = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                let reader =
                    yozuv::iso2709::SliceReader::new(&bytes, yozuv::iso2709::ReadMode::Permissive);
                for record in reader.flatten().filter_map(|raw| raw.to_record().ok()) {
                    for f in &record.fields {
                        values.extend(f.subfields().iter().map(|s| s.value.clone()));
                    }
                }
            }
        }
        assert!(values.len() > 100_000);
        let pieces = [
            ".", ",", ":", ";", "/", "=", " ", "a", "...", "//", ". . .", "1", "-", "\u{2026}",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..50_000 {
            let mut v = String::new();
            for _ in 0..next() % 9 {
                v.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            values.push(v);
        }
        let mut found = 0;
        for v in &values {
            let full = doubled_sign_in_full(v, isbd);
            found += usize::from(full.is_some());
            assert_eq!(doubled_sign(v, isbd), full, "{v:?}");
        }
        assert!(found > 1000, "{found} doubled signs");
    }

    #[test]
    fn dates() {
        assert!(valid_yyyymmdd("19980716"));
        assert!(valid_yyyymmdd("20000229"));
        assert!(!valid_yyyymmdd("19000229"));
        assert!(!valid_yyyymmdd("1998071"));
        assert!(!valid_yyyymmdd("19981316"));
        assert!(!valid_yyyymmdd("1998-07-16"));
        assert_eq!(first_year("[1997]"), Some(1997));
        assert_eq!(first_year("c1999."), Some(1999));
        assert_eq!(first_year("12345"), None);
        assert!(uncertain_decade("[199-]"));
        assert!(uncertain_decade("[19--?]"));
        assert!(!uncertain_decade("[б. г.]"));
        assert!(uncertain_decade("199X-"));
        assert!(current_year() >= 2024);
    }

    #[test]
    fn persons_in_full() {
        let t = tables().unwrap();
        let person =
            |s: &str| names_a_person(s, &t.access_points.not_initials, &t.access_points.names);
        // Real statements of responsibility of the shared test files (RUSMARC 200$f, MARC 21
        // 245$c) that name persons without initials.
        for s in [
            "Абдувахитов Абдужабар Абдусаттарович ; Ташк. гос. ун-т",
            // Foreign authors of translations, written in full.
            "Andrew Hunt, David Thomas.",
            "dir. Louis Jacob",
            "by Ernest Hemingway",
            "Иоанн Дамаскин",
            "Анна Севортьян, Наталья Барчукова",
            "Михаил Петров",
            "Сост. протоиер. Феодор Титов",
            "Элис Корнин-Селби",
            "Николай Рерих",
            "Константин Рябенький",
            // Uzbek name forms, apostrophes of every kind (hand-written).
            "Alisher Navoiy",
            "G\u{02BB}afur G\u{02BB}ulom",
            "O'tkir Hoshimov",
            "Erkin Vohidov ; so\u{02BB}zboshi muallifi Abdulla Oripov",
            "Зулфия Исроил қизи",
            "Karimov Islom Abdug\u{2018}aniyevich",
            "Ўткир Ҳошимов",
        ] {
            assert!(person(s), "{s}");
        }
        // Real statements naming bodies, places, or nobody; and names things are named after.
        for s in [
            "Упр. по делам арх. при Кабинете Министров респ. Башкортостан",
            "Ленинградский технол. ин-т",
            "Гос. ком. Рос. Федерации по рыболовству, Федер. гос. унитар. предприятие Атлант. НИИ рыб. хоз-ва и океанографии (АтлантНИРО)",
            "Иждивением Российскаго библейскаго общества",
            "со излиянием благоговейных чувствований, во хвалении всеусерднейше приветствует Московская славяно-греко-латинская академия, 1807 года, декабря 7 дня",
            "Юрид. ин-т МВД России",
            "Перевод с немецкаго",
            "Rossiya Federatsiyasi Milliy kutubxonasi",
            "Mirzo Ulug\u{02BB}bek nomidagi O\u{02BB}zbekiston Milliy universiteti",
            "Alisher Navoiy nomidagi O\u{02BB}zbekiston Milliy kutubxonasi",
            "Музей имени Алишера Навои",
            "Toshkent davlat texnika universiteti",
            "The Department of Researches and Studies",
            // Bodies named after persons (real 710/200$f texts of the shared MARC files).
            "The George Washington University Law School",
            "Samuel Curtis Johnson Graduate school of management",
            "John Hopkins Foreign Policy Institute",
            "Fondation Gabriel Péri",
            "Fondation Gabriel Pe\u{301}ri",
        ] {
            assert!(!person(s), "{s}");
        }
    }

    #[test]
    fn persons() {
        let t = tables().unwrap();
        assert!(names_a_person(
            "Редкол.: В. Н. Барсуков и др.",
            &t.access_points.not_initials,
            &t.access_points.names
        ));
        assert!(names_a_person(
            "В.З. Стрыгин",
            &t.access_points.not_initials,
            &t.access_points.names
        ));
        assert!(names_a_person(
            "Сост. протоиер. Феодор Титов; Барсуков В. Н.",
            &t.access_points.not_initials,
            &t.access_points.names
        ));
        assert!(names_a_person(
            "A. Qodiriy",
            &t.access_points.not_initials,
            &t.access_points.names
        ));
        assert!(!names_a_person(
            "Ин-т истории РАН",
            &t.access_points.not_initials,
            &t.access_points.names
        ));
        assert!(!names_a_person(
            "Российская академия наук",
            &t.access_points.not_initials,
            &t.access_points.names
        ));
        assert!(!names_a_person(
            "Сб. ст.",
            &t.access_points.not_initials,
            &t.access_points.names
        ));
        assert!(!names_a_person(
            "U.S. Dept. of Agriculture",
            &t.access_points.not_initials,
            &t.access_points.names
        ));
        assert!(!names_a_person(
            "U.S. Securities and Exchange Commission",
            &t.access_points.not_initials,
            &t.access_points.names
        ));
        assert!(names_a_person(
            "A.J.P. Taylor.",
            &t.access_points.not_initials,
            &t.access_points.names
        ));
    }

    #[test]
    fn isbn_groups_from_rangemessage() {
        // RangeMessage: 978-5 former U.S.S.R, 978-9943 and 978-9910 Uzbekistan, 978-601 Kazakhstan.
        assert_eq!(
            isbn_group(9_785_744_300_430).map(|g| g.0).as_deref(),
            Some("5")
        );
        assert_eq!(
            isbn_group(9_789_943_000_000).map(|g| g.1).as_deref(),
            Some("Uzbekistan")
        );
        assert_eq!(
            isbn_group(9_789_910_000_000).map(|g| g.1).as_deref(),
            Some("Uzbekistan")
        );
        assert_eq!(
            isbn_group(9_786_010_000_000).map(|g| g.0).as_deref(),
            Some("601")
        );
        assert_eq!(written_group("978-9943-01-234-5"), Some("9943".into()));
        assert_eq!(written_group("5-7443-0043-0"), Some("5".into()));
        assert_eq!(written_group("9785744300430"), None);
    }

    #[test]
    fn doubled() {
        let t = tables().unwrap();
        assert_eq!(doubled_sign("Текст..", &t.isbd), Some(".".into()));
        assert_eq!(doubled_sign("М. : : Наука", &t.isbd), Some(":".into()));
        assert_eq!(doubled_sign("Текст...", &t.isbd), None);
        assert_eq!(doubled_sign("// Вестник", &t.isbd), None);
        assert_eq!(doubled_sign("Вып. 13.", &t.isbd), None);
        assert_eq!(doubled_sign("[19..]-", &t.isbd), None);
        assert_eq!(doubled_sign("18..-1899", &t.isbd), None);
        assert_eq!(doubled_sign("et al..", &t.isbd), Some(".".into()));
    }
}
