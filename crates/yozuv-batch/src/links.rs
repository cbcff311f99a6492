//! Links between the records of a batch (rule `link.target-missing`, uz-unicat UZ-K01):
//! UNIMARC/RUSMARC 4XX linking fields with an embedded `$1 001…` and MARC 21 773 `$w` name the
//! control number of the record they belong to (a set, a serial, a host item); the target
//! should be in the batch. A whole-batch rule: each record gives its [`RecordLinks`] to the
//! [`LinkIndex`] in input order, and the links still unresolved after the last record are
//! reported, one diagnostic per link, at the linking field.
//!
//! Memory: one 64-bit hash per record with a 001 (in a hash set), and per link whose target
//! had not been seen when its record went by: the target's hash and text, the field's
//! position (about 60 bytes). Links to records seen earlier cost nothing. Turn the rule off in
//! a profile for memory that does not grow with the batch.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use yozuv::Tag;

use crate::rules::{FieldIndex, RecordView};
use crate::{Arg, Diagnostic, Flavour, Location, Profile, RecordRef};

/// The rule id.
pub const LINK_RULE: &str = "link.target-missing";

/// One link of a record: the target's control number and where the linking field is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Hash of the target's control number (as [`LinkIndex`] compares them).
    pub hash: u64,
    /// The target as written (without a MARC 21 `(ORG)` prefix).
    pub target: Box<str>,
    /// The linking field's tag.
    pub tag: Tag,
    /// Its occurrence in the record, from 1.
    pub occurrence: u32,
    /// Its byte offset in the input.
    pub offset: u64,
}

/// The links of one record (empty when the rule is off or the record links nowhere).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordLinks {
    /// The links.
    pub links: Vec<Link>,
}

fn hash(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// The control number a MARC 21 `$w` names: `(RuMoRGB)01003543129` → `01003543129`.
fn strip_org(w: &str) -> &str {
    let w = w.trim();
    match w.strip_prefix('(').and_then(|r| r.split_once(')')) {
        Some((_, rest)) => rest.trim(),
        None => w,
    }
}

/// The links of a record: UNIMARC 4XX `$1` values starting with `001`, MARC 21 773 `$w`.
pub fn record_links(view: &RecordView<'_>, index: &FieldIndex) -> RecordLinks {
    let mut out = RecordLinks::default();
    if !view.profile.is_enabled(LINK_RULE) {
        return out;
    }
    for (i, f) in view.record.fields.iter().enumerate() {
        let tag = f.tag();
        let targets: Vec<&str> = match view.flavour {
            Flavour::Unimarc if tag.as_str().starts_with('4') => f
                .subfield_values(b'1')
                .filter_map(|v| v.strip_prefix("001"))
                .map(str::trim)
                .take(1)
                .collect(),
            Flavour::Marc21 if tag == "773" => f.subfield_values(b'w').map(strip_org).collect(),
            _ => continue,
        };
        let (offset, occurrence) = index
            .fields
            .get(i)
            .map_or((0, 1), |&(_, off, occ)| (off, occ));
        for t in targets.into_iter().filter(|t| !t.is_empty()) {
            out.links.push(Link {
                hash: hash(t),
                target: t.into(),
                tag,
                occurrence,
                offset,
            });
        }
    }
    out
}

struct Pending {
    link: Link,
    record: RecordRef,
    id001: Option<Arc<str>>,
}

/// The batch-wide link index.
#[derive(Default)]
pub struct LinkIndex {
    seen: HashSet<u64>,
    pending: Vec<Pending>,
}

impl LinkIndex {
    /// An empty index.
    pub fn new() -> Self {
        LinkIndex::default()
    }

    /// Adds the next record (in input order): its 001 and its links.
    pub fn add(&mut self, record: RecordRef, id001: Option<&Arc<str>>, links: &RecordLinks) {
        if let Some(id) = id001.filter(|s| !s.is_empty()) {
            self.seen.insert(hash(id));
        }
        for l in &links.links {
            if !self.seen.contains(&l.hash) {
                self.pending.push(Pending {
                    link: l.clone(),
                    record,
                    id001: id001.cloned(),
                });
            }
        }
    }

    /// One diagnostic per link whose target never came, in input order.
    pub fn each_diagnostic<E>(
        &self,
        profile: &Profile,
        f: &mut dyn FnMut(Diagnostic) -> Result<(), E>,
    ) -> Result<(), E> {
        let Some(severity) = profile.severity(LINK_RULE, None) else {
            return Ok(());
        };
        for p in self
            .pending
            .iter()
            .filter(|p| !self.seen.contains(&p.link.hash))
        {
            let Some(severity) = profile
                .severity(LINK_RULE, Some(p.link.tag))
                .or(Some(severity))
            else {
                continue;
            };
            f(Diagnostic {
                location: Location {
                    file: p.record.file,
                    record: p.record.record,
                    offset: p.link.offset,
                    id001: p.id001.clone(),
                    tag: Some(p.link.tag),
                    occurrence: Some(p.link.occurrence),
                    subfield: None,
                },
                rule: Arc::from(LINK_RULE),
                severity,
                args: vec![("value", Arg::Text(p.link.target.to_string()))],
                detail: None,
                related: Vec::new(),
                text: None,
            })?;
        }
        Ok(())
    }

    /// The diagnostics, collected.
    pub fn diagnostics(&self, profile: &Profile) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let _ = self.each_diagnostic(profile, &mut |d| {
            out.push(d);
            Ok::<(), std::convert::Infallible>(())
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_prefix() {
        assert_eq!(strip_org("(RuMoRGB)01003543129"), "01003543129");
        assert_eq!(strip_org(" 123 "), "123");
    }
}
