//! Rules over one record, and the [`Emitter`] they report through.
//!
//! A [`Rule`] sees a decoded record together with its raw bytes ([`RecordView`]) and emits
//! diagnostics through an [`Emitter`], which applies the profile (rule on/off, severity,
//! per-tag overrides) and fills in positions (byte offset, tag occurrence, subfield).
//!
//! Rules that come from other crates plug in with a thin adapter: implement [`Rule`] (or wrap
//! a function with [`FnRule`]) and register it with [`crate::Validator::with_rule`], adding
//! their [`crate::RuleInfo`]s to the registry.

mod bbk;
mod charset;
mod control;
mod format;
mod identifiers;
mod isbn_group;
pub(crate) mod leader;
mod presence;
mod sigla;
mod text;
mod udc;
mod unicat;

use std::sync::Arc;

use yozuv::{RawRecord, Record, Tag};

use crate::{Arg, Diagnostic, Flavour, Location, Profile, RecordRef, Severity};

pub use bbk::{check_bbk, is_bbk_source, BbkFault, BbkRule};
pub use charset::{CharsetRule, FoundCharset};
pub use control::ControlFieldRule;
pub use format::FormatRule;
pub use identifiers::{isbn_to_13, IdentifierRule, IsbnProblem};
pub use isbn_group::isbn_group;
pub use leader::LeaderRule;
pub use presence::PresenceRule;
pub use sigla::SiglaRegistry;
pub use text::{BasicText, TextInspector, TextRule, YozuvText};
pub use udc::{BasicUdc, UdcAssessment, UdcChecker, UdcRule, YozuvUdc};
pub use unicat::{UnicatRule, UNICAT_IDS};

/// What a rule sees of one record.
pub struct RecordView<'a> {
    /// The decoded record.
    pub record: &'a Record,
    /// Its bytes, as read.
    pub raw: &'a RawRecord<'a>,
    /// Its flavour family (from the profile, or detected).
    pub flavour: Flavour,
    /// Its format (MARC 21, UNIMARC or RUSMARC): which definitions the format checks use.
    pub format: yozuv::format::Flavour,
    /// The profile in force.
    pub profile: &'a Profile,
    /// What the record's bytes turned out to be.
    pub found: FoundCharset,
    /// False when the text was decoded lossily from bytes the decoder does not know (then
    /// character and text rules would only see replacement characters and stay quiet).
    pub text_reliable: bool,
}

impl RecordView<'_> {
    /// True when the record says its language is Uzbek (MARC 21 008/35-37 or 041$a,
    /// UNIMARC 101$a).
    pub fn is_uzbek(&self) -> bool {
        let r = self.record;
        match self.flavour {
            Flavour::Marc21 => {
                r.control_value("008")
                    .and_then(|v| v.get(35..38))
                    .is_some_and(|l| l == "uzb")
                    || r.fields_by_tag("041")
                        .any(|f| f.subfield_values(b'a').any(|v| v.contains("uzb")))
            }
            Flavour::Unimarc => r
                .fields_by_tag("101")
                .any(|f| f.subfield_values(b'a').any(|v| v.contains("uzb"))),
        }
    }
}

/// A check over one record.
pub trait Rule: Send + Sync {
    /// The rule ids this rule may emit.
    fn ids(&self) -> Vec<&'static str>;
    /// Checks one record.
    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>);
}

/// A finding from a plug-in check (the shape `yozuv::format::check_record` returns), turned
/// into a diagnostic by [`FnRule`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Rule id.
    pub id: String,
    /// The field's tag.
    pub tag: Option<Tag>,
    /// Occurrence of the tag in the record, from 1.
    pub occurrence: Option<u32>,
    /// Subfield code.
    pub subfield: Option<u8>,
    /// Message arguments.
    pub args: Vec<(&'static str, Arg)>,
}

/// The check function of a [`FnRule`].
pub type FindingsFn = dyn Fn(&RecordView<'_>) -> Vec<Finding> + Send + Sync;

/// A rule made from a function returning [`Finding`]s: the thin adapter for checks that live
/// in other crates (format definitions, UDC, text).
///
/// ```
/// use std::sync::Arc;
/// use yozuv_batch::rules::{FnRule, Finding};
/// let rule = FnRule::new(vec!["format.example"], Arc::new(|_view: &yozuv_batch::rules::RecordView<'_>| Vec::<Finding>::new()));
/// # let _ = rule;
/// ```
pub struct FnRule {
    ids: Vec<&'static str>,
    check: Arc<FindingsFn>,
}

impl FnRule {
    /// A rule that may emit `ids`, checking with `check`.
    pub fn new(ids: Vec<&'static str>, check: Arc<FindingsFn>) -> Self {
        FnRule { ids, check }
    }
}

impl Rule for FnRule {
    fn ids(&self) -> Vec<&'static str> {
        self.ids.clone()
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        for f in (self.check)(view) {
            let field = f
                .tag
                .and_then(|t| out.find_field(t, f.occurrence.unwrap_or(1)));
            match (field, f.subfield) {
                (Some(i), Some(code)) => {
                    let sub = view.record.fields[i]
                        .subfields()
                        .iter()
                        .position(|s| s.code == code);
                    match sub {
                        Some(j) => out.subfield(&f.id, i, j, f.args),
                        None => out.field(&f.id, i, f.args),
                    }
                }
                (Some(i), None) => out.field(&f.id, i, f.args),
                (None, _) => {
                    let loc = Location {
                        tag: f.tag,
                        occurrence: f.occurrence,
                        subfield: f.subfield,
                        ..out.base.clone()
                    };
                    out.at(&f.id, loc, f.args)
                }
            }
        }
    }
}

/// Where each field of a record is: byte offset and occurrence of its tag.
#[derive(Debug, Clone, Default)]
pub struct FieldIndex {
    /// Per field (in directory order): tag, input byte offset, occurrence from 1.
    pub fields: Vec<(Tag, u64, u32)>,
    /// (offset, field index), sorted by offset.
    by_offset: Vec<(u64, usize)>,
}

impl FieldIndex {
    /// The index of a raw record's fields.
    pub fn new(raw: &RawRecord<'_>) -> Self {
        let mut fields: Vec<(Tag, u64, u32)> = Vec::with_capacity(raw.entries().len());
        // Occurrences so far per tag, the tags packed in a `u32` each (one compare per tag
        // seen instead of three byte compares), kept apart from their counts so the search
        // runs over a plain `u32` slice.
        let mut seen: Vec<u32> = Vec::with_capacity(32);
        let mut counts: Vec<u32> = Vec::with_capacity(32);
        for f in raw.fields() {
            let tag = f.tag();
            let [a, b, c] = tag.0;
            let key = u32::from_le_bytes([a, b, c, 0]);
            let occ = match seen.iter().position(|&k| k == key) {
                Some(i) => match counts.get_mut(i) {
                    Some(n) => {
                        *n += 1;
                        *n
                    }
                    None => 1,
                },
                None => {
                    seen.push(key);
                    counts.push(1);
                    1
                }
            };
            fields.push((tag, f.offset(), occ));
        }
        let mut by_offset: Vec<(u64, usize)> =
            fields.iter().enumerate().map(|(i, f)| (f.1, i)).collect();
        by_offset.sort_unstable();
        FieldIndex { fields, by_offset }
    }

    /// The field containing input byte `byte` with tag `tag` (for reader warnings).
    pub fn locate(&self, tag: Tag, byte: u64) -> Option<usize> {
        let end = self.by_offset.partition_point(|&(off, _)| off <= byte);
        self.by_offset[..end]
            .iter()
            .rev()
            .map(|&(_, i)| i)
            .find(|&i| self.fields[i].0 == tag)
    }
}

/// `rule` as a shared `Arc<str>`, one per rule id and thread: a batch reports the same few
/// dozen rule ids tens of thousands of times, and a clone of a remembered `Arc` costs far
/// less than a new allocation per diagnostic. The memory is bounded (cleared past a few
/// thousand ids, which only rules registered with made-up ids could reach).
fn shared_rule_id(rule: &str) -> Arc<str> {
    const MAX_IDS: usize = 4096;
    type Ids = std::collections::HashMap<Arc<str>, (), rustc_hash::FxBuildHasher>;
    thread_local! {
        static IDS: std::cell::RefCell<Ids> = std::cell::RefCell::default();
    }
    IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        if let Some((id, ())) = ids.get_key_value(rule) {
            return Arc::clone(id);
        }
        if ids.len() >= MAX_IDS {
            ids.clear();
        }
        let id: Arc<str> = Arc::from(rule);
        ids.insert(Arc::clone(&id), ());
        id
    })
}

/// Collects one record's diagnostics, applying the profile.
pub struct Emitter<'a> {
    profile: &'a Profile,
    /// The record's location (file, record, offset, 001).
    pub base: Location,
    index: &'a FieldIndex,
    raw: Option<&'a RawRecord<'a>>,
    out: Vec<Diagnostic>,
}

impl<'a> Emitter<'a> {
    /// An emitter for one record.
    pub fn new(
        profile: &'a Profile,
        base: Location,
        index: &'a FieldIndex,
        raw: Option<&'a RawRecord<'a>>,
    ) -> Self {
        Emitter {
            profile,
            base,
            index,
            raw,
            out: Vec::new(),
        }
    }

    /// Whether the profile runs `rule` (check before doing expensive work).
    pub fn enabled(&self, rule: &str) -> bool {
        self.profile.is_enabled(rule)
    }

    /// The index of the `occurrence`-th field (from 1) with `tag`.
    pub fn find_field(&self, tag: Tag, occurrence: u32) -> Option<usize> {
        self.index
            .fields
            .iter()
            .position(|(t, _, o)| *t == tag && *o == occurrence)
    }

    /// A diagnostic at an explicit location.
    pub fn at(&mut self, rule: &str, location: Location, args: Vec<(&'static str, Arg)>) {
        self.push(rule, location, args, None, Vec::new());
    }

    /// A diagnostic about the whole record (or its leader).
    pub fn record(&mut self, rule: &str, args: Vec<(&'static str, Arg)>) {
        let loc = self.base.clone();
        self.push(rule, loc, args, None, Vec::new());
    }

    /// A diagnostic about field `field` (index in directory order).
    pub fn field(&mut self, rule: &str, field: usize, args: Vec<(&'static str, Arg)>) {
        let loc = self.field_location(field);
        self.push(rule, loc, args, None, Vec::new());
    }

    /// A diagnostic about subfield `subfield` (index in the field) of field `field`.
    pub fn subfield(
        &mut self,
        rule: &str,
        field: usize,
        subfield: usize,
        args: Vec<(&'static str, Arg)>,
    ) {
        let mut loc = self.field_location(field);
        // The subfield's delimiter: the (subfield+1)-th 0x1F of the field's bytes.
        if let Some((raw, entry)) = self.raw.and_then(|r| Some((r, r.entries().get(field)?))) {
            let start = entry.start as usize;
            let bytes = raw
                .as_bytes()
                .get(start..start + entry.len as usize)
                .unwrap_or(&[]);
            if let Some(i) = memchr::memchr_iter(yozuv::SUBFIELD_DELIMITER, bytes).nth(subfield) {
                loc.offset = raw.offset() + (start + i) as u64;
                loc.subfield = bytes.get(i + 1).copied();
            }
        }
        self.push(rule, loc, args, None, Vec::new());
    }

    /// A diagnostic about subfield code `code` of field `field` when the subfield itself
    /// cannot be found (e.g. a missing mandatory subfield): the field's offset.
    pub fn field_with_subfield(
        &mut self,
        rule: &str,
        field: usize,
        code: u8,
        args: Vec<(&'static str, Arg)>,
    ) {
        let mut loc = self.field_location(field);
        loc.subfield = Some(code);
        self.push(rule, loc, args, None, Vec::new());
    }

    /// A diagnostic with everything given (used by the engine for reader damage).
    pub fn push(
        &mut self,
        rule: &str,
        location: Location,
        args: Vec<(&'static str, Arg)>,
        detail: Option<String>,
        related: Vec<RecordRef>,
    ) {
        let (Some(severity), id) = self.profile.severity_and_id(rule, location.tag) else {
            return;
        };
        let rule = match id {
            Some(id) => Arc::clone(id),
            None => shared_rule_id(rule),
        };
        self.out.push(Diagnostic {
            location,
            rule,
            severity,
            args,
            detail,
            related,
            text: None,
        });
    }

    fn field_location(&self, field: usize) -> Location {
        let mut loc = self.base.clone();
        if let Some(&(tag, offset, occ)) = self.index.fields.get(field) {
            loc.tag = Some(tag);
            loc.offset = offset;
            loc.occurrence = Some(occ);
        }
        loc
    }

    /// The diagnostics collected.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.out
    }

    /// The worst severity so far.
    pub fn worst(&self) -> Option<Severity> {
        self.out.iter().map(|d| d.severity).max()
    }
}
