//! What a record declares about its character set, what its bytes are, and whether the
//! two agree.

use std::sync::OnceLock;

use crate::raw::RawRecord;
use crate::{Position, Tag};

use super::{undo_double_encoding, Charset};

/// The two record formats, as far as character sets are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// MARC 21: the charset is declared in leader/09.
    Marc21,
    /// UNIMARC (and RUSMARC): the charset is declared in 100$a/26-29.
    Unimarc,
}

/// A simple local flavour heuristic (a full detector lives elsewhere): UNIMARC when the
/// record has a 100 field whose $a is at least 36 characters and neither 008 nor 245,
/// or when it has neither 008 nor 245 and leader/09 is not blank or `a`.
pub fn guess_flavor(raw: &RawRecord<'_>) -> Flavor {
    let mut marc21_tags = false;
    let mut long_100a = false;
    for f in raw.fields() {
        if f.tag() == "008" || f.tag() == "245" {
            // Settles it: MARC 21 whatever else the record holds.
            marc21_tags = true;
            break;
        } else if f.tag() == "100" && !long_100a {
            long_100a = f
                .subfields()
                .any(|(code, value)| code == b'a' && value.len() >= 36);
        }
    }
    if marc21_tags {
        return Flavor::Marc21;
    }
    if long_100a || !matches!(raw.leader().coding_scheme(), b' ' | b'a') {
        Flavor::Unimarc
    } else {
        Flavor::Marc21
    }
}

/// What a record says about its character set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The charset declared, if the code is one we know.
    pub charset: Option<Charset>,
    /// Where: `leader/09` or `100$a/26-29`.
    pub place: &'static str,
    /// The code found there, as text (`" "`, `"a"`, `"0189"`, ...; empty when absent).
    pub code: String,
    /// Position of the code in the input.
    pub position: Position,
}

impl Declaration {
    /// `leader/09 ' '` or `100$a/26-29 "0189"`, for messages.
    pub fn describe(&self) -> String {
        format!("{} {:?}", self.place, self.code)
    }
}

/// Reads the declaration: leader/09 for MARC 21, 100$a/26-29 for UNIMARC.
pub fn declaration(raw: &RawRecord<'_>, flavor: Flavor) -> Declaration {
    match flavor {
        Flavor::Marc21 => {
            let b = raw.leader().coding_scheme();
            Declaration {
                charset: match b {
                    b' ' => Some(Charset::Marc8),
                    b'a' => Some(Charset::Utf8),
                    _ => None,
                },
                place: "leader/09",
                code: char::from(b).to_string(),
                position: Position::new(raw.number(), raw.offset() + 9),
            }
        }
        Flavor::Unimarc => {
            let mut found = None;
            for f in raw.fields().filter(|f| f.tag() == "100") {
                let mut subs = f.subfields();
                loop {
                    let at = subs.offset();
                    let Some((code, value)) = subs.next() else {
                        break;
                    };
                    if code == b'a' {
                        found = Some((value, at + 2, f.tag()));
                        break;
                    }
                }
                if found.is_some() {
                    break;
                }
            }
            let position = |byte: u64, tag: Tag| {
                Position::new(raw.number(), byte)
                    .with_tag(tag)
                    .with_subfield(b'a')
            };
            match found {
                Some((value, at, tag)) if value.len() >= 28 => {
                    let code = &value[26..value.len().min(30)];
                    Declaration {
                        charset: unimarc_charset(code),
                        place: "100$a/26-29",
                        code: String::from_utf8_lossy(code).into_owned(),
                        position: position(at + 26, tag),
                    }
                }
                Some((value, at, tag)) => Declaration {
                    charset: None,
                    place: "100$a/26-29",
                    code: String::from_utf8_lossy(value.get(26..).unwrap_or_default()).into_owned(),
                    position: position(at, tag),
                },
                None => Declaration {
                    charset: None,
                    place: "100$a/26-29",
                    code: String::new(),
                    position: raw.position(),
                },
            }
        }
    }
}

/// The charset of UNIMARC 100$a/26-29: two two-character codes, G0 then G1.
fn unimarc_charset(code: &[u8]) -> Option<Charset> {
    let g0 = code.get(0..2)?;
    let g1 = code.get(2..4).unwrap_or(b"  ");
    let by_code = |c: &[u8]| -> Option<Charset> {
        Some(match c {
            b"50" => Charset::Utf8,
            b"89" => Charset::Cp1251,
            b"99" => Charset::Koi8R,
            b"79" => Charset::Cp866,
            b"03" => Charset::Iso5426,
            b"02" | b"04" => Charset::Iso5427,
            b"05" => Charset::Iso5428,
            b"01" => Charset::Iso646,
            _ => return None,
        })
    };
    match (by_code(g0), by_code(g1)) {
        (Some(Charset::Utf8), _) => Some(Charset::Utf8),
        (Some(Charset::Iso646), Some(g1)) => Some(g1),
        (Some(g0), _) => Some(g0),
        (None, g1) => g1,
    }
}

/// What the bytes of a record show, field data only (leader and directory excluded).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// Bytes of field data looked at.
    pub bytes: usize,
    /// Bytes >= 0x80.
    pub high_bytes: usize,
    /// Valid MARC-8 escape sequences.
    pub escapes: usize,
    /// Valid multi-byte UTF-8 sequences.
    pub utf8_sequences: usize,
    /// Invalid UTF-8 sequences.
    pub invalid_utf8: usize,
    /// High bytes in runs of three or more (words of a single-byte code page; ANSEL
    /// diacritics come alone or in pairs before an ASCII letter).
    pub high_byte_runs: usize,
    /// Fields that read as UTF-8 encoded twice.
    pub double_encoded_fields: usize,
    /// Fields with non-ASCII UTF-8 that does not read as double encoded.
    pub single_encoded_fields: usize,
    /// Letter-statistics scores of the Cyrillic code pages, when they were compared.
    pub scores: Vec<(Charset, i64)>,
    /// Where the first byte that tells the charset is (first escape or high byte).
    pub first_clue: Option<Position>,
}

/// The result of [`detect`].
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The flavour used to find the declaration.
    pub flavor: Flavor,
    /// What the record declares.
    pub declared: Declaration,
    /// What the bytes are: the charset to decode with.
    pub found: Charset,
    /// Set when the text is UTF-8 that was encoded twice, via this code page.
    pub double_encoded: Option<Charset>,
    /// The facts the decision rests on.
    pub evidence: Evidence,
}

impl Detection {
    /// True when the bytes are what the record declares. Pure ASCII (no high byte, no
    /// escape) agrees with any declaration, even one we do not know: that is a matter
    /// for the leader checks, not for the character set.
    pub fn agrees(&self) -> bool {
        self.declared.charset == Some(self.found) && self.double_encoded.is_none()
            || (self.evidence.high_bytes == 0 && self.evidence.escapes == 0)
    }
}

/// Detects a record's charset with the local flavour heuristic ([`guess_flavor`]).
///
/// ```
/// use yozuv::encoding::{detect, Charset};
/// use yozuv::iso2709::ReadMode;
/// let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/encoding/pymarc-utf8_without_leader_flag.dat")).unwrap();
/// let raw = yozuv::RawRecord::parse(&bytes, 1, 0, ReadMode::Permissive).unwrap();
/// let d = detect(&raw);
/// assert_eq!((d.declared.charset, d.found), (Some(Charset::Marc8), Charset::Utf8));
/// ```
pub fn detect(raw: &RawRecord<'_>) -> Detection {
    detect_with(raw, guess_flavor(raw))
}

/// Detects a record's charset for a known flavour.
pub fn detect_with(raw: &RawRecord<'_>, flavor: Flavor) -> Detection {
    let declared = declaration(raw, flavor);
    let mut ev = Evidence::default();
    let marc8 = super::tables::marc8();
    // Most records are plain ASCII: one pass over the whole data area settles that.
    let bytes = raw.as_bytes();
    let data_start = raw
        .entries()
        .iter()
        .map(|e| e.start as usize)
        .min()
        .unwrap_or(0)
        .min(bytes.len());
    let area = &bytes[data_start..];
    let plain = area.is_ascii() && memchr::memchr(0x1B, area).is_none();
    for f in raw.fields().filter(|_| !plain) {
        let data = f.data();
        ev.bytes += data.len();
        if data.is_ascii() {
            if let Some(i) = memchr::memchr(0x1B, data) {
                let n = count_escapes(data, marc8);
                if n > 0 && ev.first_clue.is_none() {
                    ev.first_clue = Some(clue(raw, f.offset() + i as u64, f.tag()));
                }
                ev.escapes += n;
            }
            continue;
        }
        if memchr::memchr(0x1B, data).is_some() {
            ev.escapes += count_escapes(data, marc8);
        }
        // Valid UTF-8 (the common case) is counted with vectorizable filters; only
        // other bytes go through the byte-by-byte heuristics.
        let valid_field = std::str::from_utf8(data).ok();
        let counts = match valid_field {
            Some(_) => HighByteCounts {
                first: data.iter().position(|&b| b >= 0x80).unwrap_or(0),
                high: data.iter().filter(|&&b| b >= 0x80).count(),
                in_runs: 0,
                utf8: data.iter().filter(|&&b| b >= 0xC0).count(),
                invalid: 0,
            },
            None => scan_high_bytes(data),
        };
        if ev.first_clue.is_none() {
            ev.first_clue = Some(clue(raw, f.offset() + counts.first as u64, f.tag()));
        }
        ev.high_bytes += counts.high;
        ev.utf8_sequences += counts.utf8;
        ev.high_byte_runs += counts.in_runs;
        ev.invalid_utf8 += counts.invalid;
        if valid_field.is_none() {
            // The heuristic can miss what the validator refuses (overlong forms).
            ev.invalid_utf8 += usize::from(counts.invalid == 0);
        }
        if let Some(text) = valid_field {
            if looks_double_encoded(data)
                && (undo_double_encoding(text, Charset::Latin1).is_some()
                    || undo_double_encoding(text, Charset::Cp1251).is_some())
            {
                ev.double_encoded_fields += 1;
            } else {
                ev.single_encoded_fields += 1;
            }
        }
    }
    if plain {
        ev.bytes = raw.fields().map(|f| f.data().len()).sum();
    }
    let mut double_encoded = None;
    let found = decide(raw, &declared, &mut ev, flavor);
    // Each field is undone only when it reads as encoded twice, so one such field is
    // enough to look at the others.
    if found == Charset::Utf8 && ev.double_encoded_fields > 0 {
        double_encoded = double_encoding_via(raw);
    }
    Detection {
        flavor,
        declared,
        found,
        double_encoded,
        evidence: ev,
    }
}

/// What one pass over a field's bytes finds.
struct HighByteCounts {
    first: usize,
    high: usize,
    in_runs: usize,
    utf8: usize,
    invalid: usize,
}

/// One pass: the first high byte, high bytes, high bytes in runs of three or more, and
/// well-formed and broken UTF-8 sequences (by lead and continuation bytes: a
/// heuristic, not a validator).
fn scan_high_bytes(data: &[u8]) -> HighByteCounts {
    let mut c = HighByteCounts {
        first: usize::MAX,
        high: 0,
        in_runs: 0,
        utf8: 0,
        invalid: 0,
    };
    let mut run = 0usize;
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b < 0x80 {
            if run >= 3 {
                c.in_runs += run;
            }
            run = 0;
            i += 1;
            continue;
        }
        c.first = c.first.min(i);
        let need = match b {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => 0,
        };
        let ok = need > 0
            && data
                .get(i + 1..i + 1 + need)
                .is_some_and(|t| t.iter().all(|&x| (0x80..0xC0).contains(&x)));
        let step = if ok {
            c.utf8 += 1;
            1 + need
        } else {
            c.invalid += 1;
            1
        };
        c.high += step;
        run += step;
        i += step;
    }
    if run >= 3 {
        c.in_runs += run;
    }
    if c.first == usize::MAX {
        c.first = 0;
    }
    c
}

/// A cheap test on valid UTF-8 bytes: could this be UTF-8 encoded twice? Latin-1 /
/// Windows-1252 double encoding writes a lead byte as U+00C2..U+00F4 (`C3 82`..`C3 B4`)
/// followed by a continuation written as U+0080..U+00BF (`C2 80`..`C2 BF`) or a
/// Windows-1252 punctuation character (`C5`, `C6`, `CB`, `E2`). Windows-1251 double
/// encoding writes the lead bytes D0/D1 as "Р"/"С" (`D0 A0`/`D0 A1`) followed by a
/// continuation read as one of Ђ..џ, ‚„…†‡€‰‹‘’“”•–—™› or the Latin-1-like signs.
pub(super) fn looks_double_encoded(data: &[u8]) -> bool {
    let at = |i: usize| data.get(i).copied().unwrap_or(0);
    // One pass for both patterns: C3 starts the first; A0 and A1 are the second bytes of
    // "Р" and "С" (D0 A0, D0 A1) that start the second. (Lower-case Cyrillic never holds
    // A0 or A1, so in Cyrillic text the hits are few; a memmem searcher per pattern costs
    // more to set up than this search.)
    memchr::memchr3_iter(0xC3, 0xA0, 0xA1, data).any(|i| {
        if data[i] == 0xC3 {
            let (b1, b2) = (at(i + 1), at(i + 2));
            return (0x82..=0xB4).contains(&b1) && matches!(b2, 0xC2 | 0xC5 | 0xC6 | 0xCB | 0xE2);
        }
        if i == 0 || data[i - 1] != 0xD0 {
            return false;
        }
        let (b2, b3) = (at(i + 1), at(i + 2));
        match b2 {
            0xD0 => (0x80..=0x8F).contains(&b3),
            0xD1 => (0x90..=0x9F).contains(&b3),
            0xC2 | 0xE2 => true,
            _ => false,
        }
    })
}

/// The first form of [`looks_double_encoded`] (a search per pattern), kept to check the
/// one-pass form against.
#[cfg(test)]
pub(super) fn looks_double_encoded_reference(data: &[u8]) -> bool {
    let at = |i: usize| data.get(i).copied().unwrap_or(0);
    for i in memchr::memchr_iter(0xC3, data) {
        let (b1, b2) = (at(i + 1), at(i + 2));
        if (0x82..=0xB4).contains(&b1) && matches!(b2, 0xC2 | 0xC5 | 0xC6 | 0xCB | 0xE2) {
            return true;
        }
    }
    for needle in [&b"\xD0\xA0"[..], &b"\xD0\xA1"[..]] {
        for i in memchr::memmem::find_iter(data, needle) {
            let (b2, b3) = (at(i + 2), at(i + 3));
            let next_is_continuation_sign = match b2 {
                0xD0 => (0x80..=0x8F).contains(&b3),
                0xD1 => (0x90..=0x9F).contains(&b3),
                0xC2 | 0xE2 => true,
                _ => false,
            };
            if next_is_continuation_sign {
                return true;
            }
        }
    }
    false
}

fn clue(raw: &RawRecord<'_>, byte: u64, tag: Tag) -> Position {
    Position::new(raw.number(), byte).with_tag(tag)
}

fn count_escapes(data: &[u8], tables: &super::tables::Tables) -> usize {
    memchr::memchr_iter(0x1B, data)
        .filter(|&i| super::iso2022::is_escape(&data[i..], tables))
        .count()
}

/// Which code page the double encoding went through (the one more fields undo through),
/// when the record holds enough evidence that it really is double encoded.
///
/// A field that merely *can* be undone is not enough: genuine text such as "Â¡" (Â then an
/// inverted exclamation mark) is also valid UTF-8 once written back in Latin-1. The record is
/// taken as double encoded only when the fields that undo hold
/// * two or more double-encoded characters in all ("Ã©tÃ©" → "été", "РћСЃРЅРѕРІС‹" → "Основы"), or
/// * one character that is itself strong evidence (see [`double_encoded_sequences`]): a
///   three- or four-byte character ("â€™" → "’"), a sequence with a C1 control (U+0080..U+009F,
///   never in genuine text), or a letter sitting against a lower-case ASCII letter ("CafÃ©" →
///   "Café": the UTF-8 of every lower-case Latin-1 letter starts with the byte that Latin-1
///   shows as the capital "Ã", and a capital does not follow a lower-case letter in a word).
///
/// A lone two-byte sequence with no such sign ("Â¡", or Portuguese "IRMÃ»") is left alone.
fn double_encoding_via(raw: &RawRecord<'_>) -> Option<Charset> {
    let mut via_1251 = DoubleEncodingEvidence::default();
    let mut via_latin1 = DoubleEncodingEvidence::default();
    for f in raw.fields().filter(|f| !f.data().is_ascii()) {
        if let Ok(t) = std::str::from_utf8(f.data()) {
            via_1251.add(t, Charset::Cp1251);
            via_latin1.add(t, Charset::Latin1);
        }
    }
    let (via, evidence) = if via_1251.fields > via_latin1.fields {
        (Charset::Cp1251, via_1251)
    } else {
        (Charset::Latin1, via_latin1)
    };
    (evidence.characters >= 2 || evidence.strong).then_some(via)
}

/// What the fields that undo through one code page hold.
#[derive(Default)]
struct DoubleEncodingEvidence {
    fields: usize,
    characters: usize,
    strong: bool,
}

impl DoubleEncodingEvidence {
    fn add(&mut self, text: &str, via: Charset) {
        if undo_double_encoding(text, via).is_none() {
            return;
        }
        let (characters, strong) = double_encoded_sequences(text, via);
        self.fields += 1;
        self.characters += characters;
        self.strong |= strong;
    }
}

/// The byte `c` stands for when UTF-8 bytes were read through `via` (Latin-1 with the
/// Windows-1252 punctuation in 0x80..0x9F, or Windows-1251).
fn byte_via(c: char, via: Charset) -> Option<u8> {
    if c.is_ascii() {
        return u8::try_from(c).ok();
    }
    let mut buf = [0u8; 4];
    let one = c.encode_utf8(&mut buf);
    match via {
        Charset::Cp1251 => {
            let (b, _, errors) = encoding_rs::WINDOWS_1251.encode(one);
            (!errors && b.len() == 1).then(|| b[0])
        }
        _ if (c as u32) < 0x100 => u8::try_from(c as u32).ok(),
        _ => {
            let (b, _, errors) = encoding_rs::WINDOWS_1252.encode(one);
            (!errors && b.len() == 1).then(|| b[0])
        }
    }
}

/// Counts the characters of `text` that are UTF-8 sequences read through `via` (a lead
/// byte 0xC2..0xF4 followed by its 0x80..0xBF continuations), and says whether one of them
/// is strong evidence on its own (see [`double_encoding_via`]).
fn double_encoded_sequences(text: &str, via: Charset) -> (usize, bool) {
    let chars: Vec<char> = text.chars().collect();
    let (mut count, mut strong) = (0usize, false);
    let mut i = 0;
    while i < chars.len() {
        let need = match chars.get(i).and_then(|&c| byte_via(c, via)) {
            Some(0xC2..=0xDF) => 1,
            Some(0xE0..=0xEF) => 2,
            Some(0xF0..=0xF4) => 3,
            _ => 0,
        };
        let tail = chars.get(i + 1..i + 1 + need).unwrap_or(&[]);
        let mut bytes = Vec::with_capacity(need + 1);
        bytes.extend(chars.get(i).and_then(|&c| byte_via(c, via)));
        bytes.extend(tail.iter().filter_map(|&c| byte_via(c, via)));
        let decoded = (need > 0 && tail.len() == need)
            .then(|| std::str::from_utf8(&bytes).ok())
            .flatten()
            .and_then(|s| s.chars().next());
        let Some(decoded) = decoded else {
            i += 1;
            continue;
        };
        count += 1;
        let c1_control = tail.iter().any(|&c| ('\u{80}'..='\u{9F}').contains(&c));
        let lower_neighbour = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_ascii_lowercase())
        };
        let inside_word = decoded.is_alphabetic()
            && (lower_neighbour(i.checked_sub(1)) || lower_neighbour(Some(i + 1 + need)));
        strong |= need >= 2 || c1_control || inside_word;
        i += 1 + need;
    }
    (count, strong)
}

fn decide(
    raw: &RawRecord<'_>,
    declared: &Declaration,
    ev: &mut Evidence,
    flavor: Flavor,
) -> Charset {
    let declared_or_default = declared.charset.unwrap_or(match flavor {
        Flavor::Marc21 => Charset::Utf8,
        Flavor::Unimarc => Charset::Iso646,
    });
    if ev.high_bytes == 0 && ev.escapes == 0 {
        return declared_or_default;
    }
    if ev.escapes > 0 && (ev.utf8_sequences == 0 || ev.invalid_utf8 > 0) {
        return Charset::Marc8;
    }
    if ev.invalid_utf8 == 0 && ev.utf8_sequences > 0 {
        return Charset::Utf8;
    }
    // 8-bit text that is not (all) valid UTF-8.
    if ev.utf8_sequences > 0 && ev.utf8_sequences >= 2 * ev.invalid_utf8 {
        // Mostly UTF-8 with some broken bytes (reported one by one when decoding).
        return Charset::Utf8;
    }
    if ev.high_byte_runs * 2 > ev.high_bytes {
        // Words written in a single-byte Cyrillic code page.
        ev.scores = score_code_pages(raw);
        let best = ev
            .scores
            .iter()
            .max_by_key(|&&(_, s)| s)
            .map_or(Charset::Cp1251, |&(c, _)| c);
        let best_score = ev.scores.iter().map(|&(_, s)| s).max().unwrap_or(0);
        // ISO 5427 in G1 puts the Cyrillic letters where KOI8-R has them.
        let scored_as = |c: Charset| {
            if c == Charset::Iso5427 {
                Charset::Koi8R
            } else {
                c
            }
        };
        if let Some(d) = declared
            .charset
            .filter(|&c| c.is_cyrillic_code_page() || c == Charset::Iso5427)
        {
            let ds = ev
                .scores
                .iter()
                .find(|(c, _)| *c == scored_as(d))
                .map_or(0, |&(_, s)| s);
            if ds * 10 >= best_score * 9 {
                return d;
            }
        }
        return best;
    }
    // A byte MARC-8 gives no meaning to (C1 controls other than NSB, NSE, ZWJ, ZWNJ; 0xA0;
    // 0xFF) is no evidence for MARC-8: keep a UTF-8 declaration and let the decoder report
    // the bytes that are not UTF-8, instead of claiming the record is MARC-8.
    if declared.charset == Some(Charset::Utf8)
        && flavor == Flavor::Marc21
        && has_non_marc8_byte(raw)
    {
        return Charset::Utf8;
    }
    match declared.charset {
        Some(Charset::Utf8) | None => match flavor {
            Flavor::Marc21 => Charset::Marc8,
            Flavor::Unimarc => Charset::Iso5426,
        },
        Some(c) => c,
    }
}

/// True when some field holds a byte that has no meaning in MARC-8.
fn has_non_marc8_byte(raw: &RawRecord<'_>) -> bool {
    raw.fields().any(|f| {
        f.data()
            .iter()
            .any(|&b| matches!(b, 0x80..=0x87 | 0x8A..=0x8C | 0x8F..=0xA0 | 0xFF))
    })
}

fn letter_weights() -> &'static [(char, i64)] {
    static W: OnceLock<Vec<(char, i64)>> = OnceLock::new();
    W.get_or_init(|| {
        include_str!("../../data/charsets/russian-letters.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (c, w) = l.split_once('\t')?;
                Some((c.chars().next()?, w.trim().parse().ok()?))
            })
            .collect()
    })
}

/// Scores what the record's high bytes would spell in each Cyrillic code page:
/// frequent lowercase Russian letters score high, capitals little, anything else
/// (box drawing, symbols, Latin-1 letters) is penalised.
fn score_code_pages(raw: &RawRecord<'_>) -> Vec<(Charset, i64)> {
    let weights = letter_weights();
    let mut high = Vec::new();
    for f in raw.fields() {
        high.extend(f.data().iter().copied().filter(|&b| b >= 0x80));
    }
    [
        Charset::Cp1251,
        Charset::Koi8R,
        Charset::Cp866,
        Charset::Iso8859_5,
    ]
    .iter()
    .map(|&cs| {
        let (text, _) = cs
            .code_page()
            .map(|e| e.decode_without_bom_handling(&high))
            .unwrap_or_default();
        let score = text
            .chars()
            .map(|c| {
                if let Some(&(_, w)) = weights.iter().find(|&&(l, _)| l == c) {
                    w
                } else if ('А'..='Я').contains(&c) || c == 'Ё' {
                    50
                } else if ('а'..='я').contains(&c) {
                    20
                } else if c == '№' || c == '«' || c == '»' || c == '–' || c == '—' {
                    10
                } else {
                    -300
                }
            })
            .sum();
        (cs, score)
    })
    .collect()
}
