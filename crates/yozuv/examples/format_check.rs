//! Runs the definition-driven format checks over ISO 2709 files and prints the findings
//! (used for the closing note's comparison with MARC::Lint).
//!
//! `cargo run -p yozuv --example format_check -- [--flavour marc21|unimarc|rusmarc] [--summary] FILE...`

use std::collections::BTreeMap;

use yozuv::format::{check, detect_flavour, Definitions, Flavour};
use yozuv::iso2709::{ReadMode, SliceReader};

fn main() {
    let mut flavour = None;
    let mut summary = false;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--flavour" => flavour = args.next().and_then(|f| Flavour::from_name(&f)),
            "--summary" => summary = true,
            "--time" => {
                for file in args.by_ref() {
                    time_file(&file);
                }
                return;
            }
            _ => files.push(a),
        }
    }
    let options = check::CheckOptions::default();
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    for file in files {
        let Ok(data) = std::fs::read(&file) else {
            eprintln!("cannot read {file}");
            continue;
        };
        for (n, raw) in SliceReader::new(&data, ReadMode::Permissive).enumerate() {
            let Ok(raw) = raw else {
                println!("{file}\t{}\tunreadable", n + 1);
                continue;
            };
            let Ok(record) = raw.to_record() else {
                continue;
            };
            let guess = detect_flavour(&record);
            let fl = flavour.unwrap_or(guess.flavour);
            let defs = Definitions::for_flavour(fl);
            for f in check::check_record(&record, defs, &options) {
                let key = format!(
                    "{} {} {}",
                    f.id,
                    f.tag.map(|t| t.as_str().to_string()).unwrap_or_default(),
                    f.get("reason").or(f.get("element")).unwrap_or("")
                );
                *totals.entry(key).or_default() += 1;
                if !summary {
                    let args: Vec<String> =
                        f.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    println!(
                        "{file}\t{}\t{}\t{}\t{}\t{:?}\t{}",
                        n + 1,
                        record.id().unwrap_or(""),
                        fl,
                        f.id,
                        f.subfield.map(char::from),
                        args.join(" ")
                    );
                }
            }
        }
    }
    if summary {
        for (k, v) in totals {
            println!("{v:6} {k}");
        }
    }
}

/// CPU seconds (user + system) of this process so far, from /proc/self/stat (Linux, 100 Hz).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(") ").next().unwrap_or("");
    let fields: Vec<&str> = after.split(' ').collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// `--time FILE`: CPU time of decoding alone vs decoding + detection + checks, 5 passes each
/// (CPU time rather than wall time, since the machine is shared).
fn time_file(file: &str) {
    let Ok(data) = std::fs::read(file) else {
        return;
    };
    let options = check::CheckOptions::default();
    let _ = (
        Definitions::marc21(),
        Definitions::unimarc(),
        Definitions::rusmarc(),
    );
    let decode = || {
        SliceReader::new(&data, ReadMode::Permissive)
            .flatten()
            .filter_map(|raw| raw.to_record().ok())
    };
    let records = decode().count();
    let start = cpu_seconds();
    let mut fields = 0;
    for _ in 0..5 {
        fields += decode().map(|r| r.fields.len()).sum::<usize>();
    }
    let decode_only = (cpu_seconds() - start) / 5.0;
    let start = cpu_seconds();
    let mut findings = 0;
    for _ in 0..5 {
        for record in decode() {
            let defs = Definitions::for_flavour(detect_flavour(&record).flavour);
            findings += check::check_record(&record, defs, &options).len();
        }
    }
    let with_checks = (cpu_seconds() - start) / 5.0;
    println!(
        "{file}: {records} records ({fields} fields x5), {} findings per pass; CPU per pass: decode {decode_only:.3} s, decode+detect+check {with_checks:.3} s, checks {:.3} s = {:.2} us/record",
        findings / 5,
        with_checks - decode_only,
        (with_checks - decode_only) / records as f64 * 1e6
    );
}
