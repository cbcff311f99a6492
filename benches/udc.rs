//! Parse + validate throughput of `yozuv-udc` over real notations
//! (`cargo bench -p yozuv-udc --bench udc`). Target: ≥ 1 million notations per second on one core.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const LABELLED: &str = include_str!("../testdata/udc/real-notations-labelled.tsv");

fn notations() -> Vec<&'static str> {
    LABELLED
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect()
}

fn bench(c: &mut Criterion) {
    let all = notations();
    let mut g = c.benchmark_group("udc");
    g.throughput(Throughput::Elements(all.len() as u64));
    g.bench_function("validate", |b| {
        b.iter(|| {
            let mut valid = 0usize;
            for n in &all {
                if yozuv_udc::validate(std::hint::black_box(n)).is_valid() {
                    valid += 1;
                }
            }
            valid
        })
    });
    g.bench_function("parse_tree", |b| {
        b.iter(|| {
            let mut terms = 0usize;
            for n in &all {
                let (tree, diags) = yozuv_udc::parse_with_diagnostics(std::hint::black_box(n));
                terms += tree.root().terms.len() + diags.len();
            }
            terms
        })
    });
    g.bench_function("check", |b| {
        b.iter(|| {
            let mut k = 0usize;
            for n in &all {
                k += yozuv_udc::check(std::hint::black_box(n)).findings.len();
            }
            k
        })
    });
    g.finish();

    // Values that need the repair path (labels, look-alikes, glosses, Cyrillic).
    let damaged = [
        "УДК 821.512.133–31",
        "^a004.8",
        "2 (075)",
        "623.746(092) Сухой П.О.",
        "94(575.1)”19”",
        "(О75.8)",
        "821.161.1Бабель2",
        "553.984;552.54;551.253",
        "821.161.1-2Бабель",
        "378(498 Sibiu) Lucian Blaga",
    ];
    let mut g = c.benchmark_group("udc-damaged");
    g.throughput(Throughput::Elements(damaged.len() as u64));
    g.bench_function("check", |b| {
        b.iter(|| {
            let mut k = 0usize;
            for n in &damaged {
                k += yozuv_udc::check(std::hint::black_box(n)).findings.len();
            }
            k
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
