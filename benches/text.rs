//! `text::fix` over the five seed texts repeated to 100 MB, line by line as `yozuv text fix` does.
//! Target (issue 6): at least 100 MB/s on one core.
//!
//! Run: `cargo bench -p yozuv --bench text` (set `YOZUV_TEXT_BENCH_MB` to change the corpus size).

use criterion::{criterion_group, Criterion, Throughput};
use yozuv::text::{fix, key::search_key, translit::to_latin, FixOptions};

const SEEDS: [&str; 5] = [
    include_str!("../testdata/text/kk-cyrillic-news.txt"),
    include_str!("../testdata/text/uz-cyrillic-article-with-russian.txt"),
    include_str!("../testdata/text/uz-cyrillic-news-mixed-homoglyphs.txt"),
    include_str!("../testdata/text/uz-latin-concept.txt"),
    include_str!("../testdata/text/uz-latin-ocr-workplan.txt"),
];

fn corpus(mb: usize) -> String {
    let target = mb * 1_000_000;
    let mut s = String::with_capacity(target + 64 * 1024);
    while s.len() < target {
        for seed in SEEDS {
            s.push_str(seed);
            s.push('\n');
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let mb: usize = std::env::var("YOZUV_TEXT_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let text = corpus(mb);
    let options = FixOptions::default();
    let mut group = c.benchmark_group("text");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("fix_lines", |b| {
        b.iter(|| {
            let mut changed = 0usize;
            for line in text.lines() {
                changed += fix(line, &options).fixes.len();
            }
            changed
        })
    });
    // Smaller inputs for the slower, allocating paths.
    let small = corpus(2);
    group.throughput(Throughput::Bytes(small.len() as u64));
    group.bench_function("translit_to_latin_lines", |b| {
        b.iter(|| small.lines().map(|l| to_latin(l).text.len()).sum::<usize>())
    });
    group.bench_function("search_key_lines", |b| {
        b.iter(|| small.lines().map(|l| search_key(l).len()).sum::<usize>())
    });
    group.finish();
}

/// Nanoseconds this thread has spent on a CPU (Linux `/proc/thread-self/schedstat`), so the figure does not
/// depend on how busy the shared machine is.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// One timed pass over the whole corpus, by wall clock and by CPU time.
fn one_pass_report() {
    let mb: usize = std::env::var("YOZUV_TEXT_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let text = corpus(mb);
    let options = FixOptions::default();
    // Warm up the tables.
    let _ = fix(SEEDS[2], &options);
    let cpu0 = thread_cpu_ns();
    let wall = std::time::Instant::now();
    let mut fixes = 0usize;
    for line in text.lines() {
        fixes += fix(line, &options).fixes.len();
    }
    let wall = wall.elapsed().as_secs_f64();
    let mbytes = text.len() as f64 / 1e6;
    print!(
        "text fix one pass: {mbytes:.1} MB, {fixes} fixes, wall {:.1} MB/s",
        mbytes / wall
    );
    if let (Some(a), Some(b)) = (cpu0, thread_cpu_ns()) {
        let cpu = (b - a) as f64 / 1e9;
        print!(", CPU time {:.1} MB/s", mbytes / cpu);
    }
    println!();
    // The same corpus once repaired: the common case of a catalog that is mostly clean.
    let clean: String = text
        .lines()
        .map(|l| fix(l, &options).text.into_owned() + "\n")
        .collect();
    let cpu0 = thread_cpu_ns();
    let wall = std::time::Instant::now();
    let mut fixes = 0usize;
    for line in clean.lines() {
        fixes += fix(line, &options).fixes.len();
    }
    let wall = wall.elapsed().as_secs_f64();
    let mbytes = clean.len() as f64 / 1e6;
    print!("text fix one pass over the repaired corpus: {mbytes:.1} MB, {fixes} fixes, wall {:.1} MB/s", mbytes / wall);
    if let (Some(a), Some(b)) = (cpu0, thread_cpu_ns()) {
        print!(", CPU time {:.1} MB/s", mbytes / ((b - a) as f64 / 1e9));
    }
    println!();
}

criterion_group!(benches, bench);

fn main() {
    one_pass_report();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
