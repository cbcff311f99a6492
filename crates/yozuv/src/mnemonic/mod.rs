//! MARC mnemonic text (MarcEdit `.mrk` / LoC MARCMaker): `=LDR  …`, `=245  10$a…`;
//! a writer and a streaming reader.
//!
//! One line per field: `=`, the tag, two spaces, then for a control field its text and for
//! a data field two indicators and the subfields, each `$` + code + text. Records are
//! separated by a blank line (a new `=LDR` line also starts a new record).
//!
//! Escapes, read and written:
//! - `\` stands for a blank in the leader, in control fields and in indicators
//!   (a literal backslash there is written `{bsol}`); in subfield text `\` is itself;
//! - `{dollar}` is a literal `$`, `{lcub}` `{` and `{rcub}` `}`;
//! - `{xx}` (two hex digits) is the character U+00xx (control characters are written so);
//! - the named mnemonics of the LoC/MarcEdit list (`{esc}`, `{bsol}`, `{copy}`, `{acute}`, …,
//!   see `names.tsv`) are read as their characters. Names of MARC-8 combining marks are
//!   read as Unicode combining marks where they stand: text made from MARC-8 (`.mrk`,
//!   where the mark comes before its letter) is not reordered — read `.mrk8` (UTF-8) files,
//!   or ISO 2709 through the MARC-8 decoder, for that.
//! - a `{…}` that is none of these is kept as it is.
//!
//! ```
//! use yozuv::{Record, Field, Subfield, Indicators};
//! let mut r = Record::new(Default::default());
//! r.push(Field::data("245", Indicators::new(b'1', b' '), vec![Subfield::new(b'a', "Cost $5")]));
//! let text = yozuv::mnemonic::to_string(&r);
//! assert_eq!(text, "=LDR  00000nam a2200000 i 4500\n=245  1\\$aCost {dollar}5\n");
//! let back: Vec<Record> = yozuv::mnemonic::Reader::new(text.as_bytes()).collect::<Result<_, _>>().unwrap();
//! assert_eq!(back, vec![r]);
//! ```

use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::sync::OnceLock;

use crate::leader::escape_bytes;
use crate::{Damage, Error, Field, Indicators, Leader, Position, Record, Subfield, Tag, Warning};

const FORMAT: &str = "mnemonic";

/// The named mnemonics, from `names.tsv`.
fn names() -> &'static HashMap<&'static str, char> {
    static NAMES: OnceLock<HashMap<&'static str, char>> = OnceLock::new();
    NAMES.get_or_init(|| {
        include_str!("names.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (name, hex) = l.split_once('\t')?;
                let c = char::from_u32(u32::from_str_radix(hex.trim(), 16).ok()?)?;
                Some((name, c))
            })
            .collect()
    })
}

/// The character a mnemonic (the text between `{` and `}`) stands for.
pub fn mnemonic_char(name: &str) -> Option<char> {
    if name.len() == 2 && name.bytes().all(|b| b.is_ascii_hexdigit()) {
        return u32::from_str_radix(name, 16).ok().and_then(char::from_u32);
    }
    names().get(name).copied()
}

fn push_hex(c: char, out: &mut String) {
    use std::fmt::Write as _;
    let _ = write!(out, "{{{:02x}}}", c as u32);
}

/// Subfield text: `$ { }` and control characters escaped.
fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '$' => out.push_str("{dollar}"),
            '{' => out.push_str("{lcub}"),
            '}' => out.push_str("{rcub}"),
            c if c.is_control() => push_hex(c, out),
            c => out.push(c),
        }
    }
}

/// Control field text: as [`escape_text`], and blanks as `\`, backslashes as `{bsol}`.
fn escape_control(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            ' ' => out.push('\\'),
            '\\' => out.push_str("{bsol}"),
            '$' => out.push_str("{dollar}"),
            '{' => out.push_str("{lcub}"),
            '}' => out.push_str("{rcub}"),
            c if c.is_control() => push_hex(c, out),
            c => out.push(c),
        }
    }
}

fn push_code(code: u8, out: &mut String) {
    match code {
        b'$' => out.push_str("{dollar}"),
        b'{' => out.push_str("{lcub}"),
        b'}' => out.push_str("{rcub}"),
        c if c.is_ascii_graphic() => out.push(c as char),
        c => {
            use std::fmt::Write as _;
            let _ = write!(out, "{{{c:02x}}}");
        }
    }
}

fn push_indicator(b: u8, out: &mut String) {
    match b {
        b' ' => out.push('\\'),
        b'\\' => out.push_str("{bsol}"),
        b'{' => out.push_str("{lcub}"),
        b'$' => out.push_str("{dollar}"),
        c if c.is_ascii_graphic() => out.push(c as char),
        c => {
            use std::fmt::Write as _;
            let _ = write!(out, "{{{c:02x}}}");
        }
    }
}

/// Appends one record as mnemonic text to `out` (no blank line after it).
pub fn write_record(record: &Record, out: &mut String) {
    out.push_str("=LDR  ");
    escape_bytes(&record.leader.0, out);
    out.push('\n');
    for field in &record.fields {
        out.push('=');
        out.push_str(&field.tag().to_string());
        out.push_str("  ");
        match field {
            Field::Control { value, .. } => escape_control(value, out),
            Field::Data {
                indicators,
                subfields,
                ..
            } => {
                push_indicator(indicators.first(), out);
                push_indicator(indicators.second(), out);
                for s in subfields {
                    out.push('$');
                    push_code(s.code, out);
                    escape_text(&s.value, out);
                }
            }
        }
        out.push('\n');
    }
}

/// The record as mnemonic text, one line per field, ending with a newline.
pub fn to_string(record: &Record) -> String {
    let mut out = String::with_capacity(1024);
    write_record(record, &mut out);
    out
}

/// Writes records as mnemonic text, separated by blank lines.
pub struct Writer<W: Write> {
    inner: W,
    buf: String,
    count: u64,
}

impl<W: Write> Writer<W> {
    /// A writer over `inner`.
    pub fn new(inner: W) -> Self {
        Writer {
            inner,
            buf: String::with_capacity(4096),
            count: 0,
        }
    }

    fn io(&self, source: io::Error) -> Error {
        Error::Io {
            position: Position::new(self.count, 0),
            source,
        }
    }

    /// Writes one record and the blank line after it.
    pub fn write(&mut self, record: &Record) -> Result<(), Error> {
        self.count += 1;
        self.buf.clear();
        write_record(record, &mut self.buf);
        self.buf.push('\n');
        self.inner
            .write_all(self.buf.as_bytes())
            .map_err(|e| self.io(e))
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> Result<W, Error> {
        self.inner.flush().map_err(|e| self.io(e))?;
        Ok(self.inner)
    }
}

/// How `\` is read in a piece of text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Backslash {
    Blank,
    Literal,
}

/// Unescapes mnemonic text into `out`.
fn unescape(s: &str, backslash: Backslash, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find(['{', '\\']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix('\\') {
            out.push(if backslash == Backslash::Blank {
                ' '
            } else {
                '\\'
            });
            rest = after;
            continue;
        }
        match tail[1..].find('}') {
            Some(end) => match mnemonic_char(&tail[1..1 + end]) {
                Some(c) => {
                    out.push(c);
                    rest = &tail[end + 2..];
                }
                None => {
                    out.push('{');
                    rest = &tail[1..];
                }
            },
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Reads one escaped byte-sized item (an indicator or a subfield code) from the front of
/// `s`: a character, `\` (blank, for indicators) or a `{…}` mnemonic. Returns it and the rest.
fn take_item(s: &str, backslash: Backslash) -> Option<(u8, &str)> {
    let first = s.chars().next()?;
    if first == '{' {
        if let Some(end) = s.find('}') {
            if let Some(c) = mnemonic_char(&s[1..end]) {
                if c.is_ascii() {
                    return Some((c as u8, &s[end + 1..]));
                }
            }
        }
    }
    if first == '\\' && backslash == Backslash::Blank {
        return Some((b' ', &s[1..]));
    }
    if first.is_ascii() {
        Some((first as u8, &s[1..]))
    } else {
        None
    }
}

/// A streaming reader of mnemonic text over any [`BufRead`]. Positions are the byte
/// offset of the line where the problem is; the error detail starts with `line L, column C`.
pub struct Reader<R> {
    inner: R,
    line: Vec<u8>,
    /// A line already read that belongs to the next record.
    held: Option<(Vec<u8>, u64, u64)>,
    offset: u64,
    line_number: u64,
    number: u64,
    done: bool,
    /// The last line read as it is in the input (line end included, byte order mark not),
    /// and the held line's.
    raw_line: Vec<u8>,
    held_raw: Vec<u8>,
    /// The original bytes of the record last yielded, and their input span.
    raw: Vec<u8>,
    span: Option<std::ops::Range<u64>>,
}

struct Line {
    text: String,
    offset: u64,
    number: u64,
}

impl<R: BufRead> Reader<R> {
    /// A reader over `inner`.
    pub fn new(inner: R) -> Self {
        Reader {
            inner,
            line: Vec::with_capacity(256),
            held: None,
            offset: 0,
            line_number: 0,
            number: 0,
            done: false,
            raw_line: Vec::new(),
            held_raw: Vec::new(),
            raw: Vec::new(),
            span: None,
        }
    }

    /// How many records (sound or not) have been yielded.
    pub fn records_read(&self) -> u64 {
        self.number
    }

    /// The byte span in the input of the record last yielded (sound or not): its lines, from
    /// the first (`=LDR`) to the end of the last one, its line end included (the blank line
    /// after it and a byte order mark before it are not part of it). `None` before the first
    /// record.
    ///
    /// ```
    /// let text = "=LDR  00000nam a2200000 i 4500\r\n=001  x1\r\n\r\n=LDR  00000nam a2200000 i 4500\n";
    /// let mut reader = yozuv::mnemonic::Reader::new(text.as_bytes());
    /// reader.next().unwrap().unwrap();
    /// assert_eq!(reader.last_span(), Some(0..42));
    /// assert_eq!(reader.last_bytes(), Some(&text.as_bytes()[..42]));
    /// ```
    pub fn last_span(&self) -> Option<std::ops::Range<u64>> {
        self.span.clone()
    }

    /// The bytes of [`Reader::last_span`], as they are in the input.
    pub fn last_bytes(&self) -> Option<&[u8]> {
        self.span.as_ref().map(|_| self.raw.as_slice())
    }

    fn read_line(&mut self) -> Option<io::Result<(Vec<u8>, u64, u64)>> {
        if let Some(held) = self.held.take() {
            std::mem::swap(&mut self.raw_line, &mut self.held_raw);
            return Some(Ok(held));
        }
        self.line.clear();
        match self.inner.read_until(b'\n', &mut self.line) {
            Ok(0) => None,
            Ok(n) => {
                let mut at = self.offset;
                self.offset += n as u64;
                self.line_number += 1;
                let mut bytes = std::mem::take(&mut self.line);
                self.raw_line.clear();
                self.raw_line.extend_from_slice(&bytes);
                while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                    bytes.pop();
                }
                if at == 0 && bytes.starts_with("\u{feff}".as_bytes()) {
                    bytes.drain(..3);
                    self.raw_line.drain(..3);
                    at = 3;
                }
                Some(Ok((bytes, at, self.line_number)))
            }
            Err(e) => Some(Err(e)),
        }
    }

    fn syntax(&self, line: &Line, column: usize, detail: impl std::fmt::Display) -> Error {
        Error::Syntax {
            position: Position::new(self.number, line.offset + column as u64),
            format: FORMAT,
            detail: format!("line {}, column {}: {detail}", line.number, column + 1),
            raw: None,
        }
    }

    fn next_record(&mut self) -> Option<Result<Record, Error>> {
        if self.done {
            return None;
        }
        let mut record: Option<Record> = None;
        let mut error: Option<Error> = None;
        let mut started = false;
        self.span = None;
        loop {
            let (bytes, offset, number) = match self.read_line() {
                None => {
                    self.done = true;
                    break;
                }
                Some(Ok(l)) => l,
                Some(Err(source)) => {
                    self.done = true;
                    self.span = None;
                    return Some(Err(Error::Io {
                        position: Position::new(self.number + 1, self.offset),
                        source,
                    }));
                }
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                if started {
                    break;
                }
                continue;
            }
            if !started {
                started = true;
                self.number += 1;
                self.raw.clear();
                self.span = Some(offset..offset);
            } else if bytes.starts_with(b"=LDR") {
                self.held = Some((bytes, offset, number));
                std::mem::swap(&mut self.raw_line, &mut self.held_raw);
                break;
            }
            self.raw.extend_from_slice(&self.raw_line);
            if let Some(span) = &mut self.span {
                span.end = offset + self.raw_line.len() as u64;
            }
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let line = Line {
                        text: String::new(),
                        offset,
                        number,
                    };
                    let col = e.utf8_error().valid_up_to();
                    let err = self.syntax(&line, col, "bytes that are not UTF-8");
                    error.get_or_insert(err);
                    continue;
                }
            };
            let line = Line {
                text,
                offset,
                number,
            };
            if error.is_some() {
                continue;
            }
            if let Err(e) = self.read_field(&line, &mut record) {
                error = Some(e);
            }
        }
        if !started {
            return None;
        }
        if let Some(e) = error {
            return Some(Err(e));
        }
        record.map(Ok)
    }

    fn read_field(&self, line: &Line, record: &mut Option<Record>) -> Result<(), Error> {
        let t = line.text.as_str();
        if !t.starts_with('=') {
            return Err(self.syntax(line, 0, "line does not start with '='"));
        }
        let Some(tag_text) = t.get(1..4) else {
            return Err(self.syntax(line, 1, "line too short for a tag"));
        };
        // MARCMaker puts two spaces after the tag; accept one, or none.
        let mut body_at = 4;
        for _ in 0..2 {
            if t[body_at..].starts_with(' ') {
                body_at += 1;
            }
        }
        let body = &t[body_at..];
        if tag_text == "LDR" {
            if record.is_some() {
                return Err(self.syntax(line, 0, "second =LDR line in a record"));
            }
            let mut text = String::with_capacity(24);
            unescape(body, Backslash::Blank, &mut text);
            let leader = Leader::from_bytes(text.as_bytes()).ok_or_else(|| {
                self.syntax(
                    line,
                    body_at,
                    format!(
                        "leader {text:?} is {} characters, not 24",
                        text.chars().count()
                    ),
                )
            })?;
            *record = Some(Record::new(leader));
            return Ok(());
        }
        let Some(rec) = record.as_mut() else {
            return Err(self.syntax(line, 0, "field before the =LDR line"));
        };
        let tag = Tag::from_bytes(tag_text.as_bytes())
            .ok_or_else(|| self.syntax(line, 1, format!("tag {tag_text:?} is not 3 characters")))?;
        if tag.is_control() {
            let mut value = String::with_capacity(body.len());
            unescape(body, Backslash::Blank, &mut value);
            rec.fields.push(Field::Control { tag, value });
            return Ok(());
        }
        let mut ind = [b' '; 2];
        let mut rest = body;
        for (i, slot) in ind.iter_mut().enumerate() {
            let (b, r) = take_item(rest, Backslash::Blank).ok_or_else(|| {
                self.syntax(
                    line,
                    t.len() - rest.len(),
                    format!("field {tag}: indicator {} missing or not ASCII", i + 1),
                )
            })?;
            *slot = b;
            rest = r;
        }
        if !rest.is_empty() && !rest.starts_with('$') {
            return Err(self.syntax(
                line,
                t.len() - rest.len(),
                format!("field {tag}: text before the first $"),
            ));
        }
        let mut subfields = Vec::new();
        for part in rest.split('$').skip(1) {
            let (code, value) = take_item(part, Backslash::Literal).ok_or_else(|| {
                self.syntax(
                    line,
                    t.len() - rest.len(),
                    format!("field {tag}: subfield without a code"),
                )
            })?;
            let mut text = String::with_capacity(value.len());
            unescape(value, Backslash::Literal, &mut text);
            subfields.push(Subfield { code, value: text });
        }
        if subfields.is_empty() {
            rec.warnings.push(Warning {
                position: Position::new(self.number, line.offset).with_tag(tag),
                damage: Damage::FieldWithoutSubfields,
            });
        }
        rec.fields.push(Field::Data {
            tag,
            indicators: Indicators(ind),
            subfields,
        });
        Ok(())
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Record, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_hex_mnemonics() {
        let mut out = String::new();
        unescape(
            "a{dollar}b{esc}{1f}{lcub}x{rcub}{nosuch}{copy}\\",
            Backslash::Literal,
            &mut out,
        );
        assert_eq!(out, "a$b\u{1b}\u{1f}{x}{nosuch}\u{a9}\\");
        let mut out = String::new();
        unescape("a\\b{bsol}", Backslash::Blank, &mut out);
        assert_eq!(out, "a b\\");
    }
}
