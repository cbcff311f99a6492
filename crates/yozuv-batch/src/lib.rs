//! # yozuv-batch — validation of union-catalog uploads
//!
//! A cataloger's monthly batch (ISO 2709, MARC 21 or UNIMARC/RUSMARC) goes through a streaming
//! engine: one reader thread frames records, a rayon pool validates chunks of them, and results
//! come out in input order whatever the number of threads ([`Validator::run`]). Every problem
//! is a [`Diagnostic`] with a stable rule id (see [`Registry`]), a [`Severity`] from the
//! [`Profile`], and a position (record from 1, byte offset from 0, 001, tag, occurrence,
//! subfield). Whole-batch rules (duplicates) run after the stream. [`report`] writes text,
//! JSON, JSON Lines, JUnit, SARIF and HTML; [`messages`] localizes them in English, Russian
//! and Uzbek (Latin and Cyrillic); [`report::PassThrough`] splits the original bytes into
//! clean and rejected files.
//!
//! ```
//! use yozuv_batch::{CollectEvents, Input, Profile, Registry, RunOptions, Validator};
//! let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
//! let validator = Validator::new(Profile::bundled("marc21", Registry::builtin()).unwrap());
//! let mut events = CollectEvents::default();
//! let input = Input { name: "summerland.mrc".into(), reader: Box::new(std::io::Cursor::new(bytes)) };
//! let summary = validator.run(vec![input], RunOptions::default(), &mut events).unwrap();
//! assert_eq!((summary.records, summary.rejected), (1, 0));
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod diagnostic;
pub mod duplicates;
pub mod engine;
pub mod error;
mod external_sort;
pub mod flavour;
pub mod links;
pub mod messages;
pub mod profile;
pub mod registry;
pub mod report;
pub mod rules;

pub use diagnostic::{Arg, Diagnostic, Location, RecordRef, Severity};
pub use engine::{
    CollectEvents, Events, FileSummary, Input, RecordOutcome, RunOptions, Summary, Validator,
};
pub use error::Error;
pub use flavour::{detect_flavour, Flavour};
pub use messages::Messages;
pub use profile::{FlavourChoice, Profile, Requirement};
pub use registry::{Registry, RuleInfo};
