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
    pub fn new(leader: Leader) -> Self {
        Record {
            leader,
            fields: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Appends a field.
    pub fn push(&mut self, field: Field) {
        self.fields.push(field);
    }

    /// Fields with tag `tag` (e.g. `"650"`), in order.
    pub fn fields_by_tag(&self, tag: &str) -> impl Iterator<Item = &Field> + '_ {
        let tag = Tag::from_str_lossy(tag);
        self.fields.iter().filter(move |f| f.tag() == tag)
    }

    /// The first field with tag `tag`.
    pub fn field(&self, tag: &str) -> Option<&Field> {
        self.fields_by_tag(tag).next()
    }

    /// The text of the first control field with tag `tag`.
    pub fn control_value(&self, tag: &str) -> Option<&str> {
        self.fields_by_tag(tag).find_map(Field::value)
    }

    /// The first value of subfield `code` in the first field `tag` that has it.
    pub fn first_subfield(&self, tag: &str, code: u8) -> Option<&str> {
        self.fields_by_tag(tag).find_map(|f| f.subfield(code))
    }

    /// The record's control number (001), if any.
    pub fn id(&self) -> Option<&str> {
        self.control_value("001")
    }

    /// The record as ISO 2709 bytes in UTF-8, with record length, base address and
    /// directory recomputed. Fails for a record over 99,999 bytes or a field over 9,999.
    pub fn to_iso2709(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        iso2709::write_record(self, &mut out, crate::Position::default())?;
        Ok(out)
    }
}
