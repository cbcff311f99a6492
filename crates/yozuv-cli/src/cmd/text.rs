//! `yozuv text`: the text rules on plain lines — `fix`, `translit --to latn|cyrl`, `key`.
//!
//! Each reads lines from files (or `-`, standard input, the default) and writes one line per input line, or with
//! `--explain` one JSON object per line: `{"input", "output", "fixes": [{start, end, before, after, rule}],
//! "flags": [...]}`. Exit code 1 when some text was flagged for review (left unchanged), 0 otherwise.

use std::io::{self, BufRead, BufReader, BufWriter, Write};

use serde::Serialize;
use yozuv::text::{self, Fix, FixOptions, Flag, Lang};

use crate::{input, Outcome};

/// Arguments of `yozuv text`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: TextCommand,
}

#[derive(clap::Subcommand)]
enum TextCommand {
    /// Repair apostrophes, mixed-script (homoglyph) words and NFC, one line at a time.
    Fix(FixArgs),
    /// Transliterate Uzbek Cyrillic ⇄ Latin (1995 rules).
    Translit(TranslitArgs),
    /// Print the search/dedup key of each line.
    Key(CommonArgs),
}

#[derive(clap::Args)]
struct CommonArgs {
    /// Input files (`-` for standard input, the default).
    files: Vec<String>,
    /// Write JSON Lines with the changes instead of plain lines.
    #[arg(long)]
    explain: bool,
}

#[derive(clap::Args)]
struct FixArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// What to repair (comma-separated): apostrophes, homoglyphs, nfc.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "apostrophes,homoglyphs,nfc"
    )]
    fix: Vec<FixKind>,
    /// Language of the text: auto, uzb, uz-Latn, uz-Cyrl, rus, kaz, eng (MARC or ISO 639 codes).
    #[arg(long, default_value = "auto")]
    lang: String,
    /// Also rewrite Roman numerals typed with Cyrillic look-alikes (ХІV → XIV); by default they are only flagged.
    #[arg(long)]
    roman_numerals: bool,
}

/// One kind of repair for `--fix`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FixKind {
    /// Canonical oʻ/gʻ and tutuq marks in Uzbek Latin.
    Apostrophes,
    /// Mixed Latin/Cyrillic look-alike letters.
    Homoglyphs,
    /// Unicode NFC.
    Nfc,
}

/// Fix options from `--fix` and `--lang`.
pub fn fix_options(kinds: &[FixKind], lang: &str, roman_numerals: bool) -> FixOptions {
    FixOptions {
        apostrophes: kinds.contains(&FixKind::Apostrophes),
        homoglyphs: kinds.contains(&FixKind::Homoglyphs),
        nfc: kinds.contains(&FixKind::Nfc),
        roman_numerals,
        lang: Lang::from_code(lang),
        script: None,
    }
}

#[derive(clap::Args)]
struct TranslitArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Target script.
    #[arg(long, value_enum)]
    to: Target,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Target {
    /// Uzbek Latin.
    Latn,
    /// Uzbek Cyrillic.
    Cyrl,
}

#[derive(Serialize)]
struct Explained<'a> {
    input: &'a str,
    output: &'a str,
    fixes: &'a [Fix],
    flags: &'a [Flag],
}

/// Calls `each` with every line of every input (without its line ending) and the ending to write back.
fn for_each_line(
    files: &[String],
    mut each: impl FnMut(&str, &str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let stdin = vec!["-".to_string()];
    let files = if files.is_empty() { &stdin } else { files };
    let mut buf = Vec::new();
    for path in files {
        let mut reader = BufReader::with_capacity(1 << 16, input::open(path)?);
        loop {
            buf.clear();
            if reader.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            let mut end = buf.len();
            if buf[..end].ends_with(b"\n") {
                end -= 1;
            }
            if buf[..end].ends_with(b"\r") {
                end -= 1;
            }
            let line = String::from_utf8_lossy(&buf[..end]);
            let ending = if end + 2 == buf.len() { "\r\n" } else { "\n" };
            each(&line, ending)?;
        }
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut flagged = false;
    match args.command {
        TextCommand::Fix(a) => {
            let options = fix_options(&a.fix, &a.lang, a.roman_numerals);
            for_each_line(&a.common.files, |line, ending| {
                let fixed = text::fix(line, &options);
                flagged |= !fixed.flags.is_empty();
                emit(
                    &mut out,
                    a.common.explain,
                    line,
                    &fixed.text,
                    &fixed.fixes,
                    &fixed.flags,
                    ending,
                )
            })?;
        }
        TextCommand::Translit(a) => {
            for_each_line(&a.common.files, |line, ending| {
                let t = match a.to {
                    Target::Latn => text::translit::to_latin(line),
                    Target::Cyrl => text::translit::to_cyrillic(line),
                };
                flagged |= !t.ambiguous.is_empty();
                emit(
                    &mut out,
                    a.common.explain,
                    line,
                    &t.text,
                    &t.fixes,
                    &t.ambiguous,
                    ending,
                )
            })?;
        }
        TextCommand::Key(a) => {
            for_each_line(&a.files, |line, ending| {
                let key = text::key::search_key(line);
                emit(&mut out, a.explain, line, &key, &[], &[], ending)
            })?;
        }
    }
    out.flush()?;
    Ok(if flagged {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

fn emit(
    out: &mut impl Write,
    explain: bool,
    input: &str,
    output: &str,
    fixes: &[Fix],
    flags: &[Flag],
    ending: &str,
) -> anyhow::Result<()> {
    if explain {
        serde_json::to_writer(
            &mut *out,
            &Explained {
                input,
                output,
                fixes,
                flags,
            },
        )?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(output.as_bytes())?;
        out.write_all(ending.as_bytes())?;
    }
    Ok(())
}
