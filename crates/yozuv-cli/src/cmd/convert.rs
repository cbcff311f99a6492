//! `yozuv convert`: records from one serialization to another.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use anyhow::Context;
use yozuv::encoding::{encode_record, Charset, Flavor};
use yozuv::format::detect_flavour;
use yozuv::iso2709::ReadMode;
use yozuv::{json, marcxml, mnemonic, AnyReader, Record, Serialization};

use crate::{input, Outcome};

/// The output serializations.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum To {
    /// ISO 2709 (UTF-8).
    Mrc,
    /// MARCXML (MARC 21 slim collection).
    Xml,
    /// MARC-in-JSON, one JSON array.
    Json,
    /// MARC-in-JSON, one record per line (JSON Lines).
    Jsonl,
    /// Mnemonic text (MarcEdit .mrk).
    Mrk,
}

/// The input serializations.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// ISO 2709.
    Mrc,
    /// MARCXML or MarcXchange.
    Xml,
    /// MARC-in-JSON (array, object or JSON Lines).
    Json,
    /// Mnemonic text (.mrk, MARCMaker).
    Mrk,
}

/// Arguments of `yozuv convert`.
#[derive(clap::Args)]
pub struct Args {
    /// Input file (`-` for standard input). Its format is detected from its content.
    input: String,
    /// Output file (standard output if not given).
    #[arg(short, long)]
    output: Option<String>,
    /// Output format.
    #[arg(long, value_enum)]
    to: To,
    /// Input format, when detection should be overridden.
    #[arg(long, value_enum)]
    from: Option<From>,
    /// Skip damaged records, report them and go on (the default).
    #[arg(long, default_value_t = true)]
    keep_going: bool,
    /// Stop at the first damaged record (exit 1; records before it are written).
    #[arg(long)]
    fail_fast: bool,
    /// Refuse ISO 2709 records with repairable damage instead of repairing them.
    #[arg(long)]
    strict: bool,
    /// Character set of ISO 2709 output. Leader/09 (MARC 21) or 100$a/26-29 (UNIMARC)
    /// is set to match and lengths are recomputed. MARC-8 output is MARC 21 only;
    /// characters MARC-8 cannot hold are written as `&#xXXXX;` and reported.
    #[arg(long, value_enum, default_value = "utf-8")]
    encoding: OutputEncoding,
}

/// Character set of ISO 2709 output.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputEncoding {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "marc-8")]
    Marc8,
}

enum Sink<W: Write> {
    Mrc(W, Charset),
    Xml(marcxml::Writer<W>),
    Json(json::Writer<W>),
    Mrk(mnemonic::Writer<W>),
}

impl<W: Write> Sink<W> {
    /// Writes one record; returns how many characters had to be escaped (MARCXML).
    fn write(&mut self, record: &Record) -> Result<usize, yozuv::Error> {
        match self {
            Sink::Mrc(w, charset) => {
                // The declaration must say what the bytes are: encode_record sets
                // leader/09 or 100$a/26-29 for the record's flavour.
                let flavor = if detect_flavour(record).flavour.is_unimarc_family() {
                    Flavor::Unimarc
                } else {
                    Flavor::Marc21
                };
                let (bytes, warnings) = encode_record(record, *charset, flavor)?;
                w.write_all(&bytes).map_err(|source| yozuv::Error::Io {
                    position: yozuv::Position::default(),
                    source,
                })?;
                Ok(warnings.len())
            }
            Sink::Xml(w) => w.write(record),
            Sink::Json(w) => w.write(record).map(|()| 0),
            Sink::Mrk(w) => w.write(record).map(|()| 0),
        }
    }

    fn finish(self) -> Result<(), yozuv::Error> {
        match self {
            Sink::Mrc(mut w, _) => w.flush().map_err(|source| yozuv::Error::Io {
                position: yozuv::Position::default(),
                source,
            }),
            Sink::Xml(w) => w.finish().map(drop),
            Sink::Json(w) => w.finish().map(drop),
            Sink::Mrk(w) => w.finish().map(drop),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let from = args.from.map(|f| match f {
        From::Mrc => Serialization::Iso2709,
        From::Xml => Serialization::MarcXml,
        From::Json => Serialization::Json,
        From::Mrk => Serialization::Mnemonic,
    });
    let mode = if args.strict {
        ReadMode::Strict
    } else {
        ReadMode::Permissive
    };
    let name = args.input.as_str();
    let mut reader = AnyReader::open_with(input::open(name)?, from, mode)
        .with_context(|| format!("cannot read {name}"))?;
    let out: Box<dyn Write> = match &args.output {
        None => Box::new(io::stdout().lock()),
        Some(path) => {
            Box::new(File::create(path).with_context(|| format!("cannot create {path}"))?)
        }
    };
    let out = BufWriter::with_capacity(256 * 1024, out);
    if args.encoding == OutputEncoding::Marc8 && !matches!(args.to, To::Mrc) {
        anyhow::bail!("--encoding marc-8 applies to ISO 2709 output (--to mrc) only");
    }
    let mut sink = match args.to {
        To::Mrc => Sink::Mrc(
            out,
            match args.encoding {
                OutputEncoding::Utf8 => Charset::Utf8,
                OutputEncoding::Marc8 => Charset::Marc8,
            },
        ),
        To::Xml => Sink::Xml(marcxml::Writer::new(out)),
        To::Json => Sink::Json(json::Writer::new(out, json::Style::Array)),
        To::Jsonl => Sink::Json(json::Writer::new(out, json::Style::Lines)),
        To::Mrk => Sink::Mrk(mnemonic::Writer::new(out)),
    };
    let keep_going = args.keep_going && !args.fail_fast;
    let mut problems = 0u64;
    let mut written = 0u64;
    let mut number = 0u64;
    for item in reader.by_ref() {
        number += 1;
        match item {
            Ok(record) => {
                for w in &record.warnings {
                    problems += 1;
                    eprintln!("{name}: warning: {w}");
                }
                match sink.write(&record) {
                    Ok(0) => written += 1,
                    Ok(n) => {
                        written += 1;
                        problems += 1;
                        if matches!(args.to, To::Mrc) {
                            eprintln!(
                                "{name}: warning: record {number}: {n} character(s) that MARC-8 cannot hold, written as &#xXXXX;"
                            );
                        } else {
                            eprintln!(
                                "{name}: warning: record {number}: {n} character(s) that XML 1.0 cannot hold, written as <?{} XX?>",
                                marcxml::CHAR_PI_TARGET
                            );
                        }
                    }
                    Err(e @ yozuv::Error::Io { .. }) => return Err(e.into()),
                    Err(e) => {
                        problems += 1;
                        eprintln!("{name}: error: record {number} not written: {e}");
                        if !keep_going {
                            break;
                        }
                    }
                }
            }
            Err(e) if e.is_record_error() => {
                problems += 1;
                eprintln!("{name}: error: {e} (record skipped)");
                if !keep_going {
                    break;
                }
            }
            Err(e) => return Err(anyhow::Error::new(e).context(format!("cannot read {name}"))),
        }
    }
    for (offset, len) in reader.junk() {
        problems += 1;
        eprintln!("{name}: warning: {len} byte(s) of junk at byte {offset}");
    }
    if let Some((offset, len)) = reader.xml_trailing_junk() {
        problems += 1;
        eprintln!(
            "{name}: warning: {len} byte(s) of text or elements other than <record> after the last record, at byte {offset}"
        );
    }
    if number == 0 {
        problems += 1;
        eprintln!(
            "{name}: warning: no records found when reading it as {}",
            reader.serialization()
        );
    }
    sink.finish().context("cannot write the output")?;
    eprintln!(
        "{name}: {} -> {}: {written} record(s) written, {problems} problem(s) reported",
        reader.serialization(),
        match args.to {
            To::Mrc => "ISO 2709",
            To::Xml => "MARCXML",
            To::Json => "MARC-in-JSON",
            To::Jsonl => "MARC-in-JSON lines",
            To::Mrk => "mnemonic text",
        }
    );
    Ok(if problems > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
