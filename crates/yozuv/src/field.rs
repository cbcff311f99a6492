//! Fields and subfields of a decoded record.

use crate::Tag;

/// The two indicators of a data field, as bytes (`b' '` is blank).
///
/// ```
/// use yozuv::Indicators;
/// let i = Indicators::new(b'1', b' ');
/// assert_eq!(i.first(), b'1');
/// assert_eq!(i.to_mnemonic(), "1\\");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Indicators(pub [u8; 2]);

impl Indicators {
    /// Two indicators.
    ///
    /// ```
    /// use yozuv::Indicators;
    /// let ind = Indicators::new(b'0', b'4');
    /// assert_eq!(ind.0, *b"04");
    /// ```
    pub fn new(first: u8, second: u8) -> Self {
        Indicators([first, second])
    }

    /// Two blank indicators.
    ///
    /// ```
    /// use yozuv::Indicators;
    /// assert_eq!(Indicators::blank(), Indicators::new(b' ', b' '));
    /// assert_eq!(Indicators::blank().to_mnemonic(), "\\\\");
    /// ```
    pub fn blank() -> Self {
        Indicators(*b"  ")
    }

    /// The first indicator.
    ///
    /// ```
    /// use yozuv::Indicators;
    /// assert_eq!(Indicators::new(b'1', b'0').first(), b'1');
    /// ```
    pub fn first(&self) -> u8 {
        self.0[0]
    }

    /// The second indicator.
    ///
    /// ```
    /// use yozuv::Indicators;
    /// // 245 second indicator: number of nonfiling characters ("The " = 4).
    /// assert_eq!(Indicators::new(b'1', b'4').second(), b'4');
    /// ```
    pub fn second(&self) -> u8 {
        self.0[1]
    }

    /// The indicators as in MarcEdit's mnemonic text: blank as `\`.
    ///
    /// ```
    /// use yozuv::Indicators;
    /// assert_eq!(Indicators::new(b' ', b'7').to_mnemonic(), "\\7");
    /// assert_eq!(Indicators::new(b'1', b'0').to_mnemonic(), "10");
    /// ```
    pub fn to_mnemonic(&self) -> String {
        self.0
            .iter()
            .map(|&b| match b {
                b' ' => "\\".to_string(),
                b if b.is_ascii_graphic() => (b as char).to_string(),
                b => format!("{{{b:02x}}}"),
            })
            .collect()
    }
}

/// A subfield: a one-byte code and its decoded text.
///
/// ```
/// use yozuv::Subfield;
/// let s = Subfield::new(b'a', "Oʻzbekiston");
/// assert_eq!(s.code_char(), 'a');
/// assert_eq!(s.value, "Oʻzbekiston");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Subfield {
    /// The subfield code (`b'a'` for `$a`).
    pub code: u8,
    /// The subfield's text.
    pub value: String,
}

impl Subfield {
    /// A subfield with a code and a value.
    ///
    /// ```
    /// use yozuv::Subfield;
    /// let s = Subfield::new(b'c', String::from("Abdulla Qodiriy."));
    /// assert_eq!((s.code, s.value.as_str()), (b'c', "Abdulla Qodiriy."));
    /// ```
    pub fn new(code: u8, value: impl Into<String>) -> Self {
        Subfield {
            code,
            value: value.into(),
        }
    }

    /// The code as a character (codes outside ASCII come out as U+FFFD).
    ///
    /// ```
    /// use yozuv::Subfield;
    /// assert_eq!(Subfield::new(b'6', "880-01").code_char(), '6');
    /// assert_eq!(Subfield::new(0xE9, "?").code_char(), char::REPLACEMENT_CHARACTER);
    /// ```
    pub fn code_char(&self) -> char {
        if self.code.is_ascii() {
            self.code as char
        } else {
            char::REPLACEMENT_CHARACTER
        }
    }
}

/// A field of a decoded record: a control field (`00X`) with one value, or a data field
/// with indicators and subfields.
///
/// ```
/// use yozuv::{Field, Subfield, Tag, Indicators};
/// let f = Field::data("245", Indicators::new(b'1', b'0'), vec![Subfield::new(b'a', "Title /"), Subfield::new(b'c', "Author.")]);
/// assert_eq!(f.tag().as_str(), "245");
/// assert_eq!(f.subfield(b'a'), Some("Title /"));
/// assert_eq!(f.subfield_values(b'c').collect::<Vec<_>>(), ["Author."]);
/// let c = Field::control("001", "ocm123");
/// assert_eq!(c.value(), Some("ocm123"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(untagged)]
pub enum Field {
    /// A control field: tag and text.
    Control {
        /// The tag.
        tag: Tag,
        /// The text.
        value: String,
    },
    /// A data field: tag, indicators and subfields.
    Data {
        /// The tag.
        tag: Tag,
        /// The indicators.
        indicators: Indicators,
        /// The subfields in order.
        subfields: Vec<Subfield>,
    },
}

impl Field {
    /// A control field.
    ///
    /// ```
    /// use yozuv::Field;
    /// let f = Field::control("005", "20261101120000.0");
    /// assert!(f.is_control());
    /// assert_eq!(f.value(), Some("20261101120000.0"));
    /// ```
    pub fn control(tag: &str, value: impl Into<String>) -> Field {
        Field::Control {
            tag: Tag::from_str_lossy(tag),
            value: value.into(),
        }
    }

    /// A data field.
    ///
    /// ```
    /// use yozuv::{Field, Indicators, Subfield};
    /// let f = Field::data("080", Indicators::blank(), vec![Subfield::new(b'a', "821.512.133-31")]);
    /// assert_eq!(f.tag(), "080");
    /// assert_eq!(f.subfield(b'a'), Some("821.512.133-31"));
    /// ```
    pub fn data(tag: &str, indicators: Indicators, subfields: Vec<Subfield>) -> Field {
        Field::Data {
            tag: Tag::from_str_lossy(tag),
            indicators,
            subfields,
        }
    }

    /// The field's tag.
    ///
    /// ```
    /// use yozuv::{Field, Tag};
    /// let f = Field::control("001", "x");
    /// assert_eq!(f.tag(), Tag(*b"001"));
    /// assert_eq!(f.tag(), "001");
    /// ```
    pub fn tag(&self) -> Tag {
        match self {
            Field::Control { tag, .. } | Field::Data { tag, .. } => *tag,
        }
    }

    /// True for a control field.
    ///
    /// ```
    /// use yozuv::{Field, Indicators};
    /// assert!(Field::control("008", "").is_control());
    /// assert!(!Field::data("245", Indicators::blank(), vec![]).is_control());
    /// ```
    pub fn is_control(&self) -> bool {
        matches!(self, Field::Control { .. })
    }

    /// A control field's text (`None` for a data field).
    ///
    /// ```
    /// use yozuv::{Field, Indicators, Subfield};
    /// assert_eq!(Field::control("001", "uz-1").value(), Some("uz-1"));
    /// let data = Field::data("245", Indicators::blank(), vec![Subfield::new(b'a', "Title")]);
    /// assert_eq!(data.value(), None);
    /// ```
    pub fn value(&self) -> Option<&str> {
        match self {
            Field::Control { value, .. } => Some(value),
            Field::Data { .. } => None,
        }
    }

    /// A data field's indicators (`None` for a control field).
    ///
    /// ```
    /// use yozuv::{Field, Indicators};
    /// let f = Field::data("650", Indicators::new(b' ', b'7'), vec![]);
    /// assert_eq!(f.indicators().map(|i| i.second()), Some(b'7'));
    /// assert_eq!(Field::control("001", "x").indicators(), None);
    /// ```
    pub fn indicators(&self) -> Option<Indicators> {
        match self {
            Field::Data { indicators, .. } => Some(*indicators),
            Field::Control { .. } => None,
        }
    }

    /// A data field's subfields (empty for a control field).
    ///
    /// ```
    /// use yozuv::{Field, Indicators, Subfield};
    /// let f = Field::data("650", Indicators::blank(), vec![Subfield::new(b'a', "Baseball"), Subfield::new(b'v', "Fiction.")]);
    /// let codes: Vec<char> = f.subfields().iter().map(|s| s.code_char()).collect();
    /// assert_eq!(codes, ['a', 'v']);
    /// assert!(Field::control("001", "x").subfields().is_empty());
    /// ```
    pub fn subfields(&self) -> &[Subfield] {
        match self {
            Field::Data { subfields, .. } => subfields,
            Field::Control { .. } => &[],
        }
    }

    /// Mutable access to a data field's subfields (`None` for a control field).
    ///
    /// ```
    /// use yozuv::{Field, Indicators, Subfield};
    /// let mut f = Field::data("245", Indicators::blank(), vec![Subfield::new(b'a', "O'tkan kunlar")]);
    /// if let Some(subfields) = f.subfields_mut() {
    ///     subfields[0].value = subfields[0].value.replace('\'', "ʻ");
    ///     subfields.push(Subfield::new(b'c', "Abdulla Qodiriy."));
    /// }
    /// assert_eq!(f.subfield(b'a'), Some("Oʻtkan kunlar"));
    /// assert_eq!(f.subfields().len(), 2);
    /// assert!(Field::control("001", "x").subfields_mut().is_none());
    /// ```
    pub fn subfields_mut(&mut self) -> Option<&mut Vec<Subfield>> {
        match self {
            Field::Data { subfields, .. } => Some(subfields),
            Field::Control { .. } => None,
        }
    }

    /// The first value of subfield `code`.
    ///
    /// ```
    /// use yozuv::{Field, Indicators, Subfield};
    /// let f = Field::data("020", Indicators::blank(), vec![Subfield::new(b'a', "0786808772"), Subfield::new(b'a', "0786816155")]);
    /// assert_eq!(f.subfield(b'a'), Some("0786808772")); // the first one
    /// assert_eq!(f.subfield(b'q'), None);
    /// ```
    pub fn subfield(&self, code: u8) -> Option<&str> {
        self.subfields()
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.value.as_str())
    }

    /// Every value of subfield `code`, in order.
    ///
    /// ```
    /// use yozuv::{Field, Indicators, Subfield};
    /// let f = Field::data("041", Indicators::new(b'1', b' '), vec![
    ///     Subfield::new(b'a', "uzb"), Subfield::new(b'h', "rus"), Subfield::new(b'a', "eng"),
    /// ]);
    /// assert_eq!(f.subfield_values(b'a').collect::<Vec<_>>(), ["uzb", "eng"]);
    /// ```
    pub fn subfield_values(&self, code: u8) -> impl Iterator<Item = &str> {
        self.subfields()
            .iter()
            .filter(move |s| s.code == code)
            .map(|s| s.value.as_str())
    }
}
