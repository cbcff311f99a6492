//! Reads every record of a file in any serialization (sniffed) and prints how many were
//! read and how many were refused: the yozuv side of the reading benchmarks.
//!
//! `cargo run --release -p yozuv --example count_records -- FILE`

use std::fs::File;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: count_records FILE")?;
    let reader = yozuv::AnyReader::open(File::open(&path)?)?;
    let format = reader.serialization();
    let (mut ok, mut bad, mut fields) = (0u64, 0u64, 0u64);
    for item in reader {
        match item {
            Ok(r) => {
                ok += 1;
                fields += r.fields.len() as u64;
            }
            Err(_) => bad += 1,
        }
    }
    println!("{path}: {format}: {ok} records ({fields} fields), {bad} refused");
    Ok(())
}
