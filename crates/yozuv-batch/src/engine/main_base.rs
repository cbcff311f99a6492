//! The main base's records for the `duplicate.main-base-*` rules: read after the batch through
//! the batch's own reader (every format, the same framing), decoded by the validator's decoder,
//! their keys computed as the batch's on the pool, and added to the duplicate index in input
//! order (so that the records a diagnostic names are the same whatever `--jobs`).

use rayon::prelude::*;
use yozuv::iso2709::{Frame, ReadMode};
use yozuv::Record;

use super::{read_inputs, Chunk, FrameMeta, Input, Message, RunOptions, Validator};
use crate::duplicates::{record_keys, DuplicateIndex, RecordKeys, MAIN_BASE_KINDS};
use crate::profile::RuleSetting;
use crate::rules::{FoundCharset, RecordView};
use crate::{Error, Profile};

/// The batch rules whose keys each main-base rule compares (by kind).
const BATCH_KINDS: [&str; 3] = ["duplicate.id001", "duplicate.isbn", "duplicate.match-key"];

/// When a main base is given and a main-base rule is on while its batch rule is off, a copy
/// of `profile` with that batch rule on, for computing keys only (the batch rule's clusters
/// are still not reported: reports and streaming look-ups follow `profile`).
pub(super) fn keys_profile(profile: &Profile) -> Option<Profile> {
    if profile.main_base.is_empty() {
        return None;
    }
    let mut keys = None;
    for (batch, main) in BATCH_KINDS.iter().zip(MAIN_BASE_KINDS) {
        if profile.is_enabled(main) && !profile.is_enabled(batch) {
            let setting = profile.setting(batch).cloned();
            let keys: &mut Profile = keys.get_or_insert_with(|| profile.clone());
            if let Some(setting) = setting {
                keys.set(
                    batch,
                    RuleSetting {
                        enabled: true,
                        ..setting
                    },
                );
            }
        }
    }
    keys
}

/// What a run read of one main-base file ([`Validator::main_base_read`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MainBaseRead {
    /// The file, as given.
    pub name: String,
    /// Records whose keys were compared.
    pub records: u64,
    /// Records that could not be read or decoded (skipped: their keys are not compared).
    pub unreadable: u64,
}

/// A main-base record's number, offset, trimmed 001 and keys (`None`: unreadable).
type MainBaseKeys = (u64, u64, Option<Box<str>>, Option<RecordKeys>);

impl Validator {
    /// What the last run read of each main-base file (empty when none was read), e.g. to warn
    /// that a main base gave no readable record.
    pub fn main_base_read(&self) -> Vec<MainBaseRead> {
        self.main_base_read
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

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
        let mut read: Vec<MainBaseRead> = Vec::new();
        for path in &profile.main_base {
            let name = path.display().to_string();
            read.push(MainBaseRead {
                name: name.clone(),
                ..MainBaseRead::default()
            });
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
        let result = std::thread::scope(|scope| -> Result<(), Error> {
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
                        let tally = read.get_mut(chunk.file);
                        let (mut good, mut bad) = (0, 0);
                        for (number, offset, id001, keys) in keys {
                            let Some(keys) = keys else {
                                bad += 1;
                                continue;
                            };
                            good += 1;
                            duplicates.add_main_base(
                                file,
                                number,
                                offset,
                                id001.as_deref(),
                                &keys,
                            )?;
                        }
                        if let Some(tally) = tally {
                            tally.records += good;
                            tally.unreadable += bad;
                        }
                    }
                    chunks.clear();
                }
            }
            Ok(())
        });
        *self
            .main_base_read
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = read;
        result
    }

    /// The keys of a chunk's records (`None` for one that cannot be read).
    fn chunk_keys(&self, chunk: &Chunk) -> Vec<MainBaseKeys> {
        let mut record = Record::default();
        chunk
            .frames
            .iter()
            .map(|m| {
                let keys = self.frame_keys(chunk, m, &mut record);
                let id001 = keys.as_ref().and_then(|_| {
                    record
                        .control_value("001")
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(Box::from)
                });
                (m.number, m.offset, id001, keys)
            })
            .collect()
    }

    /// The keys of one framed record, decoded into `record`.
    fn frame_keys(&self, chunk: &Chunk, m: &FrameMeta, record: &mut Record) -> Option<RecordKeys> {
        if m.syntax.is_some() {
            return None;
        }
        let frame = Frame {
            bytes: chunk.data.get(m.start..m.end)?,
            number: m.number,
            offset: m.offset,
            warnings: Vec::new(),
        };
        let raw = frame.parse(ReadMode::Permissive).ok()?;
        (self.decoder)(&raw, record).ok()?;
        let record = &*record;
        let (format, flavour, _) = self.format_of(record);
        let found = FoundCharset::of(&raw);
        let view = RecordView {
            record,
            raw: &raw,
            flavour,
            format,
            profile: self.keys_profile.as_deref().unwrap_or(&self.profile),
            found,
            text_reliable: found != FoundCharset::EightBit || self.decodes_legacy,
        };
        Some(record_keys(&view, &*self.text))
    }
}
