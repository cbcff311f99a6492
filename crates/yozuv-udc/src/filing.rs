//! Filing order (UDC-SYNTAX.md §4): notations compared element by element; main numbers as
//! decimal fractions digit by digit (shorter first), and for the same stem
//! `+` < `/` < (number alone) < `:` < `::` < `=…` < `(0…)` < `(1/9)` < `(=…)` < `"…"` <
//! `*`/A–Z < `-` < `.0` < `'` < further subdivision.

use std::cmp::Ordering;

use crate::syntax::{AuxKind, Auxiliary, Connector, Expr, Head, Notation};

/// One element of a filing key: a rank (the sign's place in the filing order) and the digits or
/// text that follow the sign.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FilingElement {
    /// Place of the sign in the filing order.
    pub rank: u8,
    /// What follows the sign (main numbers without their points).
    pub payload: String,
}

const PLUS: u8 = 0;
const SLASH: u8 = 1;
const END: u8 = 2;
const COLON: u8 = 3;
const ORDER_FIXING: u8 = 4;
const LANGUAGE: u8 = 5;
const FORM: u8 = 6;
const PLACE: u8 = 7;
const ETHNIC: u8 = 8;
const TIME: u8 = 9;
const ALPHA: u8 = 10;
const HYPHEN: u8 = 11;
const POINT_ZERO: u8 = 12;
const APOSTROPHE: u8 = 13;
const MAIN: u8 = 14;

fn aux_rank(k: AuxKind) -> u8 {
    match k {
        AuxKind::Language => LANGUAGE,
        AuxKind::Form => FORM,
        AuxKind::Place => PLACE,
        AuxKind::Ethnic => ETHNIC,
        AuxKind::Time => TIME,
        AuxKind::Alphabetic | AuxKind::NonUdc => ALPHA,
        AuxKind::GeneralCharacteristic | AuxKind::SpecialHyphen => HYPHEN,
        AuxKind::SpecialPointZero | AuxKind::PointOfView => POINT_ZERO,
        AuxKind::SpecialApostrophe => APOSTROPHE,
    }
}

fn digits_only(s: &str) -> String {
    s.chars().filter(|c| *c != '.').collect()
}

fn push_aux(out: &mut Vec<FilingElement>, a: &Auxiliary, text: &str) {
    let mut s = String::new();
    let _ = crate::syntax::write_aux(&mut s, a, text);
    // Drop the sign itself; the rank stands for it.
    let payload = match a.kind {
        AuxKind::Form | AuxKind::Place | AuxKind::Ethnic | AuxKind::Time => {
            a.number.of(text).to_string()
        }
        AuxKind::Alphabetic => s,
        _ => digits_only(a.number.of(text)),
    };
    out.push(FilingElement {
        rank: aux_rank(a.kind),
        payload,
    });
}

fn push_expr(out: &mut Vec<FilingElement>, e: &Expr, text: &str) {
    for (i, t) in e.terms.iter().enumerate() {
        if i > 0 {
            if let Some((c, _)) = e.connectors.get(i - 1) {
                let rank = match c {
                    Connector::Coordination => PLUS,
                    Connector::Extension => SLASH,
                    Connector::Relation => COLON,
                    Connector::OrderFixing => ORDER_FIXING,
                };
                out.push(FilingElement {
                    rank,
                    payload: String::new(),
                });
            }
        }
        match &t.head {
            Head::Main(s) => out.push(FilingElement {
                rank: MAIN,
                payload: digits_only(s.of(text)),
            }),
            Head::Group(g) => push_expr(out, g, text),
            Head::Auxiliary(a) => push_aux(out, a, text),
            Head::Abbreviated(a) => out.push(FilingElement {
                rank: MAIN,
                payload: digits_only(a.number.of(text)),
            }),
        }
        for a in &t.auxiliaries {
            push_aux(out, a, text);
        }
    }
}

impl Notation {
    /// The filing key: compare two keys to file notations in UDC order (use it with
    /// `sort_by_cached_key` for long lists).
    ///
    /// ```
    /// let mut v: Vec<_> = ["622.1", "622(075)", "622", "622+669", "622:669"]
    ///     .iter().map(|s| yozuv_udc::parse(s).unwrap()).collect();
    /// v.sort();
    /// let sorted: Vec<String> = v.iter().map(|n| n.to_string()).collect();
    /// assert_eq!(sorted, ["622+669", "622", "622:669", "622(075)", "622.1"]);
    /// ```
    pub fn filing_key(&self) -> Vec<FilingElement> {
        let mut out = Vec::new();
        push_expr(&mut out, &self.root, &self.text);
        out.push(FilingElement {
            rank: END,
            payload: String::new(),
        });
        out
    }
}

impl Ord for Notation {
    fn cmp(&self, other: &Self) -> Ordering {
        self.filing_key()
            .cmp(&other.filing_key())
            .then_with(|| self.to_string().cmp(&other.to_string()))
    }
}

impl PartialOrd for Notation {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
