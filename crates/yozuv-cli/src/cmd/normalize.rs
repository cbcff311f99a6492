//! `yozuv normalize IN -o OUT`: apostrophes, homoglyphs and NFC in the text subfields of ISO 2709 records.
//!
//! Only text subfields change (see `crates/yozuv/data/text/text-subfields.tsv`); lengths and directory are
//! recomputed by the writer; a record without changes and a damaged record are copied byte for byte (damaged ones
//! are reported on standard error). Records that are not UTF-8 are copied unchanged and reported too. `--audit` writes one JSON line per change or report: record number, 001, tag,
//! occurrence, subfield, before, after, rule. Exit 1 when some record was damaged or some text flagged for review.

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::Context;
use yozuv::iso2709::{ReadMode, Reader, Writer};
use yozuv::text::{normalize_record, Flavor, NormalizeOptions};

use super::text::{fix_options, FixKind};
use crate::{input, Outcome};

/// Arguments of `yozuv normalize`.
#[derive(clap::Args)]
pub struct Args {
    /// ISO 2709 input (`-` for standard input).
    input: String,
    /// ISO 2709 output.
    #[arg(short, long)]
    output: String,
    /// What to repair (comma-separated): apostrophes, homoglyphs, nfc.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "apostrophes,homoglyphs,nfc"
    )]
    fix: Vec<FixKind>,
    /// JSON Lines audit file: one line per change or report.
    #[arg(long)]
    audit: Option<String>,
    /// Language of all records (default: from 008/35-37 or 101$a of each record).
    #[arg(long, default_value = "auto")]
    lang: String,
    /// Record flavour (default: detected per record).
    #[arg(long, value_enum)]
    flavor: Option<FlavorArg>,
    /// Also rewrite Roman numerals typed with Cyrillic look-alikes.
    #[arg(long)]
    roman_numerals: bool,
    /// Refuse damaged records instead of repairing what can be repaired (they are still passed through).
    #[arg(long)]
    strict: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FlavorArg {
    Marc21,
    Unimarc,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let options = NormalizeOptions {
        fix: fix_options(&args.fix, &args.lang, args.roman_numerals),
        flavor: args.flavor.map(|f| match f {
            FlavorArg::Marc21 => Flavor::Marc21,
            FlavorArg::Unimarc => Flavor::Unimarc,
        }),
    };
    let mode = if args.strict {
        ReadMode::Strict
    } else {
        ReadMode::Permissive
    };
    let out =
        File::create(&args.output).with_context(|| format!("cannot create {}", args.output))?;
    let mut writer = Writer::new(BufWriter::new(out));
    let mut audit = match &args.audit {
        Some(p) => Some(BufWriter::new(
            File::create(p).with_context(|| format!("cannot create {p}"))?,
        )),
        None => None,
    };
    let mut reader = Reader::new(input::open(&args.input)?, mode);
    let (mut records, mut changed, mut changes, mut damaged, mut flagged) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut skipped = 0u64;
    while let Some(item) = reader.next_raw() {
        records += 1;
        let number = records;
        match item {
            Ok(raw) => {
                let bytes = raw.as_bytes();
                // Only UTF-8 records are rewritten: a record in MARC-8, CP1251, ISO 5426… would come back through
                // the lossy UTF-8 decoder with replacement characters, so it is copied unchanged and reported.
                let marc21_not_unicode = raw.fields().any(|f| f.tag() == "245" || f.tag() == "008")
                    && raw.leader().coding_scheme() != b'a';
                if std::str::from_utf8(bytes).is_err() || marc21_not_unicode {
                    skipped += 1;
                    eprintln!(
                        "{}: record {number}: not UTF-8, passed through unchanged (convert it to UTF-8 first)",
                        args.input
                    );
                    writer.write_raw(bytes)?;
                    continue;
                }
                // A record the reader had to repair is not rewritten: its repair is a guess
                // the cataloger should see, so it goes through unchanged and is reported.
                if let Some(w) = raw.warnings().first() {
                    damaged += 1;
                    eprintln!(
                        "{}: record {number}: passed through unchanged: {w}",
                        args.input
                    );
                    writer.write_raw(bytes)?;
                    continue;
                }
                let mut record = match raw.to_record() {
                    Ok(r) => r,
                    Err(e) => {
                        damaged += 1;
                        eprintln!(
                            "{}: record {number}: passed through unchanged: {e}",
                            args.input
                        );
                        writer.write_raw(bytes)?;
                        continue;
                    }
                };
                let fixes = normalize_record(&mut record, number, &options);
                let applied = fixes.iter().filter(|f| f.applied).count() as u64;
                flagged += fixes.len() as u64 - applied;
                if let Some(a) = audit.as_mut() {
                    for f in &fixes {
                        serde_json::to_writer(&mut *a, f)?;
                        a.write_all(b"\n")?;
                    }
                }
                if applied == 0 {
                    writer.write_raw(bytes)?;
                } else {
                    changed += 1;
                    changes += applied;
                    writer.write(&record)?;
                }
            }
            Err(e) if e.is_record_error() => {
                damaged += 1;
                eprintln!(
                    "{}: record {number}: passed through unchanged: {e}",
                    args.input
                );
                if let Some(bytes) = e.raw_bytes() {
                    writer.write_raw(bytes)?;
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    writer.flush()?;
    if let Some(mut a) = audit {
        a.flush()?;
    }
    eprintln!(
        "{}: {records} records, {changed} changed ({changes} fixes), {flagged} reports, {damaged} damaged, {skipped} not UTF-8",
        args.input
    );
    Ok(if damaged + flagged + skipped > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
