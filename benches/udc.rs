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
}

criterion_group!(benches, bench);
criterion_main!(benches);
