//! JSON (`{ "diagnostics": [...], "summary": {...} }`, streamed) and JSON Lines.

use std::io::Write;

#[cfg(test)]
use serde::ser::SerializeMap;
#[cfg(test)]
use serde::Serialize;

use super::{write_err, ReportContext, Sink};
use crate::{Arg, Diagnostic, Error, Events, RecordOutcome, Summary};

/// Named message arguments, serialized as an object in their order.
#[cfg(test)]
struct Args<'a>(&'a [(&'static str, Arg)]);

#[cfg(test)]
impl Serialize for Args<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[cfg(test)]
#[derive(Serialize)]
struct Member<'a> {
    file: &'a str,
    record: u64,
    offset: u64,
}

/// The JSON form of one diagnostic through serde: the reference the hand-written
/// [`push_diagnostic`] is tested against.
#[cfg(test)]
#[derive(Serialize)]
struct DiagnosticJson<'a> {
    file: &'a str,
    record: u64,
    offset: u64,
    id001: Option<&'a str>,
    tag: Option<String>,
    occurrence: Option<u32>,
    subfield: Option<String>,
    rule: &'a str,
    severity: &'static str,
    message: String,
    args: Args<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    records: Vec<Member<'a>>,
}

#[cfg(test)]
fn diagnostic_record<'a>(d: &'a Diagnostic, context: &'a ReportContext) -> DiagnosticJson<'a> {
    let l = &d.location;
    DiagnosticJson {
        file: context.name(l.file),
        record: l.record,
        offset: l.offset,
        id001: l.id001.as_deref(),
        tag: l.tag.map(|t| t.to_string()),
        occurrence: l.occurrence,
        subfield: l.subfield.map(|c| (c as char).to_string()),
        rule: &d.rule,
        severity: d.severity.as_str(),
        message: context.messages.diagnostic(d),
        args: Args(&d.args),
        records: d
            .related
            .iter()
            .map(|r| Member {
                file: context.name(r.file),
                record: r.record,
                offset: r.offset,
            })
            .collect(),
    }
}

/// Appends `s` to `out` as a JSON string, escaped exactly as `serde_json` escapes it
/// (`\"`, `\\`, the short escapes `\b \f \n \r \t`, other control characters as
/// `\u00XX`; everything else as is).
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // Per byte: 0 = as is, b'u' = \u00XX, else the letter after the backslash.
    const ESCAPE: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut i = 0;
        while i < 0x20 {
            t[i] = b'u';
            i += 1;
        }
        t[0x08] = b'b';
        t[0x0C] = b'f';
        t[b'\n' as usize] = b'n';
        t[b'\r' as usize] = b'r';
        t[b'\t' as usize] = b't';
        t[b'"' as usize] = b'"';
        t[b'\\' as usize] = b'\\';
        t
    };
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short = ESCAPE[b as usize];
        if short == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        if short == b'u' {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0xF) as usize]);
        } else {
            out.push(b'\\');
            out.push(short);
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

fn push_number(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends the JSON form of one diagnostic to `out`: the same bytes `serde_json` writes for
/// [`DiagnosticJson`] (checked by a test), without building it.
fn push_diagnostic(out: &mut Vec<u8>, d: &Diagnostic, context: &ReportContext) {
    let l = &d.location;
    out.extend_from_slice(b"{\"file\":");
    push_json_str(out, context.name(l.file));
    out.extend_from_slice(b",\"record\":");
    push_number(out, l.record);
    out.extend_from_slice(b",\"offset\":");
    push_number(out, l.offset);
    out.extend_from_slice(b",\"id001\":");
    match l.id001.as_deref() {
        Some(id) => push_json_str(out, id),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"tag\":");
    match l.tag {
        Some(t) => push_json_str(out, &t.to_string()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"occurrence\":");
    match l.occurrence {
        Some(o) => push_number(out, o),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"subfield\":");
    match l.subfield {
        Some(c) => push_json_str(out, (c as char).encode_utf8(&mut [0; 4])),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"rule\":");
    push_json_str(out, &d.rule);
    out.extend_from_slice(b",\"severity\":");
    push_json_str(out, d.severity.as_str());
    out.extend_from_slice(b",\"message\":");
    match &d.text {
        Some(text) => push_json_str(out, text),
        None => push_json_str(out, &context.messages.diagnostic(d)),
    }
    out.extend_from_slice(b",\"args\":{");
    for (i, (name, value)) in d.args.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_json_str(out, name);
        out.push(b':');
        match value {
            Arg::Text(s) => push_json_str(out, s),
            Arg::Number(n) => push_number(out, *n),
        }
    }
    out.push(b'}');
    if !d.related.is_empty() {
        out.extend_from_slice(b",\"records\":[");
        for (i, r) in d.related.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"file\":");
            push_json_str(out, context.name(r.file));
            out.extend_from_slice(b",\"record\":");
            push_number(out, r.record);
            out.extend_from_slice(b",\"offset\":");
            push_number(out, r.offset);
            out.push(b'}');
        }
        out.push(b']');
    }
    out.push(b'}');
}

/// JSON Lines: one diagnostic per line, as they come.
pub struct JsonLinesSink {
    out: Box<dyn Write + Send>,
    context: ReportContext,
    line: Vec<u8>,
}

impl JsonLinesSink {
    /// A JSON Lines report to `out`.
    pub fn new(out: Box<dyn Write + Send>, context: ReportContext) -> Self {
        JsonLinesSink {
            out,
            context,
            line: Vec::with_capacity(512),
        }
    }

    fn write(&mut self, d: &Diagnostic) -> Result<(), Error> {
        // One write per line: serde_json writes token by token.
        self.line.clear();
        push_diagnostic(&mut self.line, d, &self.context);
        self.line.push(b'\n');
        self.out.write_all(&self.line).map_err(write_err)
    }
}

impl Events for JsonLinesSink {
    fn record(&mut self, outcome: &RecordOutcome, _bytes: &[u8]) -> Result<(), Error> {
        outcome.diagnostics.iter().try_for_each(|d| self.write(d))
    }
    fn batch(&mut self, diagnostics: &[Diagnostic]) -> Result<(), Error> {
        diagnostics.iter().try_for_each(|d| self.write(d))
    }
}

impl Sink for JsonLinesSink {
    fn finish(&mut self, _summary: &Summary) -> Result<(), Error> {
        self.out.flush().map_err(write_err)
    }
}

/// One JSON document, streamed: diagnostics first, the summary last.
pub struct JsonSink {
    out: Box<dyn Write + Send>,
    context: ReportContext,
    first: bool,
    line: Vec<u8>,
}

impl JsonSink {
    /// A JSON report to `out`.
    pub fn new(mut out: Box<dyn Write + Send>, context: ReportContext) -> Result<Self, Error> {
        out.write_all(b"{\"diagnostics\":[").map_err(write_err)?;
        Ok(JsonSink {
            out,
            context,
            first: true,
            line: Vec::with_capacity(512),
        })
    }

    fn write(&mut self, d: &Diagnostic) -> Result<(), Error> {
        if !self.first {
            self.out.write_all(b",").map_err(write_err)?;
        }
        self.first = false;
        self.line.clear();
        self.line.push(b'\n');
        push_diagnostic(&mut self.line, d, &self.context);
        self.out.write_all(&self.line).map_err(write_err)
    }
}

impl Events for JsonSink {
    fn record(&mut self, outcome: &RecordOutcome, _bytes: &[u8]) -> Result<(), Error> {
        outcome.diagnostics.iter().try_for_each(|d| self.write(d))
    }
    fn batch(&mut self, diagnostics: &[Diagnostic]) -> Result<(), Error> {
        diagnostics.iter().try_for_each(|d| self.write(d))
    }
}

impl Sink for JsonSink {
    fn finish(&mut self, summary: &Summary) -> Result<(), Error> {
        self.out.write_all(b"\n],\"summary\":").map_err(write_err)?;
        serde_json::to_writer(&mut self.out, summary).map_err(|e| write_err(e.into()))?;
        self.out.write_all(b"}\n").map_err(write_err)?;
        self.out.flush().map_err(write_err)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{Location, Messages, RecordRef, Registry, Severity};

    fn context() -> ReportContext {
        ReportContext {
            names: vec!["in \"put\".mrc".into(), "b\\c\u{1}.mrc".into()],
            messages: Arc::new(Messages::new("ru").expect("ru messages")),
            registry: Registry::builtin().clone(),
            profile: "marc21".into(),
            html_max_records: 10,
        }
    }

    /// The hand-written writer gives exactly serde_json's bytes, escapes included.
    #[test]
    fn hand_written_json_matches_serde() {
        let context = context();
        let tricky = "q\"b\\s\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f} Ўзбек ‘x’ 😀";
        let diagnostics = vec![
            Diagnostic {
                location: Location {
                    file: 1,
                    record: 7,
                    offset: 12345,
                    id001: Some(Arc::from(tricky)),
                    tag: Some(yozuv::Tag::from_str_lossy("245")),
                    occurrence: Some(2),
                    subfield: Some(b'"'),
                },
                rule: Arc::from("text.mixed-script"),
                severity: Severity::Warning,
                args: vec![
                    ("word", Arg::Text(tricky.into())),
                    ("count", Arg::Number(-42)),
                    ("big", Arg::Number(i64::MAX)),
                ],
                detail: None,
                related: vec![],
                text: Some(tricky.into()),
            },
            Diagnostic {
                location: Location::default(),
                rule: Arc::from("duplicate.isbn"),
                severity: Severity::Error,
                args: vec![],
                detail: Some("fallback".into()),
                related: vec![
                    RecordRef {
                        file: 0,
                        record: 1,
                        offset: 0,
                    },
                    RecordRef {
                        file: 5,
                        record: 2,
                        offset: 99,
                    },
                ],
                // No text: the sink formats the message itself.
                text: None,
            },
        ];
        for d in &diagnostics {
            let expected = serde_json::to_vec(&diagnostic_record(d, &context)).expect("serde");
            let mut got = Vec::new();
            push_diagnostic(&mut got, d, &context);
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&expected)
            );
        }
        // Every control character escapes as serde_json does.
        for c in 0u8..0x80 {
            let s = (c as char).to_string();
            let mut got = Vec::new();
            push_json_str(&mut got, &s);
            assert_eq!(got, serde_json::to_vec(&s).expect("serde"), "char {c:#x}");
        }
    }
}
