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
