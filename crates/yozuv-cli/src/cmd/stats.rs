//! `yozuv stats`: records, fields, bytes, errors and warnings per file.

use serde::Serialize;
use yozuv::iso2709::{ReadMode, Reader};

use crate::{input, Outcome};

/// Arguments of `yozuv stats`.
#[derive(clap::Args)]
pub struct Args {
    /// ISO 2709 files (`-` for standard input).
    #[arg(required = true)]
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Refuse damaged records instead of repairing what can be repaired.
    #[arg(long)]
    strict: bool,
    /// Also decode every record as this character set and count the bytes that are
    /// not valid in it as warnings (without it, records are not decoded).
    #[arg(long, value_name = "CHARSET")]
    assume_charset: Option<yozuv::encoding::Charset>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Default, Serialize, Clone, Copy)]
struct Counts {
    records: u64,
    fields: u64,
    subfields: u64,
    bytes: u64,
    errors: u64,
    warnings: u64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.records += o.records;
        self.fields += o.fields;
        self.subfields += o.subfields;
        self.bytes += o.bytes;
        self.errors += o.errors;
        self.warnings += o.warnings;
    }
}

fn count(
    path: &str,
    mode: ReadMode,
    assume: Option<yozuv::encoding::Charset>,
) -> anyhow::Result<Counts> {
    let mut c = Counts::default();
    let mut reader = Reader::new(input::open(path)?, mode);
    while let Some(item) = reader.next_raw() {
        c.records += 1;
        match item {
            Ok(raw) => {
                c.bytes += raw.as_bytes().len() as u64;
                c.warnings += raw.warnings().len() as u64;
                for f in raw.fields() {
                    c.fields += 1;
                    // Parse every subfield: this is what the read benchmark times.
                    c.subfields += f.subfields().count() as u64;
                }
                if let Some(charset) = assume {
                    let record = raw.decode(&yozuv::encoding::DecodeOptions::assume(charset))?;
                    c.warnings += (record.warnings.len() - raw.warnings().len()) as u64;
                }
            }
            Err(e) if e.is_record_error() => {
                c.errors += 1;
                c.bytes += e.raw_bytes().map_or(0, |b| b.len() as u64);
            }
            Err(e) => return Err(e.into()),
        }
    }
    c.warnings += reader.junk().len() as u64;
    c.bytes += reader.junk().iter().map(|&(_, n)| n as u64).sum::<u64>();
    Ok(c)
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let mode = if args.strict {
        ReadMode::Strict
    } else {
        ReadMode::Permissive
    };
    let mut total = Counts::default();
    let mut per_file = Vec::new();
    for path in &args.files {
        let c = count(path, mode, args.assume_charset)?;
        total.add(&c);
        per_file.push((path.clone(), c));
    }
    match args.format {
        Format::Json => {
            let value = if per_file.len() == 1 {
                serde_json::to_value(total)?
            } else {
                let files: serde_json::Map<_, _> = per_file
                    .iter()
                    .map(|(p, c)| (p.clone(), serde_json::to_value(c).unwrap()))
                    .collect();
                serde_json::json!({ "files": files, "total": total })
            };
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        Format::Text => {
            println!(
                "{:>9} {:>10} {:>11} {:>12} {:>7} {:>9}  file",
                "records", "fields", "subfields", "bytes", "errors", "warnings"
            );
            let line = |c: &Counts, name: &str| {
                println!(
                    "{:>9} {:>10} {:>11} {:>12} {:>7} {:>9}  {name}",
                    c.records, c.fields, c.subfields, c.bytes, c.errors, c.warnings
                )
            };
            for (p, c) in &per_file {
                line(c, p);
            }
            if per_file.len() > 1 {
                line(&total, "total");
            }
        }
    }
    Ok(if total.errors + total.warnings > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
