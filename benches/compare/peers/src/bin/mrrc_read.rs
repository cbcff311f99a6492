//! Reads an ISO 2709 file with mrrc's streaming `MarcReader` (owned records) and touches
//! every field and subfield.
//!
//! `RecoveryMode::Lenient`: the corpus holds real records with small flaws (e.g. a 260
//! with three "indicators"); in its default strict mode mrrc stops the stream at the
//! first one (record 1087 of `make-corpus marc21 100`), so it is run the way the other
//! readers are: keep going and salvage what can be salvaged.
use mrrc::{MarcReader, RecoveryMode};
use yozuv_bench_peers::{count_mrrc, input_path, Counts};

fn main() {
    let path = input_path();
    let mut reader = MarcReader::from_path(&path)
        .expect("open input")
        .with_recovery_mode(RecoveryMode::Lenient)
        .with_max_errors(0);
    let mut c = Counts::default();
    loop {
        match reader.read_record() {
            Ok(Some(record)) => count_mrrc(&record, &mut c),
            Ok(None) => break,
            Err(e) => {
                // A stream-level error: the reader cannot go on.
                eprintln!("mrrc: after record {}: {e}", c.records);
                c.errors += 1;
                break;
            }
        }
    }
    c.print("mrrc");
}
