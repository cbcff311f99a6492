//! UDC notation syntax in MARC 21 080$a and UNIMARC 675$a (rule `udc.syntax`).
//!
//! The check goes through [`UdcChecker`]. [`BasicUdc`] is a small built-in checker (balanced
//! brackets and quotes, points, connectors, characters that are no UDC sign); the full parser
//! is `yozuv_udc`, wired in with [`crate::Validator::with_udc`].

use super::{Emitter, RecordView, Rule};
use crate::Flavour;

/// A UDC syntax checker: `Err(reason)` for a notation that breaks the syntax.
pub trait UdcChecker: Send + Sync {
    /// Checks one notation.
    fn check(&self, notation: &str) -> Result<(), String>;
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
        vec!["udc.syntax"]
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        if !out.enabled("udc.syntax") {
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
                if s.code != b'a' {
                    continue;
                }
                if let Err(reason) = self.checker.check(&s.value) {
                    out.subfield(
                        "udc.syntax",
                        i,
                        j,
                        vec![("value", s.value.clone().into()), ("reason", reason.into())],
                    );
                }
            }
        }
    }
}
