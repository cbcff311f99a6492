//! Pass-through invariant (clean + rejected = the input's records, byte for byte, in order,
//! junk excluded and reported), and identical results whatever the number of threads.

mod common;

use common::*;
use yozuv_batch::report::{Fanout, Format, PassThrough, Sink};
use yozuv_batch::{Error, Events, Input, RecordOutcome, RunOptions, Summary};

/// (rejected, bytes, offset) of one record.
type Seen = (bool, Vec<u8>, u64);

/// Keeps every record in the order the engine gives them.
#[derive(Default)]
struct Order(std::sync::Arc<std::sync::Mutex<Vec<Seen>>>);

impl Events for Order {
    fn record(&mut self, o: &RecordOutcome, bytes: &[u8]) -> Result<(), Error> {
        self.0
            .lock()
            .unwrap()
            .push((o.rejected, bytes.to_vec(), o.offset));
        Ok(())
    }
}
impl Sink for Order {
    fn finish(&mut self, _s: &Summary) -> Result<(), Error> {
        Ok(())
    }
}

fn check_file(data: &[u8], profile: &str, jobs: usize) {
    let clean = SharedBuf::default();
    let rejected = SharedBuf::default();
    let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut fanout = Fanout::default();
    fanout.sinks.push(Box::new(PassThrough::new(
        Some(Box::new(clean.clone())),
        Some(Box::new(rejected.clone())),
    )));
    fanout.sinks.push(Box::new(Order(order.clone())));
    let input = Input {
        name: "f".into(),
        reader: Box::new(std::io::Cursor::new(data.to_vec())),
    };
    let options = RunOptions {
        jobs,
        chunk_records: 3,
        ..RunOptions::default()
    };
    let summary = validator(profile)
        .run(vec![input], options, &mut fanout)
        .unwrap();
    fanout.finish(&summary).unwrap();
    let order = order.lock().unwrap();
    // Records come in input order, each at its offset, and with the junk they cover the input.
    let mut rebuilt = Vec::new();
    let mut pos = 0u64;
    for (_, bytes, offset) in order.iter() {
        assert!(*offset >= pos, "records out of order");
        pos = offset + bytes.len() as u64;
        assert_eq!(&data[*offset as usize..pos as usize], &bytes[..]);
        rebuilt.extend_from_slice(bytes);
    }
    let c = clean.bytes();
    let r = rejected.bytes();
    assert_eq!(c.len() + r.len(), rebuilt.len());
    assert_eq!(
        c.len() as u64 + r.len() as u64 + summary.junk_bytes,
        data.len() as u64
    );
    let want_clean: Vec<u8> = order
        .iter()
        .filter(|o| !o.0)
        .flat_map(|o| o.1.clone())
        .collect();
    let want_rejected: Vec<u8> = order
        .iter()
        .filter(|o| o.0)
        .flat_map(|o| o.1.clone())
        .collect();
    assert_eq!(c, want_clean);
    assert_eq!(r, want_rejected);
}

#[test]
fn clean_plus_rejected_is_the_input() {
    let mut n = 0;
    for dir in ["marc21/broken", "unimarc/messy"] {
        for e in std::fs::read_dir(format!("{SHARED}/{dir}"))
            .unwrap()
            .flatten()
        {
            let p = e.path();
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            if !["mrc", "iso", "dat", "marc", "usmarc", "bin"].contains(&ext) {
                continue;
            }
            check_file(&std::fs::read(&p).unwrap(), "uz-unicat", 2);
            n += 1;
        }
    }
    assert!(n >= 25);
    check_file(&testdata("marc-record-filler.usmarc"), "marc21", 1);
}

#[test]
fn same_output_for_one_and_two_threads() {
    let files = [
        (
            "pride.mrc",
            testdata("marc4j-pride-and-prejudice-fixed.mrc"),
        ),
        ("bad.mrc", testdata("pymarc-bad_records.mrc")),
        ("nlr.iso", testdata("nlr_rusmarc_cp1251.iso")),
    ];
    let (s1, out1, c1, r1) = report("uz-unicat", "en", Format::Jsonl, &files, 1);
    let (s2, out2, c2, r2) = report("uz-unicat", "en", Format::Jsonl, &files, 2);
    assert_eq!(s1, s2);
    assert!(s1.records > 400);
    assert_eq!(out1.text(), out2.text());
    assert_eq!(c1.bytes(), c2.bytes());
    assert_eq!(r1.bytes(), r2.bytes());
    // Lines are in input order: file index, then record number.
    let mut last = (0usize, 0u64);
    let names = ["pride.mrc", "bad.mrc", "nlr.iso"];
    for line in out1.text().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = names.iter().position(|n| v["file"] == *n).unwrap();
        let rec = v["record"].as_u64().unwrap();
        if rec == 0
            || v["rule"].as_str().unwrap().starts_with("duplicate.")
            || v["rule"] == "batch.mixed-flavour"
            || v["rule"] == "link.target-missing"
        {
            continue;
        }
        assert!((file, rec) >= last, "{line}");
        last = (file, rec);
    }
}

/// A receiver that fails (as a full disk would) on its third record.
struct FailOnThird(u32);

impl Events for FailOnThird {
    fn record(&mut self, _o: &RecordOutcome, _bytes: &[u8]) -> Result<(), Error> {
        self.0 += 1;
        if self.0 == 3 {
            return Err(Error::io("test", std::io::Error::other("disk full")));
        }
        Ok(())
    }
}

#[test]
fn a_failing_report_stops_the_run_without_hanging() {
    let data = testdata("marc4j-pride-and-prejudice-fixed.mrc");
    let input = Input {
        name: "p".into(),
        reader: Box::new(std::io::Cursor::new(data)),
    };
    let options = RunOptions {
        jobs: 2,
        chunk_records: 2,
        ..RunOptions::default()
    };
    let result = validator("marc21").run(vec![input], options, &mut FailOnThird(0));
    assert!(matches!(result, Err(Error::Io { .. })));
}
