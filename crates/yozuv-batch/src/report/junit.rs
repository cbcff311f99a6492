//! JUnit XML: a testsuite per input file, a testcase per record, a `<failure>` per error.
//!
//! ```xml
//! <testsuites name="yozuv validate (marc21)" tests="2" failures="2" errors="0">
//!   <testsuite name="batch.mrc" tests="2" failures="2" errors="0" skipped="0">
//!     <testcase name="record 1 (001 12883376)" classname="batch.mrc"/>
//!     <testcase name="record 2" classname="batch.mrc">
//!       <failure message="ISBN 0-00-000000-0: wrong check digit" type="isbn.invalid">record=2 offset=1234 tag=020 occurrence=1 subfield=a</failure>
//!       <failure message="…" type="mandatory.missing">record=2 offset=1000 tag=245</failure>
//!       <system-out>error [isbn.invalid] 020$a @1234: …
//! error [mandatory.missing] 245 @1000: …
//! warning [text.apostrophe] 245$a @1300: …</system-out>
//!     </testcase>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! Each error-severity diagnostic is one `<failure>`: `message` is the localized message,
//! `type` the rule id, and the text the position as `key=value` pairs with the JSON Lines keys
//! (`record`, `offset`, `id001`, `tag`, `occurrence`, `subfield`), language-neutral so that
//! CI scripts can match it. The JUnit schema Jenkins' xUnit plugin validates against
//! (`junit-10.xsd`) allows any number of `failure` elements in a testcase, and
//! `junitparser` yields one result per element. Jenkins' own JUnit plugin, though, shows only a
//! testcase's first failure; so every diagnostic of the record (errors, then warnings and
//! infos, one line each) is also in the testcase's `<system-out>`, which Jenkins, GitLab
//! and Azure show on the test's page. Warnings are not properties: the schema allows no
//! `<properties>` inside a testcase, and no dashboard lists testcase properties.
//!
//! Counts: `tests` = testcases, `failures` = `<failure>` elements (what junitparser's
//! `update_statistics` recounts), `errors` = `skipped` = 0 (no `skipped` on `testsuites`, which the schema does not allow). No `time`, `timestamp` or
//! `hostname`: the report is the same on every run. Whole-batch findings (duplicate
//! clusters) are testcases named `batch: RULE (record N)` in the suite of their first
//! record; junk after the last record is `file: RULE @OFFSET`.

use std::io::Write;

use super::{place, write_err, ReportContext, Sink};
use crate::{Diagnostic, Error, Events, RecordOutcome, Severity, Summary};

/// One testsuite: its testcases already serialized, and its counts.
#[derive(Default)]
struct Suite {
    body: Vec<u8>,
    tests: u64,
    failures: u64,
}

/// The JUnit report. Suites are kept in memory as serialized XML until the end, because
/// each suite's counts come before its testcases.
pub struct JunitSink {
    out: Box<dyn Write + Send>,
    context: ReportContext,
    suites: Vec<Suite>,
}

/// `s` with characters XML 1.0 cannot hold (C0 controls other than tab, LF, CR; U+FFFE,
/// U+FFFF) replaced by their `{hex}` mnemonic, escaped for text or an attribute value.
fn escape(s: &str, attribute: bool, out: &mut Vec<u8>) {
    for c in s.chars() {
        match c {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            '"' if attribute => out.extend_from_slice(b"&quot;"),
            '\n' if attribute => out.extend_from_slice(b"&#10;"),
            '\t' if attribute => out.extend_from_slice(b"&#9;"),
            '\r' => out.extend_from_slice(b"&#13;"),
            '\u{0}'..='\u{8}'
            | '\u{B}'
            | '\u{C}'
            | '\u{E}'..='\u{1F}'
            | '\u{FFFE}'
            | '\u{FFFF}' => out.extend_from_slice(format!("{{{:02x}}}", c as u32).as_bytes()),
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

fn attribute(out: &mut Vec<u8>, name: &str, value: &str) {
    out.push(b' ');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"=\"");
    escape(value, true, out);
    out.push(b'"');
}

/// The position of a diagnostic as `key=value` pairs (the JSON Lines keys).
fn position_text(d: &Diagnostic) -> String {
    let loc = &d.location;
    let mut s = format!("record={} offset={}", loc.record, loc.offset);
    if let Some(id) = &loc.id001 {
        s.push_str(" id001=");
        s.push_str(id);
    }
    if let Some(tag) = loc.tag {
        s.push_str(&format!(" tag={tag}"));
    }
    if let Some(o) = loc.occurrence {
        s.push_str(&format!(" occurrence={o}"));
    }
    if let Some(code) = loc.subfield {
        if code.is_ascii_graphic() {
            s.push_str(&format!(" subfield={}", code as char));
        } else {
            s.push_str(&format!(" subfield={{{code:02x}}}"));
        }
    }
    if !d.related.is_empty() {
        let records: Vec<String> = d
            .related
            .iter()
            .map(|r| format!("{}:{}", r.file, r.record))
            .collect();
        s.push_str(" related=");
        s.push_str(&records.join(","));
    }
    s
}

impl JunitSink {
    /// A JUnit report to `out`.
    pub fn new(out: Box<dyn Write + Send>, context: ReportContext) -> Self {
        let suites = context.names.iter().map(|_| Suite::default()).collect();
        JunitSink {
            out,
            context,
            suites,
        }
    }

    fn line(&self, d: &Diagnostic) -> String {
        let p = place(&d.location);
        format!(
            "{} [{}] {}{}@{}: {}",
            d.severity,
            d.rule,
            p,
            if p.is_empty() { "" } else { " " },
            d.location.offset,
            self.context.messages.diagnostic(d)
        )
    }

    /// Appends one testcase for `diagnostics` to suite `file`.
    fn case(&mut self, file: usize, name: &str, diagnostics: &[Diagnostic]) {
        let classname = self.context.name(file).to_string();
        let mut xml = Vec::with_capacity(256);
        xml.extend_from_slice(b"    <testcase");
        attribute(&mut xml, "name", name);
        attribute(&mut xml, "classname", &classname);
        if diagnostics.is_empty() {
            xml.extend_from_slice(b"/>\n");
        } else {
            xml.extend_from_slice(b">\n");
            let mut failures = 0;
            for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                failures += 1;
                xml.extend_from_slice(b"      <failure");
                attribute(&mut xml, "message", &self.context.messages.diagnostic(d));
                attribute(&mut xml, "type", &d.rule);
                xml.push(b'>');
                escape(&position_text(d), false, &mut xml);
                xml.extend_from_slice(b"</failure>\n");
            }
            // Errors first, then the rest, each in rule order.
            let mut lines: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| self.line(d))
                .collect();
            lines.extend(
                diagnostics
                    .iter()
                    .filter(|d| d.severity != Severity::Error)
                    .map(|d| self.line(d)),
            );
            xml.extend_from_slice(b"      <system-out>");
            escape(&lines.join("\n"), false, &mut xml);
            xml.extend_from_slice(b"</system-out>\n    </testcase>\n");
            if let Some(s) = self.suites.get_mut(file) {
                s.failures += failures;
            }
        }
        if let Some(s) = self.suites.get_mut(file) {
            s.tests += 1;
            s.body.extend_from_slice(&xml);
        }
    }
}

impl Events for JunitSink {
    fn record(&mut self, outcome: &RecordOutcome, _bytes: &[u8]) -> Result<(), Error> {
        let mut name = format!("record {}", outcome.number);
        if let Some(id) = &outcome.id001 {
            name.push_str(&format!(" (001 {id})"));
        }
        self.case(outcome.file, &name, &outcome.diagnostics);
        Ok(())
    }

    fn batch(&mut self, diagnostics: &[Diagnostic]) -> Result<(), Error> {
        for d in diagnostics {
            let name = if d.location.record == 0 {
                format!("file: {} @{}", d.rule, d.location.offset)
            } else {
                format!("batch: {} (record {})", d.rule, d.location.record)
            };
            self.case(d.location.file, &name, std::slice::from_ref(d));
        }
        Ok(())
    }
}

/// `tests`, `failures`, `errors` (and, on a testsuite, `skipped`: the schema has no
/// `skipped` on `testsuites`).
fn counts(xml: &mut Vec<u8>, tests: u64, failures: u64, skipped: bool) {
    attribute(xml, "tests", &tests.to_string());
    attribute(xml, "failures", &failures.to_string());
    attribute(xml, "errors", "0");
    if skipped {
        attribute(xml, "skipped", "0");
    }
}

impl Sink for JunitSink {
    fn finish(&mut self, _summary: &Summary) -> Result<(), Error> {
        let tests: u64 = self.suites.iter().map(|s| s.tests).sum();
        let failures: u64 = self.suites.iter().map(|s| s.failures).sum();
        let mut head = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites".to_vec();
        attribute(
            &mut head,
            "name",
            &format!("yozuv validate ({})", self.context.profile),
        );
        counts(&mut head, tests, failures, false);
        head.extend_from_slice(b">\n");
        self.out.write_all(&head).map_err(write_err)?;
        for (i, suite) in std::mem::take(&mut self.suites).into_iter().enumerate() {
            let mut start = b"  <testsuite".to_vec();
            attribute(&mut start, "name", self.context.name(i));
            counts(&mut start, suite.tests, suite.failures, true);
            if suite.body.is_empty() {
                start.extend_from_slice(b"/>\n");
                self.out.write_all(&start).map_err(write_err)?;
                continue;
            }
            start.extend_from_slice(b">\n");
            self.out.write_all(&start).map_err(write_err)?;
            self.out.write_all(&suite.body).map_err(write_err)?;
            self.out.write_all(b"  </testsuite>\n").map_err(write_err)?;
        }
        self.out.write_all(b"</testsuites>\n").map_err(write_err)?;
        self.out.flush().map_err(write_err)
    }
}
