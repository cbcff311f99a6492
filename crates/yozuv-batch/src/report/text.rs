//! Human text: grouped by record, coloured when asked, a summary at the end.

use std::io::Write;

use super::{write_err, ReportContext, Sink};
use crate::{Diagnostic, Error, Events, RecordOutcome, Severity, Summary};

/// The severity label of a line (or its line prefix), from those made once per report.
fn severity_label(labels: &[String; 3], s: Severity) -> &str {
    let i = match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    };
    &labels[i]
}

/// The text report.
pub struct TextSink {
    out: Box<dyn Write + Send>,
    context: ReportContext,
    color: bool,
    batch_heading: bool,
    /// The padded, painted severity labels (info, warning, error), made once.
    labels: [String; 3],
    /// The start of a diagnostic line per severity (`  {label} `), made once.
    prefixes: [String; 3],
    /// The localized word "record", lowercased, made once.
    record_word: String,
    /// Lines are built here and handed to `out` in large writes (one `write_all` per
    /// [`FLUSH_AT`] bytes instead of several formatted writes per line).
    buf: Vec<u8>,
}

/// Bytes gathered before they are written to the output.
const FLUSH_AT: usize = 64 * 1024;

/// Appends `s`, between the SGR codes of `code` when `color`.
fn push_painted(buf: &mut Vec<u8>, s: &str, code: &str, color: bool) {
    if color {
        buf.extend_from_slice(b"\x1b[");
        buf.extend_from_slice(code.as_bytes());
        buf.push(b'm');
        buf.extend_from_slice(s.as_bytes());
        buf.extend_from_slice(b"\x1b[0m");
    } else {
        buf.extend_from_slice(s.as_bytes());
    }
}

impl TextSink {
    /// A text report to `out`.
    pub fn new(out: Box<dyn Write + Send>, context: ReportContext, color: bool) -> Self {
        let mut sink = TextSink {
            out,
            context,
            color,
            batch_heading: false,
            labels: Default::default(),
            prefixes: Default::default(),
            record_word: String::new(),
            buf: Vec::with_capacity(FLUSH_AT + 4096),
        };
        sink.labels = [Severity::Info, Severity::Warning, Severity::Error].map(|s| sink.label(s));
        sink.prefixes = sink.labels.clone().map(|label| format!("  {label} "));
        sink.record_word = sink.context.messages.ui("ui-record").to_lowercase();
        sink
    }

    fn paint(&self, s: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn label(&self, s: Severity) -> String {
        let m = &self.context.messages;
        let text = |s: Severity| m.ui(&format!("ui-{}", s.as_str()));
        // As wide as the longest label in this language ("ogohlantirish" is 13).
        let width = [Severity::Info, Severity::Warning, Severity::Error]
            .map(|s| text(s).chars().count())
            .into_iter()
            .max()
            .unwrap_or(8);
        let label = format!("{:<width$}", text(s));
        match s {
            Severity::Error => self.paint(&label, "1;31"),
            Severity::Warning => self.paint(&label, "33"),
            Severity::Info => self.paint(&label, "36"),
        }
    }

    /// One diagnostic line of a record: `  {sev} {at:<18} {text} [{rule}]`.
    fn line(&mut self, d: &Diagnostic) {
        let formatted;
        let text = match &d.text {
            Some(text) => &**text,
            None => {
                formatted = self.context.messages.diagnostic(d);
                formatted.as_str()
            }
        };
        let buf = &mut self.buf;
        buf.extend_from_slice(severity_label(&self.prefixes, d.severity).as_bytes());
        // `{where} @{offset}` (or `@{offset}`), padded to 18 characters.
        let start = buf.len();
        let mut at_chars = push_place(buf, &d.location);
        if buf.len() > start {
            buf.push(b' ');
            at_chars += 1;
        }
        let mut offset = itoa::Buffer::new();
        let offset = offset.format(d.location.offset).as_bytes();
        buf.push(b'@');
        buf.extend_from_slice(offset);
        at_chars += 1 + offset.len();
        buf.resize(buf.len() + 18usize.saturating_sub(at_chars), b' ');
        buf.push(b' ');
        buf.extend_from_slice(text.as_bytes());
        buf.extend_from_slice(b" [");
        push_painted(buf, &d.rule, "2", self.color);
        buf.extend_from_slice(b"]\n");
    }

    /// Hands the gathered lines to the output once there are enough of them.
    fn write_if_full(&mut self) -> Result<(), Error> {
        if self.buf.len() >= FLUSH_AT {
            self.write_buffered()?;
        }
        Ok(())
    }

    fn write_buffered(&mut self) -> Result<(), Error> {
        self.out.write_all(&self.buf).map_err(write_err)?;
        self.buf.clear();
        Ok(())
    }
}

/// What [`place`] gives, appended to `buf` without building a `String`; returns how many
/// characters it appended (all ASCII but a tag's lossy text).
fn push_place(buf: &mut Vec<u8>, loc: &crate::Location) -> usize {
    let start = buf.len();
    let mut not_ascii = 0;
    if let Some(tag) = loc.tag {
        let bytes = tag.as_bytes();
        if bytes.iter().all(|&b| b.is_ascii_graphic() || b == b' ') {
            buf.extend_from_slice(bytes);
        } else {
            let text = tag.to_string();
            let chars = text.chars().count();
            not_ascii = text.len() - chars;
            buf.extend_from_slice(text.as_bytes());
        }
        if let Some(o) = loc.occurrence.filter(|&o| o > 1) {
            buf.push(b'[');
            buf.extend_from_slice(itoa::Buffer::new().format(o).as_bytes());
            buf.push(b']');
        }
    }
    if let Some(code) = loc.subfield {
        buf.push(b'$');
        if code.is_ascii_graphic() {
            buf.push(code);
        } else {
            buf.extend_from_slice(format!("{{{code:02x}}}").as_bytes());
        }
    }
    buf.len() - start - not_ascii
}

impl Drop for TextSink {
    /// Like `BufWriter`: what is gathered is written even when the run stops early.
    fn drop(&mut self) {
        if !self.buf.is_empty() {
            let _ = self.out.write_all(&self.buf);
            let _ = self.out.flush();
        }
    }
}

impl Events for TextSink {
    fn record(&mut self, outcome: &RecordOutcome, _bytes: &[u8]) -> Result<(), Error> {
        if outcome.diagnostics.is_empty() {
            return Ok(());
        }
        // `{name} {record} {number} @{offset}[ 001 {id}]`, bold when in colour.
        if self.color {
            self.buf.extend_from_slice(b"\x1b[1m");
        }
        let buf = &mut self.buf;
        buf.extend_from_slice(self.context.name(outcome.file).as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(self.record_word.as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(itoa::Buffer::new().format(outcome.number).as_bytes());
        buf.extend_from_slice(b" @");
        buf.extend_from_slice(itoa::Buffer::new().format(outcome.offset).as_bytes());
        if let Some(id) = &outcome.id001 {
            buf.extend_from_slice(b" 001 ");
            buf.extend_from_slice(id.as_bytes());
        }
        if self.color {
            buf.extend_from_slice(b"\x1b[0m");
        }
        buf.push(b'\n');
        for d in &outcome.diagnostics {
            self.line(d);
        }
        self.write_if_full()
    }

    fn batch(&mut self, diagnostics: &[Diagnostic]) -> Result<(), Error> {
        if diagnostics.is_empty() {
            return Ok(());
        }
        self.write_buffered()?;
        if !self.batch_heading {
            self.batch_heading = true;
            let head = self.paint(&self.context.messages.ui("ui-batch"), "1");
            writeln!(self.out, "{head}").map_err(write_err)?;
        }
        for d in diagnostics {
            let text = self.context.messages.diagnostic(d);
            let sev = severity_label(&self.labels, d.severity);
            let rule = self.paint(&d.rule, "2");
            let loc = if d.location.record == 0 {
                format!(
                    "{} @{}",
                    self.context.name(d.location.file),
                    d.location.offset
                )
            } else {
                format!(
                    "{} #{}",
                    self.context.name(d.location.file),
                    d.location.record
                )
            };
            writeln!(self.out, "  {sev} {loc}: {text} [{rule}]").map_err(write_err)?;
        }
        Ok(())
    }
}

impl Sink for TextSink {
    fn finish(&mut self, s: &Summary) -> Result<(), Error> {
        self.write_buffered()?;
        let m = self.context.messages.clone();
        let head = self.paint(&m.ui("ui-summary"), "1");
        writeln!(
            self.out,
            "{head} ({} {})",
            m.ui("ui-profile").to_lowercase(),
            s.profile
        )
        .map_err(write_err)?;
        writeln!(
            self.out,
            "  {}: {}  {}: {}  {}: {}",
            m.ui("ui-records"),
            s.records,
            m.ui("ui-clean"),
            s.clean,
            m.ui("ui-rejected"),
            s.rejected
        )
        .map_err(write_err)?;
        writeln!(
            self.out,
            "  {}: {}  {}: {}  {}: {}",
            m.ui("ui-errors"),
            self.paint(
                &s.errors.to_string(),
                if s.errors > 0 { "1;31" } else { "32" }
            ),
            m.ui("ui-warnings"),
            s.warnings,
            m.ui("ui-infos"),
            s.infos
        )
        .map_err(write_err)?;
        if !s.by_rule.is_empty() {
            writeln!(self.out, "  {}:", m.ui("ui-by-rule")).map_err(write_err)?;
            for (rule, [e, w, i]) in &s.by_rule {
                writeln!(
                    self.out,
                    "    {:>6} {:<36} {}",
                    e + w + i,
                    rule,
                    m.summary(rule).unwrap_or_default()
                )
                .map_err(write_err)?;
            }
        }
        self.out.flush().map_err(write_err)
    }
}
