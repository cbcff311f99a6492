//! Mandatory elements whose condition is the record's own content (RUSMARC 2015): a subfield
//! one of which a field must hold (615 $a or $n), a subfield mandatory when another subfield,
//! an indicator value or a repeat says so (200 $z when $d, 886 $a when indicator 1 is 1 or 2,
//! 012 $5 when 012 repeats), a field mandatory when a coded value says so (686 for a
//! dissertation, 105$a/4-7 `m`), or one of several fields (337 or 856 for an electronic
//! resource). The conditions are data ([`ConditionalMandatory`] with subfields, alternatives or
//! a [`ContentCondition`]); leader-only conditions are checked by `check_conditional_mandatory`.
//!
//! Reported as [`ids::MANDATORY_MISSING`] with `element` saying which kind of condition, and
//! `condition` the wording of the source.

use super::{display_byte, display_value, field_name, ids, CheckOptions, Finding, Skip};
use crate::format::definitions::{ByteSet, CodedCondition, ConditionalMandatory, Definitions};
use crate::{Field, Record, Tag};

fn count(counts: &[u16; 1000], tag: Tag) -> u16 {
    tag.number()
        .and_then(|n| counts.get(usize::from(n)))
        .copied()
        .unwrap_or(0)
}

fn name_of(defs: &Definitions, tag: Tag) -> String {
    defs.field(tag)
        .map(field_name)
        .unwrap_or_else(|| tag.as_str().to_string())
}

/// `$b, $z`.
fn codes_display(codes: ByteSet) -> String {
    let mut shown = String::new();
    for b in 0u8..128 {
        if codes.contains(b) {
            if !shown.is_empty() {
                shown.push_str(", ");
            }
            shown.push('$');
            shown.push(char::from(b));
        }
    }
    shown
}

fn two_digits_range(start: usize, end: usize) -> String {
    if start == end {
        format!("{start:02}")
    } else {
        format!("{start:02}-{end:02}")
    }
}

/// The value of a coded condition's positions in the record, when one of them holds one of
/// its characters (the first such field).
fn coded_value(record: &Record, coded: &CodedCondition) -> Option<String> {
    record.fields_by_tag(coded.tag.as_str()).find_map(|f| {
        f.subfields()
            .iter()
            .filter(|s| s.code == coded.subfield)
            .find_map(|s| {
                let slice = s.value.as_bytes().get(coded.start..=coded.end)?;
                slice
                    .iter()
                    .any(|b| coded.any.contains(*b))
                    .then(|| display_value(&String::from_utf8_lossy(slice)))
            })
    })
}

/// Checks every condition on the record's content (see the module documentation).
pub(super) fn check_content_conditions(
    record: &Record,
    defs: &Definitions,
    options: &CheckOptions,
    counts: &[u16; 1000],
    skip: &Skip<'_>,
    out: &mut Vec<Finding>,
) {
    for rule in defs.conditional_mandatory() {
        if rule.is_leader_only() || !rule.leader_allows(&record.leader) {
            continue;
        }
        if rule.subfields.is_empty() {
            if !skip.mandatory(rule.tag) {
                check_field_rule(record, defs, rule, counts, out);
            }
        } else if count(counts, rule.tag) > 0 && !options.is_skipped(rule.tag) {
            check_subfield_rule(record, defs, rule, counts, out);
        }
    }
}

/// A field (or one of its alternatives) mandatory when the leader and a coded value say so.
fn check_field_rule(
    record: &Record,
    defs: &Definitions,
    rule: &ConditionalMandatory,
    counts: &[u16; 1000],
    out: &mut Vec<Finding>,
) {
    if count(counts, rule.tag) > 0 || rule.alternatives.iter().any(|t| count(counts, *t) > 0) {
        return;
    }
    let finding = || {
        Finding::new(ids::MANDATORY_MISSING, Some(rule.tag), None, None)
            .arg("tag", rule.tag.as_str())
            .arg("name", name_of(defs, rule.tag))
            .arg("condition", rule.source.clone())
    };
    if let Some(coded) = &rule.when.coded {
        let Some(value) = coded_value(record, coded) else {
            return;
        };
        let mut field = coded.tag.as_str().to_string();
        field.push('$');
        field.push(char::from(coded.subfield));
        out.push(
            finding()
                .arg("element", "coded")
                .arg("condition_field", field)
                .arg("position", two_digits_range(coded.start, coded.end))
                .arg("value", value),
        );
        return;
    }
    // Leader-decided with alternatives (a condition with neither decides nothing).
    let Some((first, last)) = rule.positions() else {
        return;
    };
    let value = record
        .leader
        .0
        .get(first..=last)
        .map(|v| display_value(&String::from_utf8_lossy(v)))
        .unwrap_or_default();
    let mut tags = rule.tag.as_str().to_string();
    for t in &rule.alternatives {
        tags.push_str(", ");
        tags.push_str(t.as_str());
    }
    out.push(
        finding()
            .arg("element", "record-type-one-of")
            .arg("tags", tags)
            .arg("position", two_digits_range(first, last))
            .arg("value", value),
    );
}

/// Subfields one of which every occurrence (meeting the condition) must hold.
fn check_subfield_rule(
    record: &Record,
    defs: &Definitions,
    rule: &ConditionalMandatory,
    counts: &[u16; 1000],
    out: &mut Vec<Finding>,
) {
    let when = &rule.when;
    if when.repeated && count(counts, rule.tag) < 2 {
        return;
    }
    let mut occurrence = 0usize;
    for field in &record.fields {
        if field.tag() != rule.tag {
            continue;
        }
        occurrence += 1;
        let Field::Data {
            indicators,
            subfields,
            ..
        } = field
        else {
            continue;
        };
        let ind1 = indicators.0[0];
        if when.indicator1.is_some_and(|set| !set.contains(ind1)) {
            continue;
        }
        if !when.subfield_present.is_empty()
            && !subfields
                .iter()
                .any(|s| when.subfield_present.contains(s.code))
        {
            continue;
        }
        if subfields.iter().any(|s| rule.subfields.contains(s.code)) {
            continue;
        }
        out.push(subfield_finding(defs, rule, occurrence, ind1));
    }
}

fn subfield_finding(
    defs: &Definitions,
    rule: &ConditionalMandatory,
    occurrence: usize,
    ind1: u8,
) -> Finding {
    let when = &rule.when;
    let codes: Vec<u8> = (0u8..128).filter(|b| rule.subfields.contains(*b)).collect();
    let single = match codes.as_slice() {
        [code] => Some(*code),
        _ => None,
    };
    let base = Finding::new(
        ids::MANDATORY_MISSING,
        Some(rule.tag),
        Some(occurrence),
        single,
    )
    .arg("tag", rule.tag.as_str())
    .arg("name", name_of(defs, rule.tag))
    .arg("condition", rule.source.clone());
    let Some(code) = single else {
        return base
            .arg("element", "subfield-one-of")
            .arg("codes", codes_display(rule.subfields));
    };
    let subfield_name = defs
        .field(rule.tag)
        .and_then(|d| d.subfield(code))
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let base = base
        .arg("code", display_byte(code))
        .arg("subfield_name", subfield_name);
    if !when.subfield_present.is_empty() {
        base.arg("element", "subfield-if-subfield")
            .arg("if_code", codes_display(when.subfield_present))
    } else if when.indicator1.is_some() {
        base.arg("element", "subfield-if-indicator")
            .arg("value", display_byte(ind1))
    } else if when.repeated {
        base.arg("element", "subfield-if-repeated")
    } else {
        base.arg("element", "subfield")
    }
}
