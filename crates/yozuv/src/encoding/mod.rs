//! Character sets: MARC-8, UNIMARC sets (ISO 5426/5427/5428), legacy Cyrillic code pages, and detection.
//!
//! Every reader decodes through this module, so a [`Record`](crate::Record) is always
//! UTF-8; the [`RawRecord`](crate::RawRecord) keeps the original bytes.
//!
//! * [`decode_bytes`] decodes one text in a known [`Charset`] and lists every problem.
//! * [`detect`] reads what a record declares (leader/09 for MARC 21, 100$a/26-29 for
//!   UNIMARC) and what its bytes are; [`RawRecord::decode`](crate::RawRecord::decode)
//!   decodes by the bytes and warns when the two disagree.
//! * [`encode_marc8`] and [`encode_record`] write MARC-8.
//!
//! ```
//! use yozuv::encoding::{decode_bytes, Charset};
//! let (text, problems) = decode_bytes(b"De la solitude \xe1a la communaut\xe2e.", Charset::Marc8);
//! assert_eq!(text, "De la solitude à la communauté.");
//! assert!(problems.is_empty());
//! ```

mod detect;
mod iso2022;
mod marc8;
mod record;
mod tables;

use std::fmt;
use std::str::FromStr;

pub use detect::{
    declaration, detect, detect_with, guess_flavor, Declaration, Detection, Evidence, Flavor,
};
pub use marc8::{encode_marc8, Unmappable};
pub use record::{encode_record, DecodeOptions};

use iso2022::State;

/// A character set a record's text can be in. [`Charset::name`] is stable (used in
/// warnings, reports and `--assume-charset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Charset {
    /// UTF-8 (MARC 21 leader/09 `a`, UNIMARC 100$a/26-27 `50`).
    Utf8,
    /// MARC-8 (MARC 21 leader/09 blank): ASCII + ANSEL, with escapes to the other LoC sets.
    Marc8,
    /// ISO 646 IRV (ASCII) alone (UNIMARC `01`).
    Iso646,
    /// ISO 646 + ISO 5426 extended Latin in G1 (UNIMARC `03`).
    Iso5426,
    /// ISO 646 + ISO 5427 (ISO registration #37) basic Cyrillic in G1 (UNIMARC `02`, `04`).
    Iso5427,
    /// ISO 646 + ISO 5428 Greek in G1 (UNIMARC `05`).
    Iso5428,
    /// ISO 8859-5 (Cyrillic).
    Iso8859_5,
    /// ISO 8859-1 (Latin-1): only as the code page UTF-8 was wrongly read as, or by `--assume-charset`.
    Latin1,
    /// Windows-1251 (RUSMARC `89`).
    Cp1251,
    /// KOI8-R (RUSMARC `99`).
    Koi8R,
    /// IBM code page 866 (RUSMARC `79`).
    Cp866,
}

impl Charset {
    /// Every charset, in a fixed order.
    pub const ALL: [Charset; 11] = [
        Charset::Utf8,
        Charset::Marc8,
        Charset::Iso646,
        Charset::Iso5426,
        Charset::Iso5427,
        Charset::Iso5428,
        Charset::Iso8859_5,
        Charset::Latin1,
        Charset::Cp1251,
        Charset::Koi8R,
        Charset::Cp866,
    ];

    /// The stable name: `utf-8`, `marc-8`, `iso-646`, `iso-5426`, `iso-5427`,
    /// `iso-5428`, `iso-8859-5`, `iso-8859-1`, `windows-1251`, `koi8-r`, `cp866`.
    pub fn name(self) -> &'static str {
        match self {
            Charset::Utf8 => "utf-8",
            Charset::Marc8 => "marc-8",
            Charset::Iso646 => "iso-646",
            Charset::Iso5426 => "iso-5426",
            Charset::Iso5427 => "iso-5427",
            Charset::Iso5428 => "iso-5428",
            Charset::Iso8859_5 => "iso-8859-5",
            Charset::Latin1 => "iso-8859-1",
            Charset::Cp1251 => "windows-1251",
            Charset::Koi8R => "koi8-r",
            Charset::Cp866 => "cp866",
        }
    }

    /// Looks a charset up by its stable name or a common alias (case-insensitive).
    ///
    /// ```
    /// use yozuv::encoding::Charset;
    /// assert_eq!(Charset::from_name("CP1251"), Some(Charset::Cp1251));
    /// assert_eq!(Charset::from_name("marc8"), Some(Charset::Marc8));
    /// ```
    pub fn from_name(name: &str) -> Option<Charset> {
        let n: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Some(match n.as_str() {
            "utf8" | "unicode" => Charset::Utf8,
            "marc8" | "ansel" => Charset::Marc8,
            "iso646" | "ascii" | "usascii" => Charset::Iso646,
            "iso5426" => Charset::Iso5426,
            "iso5427" => Charset::Iso5427,
            "iso5428" => Charset::Iso5428,
            "iso88595" | "latincyrillic" => Charset::Iso8859_5,
            "iso88591" | "latin1" | "windows1252" | "cp1252" => Charset::Latin1,
            "windows1251" | "cp1251" | "win1251" | "1251" => Charset::Cp1251,
            "koi8r" | "koi8" => Charset::Koi8R,
            "cp866" | "ibm866" | "866" | "dos866" => Charset::Cp866,
            _ => return None,
        })
    }

    /// True for the single-byte Cyrillic code pages told apart by letter statistics.
    pub fn is_cyrillic_code_page(self) -> bool {
        matches!(
            self,
            Charset::Cp1251 | Charset::Koi8R | Charset::Cp866 | Charset::Iso8859_5
        )
    }

    fn code_page(self) -> Option<&'static encoding_rs::Encoding> {
        Some(match self {
            Charset::Cp1251 => encoding_rs::WINDOWS_1251,
            Charset::Koi8R => encoding_rs::KOI8_R,
            Charset::Cp866 => encoding_rs::IBM866,
            Charset::Iso8859_5 => encoding_rs::ISO_8859_5,
            _ => return None,
        })
    }
}

impl fmt::Display for Charset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Charset {
    type Err = String;

    fn from_str(s: &str) -> Result<Charset, String> {
        Charset::from_name(s).ok_or_else(|| {
            let names: Vec<&str> = Charset::ALL.iter().map(|c| c.name()).collect();
            format!("unknown character set {s:?} (known: {})", names.join(", "))
        })
    }
}

/// Something wrong found while decoding or encoding one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset in the input text.
    pub offset: usize,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// The kinds of [`Problem`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// Bytes that are not valid in the charset; each became one U+FFFD.
    InvalidBytes {
        /// The charset decoded.
        charset: Charset,
        /// How many bytes.
        length: usize,
    },
    /// A MARC-8 escape sequence naming no known set; the ESC byte was kept as is.
    InvalidEscape,
}

/// Decodes `bytes` as `charset`. Nothing is dropped: a byte that is not valid becomes
/// U+FFFD and is listed in the problems with its offset. Text converted from a legacy
/// set (MARC-8, ISO 5426/5427/5428) comes out in NFC; UTF-8 is kept as it is.
///
/// ```
/// use yozuv::encoding::{decode_bytes, Charset};
/// let (text, problems) = decode_bytes(b"\xce\xf1\xed\xee\xe2\xfb", Charset::Cp1251);
/// assert_eq!((text.as_str(), problems.len()), ("Основы", 0));
/// ```
pub fn decode_bytes(bytes: &[u8], charset: Charset) -> (String, Vec<Problem>) {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut problems = Vec::new();
    decode_into(bytes, charset, &mut out, &mut problems);
    (out, problems)
}

fn decode_into(bytes: &[u8], charset: Charset, out: &mut String, problems: &mut Vec<Problem>) {
    if bytes.is_ascii()
        && (charset != Charset::Marc8 || memchr::memchr2(0x1B, b'&', bytes).is_none())
        && (charset == Charset::Utf8 || !bytes.contains(&0x1B))
    {
        // ASCII is the same in every supported set: no table look-ups.
        if let Ok(s) = std::str::from_utf8(bytes) {
            out.push_str(s);
        }
        return;
    }
    match charset {
        Charset::Utf8 => decode_utf8(bytes, out, problems),
        Charset::Marc8 => iso2022::decode(
            bytes,
            tables::marc8(),
            State {
                g0: iso2022::ASCII,
                g1: iso2022::ANSEL,
            },
            charset,
            true,
            out,
            problems,
        ),
        Charset::Iso646 | Charset::Iso5426 | Charset::Iso5427 | Charset::Iso5428 => {
            let g1 = match charset {
                Charset::Iso5426 => 0x50,
                Charset::Iso5427 => 0x4E,
                Charset::Iso5428 => 0x53,
                _ => 0,
            };
            iso2022::decode(
                bytes,
                tables::unimarc(),
                State { g0: 0x40, g1 },
                charset,
                false,
                out,
                problems,
            )
        }
        Charset::Latin1 => out.extend(bytes.iter().map(|&b| char::from(b))),
        Charset::Iso8859_5 | Charset::Cp1251 | Charset::Koi8R | Charset::Cp866 => {
            let Some(encoding) = charset.code_page() else {
                return;
            };
            // These code pages map every byte, so nothing can be lost here.
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            out.push_str(&text);
        }
    }
}

fn decode_utf8(mut bytes: &[u8], out: &mut String, problems: &mut Vec<Problem>) {
    let mut offset = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                out.push_str(std::str::from_utf8(&bytes[..valid]).unwrap_or_default());
                let bad = e.error_len().unwrap_or(bytes.len() - valid);
                problems.push(Problem {
                    offset: offset + valid,
                    kind: ProblemKind::InvalidBytes {
                        charset: Charset::Utf8,
                        length: bad,
                    },
                });
                out.push(char::REPLACEMENT_CHARACTER);
                offset += valid + bad;
                bytes = &bytes[valid + bad..];
            }
        }
    }
}

/// Undoes one round of double encoding: the text's characters, written back in `via`
/// ([`Charset::Cp1251`]; anything else means Latin-1 with Windows-1252), must form valid UTF-8 with at least one
/// non-ASCII character. Text that would come back holding U+FFFD is not "repaired"
/// (it was already destroyed).
pub fn undo_double_encoding(text: &str, via: Charset) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let bytes: Vec<u8> = match via {
        Charset::Cp1251 => {
            let (b, _, errors) = encoding_rs::WINDOWS_1251.encode(text);
            if errors {
                return None;
            }
            b.into_owned()
        }
        _ => {
            let mut b = Vec::with_capacity(text.len());
            for c in text.chars() {
                if (c as u32) < 0x100 {
                    b.push(c as u8);
                } else {
                    let mut buf = [0u8; 4];
                    let (e, _, errors) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
                    if errors || e.len() != 1 {
                        return None;
                    }
                    b.push(e[0]);
                }
            }
            b
        }
    };
    if bytes.is_ascii() {
        return None;
    }
    let s = String::from_utf8(bytes).ok()?;
    if s.contains(char::REPLACEMENT_CHARACTER) {
        return None;
    }
    Some(s)
}

/// Mojibake that cannot be undone: U+FFFD already in the text, or the UTF-8 bytes of
/// U+FFFD read as Windows-1251 ("пїЅ") or Latin-1 ("ï¿½"). Returns the damaged
/// snippet. `with_fffd: false` ignores plain U+FFFD (when the decoder put it there).
pub fn find_mojibake(text: &str, with_fffd: bool) -> Option<&str> {
    if text.is_ascii() {
        return None;
    }
    let patterns: &[&str] = if with_fffd {
        &["пїЅ", "ï¿½", "\u{FFFD}"]
    } else {
        &["пїЅ", "ï¿½"]
    };
    for pattern in patterns {
        if let Some(at) = text.find(pattern) {
            let start = text[..at].char_indices().rev().nth(8).map_or(0, |(i, _)| i);
            let end = text[at..]
                .char_indices()
                .nth(pattern.chars().count() + 8)
                .map_or(text.len(), |(i, _)| at + i);
            return Some(&text[start..end]);
        }
    }
    None
}
