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

use crate::engine::Container;
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

/// One side of the pass-through (clean or rejected).
struct Side {
    out: Box<dyn Write + Send>,
    /// Records written.
    records: u64,
    /// The container's start was written.
    started: bool,
}

impl Side {
    fn new(out: Box<dyn Write + Send>) -> Self {
        Side {
            out,
            records: 0,
            started: false,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.out
            .write_all(bytes)
            .map_err(|e| Error::io("writing records", e))
    }

    /// Writes the container's start, once.
    fn start(&mut self, container: &Container) -> Result<(), Error> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        match container {
            Container::MarcXml { head, .. } => self.write(head),
            Container::Json { array: true } => self.write(b"["),
            _ => Ok(()),
        }
    }

    /// Writes one record's original bytes in `container`.
    fn record(&mut self, container: &Container, bytes: &[u8]) -> Result<(), Error> {
        self.start(container)?;
        self.records += 1;
        match container {
            Container::Iso2709 => self.write(bytes),
            Container::MarcXml { .. } => {
                self.write(b"  ")?;
                self.write(bytes)?;
                self.write(b"\n")
            }
            Container::Json { array } => {
                if *array {
                    self.write(if self.records == 1 { b"\n" } else { b",\n" })?;
                    self.write(bytes)
                } else {
                    self.write(bytes)?;
                    self.write(b"\n")
                }
            }
            Container::Mnemonic => {
                self.write(bytes)?;
                // A blank line after each record.
                self.write(if bytes.ends_with(b"\n") {
                    b"\n"
                } else {
                    b"\n\n"
                })
            }
        }
    }

    /// Closes the container (an XML collection or a JSON array with no record is still a
    /// well-formed document).
    fn finish(&mut self, container: Option<&Container>) -> Result<(), Error> {
        if let Some(container) = container {
            self.start(container)?;
            match container {
                Container::MarcXml { tail, .. } => self.write(tail)?,
                Container::Json { array: true } => self.write(b"\n]\n")?,
                _ => {}
            }
        }
        self.out
            .flush()
            .map_err(|e| Error::io("writing records", e))
    }
}

/// The collection start tag of a MARCXML head (without the XML declaration).
fn collection_tag(head: &[u8]) -> &[u8] {
    if head.starts_with(b"<?xml") {
        if let Some(end) = memchr::memmem::find(head, b"?>") {
            return head[end + 2..].trim_ascii();
        }
    }
    head.trim_ascii()
}

/// Which output of the pass-through a record goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// Records without errors.
    Clean,
    /// Records with errors, and unreadable records whose bytes could be delimited.
    Rejected,
    /// Rejected MARCXML / MARC-in-JSON records whose bytes are not well-formed XML / JSON
    /// (with an opener only: they would make the rejected document unreadable as a whole).
    Unreadable,
}

/// Opens the output for the records of inputs whose serialization differs from the first
/// input's (see [`PassThrough::with_opener`]).
pub type OpenOutput =
    dyn FnMut(Destination, &Container) -> Result<Box<dyn Write + Send>, Error> + Send;

/// The inputs of one serialization (MARCXML: of one `<collection>` start tag) and their outputs.
struct Group {
    container: Container,
    clean: Option<Side>,
    rejected: Option<Side>,
    /// Rejected records that are not well-formed in their serialization (opened when the
    /// first comes).
    unreadable: Option<Side>,
}

/// Whether a rejected record's original `bytes` can stand in a document of `container`'s
/// serialization: MARCXML records well-formed XML, MARC-in-JSON records well-formed JSON.
/// Only records that could not be read (no flavour, an `input.syntax` error) are checked: the
/// others were parsed.
fn can_join(container: &Container, outcome: &RecordOutcome, bytes: &[u8]) -> bool {
    if outcome.flavour.is_some() {
        return true;
    }
    match container {
        Container::MarcXml { head, .. } => yozuv::marcxml::is_well_formed_record(bytes, head),
        Container::Json { .. } => serde_json::from_slice::<serde_json::Value>(bytes).is_ok(),
        Container::Iso2709 | Container::Mnemonic => true,
    }
}

/// Writes each record's original bytes, unchanged, to the clean or the rejected output.
///
/// ISO 2709 records are written one after another; MARCXML records inside the input's
/// `<collection>` start and end tags (XML declaration and namespace declarations as in the
/// input, see [`yozuv::marcxml::collection_wrapper`]), one record element per line; MARC-in-JSON
/// records as a JSON array when the input was one, otherwise one object per line; mnemonic
/// records separated by a blank line. So each output is a document of the input's own
/// serialization that reads back as the records it holds. A record the reader could not
/// delimit (no bytes) is only reported.
///
/// A rejected MARCXML or MARC-in-JSON record whose own bytes are not well-formed XML or JSON
/// (a tag not closed, a bare `&`, a broken string) would make the whole rejected document
/// unreadable, the readable records in it too. With an opener ([`PassThrough::with_opener`]),
/// such records go instead, byte for byte and each followed by a line end, to an output
/// opened for [`Destination::Unreadable`] (the CLI: `REJECTED.unreadable` beside the
/// rejected file), so that the rejected document stays well-formed. Nothing is lost: the
/// records of the clean, rejected and unreadable outputs are, byte for byte, the input's
/// records. Without an opener they stay in the rejected output.
///
/// The outputs given to [`PassThrough::new`] take the records of the first input's
/// serialization. Records of another serialization cannot join them without changing their
/// bytes, so they go to outputs opened by the [`PassThrough::with_opener`] callback (the CLI
/// opens sibling files, `clean.xml` beside `clean.mrc`); without one, mixing is an error.
pub struct PassThrough {
    /// The outputs given to `new`, until the first input's serialization is known.
    first: Option<(Option<Side>, Option<Side>)>,
    groups: Vec<Group>,
    /// The group of each input, when known.
    inputs: Vec<Option<usize>>,
    open: Option<Box<OpenOutput>>,
    /// Whether records that are not well-formed stay in the rejected output even with an opener.
    unreadable_in_rejected: bool,
}

impl PassThrough {
    /// A pass-through writer; either side may be absent.
    pub fn new(
        clean: Option<Box<dyn Write + Send>>,
        rejected: Option<Box<dyn Write + Send>>,
    ) -> Self {
        PassThrough {
            first: Some((clean.map(Side::new), rejected.map(Side::new))),
            groups: Vec::new(),
            inputs: Vec::new(),
            open: None,
            unreadable_in_rejected: false,
        }
    }

    /// Sets how outputs are opened for inputs of another serialization than the first's
    /// (called once per side in use and per serialization).
    pub fn with_opener(mut self, open: Box<OpenOutput>) -> Self {
        self.open = Some(open);
        self
    }

    /// Keeps rejected records that are not well-formed in the rejected output even with an
    /// opener (for a rejected output that has no place beside it, such as standard output).
    pub fn keep_unreadable_in_rejected(mut self) -> Self {
        self.unreadable_in_rejected = true;
        self
    }

    /// Flushes every output.
    pub fn flush(&mut self) -> Result<(), Error> {
        for group in &mut self.groups {
            for side in [&mut group.clean, &mut group.rejected, &mut group.unreadable]
                .into_iter()
                .flatten()
            {
                side.out
                    .flush()
                    .map_err(|e| Error::io("writing records", e))?;
            }
        }
        Ok(())
    }

    /// Finds (or opens) the outputs for input `file`, whose records come in `container`.
    fn agree(&mut self, file: usize, container: Container) -> Result<usize, Error> {
        let group = match self
            .groups
            .iter()
            .position(|g| same_layout(&g.container, &container))
        {
            Some(group) => group,
            None => {
                let (clean, rejected) = match self.first.take() {
                    Some(first) => first,
                    None => {
                        let (has_clean, has_rejected) =
                            self.groups.first().map_or((false, false), |g| {
                                (g.clean.is_some(), g.rejected.is_some())
                            });
                        let Some(open) = self.open.as_mut() else {
                            return Err(Error::io(
                                "writing records",
                                std::io::Error::other(format!(
                                    "--clean/--rejected: input {} is not in the serialization (or \
                                     MARCXML collection) of the first input; write them separately",
                                    file + 1
                                )),
                            ));
                        };
                        let clean = if has_clean {
                            Some(Side::new(open(Destination::Clean, &container)?))
                        } else {
                            None
                        };
                        let rejected = if has_rejected {
                            Some(Side::new(open(Destination::Rejected, &container)?))
                        } else {
                            None
                        };
                        (clean, rejected)
                    }
                };
                self.groups.push(Group {
                    container,
                    clean,
                    rejected,
                    unreadable: None,
                });
                self.groups.len() - 1
            }
        };
        if self.inputs.len() <= file {
            self.inputs.resize(file + 1, None);
        }
        self.inputs[file] = Some(group);
        Ok(group)
    }
}

/// Whether records of `b` can be written into a document laid out for `a`.
fn same_layout(a: &Container, b: &Container) -> bool {
    match (a, b) {
        (Container::Json { array: x }, Container::Json { array: y }) => x == y,
        (Container::MarcXml { head: a, tail: ta }, Container::MarcXml { head: b, tail: tb }) => {
            // Same collection start tag (the XML declaration may differ).
            ta == tb && collection_tag(a) == collection_tag(b)
        }
        (a, b) => a == b,
    }
}

impl Events for PassThrough {
    fn container(&mut self, file: usize, container: &Container) -> Result<(), Error> {
        self.agree(file, container.clone()).map(|_| ())
    }

    fn record(&mut self, outcome: &RecordOutcome, bytes: &[u8]) -> Result<(), Error> {
        let group = match self.inputs.get(outcome.file) {
            Some(Some(group)) => *group,
            // Not told: an ISO 2709 input.
            _ => self.agree(outcome.file, Container::Iso2709)?,
        };
        if bytes.is_empty() {
            return Ok(());
        }
        let group = &mut self.groups[group];
        if outcome.rejected && group.rejected.is_some() && !self.unreadable_in_rejected {
            if let Some(open) = self.open.as_mut() {
                if !can_join(&group.container, outcome, bytes) {
                    let side = match &mut group.unreadable {
                        Some(side) => side,
                        None => group
                            .unreadable
                            .insert(Side::new(open(Destination::Unreadable, &group.container)?)),
                    };
                    side.records += 1;
                    side.write(bytes)?;
                    return side.write(b"\n");
                }
            }
        }
        let side = if outcome.rejected {
            &mut group.rejected
        } else {
            &mut group.clean
        };
        if let Some(side) = side {
            side.record(&group.container, bytes)?;
        }
        Ok(())
    }
}

impl Sink for PassThrough {
    fn finish(&mut self, _summary: &Summary) -> Result<(), Error> {
        if self.groups.is_empty() {
            // No input: the given outputs still get flushed (and stay empty).
            if let Some((clean, rejected)) = self.first.take() {
                for mut side in [clean, rejected].into_iter().flatten() {
                    side.finish(None)?;
                }
            }
        }
        for group in &mut self.groups {
            for side in [&mut group.clean, &mut group.rejected]
                .into_iter()
                .flatten()
            {
                side.finish(Some(&group.container))?;
            }
            if let Some(side) = &mut group.unreadable {
                side.finish(None)?;
            }
        }
        Ok(())
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
    fn container(&mut self, file: usize, container: &Container) -> Result<(), Error> {
        self.sinks
            .iter_mut()
            .try_for_each(|t| t.container(file, container))
    }
}

impl Sink for Fanout {
    fn finish(&mut self, summary: &Summary) -> Result<(), Error> {
        self.sinks.iter_mut().try_for_each(|t| t.finish(summary))
    }
}
