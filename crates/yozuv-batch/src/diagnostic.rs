//! What a rule reports: [`Diagnostic`], its [`Location`] and [`Severity`].

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use yozuv::Tag;

/// How serious a problem is. `Error` sends a record to `--rejected`; `Warning` and `Info` do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information only.
    Info,
    /// A quality problem; the record can still be loaded.
    Warning,
    /// The record cannot go to the main base as it is.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    ///
    /// ```
    /// use yozuv_batch::Severity;
    /// assert_eq!(Severity::parse("warning"), Some(Severity::Warning));
    /// assert_eq!(Severity::parse("fatal"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a diagnostic points: input file, record (from 1), byte offset (from 0), the record's
/// 001, and inside the record the field (tag and occurrence of that tag, from 1) and subfield.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// Index of the input file in the order given (from 0).
    pub file: usize,
    /// Record number in its file, counting from 1; 0 for things outside any record.
    pub record: u64,
    /// Byte offset in the input file, counting from 0.
    pub offset: u64,
    /// The record's 001, when it has one.
    pub id001: Option<Arc<str>>,
    /// The field's tag.
    pub tag: Option<Tag>,
    /// Which occurrence of that tag in the record, counting from 1.
    pub occurrence: Option<u32>,
    /// The subfield code.
    pub subfield: Option<u8>,
}

/// A value given to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    /// Text.
    Text(String),
    /// A number.
    Number(i64),
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Text(s) => f.write_str(s),
            Arg::Number(n) => write!(f, "{n}"),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(n as i64)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Number(n as i64)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Number(n)
    }
}

/// A record another record is related to (the members of a duplicate cluster).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RecordRef {
    /// Index of the input file (from 0).
    pub file: usize,
    /// Record number in that file (from 1).
    pub record: u64,
    /// Byte offset of the record.
    pub offset: u64,
}

/// One problem found by a rule.
///
/// The message is localized at report time from `rule` (message id = rule id with `.`
/// replaced by `-`) and `args`; `detail` is an English fallback for ids no message file knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where.
    pub location: Location,
    /// The stable rule id (`isbn.invalid`, `iso2709.record-length-mismatch`, …).
    pub rule: Arc<str>,
    /// How serious, after the profile's overrides.
    pub severity: Severity,
    /// Named message arguments.
    pub args: Vec<(&'static str, Arg)>,
    /// English text for ids without a message (damage kinds added to `yozuv` later).
    pub detail: Option<String>,
    /// Other records involved (duplicate clusters list all their records here, in order).
    pub related: Vec<RecordRef>,
    /// The message, already formatted by a worker thread (see
    /// [`crate::Validator::with_messages`]); reports format it themselves when absent.
    /// Shared: a batch repeats the same few thousand messages, and a clone of a cached one
    /// costs no allocation.
    pub text: Option<Arc<str>>,
}

impl Diagnostic {
    /// The Fluent message id of this diagnostic's rule.
    ///
    /// ```
    /// assert_eq!(yozuv_batch::diagnostic::message_id("isbn.invalid"), "isbn-invalid");
    /// ```
    pub fn message_id(&self) -> String {
        message_id(&self.rule)
    }

    /// The argument named `name`.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }
}

/// The Fluent message id of a rule id: `.` becomes `-`.
pub fn message_id(rule: &str) -> String {
    rule.replace('.', "-")
}
