//! UDC notation syntax in MARC 21 080$a and UNIMARC 675$a (rule `udc.syntax`).
//!
//! The check goes through [`UdcChecker`]. The default is [`YozuvUdc`], the full UDC parser of
//! `yozuv_udc`: invalid notations are `udc.syntax` (with the rule and character position of the
//! first error), notations valid once repaired are `udc.fixable` (with the normalized form),
//! text that is not UDC is `udc.not-udc`. [`BasicUdc`] is a small built-in checker (balanced
//! brackets and quotes, points, connectors) kept for comparison.

use super::{Emitter, RecordView, Rule};
use crate::{Arg, Flavour};

/// A UDC syntax checker: `Err(reason)` for a notation that breaks the syntax.
pub trait UdcChecker: Send + Sync {
    /// Checks one notation.
    fn check(&self, notation: &str) -> Result<(), String>;

    /// The verdict on one value (by default from [`UdcChecker::check`]: valid or invalid).
    fn assess(&self, notation: &str) -> UdcAssessment {
        match self.check(notation) {
            Ok(()) => UdcAssessment::Valid,
            Err(reason) => UdcAssessment::Invalid {
                position: None,
                rule: None,
                reason,
            },
        }
    }
}

/// What a [`UdcChecker`] says about one value of 080$a / 675$a.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UdcAssessment {
    /// A valid notation as written.
    Valid,
    /// Valid once mechanical damage is repaired.
    Fixable {
        /// The normalized notation.
        normalized: String,
        /// What was repaired (the first repair's message).
        reason: String,
    },
    /// Text that is not UDC, besides or instead of a notation.
    NotUdc {
        /// The UDC part, if any.
        udc: Option<String>,
        /// The text that is not UDC.
        text: String,
    },
    /// Breaks a syntax rule.
    Invalid {
        /// Character position (from 0) of the first error in the value.
        position: Option<usize>,
        /// Stable id of the UDC rule broken (`yozuv_udc::Rule::id`).
        rule: Option<&'static str>,
        /// Message.
        reason: String,
    },
}

/// The UDC checker of `yozuv_udc` (the default).
///
/// ```
/// use yozuv_batch::rules::{UdcAssessment, UdcChecker, YozuvUdc};
/// assert_eq!(YozuvUdc.assess("821.512.133-31"), UdcAssessment::Valid);
/// assert!(matches!(YozuvUdc.assess("(575.1"), UdcAssessment::Invalid { .. }));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct YozuvUdc;

impl UdcChecker for YozuvUdc {
    fn check(&self, notation: &str) -> Result<(), String> {
        match self.assess(notation) {
            UdcAssessment::Invalid { reason, .. } => Err(reason),
            _ => Ok(()),
        }
    }

    fn assess(&self, notation: &str) -> UdcAssessment {
        let verdict = yozuv_udc::validate(notation);
        match verdict.status {
            yozuv_udc::Status::Valid => UdcAssessment::Valid,
            yozuv_udc::Status::Invalid => {
                let (position, rule) = match verdict.first_error.or(verdict.first_problem) {
                    Some((at, rule)) => (Some(at), Some(rule)),
                    None => (None, None),
                };
                UdcAssessment::Invalid {
                    position,
                    rule: rule.map(|r| r.id()),
                    reason: match (rule, position) {
                        (Some(r), Some(at)) => format!("{} (character {})", r.message(), at + 1),
                        (Some(r), None) => r.message().to_string(),
                        _ => "not a UDC notation".to_string(),
                    },
                }
            }
            yozuv_udc::Status::Fixable => {
                let checked = yozuv_udc::check(notation);
                UdcAssessment::Fixable {
                    normalized: checked.normalized().unwrap_or_default(),
                    reason: checked
                        .findings
                        .first()
                        .map(|f| f.message())
                        .unwrap_or_default(),
                }
            }
            yozuv_udc::Status::NonUdc => {
                let checked = yozuv_udc::check(notation);
                UdcAssessment::NotUdc {
                    udc: checked.normalized(),
                    text: checked.split_off.join(" "),
                }
            }
        }
    }
}

/// The built-in basic UDC check (see the module documentation).
///
/// ```
/// use yozuv_batch::rules::{BasicUdc, UdcChecker};
/// assert!(BasicUdc.check("821.512.133-31").is_ok());
/// assert!(BasicUdc.check("94(575.1)\"19\"").is_ok());
/// assert!(BasicUdc.check("(575.1").is_err());
/// assert!(BasicUdc.check("004..738").is_err());
/// assert!(BasicUdc.check("622+").is_err());
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct BasicUdc;

impl UdcChecker for BasicUdc {
    fn check(&self, notation: &str) -> Result<(), String> {
        let n = notation.trim();
        if n.is_empty() {
            return Err("empty notation".into());
        }
        let first = n.chars().next().unwrap_or(' ');
        if !(first.is_ascii_digit() || matches!(first, '(' | '[' | '"' | '=')) {
            return Err(format!(
                "starts with {first:?}, not a digit or an auxiliary sign"
            ));
        }
        let mut stack: Vec<char> = Vec::new();
        let mut in_quote = false;
        let mut prev = ' ';
        for c in n.chars() {
            match c {
                '"' => in_quote = !in_quote,
                '(' | '[' => stack.push(c),
                ')' | ']' => {
                    let open = if c == ')' { '(' } else { '[' };
                    if stack.pop() != Some(open) {
                        return Err(format!("{c:?} without its opening bracket"));
                    }
                    if prev == open {
                        return Err("empty brackets".into());
                    }
                }
                '.' => {
                    if prev == '.' {
                        return Err("double point".into());
                    }
                    if !(prev.is_ascii_digit() || prev == '/' || in_quote) {
                        return Err("point not after a digit".into());
                    }
                }
                '–' | '—' | '−' => return Err(format!("{c:?} instead of the hyphen -")),
                ';' | ',' => return Err(format!("{c:?} is not a UDC sign")),
                '”' | '“' | '«' | '»' | '″' => return Err(format!("{c:?} instead of \"")),
                '+' | ':' | '/' if matches!(prev, '+' | '/') => {
                    return Err("doubled connector".into());
                }
                ':' if prev == ':' => {
                    // `::` is the order-fixing sign; a third colon is not.
                }
                c if c.is_control() => return Err("control character".into()),
                _ => {}
            }
            if c == ':' && prev == ':' && n.contains(":::") {
                return Err("doubled connector".into());
            }
            prev = c;
        }
        if in_quote {
            return Err("unterminated quote".into());
        }
        if let Some(open) = stack.pop() {
            return Err(format!("{open:?} is not closed"));
        }
        if matches!(prev, '.' | '+' | ':' | '/' | '-' | '=' | '\'') {
            return Err(format!("ends with {prev:?}"));
        }
        Ok(())
    }
}

/// UDC syntax of 080$a / 675$a.
pub struct UdcRule {
    checker: std::sync::Arc<dyn UdcChecker>,
}

impl UdcRule {
    /// The rule using `checker`.
    pub fn new(checker: std::sync::Arc<dyn UdcChecker>) -> Self {
        UdcRule { checker }
    }
}

impl Rule for UdcRule {
    fn ids(&self) -> Vec<&'static str> {
        vec!["udc.syntax", "udc.fixable", "udc.not-udc"]
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        if !["udc.syntax", "udc.fixable", "udc.not-udc"]
            .iter()
            .any(|id| out.enabled(id))
        {
            return;
        }
        let tag = match view.flavour {
            Flavour::Marc21 => "080",
            Flavour::Unimarc => "675",
        };
        for (i, f) in view.record.fields.iter().enumerate() {
            if f.tag() != tag {
                continue;
            }
            for (j, s) in f.subfields().iter().enumerate() {
                // A lossy decode of 8-bit bytes (until the charset decoder is wired) has
                // replacement characters where the text had letters: nothing to judge.
                if s.code != b'a' || (!view.text_reliable && s.value.contains('\u{FFFD}')) {
                    continue;
                }
                match self.checker.assess(&s.value) {
                    UdcAssessment::Valid => {}
                    UdcAssessment::Invalid {
                        position,
                        rule,
                        reason,
                    } => {
                        let mut args =
                            vec![("value", s.value.clone().into()), ("reason", reason.into())];
                        if let Some(rule) = rule {
                            args.push(("udc-rule", rule.to_string().into()));
                        }
                        if let Some(at) = position {
                            args.push(("position", Arg::Number(at as i64 + 1)));
                        }
                        out.subfield("udc.syntax", i, j, args);
                    }
                    UdcAssessment::Fixable { normalized, reason } => out.subfield(
                        "udc.fixable",
                        i,
                        j,
                        vec![
                            ("value", s.value.clone().into()),
                            ("normalized", normalized.into()),
                            ("reason", reason.into()),
                        ],
                    ),
                    UdcAssessment::NotUdc { udc, text } => out.subfield(
                        "udc.not-udc",
                        i,
                        j,
                        vec![
                            ("value", s.value.clone().into()),
                            ("udc", udc.unwrap_or_default().into()),
                            ("text", text.into()),
                        ],
                    ),
                }
            }
        }
    }
}
