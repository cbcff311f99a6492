//! ISBN (ISO 2108) and ISSN (ISO 3297) check digits in `$a` of MARC 21 020/022 and
//! UNIMARC 010/011. An ISBN known to be invalid belongs in `$z`, which is not checked.

use super::{Emitter, RecordView, Rule};
use crate::Flavour;

/// What is wrong with an ISBN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsbnProblem {
    /// Not 10 or 13 digits.
    Length,
    /// The check digit does not match.
    CheckDigit,
    /// A 13-digit number that does not start with 978 or 979.
    Prefix,
}

impl IsbnProblem {
    fn as_str(self) -> &'static str {
        match self {
            IsbnProblem::Length => "length",
            IsbnProblem::CheckDigit => "check-digit",
            IsbnProblem::Prefix => "prefix",
        }
    }
}

/// The leading number of a subfield (`978-5-…`, `0385498713 (pbk.)`, `ISBN 5-7133-0034-2`):
/// its digits (and X), or `None` when the subfield does not start with one.
fn leading_number(value: &str) -> Option<Digits> {
    let v = value.trim_start();
    let v = v
        .strip_prefix("ISBN")
        .or_else(|| v.strip_prefix("ISSN"))
        .unwrap_or(v)
        .trim_start_matches([' ', ':']);
    let mut digits = Digits {
        first: [0; DIGITS_KEPT],
        len: 0,
    };
    let mut own_digit = false;
    for b in v.bytes() {
        let d = match b {
            b'0'..=b'9' => {
                own_digit = true;
                b - b'0'
            }
            b'X' | b'x' => 10,
            b'-' | b' ' => continue,
            _ => break,
        };
        if let Some(slot) = digits.first.get_mut(digits.len) {
            *slot = d;
        }
        digits.len += 1;
    }
    // An X only ever stands last; a number with none of its own digits is no number.
    if !own_digit {
        return None;
    }
    Some(digits)
}

/// How many leading digits [`Digits`] keeps: no identifier checked has more.
const DIGITS_KEPT: usize = 13;

/// The digits (X as 10) of a leading number, without an allocation: the first
/// [`DIGITS_KEPT`] of them, and how many there were in all.
struct Digits {
    first: [u8; DIGITS_KEPT],
    len: usize,
}

impl Digits {
    /// All the digits, when there are at most [`DIGITS_KEPT`] (else the first ones).
    fn as_slice(&self) -> &[u8] {
        &self.first[..self.len.min(DIGITS_KEPT)]
    }
}

/// Checks an ISBN-10 or ISBN-13 as written in `$a`. `Ok(None)` when the subfield does not
/// start with a number at all.
///
/// ```
/// use yozuv_batch::rules::{isbn_to_13, IsbnProblem};
/// assert_eq!(isbn_to_13("0-306-40615-2"), Ok(Some(9780306406157)));
/// assert_eq!(isbn_to_13("978-0-306-40615-7 (pbk.)"), Ok(Some(9780306406157)));
/// assert_eq!(isbn_to_13("0-306-40615-3"), Err(IsbnProblem::CheckDigit));
/// assert_eq!(isbn_to_13("(pbk.)"), Ok(None));
/// ```
pub fn isbn_to_13(value: &str) -> Result<Option<u64>, IsbnProblem> {
    let Some(digits) = leading_number(value) else {
        return Ok(None);
    };
    let d = digits.as_slice();
    match digits.len {
        10 => {
            if d[..9].contains(&10) {
                return Err(IsbnProblem::CheckDigit);
            }
            let sum: u32 = d
                .iter()
                .enumerate()
                .map(|(i, &x)| (10 - i as u32) * u32::from(x))
                .sum();
            if sum % 11 != 0 {
                return Err(IsbnProblem::CheckDigit);
            }
            let mut n13 = [9, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
            n13[3..12].copy_from_slice(&d[..9]);
            let s: u32 = n13[..12]
                .iter()
                .enumerate()
                .map(|(i, &x)| u32::from(x) * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            n13[12] = ((10 - s % 10) % 10) as u8;
            Ok(Some(n13.iter().fold(0u64, |n, &x| n * 10 + u64::from(x))))
        }
        13 => {
            if d.contains(&10) {
                return Err(IsbnProblem::CheckDigit);
            }
            if d[..3] != [9, 7, 8] && d[..3] != [9, 7, 9] {
                return Err(IsbnProblem::Prefix);
            }
            let s: u32 = d
                .iter()
                .enumerate()
                .map(|(i, &x)| u32::from(x) * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            if s % 10 != 0 {
                return Err(IsbnProblem::CheckDigit);
            }
            Ok(Some(d.iter().fold(0u64, |n, &x| n * 10 + u64::from(x))))
        }
        _ => Err(IsbnProblem::Length),
    }
}

/// Checks an ISSN: `Ok(true)` valid, `Ok(false)` wrong check digit or form, `None` when the
/// subfield does not start with a number.
pub(crate) fn issn_valid(value: &str) -> Option<bool> {
    let digits = leading_number(value)?;
    let d = digits.as_slice();
    if digits.len != 8 || d[..7].contains(&10) {
        return Some(false);
    }
    let sum: u32 = d[..7]
        .iter()
        .enumerate()
        .map(|(i, &x)| (8 - i as u32) * u32::from(x))
        .sum();
    let check = (11 - sum % 11) % 11;
    Some(u32::from(d[7]) == check)
}

/// ISBN and ISSN checks.
pub struct IdentifierRule;

impl Rule for IdentifierRule {
    fn ids(&self) -> Vec<&'static str> {
        vec!["isbn.invalid", "issn.invalid"]
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        let (isbn_tag, issn_tag) = match view.flavour {
            Flavour::Marc21 => ("020", "022"),
            Flavour::Unimarc => ("010", "011"),
        };
        let isbn = out.enabled("isbn.invalid");
        let issn = out.enabled("issn.invalid");
        for (i, f) in view.record.fields.iter().enumerate() {
            let t = f.tag();
            if isbn && t == isbn_tag {
                for (j, s) in f.subfields().iter().enumerate() {
                    if s.code != b'a' {
                        continue;
                    }
                    if let Err(p) = isbn_to_13(&s.value) {
                        out.subfield(
                            "isbn.invalid",
                            i,
                            j,
                            vec![
                                ("value", s.value.clone().into()),
                                ("problem", p.as_str().into()),
                            ],
                        );
                    }
                }
            } else if issn && t == issn_tag {
                for (j, s) in f.subfields().iter().enumerate() {
                    if s.code == b'a' && issn_valid(&s.value) == Some(false) {
                        out.subfield(
                            "issn.invalid",
                            i,
                            j,
                            vec![("value", s.value.clone().into())],
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbns_from_the_standard() {
        // ISO 2108 worked example and its ISBN-10 form.
        assert_eq!(isbn_to_13("978-0-306-40615-7"), Ok(Some(9_780_306_406_157)));
        assert_eq!(isbn_to_13("0306406152"), Ok(Some(9_780_306_406_157)));
        assert_eq!(
            isbn_to_13("ISBN 0-8044-2957-X"),
            Ok(Some(9_780_804_429_573))
        );
        assert_eq!(
            isbn_to_13("0-8044-2957-x : 25.00"),
            Ok(Some(9_780_804_429_573))
        );
        assert_eq!(isbn_to_13("12345"), Err(IsbnProblem::Length));
        assert_eq!(isbn_to_13("977-0-306-40615-7"), Err(IsbnProblem::Prefix));
        assert_eq!(
            isbn_to_13("978-0-306-40615-8"),
            Err(IsbnProblem::CheckDigit)
        );
    }

    #[test]
    fn issns() {
        // ISO 3297 example: 0317-8471; Nature 0028-0836; 2049-3630.
        assert_eq!(issn_valid("0317-8471"), Some(true));
        assert_eq!(issn_valid("0028-0836"), Some(true));
        assert_eq!(issn_valid("2049-3630"), Some(true));
        assert_eq!(issn_valid("0317-8472"), Some(false));
        assert_eq!(issn_valid("abc"), None);
    }
}
