//! Reading records in any serialization: the format is sniffed from the content
//! (never from a file name — real exports have MARCXML in files named `.mrc`).
//!
//! ```
//! use yozuv::{detect_format, AnyReader, Serialization};
//! assert_eq!(detect_format(b"<?xml version=\"1.0\"?><collection/>"), Serialization::MarcXml);
//! assert_eq!(detect_format(b"[{\"leader\":\"\"}]"), Serialization::Json);
//! assert_eq!(detect_format(b"=LDR  00000nam a2200000 i 4500\n"), Serialization::Mnemonic);
//! assert_eq!(detect_format(b"00714cam a2200205 a 4500"), Serialization::Iso2709);
//!
//! let mrk = "=LDR  00000nam a2200000 i 4500\n=001  x1\n";
//! let mut reader = AnyReader::open(mrk.as_bytes()).unwrap();
//! assert_eq!(reader.serialization(), Serialization::Mnemonic);
//! assert_eq!(reader.next().unwrap().unwrap().id(), Some("x1"));
//! ```

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::str::FromStr;

use crate::iso2709::{self, ReadMode};
use crate::{json, marcxml, mnemonic, Error, Position, Record};

/// A serialization of MARC records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Serialization {
    /// ISO 2709 (`.mrc`, `.iso`, `.dat`).
    Iso2709,
    /// MARCXML or MarcXchange.
    MarcXml,
    /// MARC-in-JSON: one object, an array, or JSON Lines.
    Json,
    /// Mnemonic text (MarcEdit `.mrk`, MARCMaker).
    Mnemonic,
}

impl Serialization {
    /// The short name used on the command line (`mrc`, `xml`, `json`, `mrk`).
    pub fn name(&self) -> &'static str {
        match self {
            Serialization::Iso2709 => "mrc",
            Serialization::MarcXml => "xml",
            Serialization::Json => "json",
            Serialization::Mnemonic => "mrk",
        }
    }
}

impl fmt::Display for Serialization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Serialization::Iso2709 => "ISO 2709",
            Serialization::MarcXml => "MARCXML",
            Serialization::Json => "MARC-in-JSON",
            Serialization::Mnemonic => "mnemonic text",
        })
    }
}

impl FromStr for Serialization {
    type Err = String;

    /// `mrc`/`iso2709`/`marc`/`iso`, `xml`/`marcxml`, `json`/`jsonl`/`ndjson`, `mrk`/`mnemonic`/`text`.
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "mrc" | "iso2709" | "marc" | "iso" | "dat" => Ok(Serialization::Iso2709),
            "xml" | "marcxml" | "marcxchange" => Ok(Serialization::MarcXml),
            "json" | "jsonl" | "ndjson" | "mij" => Ok(Serialization::Json),
            "mrk" | "mrk8" | "mnemonic" | "text" | "marcmaker" => Ok(Serialization::Mnemonic),
            other => Err(format!(
                "unknown serialization {other:?} (mrc, xml, json, mrk)"
            )),
        }
    }
}

/// The serialization of `head`, the first bytes of an input (a few hundred are plenty).
///
/// After a byte order mark and white space: `<` is XML, `{` or `[` JSON, `=` followed by
/// a tag or `LDR` mnemonic text; anything else is taken as ISO 2709 (whose reader reports
/// what it cannot frame, junk before the first record included).
pub fn detect_format(head: &[u8]) -> Serialization {
    let mut s = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    match s {
        [b'<', ..] => Serialization::MarcXml,
        [b'{' | b'[', ..] => Serialization::Json,
        [b'=', a, b, c, ..] if [*a, *b, *c].iter().all(u8::is_ascii_alphanumeric) => {
            Serialization::Mnemonic
        }
        _ => Serialization::Iso2709,
    }
}

enum Inner<R: BufRead> {
    Iso2709(iso2709::Reader<R>),
    MarcXml(marcxml::Reader<R>),
    Json(json::Reader<R>),
    Mnemonic(mnemonic::Reader<R>),
}

/// A streaming reader of records in any serialization: an iterator of
/// `Result<Record, Error>`. Every error carries the record number and position (byte
/// offset; XML, JSON and mnemonic errors also give line and column in their detail).
pub struct AnyReader<R: Read> {
    inner: Inner<BufReader<R>>,
    serialization: Serialization,
}

const SNIFF: usize = 512;

impl<R: Read> AnyReader<R> {
    /// Opens `read`, sniffing its serialization from its first bytes.
    pub fn open(read: R) -> Result<Self, Error> {
        Self::open_with(read, None, ReadMode::Permissive)
    }

    /// Opens `read` as `serialization` (or sniffed, with `None`); ISO 2709 is read in `mode`.
    pub fn open_with(
        read: R,
        serialization: Option<Serialization>,
        mode: ReadMode,
    ) -> Result<Self, Error> {
        let mut buffered = BufReader::with_capacity(256 * 1024, read);
        let serialization = match serialization {
            Some(s) => s,
            None => {
                let head = buffered.fill_buf().map_err(|source| Error::Io {
                    position: Position::new(0, 0),
                    source,
                })?;
                detect_format(&head[..head.len().min(SNIFF)])
            }
        };
        let inner = match serialization {
            Serialization::Iso2709 => Inner::Iso2709(iso2709::Reader::new(buffered, mode)),
            Serialization::MarcXml => Inner::MarcXml(marcxml::Reader::new(buffered)),
            Serialization::Json => Inner::Json(json::Reader::new(buffered)),
            Serialization::Mnemonic => Inner::Mnemonic(mnemonic::Reader::new(buffered)),
        };
        Ok(AnyReader {
            inner,
            serialization,
        })
    }

    /// The serialization being read.
    pub fn serialization(&self) -> Serialization {
        self.serialization
    }

    /// The byte span in the input of the record last yielded (sound or not), for MARCXML,
    /// MARC-in-JSON and mnemonic text (see [`marcxml::Reader::last_span`],
    /// [`json::Reader::last_span`], [`mnemonic::Reader::last_span`]); `None` for ISO 2709
    /// (whose framing is [`iso2709::Reader::next_frame`]) and when the record could not be
    /// delimited.
    pub fn last_span(&self) -> Option<std::ops::Range<u64>> {
        match &self.inner {
            Inner::Iso2709(_) => None,
            Inner::MarcXml(r) => r.last_span(),
            Inner::Json(r) => r.last_span(),
            Inner::Mnemonic(r) => r.last_span(),
        }
    }

    /// The input bytes of [`AnyReader::last_span`], as they are in the input (until the next
    /// call of `next`).
    pub fn last_bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Iso2709(_) => None,
            Inner::MarcXml(r) => r.last_bytes(),
            Inner::Json(r) => r.last_bytes(),
            Inner::Mnemonic(r) => r.last_bytes(),
        }
    }

    /// MARCXML: the input bytes before the first record element ([`marcxml::Reader::prologue`]).
    pub fn xml_prologue(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::MarcXml(r) => r.prologue(),
            _ => None,
        }
    }

    /// MARC-in-JSON: an array or objects one after another ([`json::Reader::style`]).
    pub fn json_style(&self) -> Option<json::Style> {
        match &self.inner {
            Inner::Json(r) => r.style(),
            _ => None,
        }
    }

    /// ISO 2709 only: spans of junk skipped between or after records, `(offset, length)`.
    pub fn junk(&self) -> &[(u64, usize)] {
        match &self.inner {
            Inner::Iso2709(r) => r.junk(),
            _ => &[],
        }
    }

    /// MARCXML only: text or elements other than `record` after the last record of a
    /// collection, `(offset, length)` ([`marcxml::Reader::trailing_junk`]), once the input has
    /// been read to its end.
    pub fn xml_trailing_junk(&self) -> Option<(u64, usize)> {
        match &self.inner {
            Inner::MarcXml(r) => r.trailing_junk(),
            _ => None,
        }
    }

    /// MARCXML only: stray content before the record last yielded when that record could not
    /// be read, `(offset, length)` ([`marcxml::Reader::stray_before_error`]).
    pub fn xml_stray_before_error(&self) -> Option<(u64, usize)> {
        match &self.inner {
            Inner::MarcXml(r) => r.stray_before_error(),
            _ => None,
        }
    }
}

impl<R: Read> Iterator for AnyReader<R> {
    type Item = Result<Record, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Iso2709(r) => r.next(),
            Inner::MarcXml(r) => r.next(),
            Inner::Json(r) => r.next(),
            Inner::Mnemonic(r) => r.next(),
        }
    }
}
