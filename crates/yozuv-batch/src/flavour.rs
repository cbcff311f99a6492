//! Which bibliographic format a record follows.

use serde::Serialize;
use yozuv::Record;

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

/// The flavour family of a record, from the one detector of the project,
/// [`yozuv::format::detect_flavour`] (content-based: 008/245/1XX/040 against 100$a/200/801;
/// RUSMARC counts as UNIMARC here).
///
/// ```
/// use yozuv::{Record, Field, Subfield, Indicators};
/// use yozuv_batch::{detect_flavour, Flavour};
/// let mut r = Record::new(Default::default());
/// r.push(Field::data("200", Indicators::new(b'1', b' '), vec![Subfield::new(b'a', "Alpomish")]));
/// r.push(Field::data("801", Indicators::new(b' ', b'0'), vec![Subfield::new(b'a', "UZ")]));
/// assert_eq!(detect_flavour(&r), Flavour::Unimarc);
/// ```
pub fn detect_flavour(record: &Record) -> Flavour {
    Flavour::of(yozuv::format::detect_flavour(record).flavour)
}

impl Flavour {
    /// The family of a format: MARC 21, or UNIMARC for UNIMARC and RUSMARC.
    pub fn of(format: yozuv::format::Flavour) -> Flavour {
        if format.is_unimarc_family() {
            Flavour::Unimarc
        } else {
            Flavour::Marc21
        }
    }
}
