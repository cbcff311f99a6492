//! Presence checks from the profile: mandatory and recommended fields per flavour
//! (`mandatory.missing`, `mandatory.empty`, `recommended.missing`), holdings
//! (`holdings.missing`) and classification (`classification.missing`).

use yozuv::{Field, Record, Tag};

use super::{Emitter, RecordView, Rule};
use crate::{Flavour, Location, Requirement};

/// Profile-driven presence checks.
pub struct PresenceRule;

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Presence {
    Missing,
    Empty,
    Present,
}

fn presence(record: &Record, tag: Tag, code: Option<u8>) -> Presence {
    let mut best = Presence::Missing;
    for f in record.fields.iter().filter(|f| f.tag() == tag) {
        let p = match (f, code) {
            (Field::Control { value, .. }, _) => {
                if value.trim().is_empty() {
                    Presence::Empty
                } else {
                    Presence::Present
                }
            }
            (Field::Data { subfields, .. }, None) => {
                if subfields.iter().any(|s| !s.value.trim().is_empty()) {
                    Presence::Present
                } else {
                    Presence::Empty
                }
            }
            (Field::Data { subfields, .. }, Some(c)) => {
                let mut p = Presence::Missing;
                for s in subfields.iter().filter(|s| s.code == c) {
                    p = p.max(if s.value.trim().is_empty() {
                        Presence::Empty
                    } else {
                        Presence::Present
                    });
                }
                p
            }
        };
        best = best.max(p);
        if best == Presence::Present {
            // Nothing ranks higher: the other occurrences cannot change the answer.
            break;
        }
    }
    best
}

fn check_list(
    list: &[Requirement],
    record: &Record,
    missing_rule: &str,
    empty_rule: Option<&str>,
    out: &mut Emitter<'_>,
) {
    if !out.enabled(missing_rule) && !empty_rule.is_some_and(|r| out.enabled(r)) {
        return;
    }
    for req in list.iter().filter(|r| r.applies(&record.leader)) {
        // The best alternative; one that is present settles it.
        let mut best = Presence::Missing;
        for &(t, c) in &req.alternatives {
            best = best.max(presence(record, t, c));
            if best == Presence::Present {
                break;
            }
        }
        let rule = match best {
            Presence::Present => continue,
            Presence::Empty => empty_rule.unwrap_or(missing_rule),
            Presence::Missing => missing_rule,
        };
        let (tag, code) = req
            .alternatives
            .first()
            .copied()
            .unwrap_or((Tag(*b"???"), None));
        let loc = Location {
            tag: Some(tag),
            subfield: code,
            ..out.base.clone()
        };
        out.at(rule, loc, vec![("field", req.text.clone().into())]);
    }
}

impl Rule for PresenceRule {
    fn ids(&self) -> Vec<&'static str> {
        vec![
            "mandatory.missing",
            "mandatory.empty",
            "recommended.missing",
            "holdings.missing",
            "classification.missing",
        ]
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        let record = view.record;
        if let Some(list) = view.profile.mandatory.get(&view.flavour) {
            check_list(
                list,
                record,
                "mandatory.missing",
                Some("mandatory.empty"),
                out,
            );
        }
        if let Some(list) = view.profile.recommended.get(&view.flavour) {
            check_list(list, record, "recommended.missing", None, out);
        }
        let tags = &view.profile.holdings_tags;
        if out.enabled("holdings.missing")
            && !tags.is_empty()
            && !record.fields.iter().any(|f| tags.contains(&f.tag()))
        {
            let list = tags
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            out.record("holdings.missing", vec![("tags", list.into())]);
        }
        if out.enabled("classification.missing") {
            let tags: &[&str] = match view.flavour {
                Flavour::Marc21 => &["080", "084"],
                Flavour::Unimarc => &["675", "686"],
            };
            if !record
                .fields
                .iter()
                .any(|f| tags.iter().any(|t| f.tag() == *t))
            {
                out.record(
                    "classification.missing",
                    vec![("tags", tags.join(", ").into())],
                );
            }
        }
    }
}
