//! Tagging records by their UDC notations: MARC 21 field 080 (`$a` + each `$x`, edition in `$2`)
//! and UNIMARC/RUSMARC field 675 (`$a`, edition `$v`, language `$z`) — UDC-SYNTAX.md §5.
//! IRBIS exports that keep 675 as plain text (`^a004.8`) are read too.

use yozuv::{Field, Record};

use crate::explain::{caption, Lang};
use crate::syntax::{AuxKind, Head};
use crate::validate::{check, Checked, Status};

/// One UDC value of a record, checked.
#[derive(Debug, Clone)]
pub struct TaggedNotation {
    /// `080` or `675`.
    pub tag: String,
    /// Which occurrence of the field (from 0).
    pub occurrence: usize,
    /// The value as rebuilt from the field (`$a` followed by each `$x`).
    pub value: String,
    /// Edition (`080 $2`, `675 $v`), if any.
    pub edition: Option<String>,
    /// The check of the value.
    pub checked: Checked,
}

impl TaggedNotation {
    /// Main classes, best effort (also for an invalid value).
    pub fn main_classes(&self) -> Vec<char> {
        self.checked.main_classes_best_effort()
    }

    /// Independent common auxiliaries at the end of each top-level chain, which cataloguers
    /// usually mean for the whole notation (form, place, ethnic, time, language), as written.
    pub fn qualifiers(&self) -> Vec<(AuxKind, String)> {
        let mut out = Vec::new();
        for n in &self.checked.notations {
            if let Some(t) = n.root().terms.last() {
                for a in &t.auxiliaries {
                    if a.kind.is_independent() {
                        out.push((a.kind, n.slice(a.span).to_string()));
                    }
                }
                if let Head::Auxiliary(a) = &t.head {
                    out.push((a.kind, n.slice(a.span).to_string()));
                }
            }
        }
        out
    }
}

/// What a record's UDC fields say.
#[derive(Debug, Clone, Default)]
pub struct RecordTags {
    /// Every UDC value in field order.
    pub notations: Vec<TaggedNotation>,
}

impl RecordTags {
    /// Distinct main classes of all values, in order of first appearance.
    pub fn main_classes(&self) -> Vec<char> {
        let mut out = Vec::new();
        for n in &self.notations {
            for c in n.main_classes() {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// True when every value is a valid notation as written.
    pub fn all_valid(&self) -> bool {
        self.notations
            .iter()
            .all(|n| n.checked.status == Status::Valid)
    }
}

/// Main-class caption in a language (`8` → `Til. Tilshunoslik. Adabiyot`).
pub fn main_class_caption(class: char, lang: Lang) -> Option<&'static str> {
    let mut buf = [0u8; 4];
    caption(class.encode_utf8(&mut buf), lang)
}

/// Reads the UDC fields of a record (080 in MARC 21, 675 in UNIMARC/RUSMARC).
///
/// ```
/// use yozuv::{Field, Indicators, Record, Subfield};
/// let mut r = Record::default();
/// r.push(Field::data("080", Indicators::blank(), vec![
///     Subfield::new(b'a', "821.512.133-31"), Subfield::new(b'x', "(075.8)"), Subfield::new(b'2', "4")]));
/// let tags = yozuv_udc::tag::tag(&r);
/// assert_eq!(tags.notations[0].value, "821.512.133-31(075.8)");
/// assert_eq!(tags.notations[0].edition.as_deref(), Some("4"));
/// assert_eq!(tags.main_classes(), vec!['8']);
/// ```
pub fn tag(record: &Record) -> RecordTags {
    let mut out = RecordTags::default();
    let mut occurrence = [0usize; 2];
    for field in &record.fields {
        let tag = field.tag();
        let which = if tag == "080" {
            0
        } else if tag == "675" {
            1
        } else {
            continue;
        };
        let occ = occurrence[which];
        occurrence[which] += 1;
        let (values, edition) = match field {
            Field::Control { value, .. } => (vec![value.clone()], None),
            Field::Data { .. } if which == 0 => {
                let mut values = Vec::new();
                for a in field.subfield_values(b'a') {
                    values.push(a.to_string());
                }
                let xs: String = field.subfield_values(b'x').collect();
                match values.last_mut() {
                    Some(last) => last.push_str(&xs),
                    None if !xs.is_empty() => values.push(xs),
                    None => {}
                }
                (values, field.subfield(b'2').map(str::to_string))
            }
            Field::Data { .. } => (
                field.subfield_values(b'a').map(str::to_string).collect(),
                field.subfield(b'v').map(str::to_string),
            ),
        };
        for value in values {
            out.notations.push(TaggedNotation {
                tag: tag.as_str().to_string(),
                occurrence: occ,
                checked: check(&value),
                value,
                edition: edition.clone(),
            });
        }
    }
    out
}
