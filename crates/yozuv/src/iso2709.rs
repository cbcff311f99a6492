//! ISO 2709 (MARC exchange format): framing, streaming and slice readers, writer.
//!
//! The reader never stops at a bad record. It finds each record's end by its
//! terminator (checking the leader's length against it), skips junk between records
//! (reporting it on the next record), and yields a damaged record as an
//! [`Error::Damaged`] holding its bytes.
//!
//! ```
//! use yozuv::iso2709::{Reader, ReadMode};
//! let file = std::fs::File::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
//! let mut reader = Reader::new(file, ReadMode::Permissive);
//! let mut n = 0;
//! while let Some(item) = reader.next_raw() {
//!     let raw = item.unwrap();
//!     assert!(raw.is_sound());
//!     n += 1;
//! }
//! assert_eq!(n, 1);
//! ```

use std::io::{self, Read, Write};

use memchr::memchr;

use crate::error::{Damage, Error, Warning};
use crate::leader::write_digits;
use crate::{
    Field, Position, RawRecord, Record, FIELD_TERMINATOR, RECORD_TERMINATOR, SUBFIELD_DELIMITER,
};

/// How a reader treats damage it can repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadMode {
    /// Any damage makes the record an error.
    Strict,
    /// Damage that can be repaired without guessing is repaired and reported as a
    /// warning on the record; the rest makes the record an error.
    #[default]
    Permissive,
}

/// The largest record the streaming reader buffers while looking for a terminator.
pub const MAX_RECORD_BYTES: usize = 8 * 1024 * 1024;

/// One record's bytes as found by framing, before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The record's bytes (leader through terminator, or to the end of a truncated record).
    pub bytes: &'a [u8],
    /// Record number, from 1.
    pub number: u64,
    /// Byte offset of the record in the input.
    pub offset: u64,
    /// Damage found by framing (junk before the record, length mismatch, truncation).
    pub warnings: Vec<Warning>,
}

/// Where one record framed by [`Reader::next_block`] is in its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockFrame {
    /// Start of the record's bytes in the block.
    pub start: usize,
    /// End (exclusive) of the record's bytes in the block.
    pub end: usize,
    /// Record number, from 1.
    pub number: u64,
    /// Byte offset of the record in the input.
    pub offset: u64,
    /// Damage found by framing (junk before the record, length mismatch, truncation).
    pub warnings: Vec<Warning>,
}

impl<'a> Frame<'a> {
    /// Parses the frame into a [`RawRecord`].
    pub fn parse(self, mode: ReadMode) -> Result<RawRecord<'a>, Error> {
        RawRecord::parse_with(self.bytes, self.number, self.offset, mode, self.warnings)
    }
}

/// Bytes that commonly sit between records in real files.
fn is_filler(b: u8) -> bool {
    matches!(
        b,
        b'\r' | b'\n' | 0 | b' ' | b'\t' | 0x1A | RECORD_TERMINATOR | FIELD_TERMINATOR
    )
}

enum Step {
    /// A record occupies `start..end` of the buffer.
    Record {
        start: usize,
        end: usize,
        warnings: Vec<Warning>,
    },
    /// More input is needed to decide.
    NeedMore,
    /// Only junk (`len` bytes) is left and the input has ended.
    End { junk: usize },
}

/// Finds the next record in `buf`. `offset` is the input offset of `buf[0]`.
fn frame_step(buf: &[u8], eof: bool, offset: u64, number: u64, limit: usize) -> Step {
    let skip = buf.iter().position(|&b| !is_filler(b));
    let Some(start) = skip else {
        return if eof {
            Step::End { junk: buf.len() }
        } else {
            Step::NeedMore
        };
    };
    let rec = &buf[start..];
    let pos = Position::new(number, offset + start as u64);
    let mut warnings = Vec::new();
    if start > 0 {
        warnings.push(Warning {
            position: Position::new(number, offset),
            damage: Damage::JunkBeforeRecord { length: start },
        });
    }
    if rec.len() < 5 && !eof {
        return Step::NeedMore;
    }
    let declared = rec
        .get(..5)
        .filter(|d| d.iter().all(u8::is_ascii_digit))
        .map(|d| d.iter().fold(0usize, |n, b| n * 10 + usize::from(b - b'0')));
    // The declared length is right when it lands on the first terminator.
    if let Some(len) = declared.filter(|&l| l >= 24) {
        if len <= rec.len()
            && rec[len - 1] == RECORD_TERMINATOR
            && memchr(RECORD_TERMINATOR, &rec[..len - 1]).is_none()
        {
            return Step::Record {
                start,
                end: start + len,
                warnings,
            };
        }
    }
    match memchr(RECORD_TERMINATOR, rec) {
        Some(i) => {
            if let Some(declared) = declared {
                warnings.push(Warning {
                    position: pos,
                    damage: Damage::RecordLengthMismatch {
                        declared,
                        actual: i + 1,
                    },
                });
            }
            Step::Record {
                start,
                end: start + i + 1,
                warnings,
            }
        }
        None if rec.len() >= limit => {
            warnings.push(Warning {
                position: pos,
                damage: Damage::RecordTooLarge { limit },
            });
            Step::Record {
                start,
                end: start + limit,
                warnings,
            }
        }
        // A few stray bytes at the end that cannot begin a record are junk, not a record.
        None if eof && rec.len() < 24 && declared.is_none() => Step::End { junk: buf.len() },
        None if eof => {
            warnings.push(Warning {
                position: pos.at_byte(offset + buf.len() as u64),
                damage: Damage::Truncated { length: rec.len() },
            });
            Step::Record {
                start,
                end: buf.len(),
                warnings,
            }
        }
        None => Step::NeedMore,
    }
}

/// A streaming ISO 2709 reader over any [`io::Read`], with one reusable buffer:
/// memory stays flat however large the input (at most [`MAX_RECORD_BYTES`] plus a read chunk).
///
/// Use [`Reader::next_raw`] for zero-copy records, or iterate for decoded [`Record`]s.
pub struct Reader<R> {
    inner: R,
    mode: ReadMode,
    buf: Vec<u8>,
    /// Start of unconsumed bytes in `buf`.
    pos: usize,
    /// End of the bytes read into `buf`.
    end: usize,
    /// Input offset of `buf[0]`.
    buf_offset: u64,
    eof: bool,
    number: u64,
    junk: Vec<(u64, usize)>,
    trailing: Option<(u64, usize)>,
    failed: bool,
}

const CHUNK: usize = 256 * 1024;

/// The largest read [`Reader::next_block`] makes: a block closes where the bytes read are used
/// up, so this bounds how far a block runs past its limits.
const BLOCK_READ: usize = 64 * 1024;

impl<R: Read> Reader<R> {
    /// A reader over `inner`.
    pub fn new(inner: R, mode: ReadMode) -> Self {
        Reader {
            inner,
            mode,
            buf: Vec::new(),
            end: 0,
            pos: 0,
            buf_offset: 0,
            eof: false,
            number: 0,
            junk: Vec::new(),
            failed: false,
            trailing: None,
        }
    }

    /// Spans of junk skipped so far between or after records: `(offset, length)`.
    /// Junk before a record is also reported as a warning on that record; junk after
    /// the last record appears only here.
    pub fn junk(&self) -> &[(u64, usize)] {
        &self.junk
    }

    /// Junk after the last record (reported nowhere else): `(offset, length)`.
    pub fn trailing_junk(&self) -> Option<(u64, usize)> {
        self.trailing
    }

    /// How many records (sound or damaged) have been yielded.
    pub fn records_read(&self) -> u64 {
        self.number
    }

    /// Reads more input after the unconsumed bytes `buf[pos..end]`, moving them to the
    /// front first and growing the buffer only when a record does not fit.
    fn fill(&mut self) -> io::Result<()> {
        self.compact();
        self.grow_and_read(usize::MAX)
    }

    /// Moves the unconsumed bytes `buf[pos..end]` to the front.
    fn compact(&mut self) {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.buf_offset += self.pos as u64;
            self.pos = 0;
        }
    }

    /// The next record's bytes, framed but not parsed (for handing to worker threads).
    pub fn next_frame(&mut self) -> Option<Result<Frame<'_>, Error>> {
        if self.failed {
            return None;
        }
        loop {
            match self.step() {
                Step::NeedMore => {
                    if let Err(source) = self.fill() {
                        return Some(Err(self.failure(source)));
                    }
                }
                Step::End { junk } => {
                    self.take_end(junk);
                    return None;
                }
                Step::Record {
                    start,
                    end,
                    warnings,
                } => {
                    let abs = self.take_record(start, end);
                    return Some(Ok(Frame {
                        bytes: &self.buf[abs..self.pos],
                        number: self.number,
                        offset: self.buf_offset + abs as u64,
                        warnings,
                    }));
                }
            }
        }
    }

    /// What framing finds in the unconsumed bytes.
    fn step(&self) -> Step {
        frame_step(
            &self.buf[self.pos..self.end],
            self.eof,
            self.buf_offset + self.pos as u64,
            self.number + 1,
            MAX_RECORD_BYTES,
        )
    }

    /// Consumes the junk at the end of the input.
    fn take_end(&mut self, junk: usize) {
        if junk > 0 {
            let span = (self.buf_offset + self.pos as u64, junk);
            self.junk.push(span);
            self.trailing = Some(span);
        }
        self.pos += junk;
    }

    /// Consumes a record at `start..end` of the unconsumed bytes (junk before it noted);
    /// returns where it starts in the buffer.
    fn take_record(&mut self, start: usize, end: usize) -> usize {
        self.number += 1;
        if start > 0 {
            self.junk.push((self.buf_offset + self.pos as u64, start));
        }
        let abs = self.pos + start;
        self.pos += end;
        abs
    }

    /// The error of a failed read: the reader yields nothing more.
    fn failure(&mut self, source: io::Error) -> Error {
        self.failed = true;
        let position = Position::new(self.number + 1, self.buf_offset + self.end as u64);
        Error::Io { position, source }
    }

    /// The next record as a zero-copy [`RawRecord`] borrowing the reader's buffer.
    pub fn next_raw(&mut self) -> Option<Result<RawRecord<'_>, Error>> {
        let mode = self.mode;
        match self.next_frame()? {
            Ok(frame) => Some(frame.parse(mode)),
            Err(e) => Some(Err(e)),
        }
    }

    /// Frames whole records into a block of bytes that the caller keeps, without copying
    /// each record: the records are framed in the reader's own buffer, which is then handed
    /// over as `block`, and `block`'s previous allocation becomes the reader's buffer (only
    /// the start of the next record, read past the last whole one, is copied into it).
    /// A block closes at the first point, after `max_records` records or `max_bytes` bytes,
    /// where the bytes read so far are used up (reads are at most 64 KiB, so a block runs
    /// past its limits by less than that); `frames` receives where each record is in the block, in the order and with
    /// the numbers, offsets and warnings [`Reader::next_frame`] would give. The block may
    /// hold bytes after its last record (the start of the next one): only the frames'
    /// ranges are records.
    ///
    /// Returns `Ok(false)` when the input has no more records (then `frames` is empty). An
    /// I/O error after some records of a block is returned by the next call.
    ///
    /// ```
    /// use yozuv::iso2709::{ReadMode, Reader};
    /// let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
    /// let mut reader = Reader::new(&data[..], ReadMode::Permissive);
    /// let (mut block, mut frames) = (Vec::new(), Vec::new());
    /// assert!(reader.next_block(&mut block, &mut frames, 100, 1 << 20).unwrap());
    /// assert_eq!(frames.len(), 1);
    /// assert_eq!(&block[frames[0].start..frames[0].end], &data[..]);
    /// assert!(!reader.next_block(&mut block, &mut frames, 100, 1 << 20).unwrap());
    /// ```
    pub fn next_block(
        &mut self,
        block: &mut Vec<u8>,
        frames: &mut Vec<BlockFrame>,
        max_records: usize,
        max_bytes: usize,
    ) -> Result<bool, Error> {
        frames.clear();
        if self.failed {
            return Ok(false);
        }
        // Unconsumed bytes to the front: from here on the buffer only grows, so the records
        // framed into it stay where they are.
        self.compact();
        loop {
            match self.step() {
                Step::NeedMore => {
                    // The block closes only where the bytes read are used up, so that just
                    // the start of one record is left to copy.
                    if !frames.is_empty() && (frames.len() >= max_records || self.pos >= max_bytes)
                    {
                        break;
                    }
                    if let Err(source) = self.grow_and_read(BLOCK_READ) {
                        if !frames.is_empty() {
                            // These records are whole: they go out, the error comes next.
                            break;
                        }
                        return Err(self.failure(source));
                    }
                }
                Step::End { junk } => {
                    self.take_end(junk);
                    break;
                }
                Step::Record {
                    start,
                    end,
                    warnings,
                } => {
                    let abs = self.take_record(start, end);
                    frames.push(BlockFrame {
                        start: abs,
                        end: self.pos,
                        number: self.number,
                        offset: self.buf_offset + abs as u64,
                        warnings,
                    });
                }
            }
        }
        // The buffer becomes the block; `block`'s allocation takes the unconsumed bytes. Its
        // length is kept (only ever grown) so that a recycled block is not zeroed again.
        let mut next = std::mem::take(block);
        let rest = self.end - self.pos;
        if next.len() < rest {
            next.resize(rest, 0);
        }
        next[..rest].copy_from_slice(&self.buf[self.pos..self.end]);
        *block = std::mem::replace(&mut self.buf, next);
        self.buf_offset += self.pos as u64;
        self.end = rest;
        self.pos = 0;
        Ok(!frames.is_empty())
    }

    /// Reads at most `cap` more bytes after `buf[..end]` without moving anything, growing
    /// the buffer when less than a quarter of a read chunk is free.
    fn grow_and_read(&mut self, cap: usize) -> io::Result<()> {
        if self.buf.len() - self.end < CHUNK / 4 {
            let grown = (self.buf.len() * 2).max(CHUNK);
            self.buf.resize(grown, 0);
        }
        loop {
            let room = self.buf.len().min(self.end.saturating_add(cap));
            match self.inner.read(&mut self.buf[self.end..room]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<Record, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(self.next_raw()?.and_then(|raw| raw.to_record()))
    }
}

/// The fast path: records straight out of a byte slice (a file read or mapped whole).
///
/// ```
/// use yozuv::iso2709::{SliceReader, ReadMode};
/// let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
/// let records: Vec<_> = SliceReader::new(&data, ReadMode::Strict).collect::<Result<_, _>>().unwrap();
/// assert_eq!(records.len(), 1);
/// assert_eq!(records[0].as_bytes(), &data[..]);
/// ```
#[derive(Debug, Clone)]
pub struct SliceReader<'a> {
    data: &'a [u8],
    pos: usize,
    mode: ReadMode,
    number: u64,
    junk: Vec<(u64, usize)>,
    trailing: Option<(u64, usize)>,
}

impl<'a> SliceReader<'a> {
    /// A reader over `data`.
    pub fn new(data: &'a [u8], mode: ReadMode) -> Self {
        SliceReader {
            data,
            pos: 0,
            mode,
            number: 0,
            junk: Vec::new(),
            trailing: None,
        }
    }

    /// Spans of junk skipped so far: `(offset, length)`.
    pub fn junk(&self) -> &[(u64, usize)] {
        &self.junk
    }

    /// Junk after the last record: `(offset, length)`.
    pub fn trailing_junk(&self) -> Option<(u64, usize)> {
        self.trailing
    }

    /// The next record's frame, not parsed.
    pub fn next_frame(&mut self) -> Option<Frame<'a>> {
        match frame_step(
            &self.data[self.pos..],
            true,
            self.pos as u64,
            self.number + 1,
            usize::MAX,
        ) {
            Step::NeedMore => None,
            Step::End { junk } => {
                if junk > 0 {
                    self.junk.push((self.pos as u64, junk));
                    self.trailing = Some((self.pos as u64, junk));
                }
                self.pos = self.data.len();
                None
            }
            Step::Record {
                start,
                end,
                warnings,
            } => {
                self.number += 1;
                if start > 0 {
                    self.junk.push((self.pos as u64, start));
                }
                let abs = self.pos + start;
                self.pos += end;
                Some(Frame {
                    bytes: &self.data[abs..self.pos],
                    number: self.number,
                    offset: abs as u64,
                    warnings,
                })
            }
        }
    }
}

impl<'a> Iterator for SliceReader<'a> {
    type Item = Result<RawRecord<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let mode = self.mode;
        Some(self.next_frame()?.parse(mode))
    }
}

/// Appends `record` to `out` as ISO 2709 with UTF-8 text: leader bytes kept except
/// 00–04 (record length) and 12–16 (base address), which are recomputed with the
/// directory. `position` names the record in the error when it is too long.
///
/// A field over 9,999 bytes or a record over 99,999 bytes is refused, never written
/// with a corrupt length; `out` is left as it was.
pub fn write_record(record: &Record, out: &mut Vec<u8>, position: Position) -> Result<(), Error> {
    assemble(
        &record.leader,
        record.fields.len(),
        out,
        position,
        |i, data| {
            let field = &record.fields[i];
            match field {
                Field::Control { value, .. } => data.extend_from_slice(value.as_bytes()),
                Field::Data {
                    indicators,
                    subfields,
                    ..
                } => {
                    data.extend_from_slice(&indicators.0);
                    for s in subfields {
                        data.push(SUBFIELD_DELIMITER);
                        data.push(s.code);
                        data.extend_from_slice(s.value.as_bytes());
                    }
                }
            }
            field.tag()
        },
    )
}

/// Appends a raw record to `out`, re-assembled from its leader and field bytes with
/// lengths and directory recomputed. For a sound record this gives back exactly the
/// bytes that were read, in any character set.
///
/// ```
/// use yozuv::iso2709::{rebuild, ReadMode, SliceReader};
/// let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
/// let raw = SliceReader::new(&data, ReadMode::Strict).next().unwrap().unwrap();
/// let mut out = Vec::new();
/// rebuild(&raw, &mut out).unwrap();
/// assert_eq!(out, data);
/// ```
pub fn rebuild(raw: &RawRecord<'_>, out: &mut Vec<u8>) -> Result<(), Error> {
    let fields: Vec<_> = raw.fields().collect();
    assemble(
        raw.leader(),
        fields.len(),
        out,
        raw.position(),
        |i, data| {
            data.extend_from_slice(fields[i].data());
            fields[i].tag()
        },
    )
}

/// Lays out leader, directory and data for `n` fields; `field(i, data)` appends field
/// `i`'s bytes (without terminator) to `data` and returns its tag.
fn assemble(
    leader: &crate::Leader,
    n: usize,
    out: &mut Vec<u8>,
    position: Position,
    mut field: impl FnMut(usize, &mut Vec<u8>) -> crate::Tag,
) -> Result<(), Error> {
    let base = 24 + 12 * n + 1;
    let mut data: Vec<u8> = Vec::with_capacity(128 * n.max(1));
    let mut directory: Vec<u8> = Vec::with_capacity(12 * n + 1);
    for i in 0..n {
        let field_start = data.len();
        let tag = field(i, &mut data);
        data.push(FIELD_TERMINATOR);
        let len = data.len() - field_start;
        if len > 9999 {
            return Err(Error::TooLong {
                position: position.with_tag(tag),
                reason: format!("field {tag} is {len} bytes, over 9,999"),
                length: len,
                limit: 9999,
            });
        }
        if field_start > 99_999 {
            return Err(Error::TooLong {
                position,
                reason: format!("field {tag} starts past byte 99,999"),
                length: base + field_start,
                limit: 99_999,
            });
        }
        directory.extend_from_slice(tag.as_bytes());
        let mut num = [0u8; 9];
        write_digits(&mut num[..4], len);
        write_digits(&mut num[4..], field_start);
        directory.extend_from_slice(&num);
    }
    directory.push(FIELD_TERMINATOR);
    let total = base + data.len() + 1;
    if total > 99_999 {
        return Err(Error::TooLong {
            position,
            reason: format!("record is {total} bytes, over 99,999"),
            length: total,
            limit: 99_999,
        });
    }
    let mut leader = *leader;
    leader.set_record_length(total);
    leader.set_base_address(base);
    out.reserve(total);
    out.extend_from_slice(&leader.0);
    out.extend_from_slice(&directory);
    out.extend_from_slice(&data);
    out.push(RECORD_TERMINATOR);
    Ok(())
}

/// Writes records as ISO 2709 to any [`io::Write`].
///
/// ```
/// use yozuv::iso2709::{Writer, SliceReader, ReadMode};
/// let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
/// let mut w = Writer::new(Vec::new());
/// for raw in SliceReader::new(&data, ReadMode::Strict) {
///     w.write(&raw.unwrap().to_record().unwrap()).unwrap();
/// }
/// assert_eq!(w.into_inner(), data);
/// ```
pub struct Writer<W: Write> {
    inner: W,
    buf: Vec<u8>,
    count: u64,
}

impl<W: Write> Writer<W> {
    /// A writer over `inner`.
    pub fn new(inner: W) -> Self {
        Writer {
            inner,
            buf: Vec::new(),
            count: 0,
        }
    }

    /// Writes one record, recomputing lengths and directory.
    pub fn write(&mut self, record: &Record) -> Result<(), Error> {
        self.count += 1;
        self.buf.clear();
        write_record(record, &mut self.buf, Position::new(self.count, 0))?;
        self.inner.write_all(&self.buf).map_err(|source| Error::Io {
            position: Position::new(self.count, 0),
            source,
        })
    }

    /// Writes one record's original bytes unchanged (pass-through).
    pub fn write_raw(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.count += 1;
        self.inner.write_all(bytes).map_err(|source| Error::Io {
            position: Position::new(self.count, 0),
            source,
        })
    }

    /// Flushes and returns the inner writer.
    pub fn into_inner(mut self) -> W {
        let _ = self.inner.flush();
        self.inner
    }

    /// Flushes the inner writer.
    pub fn flush(&mut self) -> Result<(), Error> {
        self.inner.flush().map_err(|source| Error::Io {
            position: Position::new(self.count, 0),
            source,
        })
    }
}
