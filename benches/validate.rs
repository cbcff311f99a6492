//! Benchmark of `yozuv validate`'s engine: the `marc21` profile (every rule it turns on) over
//! the shared corpus `make-corpus marc21 20` (about 20 MB, 15,000 real MARC 21 records),
//! on 2 worker threads, with reports formatted as JSON Lines into a sink that discards them.
//!
//! Peer numbers on that corpus (issue 8): MARC::Lint 13.0 s, `yaz-marcdump -n` 0.13 s.
//! Run: `cargo bench -p yozuv-batch --bench validate`. The corpus is built on first use with
//! `../shared/bench/make-corpus marc21 20 target/bench-corpus-marc21-20.mrc` (needs python3).

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use yozuv_batch::report::{self, Fanout, Format, ReportContext};
use yozuv_batch::{Input, Messages, Profile, Registry, RunOptions, Validator};

fn corpus() -> Option<Vec<u8>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = root.join("target/bench-corpus-marc21-20.mrc");
    if !path.exists() {
        let script = root.join("../shared/bench/make-corpus");
        let status = std::process::Command::new(script)
            .args(["marc21", "20"])
            .arg(&path)
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
    }
    std::fs::read(path).ok()
}

fn bench(c: &mut Criterion) {
    let Some(data) = corpus() else {
        eprintln!("no corpus (../shared/bench/make-corpus not runnable): skipping");
        return;
    };
    let registry = Registry::builtin();
    let profile = Profile::bundled("marc21", registry).unwrap();
    let validator =
        Validator::new(profile.clone()).with_messages(Arc::new(Messages::new("en").unwrap()));
    let mut group = c.benchmark_group("validate");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("marc21-profile-20MB-2-jobs-jsonl", |b| {
        b.iter(|| {
            let context = ReportContext {
                names: vec!["corpus".into()],
                messages: Arc::new(Messages::new("en").unwrap()),
                registry: registry.clone(),
                profile: profile.name.clone(),
                html_max_records: 0,
            };
            let mut sink = Fanout::default();
            sink.sinks.push(
                report::sink(Format::Jsonl, Box::new(std::io::sink()), context, false).unwrap(),
            );
            let input = Input {
                name: "corpus".into(),
                reader: Box::new(std::io::Cursor::new(data.clone())),
            };
            let options = RunOptions {
                jobs: 2,
                ..RunOptions::default()
            };
            let summary = validator.run(vec![input], options, &mut sink).unwrap();
            yozuv_batch::report::Sink::finish(&mut sink, &summary).unwrap();
            summary.records
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
