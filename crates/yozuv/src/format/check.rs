//! Definition-driven checks: a record against [`Definitions`], returning [`Finding`]s.
//!
//! The checks are pure functions; a validation engine (crate `yozuv-batch`) wraps each id as a
//! rule, gives it a severity from its profile and renders the message with the Fluent key
//! `id` with `.` replaced by `-` (`format.undefined-tag` → `format-undefined-tag`) and the
//! finding's `args`.
//!
//! Lookups are O(1) (tables indexed by tag number and subfield code) and nothing is allocated
//! for a field with nothing to report.
//!
//! ```
//! use yozuv::format::{check, Definitions};
//! use yozuv::{Field, Indicators, Leader, Record, Subfield};
//!
//! let mut record = Record::new(Leader::default());
//! record.push(Field::control("008", "850101s1985    nyu           000 0 eng  "));
//! record.push(Field::data("245", Indicators::new(b'1', b'0'), vec![Subfield::new(b'a', "A title"), Subfield::new(b'a', "again")]));
//! let findings = check::check_record(&record, Definitions::marc21(), &check::CheckOptions::default());
//! assert!(findings.iter().any(|f| f.id == check::ids::SUBFIELD_NOT_REPEATABLE && f.subfield == Some(b'a')));
//! ```

use super::definitions::{
    codes_display, ByteSet, CodeListKind, CodeStatus, Definitions, FieldDef, IndicatorDef,
    PositionCheck, PositionCodes, PositionDef,
};
use super::Flavour;
use crate::{Field, Record, Subfield, Tag};

mod conditional;
mod misalign;

/// Stable check ids.
pub mod ids {
    /// A tag the format does not define (local 9XX/X9X allowed by option).
    pub const UNDEFINED_TAG: &str = "format.undefined-tag";
    /// A non-repeatable field occurs more than once.
    pub const FIELD_NOT_REPEATABLE: &str = "format.field-not-repeatable";
    /// A non-repeatable subfield occurs more than once in one field.
    pub const SUBFIELD_NOT_REPEATABLE: &str = "format.subfield-not-repeatable";
    /// An indicator value the field does not define.
    pub const INVALID_INDICATOR: &str = "format.invalid-indicator";
    /// A subfield code the field does not define.
    pub const UNDEFINED_SUBFIELD: &str = "format.undefined-subfield";
    /// An obsolete field, subfield, indicator value or fixed-field code.
    pub const OBSOLETE: &str = "format.obsolete";
    /// A mandatory field or subfield is missing.
    pub const MANDATORY_MISSING: &str = "format.mandatory-missing";
    /// A fixed-field position (Leader, 006/007/008, UNIMARC 100$a …) holds an undefined code.
    pub const FIXED_FIELD_CODE: &str = "format.fixed-field-code";
    /// A fixed-length field (MARC 21 006/007/008, UNIMARC 100$a …) whose content is shifted by
    /// an inserted or dropped character: one finding instead of one per shifted position.
    pub const FIXED_FIELD_MISALIGNED: &str = "format.fixed-field-misaligned";
    /// A language code not in the language code list.
    pub const LANGUAGE_CODE: &str = "format.language-code";
    /// A country code not in the country code list.
    pub const COUNTRY_CODE: &str = "format.country-code";
    /// A relator code not in the relator code list.
    pub const RELATOR_CODE: &str = "format.relator-code";
    /// A MARC 21 geographic area code (043) not in the list.
    pub const GEOGRAPHIC_AREA_CODE: &str = "format.geographic-area-code";
    /// MARC 21 880 ⇄ `$6` linkage broken, or a bad script code.
    pub const LINKAGE_880: &str = "format.linkage-880";
    /// UNIMARC 4XX embedded fields (`$1`) badly formed.
    pub const EMBEDDED_FIELD: &str = "format.embedded-field";
    /// Main and added entries (1XX/7XX, UNIMARC 70X/71X/72X) inconsistent.
    pub const HEADING_CONSISTENCY: &str = "format.heading-consistency";

    /// Every check id, for rule registries (`yozuv rules list`).
    pub const ALL: &[&str] = &[
        UNDEFINED_TAG,
        FIELD_NOT_REPEATABLE,
        SUBFIELD_NOT_REPEATABLE,
        INVALID_INDICATOR,
        UNDEFINED_SUBFIELD,
        OBSOLETE,
        MANDATORY_MISSING,
        FIXED_FIELD_CODE,
        FIXED_FIELD_MISALIGNED,
        LANGUAGE_CODE,
        COUNTRY_CODE,
        RELATOR_CODE,
        GEOGRAPHIC_AREA_CODE,
        LINKAGE_880,
        EMBEDDED_FIELD,
        HEADING_CONSISTENCY,
    ];
}

/// How serious a finding is by default; profiles may change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum SeverityHint {
    /// The record breaks the format.
    Error,
    /// Allowed but doubtful (obsolete elements, discontinued codes, unsure headings).
    Warning,
    /// For information.
    Info,
}

/// The default severity of a check id.
///
/// ```
/// use yozuv::format::check::{default_severity, ids, SeverityHint};
/// assert_eq!(default_severity(ids::OBSOLETE), SeverityHint::Warning);
/// assert_eq!(default_severity(ids::UNDEFINED_TAG), SeverityHint::Error);
/// ```
pub fn default_severity(id: &str) -> SeverityHint {
    match id {
        ids::OBSOLETE | ids::HEADING_CONSISTENCY => SeverityHint::Warning,
        _ => SeverityHint::Error,
    }
}

/// One problem found by a check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Stable check id (see [`ids`]).
    pub id: &'static str,
    /// Suggested severity.
    pub severity_hint: SeverityHint,
    /// The field, or `None` for the leader / the whole record.
    pub tag: Option<Tag>,
    /// Which occurrence of the tag in the record, counting from 1.
    pub occurrence: Option<usize>,
    /// The subfield code.
    pub subfield: Option<u8>,
    /// Byte offset in the input (a `Record` has no offsets: always `None` here; an engine with
    /// the raw record may fill it in).
    pub byte_offset: Option<u64>,
    /// Message arguments (`tag`, `name`, `code`, `value`, `position`, `allowed`, `reason` …).
    pub args: Vec<(&'static str, String)>,
}

impl Finding {
    fn new(
        id: &'static str,
        tag: Option<Tag>,
        occurrence: Option<usize>,
        subfield: Option<u8>,
    ) -> Finding {
        Finding {
            id,
            severity_hint: default_severity(id),
            tag,
            occurrence,
            subfield,
            byte_offset: None,
            // Findings carry four to six arguments: one allocation, not three.
            args: Vec::with_capacity(6),
        }
    }

    fn arg(mut self, name: &'static str, value: impl Into<String>) -> Finding {
        self.args.push((name, value.into()));
        self
    }

    fn severity(mut self, severity: SeverityHint) -> Finding {
        self.severity_hint = severity;
        self
    }

    /// The value of argument `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Options of the checks.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Local fields 9XX and X9X (090, 590 …) are allowed and not checked. Default: true.
    pub allow_local_tags: bool,
    /// Check code lists (language, country, relator, geographic area). Default: true.
    pub check_code_lists: bool,
    skipped: Vec<bool>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            allow_local_tags: true,
            check_code_lists: true,
            skipped: vec![false; 1000],
        }
    }
}

impl CheckOptions {
    /// Per-tag override: no check looks at fields with this tag (they still count for mandatory fields).
    pub fn skip_tag(&mut self, tag: Tag) -> &mut Self {
        if let Some(slot) = tag
            .number()
            .and_then(|n| self.skipped.get_mut(usize::from(n)))
        {
            *slot = true;
        }
        self
    }

    /// Whether the numeric tag `number` is skipped.
    fn is_number_skipped(&self, number: u16) -> bool {
        self.skipped
            .get(usize::from(number))
            .copied()
            .unwrap_or(false)
    }

    /// Whether `tag` is skipped.
    pub fn is_skipped(&self, tag: Tag) -> bool {
        tag.number()
            .and_then(|n| self.skipped.get(usize::from(n)))
            .copied()
            .unwrap_or(false)
    }
}

/// Whether `tag` is a local tag: 9XX, or X9X (090, 590, 690 …).
pub fn is_local_tag(tag: Tag) -> bool {
    let b = tag.as_bytes();
    b[0] == b'9' || b[1] == b'9'
}

fn field_name(def: &FieldDef) -> String {
    match (&def.name_ru, def.name.is_empty()) {
        (Some(ru), true) => ru.clone(),
        _ => def.name.clone(),
    }
}

fn display_byte(b: u8) -> String {
    if b == b' ' {
        "#".to_string()
    } else {
        char::from(b).to_string()
    }
}

fn display_value(s: &str) -> String {
    s.replace(' ', "#")
}

/// Findings a caller drops anyway (a validation engine reports them through other rules),
/// so that [`check_record_into`] does not build them. The default skips nothing.
#[derive(Clone, Copy, Default)]
pub struct Skip<'a> {
    /// Bit `n`: no [`ids::FIXED_FIELD_CODE`] finding on the leader position starting at `n`.
    pub leader_codes: u32,
    /// No whole-field [`ids::MANDATORY_MISSING`] finding (one without a subfield) for the
    /// tags this answers `true` for.
    pub mandatory_field: Option<&'a dyn Fn(Tag) -> bool>,
}

impl std::fmt::Debug for Skip<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Skip")
            .field("leader_codes", &self.leader_codes)
            .field("mandatory_field", &self.mandatory_field.is_some())
            .finish()
    }
}

impl Skip<'_> {
    fn mandatory(&self, tag: Tag) -> bool {
        self.mandatory_field.is_some_and(|skip| skip(tag))
    }
}

/// Runs every definition-driven check on `record`.
pub fn check_record(record: &Record, defs: &Definitions, options: &CheckOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    check_record_into(record, defs, options, &Skip::default(), &mut out);
    out
}

/// [`check_record`] appending to `out` (a buffer the caller reuses), without the findings
/// `skip` names: the findings of `check_record` less those, in the same order.
///
/// ```
/// use yozuv::format::{check, Definitions};
/// use yozuv::{Leader, Record};
///
/// let record = Record::new(Leader(*b"00000nzm a2200000 i 4500"));
/// let all = check::check_record(&record, Definitions::marc21(), &check::CheckOptions::default());
/// let mut out = Vec::new();
/// let skip = check::Skip { leader_codes: 1 << 6, ..Default::default() };
/// check::check_record_into(&record, Definitions::marc21(), &check::CheckOptions::default(), &skip, &mut out);
/// assert_eq!(all.len(), out.len() + 1);
/// ```
pub fn check_record_into(
    record: &Record,
    defs: &Definitions,
    options: &CheckOptions,
    skip: &Skip<'_>,
    out: &mut Vec<Finding>,
) {
    let mut counts = [0u16; 1000];
    let unimarc = defs.flavour().is_unimarc_family();
    let mut has_linkage = false;

    // Authority, holdings and classification records are not described by bibliographic
    // definitions: only their leader is checked (its type of record is then reported).
    let bibliographic: &[u8] = if unimarc {
        b"abcdefgijklmr"
    } else {
        b"acdefgijkmoprt"
    };
    if !bibliographic.contains(&record.leader.record_type()) {
        let positions = defs.positions(ldr(), None, "");
        let type_of_record = positions
            .iter()
            .position(|p| p.start == 6)
            .map(|i| i..i + 1)
            .unwrap_or(0..0);
        if let Some(positions) = positions.get(type_of_record) {
            check_positions(
                None,
                None,
                None,
                positions,
                &record.leader.0,
                defs,
                skip.leader_codes,
                out,
            );
        }
        return;
    }
    check_leader_positions(record, defs, skip, out);

    for field in &record.fields {
        let tag = field.tag();
        let number = tag.number();
        let occurrence = match number {
            Some(n) => {
                let slot = &mut counts[usize::from(n)];
                *slot = slot.saturating_add(1);
                usize::from(*slot)
            }
            None => 1,
        };
        // The tag's number once, for the skip list and the definition.
        let def = match number {
            Some(n) => {
                if options.is_number_skipped(n) {
                    continue;
                }
                defs.field_numbered(n)
            }
            None => defs.field(tag),
        };
        // 9XX and X9X are for local use; a current definition (490, RUSMARC 899 …) still applies.
        if options.allow_local_tags
            && number.is_some()
            && is_local_tag(tag)
            && def.map_or(true, |d| d.obsolete || d.local)
        {
            continue;
        }
        let Some(def) = def else {
            out.push(
                Finding::new(ids::UNDEFINED_TAG, Some(tag), Some(occurrence), None)
                    .arg("tag", tag.as_str()),
            );
            continue;
        };
        if def.local {
            continue;
        }
        if def.obsolete && occurrence == 1 {
            out.push(
                Finding::new(ids::OBSOLETE, Some(tag), Some(occurrence), None)
                    .arg("tag", tag.as_str())
                    .arg("name", field_name(def))
                    .arg("element", "field"),
            );
        }
        // UNIMARC 3.11: a non-repeatable field may occur once more per alternative script,
        // linked by $6.
        let alternative_script = unimarc && field.subfield(b'6').is_some();
        if !def.repeatable && occurrence == 2 && !alternative_script {
            out.push(
                Finding::new(ids::FIELD_NOT_REPEATABLE, Some(tag), Some(occurrence), None)
                    .arg("tag", tag.as_str())
                    .arg("name", field_name(def)),
            );
        }
        match field {
            Field::Control { value, .. } => {
                if !unimarc {
                    check_control_marc21(tag, occurrence, value, record, defs, out);
                }
            }
            Field::Data {
                indicators,
                subfields,
                ..
            } => {
                if subfields.iter().any(|s| s.code == b'6') {
                    has_linkage = true;
                }
                // MARC 21 880: indicators and subfields are those of the associated field.
                let content_def = if !unimarc && tag.0 == *b"880" {
                    field
                        .subfield(b'6')
                        .and_then(|v| v.get(..3))
                        .and_then(|t| defs.field(Tag::from_str_lossy(t)))
                        .filter(|d| !d.local)
                } else {
                    Some(def)
                };
                let Some(content_def) = content_def else {
                    continue;
                };
                check_indicators(tag, occurrence, content_def, indicators.0, out);
                let embedded =
                    unimarc && is_linking_block(tag) && subfields.iter().any(|s| s.code == b'1');
                if embedded {
                    check_embedded(tag, occurrence, subfields, defs, out);
                } else {
                    check_subfields(tag, occurrence, content_def, subfields, out);
                }
                if unimarc {
                    check_coded_subfields_unimarc(tag, occurrence, subfields, defs, out);
                }
                if options.check_code_lists {
                    check_code_lists(
                        tag,
                        occurrence,
                        content_def,
                        indicators.0,
                        subfields,
                        defs,
                        out,
                    );
                }
            }
        }
    }

    for def in defs.mandatory_fields() {
        {
            let present = def
                .tag
                .number()
                .map(|n| counts[usize::from(n)] > 0)
                .unwrap_or(true);
            if !present && !skip.mandatory(def.tag) {
                out.push(
                    Finding::new(ids::MANDATORY_MISSING, Some(def.tag), None, None)
                        .arg("tag", def.tag.as_str())
                        .arg("name", field_name(def))
                        .arg("element", "field"),
                );
            }
        }
    }

    check_conditional_mandatory(record, defs, &counts, skip, out);
    conditional::check_content_conditions(record, defs, options, &counts, skip, out);

    if has_linkage && !unimarc {
        check_linkage_880(record, defs, options, out);
    }
    check_headings(record, defs.flavour(), out);
}

/// Fields mandatory for this kind of record (the leader says which): reported as a missing
/// mandatory field, with the leader positions and values that make it mandatory.
fn check_conditional_mandatory(
    record: &Record,
    defs: &Definitions,
    counts: &[u16; 1000],
    skip: &Skip<'_>,
    out: &mut Vec<Finding>,
) {
    for rule in defs.conditional_mandatory() {
        if !rule.is_leader_only() {
            continue; // conditional::check_content_conditions
        }
        let present = match rule.tag.number() {
            Some(n) => counts.get(usize::from(n)).is_some_and(|c| *c > 0),
            None => true,
        };
        if present || !rule.applies_to(&record.leader) || skip.mandatory(rule.tag) {
            continue;
        }
        let Some((first, last)) = rule.positions() else {
            continue;
        };
        let position = if first == last {
            format!("{first:02}")
        } else {
            format!("{first:02}-{last:02}")
        };
        let value = record
            .leader
            .0
            .get(first..=last)
            .map(|v| display_value(&String::from_utf8_lossy(v)))
            .unwrap_or_default();
        let name = defs
            .field(rule.tag)
            .map(field_name)
            .unwrap_or_else(|| rule.tag.as_str().to_string());
        out.push(
            Finding::new(ids::MANDATORY_MISSING, Some(rule.tag), None, None)
                .arg("tag", rule.tag.as_str())
                .arg("name", name)
                .arg("element", "record-type")
                .arg("position", position)
                .arg("value", value),
        );
    }
}

/// UNIMARC fields that may carry embedded fields after `$1`: the 4XX linking block and 604
/// (name and title used as subject).
fn is_linking_block(tag: Tag) -> bool {
    tag.as_bytes()[0] == b'4' || tag == "604"
}

/// Subfields of 604 itself that may follow its embedded fields (UNIMARC 604: `$2` system code,
/// `$3` authority record number, `$j $x $y $z` subdivisions).
const UNIMARC_604_OWN: &[u8] = b"23jxyz";

fn check_indicators(
    tag: Tag,
    occurrence: usize,
    def: &FieldDef,
    values: [u8; 2],
    out: &mut Vec<Finding>,
) {
    let fits = |ind: &Option<IndicatorDef>, value: u8| {
        ind.as_ref().map_or(true, |ind| ind.allowed.contains(value))
    };
    if fits(&def.indicators[0], values[0]) && fits(&def.indicators[1], values[1]) {
        return;
    }
    check_indicators_each(tag, occurrence, def, values, out);
}

/// [`check_indicators`] indicator by indicator.
fn check_indicators_each(
    tag: Tag,
    occurrence: usize,
    def: &FieldDef,
    values: [u8; 2],
    out: &mut Vec<Finding>,
) {
    for (i, (ind, value)) in def.indicators.iter().zip(values).enumerate() {
        let Some(ind) = ind else { continue };
        if ind.allowed.contains(value) {
            continue;
        }
        let position = if i == 0 { "1" } else { "2" };
        if ind.obsolete.contains(value) {
            out.push(
                Finding::new(ids::OBSOLETE, Some(tag), Some(occurrence), None)
                    .arg("tag", tag.as_str())
                    .arg("name", field_name(def))
                    .arg("element", "indicator")
                    .arg("position", position)
                    .arg("value", display_byte(value)),
            );
            continue;
        }
        out.push(
            Finding::new(ids::INVALID_INDICATOR, Some(tag), Some(occurrence), None)
                .arg("tag", tag.as_str())
                .arg("name", field_name(def))
                .arg("position", position)
                .arg("value", display_byte(value))
                .arg("allowed", ind.allowed.to_display()),
        );
    }
}

fn check_subfields(
    tag: Tag,
    occurrence: usize,
    def: &FieldDef,
    subfields: &[Subfield],
    out: &mut Vec<Finding>,
) {
    // Most fields have nothing to report: the codes seen once and more than once, as sets,
    // against the field's sets, tell so without looking each code up; only a field with
    // something to report (or a code past 127) goes through the loop below.
    if let Some((seen, repeated)) = ByteSet::seen_and_repeated(subfields.iter().map(|s| s.code)) {
        let (defined, non_repeatable, obsolete) = def.subfield_masks();
        let undefined = if def.any_subfield {
            ByteSet::EMPTY
        } else {
            seen.minus(defined)
        };
        let problems = undefined
            .or(repeated.and(non_repeatable))
            .or(seen.and(obsolete))
            .or(def.mandatory_subfields().minus(seen));
        if problems.is_empty() {
            return;
        }
    }
    check_subfields_each(tag, occurrence, def, subfields, out);
}

/// [`check_subfields`] code by code (what its set test stands in for when nothing is found).
fn check_subfields_each(
    tag: Tag,
    occurrence: usize,
    def: &FieldDef,
    subfields: &[Subfield],
    out: &mut Vec<Finding>,
) {
    let mut seen = ByteSet::EMPTY;
    let mut reported = ByteSet::EMPTY;
    for sf in subfields {
        let code = sf.code;
        match def.subfield(code) {
            None => {
                if !def.any_subfield && !reported.contains(code) {
                    reported.insert(code);
                    out.push(
                        Finding::new(
                            ids::UNDEFINED_SUBFIELD,
                            Some(tag),
                            Some(occurrence),
                            Some(code),
                        )
                        .arg("tag", tag.as_str())
                        .arg("name", field_name(def))
                        .arg("code", display_byte(code)),
                    );
                }
            }
            Some(sdef) => {
                if seen.contains(code) && !sdef.repeatable && !reported.contains(code) {
                    reported.insert(code);
                    out.push(
                        Finding::new(
                            ids::SUBFIELD_NOT_REPEATABLE,
                            Some(tag),
                            Some(occurrence),
                            Some(code),
                        )
                        .arg("tag", tag.as_str())
                        .arg("name", field_name(def))
                        .arg("code", display_byte(code))
                        .arg("subfield_name", sdef.name.clone()),
                    );
                }
                if sdef.obsolete && !seen.contains(code) {
                    out.push(
                        Finding::new(ids::OBSOLETE, Some(tag), Some(occurrence), Some(code))
                            .arg("tag", tag.as_str())
                            .arg("name", field_name(def))
                            .arg("element", "subfield")
                            .arg("code", display_byte(code))
                            .arg("subfield_name", sdef.name.clone()),
                    );
                }
            }
        }
        seen.insert(code);
    }
    let mandatory = def.mandatory_subfields();
    if !mandatory.is_empty() {
        for sdef in def.subfields.iter().filter(|s| s.mandatory) {
            if !seen.contains(sdef.code) {
                out.push(
                    Finding::new(
                        ids::MANDATORY_MISSING,
                        Some(tag),
                        Some(occurrence),
                        Some(sdef.code),
                    )
                    .arg("tag", tag.as_str())
                    .arg("name", field_name(def))
                    .arg("code", display_byte(sdef.code))
                    .arg("subfield_name", sdef.name.clone()),
                );
            }
        }
    }
}

/// UNIMARC 4XX with embedded fields: `$1` + tag (+ 2 indicators for a data field) + subfields.
fn check_embedded(
    tag: Tag,
    occurrence: usize,
    subfields: &[Subfield],
    defs: &Definitions,
    out: &mut Vec<Finding>,
) {
    let finding = |reason: &str, code: Option<u8>| {
        Finding::new(ids::EMBEDDED_FIELD, Some(tag), Some(occurrence), code)
            .arg("tag", tag.as_str())
            .arg("reason", reason)
    };
    if subfields.first().is_some_and(|s| s.code != b'1') {
        let code = subfields.first().map(|s| s.code);
        out.push(
            finding("before-first", code).arg("code", code.map(display_byte).unwrap_or_default()),
        );
    }
    let mut current: Option<&FieldDef> = None;
    let mut current_is_control = false;
    let mut reported = ByteSet::EMPTY;
    for sf in subfields {
        if sf.code == b'1' {
            reported = ByteSet::EMPTY;
            let bytes = sf.value.as_bytes();
            let embedded_tag = bytes.get(..3).and_then(Tag::from_bytes);
            let Some(embedded_tag) = embedded_tag.filter(|t| t.is_numeric()) else {
                out.push(finding("bad-tag", Some(b'1')).arg("value", sf.value.clone()));
                current = None;
                continue;
            };
            current_is_control = embedded_tag.is_control();
            if !current_is_control && bytes.len() < 5 {
                out.push(
                    finding("no-indicators", Some(b'1'))
                        .arg("value", sf.value.clone())
                        .arg("embedded", embedded_tag.as_str()),
                );
            }
            current = defs.field(embedded_tag);
            if current.is_none() && !is_local_tag(embedded_tag) {
                out.push(
                    finding("undefined-tag", Some(b'1'))
                        .arg("value", sf.value.clone())
                        .arg("embedded", embedded_tag.as_str()),
                );
            }
            if let (Some(def), false, Some(&[i1, i2])) =
                (current, current_is_control, bytes.get(3..5))
            {
                for (ind, v) in def.indicators.iter().zip([i1, i2]) {
                    if let Some(ind) = ind {
                        if !ind.allowed.contains(v) && !ind.obsolete.contains(v) {
                            out.push(
                                finding("indicator", Some(b'1'))
                                    .arg("value", sf.value.clone())
                                    .arg("embedded", embedded_tag.as_str()),
                            );
                            break;
                        }
                    }
                }
            }
            continue;
        }
        if current_is_control {
            out.push(finding("control-subfield", Some(sf.code)).arg("code", display_byte(sf.code)));
            continue;
        }
        if let Some(def) = current {
            let own = tag == "604" && UNIMARC_604_OWN.contains(&sf.code);
            if !own
                && def.subfield(sf.code).is_none()
                && !def.any_subfield
                && !reported.contains(sf.code)
            {
                reported.insert(sf.code);
                out.push(
                    finding("undefined-subfield", Some(sf.code))
                        .arg("code", display_byte(sf.code))
                        .arg("embedded", def.tag.as_str()),
                );
            }
        }
    }
}

/// The bytes of a position as findings show them: as text, a blank as `#`.
fn display_bytes(slice: &[u8]) -> String {
    if slice.is_ascii() {
        let shown: Vec<u8> = slice
            .iter()
            .map(|&b| if b == b' ' { b'#' } else { b })
            .collect();
        // ASCII stays ASCII: always valid.
        String::from_utf8(shown).unwrap_or_default()
    } else {
        display_value(&String::from_utf8_lossy(slice))
    }
}

/// A tag's text (`Tag::as_str`) as an owned string, without the formatting machinery.
fn tag_text(tag: Tag) -> String {
    match std::str::from_utf8(tag.as_bytes()) {
        Ok(text) => String::from(text),
        Err(_) => tag.as_str().to_string(),
    }
}

/// Checks `bytes` against `positions`. `skip_codes` (bit `n`: the position starting at `n`)
/// names positions whose [`ids::FIXED_FIELD_CODE`] finding the caller does not want.
#[allow(clippy::too_many_arguments)]
fn check_positions(
    tag: Option<Tag>,
    occurrence: Option<usize>,
    subfield: Option<u8>,
    positions: &[PositionDef],
    bytes: &[u8],
    defs: &Definitions,
    skip_codes: u32,
    out: &mut Vec<Finding>,
) {
    let checks = defs.position_checks(positions);
    let unimarc = defs.flavour().is_unimarc_family();
    for (i, p) in positions.iter().enumerate() {
        let Some(slice) = bytes.get(p.start..=p.end) else {
            continue;
        };
        let check = checks.get(i);
        // The common case first: one byte against a set of one-byte codes (the same answer
        // as `code_matches` over the codes: no code is long enough for a range).
        if let (
            [b],
            Some(PositionCheck {
                single: Some((allowed, _)),
                ..
            }),
        ) = (slice, check)
        {
            if allowed.contains(*b) {
                continue;
            }
        }
        // UNIMARC: the fill character `|` may stand in any coded position (no attempt to code).
        if unimarc && !matches!(p.codes, PositionCodes::List(_)) && slice.iter().all(|b| *b == b'|')
        {
            continue;
        }
        let skipped = |id: &str| {
            id == ids::FIXED_FIELD_CODE
                && tag.is_none()
                && p.start < 32
                && skip_codes & (1 << p.start) != 0
        };
        // Built only when there is something to report (most positions are fine).
        let finding = |id: &'static str| {
            let mut position = String::with_capacity(5);
            push_two_digits(&mut position, p.start);
            if p.start != p.end {
                position.push('-');
                push_two_digits(&mut position, p.end);
            }
            let mut finding = Finding::new(id, tag, occurrence, subfield);
            // Pushed in place (the argument list has room for six).
            finding.args.extend([
                ("tag", tag.map_or_else(|| "LDR".to_string(), tag_text)),
                ("position", position),
                ("name", p.name.clone()),
                ("value", display_bytes(slice)),
            ]);
            finding
        };
        let allowed_shown = |fallback: &dyn Fn() -> String| match check {
            Some(c) => c.allowed_shown.clone(),
            None => fallback(),
        };
        match &p.codes {
            PositionCodes::EachChar { allowed, obsolete } => {
                if slice.iter().all(|b| allowed.contains(*b)) {
                    continue;
                }
                if slice
                    .iter()
                    .all(|b| allowed.contains(*b) || obsolete.contains(*b))
                {
                    out.push(finding(ids::OBSOLETE).arg("element", "position"));
                } else if !skipped(ids::FIXED_FIELD_CODE) {
                    let shown = allowed_shown(&|| allowed.to_display());
                    out.push(finding(ids::FIXED_FIELD_CODE).arg("allowed", shown));
                }
            }
            PositionCodes::Whole { allowed, obsolete } => {
                let sets = match (slice, check) {
                    (
                        [b],
                        Some(PositionCheck {
                            single: Some((allowed, obsolete)),
                            ..
                        }),
                    ) => Some((*b, allowed, obsolete)),
                    _ => None,
                };
                let is_allowed = match sets {
                    Some((b, allowed_set, _)) => allowed_set.contains(b),
                    None => allowed.iter().any(|a| code_matches(a, slice)),
                };
                if is_allowed {
                    continue;
                }
                let is_obsolete = match sets {
                    Some((b, _, obsolete_set)) => obsolete_set.contains(b),
                    None => obsolete.iter().any(|a| code_matches(a, slice)),
                };
                if is_obsolete {
                    out.push(finding(ids::OBSOLETE).arg("element", "position"));
                } else if !skipped(ids::FIXED_FIELD_CODE) {
                    let shown = allowed_shown(&|| codes_display(allowed));
                    out.push(finding(ids::FIXED_FIELD_CODE).arg("allowed", shown));
                }
            }
            PositionCodes::List(kind) => {
                let value = String::from_utf8_lossy(slice);
                let code = value.trim_end_matches(' ');
                if code.is_empty() || code.bytes().all(|b| b == b'|') {
                    continue;
                }
                let id = match kind {
                    CodeListKind::Language => ids::LANGUAGE_CODE,
                    CodeListKind::Country => ids::COUNTRY_CODE,
                    CodeListKind::Relator => ids::RELATOR_CODE,
                    CodeListKind::GeographicArea => ids::GEOGRAPHIC_AREA_CODE,
                };
                push_code_status_with(defs, *kind, code, || finding(id), out);
            }
        }
    }
}

/// Appends `n` as `format!("{n:02}")` would (at least two digits, zero-padded), without
/// the formatting machinery.
fn push_two_digits(out: &mut String, n: usize) {
    if n < 100 {
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    } else {
        out.push_str(&n.to_string());
    }
}

fn push_code_status(
    defs: &Definitions,
    kind: CodeListKind,
    code: &str,
    finding: Finding,
    out: &mut Vec<Finding>,
) {
    push_code_status_with(defs, kind, code, || finding, out);
}

/// [`push_code_status`] with the finding built only when the code is not valid.
fn push_code_status_with(
    defs: &Definitions,
    kind: CodeListKind,
    code: &str,
    finding: impl FnOnce() -> Finding,
    out: &mut Vec<Finding>,
) {
    let list = defs.code_list(kind);
    if list.is_empty() {
        return;
    }
    match list.status(code) {
        CodeStatus::Valid => {}
        CodeStatus::Discontinued => out.push(
            finding()
                .severity(SeverityHint::Warning)
                .arg("status", "discontinued"),
        ),
        CodeStatus::Unknown => out.push(finding().arg("status", "unknown")),
    }
}

/// `code` is a literal value, or a numeric range such as `001-999`.
fn code_matches(code: &str, value: &[u8]) -> bool {
    // Lengths first: most allowed codes are one or two bytes and differ in length or in
    // their first byte, so no `memcmp` call.
    if code.len() == value.len() {
        return code.bytes().zip(value).all(|(a, b)| a == *b);
    }
    if code.len() != value.len() * 2 + 1 {
        return false;
    }
    if let Some((lo, hi)) = code.split_once('-') {
        if lo.len() == value.len()
            && hi.len() == value.len()
            && value.iter().all(u8::is_ascii_digit)
        {
            let v = std::str::from_utf8(value)
                .ok()
                .and_then(|v| v.parse::<u32>().ok());
            if let (Some(v), Ok(lo), Ok(hi)) = (v, lo.parse::<u32>(), hi.parse::<u32>()) {
                return lo <= v && v <= hi;
            }
        }
    }
    false
}

fn ldr() -> Tag {
    Tag(*b"LDR")
}

fn check_leader_positions(
    record: &Record,
    defs: &Definitions,
    skip: &Skip<'_>,
    out: &mut Vec<Finding>,
) {
    let positions = defs.positions(ldr(), None, "");
    check_positions(
        None,
        None,
        None,
        positions,
        &record.leader.0,
        defs,
        skip.leader_codes,
        out,
    );
}

/// The 008 material configuration from Leader/06-07 (LoC 008 "Configuration").
fn material_008(record_type: u8, bibliographic_level: u8) -> &'static str {
    match record_type {
        b'a' | b't' => {
            if matches!(bibliographic_level, b'b' | b'i' | b's') {
                "continuing"
            } else {
                "books"
            }
        }
        b'c' | b'd' | b'i' | b'j' => "music",
        b'e' | b'f' => "maps",
        b'g' | b'k' | b'o' | b'r' => "visual",
        b'm' => "computer",
        b'p' => "mixed",
        _ => "",
    }
}

fn material_006(form: u8) -> &'static str {
    match form {
        b'a' | b't' => "books",
        b's' => "continuing",
        other => material_008(other, b'm'),
    }
}

fn check_control_marc21(
    tag: Tag,
    occurrence: usize,
    value: &str,
    record: &Record,
    defs: &Definitions,
    out: &mut Vec<Finding>,
) {
    let bytes = value.as_bytes();
    let first = bytes.first().copied();
    let key = [first.unwrap_or(b' ')];
    // The positions common to all materials, then those of this material (007: category).
    let lists: [&[PositionDef]; 2] = match tag.as_bytes() {
        b"008" => [
            defs.positions(tag, None, "all"),
            defs.positions(
                tag,
                None,
                material_008(
                    record.leader.record_type(),
                    record.leader.bibliographic_level(),
                ),
            ),
        ],
        b"006" => [
            defs.positions(tag, None, "all"),
            match first {
                Some(form) => defs.positions(tag, None, material_006(form)),
                None => &[],
            },
        ],
        b"007" => [
            defs.positions(tag, None, ""),
            match (first, std::str::from_utf8(&key)) {
                (Some(_), Ok(category)) => defs.positions(tag, None, category),
                _ => &[],
            },
        ],
        _ => return,
    };
    let before = out.len();
    for positions in lists {
        check_positions(
            Some(tag),
            Some(occurrence),
            None,
            positions,
            bytes,
            defs,
            0,
            out,
        );
    }
    // A field of the wrong length, or with findings: is its content shifted? (Nothing more
    // runs for a well-formed field.)
    if out.len() != before || bytes.len() != misalign::expected_length(&lists) {
        misalign::report_misalignment(
            tag,
            Some(occurrence),
            None,
            &lists,
            bytes,
            defs,
            out,
            before,
        );
    }
}

fn check_coded_subfields_unimarc(
    tag: Tag,
    occurrence: usize,
    subfields: &[Subfield],
    defs: &Definitions,
    out: &mut Vec<Finding>,
) {
    if !matches!(tag.as_bytes()[0], b'1') {
        return;
    }
    let mut done = ByteSet::EMPTY;
    for sf in subfields {
        if done.contains(sf.code) {
            continue;
        }
        done.insert(sf.code);
        let positions = defs.positions(tag, Some(sf.code), "");
        if !positions.is_empty() {
            let before = out.len();
            check_positions(
                Some(tag),
                Some(occurrence),
                Some(sf.code),
                positions,
                sf.value.as_bytes(),
                defs,
                0,
                out,
            );
            let bytes = sf.value.as_bytes();
            let lists = [positions];
            if out.len() != before || bytes.len() != misalign::expected_length(&lists) {
                misalign::report_misalignment(
                    tag,
                    Some(occurrence),
                    Some(sf.code),
                    &lists,
                    bytes,
                    defs,
                    out,
                    before,
                );
            }
        }
    }
}

/// MARC 21 041 subfields that hold language codes.
const MARC21_041_LANGUAGE: &[u8] = b"abdefghijkmnpqrt";
/// UNIMARC 101 subfields that hold language codes.
const UNIMARC_101_LANGUAGE: &[u8] = b"abcdefghijk";

fn check_code_lists(
    tag: Tag,
    occurrence: usize,
    def: &FieldDef,
    indicators: [u8; 2],
    subfields: &[Subfield],
    defs: &Definitions,
    out: &mut Vec<Finding>,
) {
    let unimarc = defs.flavour().is_unimarc_family();
    let t = tag.as_bytes();
    let finding = |id: &'static str, code: u8, value: &str| {
        Finding::new(id, Some(tag), Some(occurrence), Some(code))
            .arg("tag", tag.as_str())
            .arg("code", display_byte(code))
            .arg("value", value.to_string())
    };
    match (unimarc, t) {
        (false, b"041") if indicators[1] != b'7' => {
            for sf in subfields
                .iter()
                .filter(|s| MARC21_041_LANGUAGE.contains(&s.code))
            {
                let v = sf.value.trim();
                if v.len() % 3 != 0 || !v.is_ascii() {
                    out.push(finding(ids::LANGUAGE_CODE, sf.code, v).arg("status", "malformed"));
                    continue;
                }
                for chunk in v.as_bytes().chunks(3) {
                    let code = std::str::from_utf8(chunk).unwrap_or("");
                    push_code_status(
                        defs,
                        CodeListKind::Language,
                        code,
                        finding(ids::LANGUAGE_CODE, sf.code, code),
                        out,
                    );
                }
            }
        }
        (false, b"044") => {
            for sf in subfields.iter().filter(|s| s.code == b'a') {
                let v = sf.value.trim();
                push_code_status(
                    defs,
                    CodeListKind::Country,
                    v,
                    finding(ids::COUNTRY_CODE, b'a', v),
                    out,
                );
            }
        }
        (false, b"043") => {
            for sf in subfields.iter().filter(|s| s.code == b'a') {
                // Codes are written padded to seven characters with hyphens (n-us---); the list has n-us.
                let v = sf.value.trim();
                let code = v.trim_end_matches('-');
                push_code_status(
                    defs,
                    CodeListKind::GeographicArea,
                    code,
                    finding(ids::GEOGRAPHIC_AREA_CODE, b'a', v),
                    out,
                );
            }
        }
        (false, _) if has_relator_subfield(def) => {
            for sf in subfields.iter().filter(|s| s.code == b'4') {
                let v = sf.value.trim().trim_end_matches(['.', ',']);
                if v.contains(':') || v.contains('/') {
                    continue; // a URI (http://id.loc.gov/vocabulary/relators/aut)
                }
                push_code_status(
                    defs,
                    CodeListKind::Relator,
                    v,
                    finding(ids::RELATOR_CODE, b'4', v),
                    out,
                );
            }
        }
        (true, b"101") => {
            for sf in subfields
                .iter()
                .filter(|s| UNIMARC_101_LANGUAGE.contains(&s.code))
            {
                let v = sf.value.trim();
                push_code_status(
                    defs,
                    CodeListKind::Language,
                    v,
                    finding(ids::LANGUAGE_CODE, sf.code, v),
                    out,
                );
            }
        }
        // 102$a (country of publication) and 801$a (country of the originating agency) both hold
        // ISO 3166-1 alpha-2 codes in UNIMARC and RUSMARC.
        (true, b"102" | b"801") => {
            for sf in subfields.iter().filter(|s| s.code == b'a') {
                let v = sf.value.trim();
                let list = defs.code_list(CodeListKind::Country);
                if v.bytes().any(|b| b.is_ascii_lowercase())
                    && list.status(&v.to_ascii_uppercase()) == CodeStatus::Valid
                {
                    // ISO 3166-1 codes are upper case ("RU"); "ru" is the right country, wrongly written.
                    out.push(
                        finding(ids::COUNTRY_CODE, b'a', v)
                            .severity(SeverityHint::Warning)
                            .arg("status", "case"),
                    );
                    continue;
                }
                push_code_status(
                    defs,
                    CodeListKind::Country,
                    v,
                    finding(ids::COUNTRY_CODE, b'a', v),
                    out,
                );
            }
        }
        (true, _) if has_relator_subfield(def) => {
            for sf in subfields.iter().filter(|s| s.code == b'4') {
                let v = sf.value.trim();
                if v.bytes().all(|b| b.is_ascii_lowercase()) && !v.is_empty() {
                    // RUSMARC allows the MARC 21 letter codes beside the numeric ones.
                    let marc = Definitions::marc21();
                    push_code_status(
                        marc,
                        CodeListKind::Relator,
                        v,
                        finding(ids::RELATOR_CODE, b'4', v),
                        out,
                    );
                } else {
                    push_code_status(
                        defs,
                        CodeListKind::Relator,
                        v,
                        finding(ids::RELATOR_CODE, b'4', v),
                        out,
                    );
                }
            }
        }
        _ => {}
    }
}

/// Whether `$4` of this field holds relator codes ("Relationship", "Relator code").
fn has_relator_subfield(def: &FieldDef) -> bool {
    def.relator_subfield()
}

/// MARC 21 script identification codes of `$6` (LoC, Appendix A "Linkage").
const SCRIPT_CODES: &[&str] = &["(3", "(B", "$1", "(N", "(S", "(2"];

struct Linkage<'a> {
    tag: Tag,
    occurrence: usize,
    linked_tag: &'a str,
    number: &'a str,
    /// Script identification code of `$6` (`(N`, `$1` …); `""` when there is none.
    script: &'a str,
}

/// Parses `$6` `TTT-NN[/script[/r]]`; `None` when malformed.
fn parse_linkage(value: &str) -> Option<(&str, &str, Option<&str>)> {
    let v = value.trim();
    let linked_tag = v.get(..3)?;
    if !linked_tag.bytes().all(|b| b.is_ascii_digit()) || v.as_bytes().get(3) != Some(&b'-') {
        return None;
    }
    let rest = v.get(4..)?;
    let number = rest.get(..2)?;
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let after = rest.get(2..)?;
    if after.is_empty() {
        return Some((linked_tag, number, None));
    }
    let script = after.strip_prefix('/')?;
    let script = script.split('/').next().unwrap_or("");
    Some((linked_tag, number, Some(script)))
}

fn check_linkage_880(
    record: &Record,
    defs: &Definitions,
    options: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    let mut counts = [0u16; 1000];
    let mut regular: Vec<Linkage> = Vec::new();
    let mut alternate: Vec<Linkage> = Vec::new();
    for field in &record.fields {
        let tag = field.tag();
        let occurrence = match tag.number() {
            Some(n) => {
                let slot = &mut counts[usize::from(n)];
                *slot = slot.saturating_add(1);
                usize::from(*slot)
            }
            None => 1,
        };
        let Some(six) = field.subfield(b'6') else {
            if tag == "880" {
                out.push(
                    Finding::new(ids::LINKAGE_880, Some(tag), Some(occurrence), Some(b'6'))
                        .arg("tag", tag.as_str())
                        .arg("reason", "no-linkage")
                        .arg("value", ""),
                );
            }
            continue;
        };
        let bad = |reason: &str| {
            Finding::new(ids::LINKAGE_880, Some(tag), Some(occurrence), Some(b'6'))
                .arg("tag", tag.as_str())
                .arg("reason", reason)
                .arg("value", six.to_string())
        };
        let Some((linked_tag, number, script)) = parse_linkage(six) else {
            out.push(bad("malformed"));
            continue;
        };
        if let Some(script) = script {
            if !script.is_empty() && !SCRIPT_CODES.contains(&script) {
                out.push(bad("script").arg("script", script.to_string()));
            }
        }
        let link = Linkage {
            tag,
            occurrence,
            linked_tag,
            number,
            script: script.unwrap_or(""),
        };
        if tag == "880" {
            alternate.push(link);
        } else if linked_tag != "880" {
            out.push(bad("not-880"));
        } else {
            regular.push(link);
        }
    }
    check_880_repeats(&alternate, defs, options, out);
    for r in &regular {
        if r.number == "00" {
            continue;
        }
        let found = alternate
            .iter()
            .any(|a| a.number == r.number && a.linked_tag == r.tag.as_str());
        if !found {
            out.push(
                Finding::new(
                    ids::LINKAGE_880,
                    Some(r.tag),
                    Some(r.occurrence),
                    Some(b'6'),
                )
                .arg("tag", r.tag.as_str())
                .arg("reason", "no-880")
                .arg("value", format!("880-{}", r.number)),
            );
        }
    }
    for a in &alternate {
        if a.number == "00" {
            continue;
        }
        let found = regular
            .iter()
            .any(|r| r.number == a.number && r.tag.as_str() == a.linked_tag);
        if !found {
            out.push(
                Finding::new(
                    ids::LINKAGE_880,
                    Some(a.tag),
                    Some(a.occurrence),
                    Some(b'6'),
                )
                .arg("tag", a.tag.as_str())
                .arg("reason", "no-field")
                .arg("value", format!("{}-{}", a.linked_tag, a.number)),
            );
        }
    }
}

/// Two 880s for one non-repeatable field in the same alternate script repeat that field.
///
/// LoC, "880 - Alternate Graphic Representation" (https://www.loc.gov/marc/bibliographic/bd880.html)
/// and "Multiscript Records" model A (https://www.loc.gov/marc/bibliographic/ecbdmulti.html):
/// an 880 is the representation of another field "in a different script", so a
/// non-repeatable field has at most one 880 per alternate script. The script is the
/// script identification code of `$6` ("linking tag-occurrence number/script
/// identification code/field orientation code", Appendix A "Control Subfields",
/// https://www.loc.gov/marc/bibliographic/ecbdcntf.html); no code counts as one script of
/// its own. Two 880s of different scripts (`100-01/(N` and `100-01/(B`) are not a repeat.
/// Reported once per field and script, at the second such 880, as a repeat of the linked tag.
fn check_880_repeats(
    alternate: &[Linkage<'_>],
    defs: &Definitions,
    options: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    for (i, a) in alternate.iter().enumerate() {
        let earlier = alternate[..i]
            .iter()
            .filter(|b| b.linked_tag == a.linked_tag && b.script == a.script)
            .count();
        if earlier != 1 || options.is_skipped(a.tag) {
            continue;
        }
        let linked = Tag::from_str_lossy(a.linked_tag);
        let Some(def) = defs.field(linked) else {
            continue;
        };
        if def.repeatable || def.local || options.is_skipped(linked) {
            continue;
        }
        out.push(
            Finding::new(
                ids::FIELD_NOT_REPEATABLE,
                Some(a.tag),
                Some(a.occurrence),
                None,
            )
            .arg("tag", a.linked_tag)
            .arg("name", field_name(def))
            .arg("script", a.script),
        );
    }
}

/// A heading's comparable form: its name subfields, lower-cased, without final punctuation.
/// The chars of a heading's comparable form, without allocating.
fn heading_chars<'a>(field: &'a Field, codes: &'a [u8]) -> impl Iterator<Item = char> + 'a {
    let mut first = true;
    field
        .subfields()
        .iter()
        .filter(move |s| codes.contains(&s.code))
        .flat_map(move |sf| {
            let v = sf.value.trim().trim_end_matches([',', '.', ' ', ':', ';']);
            let sep = if first { None } else { Some(' ') };
            first = false;
            sep.into_iter()
                .chain(v.chars().flat_map(char::to_lowercase))
        })
}

fn heading_key(field: &Field, codes: &[u8]) -> String {
    let mut key = String::new();
    for sf in field.subfields().iter().filter(|s| codes.contains(&s.code)) {
        let v = sf.value.trim().trim_end_matches([',', '.', ' ', ':', ';']);
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(v.chars().flat_map(char::to_lowercase));
    }
    key
}

fn check_headings(record: &Record, flavour: Flavour, out: &mut Vec<Finding>) {
    // Tags as byte arrays: compared as three bytes, not as strings.
    let (main_tags, added_prefix, name_codes): (&[[u8; 3]], &[[u8; 3]], &[u8]) = match flavour {
        Flavour::Marc21 => (
            &[*b"100", *b"110", *b"111", *b"130"],
            &[*b"700", *b"710", *b"711", *b"730"],
            b"abcdq",
        ),
        Flavour::Unimarc | Flavour::Rusmarc => (
            &[*b"700", *b"710", *b"720"],
            &[*b"701", *b"702", *b"711", *b"712", *b"721", *b"722"],
            b"abcdfg",
        ),
    };
    let mut main: Option<&Field> = None;
    let mut main_count = 0usize;
    let (mut has_130, mut has_240) = (false, false);
    for field in &record.fields {
        let tag = field.tag();
        // Every main-entry tag starts with the same digit (1XX; UNIMARC 7XX): one compare
        // for most fields.
        match tag.0[0] {
            b'1' => has_130 |= tag.0 == *b"130",
            b'2' => has_240 |= tag.0 == *b"240",
            _ => {}
        }
        if tag.0[0] == main_tags[0][0] && main_tags.contains(&tag.0) {
            // UNIMARC 3.11: the same heading in another script, linked by $6, is not another main entry.
            if main.is_some() && flavour != Flavour::Marc21 && field.subfield(b'6').is_some() {
                continue;
            }
            main_count += 1;
            if main_count == 1 {
                main = Some(field);
            } else {
                out.push(
                    Finding::new(ids::HEADING_CONSISTENCY, Some(tag), None, None)
                        .severity(SeverityHint::Error)
                        .arg("tag", tag.as_str())
                        .arg("reason", "several-main-entries")
                        .arg("count", main_count.to_string()),
                );
            }
        }
    }
    if flavour == Flavour::Marc21 && has_130 && has_240 {
        out.push(
            Finding::new(ids::HEADING_CONSISTENCY, Some(Tag(*b"240")), Some(1), None)
                .arg("tag", "240")
                .arg("reason", "uniform-title-with-130"),
        );
    }
    let Some(main) = main else { return };
    if heading_chars(main, name_codes).next().is_none() {
        return;
    }
    let main_tag = main.tag();
    for (i, field) in record.fields.iter().enumerate() {
        let tag = field.tag();
        // Every added-entry tag is a 7XX: one compare for most fields.
        if tag.0[0] != b'7' {
            continue;
        }
        // Same kind of name: MARC 21 100 ⇄ 700 (last two digits); UNIMARC 700 ⇄ 701/702 (middle digit).
        let same_kind = match flavour {
            Flavour::Marc21 => tag.as_bytes()[1..] == main_tag.as_bytes()[1..],
            _ => tag.as_bytes()[1] == main_tag.as_bytes()[1],
        };
        if !same_kind || !added_prefix.contains(&tag.0) {
            continue;
        }
        if flavour == Flavour::Marc21 && field.subfield(b't').is_some() {
            continue; // name/title added entry for another work by the same author
        }
        if heading_chars(field, name_codes).eq(heading_chars(main, name_codes)) {
            // Which occurrence of its tag (added-entry tags are numeric), counted only here.
            let occurrence = record.fields[..=i]
                .iter()
                .filter(|f| f.tag() == tag)
                .count()
                .min(usize::from(u16::MAX));
            out.push(
                Finding::new(ids::HEADING_CONSISTENCY, Some(tag), Some(occurrence), None)
                    .arg("tag", tag.as_str())
                    .arg("reason", "added-entry-repeats-main")
                    .arg("main", main_tag.as_str())
                    .arg("value", heading_key(main, name_codes)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        check_indicators, check_indicators_each, check_record, check_record_into, check_subfields,
        check_subfields_each, code_matches, codes_display, display_bytes, display_value, ids,
        push_two_digits, CheckOptions, Finding, Skip,
    };
    use crate::format::{Definitions, FieldDef, PositionCodes, SubfieldDef};
    use crate::iso2709::{ReadMode, SliceReader};
    use crate::{Field, Record, Subfield, Tag};

    fn bundled() -> [&'static Definitions; 3] {
        [
            Definitions::marc21(),
            Definitions::unimarc(),
            Definitions::rusmarc(),
        ]
    }

    /// Every record of every ISO 2709 file in ../shared/testdata and testdata/.
    fn real_records() -> Vec<Record> {
        let paths = crate::test_data::iso2709_files();
        assert!(paths.len() > 50, "found only {} files", paths.len());
        let mut records = Vec::new();
        for path in &paths {
            let data = std::fs::read(path).unwrap();
            for raw in SliceReader::new(&data, ReadMode::Permissive).flatten() {
                if let Ok(record) = raw.to_record() {
                    records.push(record);
                }
            }
        }
        assert!(records.len() > 1000, "only {} records", records.len());
        records
    }

    /// The fast look-ups agree with the definitions they are built from: the subfield code
    /// sets with `FieldDef::subfield` for every code of every field, the tag-number table
    /// with the field list for every number, the mandatory-field index with the fields'
    /// flags, and each position's precomputed text and byte sets with its codes.
    #[test]
    fn fast_lookups_match_definitions() {
        for defs in bundled() {
            let fields: Vec<&FieldDef> = defs.fields().collect();
            assert!(
                fields.len() > 200,
                "{:?}: {} fields",
                defs.flavour(),
                fields.len()
            );
            for def in &fields {
                let (defined, non_repeatable, obsolete) = def.subfield_masks();
                for code in 0u8..=255 {
                    let sdef = def.subfield(code);
                    assert_eq!(
                        defined.contains(code),
                        sdef.is_some(),
                        "{} ${}",
                        def.tag,
                        code
                    );
                    assert_eq!(
                        non_repeatable.contains(code),
                        sdef.is_some_and(|s| !s.repeatable)
                    );
                    assert_eq!(obsolete.contains(code), sdef.is_some_and(|s| s.obsolete));
                    assert_eq!(
                        def.mandatory_subfields().contains(code),
                        sdef.is_some_and(|s| s.mandatory)
                    );
                }
                for s in &def.subfields {
                    assert!(defined.contains(s.code), "{} ${}", def.tag, s.code);
                }
            }
            for n in 0u16..1000 {
                let tag = Tag::from_str_lossy(&format!("{n:03}"));
                let by_list = fields.iter().find(|f| f.tag == tag).copied();
                assert_eq!(defs.field_numbered(n), by_list, "{tag}");
                assert_eq!(defs.field(tag), by_list, "{tag}");
            }
            let mandatory: Vec<Tag> = defs.mandatory_fields().map(|f| f.tag).collect();
            let expected: Vec<Tag> = fields
                .iter()
                .filter(|f| f.mandatory)
                .map(|f| f.tag)
                .collect();
            assert_eq!(mandatory, expected);
        }
        // The mandatory index follows changes of the fields.
        let mut defs = Definitions::marc21().clone();
        let before = defs.mandatory_fields().count();
        defs.field_mut(Tag(*b"650")).unwrap().mandatory = true;
        assert_eq!(defs.mandatory_fields().count(), before + 1);
        let mut f = FieldDef::new(Tag(*b"599"), "Local", true);
        f.mandatory = true;
        defs.set_field(f);
        assert!(defs.mandatory_fields().any(|f| f.tag == "599"));
    }

    /// Each position's precomputed allowed-code text and byte sets are what its codes give.
    #[test]
    fn position_checks_match_codes() {
        let mut checked = 0;
        for defs in bundled() {
            for tag in [
                "LDR", "006", "007", "008", "100", "105", "106", "110", "115", "116",
            ] {
                for sub in [None].into_iter().chain((b'a'..=b'z').map(Some)) {
                    let keys = [
                        "",
                        "all",
                        "books",
                        "continuing",
                        "music",
                        "maps",
                        "visual",
                        "computer",
                        "mixed",
                    ]
                    .map(String::from)
                    .into_iter()
                    .chain((b'a'..=b'z').map(|b| char::from(b).to_string()));
                    for key in keys {
                        let positions = defs.positions(Tag::from_str_lossy(tag), sub, &key);
                        let checks = defs.position_checks(positions);
                        assert_eq!(checks.len(), positions.len());
                        for (p, c) in positions.iter().zip(checks) {
                            match &p.codes {
                                PositionCodes::EachChar { allowed, obsolete } => {
                                    assert_eq!(c.allowed_shown, allowed.to_display());
                                    for b in 0..=255u8 {
                                        assert_eq!(
                                            c.each_known.contains(b),
                                            allowed.contains(b) || obsolete.contains(b)
                                        );
                                    }
                                }
                                PositionCodes::Whole { allowed, .. } => {
                                    assert_eq!(c.allowed_shown, codes_display(allowed));
                                }
                                PositionCodes::List(_) => assert!(c.allowed_shown.is_empty()),
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} positions");
    }

    /// Every position group is sorted by start (what the misalignment search relies on), and
    /// its binary search finds the position a search through the lists in turn finds.
    #[test]
    fn position_groups_are_sorted_for_the_start_search() {
        let mut searched = 0;
        for defs in bundled() {
            for tag in [
                "LDR", "006", "007", "008", "100", "105", "106", "110", "115", "116",
            ] {
                for sub in [None].into_iter().chain((b'a'..=b'z').map(Some)) {
                    let all = defs.positions(Tag::from_str_lossy(tag), sub, "all");
                    let keys = [
                        "",
                        "books",
                        "continuing",
                        "music",
                        "maps",
                        "visual",
                        "computer",
                        "mixed",
                    ]
                    .map(String::from)
                    .into_iter()
                    .chain((b'a'..=b'z').map(|b| char::from(b).to_string()));
                    for key in keys {
                        let own = defs.positions(Tag::from_str_lossy(tag), sub, &key);
                        assert!(own.windows(2).all(|w| w[0].start <= w[1].start));
                        let lists = [all, own];
                        for start in 0..120 {
                            let linear = lists
                                .iter()
                                .flat_map(|l| l.iter())
                                .find(|p| p.start == start);
                            let found = super::misalign::first_starting_at(&lists, start);
                            assert_eq!(found.map(|p| p as *const _), linear.map(|p| p as *const _));
                            searched += usize::from(found.is_some());
                        }
                    }
                }
            }
        }
        assert!(searched > 100, "only {searched} found");
    }

    /// `tag_text` is `Tag::as_str` as a string, for every byte in every place.
    #[test]
    fn tag_text_matches_as_str() {
        for b in 0..=255u8 {
            for tag in [
                Tag([b, b'4', b'5']),
                Tag([b'2', b, b'5']),
                Tag([b'2', b'4', b]),
            ] {
                assert_eq!(super::tag_text(tag), tag.as_str());
            }
        }
    }

    /// The value text written in one pass is `display_value` of the lossy text, for every
    /// byte value alone and in pairs with a blank.
    #[test]
    fn display_bytes_matches_display_value() {
        for b in 0..=255u8 {
            for slice in [vec![b], vec![b' ', b], vec![b, b' '], vec![b'a', b, b'|']] {
                assert_eq!(
                    display_bytes(&slice),
                    display_value(&String::from_utf8_lossy(&slice))
                );
            }
        }
    }

    /// The set tests of `check_subfields` and `check_indicators` give exactly what the
    /// code-by-code checks give, for every data field of every real record under each
    /// bundled definition set.
    #[test]
    fn subfield_and_indicator_fast_paths_match_real_data() {
        let records = real_records();
        let mut fields = 0;
        let mut with_findings = 0;
        for defs in bundled() {
            for record in &records {
                for field in &record.fields {
                    let Field::Data {
                        tag,
                        indicators,
                        subfields,
                    } = field
                    else {
                        continue;
                    };
                    let Some(def) = defs.field(*tag) else {
                        continue;
                    };
                    let (mut fast, mut slow) = (Vec::new(), Vec::new());
                    check_subfields(*tag, 1, def, subfields, &mut fast);
                    check_subfields_each(*tag, 1, def, subfields, &mut slow);
                    assert_eq!(fast, slow, "{tag} {subfields:?}");
                    with_findings += usize::from(!slow.is_empty());
                    let (mut fast, mut slow) = (Vec::new(), Vec::new());
                    check_indicators(*tag, 1, def, indicators.0, &mut fast);
                    check_indicators_each(*tag, 1, def, indicators.0, &mut slow);
                    assert_eq!(fast, slow, "{tag} {indicators:?}");
                    fields += 1;
                }
            }
        }
        assert!(
            fields > 10_000 && with_findings > 100,
            "{fields} fields, {with_findings} with findings"
        );
    }

    /// The same on random subfield lists (codes drawn mostly from the field's own codes,
    /// some repeated, some undefined or above 127) and random indicators, against random
    /// bundled fields.
    #[test]
    fn subfield_and_indicator_fast_paths_match_random_input() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for defs in bundled() {
            let fields: Vec<&FieldDef> = defs.fields().collect();
            for _ in 0..20_000 {
                let def = fields[(next() % fields.len() as u64) as usize];
                let n = (next() % 7) as usize;
                let subfields: Vec<Subfield> = (0..n)
                    .map(|_| {
                        let r = next();
                        let code = match (r % 10, def.subfields.len()) {
                            (0..=6, len) if len > 0 => {
                                def.subfields[((r >> 8) % len as u64) as usize].code
                            }
                            (7, _) => (r >> 8) as u8,
                            _ => b'a' + ((r >> 8) % 26) as u8,
                        };
                        Subfield::new(code, "x")
                    })
                    .collect();
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                check_subfields(def.tag, 1, def, &subfields, &mut fast);
                check_subfields_each(def.tag, 1, def, &subfields, &mut slow);
                assert_eq!(fast, slow, "{} {subfields:?}", def.tag);
                let r = next();
                let pick = |r: u64| match r % 4 {
                    0 => b' ',
                    1 => b'0' + (r >> 4) as u8 % 10,
                    2 => b'a' + (r >> 4) as u8 % 26,
                    _ => (r >> 4) as u8,
                };
                let values = [pick(r), pick(r >> 16)];
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                check_indicators(def.tag, 1, def, values, &mut fast);
                check_indicators_each(def.tag, 1, def, values, &mut slow);
                assert_eq!(fast, slow, "{} {values:?}", def.tag);
            }
        }
        // A field whose subfields were changed and reindexed answers from the new sets.
        let mut def = FieldDef::new(Tag(*b"599"), "Local", true);
        def.set_subfield(SubfieldDef {
            code: b'a',
            name: "A".into(),
            repeatable: false,
            obsolete: true,
            mandatory: false,
        });
        let subs = [Subfield::new(b'a', "1"), Subfield::new(b'a', "2")];
        let mut fast = Vec::new();
        check_subfields(def.tag, 1, &def, &subs, &mut fast);
        let ids: Vec<&str> = fast.iter().map(|f| f.id).collect();
        // Obsolete at the first `$a`, repeated at the second.
        assert_eq!(ids, [ids::OBSOLETE, ids::SUBFIELD_NOT_REPEATABLE]);
    }

    /// `check_record_into` with a `Skip` gives `check_record`'s findings less exactly the
    /// skipped ones (leader fixed-field codes at the named positions, whole-field
    /// mandatory-missing for the named tags), in the same order, on every real record.
    #[test]
    fn skip_drops_exactly_the_named_findings() {
        let records = real_records();
        let options = CheckOptions::default();
        let leader_codes: u32 = (1 << 5) | (1 << 6) | (1 << 7) | (1 << 17) | (1 << 18);
        let skipped_tag = |tag: Tag| tag == "245" || tag == "200" || tag == "101" || tag == "008";
        let skip = Skip {
            leader_codes,
            mandatory_field: Some(&skipped_tag),
        };
        let wanted = |f: &Finding| {
            let leader = f.id == ids::FIXED_FIELD_CODE
                && f.tag.is_none()
                && f.get("position")
                    .and_then(|p| p.get(..2))
                    .and_then(|p| p.parse::<u32>().ok())
                    .is_some_and(|p| leader_codes & (1 << p) != 0);
            let mandatory = f.id == ids::MANDATORY_MISSING
                && f.subfield.is_none()
                && f.tag.is_some_and(skipped_tag);
            !leader && !mandatory
        };
        let (mut dropped, mut kept) = (0, 0);
        let mut out = Vec::new();
        for defs in bundled() {
            for record in &records {
                let all = check_record(record, defs, &options);
                out.clear();
                check_record_into(record, defs, &options, &skip, &mut out);
                let expected: Vec<&Finding> = all.iter().filter(|f| wanted(f)).collect();
                let got: Vec<&Finding> = out.iter().collect();
                assert_eq!(got, expected);
                dropped += all.len() - out.len();
                kept += out.len();
            }
        }
        assert!(
            dropped > 100 && kept > 1000,
            "dropped {dropped}, kept {kept}"
        );
    }

    /// The single-byte code sets answer as `code_matches` over the codes does, for every
    /// byte, in every bundled format's leader and 006/007/008 positions.
    #[test]
    fn single_byte_sets_match_code_lists() {
        let materials = [
            "",
            "all",
            "books",
            "continuing",
            "music",
            "maps",
            "visual",
            "computer",
            "mixed",
        ];
        let mut checked = 0;
        for defs in [
            Definitions::marc21(),
            Definitions::unimarc(),
            Definitions::rusmarc(),
        ] {
            for tag in ["LDR", "006", "007", "008", "100"] {
                let letters: Vec<String> =
                    (b'a'..=b'z').map(|b| char::from(b).to_string()).collect();
                let keys = materials
                    .iter()
                    .copied()
                    .chain(letters.iter().map(String::as_str));
                for key in keys {
                    let positions = defs.positions(Tag::from_str_lossy(tag), None, key);
                    let checks = defs.position_checks(positions);
                    assert!(positions.is_empty() || checks.len() == positions.len());
                    for (p, check) in positions.iter().zip(checks) {
                        let (PositionCodes::Whole { allowed, obsolete }, Some((a, o))) =
                            (&p.codes, check.single)
                        else {
                            continue;
                        };
                        for b in 0..=255u8 {
                            let value = [b];
                            assert_eq!(
                                a.contains(b),
                                allowed.iter().any(|c| code_matches(c, &value))
                            );
                            assert_eq!(
                                o.contains(b),
                                obsolete.iter().any(|c| code_matches(c, &value))
                            );
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(
            checked > 20,
            "only {checked} positions had single-byte sets"
        );
    }

    /// The allowed-codes text is each code's `display_value`, blank-separated.
    #[test]
    fn codes_display_matches_display_value() {
        let lists: [&[&str]; 5] = [
            &[],
            &["a"],
            &["a", " ", "  "],
            &["01-99", "| ", " x y "],
            &["", "b"],
        ];
        for list in lists {
            let codes: Vec<String> = list.iter().map(|c| c.to_string()).collect();
            let mut expected = String::new();
            for c in &codes {
                if !expected.is_empty() {
                    expected.push(' ');
                }
                expected.push_str(&display_value(c));
            }
            assert_eq!(codes_display(&codes), expected);
        }
        assert_eq!(codes_display(&["a".into(), " b".into()]), "a #b");
    }

    /// The hand-written position text is what `format!("{:02}")` gives, for every position
    /// a fixed field can have and beyond.
    #[test]
    fn two_digits_match_format() {
        for n in 0..1200 {
            let mut s = String::new();
            push_two_digits(&mut s, n);
            assert_eq!(s, format!("{n:02}"));
        }
    }
}
