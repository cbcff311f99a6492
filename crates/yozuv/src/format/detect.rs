//! Which format a record is in: MARC 21, UNIMARC or RUSMARC, from its content.

use std::borrow::Cow;

use super::Flavour;
use crate::{Field, Record};

/// The answer of [`detect_flavour`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlavourGuess {
    /// The most likely flavour.
    pub flavour: Flavour,
    /// Whether the evidence is clear (strong signs for one side, none or weak ones for the other).
    pub confident: bool,
    /// What was seen, for a diagnostic when the guess is unsure (static text: nothing is
    /// allocated per record but the vector).
    pub evidence: Vec<Cow<'static, str>>,
}

fn is_unimarc_100(field: &Field) -> bool {
    // UNIMARC 100 $a: 36 characters of general processing data beginning with a date yyyymmdd.
    field.subfield(b'a').is_some_and(|a| {
        let b = a.as_bytes();
        b.len() >= 24 && b.iter().take(8).all(u8::is_ascii_digit)
    })
}

/// Guesses the flavour of a record from its fields:
///
/// * MARC 21: a 40-character 008, a 245 title, a 1XX name heading, 040 cataloging source;
/// * UNIMARC: 100 $a general processing data (a date then coded data), a 200 title, 801
///   originating source, 101 language;
/// * RUSMARC rather than UNIMARC: 801 $a `RU`, an `RU\…` record identifier, 100$a/22-24 `rus`
///   or the RUSMARC Windows-1251 character set `89` in 100$a/26-29.
///
/// The leader is not used as evidence: files labelled UNIMARC often carry MARC 21 leaders and
/// the other way round.
///
/// ```
/// use yozuv::format::{detect_flavour, Flavour};
/// use yozuv::iso2709::{ReadMode, SliceReader};
///
/// let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
/// let record = SliceReader::new(&data, ReadMode::Permissive).next().unwrap().unwrap().to_record().unwrap();
/// let guess = detect_flavour(&record);
/// assert_eq!(guess.flavour, Flavour::Marc21);
/// assert!(guess.confident);
/// ```
pub fn detect_flavour(record: &Record) -> FlavourGuess {
    let mut marc21 = 0u32;
    let mut unimarc = 0u32;
    let mut russian = 0u32;
    let mut evidence = Vec::new();
    let (mut seen_008, mut seen_245, mut seen_200, mut seen_100, mut seen_801, mut seen_040) =
        (false, false, false, false, false, false);
    for field in &record.fields {
        let tag = field.tag();
        match tag.as_bytes() {
            b"008" if !seen_008 => {
                seen_008 = true;
                if field.value().is_some_and(|v| v.chars().count() == 40) {
                    marc21 += 3;
                    evidence.push("008 is a 40-character control field (MARC 21)".into());
                } else if field.is_control() {
                    marc21 += 1;
                    evidence.push("008 is a control field (MARC 21)".into());
                }
            }
            b"245" if !seen_245 && field.subfield(b'a').is_some() => {
                seen_245 = true;
                marc21 += 3;
                evidence.push("245 $a title statement (MARC 21)".into());
            }
            b"040" if !seen_040 && !field.is_control() => {
                seen_040 = true;
                marc21 += 1;
                evidence.push("040 cataloging source (MARC 21)".into());
            }
            b"100" if !seen_100 => {
                seen_100 = true;
                if is_unimarc_100(field) {
                    unimarc += 3;
                    evidence.push("100 $a general processing data (UNIMARC)".into());
                    let a = field.subfield(b'a').unwrap_or("");
                    if a.get(22..25) == Some("rus") {
                        russian += 1;
                        evidence.push("100$a/22-24 cataloguing language rus (RUSMARC)".into());
                    }
                    if a.get(26..28) == Some("89") || a.get(28..30) == Some("89") {
                        russian += 1;
                        evidence
                            .push("100$a/26-29 character set 89 = Windows-1251 (RUSMARC)".into());
                    }
                } else if field.subfield(b'a').is_some() {
                    marc21 += 2;
                    evidence.push("100 $a personal name heading (MARC 21)".into());
                }
            }
            b"200" if !seen_200 && field.subfield(b'a').is_some() => {
                seen_200 = true;
                unimarc += 3;
                evidence.push("200 $a title proper (UNIMARC)".into());
            }
            b"801" if !seen_801 => {
                seen_801 = true;
                unimarc += 1;
                evidence.push("801 originating source (UNIMARC)".into());
                if field.subfield(b'a').is_some_and(|a| a.trim() == "RU") {
                    russian += 1;
                    evidence.push("801 $a RU (RUSMARC)".into());
                }
            }
            b"001" if field.value().is_some_and(|v| v.starts_with("RU\\")) => {
                russian += 1;
                evidence.push("001 RU\\… record identifier (RUSMARC)".into());
            }
            _ => {}
        }
    }
    let (flavour, winner, loser) = if marc21 > unimarc {
        (Flavour::Marc21, marc21, unimarc)
    } else if unimarc > 0 {
        (
            if russian > 0 {
                Flavour::Rusmarc
            } else {
                Flavour::Unimarc
            },
            unimarc,
            marc21,
        )
    } else {
        evidence.push("no distinguishing fields; MARC 21 assumed".into());
        (Flavour::Marc21, 0, 0)
    };
    FlavourGuess {
        flavour,
        confident: winner >= 3 && loser <= 1,
        evidence,
    }
}
