//! # yozuv-udc — Universal Decimal Classification notations
//!
//! Parse a UDC notation into a syntax tree with byte spans, validate it against the rules of
//! `UDC-SYNTAX.md`, repair the mechanical damage found in real records (each repair reported),
//! explain it with captions, file notations in UDC order, and tag MARC 21 (080) and
//! UNIMARC/RUSMARC (675) records by them. The crate README describes the verdicts, the decisions
//! taken where the spec leaves room, and the licences of the caption data (the English UDC Summary
//! captions are CC BY-SA 3.0, behind the default feature `udc-summary`).
//!
//! ```
//! use yozuv_udc::{check, parse, Status};
//!
//! let n = parse("821.512.133-31=161.1").unwrap();
//! assert_eq!(n.main_classes(), vec!['8']);
//!
//! let c = check("^a004.8");
//! assert_eq!(c.status, Status::Fixable);
//! assert_eq!(c.normalized().as_deref(), Some("004.8"));
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod error;
pub mod explain;
pub mod filing;
mod normalize;
pub mod parse;
pub mod rules;
pub mod syntax;
pub mod tag;
pub mod validate;

pub use error::Error;
pub use filing::FilingElement;
pub use parse::{parse_with_diagnostics, Diagnostic};
pub use rules::{Rule, Severity};
pub use syntax::{
    AbbreviatedEnd, AuxKind, AuxPart, Auxiliary, Connector, Expr, Head, Notation, Span, Term,
};
pub use validate::{check, normalize, validate, Checked, Finding, Status, Verdict};

/// Parses a notation exactly as written (no repair). Fails at the first error; warnings are
/// available from [`parse_with_diagnostics`].
///
/// ```
/// assert!(yozuv_udc::parse("629.734/.735").is_ok());
/// let e = yozuv_udc::parse("62.139").unwrap_err();
/// assert_eq!(e, yozuv_udc::Error::Syntax { offset: 2, rule: yozuv_udc::Rule::PointRule });
/// ```
pub fn parse(text: &str) -> Result<Notation, Error> {
    let (n, diags) = parse_with_diagnostics(text);
    match diags
        .iter()
        .filter(|d| d.rule.severity() == Severity::Error)
        .min_by_key(|d| (d.span.start, d.rule as usize))
    {
        Some(d) => Err(Error::Syntax {
            offset: d.span.start,
            rule: d.rule,
        }),
        None => Ok(n),
    }
}

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
