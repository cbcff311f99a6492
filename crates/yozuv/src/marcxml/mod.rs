//! MARCXML (MARC 21 slim) and MarcXchange (ISO 25577): a streaming reader and a writer.
//!
//! The reader takes `<collection>` documents and bare `<record>`s, in the MARC 21 slim
//! namespace (`http://www.loc.gov/MARC21/slim`, with or without a prefix), in MarcXchange
//! (`info:lc/xmlns/marcxchange-v1`/`-v2`, used for UNIMARC) or in no namespace at all:
//! elements are matched by local name (`record`, `leader`, `controlfield`, `datafield`,
//! `subfield`), so a record wrapped in an envelope (OAI-PMH `<metadata>`, SRU) is found too.
//! It is built on quick-xml's pull parser with one reusable buffer: no DOM, memory flat
//! however large the file.
//!
//! A record that is not well formed or not MARC (a leader that is not 24 characters, a tag
//! that is not 3, a subfield without a code) is yielded as an [`Error::Syntax`] whose
//! position is the record number and byte offset, and whose detail starts with
//! `line L, column C` (columns count bytes from 1); reading goes on with the next record.
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
//! let xml = marcxml::to_string(&r).unwrap();
//! let back: Vec<Record> = marcxml::Reader::new(xml.as_bytes()).collect::<Result<_, _>>().unwrap();
//! assert_eq!(back, vec![r]);
//! ```

mod lines;

use std::borrow::Cow;
use std::io::{Read, Write};

use quick_xml::events::{BytesStart, Event};

use crate::{Damage, Error, Field, Indicators, Leader, Position, Record, Subfield, Tag, Warning};
use lines::LineTracker;

/// The MARC 21 slim namespace.
pub const MARC21_SLIM_NS: &str = "http://www.loc.gov/MARC21/slim";
/// The MarcXchange (ISO 25577) namespace, version 1.
pub const MARCXCHANGE_V1_NS: &str = "info:lc/xmlns/marcxchange-v1";
/// The MarcXchange (ISO 25577) namespace, version 2.
pub const MARCXCHANGE_V2_NS: &str = "info:lc/xmlns/marcxchange-v2";
/// The processing instruction target that carries a character XML 1.0 cannot hold.
pub const CHAR_PI_TARGET: &str = "yozuv-char";

const FORMAT: &str = "MARCXML";

/// The element we are inside and collecting text for.
enum Open {
    Nothing,
    Leader,
    Control(Tag),
    Subfield(u8),
}

/// A record under construction.
struct Building {
    number: u64,
    start: u64,
    leader: Option<Leader>,
    fields: Vec<Field>,
    /// The data field being filled: tag, indicators, subfields.
    data: Option<(Tag, Indicators, Vec<Subfield>)>,
    /// Where the open `<leader>` or `<datafield>` starts.
    leader_at: u64,
    data_at: u64,
    warnings: Vec<Warning>,
    open: Open,
    /// The first problem found in the record.
    error: Option<Error>,
}

/// A streaming MARCXML / MarcXchange reader: an iterator of [`Record`]s over any
/// [`Read`]. Record numbers count `<record>` elements from 1; positions are byte
/// offsets of the element (or of the problem), with line and column in error details.
pub struct Reader<R: Read> {
    xml: quick_xml::Reader<LineTracker<R>>,
    buf: Vec<u8>,
    text: String,
    number: u64,
    /// A `<record>` start seen while finishing a damaged record: begin there next.
    pending: Option<(u64, bool)>,
    done: bool,
    last_error_at: Option<u64>,
}

impl<R: Read> Reader<R> {
    /// A reader over `inner` (it is read in large chunks: no need for a `BufReader`).
    pub fn new(inner: R) -> Self {
        let mut xml = quick_xml::Reader::from_reader(LineTracker::new(inner));
        let config = xml.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        Reader {
            xml,
            buf: Vec::with_capacity(64 * 1024),
            text: String::with_capacity(1024),
            number: 0,
            pending: None,
            done: false,
            last_error_at: None,
        }
    }

    /// How many `<record>` elements have been started.
    pub fn records_read(&self) -> u64 {
        self.number
    }

    /// Line (from 1) and column (from 1, counting bytes) of a byte offset read recently.
    pub fn line_column(&self, offset: u64) -> (u64, u64) {
        self.xml.get_ref().line_column(offset)
    }

    fn syntax(&self, record: u64, at: u64, detail: impl std::fmt::Display) -> Error {
        syntax(self.xml.get_ref(), record, at, detail)
    }

    /// Reads the next record, or `None` at the end of the input.
    fn next_record(&mut self) -> Option<Result<Record, Error>> {
        if self.done {
            return None;
        }
        let (start, empty) = match self.pending.take() {
            Some(p) => p,
            None => match self.find_record_start()? {
                Ok(p) => p,
                Err(e) => return Some(Err(e)),
            },
        };
        self.number += 1;
        let mut b = Building {
            number: self.number,
            start,
            leader: None,
            fields: Vec::new(),
            data: None,
            leader_at: start,
            data_at: start,
            warnings: Vec::new(),
            open: Open::Nothing,
            error: None,
        };
        if empty {
            return Some(Err(self.syntax(b.number, start, "empty <record/>")));
        }
        Some(self.read_record(&mut b))
    }

    /// Skips to the next `<record>` start tag: its offset, and whether it is `<record/>`.
    fn find_record_start(&mut self) -> Option<Result<(u64, bool), Error>> {
        loop {
            let at = self.xml.buffer_position();
            self.buf.clear();
            match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::Start(e)) if e.local_name().as_ref() == b"record" => {
                    return Some(Ok((at, false)))
                }
                Ok(Event::Empty(e)) if e.local_name().as_ref() == b"record" => {
                    return Some(Ok((at, true)))
                }
                Ok(Event::Eof) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    let at = self.xml.error_position();
                    if let Some(err) = self.stuck(at) {
                        return Some(Err(err));
                    }
                    return Some(Err(self.syntax(self.number + 1, at, e)));
                }
            }
        }
    }

    /// Stops the reader when errors no longer move forward (a broken tail of a file).
    fn stuck(&mut self, at: u64) -> Option<Error> {
        if self.last_error_at == Some(at) {
            self.done = true;
            let (line, column) = self.line_column(at);
            return Some(Error::Syntax {
                position: Position::new(self.number + 1, at),
                format: FORMAT,
                detail: format!(
                    "line {line}, column {column}: cannot read further, the rest of the input is skipped"
                ),
                raw: None,
            });
        }
        self.last_error_at = Some(at);
        None
    }

    fn read_record(&mut self, b: &mut Building) -> Result<Record, Error> {
        loop {
            let at = self.xml.buffer_position();
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                Err(e) => {
                    let at = self.xml.error_position();
                    let err = self.syntax(b.number, at, &e);
                    if let Some(stop) = self.stuck(at) {
                        return Err(b.error.take().unwrap_or(stop));
                    }
                    b.error.get_or_insert(err);
                    continue;
                }
            };
            match event {
                Event::Start(e) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        b"record" => {
                            // A record inside a record: an envelope (OAI-PMH) or a
                            // record whose end tag is missing.
                            if b.fields.is_empty() && b.leader.is_none() && b.error.is_none() {
                                b.start = at;
                            } else {
                                self.pending = Some((at, false));
                                let err = self.syntax(
                                    b.number,
                                    at,
                                    "<record> starts before the previous one ended",
                                );
                                return Err(b.error.take().unwrap_or(err));
                            }
                        }
                        b"leader" => {
                            self.text.clear();
                            b.leader_at = at;
                            b.open = Open::Leader;
                        }
                        b"controlfield" => {
                            let tag = start_tag(&e, b, at, self.xml.get_ref());
                            self.text.clear();
                            b.open = Open::Control(tag);
                        }
                        b"datafield" => {
                            let (tag, ind) = data_start(&e, b, at, self.xml.get_ref());
                            b.data_at = at;
                            b.data = Some((tag, ind, Vec::with_capacity(8)));
                        }
                        b"subfield" => {
                            let code = subfield_code(&e, b, at, self.xml.get_ref());
                            self.text.clear();
                            b.open = Open::Subfield(code);
                        }
                        _ => {}
                    }
                }
                Event::Empty(e) => match e.local_name().as_ref() {
                    b"leader" => {
                        self.text.clear();
                        b.leader_at = at;
                        b.open = Open::Leader;
                        self.close_leader(b);
                    }
                    b"controlfield" => {
                        let tag = start_tag(&e, b, at, self.xml.get_ref());
                        b.fields.push(Field::Control {
                            tag,
                            value: String::new(),
                        });
                    }
                    b"datafield" => {
                        let (tag, indicators) = data_start(&e, b, at, self.xml.get_ref());
                        b.warnings.push(Warning {
                            position: Position::new(b.number, at).with_tag(tag),
                            damage: Damage::FieldWithoutSubfields,
                        });
                        b.fields.push(Field::Data {
                            tag,
                            indicators,
                            subfields: Vec::new(),
                        });
                    }
                    b"subfield" => {
                        let code = subfield_code(&e, b, at, self.xml.get_ref());
                        if let Some((_, _, subs)) = b.data.as_mut() {
                            subs.push(Subfield {
                                code,
                                value: String::new(),
                            });
                        }
                    }
                    _ => {}
                },
                Event::Text(t) => {
                    if !matches!(b.open, Open::Nothing) {
                        match t.unescape() {
                            Ok(s) => self.text.push_str(&s),
                            Err(e) => {
                                let err = syntax(self.xml.get_ref(), b.number, at, e);
                                b.error.get_or_insert(err);
                            }
                        }
                    }
                }
                Event::CData(t) => {
                    if !matches!(b.open, Open::Nothing) {
                        match std::str::from_utf8(&t) {
                            Ok(s) => self.text.push_str(s),
                            Err(e) => {
                                let err = syntax(self.xml.get_ref(), b.number, at, e);
                                b.error.get_or_insert(err);
                            }
                        }
                    }
                }
                Event::PI(pi) => {
                    if !matches!(b.open, Open::Nothing) && pi.target() == CHAR_PI_TARGET.as_bytes()
                    {
                        let hex = std::str::from_utf8(pi.content()).unwrap_or("").trim();
                        match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                            Some(c) => self.text.push(c),
                            None => {
                                let err = syntax(
                                    self.xml.get_ref(),
                                    b.number,
                                    at,
                                    format!("<?{CHAR_PI_TARGET} {hex}?> is not a character"),
                                );
                                b.error.get_or_insert(err);
                            }
                        }
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"leader" => self.close_leader(b),
                    b"controlfield" => {
                        if let Open::Control(tag) = b.open {
                            b.fields.push(Field::Control {
                                tag,
                                value: take_text(&mut self.text),
                            });
                        }
                        b.open = Open::Nothing;
                    }
                    b"subfield" => {
                        if let Open::Subfield(code) = b.open {
                            let value = take_text(&mut self.text);
                            if let Some((_, _, subs)) = b.data.as_mut() {
                                subs.push(Subfield { code, value });
                            }
                        }
                        b.open = Open::Nothing;
                    }
                    b"datafield" => {
                        if let Some((tag, indicators, subfields)) = b.data.take() {
                            if subfields.is_empty() {
                                b.warnings.push(Warning {
                                    position: Position::new(b.number, b.data_at).with_tag(tag),
                                    damage: Damage::FieldWithoutSubfields,
                                });
                            }
                            b.fields.push(Field::Data {
                                tag,
                                indicators,
                                subfields,
                            });
                        }
                    }
                    b"record" => return self.finish(b),
                    _ => {}
                },
                Event::Eof => {
                    self.done = true;
                    let err = self.syntax(b.number, at, "input ends inside <record>");
                    return Err(b.error.take().unwrap_or(err));
                }
                _ => {}
            }
        }
    }

    fn close_leader(&self, b: &mut Building) {
        let at = b.leader_at;
        if !matches!(b.open, Open::Leader) {
            return;
        }
        b.open = Open::Nothing;
        match Leader::from_bytes(self.text.as_bytes()) {
            Some(l) => b.leader = Some(l),
            None => {
                let n = self.text.chars().count();
                let err = self.syntax(
                    b.number,
                    at,
                    format!("leader {:?} is {n} characters, not 24", self.text),
                );
                b.error.get_or_insert(err);
            }
        }
    }

    fn finish(&mut self, b: &mut Building) -> Result<Record, Error> {
        if let Some(e) = b.error.take() {
            return Err(e);
        }
        let Some(leader) = b.leader else {
            return Err(self.syntax(b.number, b.start, "record has no <leader>"));
        };
        self.last_error_at = None;
        Ok(Record {
            leader,
            fields: std::mem::take(&mut b.fields),
            warnings: std::mem::take(&mut b.warnings),
        })
    }
}

fn syntax<R>(
    lines: &LineTracker<R>,
    record: u64,
    at: u64,
    detail: impl std::fmt::Display,
) -> Error {
    let (line, column) = lines.line_column(at);
    Error::Syntax {
        position: Position::new(record, at),
        format: FORMAT,
        detail: format!("line {line}, column {column}: {detail}"),
        raw: None,
    }
}

fn take_text(text: &mut String) -> String {
    let s = String::from(text.as_str());
    text.clear();
    s
}

/// The attributes MARCXML uses, read in one pass: `tag`, `ind1`, `ind2`, `code`.
#[derive(Default)]
struct MarcAttributes<'a> {
    tag: Option<Cow<'a, [u8]>>,
    ind1: Option<Cow<'a, [u8]>>,
    ind2: Option<Cow<'a, [u8]>>,
    code: Option<Cow<'a, [u8]>>,
}

fn marc_attributes<'a>(e: &'a BytesStart<'_>) -> Result<MarcAttributes<'a>, String> {
    let mut found = MarcAttributes::default();
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(|e| e.to_string())?;
        let slot = match attr.key.local_name().as_ref() {
            b"tag" => &mut found.tag,
            b"ind1" => &mut found.ind1,
            b"ind2" => &mut found.ind2,
            b"code" => &mut found.code,
            _ => continue,
        };
        *slot = Some(if attr.value.contains(&b'&') {
            let s = attr.unescape_value().map_err(|e| e.to_string())?;
            Cow::Owned(s.into_owned().into_bytes())
        } else {
            attr.value
        });
    }
    Ok(found)
}

fn start_tag<R>(e: &BytesStart<'_>, b: &mut Building, at: u64, r: &LineTracker<R>) -> Tag {
    match marc_attributes(e) {
        Ok(a) => tag_of(a.tag, b, at, r),
        Err(detail) => {
            let err = syntax(r, b.number, at, detail);
            b.error.get_or_insert(err);
            Tag(*b"???")
        }
    }
}

fn tag_of<R>(tag: Option<Cow<'_, [u8]>>, b: &mut Building, at: u64, r: &LineTracker<R>) -> Tag {
    match tag {
        Some(v) => match Tag::from_bytes(&v) {
            Some(t) => t,
            None => {
                let err = syntax(
                    r,
                    b.number,
                    at,
                    format!("tag {:?} is not 3 characters", String::from_utf8_lossy(&v)),
                );
                b.error.get_or_insert(err);
                Tag(*b"???")
            }
        },
        None => {
            let err = syntax(r, b.number, at, "field without a tag attribute");
            b.error.get_or_insert(err);
            Tag(*b"???")
        }
    }
}

fn data_start<R>(
    e: &BytesStart<'_>,
    b: &mut Building,
    at: u64,
    r: &LineTracker<R>,
) -> (Tag, Indicators) {
    let a = match marc_attributes(e) {
        Ok(a) => a,
        Err(detail) => {
            let err = syntax(r, b.number, at, detail);
            b.error.get_or_insert(err);
            return (Tag(*b"???"), Indicators::blank());
        }
    };
    let tag = tag_of(a.tag, b, at, r);
    let mut ind = *b"  ";
    for (slot, value) in ind.iter_mut().zip([a.ind1, a.ind2]) {
        match value {
            // A missing or empty indicator is blank (MARC4J, pymarc read it so).
            None => {}
            Some(v) if v.is_empty() => {}
            Some(v) if v.len() == 1 => *slot = v[0],
            Some(v) => {
                let err = syntax(
                    r,
                    b.number,
                    at,
                    format!(
                        "field {tag}: indicator {:?} is not one character",
                        String::from_utf8_lossy(&v)
                    ),
                );
                b.error.get_or_insert(err);
            }
        }
    }
    (tag, Indicators(ind))
}

fn subfield_code<R>(e: &BytesStart<'_>, b: &mut Building, at: u64, r: &LineTracker<R>) -> u8 {
    let tag = b.data.as_ref().map(|d| d.0);
    let fail = |detail: String, b: &mut Building| {
        let mut err = syntax(r, b.number, at, detail);
        if let (Error::Syntax { position, .. }, Some(tag)) = (&mut err, tag) {
            *position = position.with_tag(tag);
        }
        b.error.get_or_insert(err);
        b' '
    };
    match marc_attributes(e).map(|a| a.code) {
        Ok(Some(v)) if v.len() == 1 => v[0],
        Ok(Some(v)) => fail(
            format!(
                "subfield code {:?} is not one character",
                String::from_utf8_lossy(&v)
            ),
            b,
        ),
        Ok(None) => fail("subfield without a code attribute".to_string(), b),
        Err(detail) => fail(detail, b),
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<Record, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

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

/// One record as a complete MARCXML document (a `<collection>` holding it).
/// Fails only if a character had to be escaped; use [`Writer`] to write such records.
pub fn to_string(record: &Record) -> Result<String, Error> {
    let mut w = Writer::new(Vec::new());
    let escaped = w.write(record)?;
    let bytes = w.finish()?;
    if escaped > 0 {
        return Err(Error::Encode {
            position: Position::new(1, 0),
            detail: format!("{escaped} character(s) that XML 1.0 cannot hold"),
        });
    }
    String::from_utf8(bytes).map_err(|e| Error::Encode {
        position: Position::new(1, 0),
        detail: e.to_string(),
    })
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
