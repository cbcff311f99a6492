//! MARC-in-JSON (the code4lib format read and written by pymarc, ruby-marc, MARC4J, marcjs):
//! a streaming reader and a writer.
//!
//! ```json
//! {"leader":"00714cam a2200205 a 4500",
//!  "fields":[{"001":"12883376"},
//!            {"245":{"ind1":"1","ind2":"0","subfields":[{"a":"Summerland /"},{"c":"Michael Chabon."}]}}]}
//! ```
//!
//! The reader takes one object, an array of objects, or objects one after another
//! (JSON Lines / NDJSON, or simply concatenated). It never holds more than one record's
//! text: a small scanner finds where each top-level object ends (tracking strings,
//! escapes and nesting), and serde_json parses that slice alone. A record that is not
//! JSON, or not MARC-in-JSON, is yielded as an [`Error::Syntax`] with its record number,
//! the byte offset, and `line L, column C` at the start of the detail; reading goes on
//! with the next record. Strings with raw control characters are refused, as JSON says.
//!
//! ```
//! use yozuv::{Record, Field, Subfield, Indicators, json};
//! let mut r = Record::new(Default::default());
//! r.push(Field::control("001", "uz-1"));
//! r.push(Field::data("245", Indicators::new(b'1', b'0'), vec![Subfield::new(b'a', "Alpomish")]));
//! let text = json::to_string(&r);
//! assert_eq!(text, r#"{"leader":"00000nam a2200000 i 4500","fields":[{"001":"uz-1"},{"245":{"ind1":"1","ind2":"0","subfields":[{"a":"Alpomish"}]}}]}"#);
//! let back: Vec<Record> = json::Reader::new(text.as_bytes()).collect::<Result<_, _>>().unwrap();
//! assert_eq!(back, vec![r]);
//! ```

use std::io::{self, Read, Write};
use std::ops::Range;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::{Damage, Error, Field, Indicators, Leader, Position, Record, Subfield, Tag, Warning};

const FORMAT: &str = "MARC-in-JSON";
const CHUNK: usize = 64 * 1024;
/// The longest record text the reader accepts before giving up on finding its end.
pub const MAX_RECORD_TEXT: usize = 64 * 1024 * 1024;

/// Where the scanner is between records.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Nothing seen yet.
    Unknown,
    /// Inside a top-level `[ … ]`.
    Array,
    /// Objects one after another (one object, JSON Lines, concatenated).
    Objects,
    /// After the closing `]`.
    Closed,
}

/// A streaming MARC-in-JSON reader over any [`Read`].
pub struct Reader<R> {
    inner: R,
    buf: Vec<u8>,
    /// Start of unconsumed bytes in `buf`.
    pos: usize,
    /// Input offset of `buf[0]`.
    buf_offset: u64,
    /// Line (from 1) and offset of the line's first byte, at `pos`.
    line: u64,
    line_start: u64,
    eof: bool,
    layout: Layout,
    number: u64,
    done: bool,
    /// The input span of the last record yielded, when it could be delimited.
    span: Option<Range<u64>>,
}

impl<R: Read> Reader<R> {
    /// A reader over `inner`.
    pub fn new(inner: R) -> Self {
        Reader {
            inner,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            buf_offset: 0,
            line: 1,
            line_start: 0,
            eof: false,
            layout: Layout::Unknown,
            number: 0,
            done: false,
            span: None,
        }
    }

    /// How many records (sound or not) have been yielded.
    pub fn records_read(&self) -> u64 {
        self.number
    }

    /// The byte span in the input of the record last yielded: its object from `{` to the
    /// matching `}` — for a record that is not MARC-in-JSON or not JSON too; for a value that
    /// is not an object, the rest of its line (without the line end, nor the comma after it in
    /// an array); for an object the input
    /// ends inside, everything up to the end. `None` before the first record and when the
    /// record could not be delimited (the missing `]` of an array, I/O errors).
    ///
    /// ```
    /// let text = b"{\"leader\":\"00000nam a2200000   4500\",\"fields\":[]}\n{\"leader\":1}\n";
    /// let mut reader = yozuv::json::Reader::new(&text[..]);
    /// assert!(reader.next().unwrap().is_ok());
    /// assert_eq!(reader.last_span(), Some(0..49));
    /// assert!(reader.next().unwrap().is_err());
    /// assert_eq!(reader.last_bytes(), Some(&b"{\"leader\":1}"[..]));
    /// assert_eq!(reader.style(), Some(yozuv::json::Style::Lines));
    /// ```
    pub fn last_span(&self) -> Option<Range<u64>> {
        self.span.clone()
    }

    /// The input bytes of [`Reader::last_span`], exactly as they are in the input (until the
    /// next call of `next`).
    pub fn last_bytes(&self) -> Option<&[u8]> {
        let span = self.span.as_ref()?;
        let start = usize::try_from(span.start.checked_sub(self.buf_offset)?).ok()?;
        let end = usize::try_from(span.end.checked_sub(self.buf_offset)?).ok()?;
        self.buf.get(start..end)
    }

    /// How the input lays records out, once the first one is read: [`Style::Array`] for a
    /// top-level array, [`Style::Lines`] for objects one after another (one object, JSON
    /// Lines, or concatenated objects).
    pub fn style(&self) -> Option<Style> {
        match self.layout {
            Layout::Unknown => None,
            Layout::Array | Layout::Closed => Some(Style::Array),
            Layout::Objects => Some(Style::Lines),
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.buf_offset += self.pos as u64;
            self.pos = 0;
        }
        // Read up to a chunk (or to the end of the input), appending without zeroing.
        let old = self.buf.len();
        loop {
            match (&mut self.inner)
                .take(CHUNK as u64)
                .read_to_end(&mut self.buf)
            {
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        if self.buf.len() == old {
            self.eof = true;
        }
        Ok(())
    }

    /// Moves the read point forward by `n` bytes, counting lines.
    fn advance(&mut self, n: usize) {
        let end = self.pos + n;
        for i in memchr::memchr_iter(b'\n', &self.buf[self.pos..end]) {
            self.line += 1;
            self.line_start = self.buf_offset + (self.pos + i) as u64 + 1;
        }
        self.pos = end;
    }

    fn offset(&self) -> u64 {
        self.buf_offset + self.pos as u64
    }

    fn syntax(
        &self,
        record: u64,
        at: u64,
        line: u64,
        column: u64,
        detail: impl std::fmt::Display,
    ) -> Error {
        Error::Syntax {
            position: Position::new(record, at),
            format: FORMAT,
            detail: format!("line {line}, column {column}: {detail}"),
            raw: None,
        }
    }

    /// Skips whitespace (and, in an array, the commas between elements). Returns the next
    /// significant byte, or `None` at the end of the input.
    fn skip_separators(&mut self) -> io::Result<Option<u8>> {
        loop {
            while self.pos < self.buf.len() {
                let b = self.buf[self.pos];
                let separator = b.is_ascii_whitespace()
                    || (b == b',' && self.layout == Layout::Array)
                    // A byte order mark at the very start.
                    || (self.offset() < 3 && matches!(b, 0xEF | 0xBB | 0xBF));
                if !separator {
                    return Ok(Some(b));
                }
                self.advance(1);
            }
            if self.eof {
                return Ok(None);
            }
            self.fill()?;
        }
    }

    /// Finds the end of the value starting at `pos` (an object or array): the length
    /// of its text, or `None` if the input ended first.
    fn scan_value(&mut self) -> Result<Option<usize>, io::Error> {
        let mut scanned = 0usize;
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escape = false;
        loop {
            let data = &self.buf[self.pos..];
            while scanned < data.len() {
                let b = data[scanned];
                scanned += 1;
                if in_string {
                    if escape {
                        escape = false;
                    } else if b == b'\\' {
                        escape = true;
                    } else if b == b'"' {
                        in_string = false;
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Ok(Some(scanned));
                        }
                    }
                    _ => {}
                }
            }
            if self.eof || scanned > MAX_RECORD_TEXT {
                return Ok(None);
            }
            self.fill()?;
        }
    }

    fn next_record(&mut self) -> Option<Result<Record, Error>> {
        self.span = None;
        if self.done {
            return None;
        }
        let io_error = |r: &Self, source| Error::Io {
            position: Position::new(r.number + 1, r.offset()),
            source,
        };
        let first = match self.skip_separators() {
            Ok(Some(b)) => b,
            Ok(None) => {
                self.done = true;
                if self.layout == Layout::Array {
                    let (at, line, col) = (
                        self.offset(),
                        self.line,
                        self.offset() - self.line_start + 1,
                    );
                    return Some(Err(self.syntax(
                        self.number + 1,
                        at,
                        line,
                        col,
                        "input ends inside the array (no closing ])",
                    )));
                }
                return None;
            }
            Err(e) => {
                self.done = true;
                return Some(Err(io_error(self, e)));
            }
        };
        let at = self.offset();
        let (line, column) = (self.line, at - self.line_start + 1);
        match (self.layout, first) {
            (Layout::Unknown, b'[') => {
                self.layout = Layout::Array;
                self.advance(1);
                return self.next_record();
            }
            (Layout::Unknown, _) => self.layout = Layout::Objects,
            (Layout::Array, b']') => {
                self.layout = Layout::Closed;
                self.advance(1);
                return self.next_record();
            }
            _ => {}
        }
        self.number += 1;
        let number = self.number;
        if first != b'{' || self.layout == Layout::Closed {
            // Not the start of a record: report it and skip to the next line.
            let detail = format!("expected a record object, found {:?}", first as char);
            let err = self.syntax(number, at, line, column, detail);
            self.skip_line();
            // The rest of the line, if it is still in the buffer, without its line end (nor,
            // in an array, the separating comma).
            if at >= self.buf_offset {
                let mut end = self.offset();
                let from = (at - self.buf_offset) as usize;
                let mut i = self.pos;
                while i > from + 1
                    && self.buf.get(i - 1).is_some_and(|&b| {
                        b.is_ascii_whitespace() || (b == b',' && self.layout == Layout::Array)
                    })
                {
                    i -= 1;
                    end -= 1;
                }
                self.span = Some(at..end);
            }
            return Some(Err(err));
        }
        let len = match self.scan_value() {
            Ok(Some(len)) => len,
            Ok(None) => {
                self.done = true;
                if at >= self.buf_offset {
                    self.span = Some(at..self.buf_offset + self.buf.len() as u64);
                }
                return Some(Err(self.syntax(
                    number,
                    at,
                    line,
                    column,
                    "input ends inside the record (unbalanced braces or an unterminated string)",
                )));
            }
            Err(e) => {
                self.done = true;
                return Some(Err(io_error(self, e)));
            }
        };
        let text = &self.buf[self.pos..self.pos + len];
        let result = match serde_json::from_slice::<Value>(text) {
            Ok(value) => record_from_value(&value, Position::new(number, at))
                .map_err(|detail| self.syntax(number, at, line, column, detail)),
            Err(e) => {
                // serde_json counts lines and columns within the slice; column 0 means
                // the newline that ends the line before.
                let within = byte_of(text, e.line() as u64, e.column() as u64);
                let newlines = memchr::memchr_iter(b'\n', &text[..within]).count() as u64;
                let (eline, ecol) = match memchr::memrchr(b'\n', &text[..within]) {
                    Some(nl) => (line + newlines, (within - nl) as u64),
                    None => (line, column + within as u64),
                };
                Err(Error::Syntax {
                    position: Position::new(number, at + within as u64),
                    format: FORMAT,
                    detail: format!("line {eline}, column {ecol}: {e}"),
                    raw: Some(text.to_vec().into_boxed_slice()),
                })
            }
        };
        self.span = Some(at..at + len as u64);
        self.advance(len);
        Some(result)
    }

    /// Skips to the end of the current line (resynchronizing after garbage).
    fn skip_line(&mut self) {
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[self.pos..]) {
                self.advance(i + 1);
                return;
            }
            let rest = self.buf.len() - self.pos;
            self.advance(rest);
            if self.eof || self.fill().is_err() {
                self.done = self.eof;
                return;
            }
        }
    }
}

/// The byte offset in `text` of serde_json's (line, column) (line from 1; column from 1,
/// or 0 for the newline ending the previous line).
fn byte_of(text: &[u8], line: u64, column: u64) -> usize {
    let mut start = 0usize;
    for _ in 1..line {
        match memchr::memchr(b'\n', &text[start..]) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    if column == 0 {
        return start.saturating_sub(1);
    }
    (start + column as usize - 1).min(text.len())
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<Record, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

fn one_char(value: Option<&Value>, what: &str, tag: &str) -> Result<u8, String> {
    match value {
        None | Some(Value::Null) => Ok(b' '),
        Some(Value::String(s)) if s.is_empty() => Ok(b' '),
        Some(Value::String(s)) if s.len() == 1 => Ok(s.as_bytes()[0]),
        Some(v) => Err(format!("field {tag}: {what} {v} is not one character")),
    }
}

/// A [`Record`] from a parsed MARC-in-JSON object; the error says what is wrong.
/// `position` (the record's) is given to warnings about its fields.
pub fn record_from_value(value: &Value, position: Position) -> Result<Record, String> {
    let obj = value.as_object().ok_or("a record must be a JSON object")?;
    let leader = match obj.get("leader") {
        Some(Value::String(s)) => Leader::from_bytes(s.as_bytes())
            .ok_or_else(|| format!("leader {s:?} is {} characters, not 24", s.chars().count()))?,
        Some(v) => return Err(format!("leader {v} is not a string")),
        None => return Err("record has no \"leader\"".to_string()),
    };
    let fields = match obj.get("fields") {
        Some(Value::Array(a)) => a,
        Some(v) => return Err(format!("\"fields\" is not an array: {v}")),
        None => return Err("record has no \"fields\"".to_string()),
    };
    let mut record = Record::new(leader);
    record.fields.reserve(fields.len());
    for (i, f) in fields.iter().enumerate() {
        let f = f
            .as_object()
            .filter(|o| o.len() == 1)
            .ok_or_else(|| format!("field {} is not an object with one tag: {f}", i + 1))?;
        let Some((tag_text, body)) = f.iter().next() else {
            continue;
        };
        let tag = Tag::from_bytes(tag_text.as_bytes())
            .ok_or_else(|| format!("field {}: tag {tag_text:?} is not 3 characters", i + 1))?;
        match body {
            Value::String(s) => record.fields.push(Field::Control {
                tag,
                value: s.clone(),
            }),
            Value::Object(d) => {
                let ind1 = one_char(d.get("ind1"), "ind1", tag_text)?;
                let ind2 = one_char(d.get("ind2"), "ind2", tag_text)?;
                let subs = match d.get("subfields") {
                    Some(Value::Array(a)) => a,
                    None | Some(Value::Null) => &Vec::new(),
                    Some(v) => {
                        return Err(format!("field {tag_text}: subfields {v} is not an array"))
                    }
                };
                let mut subfields = Vec::with_capacity(subs.len());
                for s in subs {
                    let (code, value) = s
                        .as_object()
                        .filter(|o| o.len() == 1)
                        .and_then(|o| o.iter().next())
                        .ok_or_else(|| {
                            format!("field {tag_text}: subfield {s} is not an object with one code")
                        })?;
                    if code.len() != 1 {
                        return Err(format!(
                            "field {tag_text}: subfield code {code:?} is not one character"
                        ));
                    }
                    let value = value.as_str().ok_or_else(|| {
                        format!("field {tag_text}: subfield ${code} value {value} is not a string")
                    })?;
                    subfields.push(Subfield {
                        code: code.as_bytes()[0],
                        value: value.to_string(),
                    });
                }
                if subfields.is_empty() {
                    record.warnings.push(Warning {
                        position: position.with_tag(tag),
                        damage: Damage::FieldWithoutSubfields,
                    });
                }
                record.fields.push(Field::Data {
                    tag,
                    indicators: Indicators([ind1, ind2]),
                    subfields,
                });
            }
            v => {
                return Err(format!(
                    "field {tag_text}: {v} is neither a string nor an object"
                ))
            }
        }
    }
    Ok(record)
}

/// A record as MARC-in-JSON, for serde: `serde_json::to_string(&json::Mij(&record))`.
pub struct Mij<'a>(pub &'a Record);

struct MijText<'a>(&'a [u8]);

impl Serialize for MijText<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(self.0))
    }
}

struct MijFields<'a>(&'a [Field]);
struct MijField<'a>(&'a Field);
struct MijData<'a>(Indicators, &'a [Subfield]);
struct MijSubfields<'a>(&'a [Subfield]);
struct MijSubfield<'a>(&'a Subfield);

impl Serialize for Mij<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("leader", &MijText(&self.0.leader.0))?;
        m.serialize_entry("fields", &MijFields(&self.0.fields))?;
        m.end()
    }
}

impl Serialize for MijFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for f in self.0 {
            seq.serialize_element(&MijField(f))?;
        }
        seq.end()
    }
}

impl Serialize for MijField<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        let tag_bytes = self.0.tag();
        let tag = MijText(tag_bytes.as_bytes());
        match self.0 {
            Field::Control { value, .. } => m.serialize_entry(&tag, value)?,
            Field::Data {
                indicators,
                subfields,
                ..
            } => m.serialize_entry(&tag, &MijData(*indicators, subfields))?,
        }
        m.end()
    }
}

impl Serialize for MijData<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("ind1", &MijText(&self.0 .0[..1]))?;
        m.serialize_entry("ind2", &MijText(&self.0 .0[1..]))?;
        m.serialize_entry("subfields", &MijSubfields(self.1))?;
        m.end()
    }
}

impl Serialize for MijSubfields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for sf in self.0 {
            seq.serialize_element(&MijSubfield(sf))?;
        }
        seq.end()
    }
}

impl Serialize for MijSubfield<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(&MijText(std::slice::from_ref(&self.0.code)), &self.0.value)?;
        m.end()
    }
}

/// One record as compact MARC-in-JSON text (keys in the order leader, fields).
pub fn to_string(record: &Record) -> String {
    serde_json::to_string(&Mij(record)).unwrap_or_default()
}

/// One record as a [`serde_json::Value`].
pub fn to_value(record: &Record) -> Value {
    serde_json::to_value(Mij(record)).unwrap_or(Value::Null)
}

/// How a [`Writer`] lays records out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One JSON array of records.
    Array,
    /// One record per line (JSON Lines / NDJSON).
    Lines,
}

/// Writes records as MARC-in-JSON: one array, or JSON Lines.
///
/// ```
/// use yozuv::{Record, json::{Writer, Style}};
/// let mut w = Writer::new(Vec::new(), Style::Array);
/// w.write(&Record::new(Default::default())).unwrap();
/// w.write(&Record::new(Default::default())).unwrap();
/// let text = String::from_utf8(w.finish().unwrap()).unwrap();
/// assert_eq!(text.matches("\"leader\"").count(), 2);
/// assert!(text.starts_with('[') && text.trim_end().ends_with(']'));
/// ```
pub struct Writer<W: Write> {
    inner: W,
    layout: Style,
    count: u64,
    buf: Vec<u8>,
}

impl<W: Write> Writer<W> {
    /// A writer over `inner`.
    pub fn new(inner: W, layout: Style) -> Self {
        Writer {
            inner,
            layout,
            count: 0,
            buf: Vec::with_capacity(16 * 1024),
        }
    }

    fn io(&self, source: io::Error) -> Error {
        Error::Io {
            position: Position::new(self.count, 0),
            source,
        }
    }

    /// Writes one record.
    pub fn write(&mut self, record: &Record) -> Result<(), Error> {
        self.count += 1;
        self.buf.clear();
        if self.layout == Style::Array {
            self.buf
                .extend_from_slice(if self.count == 1 { b"[\n" } else { b",\n" });
        }
        serde_json::to_writer(&mut self.buf, &Mij(record)).map_err(|e| Error::Encode {
            position: Position::new(self.count, 0),
            detail: e.to_string(),
        })?;
        if self.layout == Style::Lines {
            self.buf.push(b'\n');
        }
        self.inner.write_all(&self.buf).map_err(|e| self.io(e))
    }

    /// Ends the array (if any), flushes, and returns the inner writer.
    pub fn finish(mut self) -> Result<W, Error> {
        if self.layout == Style::Array {
            let tail: &[u8] = if self.count == 0 { b"[]\n" } else { b"\n]\n" };
            self.inner.write_all(tail).map_err(|e| self.io(e))?;
        }
        self.inner.flush().map_err(|e| self.io(e))?;
        Ok(self.inner)
    }
}
