//! The keys of one record: its trimmed 001, its valid ISBNs as ISBN-13 numbers, and its match
//! key (title proper + first author's surname + year, folded by the validator's
//! [`TextInspector::search_key`], so that one book catalogued in Cyrillic and in Latin gets one
//! key).
//!
//! Computed on the worker threads, once per record, with borrowed slices of the decoded record
//! wherever the text is used as it stands: the inspector folds the title and the author's
//! surname straight into the record's one key buffer.

use std::borrow::Cow;

use yozuv::{Field, Record};

use crate::rules::{isbn_to_13, RecordView, TextInspector};
use crate::Flavour;

/// The keys of one record (transient: the index keeps a compact copy).
///
/// ```
/// use yozuv_batch::duplicates::RecordKeys;
/// let keys = RecordKeys::default();
/// assert_eq!(keys.id001(), None);
/// assert!(keys.isbns().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordKeys {
    /// The trimmed 001 followed by the match key, in one buffer.
    text: String,
    /// Hash and length (at the start of `text`) of the 001.
    id001: Option<(u64, usize)>,
    /// Valid ISBNs as ISBN-13 numbers, without repeats, in the record's order.
    isbns: Vec<u64>,
    /// Hash and start (to the end of `text`) of the match key.
    match_key: Option<(u64, usize)>,
}

impl RecordKeys {
    /// The trimmed 001, when the record has a non-empty one (and `duplicate.id001` is on).
    pub fn id001(&self) -> Option<&str> {
        self.id001.and_then(|(_, len)| self.text.get(..len))
    }

    /// The record's valid ISBNs as ISBN-13 numbers, without repeats.
    pub fn isbns(&self) -> &[u64] {
        &self.isbns
    }

    /// The match key `title|surname|year`, when the folded title is long enough.
    pub fn match_key(&self) -> Option<&str> {
        self.match_key.and_then(|(_, start)| self.text.get(start..))
    }

    /// Every key with its kind (0: 001, 1: ISBN, 2: match key), hash, text and slot (the
    /// ISBN's place in the record), in the order the index takes them.
    pub(super) fn each(&self, mut f: impl FnMut(usize, u64, &[u8], u8)) {
        if let (Some((h, _)), Some(id)) = (self.id001, self.id001()) {
            f(0, h, id.as_bytes(), 0);
        }
        for (slot, &n) in self.isbns.iter().enumerate() {
            f(1, n, &[], u8::try_from(slot).unwrap_or(u8::MAX));
        }
        if let (Some((h, _)), Some(key)) = (self.match_key, self.match_key()) {
            f(2, h, key.as_bytes(), 0);
        }
    }
}

/// A 64-bit hash of a key's bytes (FxHash-style word steps and a SplitMix64 finish). Its only
/// jobs are spreading keys over the hash table and the Bloom filter and ordering the sorted
/// runs: keys are always compared in full, so its quality costs speed, never correctness.
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = 0x243f_6a88_85a3_08d3u64 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    mix(h)
}

/// SplitMix64's finalizer: every input bit moves every output bit.
pub(super) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// `s` without the non-filing part UNIMARC brackets with NSB/NSE (ISO 6630 0x88/0x89 and
/// their UTF-8 forms U+0098/U+009C); borrowed when there is none (nearly always).
fn strip_nonsorting(s: &str) -> Cow<'_, str> {
    if !s.contains(['\u{88}', '\u{98}', '\u{89}', '\u{9C}']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut skipping = false;
    for c in s.chars() {
        match c {
            '\u{88}' | '\u{98}' => skipping = true,
            '\u{89}' | '\u{9C}' => skipping = false,
            c if !skipping => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// The first run of four ASCII digits in `s`.
fn first_year(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3))
        .find(|&i| b[i..i + 4].iter().all(u8::is_ascii_digit))
        .and_then(|i| s.get(i..i + 4))
}

fn four_digits(s: Option<&str>) -> Option<&str> {
    s.filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
}

/// Title proper (without its non-filing part), first author, year.
fn title_author_year(record: &Record, flavour: Flavour) -> (Cow<'_, str>, Cow<'_, str>, &str) {
    match flavour {
        Flavour::Marc21 => {
            let f245 = record.field("245");
            let mut title = f245.and_then(|f| f.subfield(b'a')).unwrap_or("");
            if let Some(Field::Data { indicators, .. }) = f245 {
                let skip = indicators.second();
                if skip.is_ascii_digit() {
                    title = title
                        .char_indices()
                        .nth(usize::from(skip - b'0'))
                        .map_or("", |(i, _)| &title[i..]);
                }
            }
            let author = record
                .first_subfield("100", b'a')
                .or_else(|| record.first_subfield("110", b'a'))
                .or_else(|| record.first_subfield("700", b'a'))
                .unwrap_or("");
            let year = four_digits(record.control_value("008").and_then(|v| v.get(7..11)))
                .or_else(|| record.first_subfield("264", b'c').and_then(first_year))
                .or_else(|| record.first_subfield("260", b'c').and_then(first_year))
                .unwrap_or("");
            (Cow::Borrowed(title), Cow::Borrowed(author), year)
        }
        Flavour::Unimarc => {
            let title = strip_nonsorting(record.first_subfield("200", b'a').unwrap_or(""));
            let author = record
                .first_subfield("700", b'a')
                .or_else(|| record.first_subfield("710", b'a'))
                .or_else(|| record.first_subfield("701", b'a'))
                .unwrap_or("");
            let year = four_digits(
                record
                    .first_subfield("100", b'a')
                    .and_then(|a| a.get(9..13)),
            )
            .or_else(|| record.first_subfield("210", b'd').and_then(first_year))
            .or_else(|| record.first_subfield("214", b'd').and_then(first_year))
            .unwrap_or("");
            (title, strip_nonsorting(author), year)
        }
    }
}

/// Computes a record's keys (only those whose `duplicate.*` rule the profile enables).
pub fn record_keys(view: &RecordView<'_>, text: &dyn TextInspector) -> RecordKeys {
    let record = view.record;
    let mut keys = RecordKeys::default();
    let enabled = |r| view.profile.is_enabled(r);
    if enabled("duplicate.id001") {
        if let Some(id) = record
            .control_value("001")
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            keys.text.reserve(id.len() + 64);
            keys.text.push_str(id);
            keys.id001 = Some((hash_bytes(id.as_bytes()), id.len()));
        }
    }
    if enabled("duplicate.isbn") {
        let tag = match view.flavour {
            Flavour::Marc21 => "020",
            Flavour::Unimarc => "010",
        };
        for f in record.fields_by_tag(tag) {
            for v in f.subfield_values(b'a') {
                if let Ok(Some(n)) = isbn_to_13(v) {
                    if !keys.isbns.contains(&n) {
                        keys.isbns.push(n);
                    }
                }
            }
        }
    }
    if enabled("duplicate.match-key") {
        let (title, author, year) = title_author_year(record, view.flavour);
        // Folded straight into the record's key buffer; taken back out when too short.
        let start = keys.text.len();
        keys.text.reserve(title.len() + 32);
        text.search_key_into(&title, &mut keys.text);
        let title_chars = keys
            .text
            .get(start..)
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace())
            .count();
        if title_chars >= view.profile.thresholds.min_title_key_chars {
            keys.text.push('|');
            // Only the surname (the key's first word) of the author is kept.
            text.search_key_first_word_into(&author, &mut keys.text);
            keys.text.push('|');
            keys.text.push_str(year);
            keys.match_key = Some((
                hash_bytes(keys.text.as_bytes().get(start..).unwrap_or_default()),
                start,
            ));
        } else {
            keys.text.truncate(start);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonsorting_part_is_dropped() {
        assert_eq!(strip_nonsorting("\u{88}Le \u{89}monde"), "monde");
        assert_eq!(strip_nonsorting("\u{98}The \u{9C}end"), "end");
        assert!(matches!(strip_nonsorting("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn years() {
        assert_eq!(first_year("c1999, printed 2001"), Some("1999"));
        assert_eq!(first_year("[19--]"), None);
        assert_eq!(first_year("199"), None);
    }

    #[test]
    fn hashes_differ_and_repeat() {
        assert_eq!(hash_bytes(b"ocm123"), hash_bytes(b"ocm123"));
        assert_ne!(hash_bytes(b"ocm123"), hash_bytes(b"ocm124"));
        // Trailing zero bytes still count (the length is part of the hash).
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"a\0"));
        assert_ne!(mix(1), mix(2));
    }
}
