//! A tour of `yozuv` for integrators.
//!
//! This module holds no code: it is a guided walk through the library, from raw ISO 2709
//! bytes to checked, normalised records. Every example below is a doc test that runs
//! against the files in the repository's `testdata/` directory, so what you read here is
//! what the library does.
//!
//! 1. [Reading ISO 2709](#reading-iso-2709)
//! 2. [Damaged records](#damaged-records)
//! 3. [Character sets](#character-sets)
//! 4. [The `Record` model](#the-record-model)
//! 5. [Writing records](#writing-records)
//! 6. [Reading any serialization](#reading-any-serialization)
//! 7. [Uzbek text](#uzbek-text)
//! 8. [Format definitions and checks](#format-definitions-and-checks)
//!
//! # Reading ISO 2709
//!
//! ISO 2709 (the `.mrc`/`.iso` "MARC exchange" format) is a sequence of records, each a
//! 24-byte leader, a directory and the field data, ended by the record terminator `0x1D`.
//! There are two readers in [`crate::iso2709`]:
//!
//! * [`Reader`](crate::iso2709::Reader) streams from any [`std::io::Read`] (a file, standard
//!   input, a socket). As an [`Iterator`] it yields owned [`Record`](crate::Record)s.
//! * [`SliceReader`](crate::iso2709::SliceReader) reads records out of a byte slice you already
//!   hold (a memory-mapped file, a buffer from the network) and yields borrowed
//!   [`RawRecord`](crate::RawRecord)s without copying.
//!
//! The simplest loop reads owned records:
//!
//! ```
//! use std::fs::File;
//! use yozuv::iso2709::{ReadMode, Reader};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc");
//! let reader = Reader::new(File::open(path)?, ReadMode::Permissive);
//! let mut titles = Vec::new();
//! for result in reader {
//!     let record = result?;
//!     titles.push(record.first_subfield("245", b'a').unwrap_or_default().to_string());
//! }
//! assert_eq!(titles, ["Summerland /"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Building a [`Record`](crate::Record) decodes every field into `String`s. When you only need
//! a few fields of each record (counting, routing, extracting an identifier) use
//! [`Reader::next_raw`](crate::iso2709::Reader::next_raw): it lends you a
//! [`RawRecord`](crate::RawRecord) that points into the reader's buffer, so nothing is copied or
//! decoded until you ask for it. Because the record borrows the reader, `next_raw` is a
//! `while let` loop rather than a `for` loop:
//!
//! ```
//! use yozuv::iso2709::{ReadMode, Reader};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/samples/rsl-marc21.mrc");
//! let mut reader = Reader::new(std::fs::File::open(path)?, ReadMode::Permissive);
//! let mut ids = Vec::new();
//! while let Some(result) = reader.next_raw() {
//!     let raw = result?;
//!     // A field's data is a byte slice into the buffer; 001 holds no subfields.
//!     if let Some(field) = raw.field("001") {
//!         ids.push(String::from_utf8_lossy(field.data()).into_owned());
//!     }
//! }
//! assert_eq!(ids.len(), 7);
//! assert_eq!(ids[0], "002986566");
//! assert_eq!(reader.records_read(), 7);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The raw view also gives each field's tag, indicators and subfields as bytes, and the
//! byte offset of everything in the input:
//!
//! ```
//! use yozuv::iso2709::{ReadMode, SliceReader};
//!
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc"))?;
//! let raw = SliceReader::new(&data, ReadMode::Strict).next().unwrap()?;
//! assert_eq!(raw.leader().record_length(), Some(714));
//! assert_eq!(raw.leader().base_address(), Some(205));
//! // The directory runs from the end of the 24-byte leader to the field terminator just
//! // before the base address: (205 - 24 - 1) / 12 = 15 entries of 12 bytes.
//! assert_eq!(raw.fields().len(), 15);
//!
//! let title = raw.field("245").unwrap();
//! assert_eq!(title.indicators(), Some(*b"10"));
//! let subfields: Vec<(u8, &[u8])> = title.subfields().collect();
//! assert_eq!(subfields, [(b'a', &b"Summerland /"[..]), (b'c', &b"Michael Chabon."[..])]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`ReadMode`](crate::iso2709::ReadMode) says what to do with a record whose structure is
//! damaged but can be read (a leader with a bad base address, a field length that is off by
//! one, …):
//!
//! * `ReadMode::Permissive` repairs what can be repaired, reads the record and attaches a
//!   [`Warning`](crate::Warning) saying what was wrong and where;
//! * `ReadMode::Strict` refuses such a record with an [`Error`](crate::Error).
//!
//! Records that cannot be read at all are errors in both modes. The next section shows both
//! modes on the same damaged file.
//!
//! # Damaged records
//!
//! A damaged record never ends the stream. The reader yields an
//! [`Error`](crate::Error) for it and goes on with the next record. Every error knows
//!
//! * its [`Position`](crate::Position): the record number (from 1) and the byte offset in
//!   the input (from 0), and where known the tag and subfield code;
//! * its [`Damage`](crate::Damage), whose [`id`](crate::Damage::id) is stable, so you can
//!   count or filter on it;
//! * the record's raw bytes ([`Error::raw_bytes`](crate::Error::raw_bytes)), so a pipeline can
//!   pass the record through untouched or put it in a "rejected" file for a human.
//!
//! `testdata/samples/damaged.mrc` is pymarc's `bad_records.mrc`: eight records, followed by a
//! stray newline. All but the seventh are 127 or 128 bytes long; the fifth has a two-byte UTF-8
//! character in its directory; the seventh is only 26 bytes: a leader, an empty directory and
//! the two terminators.
//!
//! ```
//! use yozuv::iso2709::{ReadMode, SliceReader};
//!
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/samples/damaged.mrc"))?;
//! let mut reader = SliceReader::new(&data, ReadMode::Permissive);
//! let mut good = Vec::new();
//! let mut rejected: Vec<u8> = Vec::new();
//! let mut problems = Vec::new();
//! for result in &mut reader {
//!     match result {
//!         Ok(raw) => good.push((raw.number(), raw.warnings().len())),
//!         Err(error) => {
//!             let position = error.position();
//!             problems.push((position.record, position.byte, error.damage().map(|d| d.id())));
//!             // Keep the bytes exactly as they came, for a rejected-records file.
//!             rejected.extend_from_slice(error.raw_bytes().unwrap_or_default());
//!         }
//!     }
//! }
//! // Record 4: base address 38 leaves 13 bytes of directory, not a multiple of 12; the
//! // directory starts after the leader, at 381 + 24.
//! // Record 5 holds the bytes C3 B9 in its directory; record 7 has no directory at all.
//! assert_eq!(problems, [
//!     (4, 405, Some("iso2709.directory-length")),
//!     (5, 536, Some("iso2709.directory-not-ascii")),
//!     (7, 788, Some("iso2709.no-fields")),
//! ]);
//! assert_eq!(rejected.len(), 128 + 128 + 26);
//! // Records 2, 3 and 6 have a base address that is not a number or points past the end:
//! // permissive mode reads them anyway, with a warning each.
//! assert_eq!(good, [(1, 0), (2, 1), (3, 1), (6, 1), (8, 0)]);
//! // The newline after the last record is reported as junk: (offset, length).
//! assert_eq!(reader.trailing_junk(), Some((917, 1)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! In strict mode the three repairable records become errors too, and the warning's
//! position tells where: leader/12, the base address, of record 2 (which starts at byte
//! 127) is byte 139.
//!
//! ```
//! use yozuv::iso2709::{ReadMode, SliceReader};
//!
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/samples/damaged.mrc"))?;
//! let errors: Vec<String> = SliceReader::new(&data, ReadMode::Strict)
//!     .filter_map(Result::err)
//!     .map(|e| e.to_string())
//!     .collect();
//! assert_eq!(errors.len(), 6);
//! assert!(errors[0].starts_with("record 2, byte 139:"), "{}", errors[0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Character sets
//!
//! The leader says how a MARC 21 record is encoded (leader/09: blank for MARC-8, `a` for
//! UTF-8; UNIMARC says it in 100$a/26-29), and in real catalogs it is often wrong: Windows-1251
//! records that declare MARC-8, UTF-8 that was encoded twice. [`RawRecord::decode`] looks at
//! the bytes, decides what they are, decodes with that, and leaves a warning where the
//! declaration and the bytes disagree. [`RawRecord::to_record`] is `decode` with
//! [`DecodeOptions::default`](crate::encoding::DecodeOptions):
//!
//! [`RawRecord::to_record`]: crate::RawRecord::to_record
//! [`RawRecord::decode`]: crate::RawRecord::decode
//!
//! ```
//! use yozuv::encoding::{Charset, DecodeOptions};
//! use yozuv::iso2709::{ReadMode, SliceReader};
//!
//! // MARC 21 records from a Russian library: leader/09 is blank (MARC-8), the text is Windows-1251.
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/samples/marc21-cp1251-udc.mrc"))?;
//! let raw = SliceReader::new(&data, ReadMode::Permissive).next().unwrap()?;
//! assert_eq!(raw.leader().coding_scheme(), b' ');
//!
//! let options = DecodeOptions::default();
//! let detection = raw.detect_charset(&options);
//! assert_eq!(detection.declared.charset, Some(Charset::Marc8));
//! assert_eq!(detection.found, Charset::Cp1251);
//!
//! let record = raw.decode(&options)?;
//! assert_eq!(record.first_subfield("245", b'a'), Some("Основы гидравлического расчета инженерных сетей"));
//! assert_eq!(record.first_subfield("080", b'a'), Some("624.01:532.5(075.8)"));
//! let ids: Vec<&str> = record.warnings.iter().map(|w| w.damage.id()).collect();
//! assert_eq!(ids, ["encoding.charset-mismatch"]);
//! assert_eq!(raw.to_record()?, record);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! When you know better than the detector (a supplier who always sends CP866, say), fix the
//! charset with [`DecodeOptions::assume`](crate::encoding::DecodeOptions::assume); invalid bytes
//! are still reported (as U+FFFD and an `encoding.invalid-bytes` warning), never dropped:
//!
//! ```
//! use yozuv::encoding::{Charset, DecodeOptions};
//! use yozuv::iso2709::{ReadMode, SliceReader};
//!
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/samples/nlr-rusmarc-cp1251.iso"))?;
//! let options = DecodeOptions::assume(Charset::Cp1251);
//! let mut titles = Vec::new();
//! for raw in SliceReader::new(&data, ReadMode::Permissive) {
//!     let record = raw?.decode(&options)?;
//!     titles.push(record.first_subfield("200", b'a').unwrap_or_default().to_string());
//! }
//! assert_eq!(titles.len(), 61);
//! assert_eq!(titles[1], "Задачи и этюды");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`crate::encoding`] also has the building blocks: [`decode_bytes`](crate::encoding::decode_bytes)
//! for one byte string, [`Charset::from_name`](crate::encoding::Charset::from_name) for the names
//! the CLI accepts, and [`encode_record`](crate::encoding::encode_record) to write MARC-8.
//!
//! # The `Record` model
//!
//! A [`Record`](crate::Record) is a [`Leader`](crate::Leader), a `Vec` of
//! [`Field`](crate::Field)s in record order, and the [`Warning`](crate::Warning)s found while
//! reading it. A field is either a control field (tag `001`–`009`: a tag and a value) or a
//! data field (a tag, two [`Indicators`](crate::Indicators) and [`Subfield`](crate::Subfield)s).
//! All text is UTF-8. Everything is public and plain, so you can build records by hand:
//!
//! ```
//! use yozuv::{Field, Indicators, Leader, Record, Subfield};
//!
//! let mut record = Record::new(Leader::default());
//! record.push(Field::control("001", "uz-000042"));
//! record.push(Field::data("245", Indicators::new(b'1', b'0'), vec![
//!     Subfield::new(b'a', "Oʻtkan kunlar /"),
//!     Subfield::new(b'c', "Abdulla Qodiriy."),
//! ]));
//! record.push(Field::data("650", Indicators::new(b' ', b'7'), vec![Subfield::new(b'a', "Roman")]));
//! record.push(Field::data("650", Indicators::new(b' ', b'7'), vec![Subfield::new(b'a', "Oʻzbek adabiyoti")]));
//!
//! assert_eq!(record.id(), Some("uz-000042"));
//! assert_eq!(record.first_subfield("245", b'c'), Some("Abdulla Qodiriy."));
//! let subjects: Vec<&str> = record.fields_by_tag("650").filter_map(|f| f.subfield(b'a')).collect();
//! assert_eq!(subjects, ["Roman", "Oʻzbek adabiyoti"]);
//!
//! let title = record.field("245").unwrap();
//! assert_eq!(title.tag(), "245");
//! assert_eq!(title.indicators().map(|i| i.first()), Some(b'1'));
//! assert!(record.field("001").unwrap().is_control());
//! ```
//!
//! # Writing records
//!
//! [`Record::to_iso2709`](crate::Record::to_iso2709) computes the leader's record length and
//! base address and the directory. Reading a well-formed UTF-8 record and writing it back
//! gives the same bytes:
//!
//! ```
//! use yozuv::iso2709::{ReadMode, Reader, Writer};
//!
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc"))?;
//! let record = Reader::new(&data[..], ReadMode::Strict).next().unwrap()?;
//! assert_eq!(record.to_iso2709()?, data);
//!
//! // A Writer does the same for a stream of records.
//! let mut writer = Writer::new(Vec::new());
//! writer.write(&record)?;
//! writer.write(&record)?;
//! assert_eq!(writer.into_inner().len(), 2 * 714);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! MARCXML, MARC-in-JSON and MarcEdit mnemonic text each have a `to_string` for one record
//! and a `Writer` for many:
//!
//! ```
//! use yozuv::iso2709::{ReadMode, SliceReader};
//! use yozuv::{json, marcxml, mnemonic};
//!
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc"))?;
//! let record = SliceReader::new(&data, ReadMode::Strict).next().unwrap()?.to_record()?;
//!
//! let mrk = mnemonic::to_string(&record);
//! assert!(mrk.starts_with("=LDR  00714cam a2200205 a 4500\n"));
//! assert!(mrk.contains("=245  10$aSummerland /$cMichael Chabon.\n"));
//! assert!(mrk.contains("=020  \\\\$a0786808772\n")); // blank indicators are written `\`
//!
//! let xml = marcxml::to_string(&record);
//! assert!(xml.contains(r#"<datafield tag="245" ind1="1" ind2="0">"#));
//! assert!(xml.contains(r#"<subfield code="a">Summerland /</subfield>"#));
//!
//! let value: serde_json::Value = serde_json::from_str(&json::to_string(&record))?;
//! assert_eq!(value["leader"], "00714cam a2200205 a 4500");
//! assert_eq!(value["fields"][0]["001"], "12883376");
//!
//! let mut writer = marcxml::Writer::new(Vec::new());
//! writer.write(&record)?;
//! let collection = String::from_utf8(writer.finish()?)?;
//! assert!(collection.contains("<collection"));
//! assert_eq!(collection.matches("<record").count(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Reading any serialization
//!
//! [`AnyReader`](crate::AnyReader) looks at the first bytes of its input, picks the reader for
//! ISO 2709, MARCXML, MARC-in-JSON or mnemonic text, and yields
//! `Result<Record, Error>` whatever the input was. The same record from MARCXML and from ISO 2709
//! compares equal:
//!
//! ```
//! use std::fs::File;
//! use yozuv::{AnyReader, Serialization};
//!
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/serial/");
//! let mut from_xml = AnyReader::open(File::open(format!("{dir}marc4j-summerland.xml"))?)?;
//! assert_eq!(from_xml.serialization(), Serialization::MarcXml);
//! let mut from_mrc = AnyReader::open(File::open(format!("{dir}marc4j-summerland.mrc"))?)?;
//! assert_eq!(from_mrc.serialization(), Serialization::Iso2709);
//!
//! let a = from_xml.next().unwrap()?;
//! let b = from_mrc.next().unwrap()?;
//! assert_eq!(a.first_subfield("245", b'a'), Some("Summerland /"));
//! assert_eq!(a.fields, b.fields);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Uzbek text
//!
//! Uzbek Latin writes oʻ and gʻ with U+02BB (ʻ) and the tutuq with U+02BC (ʼ); catalogs hold
//! every apostrophe look-alike instead (`'`, `’`, `‘`, `` ` ``), and words typed with a mix of
//! Latin and Cyrillic letters that look the same. [`text::fix`](crate::text::fix) repairs both,
//! and says what it changed, where, and by which rule:
//!
//! ```
//! use yozuv::text::{fix, FixOptions};
//!
//! let input = "Oʻzbekiston Respublikasi qonunchiligi to’plami";
//! let fixed = fix(input, &FixOptions::default());
//! assert_eq!(fixed.text, "Oʻzbekiston Respublikasi qonunchiligi toʻplami");
//! assert_eq!(fixed.fixes.len(), 1);
//! let change = &fixed.fixes[0];
//! // Offsets are bytes into the input: the right single quotation mark (3 bytes in UTF-8) after "to".
//! assert_eq!((change.start, change.end), (41, 44));
//! assert_eq!(&input[change.start..change.end], "’");
//! assert_eq!(change.after, "ʻ");
//!
//! // "Тошкент" typed with a Latin "o": the Cyrillic letters around it decide.
//! let fixed = fix("Тoшкент", &FixOptions::default());
//! assert_eq!(fixed.text, "Тошкент");
//!
//! // Nothing to do: the input comes back borrowed.
//! assert!(fix("Alisher Navoiy", &FixOptions::default()).is_unchanged());
//! ```
//!
//! Where the evidence is not enough the text is left alone and a [`Flag`](crate::text::Flag)
//! says why. [`text::normalize_record`](crate::text::normalize_record) runs the same repairs over
//! the text subfields of a whole record.
//!
//! Transliteration follows the 1995 Uzbek Cyrillic ⇄ Latin rules, and
//! [`search_key`](crate::text::key::search_key) gives one matching key for a title in either
//! script and with any apostrophe (for deduplication and search, never for display):
//!
//! ```
//! use yozuv::text::key::search_key;
//! use yozuv::text::translit::{to_cyrillic, to_latin};
//!
//! assert_eq!(to_latin("Ўзбекистон Республикаси").text, "Oʻzbekiston Respublikasi");
//! assert_eq!(to_latin("Шоир").text, "Shoir");
//! assert_eq!(to_cyrillic("G'afur G'ulom").text, "Ғафур Ғулом");
//!
//! assert_eq!(search_key("Ғафур Ғулом"), search_key("G‘afur G‘ulom"));
//! ```
//!
//! # Format definitions and checks
//!
//! [`crate::format`] knows the MARC 21, UNIMARC and RUSMARC bibliographic formats as data:
//! each tag's name, repeatability, indicators and subfields, the fixed positions and the code
//! lists. [`detect_flavour`](crate::format::detect_flavour) tells which format a record is in
//! from its content (the leader is not trusted for that), and
//! [`check_record`](crate::format::check::check_record) returns the places where a record
//! breaks its format's definition, each with a stable id:
//!
//! ```
//! use yozuv::format::{check, detect_flavour, Definitions, Flavour};
//! use yozuv::iso2709::{ReadMode, SliceReader};
//! use yozuv::{Field, Indicators, Subfield};
//!
//! let defs = Definitions::marc21();
//! let title = defs.field_str("245").unwrap();
//! assert!(title.name.eq_ignore_ascii_case("Title Statement"));
//! assert!(!title.repeatable);
//!
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc"))?;
//! let mut record = SliceReader::new(&data, ReadMode::Strict).next().unwrap()?.to_record()?;
//! assert_eq!(detect_flavour(&record).flavour, Flavour::Marc21);
//!
//! // 245 may occur once only: a second one is a finding.
//! record.push(Field::data("245", Indicators::new(b'1', b'0'), vec![Subfield::new(b'a', "Again")]));
//! let findings = check::check_record(&record, defs, &check::CheckOptions::default());
//! let repeated: Vec<_> = findings.iter().filter(|f| f.id == check::ids::FIELD_NOT_REPEATABLE).collect();
//! assert_eq!(repeated.len(), 1);
//! assert_eq!(repeated[0].tag.map(|t| t.to_string()), Some("245".to_string()));
//! assert_eq!(repeated[0].occurrence, Some(2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! RUSMARC records are recognised by their content (801 $a `RU`, an `RU\…` record identifier):
//!
//! ```
//! use yozuv::encoding::DecodeOptions;
//! use yozuv::format::{detect_flavour, Flavour};
//! use yozuv::iso2709::{ReadMode, SliceReader};
//!
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/samples/nlr-rusmarc-cp1251.iso"))?;
//! let raw = SliceReader::new(&data, ReadMode::Permissive).next().unwrap()?;
//! let record = raw.decode(&DecodeOptions::default())?;
//! assert_eq!(record.id(), Some(r"RU\NLR\bibl\3415"));
//! assert_eq!(detect_flavour(&record).flavour, Flavour::Rusmarc);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The validation engine that turns findings into reports with profiles, severities and
//! messages in four languages is the `yozuv-batch` crate; the `yozuv` command line puts it all
//! together (`yozuv validate`, `yozuv normalize`, `yozuv udc check`).
