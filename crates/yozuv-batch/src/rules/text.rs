//! Characters and text: control characters, replacement characters and mojibake, NFC,
//! mixed-script (homoglyph) words and non-standard Uzbek apostrophes.
//!
//! Homoglyph and apostrophe detection go through [`TextInspector`]; [`BasicText`] is the
//! built-in version. `yozuv::text` provides the full one (with proposed fixes), plugged in with
//! [`crate::Validator::with_text`].

use unicode_normalization::UnicodeNormalization;
use yozuv::Field;

use super::{Emitter, FoundCharset, RecordView, Rule};
use crate::Flavour;

/// Text checks another crate can provide.
pub trait TextInspector: Send + Sync {
    /// The first word of `text` that mixes Latin and Cyrillic letters, if any.
    fn mixed_script_word(&self, text: &str) -> Option<String>;
    /// The first non-standard apostrophe in Uzbek Latin `text`: the character found and the
    /// one that should be there (U+02BB after o/g, U+02BC otherwise).
    fn nonstandard_apostrophe(&self, text: &str) -> Option<(char, char)>;
    /// A search/deduplication key: case-, script- and punctuation-folded.
    fn search_key(&self, text: &str) -> String;
    /// [`search_key`](Self::search_key) appended to `out` (for keys built in one buffer).
    fn search_key_into(&self, text: &str, out: &mut String) {
        out.push_str(&self.search_key(text));
    }
    /// The first word of [`search_key`](Self::search_key) (up to its first space), appended
    /// to `out`.
    fn search_key_first_word_into(&self, text: &str, out: &mut String) {
        out.push_str(self.search_key(text).split(' ').next().unwrap_or(""));
    }
    /// The text with its homoglyphs and (for Uzbek text) apostrophes repaired, when the
    /// inspector can propose a fix (carried in the diagnostic as the `fix` argument).
    fn proposed_fix(&self, _text: &str, _uzbek: bool) -> Option<String> {
        None
    }
    /// For ASCII text in an Uzbek record: [`nonstandard_apostrophe`](Self::nonstandard_apostrophe)
    /// and, when there is one, [`proposed_fix`](Self::proposed_fix) with `uzbek` true. An
    /// inspector may answer both at once (ASCII text has no homoglyphs to repair).
    fn ascii_apostrophe(&self, text: &str) -> Option<((char, char), Option<String>)> {
        let found = self.nonstandard_apostrophe(text)?;
        Some((found, self.proposed_fix(text, true)))
    }
}

/// The text checks of `yozuv::text` (the default inspector): homoglyph repair by the evidence
/// order of the text spec, canonical Uzbek apostrophes, and its search key.
///
/// ```
/// use yozuv_batch::rules::{TextInspector, YozuvText};
/// // Latin "o" inside a Cyrillic word.
/// assert_eq!(YozuvText.mixed_script_word("Ўзбекистoн тарихи").as_deref(), Some("Ўзбекистoн"));
/// assert_eq!(YozuvText.nonstandard_apostrophe("O'zbekiston"), Some(('\'', '\u{02BB}')));
/// assert_eq!(YozuvText.proposed_fix("O'zbekiston", true).as_deref(), Some("O\u{02BB}zbekiston"));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct YozuvText;

/// The word of `text` around byte `at`.
fn word_at(text: &str, at: usize) -> Option<String> {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))?;
    let is_word = |c: char| c.is_alphanumeric() || c == '\u{0301}';
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| at + i);
    (start < end).then(|| text[start..end].to_string())
}

fn only(homoglyphs: bool, apostrophes: bool, lang: yozuv::text::Lang) -> yozuv::text::FixOptions {
    yozuv::text::FixOptions {
        apostrophes,
        homoglyphs,
        nfc: false,
        roman_numerals: false,
        lang,
        script: None,
    }
}

/// The first one-character apostrophe repair of a `fix` result: (found, expected).
fn first_apostrophe_fix(fixed: &yozuv::text::Fixed<'_>) -> Option<(char, char)> {
    fixed.fixes.iter().find_map(|f| {
        let mut before = f.before.chars();
        let mut after = f.after.chars();
        match (before.next(), before.next(), after.next(), after.next()) {
            (Some(b), None, Some(a), None) if f.rule.starts_with("apostrophe") => Some((b, a)),
            _ => None,
        }
    })
}

impl TextInspector for YozuvText {
    fn mixed_script_word(&self, text: &str) -> Option<String> {
        let fixed = yozuv::text::fix(text, &only(true, false, yozuv::text::Lang::Auto));
        fixed
            .fixes
            .iter()
            .filter(|f| f.rule.starts_with("homoglyph"))
            .map(|f| f.start)
            .chain(
                fixed
                    .flags
                    .iter()
                    .filter(|f| f.rule.starts_with("homoglyph"))
                    .map(|f| f.start),
            )
            .min()
            .and_then(|at| word_at(text, at))
    }

    fn nonstandard_apostrophe(&self, text: &str) -> Option<(char, char)> {
        // Most text holds no apostrophe at all: nothing for `fix` to find (a tenth of the
        // cost of an Uzbek batch went to running it anyway).
        if !yozuv::text::has_apostrophe_like(text) {
            return None;
        }
        let fixed = yozuv::text::fix(text, &only(false, true, yozuv::text::Lang::UzbekLatin));
        first_apostrophe_fix(&fixed)
    }

    fn ascii_apostrophe(&self, text: &str) -> Option<((char, char), Option<String>)> {
        if !yozuv::text::has_apostrophe_like(text) {
            return None;
        }
        // In ASCII text there is no Cyrillic, so homoglyph repair and the declared script
        // (Lang::Uzbek vs UzbekLatin) change nothing: the apostrophe-only pass is the whole
        // proposed fix (one `fix` instead of two; long notes made this the costliest check
        // of Uzbek batches).
        let fixed = yozuv::text::fix(text, &only(false, true, yozuv::text::Lang::UzbekLatin));
        let found = first_apostrophe_fix(&fixed)?;
        let proposal = (!fixed.fixes.is_empty()).then(|| fixed.text.into_owned());
        Some((found, proposal))
    }

    fn search_key(&self, text: &str) -> String {
        yozuv::text::key::search_key(text)
    }

    fn search_key_into(&self, text: &str, out: &mut String) {
        yozuv::text::key::search_key_into(text, out);
    }

    fn search_key_first_word_into(&self, text: &str, out: &mut String) {
        yozuv::text::key::search_key_first_word_into(text, out);
    }

    fn proposed_fix(&self, text: &str, uzbek: bool) -> Option<String> {
        let lang = if uzbek {
            yozuv::text::Lang::Uzbek
        } else {
            yozuv::text::Lang::Auto
        };
        let fixed = yozuv::text::fix(text, &only(true, uzbek, lang));
        (!fixed.fixes.is_empty()).then(|| fixed.text.into_owned())
    }
}

/// The built-in text checks (until `yozuv::text` is wired in).
#[derive(Debug, Clone, Copy, Default)]
pub struct BasicText;

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' if c != '\u{00D7}' && c != '\u{00F7}')
}

const APOSTROPHE_LIKE: &[char] = &['\'', '`', '\u{2018}', '\u{2019}', '\u{00B4}'];

static FOLD: std::sync::OnceLock<std::collections::HashMap<char, &'static str>> =
    std::sync::OnceLock::new();

fn fold_table() -> &'static std::collections::HashMap<char, &'static str> {
    FOLD.get_or_init(|| {
        include_str!("../../data/fold.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let (k, v) = l.split_once('\t')?;
                let mut chars = k.chars();
                let c = chars.next()?;
                Some((c, v))
            })
            .collect()
    })
}

impl TextInspector for BasicText {
    fn mixed_script_word(&self, text: &str) -> Option<String> {
        text.split(|c: char| !(c.is_alphabetic() || c == '\u{0301}'))
            .find(|w| w.chars().any(is_cyrillic) && w.chars().any(is_latin))
            .map(str::to_string)
    }

    fn nonstandard_apostrophe(&self, text: &str) -> Option<(char, char)> {
        let chars: Vec<char> = text.chars().collect();
        for i in 1..chars.len().saturating_sub(1) {
            let c = chars[i];
            if !APOSTROPHE_LIKE.contains(&c) {
                continue;
            }
            let (before, after) = (chars[i - 1], chars[i + 1]);
            if !(is_latin(before) && is_latin(after)) {
                continue;
            }
            let expected = if matches!(before, 'o' | 'O' | 'g' | 'G') {
                '\u{02BB}'
            } else {
                '\u{02BC}'
            };
            return Some((c, expected));
        }
        None
    }

    fn search_key(&self, text: &str) -> String {
        let table = fold_table();
        let mut out = String::with_capacity(text.len());
        let mut space = true;
        for c in text.nfkc().flat_map(char::to_lowercase) {
            if APOSTROPHE_LIKE.contains(&c) || matches!(c, '\u{02BB}' | '\u{02BC}') {
                continue;
            }
            if let Some(m) = table.get(&c) {
                out.push_str(m);
                space = false;
            } else if c.is_alphanumeric() {
                out.push(c);
                space = false;
            } else if !space {
                out.push(' ');
                space = true;
            }
        }
        let trimmed = out.trim_end();
        // Uzbek Latin writes a word-initial Cyrillic е as "ye": fold both to "e".
        trimmed
            .split(' ')
            .map(|w| {
                w.strip_prefix("ye")
                    .map_or(w.to_string(), |r| format!("e{r}"))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Signatures of text that went through a bad conversion: U+FFFD's UTF-8 bytes read as
/// CP1251 or Latin-1.
const MOJIBAKE: &[&str] = &["пїЅ", "ï¿½"];

/// The character and text rules, in one pass over every subfield.
pub struct TextRule {
    inspector: std::sync::Arc<dyn TextInspector>,
}

impl TextRule {
    /// The rule using `inspector` for homoglyphs and apostrophes.
    pub fn new(inspector: std::sync::Arc<dyn TextInspector>) -> Self {
        TextRule { inspector }
    }
}

fn control_allowed(c: char, flavour: Flavour) -> bool {
    // UNIMARC marks non-sorting text with NSB/NSE (ISO 6630: 0x88/0x89, in UTF-8 records
    // also U+0098/U+009C).
    flavour == Flavour::Unimarc && matches!(c, '\u{88}' | '\u{89}' | '\u{98}' | '\u{9C}')
}

impl Rule for TextRule {
    fn ids(&self) -> Vec<&'static str> {
        vec![
            "chars.control",
            "chars.replacement",
            "chars.not-nfc",
            "text.mixed-script",
            "text.apostrophe",
        ]
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        let control = out.enabled("chars.control");
        let replacement = out.enabled("chars.replacement");
        let nfc = out.enabled("chars.not-nfc") && view.text_reliable;
        let mixed = out.enabled("text.mixed-script") && view.text_reliable;
        let uzbek = view.is_uzbek();
        let apostrophe = out.enabled("text.apostrophe") && view.text_reliable && uzbek;
        if !(control || replacement || nfc || mixed || apostrophe) {
            return;
        }
        let text_flavor = match view.flavour {
            Flavour::Marc21 => yozuv::text::Flavor::Marc21,
            Flavour::Unimarc => yozuv::text::Flavor::Unimarc,
        };
        // With a lossy decode of 8-bit bytes every non-ASCII byte is U+FFFD: not a finding
        // of its own (charset.declared-mismatch or the decoder says what is wrong).
        let fffd = view.found != FoundCharset::EightBit || view.text_reliable;
        // MARC-8 and ISO 2022-style sets switch with ESC: not a stray control until decoded.
        let esc_ok = view.found != FoundCharset::Utf8 && !view.text_reliable;
        for (i, field) in view.record.fields.iter().enumerate() {
            match field {
                Field::Control { value, .. } => {
                    // Plain ASCII without a control byte (nearly every control field) holds
                    // no control character at all.
                    if control && !yozuv::text::ascii::is_printable(value.as_bytes()) {
                        if let Some(c) = value
                            .chars()
                            .find(|&c| c.is_control() && !(esc_ok && c == '\u{1b}'))
                        {
                            out.field("chars.control", i, vec![("char", code_point(c).into())]);
                        }
                    }
                }
                Field::Data { tag, subfields, .. } => {
                    for (j, s) in subfields.iter().enumerate() {
                        // Looked up only when a text rule could fire (the policy is a table scan).
                        let is_text =
                            || yozuv::text::is_text_subfield(text_flavor, tag.as_str(), s.code);
                        let v = s.value.as_str();
                        // Any non-ASCII byte, any ASCII control? Most subfields are printable
                        // ASCII, which one pass over the bytes (eight at a time) tells.
                        let (high, ascii_control) =
                            if yozuv::text::ascii::is_printable(v.as_bytes()) {
                                (false, false)
                            } else {
                                yozuv::text::ascii::classify(v.as_bytes())
                            };
                        let ascii = !high;
                        // One pass over the text: the first control character, and which
                        // scripts occur (a mixed-script word needs both).
                        let mut bad_control = None;
                        let (mut cyrillic, mut latin) = (false, false);
                        if ascii {
                            if control && ascii_control {
                                bad_control = v
                                    .chars()
                                    .find(|&c| c.is_control() && !(esc_ok && c == '\u{1b}'));
                            }
                        } else {
                            (bad_control, cyrillic, latin) =
                                scan_non_ascii(v, control, ascii_control, esc_ok, view.flavour);
                        }
                        if let Some(c) = bad_control {
                            out.subfield(
                                "chars.control",
                                i,
                                j,
                                vec![("char", code_point(c).into())],
                            );
                        }
                        if ascii {
                            if apostrophe && is_text() {
                                if let Some(((found, expected), fixed)) =
                                    self.inspector.ascii_apostrophe(v)
                                {
                                    let mut args = vec![
                                        ("found", code_point(found).into()),
                                        ("expected", code_point(expected).into()),
                                    ];
                                    if let Some(fixed) = fixed {
                                        args.push(("fix", fixed.into()));
                                    }
                                    out.subfield("text.apostrophe", i, j, args);
                                }
                            }
                            continue;
                        }
                        // U+FFFD (EF BF BD) and both mojibake signatures hold the byte BF:
                        // without it there is nothing to search for.
                        if replacement && memchr::memchr(0xBF, v.as_bytes()).is_some() {
                            let bad = if fffd && v.contains('\u{FFFD}') {
                                Some("\u{FFFD}")
                            } else {
                                MOJIBAKE.iter().copied().find(|m| v.contains(m))
                            };
                            if let Some(bad) = bad {
                                out.subfield("chars.replacement", i, j, vec![("text", bad.into())]);
                            }
                        }
                        if nfc && !is_nfc(v) {
                            out.subfield("chars.not-nfc", i, j, vec![]);
                        }
                        let wants_text = (mixed && cyrillic && latin) || apostrophe;
                        if !wants_text || !is_text() {
                            continue;
                        }
                        if mixed && cyrillic && latin {
                            if let Some(word) = self.inspector.mixed_script_word(v) {
                                let mut args = vec![("word", word.into())];
                                if let Some(fixed) = self.inspector.proposed_fix(v, uzbek) {
                                    args.push(("fix", fixed.into()));
                                }
                                out.subfield("text.mixed-script", i, j, args);
                            }
                        }
                        if apostrophe {
                            if let Some((found, expected)) =
                                self.inspector.nonstandard_apostrophe(v)
                            {
                                let mut args = vec![
                                    ("found", code_point(found).into()),
                                    ("expected", code_point(expected).into()),
                                ];
                                if let Some(fixed) = self.inspector.proposed_fix(v, true) {
                                    args.push(("fix", fixed.into()));
                                }
                                out.subfield("text.apostrophe", i, j, args);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What the per-character pass over a value with non-ASCII text finds: the first control
/// character to report (`control` on; ESC allowed when `esc_ok`; UNIMARC's NSB/NSE allowed),
/// and whether Cyrillic (U+0400..U+052F) and Latin letters (ASCII, U+00C0..U+024F but × ÷)
/// occur. It reads UTF-8 lead and second bytes instead of decoding characters: the ranges
/// above are whole lead bytes or a lead byte and a bound on the next one.
/// `ascii_control` says whether `v` holds any C0 or DEL byte at all (known from the pass
/// before).
fn scan_non_ascii(
    v: &str,
    control: bool,
    ascii_control: bool,
    esc_ok: bool,
    flavour: Flavour,
) -> (Option<char>, bool, bool) {
    let bytes = v.as_bytes();
    let (mut bad_control, mut cyrillic, mut latin) = (None, false, false);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            // A run of ASCII at once (most of a value even in non-Latin scripts: spaces,
            // digits, punctuation).
            let run = bytes.get(i..).unwrap_or_default();
            let run = run
                .get(..yozuv::text::ascii::prefix_len(run))
                .unwrap_or_default();
            latin = latin || run.iter().any(u8::is_ascii_alphabetic);
            if control && ascii_control && bad_control.is_none() {
                bad_control = run
                    .iter()
                    .find(|&&b| (b < 0x20 || b == 0x7f) && !(esc_ok && b == 0x1b))
                    .map(|&b| char::from(b));
            }
            i += run.len();
            continue;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        match b {
            // C2 80..9F: the C1 controls (C2 A0..BF, Latin-1 signs, are neither letters nor controls).
            0xC2 if next < 0xA0 => {
                let c = char::from(next);
                if control && bad_control.is_none() && !control_allowed(c, flavour) {
                    bad_control = Some(c);
                }
            }
            // U+00C0..U+00FF: letters except × (C3 97) and ÷ (C3 B7).
            0xC3 => latin |= next != 0x97 && next != 0xB7,
            // U+0100..U+023F.
            0xC4..=0xC8 => latin = true,
            // U+0240..U+024F.
            0xC9 => latin |= next < 0x90,
            // U+0400..U+04FF.
            0xD0..=0xD3 => cyrillic = true,
            // U+0500..U+052F.
            0xD4 => cyrillic |= next < 0xB0,
            _ => {}
        }
        i += match b {
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        };
    }
    (bad_control, cyrillic, latin)
}

/// Whether `v` is in NFC (the quick check of UAX #15, normalizing only on its "Maybe").
fn is_nfc(v: &str) -> bool {
    yozuv::text::nfc::is_nfc(v)
}

/// `U+02BB ʻ` style name of a character (controls without the glyph).
pub(crate) fn code_point(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} {c}", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule's former per-character loop, kept as the reference for [`scan_non_ascii`].
    fn scan_chars(
        v: &str,
        control: bool,
        esc_ok: bool,
        flavour: Flavour,
    ) -> (Option<char>, bool, bool) {
        let (mut bad_control, mut cyrillic, mut latin) = (None, false, false);
        for c in v.chars() {
            if c.is_ascii() {
                latin |= c.is_ascii_alphabetic();
                if control && bad_control.is_none() && c.is_control() && !(esc_ok && c == '\u{1b}')
                {
                    bad_control = Some(c);
                }
                continue;
            }
            if is_cyrillic(c) {
                cyrillic = true;
            } else if is_latin(c) {
                latin = true;
            } else if control
                && bad_control.is_none()
                && c.is_control()
                && !control_allowed(c, flavour)
            {
                bad_control = Some(c);
            }
        }
        (bad_control, cyrillic, latin)
    }

    /// Every character, alone and between others, in every mode: the byte scan finds what
    /// the character loop finds.
    #[test]
    fn byte_scan_matches_character_loop() {
        let mut inputs = Vec::new();
        for u in 0x80..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            inputs.push(format!("{c}"));
            if u < 0x3000 {
                inputs.push(format!("1{c}\u{1b}x"));
                inputs.push(format!("\u{1b}{c}\u{7}\u{85}"));
                inputs.push(format!("{c}\u{98}\u{9f}ж"));
            }
        }
        for v in &inputs {
            for flavour in [Flavour::Marc21, Flavour::Unimarc] {
                for (control, esc_ok) in [(true, false), (true, true), (false, false)] {
                    let ascii_control = v.bytes().any(|b| b < 0x20 || b == 0x7f);
                    assert_eq!(
                        scan_non_ascii(v, control, ascii_control, esc_ok, flavour),
                        scan_chars(v, control, esc_ok, flavour),
                        "{v:?} control={control} esc_ok={esc_ok} {flavour:?}"
                    );
                }
            }
        }
    }

    /// NFC checked from the last ASCII character on gives what checking all of it gives.
    #[test]
    fn nfc_check_matches_full_normalization() {
        let marks = [
            "\u{301}",
            "\u{308}\u{301}",
            "\u{327}",
            "\u{93c}",
            "\u{301}\u{327}",
        ];
        let bases = ["", "e", "Ce", "Ka", "Ж", "x ", "ab.", "\u{915}"];
        let tails = ["", "z", "\u{e9}", " \u{41}\u{30a}"];
        for head in ["", "Tit", "A b "] {
            for base in bases {
                for mark in marks {
                    for tail in tails {
                        let v = format!("{head}{base}{mark}{tail}");
                        assert_eq!(is_nfc(&v), v.nfc().eq(v.chars()), "{v:?}");
                    }
                }
            }
        }
        for v in [
            "",
            "plain",
            "caf\u{e9}",
            "cafe\u{301}",
            "\u{1e9b}\u{323}",
            "\u{958}",
        ] {
            assert_eq!(is_nfc(v), v.nfc().eq(v.chars()), "{v:?}");
        }
    }
}
