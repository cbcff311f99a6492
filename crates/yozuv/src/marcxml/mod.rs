//! MARCXML (MARC 21 slim) and MarcXchange (ISO 25577): a streaming reader and a writer.
//!
//! The reader takes `<collection>` documents and bare `<record>`s, in the MARC 21 slim
//! namespace (`http://www.loc.gov/MARC21/slim`, with or without a prefix), in MarcXchange
//! (`info:lc/xmlns/marcxchange-v1`/`-v2`, used for UNIMARC) or in no namespace at all:
//! elements are matched by local name (`record`, `leader`, `controlfield`, `datafield`,
//! `subfield`), so a record wrapped in an envelope (OAI-PMH `<metadata>`, SRU) is found too.
//! Each record is framed at its `</record>` end tag, then read by a small scanner for plain
//! records, or by quick-xml's pull parser (borrowed events) for anything else, which also
//! produces every error: no DOM, memory flat (one record plus a read chunk) however large
//! the file.
//!
//! A record that is not well formed or not MARC (a leader that is not 24 characters, a tag
//! that is not 3, a subfield without a code) is yielded as an [`Error::Syntax`] whose
//! position is the record number and byte offset, and whose detail starts with
//! `line L, column C` (columns count bytes from 1); reading goes on with the next record.
//!
//! In a `<collection>`, text or elements other than `record` between records (MARC 21
//! slim allows only records there; white space, comments and processing instructions are
//! fine) are a [`crate::Damage::ContentBetweenRecords`] warning on the next record (when that
//! record cannot be read, [`Reader::stray_before_error`]), and after the last record
//! [`Reader::trailing_junk`]: nothing is skipped silently.
//!
//! [`is_well_formed_record`] says whether a record element's bytes are well-formed on their
//! own, so that a writer copying original bytes (the `validate` pass-through) can keep a
//! document of them well-formed.
//!
//! ## Characters XML 1.0 cannot hold
//! XML 1.0 forbids the control characters U+0000–U+001F other than tab, line feed and
//! carriage return (and U+FFFE, U+FFFF), even as character references. MARC data does
//! hold them now and then (a stray ESC, a NUL). The [`Writer`] writes each one as the
//! processing instruction `<?yozuv-char 1B?>` (the code point in hex) at its place in the
//! text, which keeps the document well formed; [`Reader`] turns the instruction back
//! into the character, so the round trip is exact; other readers skip the instruction and
//! lose only that character. Every such character is counted in what [`Writer::write`]
//! returns, so callers can report it. Carriage returns are written as `&#13;` so that XML
//! line-end normalization does not eat them.
//!
//! ```
//! use yozuv::{Record, Field, Subfield, Indicators, marcxml};
//! let mut r = Record::new(Default::default());
//! r.push(Field::control("001", "uz-1"));
//! r.push(Field::data("245", Indicators::new(b'1', b'0'), vec![Subfield::new(b'a', "Qutadg\u{02BB}u bilig & <b>")]));
//! let xml = marcxml::to_string(&r);
//! let back: Vec<Record> = marcxml::Reader::new(xml.as_bytes()).collect::<Result<_, _>>().unwrap();
//! assert_eq!(back, vec![r]);
//! ```

mod between;
mod fast;
mod reader;
mod wellformed;

use std::borrow::Cow;
use std::io::Write;

use crate::{Error, Field, Position, Record};
pub use reader::{Reader, MAX_RECORD_TEXT};
pub use wellformed::is_well_formed_record;

/// The MARC 21 slim namespace.
pub const MARC21_SLIM_NS: &str = "http://www.loc.gov/MARC21/slim";
/// The MarcXchange (ISO 25577) namespace, version 1.
pub const MARCXCHANGE_V1_NS: &str = "info:lc/xmlns/marcxchange-v1";
/// The MarcXchange (ISO 25577) namespace, version 2.
pub const MARCXCHANGE_V2_NS: &str = "info:lc/xmlns/marcxchange-v2";
/// The processing instruction target that carries a character XML 1.0 cannot hold.
pub const CHAR_PI_TARGET: &str = "yozuv-char";

/// True for a character XML 1.0 cannot hold, even as a character reference.
fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Appends `s` as XML character data (or, with `attribute`, as an attribute value);
/// returns how many characters had to be written as `<?yozuv-char?>` instructions.
fn escape_into(s: &str, out: &mut Vec<u8>, attribute: bool) -> usize {
    let mut escaped = 0;
    let bytes = s.as_bytes();
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let rep: Option<Cow<'static, str>> = match c {
            '&' => Some("&amp;".into()),
            '<' => Some("&lt;".into()),
            '>' => Some("&gt;".into()),
            '"' if attribute => Some("&quot;".into()),
            '\r' => Some("&#13;".into()),
            '\t' if attribute => Some("&#9;".into()),
            '\n' if attribute => Some("&#10;".into()),
            c if forbidden_in_xml(c) => {
                escaped += 1;
                if attribute {
                    // Attributes cannot hold instructions; tags, indicators and codes
                    // with control bytes are written as mnemonic text.
                    Some(format!("{{{:02x}}}", c as u32).into())
                } else {
                    Some(format!("<?{CHAR_PI_TARGET} {:X}?>", c as u32).into())
                }
            }
            _ => None,
        };
        if let Some(rep) = rep {
            out.extend_from_slice(&bytes[last..i]);
            out.extend_from_slice(rep.as_bytes());
            last = i + c.len_utf8();
        }
    }
    out.extend_from_slice(&bytes[last..]);
    escaped
}

fn escape_byte_attr(b: u8, out: &mut Vec<u8>) -> usize {
    let mut tmp = [0u8; 4];
    let s: &str = if b.is_ascii() {
        (b as char).encode_utf8(&mut tmp)
    } else {
        out.extend_from_slice(format!("{{{b:02x}}}").as_bytes());
        return 1;
    };
    escape_into(s, out, true)
}

/// Appends one `<record>` element (indented, no namespace declaration) to `out`;
/// returns how many characters were written as `<?yozuv-char?>` (see the module docs).
pub fn write_record(record: &Record, out: &mut Vec<u8>) -> usize {
    let mut escaped = 0;
    out.extend_from_slice(b"  <record>\n    <leader>");
    escaped += escape_into(&String::from_utf8_lossy(&record.leader.0), out, false);
    out.extend_from_slice(b"</leader>\n");
    for field in &record.fields {
        match field {
            Field::Control { tag, value } => {
                out.extend_from_slice(b"    <controlfield tag=\"");
                for &b in tag.as_bytes() {
                    escaped += escape_byte_attr(b, out);
                }
                out.extend_from_slice(b"\">");
                escaped += escape_into(value, out, false);
                out.extend_from_slice(b"</controlfield>\n");
            }
            Field::Data {
                tag,
                indicators,
                subfields,
            } => {
                out.extend_from_slice(b"    <datafield tag=\"");
                for &b in tag.as_bytes() {
                    escaped += escape_byte_attr(b, out);
                }
                out.extend_from_slice(b"\" ind1=\"");
                escaped += escape_byte_attr(indicators.first(), out);
                out.extend_from_slice(b"\" ind2=\"");
                escaped += escape_byte_attr(indicators.second(), out);
                out.extend_from_slice(b"\">\n");
                for s in subfields {
                    out.extend_from_slice(b"      <subfield code=\"");
                    escaped += escape_byte_attr(s.code, out);
                    out.extend_from_slice(b"\">");
                    escaped += escape_into(&s.value, out, false);
                    out.extend_from_slice(b"</subfield>\n");
                }
                out.extend_from_slice(b"    </datafield>\n");
            }
        }
    }
    out.extend_from_slice(b"  </record>\n");
    escaped
}

/// One record as a complete MARCXML document (a `<collection>` holding it). Characters
/// XML 1.0 cannot hold come out as `<?yozuv-char XX?>` (see the module docs); use
/// [`Writer`] to learn how many there were.
pub fn to_string(record: &Record) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"{MARC21_SLIM_NS}\">\n"
    )
    .into_bytes();
    write_record(record, &mut out);
    out.extend_from_slice(b"</collection>\n");
    // Only UTF-8 text and ASCII markup were written.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes records as one MARCXML `<collection>` to any [`Write`].
/// Call [`Writer::finish`] to close the collection.
///
/// ```
/// use yozuv::{Record, Field, marcxml::Writer};
/// let mut r = Record::new(Default::default());
/// r.push(Field::control("001", "a\u{1b}b"));
/// let mut w = Writer::new(Vec::new());
/// assert_eq!(w.write(&r).unwrap(), 1); // one character escaped
/// let xml = String::from_utf8(w.finish().unwrap()).unwrap();
/// assert!(xml.contains("<controlfield tag=\"001\">a<?yozuv-char 1B?>b</controlfield>"));
/// ```
pub struct Writer<W: Write> {
    inner: W,
    buf: Vec<u8>,
    count: u64,
    started: bool,
}

impl<W: Write> Writer<W> {
    /// A writer over `inner`.
    pub fn new(inner: W) -> Self {
        Writer {
            inner,
            buf: Vec::with_capacity(16 * 1024),
            count: 0,
            started: false,
        }
    }

    fn io(&self, source: std::io::Error) -> Error {
        Error::Io {
            position: Position::new(self.count, 0),
            source,
        }
    }

    fn start(&mut self) -> Result<(), Error> {
        if !self.started {
            self.started = true;
            let head = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"{MARC21_SLIM_NS}\">\n"
            );
            self.inner
                .write_all(head.as_bytes())
                .map_err(|e| self.io(e))?;
        }
        Ok(())
    }

    /// Writes one record; returns how many characters XML 1.0 cannot hold were written
    /// as `<?yozuv-char?>` instructions (0 for most records).
    pub fn write(&mut self, record: &Record) -> Result<usize, Error> {
        self.start()?;
        self.count += 1;
        self.buf.clear();
        let escaped = write_record(record, &mut self.buf);
        self.inner.write_all(&self.buf).map_err(|e| self.io(e))?;
        Ok(escaped)
    }

    /// Closes the collection, flushes, and returns the inner writer.
    pub fn finish(mut self) -> Result<W, Error> {
        self.start()?;
        self.inner
            .write_all(b"</collection>\n")
            .map_err(|e| self.io(e))?;
        self.inner.flush().map_err(|e| self.io(e))?;
        Ok(self.inner)
    }
}

/// The start and the end of a MARCXML document that holds records copied byte for byte from
/// an input whose [`Reader::prologue`] was `prologue`: the input's XML declaration and its
/// `<collection …>` start tag exactly as written (so the records' namespace prefixes stay
/// bound), and the matching end tag. When the input had no `collection` element (a bare
/// `<record>`, an OAI-PMH or SRU envelope), the collection is a MARC 21 slim one that also
/// declares every prefixed namespace the envelope declared. Both parts end with a line end.
///
/// ```
/// let prologue = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<marc:collection xmlns:marc=\"http://www.loc.gov/MARC21/slim\">\n  ";
/// let (head, tail) = yozuv::marcxml::collection_wrapper(Some(prologue));
/// assert_eq!(head, b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<marc:collection xmlns:marc=\"http://www.loc.gov/MARC21/slim\">\n");
/// assert_eq!(tail, b"</marc:collection>\n");
/// let (head, _) = yozuv::marcxml::collection_wrapper(None);
/// assert!(head.ends_with(b"<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n"));
/// ```
pub fn collection_wrapper(prologue: Option<&[u8]>) -> (Vec<u8>, Vec<u8>) {
    use quick_xml::events::Event;
    let mut declaration: Option<Vec<u8>> = None;
    let mut namespaces: Vec<Vec<u8>> = Vec::new();
    if let Some(prologue) = prologue {
        let mut xml = quick_xml::Reader::from_reader(prologue);
        loop {
            let before = xml.buffer_position() as usize;
            let event = match xml.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            let after = (xml.buffer_position() as usize).min(prologue.len());
            let raw = prologue.get(before..after).unwrap_or_default();
            // The raw text of the markup itself, without the white space before it.
            let raw = match raw.iter().position(|&b| b == b'<') {
                Some(lt) => &raw[lt..],
                None => raw,
            };
            match event {
                Event::Decl(_) => declaration = Some(raw.to_vec()),
                Event::Start(e) if e.local_name().as_ref() == b"collection" => {
                    let mut head = declaration.unwrap_or_default();
                    if !head.is_empty() {
                        head.push(b'\n');
                    }
                    head.extend_from_slice(raw);
                    head.push(b'\n');
                    let mut tail = b"</".to_vec();
                    tail.extend_from_slice(e.name().as_ref());
                    tail.extend_from_slice(b">\n");
                    return (head, tail);
                }
                Event::Start(e) => {
                    for a in e.attributes().with_checks(false).flatten() {
                        if a.key.as_ref().starts_with(b"xmlns:") {
                            let mut decl = a.key.as_ref().to_vec();
                            decl.extend_from_slice(b"=\"");
                            decl.extend_from_slice(&a.value);
                            decl.push(b'"');
                            if !namespaces.contains(&decl) {
                                namespaces.push(decl);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut head =
        declaration.unwrap_or_else(|| b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>".to_vec());
    head.extend_from_slice(format!("\n<collection xmlns=\"{MARC21_SLIM_NS}\"").as_bytes());
    for ns in namespaces {
        head.push(b' ');
        head.extend_from_slice(&ns);
    }
    head.extend_from_slice(b">\n");
    (head, b"</collection>\n".to_vec())
}
