//! [`fix`](super::fix) over the text subfields of a record.
//!
//! Which subfields are text is decided by `data/text/text-subfields.tsv` (with the reason for every line):
//! control fields, codes, identifiers, URIs and classification numbers are never touched.

use std::sync::OnceLock;

use serde::Serialize;

use super::tables;
use super::{fix, Fix, FixOptions, Lang, Script};
use crate::{Field, Record};

/// MARC family of a record, for the subfield policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    /// MARC 21.
    Marc21,
    /// UNIMARC (and RUSMARC).
    Unimarc,
}

impl Flavor {
    /// Guesses the flavour: UNIMARC has a title in 200 and coded data in 100$a; MARC 21 has 245 or 008.
    pub fn detect(record: &Record) -> Flavor {
        let has = |t: &str| record.fields_by_tag(t).next().is_some();
        if has("245") || has("008") {
            Flavor::Marc21
        } else if has("200") || has("101") {
            Flavor::Unimarc
        } else {
            Flavor::Marc21
        }
    }
}

/// What [`normalize_record`] may change.
#[derive(Clone, Debug, Default)]
pub struct NormalizeOptions {
    /// The text rules and their switches; `lang` and `script` are filled from the record unless set here.
    pub fix: FixOptions,
    /// The flavour, or None to detect it per record.
    pub flavor: Option<Flavor>,
}

/// One change (or, with `applied == false`, one report) in a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordFix {
    /// Record number in the input, from 1 (as given to [`normalize_record`]).
    pub record: u64,
    /// The record's 001, if any.
    pub id: Option<String>,
    /// Field tag.
    pub tag: String,
    /// Occurrence of the tag in the record, from 1.
    pub occurrence: usize,
    /// Subfield code.
    pub subfield: char,
    /// Byte offset of the change in the subfield value (before the change).
    pub start: usize,
    /// The text before.
    pub before: String,
    /// The text after (equal to `before` for a report).
    pub after: String,
    /// Stable rule id (see [`Fix::rule`] and [`super::Flag::rule`]).
    pub rule: &'static str,
    /// True for a change, false for a report left for a cataloger.
    pub applied: bool,
}

/// One line of the subfield policy.
struct PolicyLine {
    flavor: Flavor,
    tag: [u8; 3],
    any_tag: bool,
    codes: Option<Vec<u8>>,
    text: bool,
}

fn policy() -> &'static Vec<PolicyLine> {
    static P: OnceLock<Vec<PolicyLine>> = OnceLock::new();
    P.get_or_init(|| {
        tables::data_lines(tables::TEXT_SUBFIELDS)
            .filter_map(|line| {
                let cols: Vec<&str> = line.split('\t').collect();
                let flavor = match *cols.first()? {
                    "marc21" => Flavor::Marc21,
                    "unimarc" => Flavor::Unimarc,
                    _ => return None,
                };
                let tag_s = *cols.get(1)?;
                let any_tag = tag_s == "*";
                let mut tag = [b'X'; 3];
                if !any_tag {
                    let b = tag_s.as_bytes();
                    if b.len() != 3 {
                        return None;
                    }
                    tag.copy_from_slice(b);
                }
                let codes_s = *cols.get(2)?;
                let codes = (codes_s != "*").then(|| codes_s.bytes().collect());
                let text = match *cols.get(3)? {
                    "text" => true,
                    "keep" => false,
                    _ => return None,
                };
                Some(PolicyLine {
                    flavor,
                    tag,
                    any_tag,
                    codes,
                    text,
                })
            })
            .collect()
    })
}

/// Whether subfield `code` of data field `tag` is text that may be changed, by `text-subfields.tsv`.
///
/// ```
/// use yozuv::text::{is_text_subfield, Flavor};
/// assert!(is_text_subfield(Flavor::Marc21, "245", b'a'));
/// assert!(!is_text_subfield(Flavor::Marc21, "856", b'u'));
/// assert!(!is_text_subfield(Flavor::Marc21, "020", b'a'));
/// assert!(is_text_subfield(Flavor::Marc21, "650", b'x'));
/// assert!(!is_text_subfield(Flavor::Marc21, "776", b'x'));
/// assert!(!is_text_subfield(Flavor::Unimarc, "101", b'a'));
/// assert!(is_text_subfield(Flavor::Unimarc, "200", b'a'));
/// assert!(!is_text_subfield(Flavor::Unimarc, "700", b'3'));
/// ```
pub fn is_text_subfield(flavor: Flavor, tag: &str, code: u8) -> bool {
    let t = tag.as_bytes();
    if t.len() != 3 || (t[0] == b'0' && t[1] == b'0') {
        return false;
    }
    // A numeric tag and an ASCII code: the tag's answers for all 128 codes, worked out from
    // the policy the first time the tag is seen (the policy scan ran per subfield before).
    if let [a @ b'0'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9'] = *t {
        if code < 128 {
            let number =
                usize::from(a - b'0') * 100 + usize::from(b - b'0') * 10 + usize::from(c - b'0');
            let rows = match flavor {
                Flavor::Marc21 => &MARC21_ROWS,
                Flavor::Unimarc => &UNIMARC_ROWS,
            };
            let row = rows[number].get_or_init(|| {
                let mut row = 0u128;
                for code in 0..128u8 {
                    if policy_says(flavor, t, code) {
                        row |= 1 << code;
                    }
                }
                row
            });
            return row & (1 << code) != 0;
        }
    }
    policy_says(flavor, t, code)
}

/// Per tag number, which ASCII subfield codes hold text (bit `code`), filled on first use.
static MARC21_ROWS: [OnceLock<u128>; 1000] = [const { OnceLock::new() }; 1000];
static UNIMARC_ROWS: [OnceLock<u128>; 1000] = [const { OnceLock::new() }; 1000];

/// The first policy line matching `tag` and `code` decides.
fn policy_says(flavor: Flavor, t: &[u8], code: u8) -> bool {
    for line in policy() {
        if line.flavor != flavor {
            continue;
        }
        let tag_ok = line.any_tag || line.tag.iter().zip(t).all(|(&p, &c)| p == b'X' || p == c);
        let code_ok = line.codes.as_ref().map_or(true, |c| c.contains(&code));
        if tag_ok && code_ok {
            return line.text;
        }
    }
    false
}

/// Language of the record: MARC 21 008/35-37, or UNIMARC 101$a.
fn record_lang(record: &Record, flavor: Flavor) -> Lang {
    match flavor {
        // Authority records (leader/06 z) have no language in 008.
        Flavor::Marc21 if record.leader.record_type() == b'z' => Lang::Unknown,
        Flavor::Marc21 => record
            .control_value("008")
            .and_then(|v| v.get(35..38))
            .map_or(Lang::Auto, Lang::from_code),
        Flavor::Unimarc => record
            .first_subfield("101", b'a')
            .map_or(Lang::Auto, Lang::from_code),
    }
}

/// Script of the record's text where coded: UNIMARC 100$a/34-35 (`ba` Latin, `ca` Cyrillic).
fn record_script(record: &Record, flavor: Flavor) -> Option<Script> {
    if flavor != Flavor::Unimarc {
        return None;
    }
    let a = record.first_subfield("100", b'a')?;
    match a.get(34..36)? {
        "ba" => Some(Script::Latin),
        "ca" => Some(Script::Cyrillic),
        _ => None,
    }
}

/// Script of a MARC 21 field from its $6 script identification code (`(N` Cyrillic, `(B` Latin).
fn field_script(field: &Field) -> Option<Script> {
    let six = field.subfield(b'6')?;
    let code = six.split('/').nth(1)?;
    match code.trim_end_matches("/r") {
        "(N" => Some(Script::Cyrillic),
        "(B" => Some(Script::Latin),
        _ => None,
    }
}

/// Runs [`fix`] over every text subfield of `record` and returns the changes and reports.
///
/// `number` is the record's number in its file (from 1), copied into every [`RecordFix`]. The record's lengths
/// are not kept anywhere: write it with [`crate::iso2709::Writer`], which recomputes them.
pub fn normalize_record(
    record: &mut Record,
    number: u64,
    options: &NormalizeOptions,
) -> Vec<RecordFix> {
    let flavor = options.flavor.unwrap_or_else(|| Flavor::detect(record));
    let mut fix_opts = options.fix.clone();
    if fix_opts.lang == Lang::Auto {
        // No language in the record: Uzbek apostrophe rules only where the text itself shows Uzbek Latin.
        fix_opts.lang = match record_lang(record, flavor) {
            Lang::Auto => Lang::Unknown,
            lang => lang,
        };
    }
    if fix_opts.script.is_none() {
        fix_opts.script = record_script(record, flavor);
    }
    let id = record.control_value("001").map(str::to_string);
    let mut out = Vec::new();
    let mut seen: Vec<(crate::Tag, usize)> = Vec::new();
    for field in record.fields.iter_mut() {
        let tag = field.tag();
        let occurrence = match seen.iter_mut().find(|(t, _)| *t == tag) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                seen.push((tag, 1));
                1
            }
        };
        if field.is_control() {
            continue;
        }
        let mut opts = fix_opts.clone();
        if let Some(s) = field_script(field) {
            opts.script = Some(s);
        }
        let tag_str = tag.as_str().to_string();
        let Some(subfields) = field.subfields_mut() else {
            continue;
        };
        for sf in subfields.iter_mut() {
            if !is_text_subfield(flavor, &tag_str, sf.code) {
                continue;
            }
            let fixed = fix(&sf.value, &opts);
            let push = |f: &Fix, applied: bool, out: &mut Vec<RecordFix>| {
                out.push(RecordFix {
                    record: number,
                    id: id.clone(),
                    tag: tag_str.clone(),
                    occurrence,
                    subfield: sf.code as char,
                    start: f.start,
                    before: f.before.clone(),
                    after: f.after.clone(),
                    rule: f.rule,
                    applied,
                })
            };
            for f in &fixed.fixes {
                push(f, true, &mut out);
            }
            for fl in &fixed.flags {
                let as_fix = Fix {
                    start: fl.start,
                    end: fl.end,
                    before: fl.text.clone(),
                    after: fl.text.clone(),
                    rule: fl.rule,
                };
                push(&as_fix, false, &mut out);
            }
            if !fixed.fixes.is_empty() {
                let new = fixed.text.into_owned();
                sf.value = new;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The per-tag rows answer exactly what the policy scan answers, for every tag number,
    /// every code byte and both flavours (and non-numeric tags go to the scan).
    #[test]
    fn rows_agree_with_the_policy() {
        let mut text = 0;
        for flavor in [Flavor::Marc21, Flavor::Unimarc] {
            for n in 0..1000 {
                let tag = format!("{n:03}");
                for code in 0..=255u8 {
                    let scan = !tag.starts_with("00") && policy_says(flavor, tag.as_bytes(), code);
                    // Twice: the row is built by the first call and read by the second.
                    assert_eq!(is_text_subfield(flavor, &tag, code), scan, "{tag} ${code}");
                    assert_eq!(is_text_subfield(flavor, &tag, code), scan, "{tag} ${code}");
                    text += usize::from(scan);
                }
            }
            for tag in ["9XX", "24 ", "abc"] {
                for code in [b'a', b'9', 0x80] {
                    assert_eq!(
                        is_text_subfield(flavor, tag, code),
                        policy_says(flavor, tag.as_bytes(), code)
                    );
                }
            }
        }
        assert!(text > 1000, "{text} text subfields");
    }
}
