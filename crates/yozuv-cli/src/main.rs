//! The `yozuv` command-line tool. Exit codes for every command: 0 all records sound,
//! 1 some records damaged or reported, 2 usage or I/O error.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `println!` that returns the write error instead of panicking (a closed pipe, as in
/// `yozuv rules list | head`, ends the command quietly in `main`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}
/// mimalloc: validation allocates many small short-lived strings on several threads at once,
/// where glibc malloc's arena locking and consolidation cost about a fifth of the run. Built
/// with `no_thp`: transparent huge pages would make peak RSS several times larger (stats
/// ~31 MiB instead of ~8 MiB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cmd;
mod input;

/// yozuv — MARC21 and UNIMARC/RUSMARC records: check, convert, repair.
#[derive(Parser)]
#[command(name = "yozuv", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
// Parsed once per run: the size of the largest arguments (validate's) does not matter.
#[allow(clippy::large_enum_variant)]
enum Command {
    /// Print records as MARC mnemonic text (MarcEdit .mrk style).
    Dump(cmd::dump::Args),
    /// Convert records between ISO 2709, MARCXML, MARC-in-JSON and mnemonic text.
    Convert(cmd::convert::Args),
    /// Count records, fields, bytes, errors and warnings per file.
    Stats(cmd::stats::Args),
    /// UDC notations: check, explain, sort; tag records by their 080/675.
    Udc(cmd::udc::Args),
    /// Validate batches of records against a profile; write reports; split clean/rejected.
    Validate(cmd::validate::Args),
    /// List and explain the validation rules.
    Rules(cmd::rules::Args),
    /// Repair apostrophes, homoglyphs and NFC in the text subfields of ISO 2709 records.
    Normalize(cmd::normalize::Args),
    /// Uzbek text on plain lines: fix, translit, key.
    Text(cmd::text::Args),
}

/// What a command reports back to `main`.
pub enum Outcome {
    /// Every record sound.
    Clean,
    /// Some records damaged or reported.
    Problems,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Dump(args) => cmd::dump::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Convert(args) => cmd::convert::run(args),
        Command::Udc(args) => cmd::udc::run(args),
        Command::Validate(args) => cmd::validate::run(args),
        Command::Rules(args) => cmd::rules::run(args),
        Command::Normalize(args) => cmd::normalize::run(args),
        Command::Text(args) => cmd::text::run(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        // The reader of our output went away (`yozuv … | head`): not an error of ours.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("yozuv: {e:#}");
            ExitCode::from(2)
        }
    }
}
