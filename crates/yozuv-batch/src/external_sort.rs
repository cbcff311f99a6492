//! External sorting for the whole-batch indexes (duplicates, links): byte records (a sort key
//! and a payload) kept in a bounded in-memory buffer, spilled as sorted runs to unnamed
//! temporary files when the buffer is full, and merged k-way at the end. Memory is the
//! buffer's, fixed when the sorter is made, however many records go through.
//!
//! The sort is not stable: records with equal keys come out in no particular order, so a
//! user that needs an order puts a sequence number at the end of its keys.
//!
//! A run can also answer "is there a record whose key starts with this prefix?" while the
//! stream goes on (for the duplicates that reject records as they pass): a sparse index of
//! the runs' indexed records (one entry per block of about [`BLOCK`] bytes) points to the one
//! block to read.
//!
//! On disk a record is `key length (u32 LE) · payload length (u32 LE) · key · payload`.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Bytes of run between two sparse-index entries.
pub(crate) const BLOCK: u64 = 4096;

/// Runs merged at once; more are first merged into bigger runs (so that open files and
/// read buffers stay bounded).
pub(crate) const MAX_FAN_IN: usize = 32;

/// Runs kept while streaming before the smallest are merged.
pub(crate) const MAX_RUNS: usize = 48;

/// Read buffer per run while merging.
const MERGE_BUFFER: usize = 32 << 10;

/// Length of the key prefix the sparse index keeps per block.
pub(crate) const HEAD: usize = 9;

#[derive(Clone, Copy)]
struct Item {
    /// The key's first 8 bytes, big-endian, zero-padded: most comparisons end here (keys
    /// start with a kind byte and a hash) without touching the arena.
    head: u64,
    start: usize,
    key_len: u32,
    len: u32,
}

/// The first 8 bytes of `key` as a big-endian number, zero-padded: comparing heads, then
/// whole keys when heads are equal, orders keys as comparing the keys alone does.
fn key_head(key: &[u8]) -> u64 {
    let mut head = [0u8; 8];
    let n = key.len().min(8);
    head[..n].copy_from_slice(&key[..n]);
    u64::from_be_bytes(head)
}

struct IndexEntry {
    head: [u8; HEAD],
    offset: u64,
}

struct Run {
    file: File,
    len: u64,
    /// Sparse index of the indexed records (empty for runs nobody looks up).
    index: Vec<IndexEntry>,
}

/// A sorter of byte records with a bounded buffer: the buffer's two vectors are allocated
/// once, at their full size, on the first push (so memory is what was asked for, never a
/// doubling more), and given back when the sorter is drained.
pub(crate) struct Sorter {
    arena: Vec<u8>,
    items: Vec<Item>,
    /// Capacity of `arena` and `items` once allocated.
    arena_bytes: usize,
    max_items: usize,
    runs: Vec<Run>,
    dir: PathBuf,
    /// Which records the sparse index covers (by key); `None`: no index.
    indexed: Option<fn(&[u8]) -> bool>,
    /// Runs written so far (including merged ones), for tests and statistics.
    pub(crate) spills: usize,
    /// The block [`Sorter::runs_contain_prefix`] reads runs into.
    block: Vec<u8>,
}

fn write_record(w: &mut impl Write, key: &[u8], payload: &[u8]) -> io::Result<u64> {
    let too_long = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "external sort: record too long",
        )
    };
    w.write_all(
        &u32::try_from(key.len())
            .map_err(|_| too_long())?
            .to_le_bytes(),
    )?;
    w.write_all(
        &u32::try_from(payload.len())
            .map_err(|_| too_long())?
            .to_le_bytes(),
    )?;
    w.write_all(key)?;
    w.write_all(payload)?;
    Ok(8 + key.len() as u64 + payload.len() as u64)
}

/// Reads the next record into `key` and `payload`; `false` at the end.
fn read_record(r: &mut impl BufRead, key: &mut Vec<u8>, payload: &mut Vec<u8>) -> io::Result<bool> {
    let buf = r.fill_buf()?;
    if buf.is_empty() {
        return Ok(false);
    }
    // Nearly always the whole record is in the buffer: copied from it at once.
    if let Some(head) = buf.get(..8) {
        let k = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let p = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        if let Some(record) = buf.get(8..8 + k + p) {
            let (k_bytes, p_bytes) = record.split_at(k);
            key.clear();
            key.extend_from_slice(k_bytes);
            payload.clear();
            payload.extend_from_slice(p_bytes);
            r.consume(8 + k + p);
            return Ok(true);
        }
    }
    let mut head = [0u8; 8];
    r.read_exact(&mut head)?;
    let (k, p) = head.split_at(4);
    let k = u32::from_le_bytes(k.try_into().unwrap_or_default()) as usize;
    let p = u32::from_le_bytes(p.try_into().unwrap_or_default()) as usize;
    key.resize(k, 0);
    r.read_exact(key)?;
    payload.resize(p, 0);
    r.read_exact(payload)?;
    Ok(true)
}

impl Sorter {
    /// An empty sorter whose buffer holds `max_items` records in `arena_bytes` bytes,
    /// spilling to `dir`; `indexed` chooses the records runs can be searched for (see
    /// [`Sorter::runs_contain_prefix`]).
    pub(crate) fn new(
        dir: PathBuf,
        indexed: Option<fn(&[u8]) -> bool>,
        arena_bytes: usize,
        max_items: usize,
    ) -> Self {
        Sorter {
            arena: Vec::new(),
            items: Vec::new(),
            arena_bytes: arena_bytes.max(256),
            max_items: max_items.max(2),
            runs: Vec::new(),
            dir,
            indexed,
            spills: 0,
            block: Vec::new(),
        }
    }

    /// Bytes a buffer of `memory` bytes gives to records, and how many records it holds
    /// (with `per_item` more bytes per record elsewhere, e.g. a hash table).
    pub(crate) fn split(memory: usize, per_item: usize) -> (usize, usize) {
        // Entries are 40-100 bytes: one slot per 96 bytes of records.
        let item = std::mem::size_of::<Item>() + per_item;
        let max_items = memory / (96 + item);
        (memory.saturating_sub(max_items * item), max_items)
    }

    /// Whether a record of `len` bytes fits in the buffer without spilling.
    pub(crate) fn has_room(&self, len: usize) -> bool {
        self.items.is_empty()
            || (self.items.len() < self.max_items && self.arena.len() + len <= self.arena_bytes)
    }

    /// Adds a record to the buffer (which should have room; see [`Sorter::has_room`]).
    pub(crate) fn push(&mut self, key: &[u8], payload: &[u8]) {
        if self.arena.capacity() == 0 {
            self.arena.reserve_exact(self.arena_bytes);
            self.items.reserve_exact(self.max_items);
        }
        let start = self.arena.len();
        self.arena.extend_from_slice(key);
        self.arena.extend_from_slice(payload);
        self.items.push(Item {
            head: key_head(key),
            start,
            key_len: key.len() as u32,
            len: (key.len() + payload.len()) as u32,
        });
    }

    /// Records the buffer holds at most.
    pub(crate) fn capacity(&self) -> usize {
        self.max_items
    }

    /// Records in the buffer.
    pub(crate) fn buffered(&self) -> usize {
        self.items.len()
    }

    /// Whether some records went to disk.
    #[cfg(test)]
    pub(crate) fn has_runs(&self) -> bool {
        !self.runs.is_empty()
    }

    fn key(&self, item: Item) -> &[u8] {
        &self.arena[item.start..item.start + item.key_len as usize]
    }

    fn payload(&self, item: Item) -> &[u8] {
        &self.arena[item.start + item.key_len as usize..item.start + item.len as usize]
    }

    /// The key of the `i`-th buffered record (in push order until the buffer is sorted).
    pub(crate) fn buffered_key(&self, i: usize) -> Option<&[u8]> {
        self.items.get(i).map(|&item| self.key(item))
    }

    /// Whether a buffered record's key starts with `prefix` (a linear scan).
    pub(crate) fn buffer_contains_prefix(&self, prefix: &[u8]) -> bool {
        self.items
            .iter()
            .any(|&item| self.key(item).starts_with(prefix))
    }

    fn sort_buffer(&mut self) {
        let arena = &self.arena;
        self.items.sort_unstable_by(|a, b| {
            a.head.cmp(&b.head).then_with(|| {
                arena[a.start..a.start + a.key_len as usize]
                    .cmp(&arena[b.start..b.start + b.key_len as usize])
            })
        });
    }

    fn temp_file(&self) -> io::Result<File> {
        // Unnamed: the system removes it when it is closed, even if the process is killed.
        tempfile::tempfile_in(&self.dir)
    }

    /// Sorts the buffer and writes it as a run; calls `each_key` on every key written. When
    /// more than [`MAX_RUNS`] runs exist, the smallest are merged (so open files stay few and
    /// look-ups cheap, with O(n log n) bytes rewritten).
    pub(crate) fn spill(&mut self, each_key: &mut dyn FnMut(&[u8])) -> io::Result<()> {
        if self.items.is_empty() {
            return Ok(());
        }
        self.sort_buffer();
        let mut w = RunWriter::new(self.temp_file()?, self.indexed);
        for &item in &self.items {
            let key = self.key(item);
            each_key(key);
            w.push(key, self.payload(item))?;
        }
        self.runs.push(w.finish()?);
        self.spills += 1;
        self.items.clear();
        self.arena.clear();
        if self.runs.len() > MAX_RUNS {
            self.merge_smallest()?;
        }
        Ok(())
    }

    /// Whether a record whose key starts with `prefix` is in a run (not the buffer). The
    /// prefix must start with [`HEAD`] bytes of an indexed record's key.
    pub(crate) fn runs_contain_prefix(&mut self, prefix: &[u8]) -> io::Result<bool> {
        let Some(head) = prefix.get(..HEAD) else {
            return Ok(false);
        };
        // Latest first (small, recent runs sit at the end): repeats tend to be near each other.
        for run in self.runs.iter().rev() {
            let i = run.index.partition_point(|e| e.head.as_slice() < head);
            // Equal heads may begin in the block before; never start in another region.
            let start = match (i.checked_sub(1).map(|j| &run.index[j]), run.index.get(i)) {
                (Some(before), _) if before.head[0] == head[0] => before,
                (_, Some(at)) if at.head.as_slice() == head => at,
                _ => continue,
            };
            if scan_run(run, start.offset, prefix, &mut self.block)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Merges the [`MAX_FAN_IN`] smallest runs into one (with its sparse index).
    fn merge_smallest(&mut self) -> io::Result<()> {
        self.runs.sort_by_key(|r| std::cmp::Reverse(r.len));
        let group = self
            .runs
            .split_off(self.runs.len().saturating_sub(MAX_FAN_IN));
        let mut w = RunWriter::new(self.temp_file()?, self.indexed);
        let mut merge = Merge::new(
            group
                .iter()
                .map(Source::of_run)
                .collect::<io::Result<_>>()?,
        )?;
        while let Some((key, payload)) = merge.next()? {
            w.push(key, payload)?;
        }
        drop(merge);
        self.runs.push(w.finish()?);
        self.spills += 1;
        Ok(())
    }

    /// Merges runs until at most [`MAX_FAN_IN`] remain.
    fn reduce_runs(&mut self) -> io::Result<()> {
        while self.runs.len() > MAX_FAN_IN {
            self.merge_smallest()?;
        }
        Ok(())
    }

    /// Every record, in key order: the runs and the buffer merged. The sorter is empty after.
    pub(crate) fn drain_sorted(
        &mut self,
        mut f: impl FnMut(&[u8], &[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        self.reduce_runs()?;
        self.sort_buffer();
        let runs = std::mem::take(&mut self.runs);
        let mut sources = runs
            .iter()
            .map(Source::of_run)
            .collect::<io::Result<Vec<_>>>()?;
        sources.push(Source::Memory {
            sorter: self,
            next: 0,
        });
        let mut merge = Merge::new(sources)?;
        while let Some((key, payload)) = merge.next()? {
            f(key, payload)?;
        }
        drop(merge);
        self.release();
        Ok(())
    }

    /// Spills what is buffered if something was spilled before (so that the buffer's memory
    /// can be given back before a merge), and gives the buffer's memory back.
    pub(crate) fn spill_rest(&mut self) -> io::Result<()> {
        if !self.runs.is_empty() {
            self.spill(&mut |_| {})?;
            self.release();
        }
        Ok(())
    }

    fn release(&mut self) {
        self.items = Vec::new();
        self.arena = Vec::new();
    }
}

/// Reads `buf.len()` bytes of `file` at `offset` (one positioned read where the system has
/// it: no seek, no reader to set up).
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(not(unix))]
    {
        let mut f = file;
        f.seek(SeekFrom::Start(offset))?;
        f.read_exact(buf)
    }
}

/// Whether a record of `run` from `offset` on, before the first key greater than `prefix`,
/// starts with `prefix`; reads the run in blocks into `block` (reused between look-ups).
fn scan_run(run: &Run, mut offset: u64, prefix: &[u8], block: &mut Vec<u8>) -> io::Result<bool> {
    let mut want = BLOCK as usize;
    while offset < run.len {
        let len = (want as u64).min(run.len - offset) as usize;
        block.resize(len, 0);
        read_exact_at(&run.file, block, offset)?;
        let mut at = 0;
        while let Some(head) = block.get(at..at + 8) {
            let k = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
            let p = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
            let Some(key) = block.get(at + 8..at + 8 + k) else {
                break;
            };
            if key.starts_with(prefix) {
                return Ok(true);
            }
            if key > prefix {
                return Ok(false);
            }
            at += 8 + k + p;
        }
        if at == 0 {
            // A record longer than the block: read more at once.
            want = want.saturating_mul(2);
        }
        offset += at as u64;
    }
    Ok(false)
}

/// Writes one run, building its sparse index.
struct RunWriter {
    w: BufWriter<File>,
    len: u64,
    index: Vec<IndexEntry>,
    indexed: Option<fn(&[u8]) -> bool>,
    last_indexed: Option<u64>,
}

impl RunWriter {
    fn new(file: File, indexed: Option<fn(&[u8]) -> bool>) -> Self {
        RunWriter {
            w: BufWriter::with_capacity(MERGE_BUFFER, file),
            len: 0,
            index: Vec::new(),
            indexed,
            last_indexed: None,
        }
    }

    fn push(&mut self, key: &[u8], payload: &[u8]) -> io::Result<()> {
        if let Some(indexed) = self.indexed {
            if indexed(key) {
                // A block starts at the first indexed record after an unindexed one (so that
                // look-ups never scan unindexed records) or after BLOCK bytes.
                let new_block = match self.last_indexed {
                    Some(at) => self.len - at >= BLOCK,
                    None => true,
                };
                if new_block && key.len() >= HEAD {
                    let mut head = [0u8; HEAD];
                    head.copy_from_slice(&key[..HEAD]);
                    self.index.push(IndexEntry {
                        head,
                        offset: self.len,
                    });
                    self.last_indexed = Some(self.len);
                }
            } else {
                self.last_indexed = None;
            }
        }
        self.len += write_record(&mut self.w, key, payload)?;
        Ok(())
    }

    fn finish(self) -> io::Result<Run> {
        let file = self.w.into_inner().map_err(|e| e.into_error())?;
        Ok(Run {
            file,
            len: self.len,
            index: self.index,
        })
    }
}

/// Where merged records come from.
enum Source<'a> {
    File(BufReader<io::Take<&'a File>>),
    Memory { sorter: &'a Sorter, next: usize },
}

impl<'a> Source<'a> {
    fn of_run(run: &'a Run) -> io::Result<Self> {
        let mut f = &run.file;
        f.seek(SeekFrom::Start(0))?;
        Ok(Source::File(BufReader::with_capacity(
            MERGE_BUFFER,
            f.take(run.len),
        )))
    }

    /// Reads the next record into `head`; `false` at the end.
    fn advance(&mut self, head: &mut Head) -> io::Result<bool> {
        match self {
            Source::File(r) => read_record(r, &mut head.key, &mut head.payload),
            Source::Memory { sorter, next } => {
                let Some(&item) = sorter.items.get(*next) else {
                    return Ok(false);
                };
                *next += 1;
                head.key.clear();
                head.key.extend_from_slice(sorter.key(item));
                head.payload.clear();
                head.payload.extend_from_slice(sorter.payload(item));
                Ok(true)
            }
        }
    }
}

/// The current record of one source.
struct Head {
    key: Vec<u8>,
    payload: Vec<u8>,
    source: usize,
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Head {}
impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Head {
    /// Reversed: `BinaryHeap` pops the smallest key (ties: the older source).
    fn cmp(&self, other: &Self) -> Ordering {
        (&other.key, other.source).cmp(&(&self.key, self.source))
    }
}

/// A k-way merge of sorted sources.
struct Merge<'a> {
    sources: Vec<Source<'a>>,
    heap: BinaryHeap<Head>,
    /// The record last returned (its source is advanced on the next call).
    current: Option<Head>,
}

impl<'a> Merge<'a> {
    fn new(mut sources: Vec<Source<'a>>) -> io::Result<Self> {
        let mut heap = BinaryHeap::with_capacity(sources.len());
        for (i, s) in sources.iter_mut().enumerate() {
            let mut head = Head {
                key: Vec::new(),
                payload: Vec::new(),
                source: i,
            };
            if s.advance(&mut head)? {
                heap.push(head);
            }
        }
        Ok(Merge {
            sources,
            heap,
            current: None,
        })
    }

    fn next(&mut self) -> io::Result<Option<(&[u8], &[u8])>> {
        if let Some(mut head) = self.current.take() {
            if self.sources[head.source].advance(&mut head)? {
                self.heap.push(head);
            }
        }
        self.current = self.heap.pop();
        Ok(self
            .current
            .as_ref()
            .map(|h| (h.key.as_slice(), h.payload.as_slice())))
    }
}

/// The directory temporary files go to: `dir`, or the system's.
pub(crate) fn temp_dir(dir: Option<&Path>) -> PathBuf {
    dir.map_or_else(std::env::temp_dir, Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &mut Sorter) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        s.drain_sorted(|k, p| {
            out.push((k.to_vec(), p.to_vec()));
            Ok(())
        })
        .unwrap();
        out
    }

    fn key(kind: u8, n: u64) -> Vec<u8> {
        let mut k = vec![kind];
        k.extend_from_slice(&n.to_be_bytes());
        k.extend_from_slice(b"text");
        k
    }

    #[test]
    fn merges_runs_and_buffer_in_order() {
        let mut s = Sorter::new(std::env::temp_dir(), Some(|k: &[u8]| k[0] == 0), 1 << 20, 7);
        let mut expected = Vec::new();
        // 100 runs of 7 records, then 3 in the buffer: more runs than one merge takes.
        for i in 0..703u64 {
            let n = (i * 7919) % 1000;
            let k = key((i % 2) as u8, n);
            if !s.has_room(k.len() + 8) {
                s.spill(&mut |_| {}).unwrap();
            }
            s.push(&k, &i.to_le_bytes());
            expected.push((k, i.to_le_bytes().to_vec()));
        }
        assert!(s.has_runs());
        for (k, _) in &expected {
            if k[0] == 0 {
                assert!(
                    s.runs_contain_prefix(k).unwrap() || s.buffer_contains_prefix(k),
                    "{k:?}"
                );
            }
        }
        assert!(!s.runs_contain_prefix(&key(0, 5000)).unwrap());
        expected.sort();
        let got = all(&mut s);
        assert_eq!(got, expected);
        assert!(s.spills > 100, "runs were merged in groups");
    }

    /// Run look-ups read blocks: records longer than a block, payloads across block ends and
    /// keys that are absent give what a scan of every key gives.
    #[test]
    fn run_lookups_match_a_full_scan() {
        let mut s = Sorter::new(std::env::temp_dir(), Some(|k: &[u8]| k[0] == 0), 1 << 14, 9);
        let mut keys = Vec::new();
        for i in 0..200u64 {
            let mut k = key(0, (i * 7919) % 500);
            // Some keys (and payloads) longer than a block.
            k.extend(std::iter::repeat_n(b'x', ((i % 13) * 700) as usize));
            let payload = vec![i as u8; ((i * 37) % 5000) as usize];
            if !s.has_room(k.len() + payload.len()) {
                s.spill(&mut |_| {}).unwrap();
            }
            s.push(&k, &payload);
            keys.push(k);
        }
        s.spill(&mut |_| {}).unwrap();
        assert!(s.has_runs());
        for n in 0..520u64 {
            for extra in [0usize, 700, 3500] {
                let mut prefix = key(0, n);
                prefix.extend(std::iter::repeat_n(b'x', extra));
                let expected = keys.iter().any(|k| k.starts_with(&prefix));
                assert_eq!(
                    s.runs_contain_prefix(&prefix).unwrap(),
                    expected,
                    "{n} {extra}"
                );
            }
        }
    }

    /// Records read through a buffer that holds them whole (the fast path) and through one
    /// too small for any (the reference path) come out the same.
    #[test]
    fn records_read_whole_or_in_pieces_alike() {
        let mut bytes = Vec::new();
        let mut expected = Vec::new();
        for i in 0..300usize {
            let key: Vec<u8> = (0..i % 37).map(|j| (i * 31 + j) as u8).collect();
            let payload: Vec<u8> = (0..(i * 7) % 101).map(|j| (i + j * 3) as u8).collect();
            write_record(&mut bytes, &key, &payload).unwrap();
            expected.push((key, payload));
        }
        for capacity in [1, 7, 64, 1 << 16] {
            let mut r = BufReader::with_capacity(capacity, bytes.as_slice());
            let (mut key, mut payload) = (Vec::new(), Vec::new());
            let mut got = Vec::new();
            while read_record(&mut r, &mut key, &mut payload).unwrap() {
                got.push((key.clone(), payload.clone()));
            }
            assert_eq!(got, expected, "buffer of {capacity} bytes");
        }
    }

    #[test]
    fn sorting_by_head_then_key_is_byte_order() {
        // Short keys, keys that are prefixes of others, keys equal in their first 8 bytes
        // and zero bytes where the padding would be: the order must be plain byte order.
        let keys: Vec<&[u8]> = vec![
            b"",
            b"\0",
            b"\0\0",
            b"a",
            b"ab",
            b"ab\0",
            b"ab\0\x01",
            b"abcdefgh",
            b"abcdefgh\0",
            b"abcdefghi",
            b"abcdefgg\xff",
            b"\xff",
            b"\xff\xff\xff\xff\xff\xff\xff\xff\x01",
            b"b",
        ];
        let mut s = Sorter::new(std::env::temp_dir(), None, 1 << 20, 64);
        for (i, k) in keys.iter().enumerate() {
            s.push(k, &[i as u8]);
        }
        let got: Vec<Vec<u8>> = all(&mut s).into_iter().map(|(k, _)| k).collect();
        let mut expected: Vec<Vec<u8>> = keys.iter().map(|k| k.to_vec()).collect();
        expected.sort();
        assert_eq!(got, expected);
    }
}
