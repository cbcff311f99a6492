//! Decoding a MARC-8 corpus to UTF-8 records (issue 5's benchmark).
//!
//! The corpus is `../shared/bench/make-corpus marc8 50 FILE` (50 MB of real MARC-8
//! records); set `YOZUV_BENCH_MARC8=FILE` to use an existing one, otherwise it is made
//! once at `target/bench-marc8-50.mrc`.
//!
//! Run: `cargo bench -p yozuv --bench marc8`; the peers: `python3 benches/marc8_peers.py mrrc|pymarc FILE`.

use std::path::PathBuf;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use yozuv::encoding::DecodeOptions;
use yozuv::iso2709::{ReadMode, SliceReader};

fn corpus() -> Vec<u8> {
    let path = std::env::var_os("YOZUV_BENCH_MARC8").map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/bench-marc8-50.mrc"
            ))
        },
        PathBuf::from,
    );
    if !path.exists() {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/bench/make-corpus"
        );
        let status = Command::new("python3")
            .arg(script)
            .args(["marc8", "50"])
            .arg(&path)
            .status()
            .expect("python3 to run make-corpus");
        assert!(status.success(), "make-corpus failed");
    }
    std::fs::read(&path).expect("corpus")
}

fn decode_marc8(c: &mut Criterion) {
    let data = corpus();
    let options = DecodeOptions::default();
    let mut group = c.benchmark_group("marc8");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("decode-50MB-to-records", |b| {
        b.iter(|| {
            let mut fields = 0usize;
            for raw in SliceReader::new(&data, ReadMode::Permissive).flatten() {
                if let Ok(record) = raw.decode(&options) {
                    fields += record.fields.len();
                }
            }
            fields
        })
    });
    group.finish();
}

/// The same decode path over a UTF-8 corpus (`make-corpus marc21 50 FILE`), only when
/// `YOZUV_BENCH_UTF8=/absolute/FILE` is set: shows what detection costs on the common case,
/// against the bare UTF-8 conversion the reader did before.
fn decode_utf8(c: &mut Criterion) {
    let Some(path) = std::env::var_os("YOZUV_BENCH_UTF8") else {
        return;
    };
    let data = std::fs::read(path).expect("UTF-8 corpus");
    let options = DecodeOptions::default();
    let mut group = c.benchmark_group("utf8");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("detect-and-decode", |b| {
        b.iter(|| {
            SliceReader::new(&data, ReadMode::Permissive)
                .flatten()
                .filter_map(|raw| raw.decode(&options).ok())
                .map(|r| r.fields.len())
                .sum::<usize>()
        })
    });
    group.bench_function("bare-from-utf8", |b| {
        b.iter(|| {
            SliceReader::new(&data, ReadMode::Permissive)
                .flatten()
                .filter_map(|raw| {
                    raw.to_record_with(&mut |bytes, _, _| {
                        String::from_utf8_lossy(bytes).into_owned()
                    })
                    .ok()
                })
                .map(|r| r.fields.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, decode_marc8, decode_utf8);
criterion_main!(benches);
