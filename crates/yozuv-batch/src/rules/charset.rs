//! Character set declared vs found (rules `charset.declared-mismatch`, `charset.legacy`).
//!
//! This is the basic check that runs until `yozuv::encoding` attaches its own findings to
//! decoded records; the decoder's warnings become diagnostics through the engine whatever
//! their id, and this rule stays quiet when the record already carries a `charset.*`
//! warning from the decoder.

use yozuv::raw::ByteKind;
use yozuv::RawRecord;

use super::{Emitter, RecordView, Rule};
use crate::Flavour;

/// What a record's bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundCharset {
    /// Only ASCII bytes: fits every declaration.
    Ascii,
    /// Valid UTF-8 with non-ASCII characters.
    Utf8,
    /// Bytes over 0x7F that are not UTF-8: an 8-bit set (MARC-8, ISO 5426, CP1251, …).
    EightBit,
}

impl FoundCharset {
    /// Looks at the record's bytes (leader and directory are ASCII by definition), through
    /// [`RawRecord::byte_kind`]: free once the record is decoded, which validates it anyway.
    pub fn of(raw: &RawRecord<'_>) -> FoundCharset {
        match raw.byte_kind() {
            ByteKind::Ascii => FoundCharset::Ascii,
            ByteKind::Utf8 => FoundCharset::Utf8,
            ByteKind::Other => FoundCharset::EightBit,
        }
    }
}

/// Declared vs found character set.
pub struct CharsetRule;

/// What the record declares: `(is UTF-8, how it says so, field index or None for the leader)`.
fn declared(view: &RecordView<'_>) -> Option<(bool, String, Option<usize>)> {
    match view.flavour {
        Flavour::Marc21 => {
            let b = view.record.leader.coding_scheme();
            Some((b == b'a', format!("leader/09 = {:?}", b as char), None))
        }
        Flavour::Unimarc => {
            let (i, f) = view
                .record
                .fields
                .iter()
                .enumerate()
                .find(|(_, f)| f.tag() == "100")?;
            let a = f.subfield(b'a')?;
            let code: String = a.chars().skip(26).take(4).collect();
            if code.chars().count() < 2 {
                return None;
            }
            Some((
                code.starts_with("50"),
                format!("100$a/26-29 = {code:?}"),
                Some(i),
            ))
        }
    }
}

impl Rule for CharsetRule {
    fn ids(&self) -> Vec<&'static str> {
        vec!["charset.declared-mismatch", "charset.legacy"]
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        if view.found == FoundCharset::Ascii {
            return;
        }
        let Some((utf8, how, field)) = declared(view) else {
            return;
        };
        let decoder_said = view.record.warnings.iter().any(|w| {
            let id = w.damage.id();
            // The decoder's own finding is the more precise one (it decoded by the bytes).
            id.starts_with("charset.")
                || id == "encoding.charset-mismatch"
                || id == "encoding.double-encoded"
        });
        let found = match view.found {
            FoundCharset::Utf8 => "UTF-8",
            _ => "8-bit",
        };
        let mismatch = match view.found {
            FoundCharset::Utf8 => !utf8,
            FoundCharset::EightBit => utf8,
            FoundCharset::Ascii => false,
        };
        if mismatch && !decoder_said && out.enabled("charset.declared-mismatch") {
            let args = vec![("declared", how.clone().into()), ("found", found.into())];
            match field {
                Some(i) => out.field("charset.declared-mismatch", i, args),
                None => out.record("charset.declared-mismatch", args),
            }
        }
        if view.found == FoundCharset::EightBit && out.enabled("charset.legacy") {
            let args = vec![("declared", how.into())];
            match field {
                Some(i) => out.field("charset.legacy", i, args),
                None => out.record("charset.legacy", args),
            }
        }
    }
}
