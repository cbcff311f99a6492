//! MARCXML reading and writing throughput.
//!
//! Input: the file named by `YOZUV_BENCH_MARCXML` when set — for the comparison with mrrc
//! and pymarc, the `make-corpus marc21 20` corpus converted to MARCXML by pymarc's
//! XMLWriter, made by benches/marcxml_corpus.py) — otherwise the peer-made
//! records of testdata/serial/marcjs-bib.xml (marcjs) repeated to about 9 MB.
//!
//! `cargo bench -p yozuv --bench marcxml`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use yozuv::{json, marcxml, Record};

fn input() -> Vec<u8> {
    if let Ok(path) = std::env::var("YOZUV_BENCH_MARCXML") {
        return std::fs::read(path).expect("read YOZUV_BENCH_MARCXML");
    }
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/serial/marcjs-bib.xml"
    );
    let text = std::fs::read_to_string(path).expect("testdata/serial/marcjs-bib.xml");
    let first = text.find("<record").expect("a record");
    let last = text.rfind("</record>").expect("a record end") + "</record>".len();
    let records = &text[first..last];
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n",
    );
    while out.len() < 9_000_000 {
        out.push_str(records);
        out.push('\n');
    }
    out.push_str("</collection>\n");
    out.into_bytes()
}

fn bench(c: &mut Criterion) {
    let data = input();
    let records: Vec<Record> = marcxml::Reader::new(&data[..])
        .filter_map(Result::ok)
        .collect();
    let mut group = c.benchmark_group("marcxml");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("read", |b| {
        b.iter(|| {
            let n = marcxml::Reader::new(black_box(&data[..]))
                .filter(|r| r.is_ok())
                .count();
            assert_eq!(n, records.len());
        })
    });
    group.bench_function("write", |b| {
        b.iter(|| {
            let mut w = marcxml::Writer::new(Vec::with_capacity(data.len()));
            for r in &records {
                w.write(black_box(r)).unwrap();
            }
            black_box(w.finish().unwrap().len())
        })
    });
    group.finish();

    let mut text = Vec::new();
    let mut w = json::Writer::new(&mut text, json::Style::Lines);
    for r in &records {
        w.write(r).unwrap();
    }
    drop(w.finish());
    let mut group = c.benchmark_group("json");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("read", |b| {
        b.iter(|| {
            let n = json::Reader::new(black_box(&text[..]))
                .filter(|r| r.is_ok())
                .count();
            assert_eq!(n, records.len());
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
