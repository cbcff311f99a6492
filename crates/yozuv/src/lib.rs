//! # yozuv — bibliographic records for library systems
//!
//! `yozuv` reads, writes, decodes and checks MARC 21 and UNIMARC/RUSMARC records.
//! The flow of a record:
//!
//! ```text
//! bytes ─► iso2709::Reader ─► RawRecord<'buf> (borrowed, zero-copy) ─► decode ─► Record (owned, UTF-8)
//! ```
//!
//! A damaged record never stops a stream: readers yield an [`Error`] that carries the
//! [`Position`] of the damage and the record's raw bytes, and go on with the next record.
//!
//! ```
//! use yozuv::iso2709::{ReadMode, SliceReader};
//!
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
//! for raw in SliceReader::new(&data, ReadMode::Permissive) {
//!     let record = raw.unwrap().to_record().unwrap();
//!     assert_eq!(record.first_subfield("245", b'a'), Some("Summerland /"));
//! }
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod any;
pub mod encoding;
pub mod error;
pub mod field;
pub mod format;
pub mod iso2709;
pub mod json;
pub mod leader;
pub mod marcxml;
pub mod mnemonic;
pub mod position;
pub mod raw;
pub mod record;
pub mod tag;
#[cfg(test)]
mod test_data;
pub mod text;
pub mod tutorial;

pub use any::{detect_format, AnyReader, Serialization};
pub use error::{Damage, Error, Warning};
pub use field::{Field, Indicators, Subfield};
pub use leader::Leader;
pub use position::Position;
pub use raw::RawRecord;
pub use record::Record;
pub use tag::Tag;

/// ISO 2709 record terminator (IS3).
pub const RECORD_TERMINATOR: u8 = 0x1D;
/// ISO 2709 field terminator (IS2).
pub const FIELD_TERMINATOR: u8 = 0x1E;
/// ISO 2709 subfield delimiter (IS1).
pub const SUBFIELD_DELIMITER: u8 = 0x1F;
