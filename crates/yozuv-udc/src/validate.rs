//! Checking a value as found in a record: repair, split, parse, validate, and a verdict.

use serde::Serialize;

use crate::normalize::{repair, Segment};
use crate::parse::{diagnostics_only, parse_with_diagnostics, Diagnostic};
use crate::rules::{Rule, Severity};
use crate::syntax::Notation;

/// The verdict on a value, as in `real-notations-labelled.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A valid notation as written (warnings allowed).
    Valid,
    /// Valid once mechanical damage is repaired (spaces, look-alike characters, labels…).
    Fixable,
    /// Holds text that is not UDC (a gloss, an author mark), split off; the rest is valid — or
    /// holds no notation at all.
    #[serde(rename = "nonudc")]
    NonUdc,
    /// Breaks a syntax rule that cannot be repaired mechanically.
    Invalid,
}

impl Status {
    /// `valid`, `fixable`, `nonudc` or `invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Fixable => "fixable",
            Status::NonUdc => "nonudc",
            Status::Invalid => "invalid",
        }
    }
}

/// A rule broken, a lint, or a repair, at an offset of the original input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Which rule.
    pub rule: Rule,
    /// Offset in characters (Unicode scalar values) of the original input.
    pub offset: usize,
    /// Byte offsets in the original input.
    pub span: crate::Span,
    /// The original text concerned.
    pub found: String,
}

impl Finding {
    /// Error, warning or repair.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }

    /// A one-line message: the rule's message and what was found.
    pub fn message(&self) -> String {
        if self.found.is_empty() {
            self.rule.message().to_string()
        } else {
            format!("{}: '{}'", self.rule.message(), self.found)
        }
    }
}

/// The cheap answer of [`validate`]: a status and where the first problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Valid, fixable, non-UDC or invalid.
    pub status: Status,
    /// The first repair or error (character offset in the input, and its rule).
    pub first_problem: Option<(usize, Rule)>,
    /// The first error that makes the value invalid.
    pub first_error: Option<(usize, Rule)>,
}

impl Verdict {
    /// True for a valid notation as written.
    pub fn is_valid(&self) -> bool {
        self.status == Status::Valid
    }
}

/// Everything [`check`] found out about one value.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The value as given.
    pub input: String,
    /// The verdict.
    pub status: Status,
    /// The notations it holds after repair (several when split on `;`); empty when invalid
    /// or not UDC.
    pub notations: Vec<Notation>,
    /// Repairs, errors and warnings in order of offset.
    pub findings: Vec<Finding>,
    /// Text split off as not UDC (author marks, glosses).
    pub split_off: Vec<String>,
    /// For an invalid value: the best-effort trees of its segments (for tagging); empty when
    /// `notations` holds them.
    pub parsed: Vec<Notation>,
}

impl Checked {
    /// Main classes read from the best-effort trees, also for an invalid value (a vacant
    /// class 4 is never reported).
    pub fn main_classes_best_effort(&self) -> Vec<char> {
        let mut out = Vec::new();
        for n in self.notations.iter().chain(&self.parsed) {
            for c in n.main_classes() {
                if c != '4' && !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// The normalized value: the notations printed canonically, joined by `;` (`None` when
    /// invalid or when there is no notation).
    pub fn normalized(&self) -> Option<String> {
        if self.status == Status::Invalid || self.notations.is_empty() {
            return None;
        }
        let parts: Vec<String> = self.notations.iter().map(|n| n.to_string()).collect();
        Some(parts.join(";"))
    }

    /// Errors (including the repairs that were needed, which made the input not valid as written).
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity() != Severity::Warning)
    }

    /// Warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity() == Severity::Warning)
    }

    /// Character offset of the first repair or error.
    pub fn first_problem_offset(&self) -> Option<usize> {
        self.errors().map(|f| f.offset).min()
    }

    /// Main classes of all notations, distinct, in order.
    pub fn main_classes(&self) -> Vec<char> {
        let mut out = Vec::new();
        for n in &self.notations {
            for c in n.main_classes() {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// The cheap verdict view.
    pub fn verdict(&self) -> Verdict {
        let first = |pred: &dyn Fn(&Finding) -> bool| {
            self.findings
                .iter()
                .filter(|f| pred(f))
                .min_by_key(|f| f.offset)
                .map(|f| (f.offset, f.rule))
        };
        Verdict {
            status: self.status,
            first_problem: first(&|f| f.severity() != Severity::Warning),
            first_error: first(&|f| f.severity() == Severity::Error),
        }
    }
}

fn char_offset(input: &str, byte: usize) -> usize {
    input
        .get(..byte)
        .map_or_else(|| input.chars().count(), |s| s.chars().count())
}

fn finding(input: &str, rule: Rule, start: usize, end: usize) -> Finding {
    let end = end.max(start).min(input.len());
    let start = start.min(end);
    Finding {
        rule,
        offset: char_offset(input, start),
        span: crate::Span::new(start, end),
        found: input.get(start..end).unwrap_or("").to_string(),
    }
}

fn map_diag(input: &str, seg: &Segment, d: &Diagnostic) -> Finding {
    let start = seg.original(d.span.start);
    let end = if d.span.end > d.span.start {
        let last = seg.original(d.span.end - 1);
        last + input[last..].chars().next().map_or(0, char::len_utf8)
    } else {
        start
    };
    finding(input, d.rule, start, end)
}

/// Repairs, splits, parses and validates one value as found in a record (080 `$a`, 675 `$a`).
///
/// ```
/// use yozuv_udc::{check, Status};
/// let c = check("УДК 821.512.133–31");
/// assert_eq!(c.status, Status::Fixable);
/// assert_eq!(c.normalized().as_deref(), Some("821.512.133-31"));
///
/// let c = check("623.746(092) Сухой П.О.");
/// assert_eq!(c.status, Status::NonUdc);
/// assert_eq!(c.normalized().as_deref(), Some("623.746(092)"));
/// assert_eq!(c.split_off, vec!["Сухой П.О.".to_string()]);
/// ```
pub fn check(input: &str) -> Checked {
    if is_plain(input) {
        return check_plain(input);
    }
    let rep = repair(input);
    let mut findings: Vec<Finding> = rep
        .findings
        .iter()
        .map(|f| finding(input, f.rule, f.start, f.end))
        .collect();
    let mut notations = Vec::new();
    let mut has_error = false;
    for seg in &rep.segments {
        let (n, diags) = parse_with_diagnostics(&seg.text);
        for d in &diags {
            if d.rule.severity() == Severity::Error {
                has_error = true;
            }
            findings.push(map_diag(input, seg, d));
        }
        notations.push(n);
    }
    let split = !rep.split_off.is_empty();
    if rep.segments.is_empty() && !split {
        has_error = true;
        findings.push(finding(input, Rule::NotUdc, 0, input.len()));
    }
    findings.sort_by_key(|f| (f.span.start, f.rule as usize));
    let repaired = findings.iter().any(|f| f.severity() == Severity::Repair);
    let status = if has_error {
        Status::Invalid
    } else if split {
        Status::NonUdc
    } else if repaired {
        Status::Fixable
    } else {
        Status::Valid
    };
    let parsed = if status == Status::Invalid {
        std::mem::take(&mut notations)
    } else {
        Vec::new()
    };
    Checked {
        input: input.to_string(),
        status,
        notations,
        findings,
        split_off: rep.split_off.into_iter().map(|(_, s)| s).collect(),
        parsed,
    }
}

/// `check` for a value that needs no repair: offsets are the parser's (ASCII: bytes = chars).
fn check_plain(input: &str) -> Checked {
    let (n, diags) = parse_with_diagnostics(input);
    let mut findings: Vec<Finding> = diags
        .iter()
        .map(|d| finding(input, d.rule, d.span.start, d.span.end))
        .collect();
    findings.sort_by_key(|f| (f.span.start, f.rule as usize));
    let invalid = diags.iter().any(|d| d.rule.severity() == Severity::Error);
    let (notations, parsed) = if invalid {
        (Vec::new(), vec![n])
    } else {
        (vec![n], Vec::new())
    };
    Checked {
        input: input.to_string(),
        status: if invalid {
            Status::Invalid
        } else {
            Status::Valid
        },
        notations,
        findings,
        split_off: Vec::new(),
        parsed,
    }
}

fn is_plain(input: &str) -> bool {
    let bytes = input.as_bytes();
    // A final point after a sign is ISBD punctuation (a repair), after a digit a lexical error.
    let isbd_point = match bytes {
        [.., before, b'.'] => !before.is_ascii_digit(),
        _ => false,
    };
    let doubled_apostrophe = bytes.windows(2).any(|w| w == b"''");
    !bytes.is_empty() && bytes.iter().all(|&b| plain(b)) && !doubled_apostrophe && !isbd_point
}

/// Bytes that never need a repair (UDC signs and digits).
fn plain(b: u8) -> bool {
    matches!(
        b,
        b'0'..=b'9'
            | b'.'
            | b':'
            | b'+'
            | b'/'
            | b'('
            | b')'
            | b'['
            | b']'
            | b'='
            | b'"'
            | b'\''
            | b'-'
            | b'*'
    )
}

/// The cheap check for batch validation: the verdict and the first problem, without building a
/// tree for the common case of a clean ASCII notation.
///
/// ```
/// use yozuv_udc::{validate, Status, Rule};
/// assert!(validate("821.512.133-31").is_valid());
/// let v = validate("1.1");
/// assert_eq!(v.status, Status::Invalid);
/// assert_eq!(v.first_error, Some((1, Rule::PointRule)));
/// assert_eq!(validate("2 (075)").status, Status::Fixable);
/// ```
pub fn validate(input: &str) -> Verdict {
    if is_plain(input) {
        let diags = diagnostics_only(input);
        let first_error = diags
            .iter()
            .filter(|d| d.rule.severity() == Severity::Error)
            .min_by_key(|d| (d.span.start, d.rule as usize))
            .map(|d| (d.span.start, d.rule));
        return Verdict {
            status: if first_error.is_some() {
                Status::Invalid
            } else {
                Status::Valid
            },
            first_problem: first_error,
            first_error,
        };
    }
    check(input).verdict()
}

/// The repaired value (see [`check`]); `None` when it is invalid or holds no notation.
///
/// ```
/// assert_eq!(yozuv_udc::normalize("94(575.1)”19”").as_deref(), Some("94(575.1)\"19\""));
/// assert_eq!(yozuv_udc::normalize("(О75.8)").as_deref(), Some("(075.8)"));
/// assert_eq!(yozuv_udc::normalize("62.139"), None);
/// ```
pub fn normalize(input: &str) -> Option<String> {
    check(input).normalized()
}
