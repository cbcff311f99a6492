//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use yozuv_batch::report::{self, Fanout, Format, PassThrough, ReportContext, Sink};
use yozuv_batch::{
    CollectEvents, Input, Messages, Profile, Registry, RunOptions, Summary, Validator,
};

pub const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/batch");
pub const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/testdata");

pub fn testdata(name: &str) -> Vec<u8> {
    std::fs::read(format!("{TESTDATA}/{name}")).unwrap()
}

/// A `Write` whose bytes can be read after the sink is done.
#[derive(Clone, Default)]
pub struct SharedBuf(pub Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl SharedBuf {
    pub fn bytes(&self) -> Vec<u8> {
        self.0.lock().unwrap().clone()
    }
    pub fn text(&self) -> String {
        String::from_utf8(self.bytes()).unwrap()
    }
}

pub fn validator(profile: &str) -> Validator {
    Validator::new(Profile::bundled(profile, Registry::builtin()).unwrap())
}

pub fn collect(profile: &str, files: &[(&str, Vec<u8>)], jobs: usize) -> (Summary, CollectEvents) {
    let inputs = files
        .iter()
        .map(|(n, b)| Input {
            name: n.to_string(),
            reader: Box::new(std::io::Cursor::new(b.clone())),
        })
        .collect();
    let mut events = CollectEvents::default();
    let options = RunOptions {
        jobs,
        chunk_records: 7,
        ..RunOptions::default()
    };
    let summary = validator(profile)
        .run(inputs, options, &mut events)
        .unwrap();
    (summary, events)
}

/// Runs with one report of `format` and pass-through; returns (summary, report, clean, rejected).
pub fn report(
    profile: &str,
    lang: &str,
    format: Format,
    files: &[(&str, Vec<u8>)],
    jobs: usize,
) -> (Summary, SharedBuf, SharedBuf, SharedBuf) {
    let registry = Registry::builtin();
    let p = Profile::bundled(profile, registry).unwrap();
    let context = ReportContext {
        names: files.iter().map(|(n, _)| n.to_string()).collect(),
        messages: Arc::new(Messages::new(lang).unwrap()),
        registry: registry.clone(),
        profile: p.name.clone(),
        html_max_records: p.thresholds.html_max_records,
    };
    let out = SharedBuf::default();
    let clean = SharedBuf::default();
    let rejected = SharedBuf::default();
    let mut fanout = Fanout::default();
    fanout
        .sinks
        .push(report::sink(format, Box::new(out.clone()), context, false).unwrap());
    fanout.sinks.push(Box::new(PassThrough::new(
        Some(Box::new(clean.clone())),
        Some(Box::new(rejected.clone())),
    )));
    let inputs = files
        .iter()
        .map(|(n, b)| Input {
            name: n.to_string(),
            reader: Box::new(std::io::Cursor::new(b.clone())),
        })
        .collect();
    let options = RunOptions {
        jobs,
        chunk_records: 5,
        keep_mnemonic: format == Format::Html,
        ..RunOptions::default()
    };
    let summary = Validator::new(p).run(inputs, options, &mut fanout).unwrap();
    fanout.finish(&summary).unwrap();
    (summary, out, clean, rejected)
}

/// Directory of the real records used by the format-rule tests.
pub const FORMATS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/formats");

/// A file of `testdata/formats`.
pub fn formats(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FORMATS}/{name}")).unwrap()
}

/// Every record of `bytes` through a validator with `profile`, on one thread.
pub fn run_with(profile: Profile, bytes: Vec<u8>) -> Vec<yozuv_batch::RecordOutcome> {
    let validator = Validator::new(profile);
    let mut events = CollectEvents::default();
    let input = Input {
        name: "in".into(),
        reader: Box::new(std::io::Cursor::new(bytes)),
    };
    let options = RunOptions {
        jobs: 1,
        ..RunOptions::default()
    };
    validator.run(vec![input], options, &mut events).unwrap();
    events.records
}

/// The bundled profile of a format, with that format forced (no detection).
pub fn forced_profile(format: yozuv::format::Flavour) -> Profile {
    let mut p = Profile::bundled(format.as_str(), Registry::builtin()).unwrap();
    p.force_format(format);
    p
}

/// Record `number` (from 1) of a testdata/formats file, validated as `format`.
pub fn validate(
    file: &str,
    number: usize,
    format: yozuv::format::Flavour,
) -> yozuv_batch::RecordOutcome {
    run_with(forced_profile(format), formats(file))
        .into_iter()
        .nth(number - 1)
        .unwrap()
}

/// The diagnostics of `rule` on field `tag`.
pub fn hits<'a>(
    o: &'a yozuv_batch::RecordOutcome,
    rule: &str,
    tag: &str,
) -> Vec<&'a yozuv_batch::Diagnostic> {
    o.diagnostics
        .iter()
        .filter(|d| &*d.rule == rule && d.location.tag.is_some_and(|t| t == tag))
        .collect()
}

/// A diagnostic's message argument as text.
pub fn arg(d: &yozuv_batch::Diagnostic, name: &str) -> Option<String> {
    d.args
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| match v {
            yozuv_batch::Arg::Text(t) => t.clone(),
            yozuv_batch::Arg::Number(n) => n.to_string(),
        })
}
