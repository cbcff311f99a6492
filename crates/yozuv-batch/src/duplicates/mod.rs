//! Duplicates inside a batch: same 001, same ISBN (as ISBN-13), same match key (title proper,
//! first author and year, Latin/Cyrillic folded). Whole-batch rules: the engine feeds every
//! record's small [`RecordKeys`] to a [`DuplicateIndex`] in input order and reports each
//! cluster once, after the stream, with all its record numbers.
//!
//! Memory stays flat however large the batch: the index keeps one compact entry per key
//! (kind, 64-bit hash, the key's text, record sequence number, file, record number, offset)
//! in a buffer of [`DuplicateOptions::memory`] bytes; a full buffer is sorted and written to an
//! unnamed temporary file (a *run*). After the stream the runs and the buffer are merged
//! k-way: equal keys come together, and each group of two or more records is a cluster.
//! Clusters go through a second bounded sort (by first record) so that they come out in the
//! order they always did: by their first record, then kind, then the record that made them a
//! cluster.
//!
//! Keys are compared in full, never by hash alone: two different 001s or match keys with the
//! same 64-bit hash (unlikely, but possible) stay two keys. The text costs disk, not memory,
//! and the reports need it anyway (the cluster's `value`).
//!
//! A repeat that is an error under the profile (by default `duplicate.id001`) sends the record
//! to `--rejected` as it passes, so those keys are also looked up while streaming: in a hash
//! table over the buffer, then — behind a fixed-size Bloom filter — in the runs, each with a
//! sparse index that points to the one 4 KiB block to read.
//!
//! What still grows: the sparse index (24 bytes per 4 KiB of run, only for looked-up kinds)
//! and, for one cluster, its member list (the diagnostic lists every record anyway).
//!
//! **The main base** (uz-unicat UZ-D01..D03 "against the main base"): a union catalog's
//! cataloger uploads to a temporary base, and a record whose book is already in the main base
//! should become a copy, not a new record. The main base's records (its export, given with
//! `yozuv validate --main-base FILE` or the profile key `main_base`) are read after the batch,
//! their keys computed exactly as the batch's, and added with
//! [`DuplicateIndex::add_main_base`] into the same external sort, marked as main-base entries
//! (no set in memory, however large the main base). They are never reported themselves and
//! never join a batch cluster: the clusters are exactly those of the batch alone. Each batch
//! record sharing a key with main-base records gets one diagnostic per kind
//! (`duplicate.main-base-id001`, `duplicate.main-base-isbn`, `duplicate.main-base-match-key`),
//! naming at most [`MAIN_BASE_NAMES`] of those records (by 001, or `file#record` without one).
//! Being added after the stream, they are never seen by the streaming look-ups: they cannot
//! reject a record as it passes.

mod key;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use crate::external_sort::{self as spill, Sorter};
use key::mix;
pub use key::{record_keys, RecordKeys};

use crate::{Arg, Diagnostic, Error, Location, Profile, RecordRef, Severity};

const KINDS: [&str; 3] = ["duplicate.id001", "duplicate.isbn", "duplicate.match-key"];

/// The rules of batch records sharing a key with the main base, by kind (001, ISBN, match key).
pub const MAIN_BASE_KINDS: [&str; 3] = [
    "duplicate.main-base-id001",
    "duplicate.main-base-isbn",
    "duplicate.main-base-match-key",
];

/// Main-base records a diagnostic names at most (the count says how many there are).
pub const MAIN_BASE_NAMES: usize = 10;

/// Marks a main-base entry in the file field of its payload.
const MAIN_BASE_FILE: u32 = 0x8000_0000;

/// How much memory the duplicate index may use, and where it spills.
///
/// ```
/// use yozuv_batch::duplicates::DuplicateOptions;
/// let mut options = DuplicateOptions::default();
/// options.memory = 1 << 20;
/// options.temp_dir = Some(std::env::temp_dir());
/// assert_eq!(options.memory, 1 << 20);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateOptions {
    /// Bytes of entries kept in memory before a sorted run is written to a temporary file
    /// (the cluster sort uses as much again after the stream, and a Bloom filter of a quarter
    /// of it exists once something was spilled). Default 4 MiB.
    pub memory: usize,
    /// Where temporary files go (default: the system's temporary directory, `TMPDIR`). The
    /// files have no name and vanish when closed, even if the process is killed.
    pub temp_dir: Option<PathBuf>,
}

impl Default for DuplicateOptions {
    fn default() -> Self {
        DuplicateOptions {
            memory: 4 << 20,
            temp_dir: None,
        }
    }
}

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A fixed-size Bloom filter (four probes).
struct Bloom {
    bits: Vec<u64>,
    mask: u64,
}

impl Bloom {
    fn new(bytes: usize) -> Self {
        let words = (bytes / 8).max(8).next_power_of_two();
        Bloom {
            bits: vec![0; words],
            mask: (words as u64 * 64) - 1,
        }
    }

    fn probes(&self, h: u64) -> impl Iterator<Item = (usize, u64)> + '_ {
        let step = h.rotate_left(32) | 1;
        (0..4u64).map(move |i| {
            let bit = h.wrapping_add(i.wrapping_mul(step)) & self.mask;
            ((bit >> 6) as usize, 1u64 << (bit & 63))
        })
    }

    fn insert(&mut self, h: u64) {
        let probes: Vec<_> = self.probes(h).collect();
        for (w, m) in probes {
            if let Some(word) = self.bits.get_mut(w) {
                *word |= m;
            }
        }
    }

    fn may_contain(&self, h: u64) -> bool {
        self.probes(h)
            .all(|(w, m)| self.bits.get(w).is_some_and(|word| word & m != 0))
    }
}

/// The hash-table / Bloom-filter hash of a key (kind folded in; ISBNs are raw numbers).
fn table_hash(kind: u8, hash: u64) -> u64 {
    mix(hash ^ u64::from(kind).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Entry sort key: `kind · hash (BE) · text length (BE) · text · sequence number (BE)`. All
/// but the last 8 bytes identify the key; equal keys sort together, by record.
fn entry_key(out: &mut Vec<u8>, kind: usize, hash: u64, text: &[u8], seq: u64) {
    out.clear();
    out.push(kind as u8);
    out.extend_from_slice(&hash.to_be_bytes());
    out.extend_from_slice(&(text.len() as u32).to_be_bytes());
    out.extend_from_slice(text);
    out.extend_from_slice(&seq.to_be_bytes());
}

/// The records of one key, as the merge brings them: sequence number and payload
/// (`REF_LEN + 1` bytes) each, flat.
#[derive(Default)]
struct Members {
    bytes: Vec<u8>,
    count: usize,
    last: Option<u64>,
}

const MEMBER_LEN: usize = 8 + REF_LEN + 1;

impl Members {
    /// Adds a record (once, however many times it has the key).
    fn push(&mut self, seq: u64, payload: &[u8]) {
        if self.last == Some(seq) {
            return;
        }
        self.last = Some(seq);
        self.bytes.extend_from_slice(&seq.to_le_bytes());
        let mut p = [0u8; REF_LEN + 1];
        let n = payload.len().min(p.len());
        p[..n].copy_from_slice(&payload[..n]);
        self.bytes.extend_from_slice(&p);
        self.count += 1;
    }

    fn get(&self, i: usize) -> (u64, &[u8]) {
        let at = i * MEMBER_LEN;
        let m = self.bytes.get(at..at + MEMBER_LEN).unwrap_or_default();
        (u64_at(m, 0, false), m.get(8..).unwrap_or_default())
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.count = 0;
        self.last = None;
    }
}

/// The main-base records of one key, as the merge brings them (after the batch's: their
/// sequence numbers are higher): how many, and the names of the first [`MAIN_BASE_NAMES`].
#[derive(Default)]
struct MainMembers {
    count: u64,
    names: Vec<String>,
    last: Option<u64>,
}

impl MainMembers {
    /// Adds a main-base record (payload: reference, slot, then its 001).
    fn push(&mut self, seq: u64, payload: &[u8], files: &[String]) {
        if self.last == Some(seq) {
            return;
        }
        self.last = Some(seq);
        self.count += 1;
        if self.names.len() < MAIN_BASE_NAMES {
            // A 001 repeated in the main base is named once (the count says how many).
            let name = main_base_name(payload, files);
            if !self.names.contains(&name) {
                self.names.push(name);
            }
        }
    }

    fn clear(&mut self) {
        self.count = 0;
        self.names.clear();
        self.last = None;
    }
}

/// How a diagnostic names a main-base record: its 001, or `file#record` without one.
fn main_base_name(payload: &[u8], files: &[String]) -> String {
    let id = payload.get(REF_LEN + 1..).unwrap_or_default();
    if !id.is_empty() {
        return String::from_utf8_lossy(id).into_owned();
    }
    let r = decode_ref(payload);
    let file = r.file & !(MAIN_BASE_FILE as usize);
    format!(
        "{}#{}",
        files.get(file).map_or("?", String::as_str),
        r.record
    )
}

/// Whether an entry's payload is a main-base record's.
fn is_main_base(payload: &[u8]) -> bool {
    payload
        .get(..4)
        .is_some_and(|f| u32::from_le_bytes([f[0], f[1], f[2], f[3]]) & MAIN_BASE_FILE != 0)
}

/// Appends a length-prefixed (u32 LE) text.
fn push_text(out: &mut Vec<u8>, text: &[u8]) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text);
}

/// A length-prefixed (u32 LE) text at `*at`, moving `*at` past it.
fn take_text<'a>(b: &'a [u8], at: &mut usize) -> &'a [u8] {
    let mut len = [0u8; 4];
    if let Some(s) = b.get(*at..*at + 4) {
        len.copy_from_slice(s);
    }
    let start = (*at + 4).min(b.len());
    let end = (start + u32::from_le_bytes(len) as usize).min(b.len());
    *at = end;
    &b[start..end]
}

/// A batch record's main-base matches of one kind, gathered over its keys (several ISBNs).
struct MainBaseHit {
    seq: u64,
    kind: usize,
    record: RecordRef,
    values: Vec<String>,
    count: u64,
    names: Vec<String>,
    /// Whether every key's main-base records were all named (then `count` is exact).
    complete: bool,
}

impl MainBaseHit {
    /// Adds another key's matches (the record's next ISBN).
    fn merge(&mut self, other: MainBaseHit) {
        self.values.extend(other.values);
        self.complete &= other.complete;
        let mut added = 0;
        for name in other.names {
            if !self.names.contains(&name) {
                if self.names.len() < MAIN_BASE_NAMES {
                    self.names.push(name);
                } else {
                    self.complete = false;
                }
                added += 1;
            }
        }
        // With every record named, distinct names count them; else an upper bound.
        self.count = if self.complete {
            self.count + added
        } else {
            self.count + other.count
        };
    }
}

/// A main-base match as the cluster sort keeps it (see `each_diagnostic`).
fn decode_hit(seq: u64, kind: usize, payload: &[u8]) -> MainBaseHit {
    let mut at = 0;
    let value = String::from_utf8_lossy(take_text(payload, &mut at)).into_owned();
    let count = u64_at(payload, at, false);
    at += 8;
    let mut n = [0u8; 4];
    if let Some(s) = payload.get(at..at + 4) {
        n.copy_from_slice(s);
    }
    at += 4;
    let names: Vec<String> = (0..u32::from_le_bytes(n))
        .map(|_| String::from_utf8_lossy(take_text(payload, &mut at)).into_owned())
        .collect();
    let record = decode_ref(payload.get(at..).unwrap_or_default());
    MainBaseHit {
        seq,
        kind: kind.min(2),
        record,
        values: vec![value],
        complete: count == names.len() as u64,
        count,
        names,
    }
}

/// Reports a batch record's main-base matches of one kind (if its rule is on).
fn flush_hit(
    pending: &mut Option<MainBaseHit>,
    profile: &Profile,
    f: &mut dyn FnMut(Diagnostic) -> Result<(), Error>,
) -> Result<(), Error> {
    let Some(hit) = pending.take() else {
        return Ok(());
    };
    let rule = MAIN_BASE_KINDS[hit.kind];
    let Some(severity) = profile.severity(rule, None) else {
        return Ok(());
    };
    let mut records = hit.names.join(", ");
    if hit.count > hit.names.len() as u64 {
        records.push_str(", …");
    }
    f(Diagnostic {
        location: Location {
            file: hit.record.file,
            record: hit.record.record,
            offset: hit.record.offset,
            ..Location::default()
        },
        rule: Arc::from(rule),
        severity,
        args: vec![
            ("value", Arg::Text(hit.values.join(", "))),
            ("count", Arg::Number(hit.count as i64)),
            ("records", Arg::Text(records)),
        ],
        detail: None,
        related: Vec::new(),
        text: None,
    })
}

/// A record as the reports name it: file (u32 LE), number (u64 LE), offset (u64 LE).
const REF_LEN: usize = 20;

fn encode_ref(out: &mut Vec<u8>, r: RecordRef) {
    out.extend_from_slice(&(r.file as u32).to_le_bytes());
    out.extend_from_slice(&r.record.to_le_bytes());
    out.extend_from_slice(&r.offset.to_le_bytes());
}

fn u64_at(b: &[u8], at: usize, big_endian: bool) -> u64 {
    let mut w = [0u8; 8];
    if let Some(s) = b.get(at..at + 8) {
        w.copy_from_slice(s);
    }
    if big_endian {
        u64::from_be_bytes(w)
    } else {
        u64::from_le_bytes(w)
    }
}

fn decode_ref(b: &[u8]) -> RecordRef {
    let mut f = [0u8; 4];
    if let Some(s) = b.get(..4) {
        f.copy_from_slice(s);
    }
    RecordRef {
        file: u32::from_le_bytes(f) as usize,
        record: u64_at(b, 4, false),
        offset: u64_at(b, 12, false),
    }
}

/// Whether an entry is of a kind looked up while streaming (set per index; the sparse index
/// covers kinds 0 and 2 when they are, ISBN's too).
fn indexed_kind(key: &[u8]) -> bool {
    key.first().is_some_and(|&k| k <= 2)
}

/// Bytes of hash table per buffered entry (8-byte slots, half full at worst, control bytes).
const RECENT_BYTES: usize = 18;

/// The batch-wide duplicate index.
pub struct DuplicateIndex {
    options: DuplicateOptions,
    entries: Sorter,
    /// Kinds whose repeats [`DuplicateIndex::add`] reports (looked up while streaming).
    streamed: [bool; 3],
    /// Buffered entries of streamed kinds: low half of the table hash → index of the first
    /// in the buffer (a clash only costs a scan of the buffer).
    recent: HashMap<u32, u32, BuildHasherDefault<PreHashed>>,
    /// Streamed keys written to runs.
    bloom: Option<Bloom>,
    /// Records added so far.
    seq: u64,
    /// The file being read and the sequence number of its record 1.
    file_start: Option<(usize, u64)>,
    scratch: Vec<u8>,
    payload: Vec<u8>,
    /// Names of the main-base files added so far ([`DuplicateIndex::add_main_base_file`]).
    main_base_files: Vec<String>,
}

impl Default for DuplicateIndex {
    fn default() -> Self {
        DuplicateIndex::new()
    }
}

impl DuplicateIndex {
    /// An empty index with the default options, reporting repeats of every kind while
    /// streaming.
    pub fn new() -> Self {
        DuplicateIndex::with_options(DuplicateOptions::default())
    }

    /// An empty index with `options`, reporting repeats of every kind while streaming.
    pub fn with_options(options: DuplicateOptions) -> Self {
        DuplicateIndex::with_streamed(options, [true; 3])
    }

    /// An empty index for a run under `profile`: only the kinds whose repeats are errors
    /// (and so reject the repeating record) are looked up while streaming; for the others
    /// [`DuplicateIndex::add`] always answers `false` (the clusters are the same).
    pub fn for_profile(profile: &Profile, options: DuplicateOptions) -> Self {
        let streamed = KINDS.map(|rule| profile.severity(rule, None) == Some(Severity::Error));
        DuplicateIndex::with_streamed(options, streamed)
    }

    fn with_streamed(options: DuplicateOptions, streamed: [bool; 3]) -> Self {
        let dir = spill::temp_dir(options.temp_dir.as_deref());
        let (arena, items) = Sorter::split(options.memory, RECENT_BYTES);
        DuplicateIndex {
            entries: Sorter::new(
                dir,
                streamed.iter().any(|&s| s).then_some(indexed_kind),
                arena,
                items,
            ),
            options,
            streamed,
            recent: HashMap::default(),
            bloom: None,
            seq: 0,
            file_start: None,
            scratch: Vec::new(),
            payload: Vec::new(),
            main_base_files: Vec::new(),
        }
    }

    /// Sorted runs written to temporary files so far.
    pub fn spilled_runs(&self) -> usize {
        self.entries.spills
    }

    fn io_error(&self, e: std::io::Error) -> Error {
        let dir = spill::temp_dir(self.options.temp_dir.as_deref());
        Error::io(
            format!("duplicate index: temporary file in {}", dir.display()),
            e,
        )
    }

    /// Whether a key (the entry-key prefix in `scratch`) was added by an earlier record.
    fn seen(&mut self, kind: u8, hash: u64, prefix_len: usize) -> std::io::Result<bool> {
        let prefix = &self.scratch[..prefix_len];
        let h = table_hash(kind, hash);
        if let Some(&i) = self.recent.get(&(h as u32)) {
            if self
                .entries
                .buffered_key(i as usize)
                .is_some_and(|k| k.starts_with(prefix))
                || self.entries.buffer_contains_prefix(prefix)
            {
                return Ok(true);
            }
        }
        match &self.bloom {
            Some(bloom) if bloom.may_contain(h) => self.entries.runs_contain_prefix(prefix),
            _ => Ok(false),
        }
    }

    fn spill(&mut self) -> Result<(), Error> {
        let bloom_bytes = self.options.memory / 4;
        let streamed = self.streamed;
        let mut bloom = self.bloom.take();
        if streamed.iter().any(|&s| s) && bloom.is_none() {
            bloom = Some(Bloom::new(bloom_bytes));
        }
        let result = self.entries.spill(&mut |key| {
            if let (Some(bloom), Some(&kind)) = (bloom.as_mut(), key.first()) {
                if streamed.get(usize::from(kind)) == Some(&true) {
                    bloom.insert(table_hash(kind, u64_at(key, 1, true)));
                }
            }
        });
        self.bloom = bloom;
        self.recent.clear();
        result.map_err(|e| self.io_error(e))
    }

    /// Buffers one key of record `seq`; whether an earlier record had it (looked up only
    /// for streamed kinds, and only until one repeat of the kind is found).
    #[allow(clippy::too_many_arguments)]
    fn add_key(
        &mut self,
        kind: usize,
        hash: u64,
        text: &[u8],
        slot: u8,
        seq: u64,
        this: RecordRef,
        known: bool,
    ) -> Result<bool, Error> {
        let mut scratch = std::mem::take(&mut self.scratch);
        entry_key(&mut scratch, kind, hash, text, seq);
        self.scratch = scratch;
        let prefix_len = self.scratch.len() - 8;
        let streamed = self.streamed.get(kind) == Some(&true);
        let seen = if streamed && !known {
            self.seen(kind as u8, hash, prefix_len)
                .map_err(|e| self.io_error(e))?
        } else {
            false
        };
        self.payload.clear();
        encode_ref(&mut self.payload, this);
        self.payload.push(slot);
        if !self
            .entries
            .has_room(self.scratch.len() + self.payload.len())
        {
            self.spill()?;
        }
        if streamed {
            if self.recent.capacity() == 0 {
                self.recent.reserve(self.entries.capacity());
            }
            let at = self.entries.buffered() as u32;
            self.recent
                .entry(table_hash(kind as u8, hash) as u32)
                .or_insert(at);
        }
        self.entries.push(&self.scratch, &self.payload);
        Ok(seen)
    }

    /// Adds the next record (records must come in input order, numbered from 1 in each
    /// file). Returns, for each of `duplicate.id001`, `duplicate.isbn`,
    /// `duplicate.match-key`, whether this record repeats an earlier one (always `false` for
    /// kinds not looked up while streaming, see [`DuplicateIndex::for_profile`]). Fails only
    /// when a temporary file cannot be written.
    pub fn add(
        &mut self,
        file: usize,
        number: u64,
        offset: u64,
        keys: &RecordKeys,
    ) -> Result<[bool; 3], Error> {
        let seq = self.seq;
        self.seq += 1;
        let start = match self.file_start {
            Some((f, start)) if f == file && number != 1 => start,
            _ => {
                self.file_start = Some((file, seq));
                seq
            }
        };
        let this = RecordRef {
            file,
            record: seq - start + 1,
            offset,
        };
        let mut repeated = [false; 3];
        let mut failure = None;
        keys.each(|kind, hash, text, slot| {
            if failure.is_some() {
                return;
            }
            match self.add_key(kind, hash, text, slot, seq, this, repeated[kind]) {
                Ok(seen) => repeated[kind] |= seen,
                Err(e) => failure = Some(e),
            }
        });
        match failure {
            Some(e) => Err(e),
            None => Ok(repeated),
        }
    }

    /// Registers a main-base file (its name names its records without a 001) and returns its
    /// number for [`DuplicateIndex::add_main_base`].
    pub fn add_main_base_file(&mut self, name: &str) -> usize {
        self.main_base_files.push(name.to_string());
        self.main_base_files.len() - 1
    }

    /// Adds a record of the main base (after the batch's last record; see the module
    /// documentation): its keys are compared with the batch's but never looked up, never
    /// reported themselves and never counted in a cluster. `file` is from
    /// [`DuplicateIndex::add_main_base_file`], `number` the record's number in it (from 1),
    /// `id001` its trimmed 001 (what the diagnostics name it by). Fails only when a temporary
    /// file cannot be written.
    ///
    /// ```
    /// use yozuv_batch::duplicates::{DuplicateIndex, RecordKeys};
    /// let mut index = DuplicateIndex::new();
    /// let main = index.add_main_base_file("main.iso");
    /// index.add_main_base(main, 1, 0, Some("RU\\NLR\\1"), &RecordKeys::default()).unwrap();
    /// ```
    pub fn add_main_base(
        &mut self,
        file: usize,
        number: u64,
        offset: u64,
        id001: Option<&str>,
        keys: &RecordKeys,
    ) -> Result<(), Error> {
        if self.streamed.iter().any(|&s| s) {
            // The stream is over: no more look-ups, so no table and no filter.
            self.streamed = [false; 3];
            self.recent = HashMap::default();
            self.bloom = None;
        }
        let seq = self.seq;
        self.seq += 1;
        let this = RecordRef {
            file: (file as u32 | MAIN_BASE_FILE) as usize,
            record: number,
            offset,
        };
        let id = id001.unwrap_or("").as_bytes();
        let mut failure = None;
        keys.each(|kind, hash, text, slot| {
            if failure.is_some() {
                return;
            }
            let mut scratch = std::mem::take(&mut self.scratch);
            entry_key(&mut scratch, kind, hash, text, seq);
            self.scratch = scratch;
            self.payload.clear();
            encode_ref(&mut self.payload, this);
            self.payload.push(slot);
            self.payload.extend_from_slice(id);
            if !self
                .entries
                .has_room(self.scratch.len() + self.payload.len())
            {
                if let Err(e) = self.spill() {
                    failure = Some(e);
                    return;
                }
            }
            self.entries.push(&self.scratch, &self.payload);
        });
        match failure {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// One diagnostic per cluster, in order of the cluster's first record. `names` are the
    /// input names (used in the record list when there are several inputs). Empties the
    /// index.
    pub fn diagnostics(
        &mut self,
        profile: &Profile,
        names: &[String],
    ) -> Result<Vec<Diagnostic>, Error> {
        let mut out = Vec::new();
        self.each_diagnostic(profile, names, &mut |d| {
            out.push(d);
            Ok(())
        })?;
        Ok(out)
    }

    /// Like [`DuplicateIndex::diagnostics`], one at a time (a huge cluster list is never held
    /// in memory all at once). Empties the index.
    pub fn each_diagnostic(
        &mut self,
        profile: &Profile,
        names: &[String],
        f: &mut dyn FnMut(Diagnostic) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.recent = HashMap::default();
        self.bloom = None;
        // With runs on disk, the buffer joins them and its memory goes to the clusters.
        self.entries.spill_rest().map_err(|e| self.io_error(e))?;
        let dir = spill::temp_dir(self.options.temp_dir.as_deref());
        let (arena, items) = Sorter::split(self.options.memory, 0);
        let mut clusters = Sorter::new(dir, None, arena, items);
        // Equal keys arrive together, by record: collect each group's distinct records.
        let mut group_prefix: Vec<u8> = Vec::new();
        let mut members = Members::default();
        let mut main = MainMembers::default();
        let mut cluster_key = Vec::new();
        let mut cluster = Vec::new();
        let main_base_on = MAIN_BASE_KINDS.map(|rule| profile.is_enabled(rule));
        let mut close = |prefix: &[u8],
                         members: &mut Members,
                         main: &mut MainMembers,
                         clusters: &mut Sorter|
         -> std::io::Result<()> {
            let kind = prefix.first().copied().unwrap_or(0);
            let value = || {
                if kind == 1 {
                    u64_at(prefix, 1, true).to_string()
                } else {
                    String::from_utf8_lossy(prefix.get(13..).unwrap_or_default()).into_owned()
                }
            };
            if members.count >= 1
                && main.count >= 1
                && main_base_on.get(usize::from(kind)) == Some(&true)
            {
                // Each batch record with the key: sorted after its own clusters (kind + 3).
                let value = value();
                for i in 0..members.count {
                    let (seq, payload) = members.get(i);
                    cluster_key.clear();
                    cluster_key.extend_from_slice(&seq.to_be_bytes());
                    cluster_key.push(kind + 3);
                    cluster_key.push(payload.get(REF_LEN).copied().unwrap_or(0));
                    cluster.clear();
                    push_text(&mut cluster, value.as_bytes());
                    cluster.extend_from_slice(&main.count.to_le_bytes());
                    cluster.extend_from_slice(&(main.names.len() as u32).to_le_bytes());
                    for name in &main.names {
                        push_text(&mut cluster, name.as_bytes());
                    }
                    cluster.extend_from_slice(payload.get(..REF_LEN).unwrap_or_default());
                    if !clusters.has_room(cluster_key.len() + cluster.len()) {
                        clusters.spill(&mut |_| {})?;
                    }
                    clusters.push(&cluster_key, &cluster);
                }
            }
            main.clear();
            {
                if members.count >= 2 {
                    let value = value();
                    // Sorted as the clusters always came: first record, kind, then the record
                    // (and its ISBN's place) that made the group a cluster.
                    let (first, second) = (members.get(0), members.get(1));
                    cluster_key.clear();
                    cluster_key.extend_from_slice(&first.0.to_be_bytes());
                    cluster_key.push(kind);
                    cluster_key.extend_from_slice(&second.0.to_be_bytes());
                    cluster_key.push(second.1.get(REF_LEN).copied().unwrap_or(0));
                    cluster.clear();
                    cluster.extend_from_slice(&(value.len() as u32).to_le_bytes());
                    cluster.extend_from_slice(value.as_bytes());
                    for i in 0..members.count {
                        cluster
                            .extend_from_slice(members.get(i).1.get(..REF_LEN).unwrap_or_default());
                    }
                    if !clusters.has_room(cluster_key.len() + cluster.len()) {
                        clusters.spill(&mut |_| {})?;
                    }
                    clusters.push(&cluster_key, &cluster);
                }
            }
            members.clear();
            Ok(())
        };
        let entries = &mut self.entries;
        let files = &self.main_base_files;
        let result = entries.drain_sorted(|key, payload| {
            let (prefix, seq) = key.split_at(key.len().saturating_sub(8));
            let seq = u64_at(seq, 0, true);
            if prefix != group_prefix.as_slice() {
                close(&group_prefix, &mut members, &mut main, &mut clusters)?;
                group_prefix.clear();
                group_prefix.extend_from_slice(prefix);
            }
            if is_main_base(payload) {
                main.push(seq, payload, files);
            } else {
                members.push(seq, payload);
            }
            Ok(())
        });
        let result =
            result.and_then(|()| close(&group_prefix, &mut members, &mut main, &mut clusters));
        drop(members);
        drop(main);
        result.map_err(|e| self.io_error(e))?;
        let mut failure: Option<Error> = None;
        let mut pending: Option<MainBaseHit> = None;
        let result = clusters.drain_sorted(|key, payload| {
            let report_failed = |e: Error, failure: &mut Option<Error>| {
                *failure = Some(e);
                std::io::Error::other("report failed")
            };
            let kind = usize::from(key.get(8).copied().unwrap_or(0));
            if kind >= 3 {
                let seq = u64_at(key, 0, true);
                let hit = decode_hit(seq, kind - 3, payload);
                match &mut pending {
                    Some(p) if p.seq == seq && p.kind == hit.kind => p.merge(hit),
                    _ => {
                        flush_hit(&mut pending, profile, f)
                            .map_err(|e| report_failed(e, &mut failure))?;
                        pending = Some(hit);
                    }
                }
                return Ok(());
            }
            flush_hit(&mut pending, profile, f).map_err(|e| report_failed(e, &mut failure))?;
            let rule = KINDS[kind.min(2)];
            let Some(severity) = profile.severity(rule, None) else {
                return Ok(());
            };
            let mut len = [0u8; 4];
            len.copy_from_slice(payload.get(..4).unwrap_or(&[0; 4]));
            let value_end = 4 + u32::from_le_bytes(len) as usize;
            let value = String::from_utf8_lossy(payload.get(4..value_end).unwrap_or_default());
            let related: Vec<RecordRef> = payload
                .get(value_end..)
                .unwrap_or_default()
                .chunks_exact(REF_LEN)
                .map(decode_ref)
                .collect();
            let list = related
                .iter()
                .map(|r| {
                    if names.len() > 1 {
                        format!(
                            "{}#{}",
                            names.get(r.file).map_or("?", String::as_str),
                            r.record
                        )
                    } else {
                        r.record.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let Some(&first) = related.first() else {
                return Ok(());
            };
            let d = Diagnostic {
                location: Location {
                    file: first.file,
                    record: first.record,
                    offset: first.offset,
                    ..Location::default()
                },
                rule: Arc::from(rule),
                severity,
                args: vec![
                    ("value", Arg::Text(value.into_owned())),
                    ("count", Arg::Number(related.len() as i64)),
                    ("records", Arg::Text(list)),
                ],
                detail: None,
                related,
                text: None,
            };
            f(d).map_err(|e| {
                failure = Some(e);
                std::io::Error::other("report failed")
            })
        });
        let result = match (result, failure) {
            (_, Some(e)) => Err(e),
            (Err(e), None) => Err(self.io_error(e)),
            (Ok(()), None) => Ok(()),
        };
        result.and_then(|()| flush_hit(&mut pending, profile, f))
    }

    /// Whether a repeat of kind `kind` makes the repeating record an error under `profile`.
    pub fn rejects(profile: &Profile, repeated: [bool; 3]) -> bool {
        KINDS
            .iter()
            .zip(repeated)
            .any(|(rule, r)| r && profile.severity(rule, None) == Some(Severity::Error))
    }
}
