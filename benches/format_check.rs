//! Definition-driven format checks (`yozuv::format::check`) over decoded records.
//!
//! Corpus: `$YOZUV_BENCH_CORPUS` (e.g. `../shared/bench/make-corpus marc21 20 /tmp/c20.mrc`), or,
//! when unset, the real records in `testdata/formats` and `testdata/iso2709`. Times decoding alone
//! and decoding + flavour detection + `check_record`, as the validation engine does per record
//! (the difference is the cost of the checks, on records still in cache).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use yozuv::format::{check, detect_flavour, Definitions};
use yozuv::iso2709::{ReadMode, SliceReader};
use yozuv::Record;

fn corpus_bytes() -> Vec<u8> {
    let files: Vec<std::path::PathBuf> = match std::env::var_os("YOZUV_BENCH_CORPUS") {
        Some(path) => vec![path.into()],
        None => {
            let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata");
            ["formats", "iso2709"]
                .iter()
                .flat_map(|dir| {
                    std::fs::read_dir(format!("{root}/{dir}"))
                        .into_iter()
                        .flatten()
                })
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x != "txt" && x != "md"))
                .collect()
        }
    };
    let mut bytes = Vec::new();
    for file in files {
        if let Ok(data) = std::fs::read(&file) {
            bytes.extend_from_slice(&data);
        }
    }
    bytes
}

fn decode(bytes: &[u8]) -> impl Iterator<Item = Record> + '_ {
    SliceReader::new(bytes, ReadMode::Permissive)
        .flatten()
        .filter_map(|raw| raw.to_record().ok())
}

fn bench(c: &mut Criterion) {
    let bytes = corpus_bytes();
    let count = decode(&bytes).count();
    let options = check::CheckOptions::default();
    // Parse the definitions outside the timed loop.
    let _ = (
        Definitions::marc21(),
        Definitions::unimarc(),
        Definitions::rusmarc(),
    );
    let mut group = c.benchmark_group("format");
    group.throughput(Throughput::Elements(count as u64));
    group.sample_size(10);
    // Baseline: decoding alone, so that the cost of the checks is the difference.
    group.bench_function("decode", |b| {
        b.iter(|| decode(&bytes).map(|r| r.fields.len()).sum::<usize>())
    });
    group.bench_function("decode+detect+check_record", |b| {
        b.iter(|| {
            let mut findings = 0usize;
            for record in decode(&bytes) {
                let defs = Definitions::for_flavour(detect_flavour(&record).flavour);
                findings += check::check_record(&record, defs, &options).len();
            }
            findings
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
