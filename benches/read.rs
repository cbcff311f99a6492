//! Criterion benchmarks for reading ISO 2709: where the time of `yozuv stats` goes.
//!
//! Input: the real record sets in `../shared/testdata/marc21/large/` (MARC21 and UNIMARC,
//! together ~5.8 MB, 3,524 records), or the file named by `YOZUV_BENCH_FILE` (for example
//! `bench-out/marc21-100.mrc` built by `benches/compare/run read`). Each benchmark reads
//! the whole input from memory and reports throughput in bytes:
//!
//! - `frame`: framing only (`Reader::next_frame`), finding each record's bytes;
//! - `raw`: framing and directory parsing (`Reader::next_raw`), no field access;
//! - `subfields`: `next_raw` and every subfield of every field, as `yozuv stats` does,
//!   through the streaming `Reader` and through `SliceReader`;
//! - `record`: decoding owned `Record`s (`Reader` as an iterator), touching every subfield.
//!
//! Run: `cargo bench -p yozuv --bench read` (add `-- --quick` for a short run).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use yozuv::iso2709::{ReadMode, Reader, SliceReader};
use yozuv::RawRecord;

/// The input files: `YOZUV_BENCH_FILE`, or the shared large samples, or (without
/// `../shared`) the repo's own sample.
fn inputs() -> Vec<PathBuf> {
    if let Some(file) = std::env::var_os("YOZUV_BENCH_FILE") {
        return vec![PathBuf::from(file)];
    }
    let large = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/marc21/large");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&large)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "mrc"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    if files.is_empty() {
        files.push(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/iso2709/summerland.mrc"),
        );
    }
    files
}

/// Counts fields and subfields of one record, touching every subfield's bytes.
fn touch(raw: &RawRecord<'_>) -> (u64, u64) {
    let (mut fields, mut subfields) = (0u64, 0u64);
    for field in raw.fields() {
        fields += 1;
        black_box(field.indicators());
        for (code, value) in field.subfields() {
            subfields += 1;
            black_box((code, value));
        }
    }
    (fields, subfields)
}

fn bench_read(c: &mut Criterion) {
    let mut data = Vec::new();
    for path in inputs() {
        match std::fs::read(&path) {
            Ok(bytes) => data.extend_from_slice(&bytes),
            Err(e) => eprintln!("read bench: cannot read {}: {e}", path.display()),
        }
    }
    let data = data;

    let mut group = c.benchmark_group("read");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(20);

    group.bench_function("frame/Reader", |b| {
        b.iter(|| {
            let mut reader = Reader::new(&data[..], ReadMode::Permissive);
            let mut n = 0u64;
            while let Some(frame) = reader.next_frame() {
                n += frame.map_or(0, |f| f.bytes.len() as u64);
            }
            n
        })
    });

    group.bench_function("raw/Reader", |b| {
        b.iter(|| {
            let mut reader = Reader::new(&data[..], ReadMode::Permissive);
            let mut n = 0u64;
            while let Some(raw) = reader.next_raw() {
                n += raw.map_or(0, |r| r.entries().len() as u64);
            }
            n
        })
    });

    group.bench_function("subfields/Reader", |b| {
        b.iter(|| {
            let mut reader = Reader::new(&data[..], ReadMode::Permissive);
            let mut n = (0u64, 0u64);
            while let Some(raw) = reader.next_raw() {
                if let Ok(raw) = raw {
                    let (f, s) = touch(&raw);
                    n = (n.0 + f, n.1 + s);
                }
            }
            n
        })
    });

    group.bench_function("subfields/SliceReader", |b| {
        b.iter(|| {
            let mut n = (0u64, 0u64);
            for raw in SliceReader::new(&data, ReadMode::Permissive).flatten() {
                let (f, s) = touch(&raw);
                n = (n.0 + f, n.1 + s);
            }
            n
        })
    });

    group.bench_function("record/Reader", |b| {
        b.iter(|| {
            let mut n = 0u64;
            for record in Reader::new(&data[..], ReadMode::Permissive).flatten() {
                for field in &record.fields {
                    n += field.value().map_or(0, |v| v.len() as u64);
                    for s in field.subfields() {
                        n += s.value.len() as u64;
                    }
                }
            }
            n
        })
    });

    group.finish();
}

criterion_group!(benches, bench_read);
criterion_main!(benches);
