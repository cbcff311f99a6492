//! JUnit XML: a testsuite per input file, a testcase per record, a failure for a record with
//! errors (JUnit allows one failure element per testcase: its message is the first error, its
//! text lists every error); warnings go to the testcase's system-out. Whole-batch findings
//! (duplicate clusters) are testcases named `batch: RULE` in the suite of their first record.

use std::io::Write;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{place, write_err, ReportContext, Sink};
use crate::{Diagnostic, Error, Events, RecordOutcome, Severity, Summary};

/// The JUnit report (kept in memory: one small testcase per record).
pub struct JunitSink {
    out: Box<dyn Write + Send>,
    context: ReportContext,
    suites: Vec<TestSuite>,
}

impl JunitSink {
    /// A JUnit report to `out`.
    pub fn new(out: Box<dyn Write + Send>, context: ReportContext) -> Self {
        let suites = context
            .names
            .iter()
            .map(|n| TestSuite::new(n.as_str()))
            .collect();
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

    fn case(&self, name: String, classname: &str, diagnostics: &[Diagnostic]) -> TestCase {
        let errors: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let status = match errors.first() {
            None => TestCaseStatus::success(),
            Some(first) => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(self.context.messages.diagnostic(first));
                s.set_type(first.rule.to_string());
                s.set_description(
                    errors
                        .iter()
                        .map(|d| self.line(d))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
                s
            }
        };
        let mut case = TestCase::new(name, status);
        case.set_classname(classname.to_string());
        let others: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Error)
            .map(|d| self.line(d))
            .collect();
        if !others.is_empty() {
            case.set_system_out(others.join("\n"));
        }
        case
    }
}

impl Events for JunitSink {
    fn record(&mut self, outcome: &RecordOutcome, _bytes: &[u8]) -> Result<(), Error> {
        let mut name = format!("record {}", outcome.number);
        if let Some(id) = &outcome.id001 {
            name.push_str(&format!(" (001 {id})"));
        }
        let classname = self.context.name(outcome.file).to_string();
        let case = self.case(name, &classname, &outcome.diagnostics);
        if let Some(s) = self.suites.get_mut(outcome.file) {
            s.add_test_case(case);
        }
        Ok(())
    }

    fn batch(&mut self, diagnostics: &[Diagnostic]) -> Result<(), Error> {
        for d in diagnostics {
            let classname = self.context.name(d.location.file).to_string();
            let name = if d.location.record == 0 {
                format!("file: {} @{}", d.rule, d.location.offset)
            } else {
                format!("batch: {} (record {})", d.rule, d.location.record)
            };
            let case = self.case(name, &classname, std::slice::from_ref(d));
            if let Some(s) = self.suites.get_mut(d.location.file) {
                s.add_test_case(case);
            }
        }
        Ok(())
    }
}

impl Sink for JunitSink {
    fn finish(&mut self, _summary: &Summary) -> Result<(), Error> {
        let mut report = Report::new(format!("yozuv validate ({})", self.context.profile));
        report.add_test_suites(std::mem::take(&mut self.suites));
        report
            .serialize(&mut self.out)
            .map_err(|e| write_err(std::io::Error::other(e.to_string())))?;
        self.out.flush().map_err(write_err)
    }
}
