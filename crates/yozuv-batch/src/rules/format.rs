//! Definition-driven checks (`format.*`): `yozuv::format::check::check_record` with the
//! definitions of the record's flavour (MARC 21, UNIMARC or RUSMARC, or the profile's own
//! definitions: a MarcEdit rules file, local fields), mapped to diagnostics with byte offsets.

use yozuv::format::check::{self, ids};

use super::{leader, Emitter, RecordView, Rule};
use crate::{Arg, Flavour, Location};

/// The `format.*` rules (check options from the profile: `local_tags`).
#[derive(Debug, Default)]
pub struct FormatRule;

impl FormatRule {
    /// The rule.
    pub fn new() -> Self {
        FormatRule
    }
}

thread_local! {
    static FINDINGS: std::cell::RefCell<Vec<check::Finding>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The leader positions the leader rules check for `flavour`, as bits (bit `n`: position `n`).
fn leader_positions(flavour: Flavour) -> u32 {
    static MASKS: std::sync::OnceLock<[u32; 2]> = std::sync::OnceLock::new();
    let masks = MASKS.get_or_init(|| {
        [Flavour::Marc21, Flavour::Unimarc].map(|f| {
            leader::checked_positions(f)
                .into_iter()
                .filter(|&p| p < 32)
                .fold(0u32, |mask, p| mask | (1 << p))
        })
    });
    match flavour {
        Flavour::Marc21 => masks[0],
        Flavour::Unimarc => masks[1],
    }
}

/// The leader position a `format.fixed-field-code` finding on the leader is about (`"17"`,
/// `"22-23"` → 17, 22).
fn leader_position(finding: &check::Finding) -> Option<usize> {
    finding.get("position")?.get(..2)?.parse().ok()
}

impl Rule for FormatRule {
    fn ids(&self) -> Vec<&'static str> {
        ids::ALL.to_vec()
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        if !view.profile.format_checks_enabled() {
            return;
        }
        let defs = view.profile.definitions_for(view.format);
        // The leader rules already check some positions: one diagnostic per fault.
        let leader_checks =
            out.enabled("leader.invalid-code") || out.enabled("leader.invalid-coded-value");
        let leader_duplicate =
            |p: usize| leader_checks && p < 32 && leader_positions(view.flavour) & (1 << p) != 0;
        // The profile's own mandatory list (`mandatory.missing`) already names these fields.
        let mandatory_checks = out.enabled("mandatory.missing");
        let listed = |tag: yozuv::Tag| {
            mandatory_checks
                && view
                    .profile
                    .mandatory
                    .get(&view.flavour)
                    .is_some_and(|reqs| {
                        reqs.iter().any(|r| {
                            r.alternatives.len() == 1
                                && r.alternatives[0].0 == tag
                                && r.applies(&view.record.leader)
                        })
                    })
        };
        // Those findings are not even built; the filter below stays as the rule's definition.
        let skip = check::Skip {
            leader_codes: if leader_checks {
                leader_positions(view.flavour)
            } else {
                0
            },
            mandatory_field: Some(&listed),
        };
        // One findings buffer per worker thread, reused record after record.
        let mut findings = FINDINGS.with(|buffer| std::mem::take(&mut *buffer.borrow_mut()));
        findings.clear();
        check::check_record_into(
            view.record,
            defs,
            &view.profile.format_options,
            &skip,
            &mut findings,
        );
        for f in findings.drain(..) {
            if f.id == ids::MANDATORY_MISSING && f.subfield.is_none() {
                if let Some(tag) = f.tag {
                    if listed(tag) {
                        continue;
                    }
                }
            }
            if f.id == ids::FIXED_FIELD_CODE && f.tag.is_none() {
                if let Some(p) = leader_position(&f) {
                    if leader_duplicate(p) {
                        continue;
                    }
                }
            }
            let args: Vec<(&'static str, Arg)> =
                f.args.into_iter().map(|(k, v)| (k, Arg::Text(v))).collect();
            let field = f
                .tag
                .and_then(|t| out.find_field(t, f.occurrence.unwrap_or(1) as u32));
            match (field, f.subfield) {
                (Some(i), Some(code)) => {
                    // The first subfield with that code (the second one for a repeat).
                    let subs = view.record.fields[i].subfields();
                    let nth = if f.id == ids::SUBFIELD_NOT_REPEATABLE {
                        1
                    } else {
                        0
                    };
                    match subs
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| s.code == code)
                        .nth(nth)
                        .map(|(j, _)| j)
                    {
                        Some(j) => out.subfield(f.id, i, j, args),
                        None => out.field_with_subfield(f.id, i, code, args),
                    }
                }
                (Some(i), None) => out.field(f.id, i, args),
                (None, _) => {
                    let loc = Location {
                        tag: f.tag,
                        occurrence: f.occurrence.map(|o| o as u32),
                        subfield: f.subfield,
                        ..out.base.clone()
                    };
                    out.at(f.id, loc, args)
                }
            }
        }
        FINDINGS.with(|buffer| *buffer.borrow_mut() = findings);
    }
}
