//! JSON (`{ "diagnostics": [...], "summary": {...} }`, streamed) and JSON Lines.

use std::io::Write;

use serde_json::{json, Map, Value};

use super::{write_err, ReportContext, Sink};
use crate::{Diagnostic, Error, Events, RecordOutcome, Summary};

/// The JSON object of one diagnostic: `record`, `offset`, `id001`, `tag`, `occurrence`,
/// `subfield`, `rule`, `severity`, `message`, plus `file`, `args` and (for clusters)
/// `records`.
pub fn diagnostic_json(d: &Diagnostic, context: &ReportContext) -> Value {
    let l = &d.location;
    let mut args = Map::new();
    for (k, v) in &d.args {
        args.insert(
            (*k).to_string(),
            serde_json::to_value(v).unwrap_or(Value::Null),
        );
    }
    let mut o = json!({
        "file": context.name(l.file),
        "record": l.record,
        "offset": l.offset,
        "id001": l.id001.as_deref(),
        "tag": l.tag.map(|t| t.to_string()),
        "occurrence": l.occurrence,
        "subfield": l.subfield.map(|c| (c as char).to_string()),
        "rule": &*d.rule,
        "severity": d.severity.as_str(),
        "message": context.messages.diagnostic(d),
        "args": args,
    });
    if !d.related.is_empty() {
        o["records"] = d
            .related
            .iter()
            .map(|r| json!({"file": context.name(r.file), "record": r.record, "offset": r.offset}))
            .collect();
    }
    o
}

/// JSON Lines: one diagnostic per line, as they come.
pub struct JsonLinesSink {
    out: Box<dyn Write + Send>,
    context: ReportContext,
}

impl JsonLinesSink {
    /// A JSON Lines report to `out`.
    pub fn new(out: Box<dyn Write + Send>, context: ReportContext) -> Self {
        JsonLinesSink { out, context }
    }

    fn write(&mut self, d: &Diagnostic) -> Result<(), Error> {
        let v = diagnostic_json(d, &self.context);
        serde_json::to_writer(&mut self.out, &v).map_err(|e| write_err(e.into()))?;
        self.out.write_all(b"\n").map_err(write_err)
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
        let v = diagnostic_json(d, &self.context);
        serde_json::to_writer(&mut self.out, &v).map_err(|e| write_err(e.into()))
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
