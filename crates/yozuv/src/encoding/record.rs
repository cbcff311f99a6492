//! Decoding whole records (the bridge from [`RawRecord`] to [`Record`]) and writing
//! records in MARC-8 or UTF-8.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::error::{Damage, Error, Warning};
use crate::raw::{DecodeText, RawRecord, Text};
use crate::{Field, Position, Record};
use crate::{FIELD_TERMINATOR, RECORD_TERMINATOR, SUBFIELD_DELIMITER};

use super::detect::{detect_with, guess_flavor, looks_double_encoded, Detection, Flavor};
use super::{
    decode_bytes, encode_marc8, find_mojibake, undo_double_encoding, Charset, ProblemKind,
};

/// How [`RawRecord::decode`] decodes.
#[derive(Debug, Clone, Copy)]
pub struct DecodeOptions {
    /// Decode every record as this charset, whatever it declares or holds
    /// (`--assume-charset`). No mismatch is reported then; invalid bytes still are.
    pub assume: Option<Charset>,
    /// The flavour, when known; otherwise `guess_flavor` decides per record.
    pub flavor: Option<Flavor>,
    /// The flavour heuristic used when `flavor` is `None`.
    pub guess_flavor: fn(&RawRecord<'_>) -> Flavor,
    /// Put UTF-8 input in NFC too (text converted from other sets always is). Off by
    /// default so that UTF-8 records are kept byte for byte.
    pub normalize_utf8: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            assume: None,
            flavor: None,
            guess_flavor,
            normalize_utf8: false,
        }
    }
}

impl DecodeOptions {
    /// Options that decode everything as `charset`.
    pub fn assume(charset: Charset) -> Self {
        DecodeOptions {
            assume: Some(charset),
            ..DecodeOptions::default()
        }
    }
}

impl<'a> RawRecord<'a> {
    /// Detects this record's charset (see [`detect_with`]), with `options`' flavour.
    pub fn detect_charset(&self, options: &DecodeOptions) -> Detection {
        let flavor = options
            .flavor
            .unwrap_or_else(|| (options.guess_flavor)(self));
        detect_with(self, flavor)
    }

    /// Decodes the record into an owned UTF-8 [`Record`]: by its bytes, whatever it
    /// declares. The record's warnings then say where the declaration and the bytes
    /// disagree (`encoding.charset-mismatch`), where text was encoded twice and undone
    /// (`encoding.double-encoded`), where text was already destroyed
    /// (`encoding.mojibake`, never "repaired"), and every invalid byte
    /// (`encoding.invalid-bytes`, decoded as U+FFFD).
    ///
    /// ```
    /// use yozuv::encoding::DecodeOptions;
    /// use yozuv::iso2709::{ReadMode, SliceReader};
    /// let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/encoding/pymarc-1251.dat")).unwrap();
    /// let raw = SliceReader::new(&data, ReadMode::Permissive).next().unwrap().unwrap();
    /// let record = raw.decode(&DecodeOptions::default()).unwrap();
    /// assert_eq!(record.first_subfield("245", b'a'), Some("Основы гидравлического расчета инженерных сетей"));
    /// assert!(record.warnings.iter().any(|w| w.damage.id() == "encoding.charset-mismatch"));
    /// ```
    pub fn decode(&self, options: &DecodeOptions) -> Result<Record, Error> {
        let mut record = Record::default();
        self.decode_into(options, &mut record)?;
        Ok(record)
    }

    /// Like [`RawRecord::decode`], but fills `record` in place, reusing its allocations
    /// (see [`RawRecord::to_record_into`]).
    ///
    /// ```
    /// use yozuv::encoding::DecodeOptions;
    /// use yozuv::iso2709::{ReadMode, SliceReader};
    /// use yozuv::Record;
    /// let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/encoding/pymarc-1251.dat")).unwrap();
    /// let mut record = Record::default();
    /// for raw in SliceReader::new(&data, ReadMode::Permissive) {
    ///     raw.unwrap().decode_into(&DecodeOptions::default(), &mut record).unwrap();
    ///     assert!(record.first_subfield("245", b'a').is_some());
    /// }
    /// ```
    pub fn decode_into(&self, options: &DecodeOptions, record: &mut Record) -> Result<(), Error> {
        let mut extra = Vec::new();
        // A MARC 21 record that declares UTF-8 and is valid UTF-8 throughout, with no ESC
        // and nothing that reads as double encoding, is UTF-8 and agrees with its
        // declaration: what `detect_with` would conclude, without its per-field statistics.
        // simdutf8: whole records are validated on every decode; SIMD makes it ~5× cheaper.
        let bytes = self.as_bytes();
        let valid_whole = simdutf8::basic::from_utf8(bytes).ok();
        // Everything before the first byte over 0x7F is ASCII: the searches below for
        // byte patterns of double encoding and mojibake (which all start with such a byte)
        // need only look from there, and an ASCII record needs none of them.
        let non_ascii = &bytes[ascii_prefix_len(bytes)..];
        // What `RawRecord::byte_kind` would find, known now for free.
        self.note_byte_kind(non_ascii.is_empty(), valid_whole.is_some());
        let plain_utf8 =
            options.assume.is_none() && self.is_plain_utf8(valid_whole, non_ascii, options);
        let (charset, double) = match options.assume {
            Some(c) => (c, None),
            None if plain_utf8 => (Charset::Utf8, None),
            None => {
                let detection = self.detect_charset(options);
                if !detection.agrees() {
                    let at = detection
                        .evidence
                        .first_clue
                        .unwrap_or(detection.declared.position);
                    if detection.declared.charset != Some(detection.found) {
                        extra.push(Warning {
                            position: at,
                            damage: Damage::CharsetMismatch {
                                declared: detection
                                    .declared
                                    .charset
                                    .map_or("unknown", Charset::name),
                                declaration: detection.declared.describe().into(),
                                found: detection.found.name(),
                            },
                        });
                    }
                    if let Some(via) = detection.double_encoded {
                        extra.push(Warning {
                            position: at,
                            damage: Damage::DoubleEncoded { via: via.name() },
                        });
                    }
                }
                (detection.found, detection.double_encoded)
            }
        };
        let normalize = options.normalize_utf8;
        // UTF-8 records are validated once, whole: the delimiters and terminators are ASCII,
        // so each text of a valid record is a valid slice of it, found by its address
        // instead of being validated again.
        let whole = if charset == Charset::Utf8 && double.is_none() {
            valid_whole
        } else {
            None
        };
        // Valid UTF-8 taken as is has nothing to report when no text can hold a byte pattern
        // of mojibake (see `report_mojibake`) and nothing to normalise: then each text is
        // copied from the validated record, with no check per text.
        let quiet = whole.is_some() && !normalize && !may_hold_mojibake(non_ascii);
        self.fill_record(
            record,
            &mut TextDecoder {
                whole,
                quiet,
                charset,
                double,
                normalize,
            },
        );
        if !extra.is_empty() {
            let at = self.warnings().len().min(record.warnings.len());
            record.warnings.splice(at..at, extra);
        }
        Ok(())
    }
}

/// How [`RawRecord::decode_into`] decodes each text of a record.
struct TextDecoder<'a> {
    /// The whole record as text, when it is valid UTF-8 and decoded as such.
    whole: Option<&'a str>,
    /// Texts found in `whole` are copied as they are (nothing to report, nothing to normalise).
    quiet: bool,
    charset: Charset,
    double: Option<Charset>,
    normalize: bool,
}

impl DecodeText for TextDecoder<'_> {
    #[inline(always)]
    fn decode_text(&mut self, text: Text<'_>, warnings: &mut Vec<Warning>, out: &mut String) {
        let valid = self
            .whole
            .and_then(|all| all.get(text.start..text.start + text.bytes.len()));
        match valid {
            Some(valid) if self.quiet => out.push_str(valid),
            _ => decode_field(
                text.bytes,
                valid,
                self.charset,
                self.double,
                self.normalize,
                text.position(),
                warnings,
                out,
            ),
        }
    }
}

impl RawRecord<'_> {
    /// True when `detect_with` would find UTF-8 agreeing with a MARC 21 UTF-8 declaration
    /// (leader/09 `a`) with nothing to report: the record (`valid_whole`, when valid UTF-8)
    /// has no ESC and nothing that reads as double encoding.
    /// `non_ascii` is the record from its first byte over 0x7F on (every byte pattern of
    /// double encoding starts with one).
    fn is_plain_utf8(
        &self,
        valid_whole: Option<&str>,
        non_ascii: &[u8],
        options: &DecodeOptions,
    ) -> bool {
        self.leader().coding_scheme() == b'a'
            && valid_whole.is_some_and(|all| {
                memchr::memchr(0x1B, all.as_bytes()).is_none() && !looks_double_encoded(non_ascii)
            })
            && options
                .flavor
                .unwrap_or_else(|| (options.guess_flavor)(self))
                == Flavor::Marc21
    }
}

/// How many bytes `bytes` starts with that are ASCII, checked 16 at a time.
pub(crate) fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut at = 0;
    for block in bytes.chunks_exact(16) {
        if block.iter().fold(0u8, |all, &b| all | b) >= 0x80 {
            break;
        }
        at += 16;
    }
    at + bytes[at..]
        .iter()
        .position(|&b| b >= 0x80)
        .unwrap_or(bytes.len() - at)
}

/// False when no text among `bytes` can make `report_mojibake` report anything: every
/// pattern it looks for holds a byte BD or 85.
fn may_hold_mojibake(bytes: &[u8]) -> bool {
    memchr::memchr2(0xBD, 0x85, bytes).is_some()
}

/// Decodes one text of a record, adding its problems to `warnings`. `valid` is `bytes` as
/// text when it is already known to be valid UTF-8.
#[allow(clippy::too_many_arguments)]
// Out of line: the decoder's closure, which calls it only off its fast path, stays small
// enough to be inlined into the loop over a record's texts.
#[inline(never)]
pub(crate) fn decode_field(
    bytes: &[u8],
    valid: Option<&str>,
    charset: Charset,
    double: Option<Charset>,
    normalize_utf8: bool,
    position: Position,
    warnings: &mut Vec<Warning>,
    out: &mut String,
) {
    // Fast path: ASCII is the same in every set, and valid UTF-8 is taken as is.
    match charset {
        Charset::Utf8 if double.is_none() => {
            if let Some(s) = valid.or_else(|| std::str::from_utf8(bytes).ok()) {
                if !s.is_ascii() {
                    report_mojibake(s, bytes, true, position, warnings);
                    if normalize_utf8 && is_nfc_quick(s.chars()) != IsNormalized::Yes {
                        out.extend(s.nfc());
                        return;
                    }
                }
                out.push_str(s);
                return;
            }
        }
        Charset::Marc8 => {
            if bytes.is_ascii() && memchr::memchr2(0x1B, b'&', bytes).is_none() {
                push_ascii(bytes, out);
                return;
            }
        }
        _ => {
            if bytes.is_ascii() && memchr::memchr(0x1B, bytes).is_none() {
                push_ascii(bytes, out);
                return;
            }
        }
    }
    let (mut text, problems) = decode_bytes(bytes, charset);
    let clean = problems.is_empty();
    for p in problems {
        let damage = match p.kind {
            ProblemKind::InvalidBytes { charset, .. } => Damage::InvalidEncoding {
                charset: charset.name().to_string(),
            },
            ProblemKind::InvalidEscape => Damage::EscapeInvalid,
        };
        warnings.push(Warning {
            position: position.at_byte(position.byte + p.offset as u64),
            damage,
        });
    }
    if let Some(via) = double {
        if let Some(undone) = undo_double_encoding(&text, via) {
            text = undone;
        }
    }
    if charset == Charset::Utf8
        && normalize_utf8
        && !text.is_ascii()
        && is_nfc_quick(text.chars()) != IsNormalized::Yes
    {
        text = text.nfc().collect();
    }
    if !matches!(
        charset,
        Charset::Marc8 | Charset::Iso5426 | Charset::Iso5427 | Charset::Iso5428
    ) {
        // A U+FFFD of our own making (for invalid bytes) is already reported.
        report_mojibake(&text, bytes, clean, position, warnings);
    }
    if out.is_empty() {
        *out = text;
    } else {
        out.push_str(&text);
    }
}

/// Appends bytes already checked to be ASCII (the hot path of every decode). UTF-8
/// validation of ASCII is a vectorised scan, cheap enough to keep the crate free of `unsafe`.
fn push_ascii(bytes: &[u8], out: &mut String) {
    debug_assert!(bytes.is_ascii());
    out.push_str(&String::from_utf8_lossy(bytes));
}

/// Reports text destroyed before it reached us. `bytes` are the source bytes (a quick
/// test for the byte patterns of "\u{FFFD}", "пїЅ" and "ï¿½" in UTF-8 or Windows-1251).
fn report_mojibake(
    text: &str,
    bytes: &[u8],
    with_fffd: bool,
    position: Position,
    warnings: &mut Vec<Warning>,
) {
    static FINDERS: std::sync::OnceLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        [
            memchr::memmem::Finder::new(b"\xEF\xBF\xBD"),
            memchr::memmem::Finder::new(b"\xD1\x97\xD0\x85"),
            memchr::memmem::Finder::new(b"\xC2\xBF\xC2\xBD"),
        ]
    });
    // Every pattern holds BD or 85: most texts have neither and need no search.
    if !may_hold_mojibake(bytes) || !finders.iter().any(|f| f.find(bytes).is_some()) {
        return;
    }
    if let Some(snippet) = find_mojibake(text, with_fffd) {
        warnings.push(Warning {
            position,
            damage: Damage::Mojibake {
                text: snippet.into(),
            },
        });
    }
}

/// Writes `record` as ISO 2709 in `target` (`Charset::Marc8` or `Charset::Utf8`), with
/// the declaration set to match (MARC 21 leader/09 blank or `a`; UNIMARC 100$a/26-29
/// `50  ` for UTF-8) and lengths recomputed. Returns the bytes and a warning
/// (`encoding.unmappable`) for each character written as `&#xHHHH;`.
///
/// ```
/// use yozuv::encoding::{encode_record, decode_bytes, Charset, Flavor};
/// use yozuv::{Field, Leader, Record, Subfield, Tag, Indicators};
/// let mut record = Record::new(Leader(*b"00000nam a2200000   4500"));
/// record.push(Field::Data { tag: Tag::from_str_lossy("245"), indicators: Indicators(*b"10"),
///     subfields: vec![Subfield { code: b'a', value: "Ili͡ushin".into() }] });
/// let (bytes, warnings) = encode_record(&record, Charset::Marc8, Flavor::Marc21).unwrap();
/// assert_eq!(bytes[9], b' ');
/// assert!(warnings.is_empty());
/// assert!(bytes.windows(10).any(|w| w == b"Il\xebi\xecushin"));
/// ```
pub fn encode_record(
    record: &Record,
    target: Charset,
    flavor: Flavor,
) -> Result<(Vec<u8>, Vec<Warning>), Error> {
    let position = Position::new(0, 0);
    let mut leader = record.leader;
    let mut warnings = Vec::new();
    match (target, flavor) {
        (Charset::Marc8, Flavor::Marc21) => leader.0[9] = b' ',
        (Charset::Utf8, Flavor::Marc21) => leader.0[9] = b'a',
        (Charset::Utf8, Flavor::Unimarc) => {}
        (other, _) => {
            return Err(Error::Encode {
                position,
                detail: format!(
                    "writing {} records in {other} is not supported",
                    match flavor {
                        Flavor::Marc21 => "MARC 21",
                        Flavor::Unimarc => "UNIMARC",
                    }
                ),
            })
        }
    }
    let mut encode = |text: &str, at: Position| -> Vec<u8> {
        if target == Charset::Utf8 {
            return text.as_bytes().to_vec();
        }
        let (bytes, unmappable) = encode_marc8(text);
        for u in unmappable {
            warnings.push(Warning {
                position: at,
                damage: Damage::Unmappable {
                    character: u.character,
                    charset: target.name(),
                },
            });
        }
        bytes
    };
    let mut fields: Vec<(crate::Tag, Vec<u8>)> = Vec::with_capacity(record.fields.len());
    let mut unimarc_100_done = false;
    for field in &record.fields {
        let at = position.with_tag(field.tag());
        let mut data = Vec::new();
        match field {
            Field::Control { value, .. } => data.extend(encode(value, at)),
            Field::Data {
                tag,
                indicators,
                subfields,
            } => {
                data.extend_from_slice(&indicators.0);
                for s in subfields {
                    data.push(SUBFIELD_DELIMITER);
                    data.push(s.code);
                    let mut value = s.value.clone();
                    if flavor == Flavor::Unimarc
                        && *tag == "100"
                        && s.code == b'a'
                        && !unimarc_100_done
                    {
                        unimarc_100_done = true;
                        value = unimarc_100a_utf8(&value);
                    }
                    data.extend(encode(&value, at.with_subfield(s.code)));
                }
            }
        }
        data.push(FIELD_TERMINATOR);
        fields.push((field.tag(), data));
    }
    let bytes = assemble(leader, &fields, position)?;
    Ok((bytes, warnings))
}

/// 100$a with positions 26-29 set to `50  ` (UTF-8), padded if short.
fn unimarc_100a_utf8(value: &str) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    if chars.len() < 30 {
        chars.resize(30, ' ');
    }
    chars.splice(26..30, "50  ".chars());
    chars.into_iter().collect()
}

fn assemble(
    mut leader: crate::Leader,
    fields: &[(crate::Tag, Vec<u8>)],
    position: Position,
) -> Result<Vec<u8>, Error> {
    let base = 24 + 12 * fields.len() + 1;
    let data_len: usize = fields.iter().map(|(_, d)| d.len()).sum();
    let total = base + data_len + 1;
    if total > 99_999 {
        return Err(Error::TooLong {
            position,
            reason: format!("record is {total} bytes, over 99,999"),
            length: total,
            limit: 99_999,
        });
    }
    leader.set_record_length(total);
    leader.set_base_address(base);
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&leader.0);
    let mut start = 0usize;
    for (tag, data) in fields {
        if data.len() > 9999 {
            return Err(Error::TooLong {
                position: position.with_tag(*tag),
                reason: format!("field {tag} is {} bytes, over 9,999", data.len()),
                length: data.len(),
                limit: 9999,
            });
        }
        out.extend_from_slice(tag.as_bytes());
        out.extend_from_slice(format!("{:04}{:05}", data.len(), start).as_bytes());
        start += data.len();
    }
    out.push(FIELD_TERMINATOR);
    for (_, data) in fields {
        out.extend_from_slice(data);
    }
    out.push(RECORD_TERMINATOR);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iso2709::{ReadMode, SliceReader};
    use proptest::prelude::*;

    /// The general path of [`RawRecord::decode_into`], as it was before its shortcuts (one
    /// scan of the whole record for double encoding, each text through `decode_field`,
    /// a fresh `Record`): the shortcuts must give the same record and warnings.
    fn decode_reference(raw: &RawRecord<'_>, options: &DecodeOptions) -> Result<Record, Error> {
        let mut extra = Vec::new();
        let valid_whole = std::str::from_utf8(raw.as_bytes()).ok();
        let plain_utf8 = options.assume.is_none()
            && raw.leader().coding_scheme() == b'a'
            && valid_whole.is_some_and(|all| {
                !all.as_bytes().contains(&0x1B)
                    && !super::super::detect::looks_double_encoded_reference(all.as_bytes())
            })
            && options
                .flavor
                .unwrap_or_else(|| (options.guess_flavor)(raw))
                == Flavor::Marc21;
        let (charset, double) = match options.assume {
            Some(c) => (c, None),
            None if plain_utf8 => (Charset::Utf8, None),
            None => {
                let detection = raw.detect_charset(options);
                if !detection.agrees() {
                    let at = detection
                        .evidence
                        .first_clue
                        .unwrap_or(detection.declared.position);
                    if detection.declared.charset != Some(detection.found) {
                        extra.push(Warning {
                            position: at,
                            damage: Damage::CharsetMismatch {
                                declared: detection
                                    .declared
                                    .charset
                                    .map_or("unknown", Charset::name),
                                declaration: detection.declared.describe().into(),
                                found: detection.found.name(),
                            },
                        });
                    }
                    if let Some(via) = detection.double_encoded {
                        extra.push(Warning {
                            position: at,
                            damage: Damage::DoubleEncoded { via: via.name() },
                        });
                    }
                }
                (detection.found, detection.double_encoded)
            }
        };
        let mut record = raw.to_record_with(&mut |bytes, position, warnings| {
            let mut out = String::new();
            decode_field(
                bytes,
                None,
                charset,
                double,
                options.normalize_utf8,
                position,
                warnings,
                &mut out,
            );
            out
        })?;
        if !extra.is_empty() {
            let at = raw.warnings().len().min(record.warnings.len());
            record.warnings.splice(at..at, extra);
        }
        Ok(record)
    }

    fn option_sets() -> Vec<DecodeOptions> {
        vec![
            DecodeOptions::default(),
            DecodeOptions {
                normalize_utf8: true,
                ..DecodeOptions::default()
            },
            DecodeOptions {
                flavor: Some(Flavor::Unimarc),
                ..DecodeOptions::default()
            },
            DecodeOptions::assume(Charset::Utf8),
            DecodeOptions::assume(Charset::Marc8),
            DecodeOptions::assume(Charset::Cp1251),
        ]
    }

    /// Decodes every record of `data` into one reused `Record` (as the validator does) and
    /// checks it against a fresh decode by the general path. Returns how many records.
    fn check_against_reference(data: &[u8], options: &DecodeOptions, what: &str) -> usize {
        let mut reused = Record::default();
        let mut n = 0;
        for raw in SliceReader::new(data, ReadMode::Permissive).flatten() {
            let expected = decode_reference(&raw, options);
            let got = raw.decode_into(options, &mut reused);
            // The byte kind the decoder noted is the one found by looking at the bytes.
            let kind = if raw.as_bytes().is_ascii() {
                crate::raw::ByteKind::Ascii
            } else if std::str::from_utf8(raw.as_bytes()).is_ok() {
                crate::raw::ByteKind::Utf8
            } else {
                crate::raw::ByteKind::Other
            };
            assert_eq!(raw.byte_kind(), kind, "{what} record {}", raw.number());
            match expected {
                Ok(expected) => {
                    assert!(got.is_ok(), "{what} record {}", raw.number());
                    assert_eq!(reused, expected, "{what} record {}", raw.number());
                }
                Err(e) => assert_eq!(got.err().map(|e| e.to_string()), Some(e.to_string())),
            }
            n += 1;
        }
        n
    }

    fn test_files() -> Vec<std::path::PathBuf> {
        crate::test_data::iso2709_files()
    }

    /// Every ISO 2709 file of the shared and the repository's test data (UTF-8, MARC-8,
    /// ISO 5426, code pages, double-encoded and damaged records), with every set of options.
    #[test]
    fn decode_into_matches_general_path_on_test_data() {
        let files = test_files();
        assert!(files.len() > 50, "{} files", files.len());
        let mut records = 0;
        for options in option_sets() {
            for path in &files {
                let Ok(data) = std::fs::read(path) else {
                    continue;
                };
                records += check_against_reference(&data, &options, &path.display().to_string());
            }
        }
        assert!(records > 1000, "{records} records");
    }

    /// Texts that are double encoded, or hold the byte patterns of mojibake, among plain
    /// UTF-8 ones: the shortcuts must step aside for them.
    #[test]
    fn decode_into_matches_general_path_on_tricky_texts() {
        let texts: [&[u8]; 8] = [
            b"plain ascii",
            "Основы гидравлики".as_bytes(),
            "CafÃ© Ã©tÃ©".as_bytes(),
            "РћСЃРЅРѕРІС‹".as_bytes(),
            "broken \u{FFFD} text".as_bytes(),
            "пїЅ and ï¿½".as_bytes(),
            b"\x1b(3 escape",
            b"bad \xff\xfe bytes",
        ];
        for a in texts {
            for b in texts {
                for scheme in [b'a', b' '] {
                    let data = record_with(scheme, &[a, b]);
                    for options in option_sets() {
                        check_against_reference(&data, &options, &format!("{a:?} {b:?}"));
                    }
                }
            }
        }
    }

    /// A MARC 21 record (leader/09 = `scheme`) with a 001 and a 245 holding `texts` as
    /// subfields $a, $b, ...
    fn record_with(scheme: u8, texts: &[&[u8]]) -> Vec<u8> {
        let mut f245 = b"10".to_vec();
        for (i, t) in texts.iter().enumerate() {
            f245.push(0x1F);
            f245.push(b'a' + i as u8);
            f245.extend_from_slice(t);
        }
        f245.push(0x1E);
        let f001 = b"id1\x1e".to_vec();
        let base = 24 + 2 * 12 + 1;
        let total = base + f001.len() + f245.len() + 1;
        let mut out = format!("{total:05}nam{}a22{base:05}   4500", scheme as char).into_bytes();
        out.extend_from_slice(format!("001{:04}{:05}", f001.len(), 0).as_bytes());
        out.extend_from_slice(format!("245{:04}{:05}", f245.len(), f001.len()).as_bytes());
        out.push(0x1E);
        out.extend_from_slice(&f001);
        out.extend_from_slice(&f245);
        out.push(0x1D);
        out
    }

    fn sample_records() -> Vec<Vec<u8>> {
        let mut samples = Vec::new();
        for path in test_files() {
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            for raw in SliceReader::new(&data, ReadMode::Permissive)
                .flatten()
                .take(3)
            {
                samples.push(raw.as_bytes().to_vec());
            }
        }
        samples
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// Real records with random bytes overwritten (delimiters, terminators, bytes of
        /// double encoding and mojibake, any byte), decoded one after the other into one
        /// `Record`: the same as the general path.
        #[test]
        fn decode_into_matches_general_path_on_mutated_records(
            picks in proptest::collection::vec((any::<prop::sample::Index>(), proptest::collection::vec(
                (any::<prop::sample::Index>(), prop_oneof![
                    Just(0x1Fu8), Just(0x1E), Just(0xC3), Just(0xD0), Just(0xA0), Just(0xBD), Just(0x85),
                    Just(0x1B), Just(b'a'), any::<u8>()
                ]), 0..6)), 1..4),
            options in 0..6usize,
        ) {
            static SAMPLES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
            let samples = SAMPLES.get_or_init(sample_records);
            let mut data = Vec::new();
            for (which, edits) in picks {
                let mut record = samples[which.index(samples.len())].clone();
                for (at, byte) in edits {
                    // Leave the leader alone half the time so most records still parse.
                    let i = at.index(record.len());
                    if i >= 24 || byte % 2 == 0 {
                        record[i] = byte;
                    }
                }
                data.extend_from_slice(&record);
            }
            check_against_reference(&data, &option_sets()[options], "mutated");
        }

        /// The one-pass search for double encoding and the word-at-a-time search for
        /// delimiters agree with their plain forms on any bytes.
        #[test]
        fn byte_searches_match_plain_forms(
            data in proptest::collection::vec(prop_oneof![
                Just(0xC3u8), Just(0xD0), Just(0xD1), Just(0xA0), Just(0xA1), Just(0x85),
                Just(0x8F), Just(0xC2), Just(0xE2), Just(0x1F), Just(b'a'), any::<u8>()
            ], 0..120),
        ) {
            prop_assert_eq!(
                super::super::detect::looks_double_encoded(&data),
                super::super::detect::looks_double_encoded_reference(&data)
            );
            for start in 0..data.len().min(40) {
                prop_assert_eq!(
                    crate::raw::find_delimiter(&data[start..]),
                    data[start..].iter().position(|&b| b == 0x1F)
                );
            }
            prop_assert_eq!(
                ascii_prefix_len(&data),
                data.iter().position(|&b| b >= 0x80).unwrap_or(data.len())
            );
        }

        /// Random texts (any bytes, leaning to UTF-8 and its double-encoded forms) in a
        /// record declared UTF-8 and one declared MARC-8.
        #[test]
        fn decode_into_matches_general_path_on_random_texts(
            texts in proptest::collection::vec(prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..40),
                "\\PC{0,20}".prop_map(|s| s.into_bytes()),
                "[а-яА-ЯÃ©Ð°Ñ ]{0,20}".prop_map(|s| s.into_bytes()),
            ], 1..5),
        ) {
            let texts: Vec<Vec<u8>> = texts
                .into_iter()
                .map(|t| t.into_iter().filter(|&b| b != 0x1D && b != 0x1E && b != 0x1F).collect())
                .collect();
            let refs: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
            for scheme in [b'a', b' '] {
                let data = record_with(scheme, &refs);
                for options in option_sets() {
                    check_against_reference(&data, &options, "random");
                }
            }
        }
    }

    /// Wherever the shortcut of `decode` applies, the full detection finds UTF-8 that agrees
    /// with the declaration and is not double encoded; over UTF-8, MARC-8, code-page and
    /// double-encoded samples, both outcomes occur.
    #[test]
    fn plain_utf8_shortcut_agrees_with_detection() {
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/encoding"),
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/testdata/marc21/utf8"
            ),
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/testdata/marc21/marc8"
            ),
        ];
        let options = DecodeOptions::default();
        let (mut shortcut, mut full) = (0, 0);
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if !matches!(ext, "mrc" | "dat" | "marc" | "iso") {
                    continue;
                }
                let Ok(data) = std::fs::read(&path) else {
                    continue;
                };
                for raw in SliceReader::new(&data, ReadMode::Permissive).flatten() {
                    let valid = std::str::from_utf8(raw.as_bytes()).ok();
                    if raw.is_plain_utf8(valid, raw.as_bytes(), &options) {
                        shortcut += 1;
                        let d = raw.detect_charset(&options);
                        assert_eq!(d.found, Charset::Utf8, "{path:?} {}", raw.number());
                        assert_eq!(d.double_encoded, None, "{path:?} {}", raw.number());
                        assert!(d.agrees(), "{path:?} {}", raw.number());
                    } else {
                        full += 1;
                    }
                }
            }
        }
        assert!(
            shortcut > 10 && full > 10,
            "shortcut {shortcut}, full {full}"
        );
    }
}
