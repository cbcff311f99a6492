//! The fast path for sound records: a small scanner for the plain MARCXML that nearly
//! every exporter writes (elements `record`, `leader`, `controlfield`, `datafield`,
//! `subfield`, with or without a prefix; attributes in either quote; the five predefined
//! entities and character references; comments; `<?yozuv-char?>`).
//!
//! It never reports anything: on the first thing it does not expect — CDATA, another
//! element inside the record, a leader that is not 24 bytes, a tag that is not 3, an empty
//! data field, a missing indicator, an unknown entity, a mismatched end tag — it gives up and
//! the frame is parsed again by the full quick-xml path, which reports exactly what is wrong.
//! So both paths give the same records; this one just skips the general machinery.

use std::borrow::Cow;

use super::CHAR_PI_TARGET;
use crate::{Field, Indicators, Leader, Record, Subfield, Tag};

/// A cursor over the frame text.
struct Scan<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

/// What kind of markup starts at a `<`.
enum Markup<'a> {
    Start {
        name: &'a [u8],
        attrs: &'a str,
        empty: bool,
    },
    End {
        name: &'a [u8],
    },
    Pi {
        target: &'a str,
        content: &'a str,
    },
    Comment,
}

fn local(name: &[u8]) -> &[u8] {
    // Names are short: a plain loop beats a SIMD search here.
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.') || b >= 0x80
}

impl<'a> Scan<'a> {
    /// Reads the markup at `i` (which is a `<`), leaving `i` after it.
    fn markup(&mut self) -> Option<Markup<'a>> {
        let b = self.b;
        let start = self.i + 1;
        match b.get(start)? {
            b'/' => {
                let n0 = start + 1;
                let mut n1 = n0;
                while n1 < b.len() && is_name_byte(b[n1]) {
                    n1 += 1;
                }
                let mut j = n1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if b.get(j) != Some(&b'>') || n1 == n0 {
                    return None;
                }
                self.i = j + 1;
                Some(Markup::End { name: &b[n0..n1] })
            }
            b'?' => {
                let end = memchr::memmem::find(&b[start..], b"?>")? + start;
                let body = self.s.get(start + 1..end)?;
                let (target, content) = body
                    .split_once(|c: char| c.is_ascii_whitespace())
                    .unwrap_or((body, ""));
                self.i = end + 2;
                Some(Markup::Pi { target, content })
            }
            b'!' => {
                if b[start..].starts_with(b"!--") {
                    let end = memchr::memmem::find(&b[start + 3..], b"-->")? + start + 3;
                    self.i = end + 3;
                    Some(Markup::Comment)
                } else {
                    None // CDATA, DOCTYPE: the full path
                }
            }
            _ => {
                let n0 = start;
                let mut n1 = n0;
                while n1 < b.len() && is_name_byte(b[n1]) {
                    n1 += 1;
                }
                if n1 == n0 {
                    return None;
                }
                // The first `>` ends the tag; a `>` inside a quoted value would leave an
                // unterminated quote, which `attributes` (called on every start tag) refuses.
                let j = memchr::memchr(b'>', &b[n1..])? + n1;
                let empty = j > n1 && b[j - 1] == b'/';
                let attrs_end = if empty { j - 1 } else { j };
                self.i = j + 1;
                Some(Markup::Start {
                    name: &b[n0..n1],
                    attrs: self.s.get(n1..attrs_end)?,
                    empty,
                })
            }
        }
    }
}

/// Appends `raw` (character data) to `out`, decoding references; `None` on anything odd.
fn decode_into(raw: &str, out: &mut String) -> Option<()> {
    let mut rest = raw;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = memchr::memchr(b';', after.as_bytes())?;
        let name = &after[..semi];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let num = name.strip_prefix('#')?;
                let code = match num.strip_prefix('x') {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse::<u32>().ok()?,
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Some(())
}

/// The MARC attributes of a start tag: (tag, ind1, ind2, code), decoded.
#[derive(Default)]
struct Attrs<'a> {
    tag: Option<Cow<'a, str>>,
    ind1: Option<Cow<'a, str>>,
    ind2: Option<Cow<'a, str>>,
    code: Option<Cow<'a, str>>,
}

fn attributes(s: &str) -> Option<Attrs<'_>> {
    let mut found = Attrs::default();
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            return Some(found);
        }
        let n0 = i;
        while i < b.len() && is_name_byte(b[i]) {
            i += 1;
        }
        let name = &b[n0..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') || name.is_empty() {
            return None;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let q = *b.get(i)?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        let v0 = i + 1;
        // Values are short: find the closing quote with a plain loop, noting on the way
        // whether the value needs decoding or whitespace normalization.
        let mut v1 = v0;
        let mut amp = false;
        loop {
            let c = *b.get(v1)?;
            if c == q {
                break;
            }
            match c {
                b'&' => amp = true,
                b'<' => return None,
                b'\t' | b'\n' | b'\r' => return None, // attribute-value normalization: the full path
                _ => {}
            }
            v1 += 1;
        }
        i = v1 + 1;
        let slot = match local(name) {
            b"tag" => &mut found.tag,
            b"ind1" => &mut found.ind1,
            b"ind2" => &mut found.ind2,
            b"code" => &mut found.code,
            _ => continue,
        };
        let raw = s.get(v0..v1)?;
        *slot = Some(if amp {
            let mut value = String::new();
            decode_into(raw, &mut value)?;
            Cow::Owned(value)
        } else {
            Cow::Borrowed(raw)
        });
    }
}

fn one_byte(v: &Option<Cow<'_, str>>) -> Option<u8> {
    match v.as_deref() {
        Some(s) if s.len() == 1 => Some(s.as_bytes()[0]),
        _ => None,
    }
}

/// Finds the `<record>` start after the prologue (XML declaration, comments, `<collection>`
/// or envelope tags — all of which must be well formed) and reads the record. Returns it,
/// the index of its start tag's `<`, and the index just after its end tag.
pub(super) fn parse_frame(frame: &str, text: &mut String) -> Option<(Record, usize, usize)> {
    let mut sc = Scan {
        s: frame,
        b: frame.as_bytes(),
        i: 0,
    };
    loop {
        let lt = memchr::memchr(b'<', &sc.b[sc.i..])? + sc.i;
        if !sc.b[sc.i..lt].iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        sc.i = lt;
        match sc.markup()? {
            Markup::Start { name, attrs, empty } => {
                attributes(attrs)?;
                if local(name) == b"record" {
                    return if empty {
                        None
                    } else {
                        parse(frame, lt, text).map(|(record, end)| (record, lt, end))
                    };
                }
            }
            Markup::End { .. } | Markup::Pi { .. } | Markup::Comment => {}
        }
    }
}

/// Leaf element being read.
enum Leaf {
    Leader,
    Control(Tag),
    Subfield(u8),
}

/// Parses the record that starts at byte `start` of `frame` (a `<…record …>` tag);
/// returns it and the index just after its end tag, or `None` to use the full path.
fn parse(frame: &str, start: usize, text: &mut String) -> Option<(Record, usize)> {
    let mut sc = Scan {
        s: frame,
        b: frame.as_bytes(),
        i: start,
    };
    let record_name = match sc.markup()? {
        Markup::Start {
            name, empty: false, ..
        } if local(name) == b"record" => name,
        _ => return None,
    };
    let mut leader: Option<Leader> = None;
    let mut fields: Vec<Field> = Vec::with_capacity(32);
    let mut data: Option<(Tag, Indicators, Vec<Subfield>, &[u8])> = None;
    let mut leaf: Option<(Leaf, &[u8])> = None;
    text.clear();
    loop {
        let lt = memchr::memchr(b'<', &sc.b[sc.i..])? + sc.i;
        if lt > sc.i {
            let raw = frame.get(sc.i..lt)?;
            if leaf.is_some() {
                if memchr::memchr(b'\r', raw.as_bytes()).is_some() {
                    return None; // line-end handling: the full path
                }
                decode_into(raw, text)?;
            } else if !raw.bytes().all(|c| c.is_ascii_whitespace()) {
                return None;
            }
        }
        sc.i = lt;
        match sc.markup()? {
            Markup::Comment => {}
            Markup::Pi { target, content } => {
                if leaf.is_some() && target == CHAR_PI_TARGET {
                    let c = char::from_u32(u32::from_str_radix(content.trim(), 16).ok()?)?;
                    text.push(c);
                }
            }
            Markup::Start { name, attrs, empty } => {
                if leaf.is_some() {
                    return None;
                }
                match local(name) {
                    b"leader" if leader.is_none() && data.is_none() && !empty => {
                        attributes(attrs)?;
                        leaf = Some((Leaf::Leader, name));
                    }
                    b"controlfield" if data.is_none() => {
                        let a = attributes(attrs)?;
                        let tag = Tag::from_bytes(a.tag.as_deref()?.as_bytes())?;
                        if empty {
                            fields.push(Field::Control {
                                tag,
                                value: String::new(),
                            });
                        } else {
                            leaf = Some((Leaf::Control(tag), name));
                        }
                    }
                    b"datafield" if data.is_none() && !empty => {
                        let a = attributes(attrs)?;
                        let tag = Tag::from_bytes(a.tag.as_deref()?.as_bytes())?;
                        let ind = Indicators([one_byte(&a.ind1)?, one_byte(&a.ind2)?]);
                        data = Some((tag, ind, Vec::with_capacity(8), name));
                    }
                    b"subfield" if data.is_some() => {
                        let a = attributes(attrs)?;
                        let code = one_byte(&a.code)?;
                        if empty {
                            data.as_mut()?.2.push(Subfield {
                                code,
                                value: String::new(),
                            });
                        } else {
                            leaf = Some((Leaf::Subfield(code), name));
                        }
                    }
                    _ => return None,
                }
            }
            Markup::End { name } => {
                if let Some((kind, open)) = leaf.take() {
                    if name != open {
                        return None;
                    }
                    let value = String::from(text.as_str());
                    text.clear();
                    match kind {
                        Leaf::Leader => leader = Some(Leader::from_bytes(value.as_bytes())?),
                        Leaf::Control(tag) => fields.push(Field::Control { tag, value }),
                        Leaf::Subfield(code) => data.as_mut()?.2.push(Subfield { code, value }),
                    }
                } else if let Some((tag, indicators, subfields, open)) = data.take() {
                    if name != open || subfields.is_empty() {
                        return None;
                    }
                    fields.push(Field::Data {
                        tag,
                        indicators,
                        subfields,
                    });
                } else if name == record_name {
                    return Some((
                        Record {
                            leader: leader?,
                            fields,
                            warnings: Vec::new(),
                        },
                        sc.i,
                    ));
                } else {
                    return None;
                }
            }
        }
    }
}
