//! The main base's records for the `duplicate.main-base-*` rules: read after the batch through
//! the batch's own reader (every format, the same framing), decoded by the validator's decoder,
//! their keys computed as the batch's on the pool, and added to the duplicate index in input
//! order (so that the records a diagnostic names are the same whatever `--jobs`).

use rayon::prelude::*;
use yozuv::iso2709::{Frame, ReadMode};
use yozuv::Record;

use super::{read_inputs, Chunk, Input, Message, RunOptions, Validator};
use crate::duplicates::{record_keys, DuplicateIndex, RecordKeys, MAIN_BASE_KINDS};
use crate::rules::{FoundCharset, RecordView};
use crate::Error;

/// A main-base record's number, offset, trimmed 001 and keys (`None`: unreadable).
type MainBaseKeys = (u64, u64, Option<Box<str>>, RecordKeys);

impl Validator {
    /// Reads the profile's main-base files into `duplicates` (nothing when no main-base rule
    /// is on). Records that cannot be read are skipped.
    pub(super) fn add_main_base(
        &self,
        pool: &rayon::ThreadPool,
        options: RunOptions,
        duplicates: &mut DuplicateIndex,
    ) -> Result<(), Error> {
        let profile = &*self.profile;
        if profile.main_base.is_empty() || !MAIN_BASE_KINDS.iter().any(|r| profile.is_enabled(r)) {
            return Ok(());
        }
        let mut inputs = Vec::new();
        let mut files = Vec::new();
        for path in &profile.main_base {
            let name = path.display().to_string();
            let file = std::fs::File::open(path)
                .map_err(|e| Error::io(format!("main base: {name}"), e))?;
            files.push(duplicates.add_main_base_file(&name));
            inputs.push(Input {
                name,
                reader: Box::new(file),
            });
        }
        let window = pool.current_num_threads().max(1) * 2;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Message>(window + 2);
        std::thread::scope(|scope| -> Result<(), Error> {
            scope.spawn(move || read_inputs(inputs, options, tx));
            let rx = rx;
            let mut chunks: Vec<Chunk> = Vec::with_capacity(window);
            let mut done = false;
            while !done {
                match rx.recv() {
                    Ok(Message::Chunk(chunk)) => chunks.push(chunk),
                    Ok(Message::Failed(e)) => return Err(e),
                    Ok(_) => {}
                    Err(_) => done = true,
                }
                if chunks.len() >= window || (done && !chunks.is_empty()) {
                    let keyed: Vec<Vec<MainBaseKeys>> =
                        pool.install(|| chunks.par_iter().map(|c| self.chunk_keys(c)).collect());
                    for (chunk, keys) in chunks.iter().zip(keyed) {
                        let file = files.get(chunk.file).copied().unwrap_or(chunk.file);
                        for (number, offset, id001, keys) in keys {
                            duplicates.add_main_base(
                                file,
                                number,
                                offset,
                                id001.as_deref(),
                                &keys,
                            )?;
                        }
                    }
                    chunks.clear();
                }
            }
            Ok(())
        })
    }

    /// The keys of a chunk's readable records.
    fn chunk_keys(&self, chunk: &Chunk) -> Vec<MainBaseKeys> {
        let mut record = Record::default();
        chunk
            .frames
            .iter()
            .filter(|m| m.syntax.is_none())
            .filter_map(|m| {
                let frame = Frame {
                    bytes: chunk.data.get(m.start..m.end)?,
                    number: m.number,
                    offset: m.offset,
                    warnings: Vec::new(),
                };
                let raw = frame.parse(ReadMode::Permissive).ok()?;
                (self.decoder)(&raw, &mut record).ok()?;
                let (format, flavour, _) = self.format_of(&record);
                let found = FoundCharset::of(&raw);
                let view = RecordView {
                    record: &record,
                    raw: &raw,
                    flavour,
                    format,
                    profile: &self.profile,
                    found,
                    text_reliable: found != FoundCharset::EightBit || self.decodes_legacy,
                };
                let keys = record_keys(&view, &*self.text);
                let id001 = record
                    .control_value("001")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(Box::from);
                Some((m.number, m.offset, id001, keys))
            })
            .collect()
    }
}
