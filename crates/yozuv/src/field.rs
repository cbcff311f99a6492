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
    pub fn new(first: u8, second: u8) -> Self {
        Indicators([first, second])
    }

    /// Two blank indicators.
    pub fn blank() -> Self {
        Indicators(*b"  ")
    }

    /// The first indicator.
    pub fn first(&self) -> u8 {
        self.0[0]
    }

    /// The second indicator.
    pub fn second(&self) -> u8 {
        self.0[1]
    }

    /// The indicators as in MarcEdit's mnemonic text: blank as `\`.
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
    pub fn new(code: u8, value: impl Into<String>) -> Self {
        Subfield {
            code,
            value: value.into(),
        }
    }

    /// The code as a character (codes outside ASCII come out as U+FFFD).
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
    pub fn control(tag: &str, value: impl Into<String>) -> Field {
        Field::Control {
            tag: Tag::from_str_lossy(tag),
            value: value.into(),
        }
    }

    /// A data field.
    pub fn data(tag: &str, indicators: Indicators, subfields: Vec<Subfield>) -> Field {
        Field::Data {
            tag: Tag::from_str_lossy(tag),
            indicators,
            subfields,
        }
    }

    /// The field's tag.
    pub fn tag(&self) -> Tag {
        match self {
            Field::Control { tag, .. } | Field::Data { tag, .. } => *tag,
        }
    }

    /// True for a control field.
    pub fn is_control(&self) -> bool {
        matches!(self, Field::Control { .. })
    }

    /// A control field's text (`None` for a data field).
    pub fn value(&self) -> Option<&str> {
        match self {
            Field::Control { value, .. } => Some(value),
            Field::Data { .. } => None,
        }
    }

    /// A data field's indicators (`None` for a control field).
    pub fn indicators(&self) -> Option<Indicators> {
        match self {
            Field::Data { indicators, .. } => Some(*indicators),
            Field::Control { .. } => None,
        }
    }

    /// A data field's subfields (empty for a control field).
    pub fn subfields(&self) -> &[Subfield] {
        match self {
            Field::Data { subfields, .. } => subfields,
            Field::Control { .. } => &[],
        }
    }

    /// Mutable access to a data field's subfields (`None` for a control field).
    pub fn subfields_mut(&mut self) -> Option<&mut Vec<Subfield>> {
        match self {
            Field::Data { subfields, .. } => Some(subfields),
            Field::Control { .. } => None,
        }
    }

    /// The first value of subfield `code`.
    pub fn subfield(&self, code: u8) -> Option<&str> {
        self.subfields()
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.value.as_str())
    }

    /// Every value of subfield `code`, in order.
    pub fn subfield_values(&self, code: u8) -> impl Iterator<Item = &str> {
        self.subfields()
            .iter()
            .filter(move |s| s.code == code)
            .map(|s| s.value.as_str())
    }
}
