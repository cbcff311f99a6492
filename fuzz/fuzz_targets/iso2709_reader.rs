//! Any bytes through both ISO 2709 readers, in both modes, down to decoded records:
//! no panic, and every input byte ends up in a record or in reported junk.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yozuv::iso2709::{ReadMode, Reader, SliceReader};

fuzz_target!(|data: &[u8]| {
    for mode in [ReadMode::Strict, ReadMode::Permissive] {
        let mut seen = 0usize;
        let mut reader = SliceReader::new(data, mode);
        for item in reader.by_ref() {
            match item {
                Ok(raw) => {
                    seen += raw.as_bytes().len();
                    for field in raw.fields() {
                        for _ in field.subfields() {}
                    }
                    if let Ok(record) = raw.to_record() {
                        let _ = record.to_iso2709();
                        let _ = yozuv::mnemonic::to_string(&record);
                    }
                }
                Err(e) => seen += e.raw_bytes().map_or(0, <[u8]>::len),
            }
        }
        let junk: usize = reader.junk().iter().map(|&(_, n)| n).sum();
        assert_eq!(seen + junk, data.len());
        let streamed = Reader::new(data, mode).count();
        let sliced = SliceReader::new(data, mode).count();
        assert_eq!(streamed, sliced);
    }
});
