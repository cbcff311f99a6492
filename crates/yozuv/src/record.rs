//! The owned, decoded record.

use crate::{iso2709, Error, Field, Leader, Tag, Warning};

/// A decoded record: leader, fields in directory order, text in UTF-8.
///
/// `warnings` lists the damage the reader repaired while reading it (empty for a sound record).
///
/// ```
/// use yozuv::{Record, Field, Subfield, Indicators};
/// let mut r = Record::new(Default::default());
/// r.push(Field::control("001", "uz-0001"));
/// r.push(Field::data("245", Indicators::new(b'1', b'0'), vec![Subfield::new(b'a', "Alpomish")]));
/// assert_eq!(r.control_value("001"), Some("uz-0001"));
/// assert_eq!(r.first_subfield("245", b'a'), Some("Alpomish"));
/// let bytes = r.to_iso2709().unwrap();
/// assert_eq!(&bytes[..5], format!("{:05}", bytes.len()).as_bytes());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    /// The leader as read (lengths are recomputed when writing).
    pub leader: Leader,
    /// Fields in directory order.
    pub fields: Vec<Field>,
    /// Damage repaired while reading.
    pub warnings: Vec<Warning>,
}

impl Record {
    /// An empty record with a leader.
    ///
    /// ```
    /// use yozuv::{Leader, Record};
    /// let record = Record::new(Leader::default());
    /// assert!(record.fields.is_empty() && record.warnings.is_empty());
    /// assert_eq!(record.leader.to_string(), "00000nam a2200000 i 4500");
    /// ```
    pub fn new(leader: Leader) -> Self {
        Record {
            leader,
            fields: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Appends a field.
    ///
    /// ```
    /// use yozuv::{Field, Record};
    /// let mut record = Record::default();
    /// record.push(Field::control("001", "a1"));
    /// record.push(Field::control("005", "20261101120000.0"));
    /// assert_eq!(record.fields.len(), 2);
    /// assert_eq!(record.fields[1].tag(), "005");
    /// ```
    pub fn push(&mut self, field: Field) {
        self.fields.push(field);
    }

    /// Fields with tag `tag` (e.g. `"650"`), in order.
    ///
    /// ```
    /// use yozuv::{Field, Indicators, Record, Subfield};
    /// let mut record = Record::default();
    /// for subject in ["Tarix", "Oʻzbekiston"] {
    ///     record.push(Field::data("650", Indicators::new(b' ', b'7'), vec![Subfield::new(b'a', subject)]));
    /// }
    /// let subjects: Vec<&str> = record.fields_by_tag("650").filter_map(|f| f.subfield(b'a')).collect();
    /// assert_eq!(subjects, ["Tarix", "Oʻzbekiston"]);
    /// assert_eq!(record.fields_by_tag("651").count(), 0);
    /// ```
    pub fn fields_by_tag(&self, tag: &str) -> impl Iterator<Item = &Field> + '_ {
        let tag = Tag::from_str_lossy(tag);
        self.fields.iter().filter(move |f| f.tag() == tag)
    }

    /// The first field with tag `tag`.
    ///
    /// ```
    /// use yozuv::{Field, Indicators, Record, Subfield};
    /// let mut record = Record::default();
    /// record.push(Field::data("020", Indicators::blank(), vec![Subfield::new(b'a', "9789943000000")]));
    /// record.push(Field::data("020", Indicators::blank(), vec![Subfield::new(b'a', "9789943111111")]));
    /// assert_eq!(record.field("020").and_then(|f| f.subfield(b'a')), Some("9789943000000"));
    /// assert!(record.field("245").is_none());
    /// ```
    pub fn field(&self, tag: &str) -> Option<&Field> {
        self.fields_by_tag(tag).next()
    }

    /// The text of the first control field with tag `tag`.
    ///
    /// ```
    /// use yozuv::{Field, Record};
    /// let mut record = Record::default();
    /// record.push(Field::control("008", "261101s2026    uz            000 0 uzb d"));
    /// assert_eq!(record.control_value("008").map(|v| &v[35..38]), Some("uzb"));
    /// assert_eq!(record.control_value("001"), None);
    /// ```
    pub fn control_value(&self, tag: &str) -> Option<&str> {
        self.fields_by_tag(tag).find_map(Field::value)
    }

    /// The first value of subfield `code` in the first field `tag` that has it.
    ///
    /// ```
    /// use yozuv::{Field, Indicators, Record, Subfield};
    /// let mut record = Record::default();
    /// record.push(Field::data("700", Indicators::new(b'1', b' '), vec![Subfield::new(b'e', "tarjimon")]));
    /// record.push(Field::data("700", Indicators::new(b'1', b' '), vec![Subfield::new(b'a', "Qodiriy, Abdulla")]));
    /// // The first 700 has no $a: the second one's is returned.
    /// assert_eq!(record.first_subfield("700", b'a'), Some("Qodiriy, Abdulla"));
    /// ```
    pub fn first_subfield(&self, tag: &str, code: u8) -> Option<&str> {
        self.fields_by_tag(tag).find_map(|f| f.subfield(code))
    }

    /// The record's control number (001), if any.
    ///
    /// ```
    /// use yozuv::{Field, Record};
    /// let mut record = Record::default();
    /// assert_eq!(record.id(), None);
    /// record.push(Field::control("001", r"RU\NLR\bibl\3415"));
    /// assert_eq!(record.id(), Some(r"RU\NLR\bibl\3415"));
    /// ```
    pub fn id(&self) -> Option<&str> {
        self.control_value("001")
    }

    /// The record as ISO 2709 bytes in UTF-8, with record length, base address and
    /// directory recomputed. Fails for a record over 99,999 bytes or a field over 9,999.
    ///
    /// ```
    /// use yozuv::{Field, Record};
    /// let mut record = Record::default();
    /// record.push(Field::control("001", "x1"));
    /// let bytes = record.to_iso2709().unwrap();
    /// // Leader (24) + one directory entry (12) + field terminator, then "x1", a field
    /// // terminator and the record terminator.
    /// assert_eq!(bytes.len(), 24 + 12 + 1 + 2 + 1 + 1);
    /// assert_eq!(&bytes[..5], b"00041");
    /// assert_eq!(&bytes[12..17], b"00037"); // base address: just after the directory
    /// assert_eq!(&bytes[24..36], b"001000300000"); // tag, length 3 (with terminator), start 0
    /// assert_eq!(bytes.last(), Some(&yozuv::RECORD_TERMINATOR));
    /// ```
    pub fn to_iso2709(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        iso2709::write_record(self, &mut out, crate::Position::default())?;
        Ok(out)
    }
}
