//! Control-field lengths and dates: MARC 21 008 is 40 characters; UNIMARC 100$a is 36, and
//! its positions 0-7 are a date.

use yozuv::Field;

use super::{Emitter, RecordView, Rule};
use crate::Flavour;

/// Control-field length and date checks.
pub struct ControlFieldRule;

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (n(0..4), n(4..6), n(6..8));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1900 && (1..=days).contains(&d)
}

impl Rule for ControlFieldRule {
    fn ids(&self) -> Vec<&'static str> {
        vec![
            "control.008-length",
            "control.100a-length",
            "control.100a-date",
        ]
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        for (i, f) in view.record.fields.iter().enumerate() {
            match (view.flavour, f) {
                (Flavour::Marc21, Field::Control { tag, value }) if *tag == "008" => {
                    let n = value.chars().count();
                    if n != 40 {
                        out.field(
                            "control.008-length",
                            i,
                            vec![("expected", 40usize.into()), ("found", n.into())],
                        );
                    }
                }
                (Flavour::Unimarc, Field::Data { tag, subfields, .. }) if *tag == "100" => {
                    let Some(j) = subfields.iter().position(|s| s.code == b'a') else {
                        continue;
                    };
                    let a = &subfields[j].value;
                    let n = a.chars().count();
                    if n != 36 {
                        out.subfield(
                            "control.100a-length",
                            i,
                            j,
                            vec![("expected", 36usize.into()), ("found", n.into())],
                        );
                    }
                    let date: String = a.chars().take(8).collect();
                    if out.enabled("control.100a-date") && !valid_date(&date) {
                        out.subfield("control.100a-date", i, j, vec![("value", date.into())]);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert!(super::valid_date("20190716"));
        assert!(super::valid_date("20000229"));
        assert!(!super::valid_date("19000229"));
        assert!(!super::valid_date("20191301"));
        assert!(!super::valid_date("2019071"));
        assert!(!super::valid_date("2019 716"));
    }
}
