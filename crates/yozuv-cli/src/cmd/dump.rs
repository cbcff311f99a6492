//! `yozuv dump`: records as mnemonic text.

use std::io::{self, BufWriter, Write};

use yozuv::iso2709::{ReadMode, Reader};

use crate::{input, Outcome};

/// Arguments of `yozuv dump`.
#[derive(clap::Args)]
pub struct Args {
    /// ISO 2709 files (`-` for standard input).
    #[arg(required = true)]
    files: Vec<String>,
    /// Refuse damaged records instead of repairing what can be repaired.
    #[arg(long)]
    strict: bool,
    /// Decode every record as this character set, whatever it declares or holds
    /// (utf-8, marc-8, iso-5426, iso-5427, iso-5428, iso-8859-5, windows-1251, koi8-r, cp866, ...).
    #[arg(long, value_name = "CHARSET")]
    assume_charset: Option<yozuv::encoding::Charset>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mode = if args.strict {
        ReadMode::Strict
    } else {
        ReadMode::Permissive
    };
    let mut problems = false;
    let decode = yozuv::encoding::DecodeOptions {
        assume: args.assume_charset,
        ..Default::default()
    };
    for path in &args.files {
        let mut reader = Reader::new(input::open(path)?, mode);
        while let Some(item) = reader.next_raw() {
            match item.and_then(|raw| raw.decode(&decode)) {
                Ok(record) => {
                    for w in &record.warnings {
                        problems = true;
                        eprintln!("{path}: warning: {w}");
                    }
                    out.write_all(yozuv::mnemonic::to_string(&record).as_bytes())?;
                    out.write_all(b"\n")?;
                }
                Err(e) if e.is_record_error() => {
                    problems = true;
                    eprintln!("{path}: error: {e}");
                }
                Err(e) => return Err(e.into()),
            }
        }
        if let Some((offset, len)) = reader.trailing_junk() {
            problems = true;
            eprintln!(
                "{path}: warning: {len} byte(s) of junk after the last record, at byte {offset}"
            );
        }
    }
    out.flush()?;
    Ok(if problems {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
