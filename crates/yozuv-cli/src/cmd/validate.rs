//! `yozuv validate`: checks batches of records against a profile, writes reports, and splits
//! the original bytes into clean and rejected files.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::sync::Arc;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use yozuv_batch::engine::Container;
use yozuv_batch::report::{self, Destination, Fanout, Format, PassThrough, ReportContext, Sink};
use yozuv_batch::{
    Events, Input, Messages, Profile, RecordOutcome, Registry, RunOptions, Severity, Summary,
    Validator,
};

use crate::{input, Outcome};

/// Arguments of `yozuv validate`.
#[derive(clap::Args)]
pub struct Args {
    /// ISO 2709 files (`-` for standard input).
    #[arg(required = true)]
    files: Vec<String>,
    /// Decode every record as this character set, whatever it declares (utf-8, marc-8,
    /// iso-5426, iso-5427, iso-5428, iso-8859-5, windows-1251, koi8-r, cp866, …). Without
    /// it, each record is decoded by its bytes and its declaration is checked.
    #[arg(long, value_name = "CHARSET")]
    assume_charset: Option<yozuv::encoding::Charset>,
    /// Profile: a bundled name (marc21, unimarc, rusmarc, uz-unicat, uz-unicat-strict, ru-skbr) or a
    /// TOML file (which may start from another with `extends`).
    #[arg(long, short = 'p', default_value = "uz-unicat")]
    profile: String,
    /// Report format written to standard output (default text; with -o and no --format,
    /// nothing goes to standard output).
    #[arg(long, short = 'f', value_parser = ["text", "json", "jsonl", "junit", "sarif", "html"])]
    format: Option<String>,
    /// Also write a report to a file: FORMAT=PATH (repeatable).
    #[arg(long = "output", short = 'o', value_name = "FORMAT=PATH")]
    outputs: Vec<String>,
    /// Message language: en, ru, uz-Latn, uz-Cyrl (default from LC_ALL, LC_MESSAGES, LANG).
    #[arg(long)]
    lang: Option<String>,
    /// Write the original bytes of records without errors here.
    #[arg(long, value_name = "OUT")]
    clean: Option<String>,
    /// Write the original bytes of records with errors here. MARCXML/JSON records that are
    /// not even well-formed go to OUT.unreadable instead, so that OUT stays readable (with
    /// `-`, standard output, they stay among the others).
    #[arg(long, value_name = "OUT")]
    rejected: Option<String>,
    /// Exit with 1 when diagnostics of this severity (or worse) were found.
    #[arg(long, default_value = "error", value_parser = ["error", "warning", "info"])]
    fail_on: String,
    /// Worker threads (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    jobs: usize,
    /// Memory for each whole-batch index (duplicates, links) before it spills sorted runs to
    /// temporary files, in MiB. More memory means fewer temporary files on huge batches.
    #[arg(long, value_name = "MIB", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=4096))]
    index_memory: u32,
    /// Directory for those temporary files (default: TMPDIR or the system's). They have no
    /// name and vanish when yozuv ends, even if it is killed.
    #[arg(long, value_name = "DIR")]
    temp_dir: Option<std::path::PathBuf>,
    /// Colour in the text report: auto (when standard output is a terminal and NO_COLOR is
    /// unset), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    color: String,
    /// No progress bar (it is shown only when standard error is a terminal anyway).
    #[arg(long)]
    quiet: bool,
    /// Check every record as this format (its definitions and flavour) instead of detecting
    /// it per record.
    #[arg(long, value_parser = ["marc21", "unimarc", "rusmarc"])]
    flavour: Option<String>,
    /// A MarcEdit rules file (marcrules.txt / unimarcrules.txt) whose field definitions replace
    /// the built-in ones for the format checks (like the profile key `marcedit_rules`).
    #[arg(long, value_name = "FILE")]
    rules_file: Option<String>,
    /// Local fields in MarcEdit rules form added to the definitions (like the profile key
    /// `local_fields`).
    #[arg(long, value_name = "FILE")]
    local_fields: Option<String>,
    /// Control numbers of records already in the main base, so that links to them
    /// (`link.target-missing`: 4XX $1 001…, 773 $w) are not reported: a text file with one 001
    /// per line (`#` comments and blank lines skipped), or a file of records (ISO 2709,
    /// MARCXML, …) whose 001s are taken. Repeatable; like the profile key `known_ids`. Read
    /// streaming after the batch: memory stays flat however long it is.
    #[arg(long, value_name = "FILE")]
    known_ids: Vec<std::path::PathBuf>,
    /// The main base's export (records: ISO 2709, MARCXML, MARC-in-JSON or mnemonic text):
    /// batch records whose 001, ISBN or match key (title, author, year) a main-base record
    /// has are reported (`duplicate.main-base-*`: "add a copy instead of a new record").
    /// Repeatable; like the profile key `main_base`. Read streaming after the batch, keys
    /// sorted on disk: memory stays flat however large it is.
    #[arg(long, value_name = "FILE")]
    main_base: Vec<std::path::PathBuf>,
}

/// The language from the environment.
pub fn env_language() -> &'static str {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return yozuv_batch::messages::language_from_locale(&v);
            }
        }
    }
    "en"
}

fn create(path: &str) -> anyhow::Result<Box<dyn Write + Send>> {
    if path == "-" {
        return Ok(Box::new(BufWriter::new(io::stdout())));
    }
    let f = File::create(path).with_context(|| format!("cannot create {path}"))?;
    Ok(Box::new(BufWriter::with_capacity(256 * 1024, f)))
}

/// Opens `clean.xml` beside `clean.mrc` (and so on) for inputs whose serialization differs
/// from the first input's: their records keep their own bytes in a document of their own kind.
fn sibling_opener(clean: Option<String>, rejected: Option<String>) -> Box<report::OpenOutput> {
    let mut used: Vec<std::path::PathBuf> = [&clean, &rejected]
        .into_iter()
        .flatten()
        .map(std::path::PathBuf::from)
        .collect();
    // The rejected file of each serialization opened here (the first input's is `rejected`).
    let mut rejected_paths: Vec<(Container, std::path::PathBuf)> = Vec::new();
    Box::new(move |destination, container| {
        let io_error =
            |detail: String| yozuv_batch::Error::io("writing records", io::Error::other(detail));
        if destination == Destination::Unreadable {
            // Rejected records that are not well-formed XML / JSON: beside their rejected file,
            // which then stays a readable document.
            let rejected_path = match rejected_paths.iter().find(|(c, _)| c == container) {
                Some((_, path)) => path.clone(),
                None => match rejected.as_deref() {
                    Some(base) if base != "-" => std::path::PathBuf::from(base),
                    _ => {
                        return Err(io_error(
                            "no rejected file to put unreadable records beside".into(),
                        ))
                    }
                },
            };
            let mut name = rejected_path.clone().into_os_string();
            name.push(".unreadable");
            let path = std::path::PathBuf::from(name);
            let file = File::create(&path).map_err(|e| {
                yozuv_batch::Error::io(format!("cannot create {}", path.display()), e)
            })?;
            eprintln!(
                "yozuv: rejected records that are not well-formed {} go to {} (their bytes as in \
                 the input), so that {} stays readable",
                match container {
                    Container::Json { .. } => "JSON",
                    _ => "XML",
                },
                path.display(),
                rejected_path.display()
            );
            return Ok(Box::new(BufWriter::with_capacity(64 * 1024, file)) as Box<dyn Write + Send>);
        }
        let base = match destination {
            Destination::Clean => clean.as_deref(),
            _ => rejected.as_deref(),
        };
        let base = match base {
            Some(base) if base != "-" => std::path::Path::new(base),
            _ => {
                return Err(io_error(
                    "--clean/--rejected on standard output cannot take inputs of different \
                     serializations; write them to files"
                        .into(),
                ))
            }
        };
        let (extension, kind) = match container {
            Container::Iso2709 => ("mrc", "ISO 2709"),
            Container::MarcXml { .. } => ("xml", "MARCXML"),
            Container::Json { array: true } => ("json", "MARC-in-JSON"),
            Container::Json { array: false } => ("jsonl", "MARC-in-JSON Lines"),
            Container::Mnemonic => ("mrk", "mnemonic"),
        };
        let mut path = base.with_extension(extension);
        let stem = base
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let mut n = 2;
        while used.contains(&path) {
            path = base.with_file_name(format!("{stem}-{n}.{extension}"));
            n += 1;
        }
        used.push(path.clone());
        if destination == Destination::Rejected {
            rejected_paths.push((container.clone(), path.clone()));
        }
        let file = File::create(&path)
            .map_err(|e| yozuv_batch::Error::io(format!("cannot create {}", path.display()), e))?;
        eprintln!(
            "yozuv: {} records of {kind} inputs go to {} (their own bytes, in their own format)",
            match destination {
                Destination::Clean => "clean",
                _ => "rejected",
            },
            path.display()
        );
        Ok(Box::new(BufWriter::with_capacity(256 * 1024, file)) as Box<dyn Write + Send>)
    })
}

/// A progress bar over the input bytes, on standard error.
struct Progress {
    bar: ProgressBar,
}

impl Events for Progress {
    fn record(&mut self, outcome: &RecordOutcome, _bytes: &[u8]) -> Result<(), yozuv_batch::Error> {
        self.bar.inc(outcome.length);
        Ok(())
    }
}

impl Sink for Progress {
    fn finish(&mut self, _summary: &Summary) -> Result<(), yozuv_batch::Error> {
        self.bar.finish_and_clear();
        Ok(())
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let registry = Registry::builtin();
    let mut profile = Profile::load(&args.profile, registry)?;
    if let Some(name) = &args.flavour {
        if let Some(format) = yozuv::format::Flavour::from_name(name) {
            profile.force_format(format);
        }
    }
    if let Some(path) = &args.rules_file {
        profile.import_marcedit_rules(std::path::Path::new(path))?;
    }
    if let Some(path) = &args.local_fields {
        profile.add_local_fields(std::path::Path::new(path))?;
    }
    for path in &args.known_ids {
        profile.add_known_ids(path)?;
    }
    for path in &args.main_base {
        profile.add_main_base(path)?;
    }
    let lang = args
        .lang
        .clone()
        .unwrap_or_else(|| env_language().to_string());
    let messages = Arc::new(Messages::new(&lang)?);
    let context = ReportContext {
        names: args.files.clone(),
        messages,
        registry: registry.clone(),
        profile: profile.name.clone(),
        html_max_records: profile.thresholds.html_max_records,
    };
    if args.files.iter().filter(|f| *f == "-").count() > 1 {
        bail!("standard input (-) can be read only once");
    }

    // Reports: --format to stdout (default text unless -o is given), plus each -o.
    let mut targets: Vec<(Format, String)> = Vec::new();
    for o in &args.outputs {
        let Some((f, path)) = o.split_once('=') else {
            bail!("-o wants FORMAT=PATH, got {o:?}");
        };
        let Some(format) = Format::parse(f) else {
            bail!("unknown report format {f:?} (text, json, jsonl, junit, sarif, html)");
        };
        targets.push((format, path.to_string()));
    }
    match (&args.format, targets.is_empty()) {
        (Some(f), _) => targets.push((Format::parse(f).unwrap_or(Format::Text), "-".into())),
        (None, true) => targets.push((Format::Text, "-".into())),
        (None, false) => {}
    }
    if targets.iter().filter(|(_, p)| p == "-").count() > 1 {
        bail!("only one report can go to standard output");
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut fanout = Fanout::default();
    let mut keep_mnemonic = false;
    let mut keep_args = false;
    for (format, path) in &targets {
        let color = match args.color.as_str() {
            "always" => true,
            "never" => false,
            _ => path == "-" && io::stdout().is_terminal() && !no_color,
        };
        keep_mnemonic |= *format == Format::Html;
        keep_args |= matches!(*format, Format::Json | Format::Jsonl);
        fanout.sinks.push(report::sink(
            *format,
            create(path)?,
            context.clone(),
            color,
        )?);
    }
    if args.clean.is_some() || args.rejected.is_some() {
        let clean = args.clean.as_deref().map(create).transpose()?;
        let rejected = args.rejected.as_deref().map(create).transpose()?;
        let opener = sibling_opener(args.clean.clone(), args.rejected.clone());
        let mut pass = PassThrough::new(clean, rejected).with_opener(opener);
        if args.rejected.as_deref() == Some("-") {
            // Nowhere beside standard output: records that are not well-formed stay there.
            pass = pass.keep_unreadable_in_rejected();
        }
        fanout.sinks.push(Box::new(pass));
    }

    let mut inputs = Vec::new();
    let mut total = 0u64;
    for path in &args.files {
        if path != "-" {
            total += std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        }
        inputs.push(Input {
            name: path.clone(),
            reader: input::open(path)?,
        });
    }
    if !args.quiet && io::stderr().is_terminal() {
        let bar = if args.files.iter().any(|f| f == "-") {
            ProgressBar::new_spinner()
        } else {
            ProgressBar::new(total)
        };
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
        ) {
            bar.set_style(style);
        }
        fanout.sinks.push(Box::new(Progress { bar }));
    }

    let mut validator = Validator::new(profile)
        .with_messages(context.messages.clone())
        .with_duplicate_options(yozuv_batch::duplicates::DuplicateOptions {
            memory: args.index_memory as usize * (1 << 20),
            temp_dir: args.temp_dir.clone(),
        });
    if let Some(charset) = args.assume_charset {
        let options = yozuv::encoding::DecodeOptions::assume(charset);
        validator = validator.with_decoder(
            std::sync::Arc::new(
                move |raw: &yozuv::RawRecord<'_>, record: &mut yozuv::Record| {
                    raw.decode_into(&options, record)
                },
            ),
            true,
        );
    }
    let options = RunOptions {
        jobs: args.jobs,
        keep_mnemonic,
        keep_args,
        ..RunOptions::default()
    };
    let summary = validator.run(inputs, options, &mut fanout)?;
    fanout.finish(&summary)?;
    for read in validator.main_base_read() {
        // Only what needs saying: a main base that compared nothing, or skipped records.
        if read.records == 0 || read.unreadable > 0 {
            eprintln!(
                "yozuv: main base {}: {} records compared, {} unreadable records skipped",
                read.name, read.records, read.unreadable
            );
        }
    }

    let threshold = Severity::parse(&args.fail_on).unwrap_or(Severity::Error);
    let failed = summary.errors > 0
        || (threshold <= Severity::Warning && summary.warnings > 0)
        || (threshold <= Severity::Info && summary.infos > 0);
    Ok(if failed {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
