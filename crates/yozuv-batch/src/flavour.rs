//! Which bibliographic format a record follows.

use serde::Serialize;
use yozuv::{Field, Record};

/// The flavour of a record: MARC 21, or UNIMARC (RUSMARC and the presumed UZMARC included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavour {
    /// MARC 21.
    Marc21,
    /// UNIMARC or RUSMARC.
    Unimarc,
}

impl Flavour {
    /// `marc21` or `unimarc`.
    pub fn as_str(self) -> &'static str {
        match self {
            Flavour::Marc21 => "marc21",
            Flavour::Unimarc => "unimarc",
        }
    }
}

/// Detects a record's flavour from its fields: UNIMARC when it has a 100 whose `$a` is coded
/// data (at least 26 characters starting with a date) or a 200 data field and no 245;
/// MARC 21 otherwise. This is the seam for `yozuv::format::detect_flavour`, which the
/// engine will call instead once it lands (see [`crate::Validator::with_flavour_detector`]).
///
/// ```
/// use yozuv::{Record, Field, Subfield, Indicators};
/// use yozuv_batch::{detect_flavour, Flavour};
/// let mut r = Record::new(Default::default());
/// r.push(Field::data("200", Indicators::new(b'1', b' '), vec![Subfield::new(b'a', "Alpomish")]));
/// assert_eq!(detect_flavour(&r), Flavour::Unimarc);
/// ```
pub fn detect_flavour(record: &Record) -> Flavour {
    let mut has_245 = false;
    let mut has_200 = false;
    let mut coded_100 = false;
    let mut has_008 = false;
    for f in &record.fields {
        let t = f.tag();
        if t == "245" {
            has_245 = true;
        } else if t == "008" {
            has_008 = true;
        } else if t == "200" && matches!(f, Field::Data { .. }) {
            has_200 = true;
        } else if t == "100" {
            if let Some(a) = f.subfield(b'a') {
                coded_100 =
                    a.chars().count() >= 26 && a.chars().take(8).all(|c| c.is_ascii_digit());
            }
        }
    }
    if (coded_100 || has_200) && !has_245 && !has_008 {
        Flavour::Unimarc
    } else {
        Flavour::Marc21
    }
}
