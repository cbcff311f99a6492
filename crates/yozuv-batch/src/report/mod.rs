//! Reports (sinks) and the pass-through writer.
//!
//! Every sink is an [`Events`] receiver that also has a [`Sink::finish`]. Streaming formats
//! (text, JSON, JSON Lines, SARIF) write as records come, so memory stays flat; JUnit and HTML
//! keep what they need (HTML at most `html_max_records` records with problems).

mod html;
mod json;
mod junit;
mod sarif;
mod text;

use std::io::Write;
use std::sync::Arc;

use crate::{Diagnostic, Error, Events, Location, Messages, RecordOutcome, Registry, Summary};

pub use html::HtmlSink;
pub use json::{JsonLinesSink, JsonSink};
pub use junit::JunitSink;
pub use sarif::SarifSink;
pub use text::TextSink;

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Human text, grouped by record.
    Text,
    /// `{ "diagnostics": [...], "summary": {...} }`.
    Json,
    /// One diagnostic per line.
    Jsonl,
    /// JUnit XML.
    Junit,
    /// SARIF 2.1.0.
    Sarif,
    /// One self-contained HTML file.
    Html,
}

impl Format {
    /// Parses a format name.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "text" => Format::Text,
            "json" => Format::Json,
            "jsonl" => Format::Jsonl,
            "junit" => Format::Junit,
            "sarif" => Format::Sarif,
            "html" => Format::Html,
            _ => return None,
        })
    }
}

/// What every sink needs to know about the run.
#[derive(Clone)]
pub struct ReportContext {
    /// Input names, by index.
    pub names: Vec<String>,
    /// Messages in the report language.
    pub messages: Arc<Messages>,
    /// The rule registry (for SARIF rule descriptions).
    pub registry: Registry,
    /// The profile's name.
    pub profile: String,
    /// At most this many records with problems in the HTML report.
    pub html_max_records: usize,
}

impl ReportContext {
    fn name(&self, file: usize) -> &str {
        self.names.get(file).map_or("-", String::as_str)
    }
}

/// A report: receives the events and writes itself at the end.
pub trait Sink: Events {
    /// Writes what is left and flushes.
    fn finish(&mut self, summary: &Summary) -> Result<(), Error>;
}

/// Creates the sink for `format` writing to `out`. `color` is for text only.
pub fn sink(
    format: Format,
    out: Box<dyn Write + Send>,
    context: ReportContext,
    color: bool,
) -> Result<Box<dyn Sink + Send>, Error> {
    Ok(match format {
        Format::Text => Box::new(TextSink::new(out, context, color)),
        Format::Json => Box::new(JsonSink::new(out, context)?),
        Format::Jsonl => Box::new(JsonLinesSink::new(out, context)),
        Format::Junit => Box::new(JunitSink::new(out, context)),
        Format::Sarif => Box::new(SarifSink::new(out, context)?),
        Format::Html => Box::new(HtmlSink::new(out, context)),
    })
}

/// `245[2]$a` style name of a location inside a record (empty for the whole record).
pub fn place(loc: &Location) -> String {
    let mut s = String::new();
    if let Some(tag) = loc.tag {
        s.push_str(&tag.to_string());
        if let Some(o) = loc.occurrence.filter(|&o| o > 1) {
            s.push_str(&format!("[{o}]"));
        }
    }
    if let Some(code) = loc.subfield {
        s.push('$');
        if code.is_ascii_graphic() {
            s.push(code as char);
        } else {
            s.push_str(&format!("{{{code:02x}}}"));
        }
    }
    s
}

fn write_err(e: std::io::Error) -> Error {
    Error::io("writing a report", e)
}

/// Writes each record's original bytes to the clean or the rejected output.
pub struct PassThrough {
    clean: Option<Box<dyn Write + Send>>,
    rejected: Option<Box<dyn Write + Send>>,
}

impl PassThrough {
    /// A pass-through writer; either side may be absent.
    pub fn new(
        clean: Option<Box<dyn Write + Send>>,
        rejected: Option<Box<dyn Write + Send>>,
    ) -> Self {
        PassThrough { clean, rejected }
    }

    /// Flushes both outputs.
    pub fn flush(&mut self) -> Result<(), Error> {
        for w in [&mut self.clean, &mut self.rejected].into_iter().flatten() {
            w.flush().map_err(|e| Error::io("writing records", e))?;
        }
        Ok(())
    }
}

impl Events for PassThrough {
    fn record(&mut self, outcome: &RecordOutcome, bytes: &[u8]) -> Result<(), Error> {
        let out = if outcome.rejected {
            &mut self.rejected
        } else {
            &mut self.clean
        };
        if let Some(w) = out {
            w.write_all(bytes)
                .map_err(|e| Error::io("writing records", e))?;
        }
        Ok(())
    }
}

impl Sink for PassThrough {
    fn finish(&mut self, _summary: &Summary) -> Result<(), Error> {
        self.flush()
    }
}

/// Sends every event to several sinks (reports, pass-through, progress).
#[derive(Default)]
pub struct Fanout {
    /// The receivers.
    pub sinks: Vec<Box<dyn Sink + Send>>,
}

impl Events for Fanout {
    fn file_start(&mut self, file: usize, name: &str) -> Result<(), Error> {
        self.sinks
            .iter_mut()
            .try_for_each(|t| t.file_start(file, name))
    }
    fn record(&mut self, outcome: &RecordOutcome, bytes: &[u8]) -> Result<(), Error> {
        self.sinks
            .iter_mut()
            .try_for_each(|t| t.record(outcome, bytes))
    }
    fn batch(&mut self, diagnostics: &[Diagnostic]) -> Result<(), Error> {
        self.sinks.iter_mut().try_for_each(|t| t.batch(diagnostics))
    }
    fn file_end(&mut self, file: usize) -> Result<(), Error> {
        self.sinks.iter_mut().try_for_each(|t| t.file_end(file))
    }
}

impl Sink for Fanout {
    fn finish(&mut self, summary: &Summary) -> Result<(), Error> {
        self.sinks.iter_mut().try_for_each(|t| t.finish(summary))
    }
}
