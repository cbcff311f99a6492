//! JSON (`{ "diagnostics": [...], "summary": {...} }`, streamed) and JSON Lines.

use std::io::Write;

use serde::ser::SerializeMap;
use serde::Serialize;

use super::{write_err, ReportContext, Sink};
use crate::{Arg, Diagnostic, Error, Events, RecordOutcome, Summary};

/// Named message arguments, serialized as an object in their order.
struct Args<'a>(&'a [(&'static str, Arg)]);

impl Serialize for Args<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct Member<'a> {
    file: &'a str,
    record: u64,
    offset: u64,
}

/// The JSON form of one diagnostic (written without building a `serde_json::Value`).
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
        let v = diagnostic_record(d, &self.context);
        serde_json::to_writer(&mut self.line, &v).map_err(|e| write_err(e.into()))?;
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
}

impl JsonSink {
    /// A JSON report to `out`.
    pub fn new(mut out: Box<dyn Write + Send>, context: ReportContext) -> Result<Self, Error> {
        out.write_all(b"{\"diagnostics\":[").map_err(write_err)?;
        Ok(JsonSink {
            out,
            context,
            first: true,
        })
    }

    fn write(&mut self, d: &Diagnostic) -> Result<(), Error> {
        if !self.first {
            self.out.write_all(b",").map_err(write_err)?;
        }
        self.first = false;
        self.out.write_all(b"\n").map_err(write_err)?;
        let v = diagnostic_record(d, &self.context);
        let line = serde_json::to_vec(&v).map_err(|e| write_err(e.into()))?;
        self.out.write_all(&line).map_err(write_err)
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
