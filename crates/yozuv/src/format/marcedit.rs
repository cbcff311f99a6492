//! MarcEdit validation rules files (`marcrules.txt`, `unimarcrules.txt`) as [`Definitions`],
//! and local extension fields written in the same form.
//!
//! The format (tab-separated, shown here as `→`; lines end in CR, LF or CR LF; blank lines are ignored):
//!
//! ```text
//! 200 → 1 → One 200 field must be present in a UNIMARC record.   <- record rule: field is mandatory
//! 010 → R → INTERNATIONAL STANDARD BOOK NUMBER (ISBN)           <- a field: tag, R/NR, name
//! ind1 → blank → Undefined                                   <- allowed values: "blank", digits, letters, "0-9"
//! ind2 → 01 → Level of interest
//! subfield → 69abdz → Valid subfields                     <- optional summary line
//! a → NR → Number (ISBN)                                       <- a subfield: code, R/NR, name
//! ```
//!
//! A local extension file uses the same lines to add fields (e.g. `952  R  Local holdings`)
//! or to replace a bundled definition; see [`extend`].
//!
//! ```
//! use yozuv::format::{marcedit, Definitions, Flavour};
//! let rules = "999\tR\tLOCAL HOLDINGS\r\rind1\tblank\tUndefined\r\rind2\t01\tKind\r\ra\tNR\tShelf mark\r";
//! let mut defs = Definitions::marc21().clone();
//! marcedit::extend(&mut defs, rules).unwrap();
//! let f = defs.field_str("999").unwrap();
//! assert!(f.repeatable);
//! assert!(f.indicators[1].as_ref().unwrap().allowed.contains(b'1'));
//! assert!(!f.subfield(b'a').unwrap().repeatable);
//! ```

use super::definitions::{ByteSet, Definitions, FieldDef, IndicatorDef, SubfieldDef};
use super::Flavour;
use crate::{Error, Position, Tag};

fn syntax(line_number: usize, byte: usize, detail: String) -> Error {
    Error::Syntax {
        position: Position::new(0, byte as u64),
        format: "marcedit-rules",
        detail: format!("line {line_number}: {detail}"),
        raw: None,
    }
}

/// Parses the allowed values of an indicator: `blank`, `#`, digits/letters, ranges `0-9`.
fn indicator_values(spec: &str) -> ByteSet {
    let mut set = ByteSet::EMPTY;
    let rest = spec.replace("blank", " ").replace('#', " ");
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let (Some(&lo), Some(b'-'), Some(&hi)) =
            (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2))
        {
            if lo.is_ascii_alphanumeric() && hi.is_ascii_alphanumeric() && lo <= hi {
                for b in lo..=hi {
                    set.insert(b);
                }
                i += 3;
                continue;
            }
        }
        if let Some(&b) = bytes.get(i) {
            set.insert(b);
        }
        i += 1;
    }
    set
}

/// The field definitions a rules file describes, in file order, with the tags its record rules
/// make mandatory.
fn parse(text: &str) -> Result<(Vec<FieldDef>, Vec<Tag>), Error> {
    let mut fields: Vec<FieldDef> = Vec::new();
    let mut mandatory = Vec::new();
    let mut byte = 0usize;
    for (index, line) in text.split(['\r', '\n']).enumerate() {
        let line_start = byte;
        byte += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let first = cols.next().unwrap_or("").trim();
        let second = cols.next().unwrap_or("").trim();
        let third = cols.next().unwrap_or("").trim();
        let line_number = index + 1;
        if first.len() == 3 && first.bytes().all(|b| b.is_ascii_alphanumeric()) && first != "ind" {
            let tag = Tag::from_str_lossy(first);
            match second {
                "R" | "NR" => {
                    let mut def = FieldDef::new(tag, third, second == "R");
                    if tag.is_control() {
                        def.indicators = [None, None];
                    }
                    fields.push(def);
                }
                n if n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty() => mandatory.push(tag),
                other => {
                    return Err(syntax(
                        line_number,
                        line_start,
                        format!("field {first}: expected R or NR, found {other:?}"),
                    ))
                }
            }
            continue;
        }
        let Some(current) = fields.last_mut() else {
            return Err(syntax(
                line_number,
                line_start,
                "subfield or indicator line before any field".to_string(),
            ));
        };
        match first {
            "ind1" | "ind2" => {
                let slot = if first == "ind1" { 0 } else { 1 };
                if let Some(ind) = current.indicators.get_mut(slot) {
                    *ind = Some(IndicatorDef {
                        allowed: indicator_values(second),
                        obsolete: ByteSet::EMPTY,
                    });
                }
            }
            "subfield" => {}
            "" => {} // control field: "<TAB>NR<TAB>Undefined"
            code if code.len() == 1 => {
                let repeatable = match second {
                    "R" => true,
                    "NR" => false,
                    other => {
                        return Err(syntax(
                            line_number,
                            line_start,
                            format!("subfield {code}: expected R or NR, found {other:?}"),
                        ))
                    }
                };
                current.set_subfield(SubfieldDef {
                    code: code.as_bytes()[0],
                    name: third.to_string(),
                    repeatable,
                    obsolete: third.contains("OBSOLETE"),
                    mandatory: false,
                });
            }
            other => {
                return Err(syntax(
                    line_number,
                    line_start,
                    format!("unknown line kind {other:?}"),
                ))
            }
        }
    }
    Ok((fields, mandatory))
}

/// Definitions made from a MarcEdit rules file alone: its fields, indicators and subfields, its
/// record rules as mandatory fields, and the fixed positions and code lists of the bundled
/// definitions for `flavour` (a rules file does not describe those).
///
/// ```
/// use yozuv::format::{marcedit, Flavour};
/// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
///     "/../../testdata/formats/marcedit-unimarcrules.txt")).unwrap();
/// let defs = marcedit::from_rules(Flavour::Unimarc, &text).unwrap();
/// assert!(defs.field_str("200").unwrap().mandatory);
/// assert!(defs.field_str("010").unwrap().repeatable);
/// ```
pub fn from_rules(flavour: Flavour, text: &str) -> Result<Definitions, Error> {
    let (fields, mandatory) = parse(text)?;
    let mut defs = Definitions::empty(flavour);
    defs.take_positions_and_lists_from(Definitions::for_flavour(flavour));
    defs.set_edition("MarcEdit rules file");
    for def in fields {
        defs.set_field(def);
    }
    for tag in mandatory {
        if let Some(def) = defs.field_mut(tag) {
            def.mandatory = true;
        }
    }
    Ok(defs)
}

/// Adds the fields of a local extension file (MarcEdit rules form) to `defs`, replacing
/// bundled definitions of the same tags.
pub fn extend(defs: &mut Definitions, text: &str) -> Result<(), Error> {
    let (fields, mandatory) = parse(text)?;
    for def in fields {
        defs.set_field(def);
    }
    for tag in mandatory {
        if let Some(def) = defs.field_mut(tag) {
            def.mandatory = true;
        }
    }
    Ok(())
}
