//! Human text: grouped by record, coloured when asked, a summary at the end.

use std::io::Write;

use super::{place, write_err, ReportContext, Sink};
use crate::{Diagnostic, Error, Events, RecordOutcome, Severity, Summary};

/// The severity label of a line, from the labels made once per report.
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
    /// The localized word "record", lowercased, made once.
    record_word: String,
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
            record_word: String::new(),
        };
        sink.labels = [Severity::Info, Severity::Warning, Severity::Error].map(|s| sink.label(s));
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

    fn line(&mut self, d: &Diagnostic) -> Result<(), Error> {
        let formatted;
        let text = match &d.text {
            Some(text) => text.as_str(),
            None => {
                formatted = self.context.messages.diagnostic(d);
                formatted.as_str()
            }
        };
        let where_ = place(&d.location);
        let sev = severity_label(&self.labels, d.severity);
        let rule = self.paint(&d.rule, "2");
        let at = if where_.is_empty() {
            format!("@{}", d.location.offset)
        } else {
            format!("{where_} @{}", d.location.offset)
        };
        writeln!(self.out, "  {sev} {at:<18} {text} [{rule}]").map_err(write_err)
    }
}

impl Events for TextSink {
    fn record(&mut self, outcome: &RecordOutcome, _bytes: &[u8]) -> Result<(), Error> {
        if outcome.diagnostics.is_empty() {
            return Ok(());
        }
        let mut head = format!(
            "{} {} {} {}",
            self.context.name(outcome.file),
            self.record_word,
            outcome.number,
            format_args!("@{}", outcome.offset)
        );
        if let Some(id) = &outcome.id001 {
            head.push_str(&format!(" 001 {id}"));
        }
        let head = self.paint(&head, "1");
        writeln!(self.out, "{head}").map_err(write_err)?;
        for d in &outcome.diagnostics {
            self.line(d)?;
        }
        Ok(())
    }

    fn batch(&mut self, diagnostics: &[Diagnostic]) -> Result<(), Error> {
        if diagnostics.is_empty() {
            return Ok(());
        }
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
