//! The crate's one error type, and the damage a reader can find in a record.

use std::fmt;

use crate::Position;

/// What is wrong with a record's bytes. Used both for errors (a record refused) and for
/// warnings (a record repaired in [`ReadMode::Permissive`](crate::iso2709::ReadMode)).
///
/// Every kind has a stable id ([`Damage::id`]) that reports and rules refer to.
///
/// ```
/// use yozuv::iso2709::{ReadMode, SliceReader};
/// use yozuv::Damage;
///
/// // Base address (leader/12-16) "99937" points past the end of this 42-byte record;
/// // the directory's end (byte 37) tells where the data really starts.
/// let data = b"00042     2299937   4500001000400000\x1eabc\x1e\x1d";
/// let raw = SliceReader::new(data, ReadMode::Permissive).next().unwrap().unwrap();
/// let damage: Vec<&Damage> = raw.warnings().iter().map(|w| &w.damage).collect();
/// assert_eq!(damage, [&Damage::BaseAddressInvalid]);
/// assert_eq!(damage[0].id(), "iso2709.base-address-invalid");
/// assert_eq!(raw.to_record().unwrap().id(), Some("abc"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Damage {
    /// Bytes between records that belong to no record (CR/LF, NUL, filler, garbage).
    JunkBeforeRecord {
        /// How many bytes were skipped.
        length: usize,
    },
    /// Leader/00-04 are not five digits.
    RecordLengthInvalid,
    /// Leader/00-04 disagree with where the record terminator is.
    RecordLengthMismatch {
        /// Length declared in the leader.
        declared: usize,
        /// Length up to and including the record terminator.
        actual: usize,
    },
    /// The input ended before the record's terminator.
    Truncated {
        /// Bytes of the record that were present.
        length: usize,
    },
    /// No record terminator within the reader's size limit.
    RecordTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// Fewer than 24 bytes before the record ended.
    LeaderTooShort {
        /// Bytes present.
        length: usize,
    },
    /// Leader/10 (indicator count) is not `2`.
    IndicatorCountInvalid {
        /// The byte found.
        found: u8,
    },
    /// Leader/11 (subfield code length) is not `2`.
    SubfieldCodeLengthInvalid {
        /// The byte found.
        found: u8,
    },
    /// Leader/20-23 (entry map) is not `4500`.
    EntryMapInvalid,
    /// Leader/12-16 are not five digits, or point outside the record.
    BaseAddressInvalid,
    /// Leader/12-16 do not point just past the directory's terminator.
    BaseAddressMismatch {
        /// Base address declared in the leader.
        declared: usize,
        /// Base address found from the directory terminator.
        actual: usize,
    },
    /// The directory has no field terminator.
    DirectoryNoTerminator,
    /// The directory's length is not a multiple of 12.
    DirectoryLengthInvalid {
        /// The directory's length in bytes.
        length: usize,
    },
    /// The directory holds a byte that is not ASCII.
    DirectoryNotAscii {
        /// The byte.
        byte: u8,
    },
    /// A field does not start where its directory entry says.
    FieldStartMismatch {
        /// Start in the directory, relative to the base address.
        declared: usize,
        /// Start found from the field terminators.
        actual: usize,
    },
    /// A directory entry's length or starting position is not digits.
    DirectoryEntryInvalid {
        /// Entry index, from 0.
        index: usize,
    },
    /// The directory holds no entries.
    NoFields,
    /// A tag that is not three ASCII letters or digits.
    TagInvalid,
    /// A directory entry points past the end of the record.
    FieldPastEnd,
    /// A field's length in the directory disagrees with its terminator.
    FieldLengthMismatch {
        /// Length in the directory.
        declared: usize,
        /// Length up to and including the field terminator.
        actual: usize,
    },
    /// A field does not end with a field terminator.
    MissingFieldTerminator,
    /// Directory entries are not in the order of the data they point to.
    EntriesOutOfOrder,
    /// Two directory entries point into the same bytes.
    FieldsOverlap,
    /// A data field too short to hold its two indicators.
    MissingIndicators,
    /// Bytes between the indicators and the first subfield delimiter.
    DataBeforeFirstSubfield {
        /// How many bytes.
        length: usize,
    },
    /// A subfield delimiter with no code after it.
    MissingSubfieldCode,
    /// A subfield code that is not a printable ASCII character.
    SubfieldCodeInvalid {
        /// The code byte.
        code: u8,
    },
    /// Bytes that are not valid in the record's character set.
    InvalidEncoding {
        /// The character set the bytes were decoded as.
        charset: String,
    },
    /// Data bytes in the record after the last field.
    DataAfterLastField {
        /// How many bytes.
        length: usize,
    },
    /// A data field with no subfields at all (kept as read, indicators only).
    FieldWithoutSubfields,
    /// The record declares one character set and its bytes hold another; the record
    /// was decoded by its bytes.
    CharsetMismatch {
        /// What the record declares: a stable charset name, or `unknown`.
        declared: &'static str,
        /// Where it declares it (`leader/09` or `100$a/26-29`) and the code found there.
        declaration: Box<str>,
        /// What the bytes are (stable charset name).
        found: &'static str,
    },
    /// Text that was encoded twice (UTF-8 bytes read as a single-byte code page and
    /// written again as UTF-8); it was decoded back.
    DoubleEncoded {
        /// The code page the UTF-8 bytes were wrongly read as.
        via: &'static str,
    },
    /// Text already destroyed before it reached us (U+FFFD, "пїЅ"); reported, not repaired.
    Mojibake {
        /// The damaged text.
        text: Box<str>,
    },
    /// A MARC-8 escape sequence that designates no known character set (kept as is).
    EscapeInvalid,
    /// A character the target character set cannot express (written as `&#xHHHH;`).
    Unmappable {
        /// The character.
        character: char,
        /// The target character set.
        charset: &'static str,
    },
    /// MARCXML: text or elements other than `record` between records of a `<collection>`
    /// (MARC 21 slim allows only `record` there; white space, comments and processing
    /// instructions are fine). The position is the stray content's first byte.
    ContentBetweenRecords {
        /// The bytes from the first to the last stray byte.
        length: usize,
    },
}

impl Damage {
    /// A stable identifier for this kind of damage (`iso2709.record-length-mismatch`, …).
    ///
    /// ```
    /// use yozuv::Damage;
    /// assert_eq!(Damage::RecordLengthInvalid.id(), "iso2709.record-length-invalid");
    /// assert_eq!(Damage::NoFields.id(), "iso2709.no-fields");
    /// ```
    pub fn id(&self) -> &'static str {
        use Damage::*;
        match self {
            JunkBeforeRecord { .. } => "iso2709.junk-before-record",
            RecordLengthInvalid => "iso2709.record-length-invalid",
            RecordLengthMismatch { .. } => "iso2709.record-length-mismatch",
            Truncated { .. } => "iso2709.truncated",
            RecordTooLarge { .. } => "iso2709.record-too-large",
            LeaderTooShort { .. } => "iso2709.leader-too-short",
            IndicatorCountInvalid { .. } => "iso2709.indicator-count",
            SubfieldCodeLengthInvalid { .. } => "iso2709.subfield-code-length",
            EntryMapInvalid => "iso2709.entry-map",
            BaseAddressInvalid => "iso2709.base-address-invalid",
            BaseAddressMismatch { .. } => "iso2709.base-address-mismatch",
            DirectoryNoTerminator => "iso2709.directory-no-terminator",
            DirectoryLengthInvalid { .. } => "iso2709.directory-length",
            DirectoryEntryInvalid { .. } => "iso2709.directory-entry-invalid",
            DirectoryNotAscii { .. } => "iso2709.directory-not-ascii",
            FieldStartMismatch { .. } => "iso2709.field-start-mismatch",
            NoFields => "iso2709.no-fields",
            TagInvalid => "iso2709.tag-invalid",
            FieldPastEnd => "iso2709.field-past-end",
            FieldLengthMismatch { .. } => "iso2709.field-length-mismatch",
            MissingFieldTerminator => "iso2709.missing-field-terminator",
            EntriesOutOfOrder => "iso2709.entries-out-of-order",
            FieldsOverlap => "iso2709.fields-overlap",
            MissingIndicators => "iso2709.missing-indicators",
            DataBeforeFirstSubfield { .. } => "iso2709.data-before-subfield",
            MissingSubfieldCode => "iso2709.missing-subfield-code",
            SubfieldCodeInvalid { .. } => "iso2709.subfield-code-invalid",
            InvalidEncoding { .. } => "encoding.invalid-bytes",
            DataAfterLastField { .. } => "iso2709.data-after-last-field",
            FieldWithoutSubfields => "marc.field-without-subfields",
            CharsetMismatch { .. } => "encoding.charset-mismatch",
            DoubleEncoded { .. } => "encoding.double-encoded",
            Mojibake { .. } => "encoding.mojibake",
            EscapeInvalid => "encoding.escape-invalid",
            Unmappable { .. } => "encoding.unmappable",
            ContentBetweenRecords { .. } => "marcxml.content-between-records",
        }
    }
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Damage::*;
        match self {
            JunkBeforeRecord { length } => write!(f, "{length} byte(s) of junk before the record"),
            RecordLengthInvalid => write!(f, "record length (leader/00-04) is not five digits"),
            RecordLengthMismatch { declared, actual } => write!(
                f,
                "leader says the record is {declared} bytes, the record terminator says {actual}"
            ),
            Truncated { length } => write!(
                f,
                "input ends inside the record ({length} bytes, no record terminator)"
            ),
            RecordTooLarge { limit } => write!(f, "no record terminator within {limit} bytes"),
            LeaderTooShort { length } => write!(
                f,
                "record is {length} bytes, shorter than its 24-byte leader"
            ),
            IndicatorCountInvalid { found } => {
                write!(
                    f,
                    "indicator count (leader/10) is {:?}, not '2'",
                    *found as char
                )
            }
            SubfieldCodeLengthInvalid { found } => {
                write!(
                    f,
                    "subfield code length (leader/11) is {:?}, not '2'",
                    *found as char
                )
            }
            EntryMapInvalid => write!(f, "entry map (leader/20-23) is not 4500"),
            BaseAddressInvalid => write!(f, "base address (leader/12-16) is not a valid offset"),
            BaseAddressMismatch { declared, actual } => write!(
                f,
                "base address (leader/12-16) is {declared}, but the directory ends at {actual}"
            ),
            DirectoryNoTerminator => write!(f, "directory has no field terminator"),
            DirectoryLengthInvalid { length } => {
                write!(f, "directory length {length} is not a multiple of 12")
            }
            DirectoryEntryInvalid { index } => {
                write!(
                    f,
                    "directory entry {index} has a length or start that is not digits"
                )
            }
            NoFields => write!(f, "record has no fields"),
            DirectoryNotAscii { byte } => {
                write!(f, "directory holds the non-ASCII byte 0x{byte:02x}")
            }
            FieldStartMismatch { declared, actual } => {
                write!(f, "directory says the field starts at {declared}, the field terminators say {actual}")
            }
            TagInvalid => write!(f, "tag is not three ASCII letters or digits"),
            FieldPastEnd => write!(f, "directory entry points past the end of the record"),
            FieldLengthMismatch { declared, actual } => write!(
                f,
                "directory says the field is {declared} bytes, its terminator says {actual}"
            ),
            MissingFieldTerminator => write!(f, "field has no field terminator"),
            EntriesOutOfOrder => write!(f, "directory entries are not in data order"),
            FieldsOverlap => write!(f, "directory entries overlap"),
            MissingIndicators => write!(f, "data field too short for its two indicators"),
            DataBeforeFirstSubfield { length } => {
                write!(
                    f,
                    "{length} byte(s) between the indicators and the first subfield"
                )
            }
            MissingSubfieldCode => write!(f, "subfield delimiter with no subfield code"),
            SubfieldCodeInvalid { code } => {
                write!(f, "subfield code 0x{code:02x} is not a printable character")
            }
            InvalidEncoding { charset } => write!(f, "bytes that are not valid {charset}"),
            DataAfterLastField { length } => write!(f, "{length} byte(s) after the last field"),
            FieldWithoutSubfields => write!(f, "data field has no subfields"),
            CharsetMismatch {
                declared,
                declaration,
                found,
            } => write!(
                f,
                "{declaration} declares {declared}, but the bytes are {found}; decoded as {found}"
            ),
            DoubleEncoded { via } => write!(
                f,
                "UTF-8 text encoded twice (read as {via}, written as UTF-8 again); decoded back"
            ),
            Mojibake { text } => write!(
                f,
                "text destroyed before this file was written, cannot be recovered: {text:?}"
            ),
            EscapeInvalid => write!(
                f,
                "MARC-8 escape sequence designates no known character set"
            ),
            Unmappable { character, charset } => write!(
                f,
                "U+{:04X} {character:?} cannot be written in {charset}; written as &#x{:04X};",
                *character as u32, *character as u32
            ),
            ContentBetweenRecords { length } => write!(
                f,
                "{length} byte(s) of text or elements other than <record> between records"
            ),
        }
    }
}

/// A problem found in a record and repaired (or only noted); the record is still usable.
///
/// ```
/// use yozuv::{Damage, Position, Warning};
/// let w = Warning { position: Position::new(2, 0), damage: Damage::RecordLengthInvalid };
/// assert_eq!(w.to_string(), "record 2, byte 0: record length (leader/00-04) is not five digits");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// Where.
    pub position: Position,
    /// What.
    pub damage: Damage,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position, self.damage)
    }
}

/// The error type of the `yozuv` crate. Every variant carries a [`Position`].
///
/// ```
/// use yozuv::iso2709::{ReadMode, SliceReader};
/// use yozuv::Error;
///
/// let data = b"00025     2200025   4500\x1d";
/// match SliceReader::new(data, ReadMode::Strict).next().unwrap() {
///     Err(Error::Damaged { position, damage, raw, .. }) => {
///         assert_eq!((position.record, damage.id()), (1, "iso2709.no-fields"));
///         assert_eq!(&raw[..], &data[..]);
///     }
///     other => panic!("expected a damaged record, got {other:?}"),
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A record that cannot be read. `raw` holds its bytes, unchanged, so that a caller
    /// can pass it through; `warnings` holds any other damage found in it.
    #[error("{position}: {damage}")]
    Damaged {
        /// Where the damage is.
        position: Position,
        /// What is wrong.
        damage: Damage,
        /// The bytes of the record as read (from its first byte to its terminator).
        raw: Box<[u8]>,
        /// Other damage found in the same record.
        warnings: Vec<Warning>,
    },
    /// Reading the input failed.
    #[error("{position}: I/O error: {source}")]
    Io {
        /// How far reading got.
        position: Position,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A record that does not fit in ISO 2709 (over 99,999 bytes, or a field over 9,999).
    #[error("{position}: record cannot be written as ISO 2709: {reason}")]
    TooLong {
        /// The record.
        position: Position,
        /// Why.
        reason: String,
        /// The length found: of the field when the position names a tag, else of the record.
        length: usize,
        /// ISO 2709's limit for it (9,999 for a field, 99,999 for a record).
        limit: usize,
    },
    /// Text that is not valid in the record's character set.
    #[error("{position}: cannot decode as {charset}: {detail}")]
    Decode {
        /// Where the bad bytes are.
        position: Position,
        /// The character set.
        charset: String,
        /// What was wrong.
        detail: String,
    },
    /// Text that cannot be written in the target character set or serialization.
    #[error("{position}: cannot encode: {detail}")]
    Encode {
        /// Where.
        position: Position,
        /// What was wrong.
        detail: String,
    },
    /// A serialization (MARCXML, JSON, mnemonic) that is not well formed or not MARC.
    #[error("{position}: {format}: {detail}")]
    Syntax {
        /// Record number and byte offset (and tag/subfield when known).
        position: Position,
        /// The serialization.
        format: &'static str,
        /// What was wrong, with line and column where the format has them.
        detail: String,
        /// The record's source text, when it could be kept.
        raw: Option<Box<[u8]>>,
    },
}

impl Error {
    /// Where the error is.
    ///
    /// ```
    /// use yozuv::iso2709::{ReadMode, SliceReader};
    /// // A leader and a record terminator: a record without fields.
    /// let data = b"00025     2200025   4500\x1d";
    /// let error = SliceReader::new(data, ReadMode::Permissive).next().unwrap().unwrap_err();
    /// assert_eq!(error.position().record, 1);
    /// ```
    pub fn position(&self) -> Position {
        match self {
            Error::Damaged { position, .. }
            | Error::Io { position, .. }
            | Error::TooLong { position, .. }
            | Error::Decode { position, .. }
            | Error::Encode { position, .. }
            | Error::Syntax { position, .. } => *position,
        }
    }

    /// The raw bytes of the record the error is about, when the reader kept them.
    ///
    /// ```
    /// use yozuv::iso2709::{ReadMode, SliceReader};
    /// let data = b"00025     2200025   4500\x1d";
    /// let error = SliceReader::new(data, ReadMode::Permissive).next().unwrap().unwrap_err();
    /// assert_eq!(error.raw_bytes(), Some(&data[..]));
    /// ```
    pub fn raw_bytes(&self) -> Option<&[u8]> {
        match self {
            Error::Damaged { raw, .. } => Some(raw),
            Error::Syntax { raw: Some(raw), .. } => Some(raw),
            _ => None,
        }
    }

    /// The damage, for [`Error::Damaged`].
    ///
    /// ```
    /// use yozuv::iso2709::{ReadMode, SliceReader};
    /// let data = b"00025     2200025   4500\x1d";
    /// let error = SliceReader::new(data, ReadMode::Permissive).next().unwrap().unwrap_err();
    /// assert_eq!(error.damage().map(|d| d.id()), Some("iso2709.no-fields"));
    /// ```
    pub fn damage(&self) -> Option<&Damage> {
        match self {
            Error::Damaged { damage, .. } => Some(damage),
            _ => None,
        }
    }

    /// True for errors about one record, after which reading can go on.
    ///
    /// ```
    /// use yozuv::iso2709::{ReadMode, SliceReader};
    /// let data = b"00025     2200025   4500\x1d";
    /// let error = SliceReader::new(data, ReadMode::Permissive).next().unwrap().unwrap_err();
    /// assert!(error.is_record_error()); // reading can go on with the next record
    /// ```
    pub fn is_record_error(&self) -> bool {
        !matches!(self, Error::Io { .. })
    }
}
