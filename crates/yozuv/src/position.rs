//! Where something is in a stream of records.

use std::fmt;

use crate::Tag;

/// The place of an error, warning or diagnostic in an input stream.
///
/// `record` counts from 1, as catalogers count; `byte` is the offset from the start of
/// the input (0-based) of the damaged byte, or of the record when no finer place is known.
///
/// ```
/// use yozuv::{Position, Tag};
/// let p = Position::new(3, 1200).with_tag(Tag::from_str_lossy("245")).with_subfield(b'a');
/// assert_eq!(p.to_string(), "record 3, byte 1200, field 245, subfield $a");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Position {
    /// Record number in the input, counting from 1 (0 when no record was started).
    pub record: u64,
    /// Byte offset in the input, counting from 0.
    pub byte: u64,
    /// The field's tag, when the place is inside a field.
    pub tag: Option<Tag>,
    /// The subfield code, when the place is inside a subfield.
    pub subfield: Option<u8>,
}

impl Position {
    /// A position at a record and byte offset.
    ///
    /// ```
    /// use yozuv::Position;
    /// let p = Position::new(4, 405);
    /// assert_eq!((p.record, p.byte, p.tag, p.subfield), (4, 405, None, None));
    /// assert_eq!(p.to_string(), "record 4, byte 405");
    /// ```
    pub fn new(record: u64, byte: u64) -> Self {
        Position {
            record,
            byte,
            tag: None,
            subfield: None,
        }
    }

    /// This position inside the field `tag`.
    ///
    /// ```
    /// use yozuv::{Position, Tag};
    /// let p = Position::new(1, 0).with_tag(Tag::from_str_lossy("008"));
    /// assert_eq!(p.to_string(), "record 1, byte 0, field 008");
    /// ```
    pub fn with_tag(mut self, tag: Tag) -> Self {
        self.tag = Some(tag);
        self
    }

    /// This position inside subfield `code`.
    ///
    /// ```
    /// use yozuv::{Position, Tag};
    /// let p = Position::new(2, 578).with_tag(Tag::from_str_lossy("245")).with_subfield(b'a');
    /// assert_eq!(p.subfield, Some(b'a'));
    /// assert_eq!(p.to_string(), "record 2, byte 578, field 245, subfield $a");
    /// ```
    pub fn with_subfield(mut self, code: u8) -> Self {
        self.subfield = Some(code);
        self
    }

    /// This position moved to another byte offset.
    ///
    /// ```
    /// use yozuv::Position;
    /// let record_start = Position::new(2, 127);
    /// // leader/12, the base address, of that record:
    /// assert_eq!(record_start.at_byte(127 + 12), Position::new(2, 139));
    /// ```
    pub fn at_byte(mut self, byte: u64) -> Self {
        self.byte = byte;
        self
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "record {}, byte {}", self.record, self.byte)?;
        if let Some(tag) = self.tag {
            write!(f, ", field {tag}")?;
        }
        if let Some(code) = self.subfield {
            if code.is_ascii_graphic() {
                write!(f, ", subfield ${}", code as char)?;
            } else {
                write!(f, ", subfield {{{code:02x}}}")?;
            }
        }
        Ok(())
    }
}
