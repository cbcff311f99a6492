//! A zero-copy view over one ISO 2709 record's bytes.

use memchr::memchr;

use crate::error::{Damage, Error, Warning};
use crate::iso2709::ReadMode;
use crate::{Field, Indicators, Leader, Position, Record, Subfield, Tag};
use crate::{FIELD_TERMINATOR, RECORD_TERMINATOR, SUBFIELD_DELIMITER};

/// Decodes one text (control field value or subfield value) of a record:
/// `(bytes, position, warnings) -> text`, adding a warning for anything it could not decode.
pub type TextDecoder<'d> = dyn FnMut(&[u8], Position, &mut Vec<Warning>) -> String + 'd;

/// Decodes one text of a record into `out` (empty when called):
/// `(bytes, position, warnings, out)`, the form [`RawRecord::to_record_into`] takes so that a
/// record's strings can be reused from one record to the next.
pub type TextWriter<'d> = dyn FnMut(&[u8], Position, &mut Vec<Warning>, &mut String) + 'd;

/// One directory entry, resolved to a byte range of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The field's tag.
    pub tag: Tag,
    /// Start of the field's data, relative to the record's first byte.
    pub start: u32,
    /// Length of the field's data without its terminator.
    pub len: u32,
}

/// A validated view over one record's bytes: leader, directory and field slices.
/// Fields are not copied; one vector of directory entries is the only allocation.
///
/// ```
/// use yozuv::iso2709::ReadMode;
/// use yozuv::RawRecord;
/// let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
/// let raw = RawRecord::parse(&bytes, 1, 0, ReadMode::Strict).unwrap();
/// let f245 = raw.fields().find(|f| f.tag() == "245").unwrap();
/// let (code, value) = f245.subfields().next().unwrap();
/// assert_eq!((code, value), (b'a', &b"Summerland /"[..]));
/// ```
#[derive(Debug, Clone)]
pub struct RawRecord<'a> {
    bytes: &'a [u8],
    leader: Leader,
    entries: Vec<Entry>,
    number: u64,
    offset: u64,
    warnings: Vec<Warning>,
    /// [`RawRecord::byte_kind`], once known.
    byte_kind: ByteKindMemo,
}

/// What a record's bytes are as text, all of them (leader and directory included):
/// see [`RawRecord::byte_kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteKind {
    /// Only ASCII bytes.
    Ascii,
    /// Valid UTF-8 with at least one character beyond ASCII.
    Utf8,
    /// Bytes over 0x7F that are not valid UTF-8 (an 8-bit set, or damage).
    Other,
}

impl ByteKind {
    /// Classifies `bytes`.
    fn of(bytes: &[u8]) -> ByteKind {
        if bytes.is_ascii() {
            ByteKind::Ascii
        } else if simdutf8::basic::from_utf8(bytes).is_ok() {
            ByteKind::Utf8
        } else {
            ByteKind::Other
        }
    }
}

/// A [`ByteKind`] computed at most once per record, by whoever needs it first (the
/// decoder, which validates the record anyway, or a validator's charset rule): 0 while
/// unknown. Atomic so that `RawRecord` stays `Sync`.
#[derive(Default)]
struct ByteKindMemo(std::sync::atomic::AtomicU8);

impl ByteKindMemo {
    fn get(&self) -> Option<ByteKind> {
        match self.0.load(std::sync::atomic::Ordering::Relaxed) {
            1 => Some(ByteKind::Ascii),
            2 => Some(ByteKind::Utf8),
            3 => Some(ByteKind::Other),
            _ => None,
        }
    }

    fn set(&self, kind: ByteKind) {
        let code = match kind {
            ByteKind::Ascii => 1,
            ByteKind::Utf8 => 2,
            ByteKind::Other => 3,
        };
        self.0.store(code, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Clone for ByteKindMemo {
    fn clone(&self) -> Self {
        let memo = ByteKindMemo::default();
        if let Some(kind) = self.get() {
            memo.set(kind);
        }
        memo
    }
}

impl std::fmt::Debug for ByteKindMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.get() {
            Some(kind) => write!(f, "{kind:?}"),
            None => f.write_str("unknown"),
        }
    }
}

/// One field of a [`RawRecord`]: its tag and its bytes without the terminator.
#[derive(Debug, Clone, Copy)]
pub struct RawField<'a> {
    tag: Tag,
    data: &'a [u8],
    offset: u64,
}

impl<'a> RawField<'a> {
    /// The tag.
    pub fn tag(&self) -> Tag {
        self.tag
    }

    /// The field's bytes, without the field terminator.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// Byte offset of the field's first byte in the input.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// True for a control field (`00X`).
    pub fn is_control(&self) -> bool {
        self.tag.is_control()
    }

    /// The two indicators of a data field, if the field is long enough.
    pub fn indicators(&self) -> Option<[u8; 2]> {
        if self.is_control() || self.data.len() < 2 || self.data[..2].contains(&SUBFIELD_DELIMITER)
        {
            None
        } else {
            Some([self.data[0], self.data[1]])
        }
    }

    /// Bytes between the indicators and the first subfield delimiter (normally empty).
    pub fn leading_data(&self) -> &'a [u8] {
        let body = self.body();
        let end = find_delimiter(body).unwrap_or(body.len());
        &body[..end]
    }

    fn body(&self) -> &'a [u8] {
        if self.is_control() {
            return self.data;
        }
        match self.indicators() {
            Some(_) => &self.data[2..],
            None => {
                let n = self
                    .data
                    .iter()
                    .take(2)
                    .take_while(|&&b| b != SUBFIELD_DELIMITER)
                    .count();
                &self.data[n..]
            }
        }
    }

    /// The subfields of a data field: `(code, value bytes)`, in order. A delimiter with
    /// no code after it (at the end of the field) yields nothing.
    pub fn subfields(&self) -> RawSubfields<'a> {
        let body = if self.is_control() {
            &[][..]
        } else {
            self.body()
        };
        let start = find_delimiter(body).unwrap_or(body.len());
        self.subfields_from(body, start)
    }

    /// The subfields of `body` (this field's [`RawField::body`]) from its first delimiter,
    /// at `start`.
    fn subfields_from(&self, body: &'a [u8], start: usize) -> RawSubfields<'a> {
        RawSubfields {
            rest: body.get(start..).unwrap_or_default(),
            offset: self.offset + (self.data.len() - body.len() + start) as u64,
        }
    }
}

/// Iterator over the subfields of a [`RawField`]; yields `(code, value)`.
#[derive(Debug, Clone)]
pub struct RawSubfields<'a> {
    rest: &'a [u8],
    offset: u64,
}

impl<'a> RawSubfields<'a> {
    /// Byte offset in the input of the next subfield's delimiter.
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

impl<'a> Iterator for RawSubfields<'a> {
    type Item = (u8, &'a [u8]);

    fn next(&mut self) -> Option<(u8, &'a [u8])> {
        // `rest` always starts at a delimiter (or is empty).
        if self.rest.len() < 2 {
            self.offset += self.rest.len() as u64;
            self.rest = &[];
            return None;
        }
        let code = self.rest[1];
        let value_start = 2;
        let end =
            find_delimiter(&self.rest[value_start..]).map_or(self.rest.len(), |i| i + value_start);
        let value = &self.rest[value_start..end];
        self.offset += end as u64;
        self.rest = &self.rest[end..];
        Some((code, value))
    }
}

/// Index of the first subfield delimiter in `haystack`. Subfields are short (a few dozen
/// bytes) and `memchr`'s set-up per call costs more than the scan then: the first 64 bytes
/// are scanned a word (8 bytes) at a time, the rest of a long text with `memchr`.
#[inline]
pub(crate) fn find_delimiter(haystack: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const PATTERN: u64 = ONES * SUBFIELD_DELIMITER as u64;
    let head = &haystack[..haystack.len().min(64)];
    let mut words = head.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        // A byte of `x` is zero where the delimiter is; the lowest flagged byte is the
        // first zero byte (a borrow can only flag bytes above a zero byte).
        let x = u64::from_le_bytes(eight) ^ PATTERN;
        let zeros = x.wrapping_sub(ONES) & !x & HIGHS;
        if zeros != 0 {
            return Some(at + (zeros.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    if let Some(i) = words
        .remainder()
        .iter()
        .position(|&b| b == SUBFIELD_DELIMITER)
    {
        return Some(at + i);
    }
    if haystack.len() <= 64 {
        return None;
    }
    memchr(SUBFIELD_DELIMITER, &haystack[64..]).map(|i| i + 64)
}

/// Where the directory ends and the data begins: `(directory_end, base_address)`.
/// The declared base address wins when a field terminator sits just before it;
/// otherwise the first field terminator, if the bytes before it are whole entries;
/// otherwise the run of entries that look like entries (tag and nine digits).
fn locate_directory(
    bytes: &[u8],
    leader: &Leader,
    data_end: usize,
) -> Result<(usize, usize), (usize, Damage)> {
    if data_end <= 24 {
        return Err((24, Damage::NoFields));
    }
    let looks_like_entry = |e: &[u8]| e.len() == 12 && e[3..].iter().all(u8::is_ascii_digit);
    if let Some(b) = leader.base_address() {
        if b > 24 && b <= data_end && bytes[b - 1] == FIELD_TERMINATOR && (b - 25) % 12 == 0 {
            return Ok((b - 1, b));
        }
    }
    let first_terminator = memchr(FIELD_TERMINATOR, &bytes[24..data_end]).map(|i| 24 + i);
    if let Some(t) = first_terminator {
        let dir = &bytes[24..t];
        if dir.len() % 12 == 0 && dir.chunks_exact(12).all(looks_like_entry) {
            return Ok((t, t + 1));
        }
        if let Some(i) = dir.iter().position(|b| !b.is_ascii()) {
            return Err((24 + i, Damage::DirectoryNotAscii { byte: dir[i] }));
        }
        let whole = dir.len() / 12;
        if dir.len() % 12 != 0 && dir.chunks_exact(12).all(looks_like_entry) && whole > 0 {
            return Err((24, Damage::DirectoryLengthInvalid { length: dir.len() }));
        }
    }
    // No usable terminator: take the entries that look like entries.
    let n = bytes[24..data_end]
        .chunks_exact(12)
        .take_while(|e| looks_like_entry(e))
        .count();
    if n == 0 {
        return Err((24, Damage::DirectoryEntryInvalid { index: 0 }));
    }
    let end = 24 + 12 * n;
    let base = match leader.base_address() {
        Some(b) if b == end + 1 && b <= data_end => b,
        _ if bytes.get(end) == Some(&FIELD_TERMINATOR) => end + 1,
        _ => end,
    };
    Ok((end, base))
}

/// The data area split at field terminators: `(start, end)` of each field's data,
/// end exclusive of its terminator, offsets relative to the record. Bytes after the
/// last terminator count as one more (unterminated) field.
fn field_segments(data: &[u8], base: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr_iter(FIELD_TERMINATOR, data) {
        out.push((base + start, base + i));
        start = i + 1;
    }
    if start < data.len() && data[start..].iter().any(|&b| b != b' ' && b != 0) {
        out.push((base + start, base + data.len()));
    }
    out
}

/// How many bytes of `haystack` equal `needle`. Counted in blocks of 224 bytes (at most 255,
/// and a multiple of the 32 bytes the loop takes per step) into a `u8`, which the compiler turns into vector
/// compares (one pass, no early exit).
fn count_byte(haystack: &[u8], needle: u8) -> usize {
    haystack
        .chunks(224)
        .map(|block| {
            usize::from(
                block
                    .iter()
                    .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == needle))),
            )
        })
        .sum()
}

/// The first pass over the directory: every entry as declared into `entries`, and
/// `(sound, tiled_end, tags_valid)`: whether every declared length lands on a field
/// terminator, where the fields end if they follow each other from `base` in directory order
/// without gaps, and whether every tag is alphanumeric. `Err(index)` for the first entry
/// whose numbers are not digits. Out of line: a small function keeps its loop in registers.
#[inline(never)]
fn read_directory(
    directory: &[u8],
    bytes: &[u8],
    base: usize,
    data_end: usize,
    entries: &mut Vec<Entry>,
) -> Result<(bool, Option<usize>, bool), usize> {
    let mut sound = true;
    let mut tiled = true;
    let mut next_start = base;
    let mut tags_valid = true;
    let first = entries.len();
    let blank = Entry {
        tag: Tag(*b"   "),
        start: 0,
        len: 0,
    };
    entries.resize(first + directory.len() / 12, blank);
    for (index, (slot, e)) in entries[first..]
        .iter_mut()
        .zip(directory.chunks_exact(12))
        .enumerate()
    {
        let Some((len, start)) = entry_numbers(e) else {
            entries.truncate(first);
            return Err(index);
        };
        let tag = [e[0], e[1], e[2]];
        let abs = base + start;
        let end = abs + len;
        sound &=
            len > 0 && end <= data_end && bytes.get(end.wrapping_sub(1)) == Some(&FIELD_TERMINATOR);
        tiled &= next_start == abs;
        next_start = end;
        tags_valid &= ALPHANUMERIC[usize::from(tag[0])]
            & ALPHANUMERIC[usize::from(tag[1])]
            & ALPHANUMERIC[usize::from(tag[2])];
        // Both fit: `len` has four digits, `abs` at most ten.
        *slot = Entry {
            tag: Tag(tag),
            start: abs as u32,
            len: (len as u32).wrapping_sub(1),
        };
    }
    Ok((sound, tiled.then_some(next_start), tags_valid))
}

/// Which bytes are ASCII letters or digits (what [`Tag::is_alphanumeric`] accepts), for a
/// test without branches.
static ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The field length (4 digits) and start (5 digits) of a 12-byte directory entry; `None`
/// if any of those 9 bytes is not an ASCII digit. Eight of them are checked at once, as one
/// 64-bit word: every byte's high nibble is 3, and adding 6 leaves it 3 (so it is `0`..=`9`).
#[inline]
fn entry_numbers(entry: &[u8]) -> Option<(usize, usize)> {
    const THREES: u64 = 0x3030_3030_3030_3030;
    const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const SIXES: u64 = 0x0606_0606_0606_0606;
    let eight: [u8; 8] = entry.get(3..11)?.try_into().ok()?;
    let last = entry.get(11)?.wrapping_sub(b'0');
    let word = u64::from_le_bytes(eight);
    // No byte carries into the next: with every high nibble 3, a byte is at most 0x3F.
    if word & HIGH_NIBBLES != THREES
        || word.wrapping_add(SIXES) & HIGH_NIBBLES != THREES
        || last > 9
    {
        return None;
    }
    // Digits to numbers in the word, first digit lowest: pairs (10·d0 + d1 in byte 0, ...),
    // then quadruples (100·pair0 + pair1 in the 16 bits at 0, the next four digits at 32).
    let digits = word - THREES;
    let pairs = (digits.wrapping_mul(10) + (digits >> 8)) & 0x00FF_00FF_00FF_00FF;
    let quads = pairs.wrapping_mul(1 + (100 << 16)) >> 16;
    let len = (quads & 0xFFFF) as usize;
    let start_head = ((quads >> 32) & 0xFFFF) as usize;
    Some((len, start_head * 10 + usize::from(last)))
}

impl<'a> RawRecord<'a> {
    /// Parses one record's bytes (from the leader's first byte through the record
    /// terminator, or to the end of a truncated record). `number` counts from 1 and
    /// `offset` is the input offset of the first byte; both go into positions.
    ///
    /// In [`ReadMode::Strict`] any damage is an error; in [`ReadMode::Permissive`]
    /// damage that can be repaired without guessing is repaired and kept as a warning.
    pub fn parse(
        bytes: &'a [u8],
        number: u64,
        offset: u64,
        mode: ReadMode,
    ) -> Result<RawRecord<'a>, Error> {
        Self::parse_with(bytes, number, offset, mode, Vec::new())
    }

    /// Like [`RawRecord::parse`], starting from damage already found by the framing
    /// (junk before the record, a record length that disagrees with its terminator).
    pub fn parse_with(
        bytes: &'a [u8],
        number: u64,
        offset: u64,
        mode: ReadMode,
        mut warnings: Vec<Warning>,
    ) -> Result<RawRecord<'a>, Error> {
        let pos = |rel: usize| Position::new(number, offset + rel as u64);
        let fail = |position: Position, damage: Damage, warnings: Vec<Warning>| Error::Damaged {
            position,
            damage,
            raw: bytes.into(),
            warnings,
        };
        // Strict mode refuses the record at its first damage.
        macro_rules! damage {
            ($position:expr, $damage:expr) => {{
                let w = Warning {
                    position: $position,
                    damage: $damage,
                };
                if mode == ReadMode::Strict {
                    return Err(fail(w.position, w.damage, warnings));
                }
                warnings.push(w);
            }};
        }
        if mode == ReadMode::Strict {
            if let Some(w) = warnings.first().cloned() {
                return Err(fail(w.position, w.damage, warnings[1..].to_vec()));
            }
        }
        if warnings
            .iter()
            .any(|w| matches!(w.damage, Damage::RecordTooLarge { .. }))
        {
            let w = warnings.remove(0);
            return Err(fail(w.position, w.damage, warnings));
        }

        let Some(leader) = bytes.get(..24).and_then(Leader::from_bytes) else {
            return Err(fail(
                pos(0),
                Damage::LeaderTooShort {
                    length: bytes.len(),
                },
                warnings,
            ));
        };
        let terminated = bytes.last() == Some(&RECORD_TERMINATOR);
        // The end of the data area: the record terminator, or the end of a truncated record.
        let data_end = if terminated {
            bytes.len() - 1
        } else {
            bytes.len()
        };

        if leader.record_length().is_none() {
            damage!(pos(0), Damage::RecordLengthInvalid);
        }
        if leader.indicator_count() != b'2' {
            damage!(
                pos(10),
                Damage::IndicatorCountInvalid {
                    found: leader.indicator_count()
                }
            );
        }
        if leader.subfield_code_count() != b'2' {
            damage!(
                pos(11),
                Damage::SubfieldCodeLengthInvalid {
                    found: leader.subfield_code_count()
                }
            );
        }
        if &leader.0[20..22] != b"45" {
            damage!(pos(20), Damage::EntryMapInvalid);
        }

        let (directory_end, base) = match locate_directory(bytes, &leader, data_end) {
            Ok(found) => found,
            Err((at, damage)) => return Err(fail(pos(at), damage, warnings)),
        };
        if directory_end < bytes.len() && bytes[directory_end] != FIELD_TERMINATOR {
            damage!(pos(directory_end), Damage::DirectoryNoTerminator);
        }
        match leader.base_address() {
            Some(b) if b == base => {}
            Some(b) if b > 24 && b <= data_end => {
                damage!(
                    pos(12),
                    Damage::BaseAddressMismatch {
                        declared: b,
                        actual: base
                    }
                )
            }
            _ => damage!(pos(12), Damage::BaseAddressInvalid),
        }
        let directory = &bytes[24..directory_end];
        if directory.is_empty() {
            return Err(fail(pos(24), Damage::NoFields, warnings));
        }

        // First pass: the directory as declared.
        // Sound: every declared length lands on a field terminator. Tiled: the fields
        // follow each other from the base address, in directory order, without gaps.
        let entry_position = |index: usize| pos(24 + index * 12);
        // The entries as declared (`start` absolute, `len` without the terminator, wrapping
        // for 0); for a sound record they are the entries themselves.
        let mut entries: Vec<Entry> = Vec::with_capacity(directory.len() / 12);
        let (sound, tiled_end, tags_valid) =
            match read_directory(directory, bytes, base, data_end, &mut entries) {
                Ok(found) => found,
                Err(index) => {
                    let e = &directory[index * 12..];
                    let tag = Tag([e[0], e[1], e[2]]);
                    return Err(fail(
                        entry_position(index).with_tag(tag),
                        Damage::DirectoryEntryInvalid { index },
                        warnings,
                    ));
                }
            };
        // Second pass: where each field really is. In a sound record every declared
        // length lands on a field terminator. When they do not, and the data area splits
        // into as many terminated fields as the directory has entries, the terminators
        // decide (a byte inserted or lost early on shifts every later field).
        // A sound record whose fields tile the data area in directory order needs no
        // search per field for an early terminator: when the area holds exactly one
        // terminator per field, each one is the terminator its field declares.
        let no_early_terminator = sound
            && tiled_end
                .and_then(|end| bytes.get(base..end))
                .is_some_and(|area| count_byte(area, FIELD_TERMINATOR) == entries.len());
        let mut in_order = true;
        let mut last_end = 0usize;
        if no_early_terminator {
            // Each field ends at its declared terminator, in order, without overlap: what
            // the general loop below would conclude, without its per-entry searches.
            if !tags_valid {
                for (index, entry) in entries.iter().enumerate() {
                    if !entry.tag.is_alphanumeric() {
                        damage!(
                            entry_position(index).with_tag(entry.tag),
                            Damage::TagInvalid
                        );
                    }
                }
            }
            last_end = tiled_end.map_or(0, |end| end - 1);
        } else {
            let declared: Vec<(Tag, usize, usize, Position)> = entries
                .drain(..)
                .enumerate()
                .map(|(index, e)| {
                    (
                        e.tag,
                        e.len.wrapping_add(1) as usize,
                        e.start as usize,
                        entry_position(index),
                    )
                })
                .collect();
            let segments = if sound {
                Vec::new()
            } else {
                field_segments(&bytes[base.min(data_end)..data_end], base)
            };
            let by_terminators = !sound && segments.len() == declared.len();
            // Only a record located by its terminators needs these (sound ones skip the allocations).
            let mut located = Vec::new();
            if by_terminators {
                let mut order: Vec<usize> = (0..declared.len()).collect();
                order.sort_by_key(|&i| declared[i].2);
                located = vec![None; declared.len()];
                for (k, &i) in order.iter().enumerate() {
                    let (tag, len, abs, epos) = declared[i];
                    let (start, end) = segments[k];
                    if start != abs {
                        damage!(
                            epos.with_tag(tag),
                            Damage::FieldStartMismatch {
                                declared: abs - base,
                                actual: start - base
                            }
                        );
                    } else if end + 1 - start != len {
                        damage!(
                            epos.with_tag(tag),
                            Damage::FieldLengthMismatch {
                                declared: len,
                                actual: end + 1 - start
                            }
                        );
                    }
                    located[i] = Some((start, end));
                }
            }
            // Declared starts, sorted once, for "does another field start where this one ends?".
            let mut starts: Vec<usize> = Vec::new();
            if !sound && !by_terminators {
                starts = declared.iter().map(|&(_, _, s, _)| s).collect();
                starts.sort_unstable();
            }
            let mut last_start = 0usize;
            for (i, &(tag, len, abs, epos)) in declared.iter().enumerate() {
                let epos = epos.with_tag(tag);
                if !tag.is_alphanumeric() {
                    damage!(epos, Damage::TagInvalid);
                }
                let (abs, end) = if let Some(found) = located.get(i).copied().flatten() {
                    found
                } else {
                    if abs >= data_end {
                        damage!(epos, Damage::FieldPastEnd);
                        continue;
                    }
                    let declared_end = abs + len;
                    let next_terminator =
                        memchr(FIELD_TERMINATOR, &bytes[abs..data_end]).map(|i| abs + i);
                    let end = if sound {
                        match next_terminator {
                            Some(t) if t < declared_end - 1 => {
                                damage!(
                                    epos,
                                    Damage::FieldLengthMismatch {
                                        declared: len,
                                        actual: t + 1 - abs
                                    }
                                );
                                t
                            }
                            _ => declared_end - 1,
                        }
                    } else if declared_end > data_end {
                        damage!(epos, Damage::FieldPastEnd);
                        next_terminator.unwrap_or(data_end)
                    } else if len > 0 && bytes[declared_end - 1] == FIELD_TERMINATOR {
                        declared_end - 1
                    } else {
                        let next_starts_here = starts.binary_search(&declared_end).is_ok();
                        match next_terminator {
                            Some(t) if t + 1 < declared_end || !next_starts_here => {
                                damage!(
                                    epos,
                                    Damage::FieldLengthMismatch {
                                        declared: len,
                                        actual: t + 1 - abs
                                    }
                                );
                                t
                            }
                            _ => {
                                damage!(pos(abs).with_tag(tag), Damage::MissingFieldTerminator);
                                declared_end
                            }
                        }
                    };
                    (abs, end)
                };
                if abs < last_start {
                    in_order = false;
                } else if abs < last_end && in_order {
                    damage!(epos, Damage::FieldsOverlap);
                }
                last_start = abs;
                last_end = last_end.max(end);
                entries.push(Entry {
                    tag,
                    start: abs as u32,
                    len: (end - abs) as u32,
                });
            }
        }
        if !in_order {
            damage!(pos(24), Damage::EntriesOutOfOrder);
        }
        if entries.is_empty() {
            return Err(fail(pos(24), Damage::NoFields, warnings));
        }
        if !terminated
            && !warnings
                .iter()
                .any(|w| matches!(w.damage, Damage::Truncated { .. }))
        {
            // Only a truncated final record lacks its terminator; keep what is complete.
            damage!(
                pos(bytes.len()),
                Damage::Truncated {
                    length: bytes.len()
                }
            );
        } else if in_order && last_end + 1 < data_end {
            let extra = &bytes[last_end + 1..data_end];
            if !extra
                .iter()
                .all(|&b| b == FIELD_TERMINATOR || b == b' ' || b == 0)
            {
                damage!(
                    pos(last_end + 1),
                    Damage::DataAfterLastField {
                        length: extra.len()
                    }
                );
            }
        }

        Ok(RawRecord {
            bytes,
            leader,
            entries,
            number,
            offset,
            warnings,
            byte_kind: ByteKindMemo::default(),
        })
    }

    /// What the record's bytes are as text: only ASCII, valid UTF-8, or neither. Computed
    /// once: decoding ([`RawRecord::decode_into`]) validates the record anyway and records
    /// the answer, so asking after decoding costs nothing.
    ///
    /// ```
    /// use yozuv::iso2709::{ReadMode, SliceReader};
    /// use yozuv::raw::ByteKind;
    /// let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
    /// let raw = SliceReader::new(&data, ReadMode::Strict).next().unwrap().unwrap();
    /// assert_eq!(raw.byte_kind(), ByteKind::Ascii);
    /// ```
    pub fn byte_kind(&self) -> ByteKind {
        if let Some(kind) = self.byte_kind.get() {
            return kind;
        }
        let kind = ByteKind::of(self.bytes);
        self.byte_kind.set(kind);
        kind
    }

    /// Records what the decoder found: `ascii` when every byte is ASCII, `valid_utf8`
    /// whether the record is valid UTF-8.
    pub(crate) fn note_byte_kind(&self, ascii: bool, valid_utf8: bool) {
        self.byte_kind.set(match (ascii, valid_utf8) {
            (true, _) => ByteKind::Ascii,
            (false, true) => ByteKind::Utf8,
            (false, false) => ByteKind::Other,
        });
    }

    /// The record's bytes exactly as read.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The leader as read.
    pub fn leader(&self) -> &Leader {
        &self.leader
    }

    /// Record number in the input, from 1.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Byte offset of the record in the input.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Damage repaired while parsing (empty for a sound record, and always in strict mode).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The directory entries, in directory order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The fields in directory order.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = RawField<'a>> + '_ {
        let bytes = self.bytes;
        let offset = self.offset;
        self.entries.iter().map(move |e| RawField {
            tag: e.tag,
            data: &bytes[e.start as usize..(e.start + e.len) as usize],
            offset: offset + u64::from(e.start),
        })
    }

    /// The first field with this tag.
    pub fn field(&self, tag: &str) -> Option<RawField<'a>> {
        self.fields().find(|f| f.tag() == tag)
    }

    /// Position of the record's first byte.
    pub fn position(&self) -> Position {
        Position::new(self.number, self.offset)
    }

    /// True when the record was read with no damage at all.
    pub fn is_sound(&self) -> bool {
        self.warnings.is_empty()
    }

    /// Decodes the record into an owned UTF-8 [`Record`] through [`crate::encoding`]
    /// with the default options: by what its bytes are (UTF-8, MARC-8, ISO 5426,
    /// CP1251, ...), with a warning where that disagrees with the declaration and for
    /// every byte that is not valid (decoded as U+FFFD). See [`RawRecord::decode`].
    pub fn to_record(&self) -> Result<Record, Error> {
        self.decode(&crate::encoding::DecodeOptions::default())
    }

    /// Builds a [`Record`], decoding every text (control field value, subfield value)
    /// with `decode(bytes, position, warnings)`. Structural damage inside fields
    /// (missing indicators, bytes before the first subfield, bad subfield codes) is
    /// added to the record's warnings.
    pub fn to_record_with(&self, decode: &mut TextDecoder<'_>) -> Result<Record, Error> {
        let mut record = Record::default();
        self.to_record_into(&mut record, &mut |bytes, position, warnings, out| {
            *out = decode(bytes, position, warnings)
        })?;
        Ok(record)
    }

    /// Like [`RawRecord::to_record_with`], but fills `record` in place, reusing its fields'
    /// and subfields' allocations (a validator decoding millions of records keeps one
    /// `Record` per thread instead of allocating every string anew). Whatever `record`
    /// held is replaced.
    ///
    /// ```
    /// use yozuv::iso2709::{ReadMode, SliceReader};
    /// use yozuv::Record;
    /// let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
    /// let raw = SliceReader::new(&data, ReadMode::Strict).next().unwrap().unwrap();
    /// let mut record = Record::default();
    /// raw.to_record_into(&mut record, &mut |bytes, _, _, out| out.push_str(&String::from_utf8_lossy(bytes))).unwrap();
    /// assert_eq!(record.first_subfield("245", b'a'), Some("Summerland /"));
    /// ```
    pub fn to_record_into(
        &self,
        record: &mut Record,
        decode: &mut TextWriter<'_>,
    ) -> Result<(), Error> {
        self.fill_record(record, &mut WithPosition(decode));
        Ok(())
    }

    /// The body of [`RawRecord::to_record_into`], generic so that a decoder's closure is
    /// inlined into the loop over the texts (the decoder of `crate::encoding` calls it
    /// directly). Strings and subfield vectors that the previous content of `record` no
    /// longer needs go to a per-thread pool and are taken from it again before anything is
    /// allocated, so refilling one `Record` record after record allocates next to nothing.
    pub(crate) fn fill_record<D: DecodeText + ?Sized>(&self, record: &mut Record, decoder: &mut D) {
        let mut spare = Spare::take();
        record.leader = self.leader;
        let warnings = &mut record.warnings;
        warnings.clear();
        warnings.extend_from_slice(&self.warnings);
        let fields = &mut record.fields;
        let mut used = 0;
        let bytes = self.bytes;
        for entry in &self.entries {
            let tag = entry.tag;
            let start = entry.start as usize;
            let Some(data) = bytes.get(start..start + entry.len as usize) else {
                continue;
            };
            let field_offset = self.offset + start as u64;
            let fpos = Position::new(self.number, field_offset).with_tag(tag);
            let text = |bytes, start, subfield| Text {
                bytes,
                start,
                record: self.number,
                record_offset: self.offset,
                tag,
                subfield,
            };
            if used == fields.len() {
                fields.push(Field::Control {
                    tag,
                    value: spare.string(),
                });
            }
            let slot = &mut fields[used];
            used += 1;
            if tag.is_control() {
                if let Field::Control {
                    tag: slot_tag,
                    value,
                } = slot
                {
                    *slot_tag = tag;
                    value.clear();
                    decoder.decode_text(text(data, start, None), warnings, value);
                } else {
                    let mut value = spare.string();
                    decoder.decode_text(text(data, start, None), warnings, &mut value);
                    let old = std::mem::replace(slot, Field::Control { tag, value });
                    spare.keep_field(old);
                }
                continue;
            }
            // The indicators, and the body after them (see `RawField::body`).
            let (indicators, body_at) = match data {
                [a, b, ..] if *a != SUBFIELD_DELIMITER && *b != SUBFIELD_DELIMITER => {
                    (Indicators([*a, *b]), 2)
                }
                _ => {
                    warnings.push(Warning {
                        position: fpos,
                        damage: Damage::MissingIndicators,
                    });
                    let mut i = *b"  ";
                    let mut n = 0;
                    for (slot, &b) in i
                        .iter_mut()
                        .zip(data.iter().take_while(|&&b| b != SUBFIELD_DELIMITER))
                    {
                        *slot = b;
                        n += 1;
                    }
                    (Indicators(i), n)
                }
            };
            let body = &data[body_at..];
            // The bytes before the first delimiter (normally none) are the leading data.
            let first = find_delimiter(body).unwrap_or(body.len());
            if first > 0 {
                warnings.push(Warning {
                    position: fpos.at_byte(field_offset + 2),
                    damage: Damage::DataBeforeFirstSubfield { length: first },
                });
            }
            if !matches!(slot, Field::Data { .. }) {
                let old = std::mem::replace(
                    slot,
                    Field::Data {
                        tag,
                        indicators,
                        subfields: spare.subfield_vec(),
                    },
                );
                spare.keep_field(old);
            }
            let Field::Data {
                tag: slot_tag,
                indicators: slot_indicators,
                subfields,
            } = slot
            else {
                continue;
            };
            *slot_tag = tag;
            *slot_indicators = indicators;
            let mut filled = 0;
            // `at` is a delimiter's index in `body` (or the end); a delimiter with no code
            // after it ends the subfields (see `RawSubfields`).
            let mut at = first;
            let body_start = start + body_at;
            while let (Some(&code), Some(rest)) = (body.get(at + 1), body.get(at + 2..)) {
                let value_at = at + 2;
                let end = find_delimiter(rest).map_or(body.len(), |i| value_at + i);
                let value = body.get(value_at..end).unwrap_or_default();
                if code == FIELD_TERMINATOR || code == SUBFIELD_DELIMITER {
                    warnings.push(Warning {
                        position: fpos
                            .at_byte(self.offset + (body_start + at) as u64)
                            .with_subfield(code),
                        damage: Damage::MissingSubfieldCode,
                    });
                } else if !code.is_ascii_graphic() {
                    warnings.push(Warning {
                        position: fpos
                            .at_byte(self.offset + (body_start + at) as u64)
                            .with_subfield(code),
                        damage: Damage::SubfieldCodeInvalid { code },
                    });
                }
                if filled == subfields.len() {
                    subfields.push(Subfield {
                        code,
                        value: spare.string(),
                    });
                }
                let sub = &mut subfields[filled];
                filled += 1;
                sub.code = code;
                sub.value.clear();
                decoder.decode_text(
                    text(value, body_start + value_at, Some(code)),
                    warnings,
                    &mut sub.value,
                );
                at = end;
            }
            spare.keep_subfields(subfields, filled);
            if data.last() == Some(&SUBFIELD_DELIMITER) {
                warnings.push(Warning {
                    position: fpos.at_byte(field_offset + data.len() as u64 - 1),
                    damage: Damage::MissingSubfieldCode,
                });
            }
        }
        for field in fields.drain(used..) {
            spare.keep_field(field);
        }
        spare.put_back();
    }
}

/// What [`RawRecord::fill_record`] decodes each text with. A trait rather than a closure so
/// that the decoder's fast path is inlined into the loop over the texts.
pub(crate) trait DecodeText {
    /// Decodes `text` into `out` (empty when called), adding its problems to `warnings`.
    fn decode_text(&mut self, text: Text<'_>, warnings: &mut Vec<Warning>, out: &mut String);
}

/// A [`TextWriter`] as a [`DecodeText`].
struct WithPosition<'a, 'd>(&'a mut TextWriter<'d>);

impl DecodeText for WithPosition<'_, '_> {
    fn decode_text(&mut self, text: Text<'_>, warnings: &mut Vec<Warning>, out: &mut String) {
        (self.0)(text.bytes, text.position(), warnings, out)
    }
}

/// One text of a record handed to the decoder of [`RawRecord::fill_record`]: its bytes, where
/// they start in the record, and what its position is made of (built only when needed).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text<'a> {
    /// The text's bytes.
    pub(crate) bytes: &'a [u8],
    /// Where they start, relative to the record's first byte.
    pub(crate) start: usize,
    record: u64,
    record_offset: u64,
    tag: Tag,
    subfield: Option<u8>,
}

impl Text<'_> {
    /// The position of the text's first byte.
    pub(crate) fn position(&self) -> Position {
        Position {
            record: self.record,
            byte: self.record_offset + self.start as u64,
            tag: Some(self.tag),
            subfield: self.subfield,
        }
    }
}

/// Strings and subfield vectors left over from earlier records (see
/// [`RawRecord::fill_record`]), kept per thread up to a bound.
#[derive(Default)]
struct Spare {
    strings: Vec<String>,
    subfields: Vec<Vec<Subfield>>,
}

thread_local! {
    static SPARE: std::cell::Cell<Spare> = std::cell::Cell::new(Spare::default());
}

impl Spare {
    /// At most this many strings and this many vectors are kept, each no larger than
    /// [`Spare::MAX_CAPACITY`] bytes: 2 MiB
    /// per thread whatever the input.
    const LIMIT: usize = 1024;
    const MAX_CAPACITY: usize = 1024;

    fn take() -> Spare {
        SPARE.with(std::cell::Cell::take)
    }

    fn put_back(self) {
        SPARE.with(|spare| spare.set(self));
    }

    fn string(&mut self) -> String {
        self.strings.pop().unwrap_or_default()
    }

    fn subfield_vec(&mut self) -> Vec<Subfield> {
        self.subfields.pop().unwrap_or_default()
    }

    fn keep_string(&mut self, mut s: String) {
        if self.strings.len() < Self::LIMIT && (1..=Self::MAX_CAPACITY).contains(&s.capacity()) {
            s.clear();
            self.strings.push(s);
        }
    }

    /// Truncates `subfields` to `len`, keeping the strings of those dropped.
    #[inline]
    fn keep_subfields(&mut self, subfields: &mut Vec<Subfield>, len: usize) {
        if subfields.len() > len {
            self.keep_subfields_from(subfields, len);
        }
    }

    #[cold]
    fn keep_subfields_from(&mut self, subfields: &mut Vec<Subfield>, len: usize) {
        for s in subfields.drain(len..) {
            self.keep_string(s.value);
        }
    }

    fn keep_field(&mut self, field: Field) {
        match field {
            Field::Control { value, .. } => self.keep_string(value),
            Field::Data { mut subfields, .. } => {
                self.keep_subfields(&mut subfields, 0);
                if self.subfields.len() < Self::LIMIT
                    && (1..=Self::MAX_CAPACITY / 32).contains(&subfields.capacity())
                {
                    self.subfields.push(subfields);
                }
            }
        }
    }
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iso2709::Reader;
    use proptest::prelude::*;

    /// Parses every frame of `data` both ways, in both modes: same entries, same warnings,
    /// same errors. Returns how many frames.
    fn check_against_reference(data: &[u8]) -> usize {
        let mut n = 0;
        for mode in [ReadMode::Permissive, ReadMode::Strict] {
            let mut reader = Reader::new(data, ReadMode::Permissive);
            while let Some(Ok(frame)) = reader.next_frame() {
                let args = (frame.bytes, frame.number, frame.offset, mode);
                let got =
                    RawRecord::parse_with(args.0, args.1, args.2, args.3, frame.warnings.clone());
                let expected = RawRecord::parse_with_reference(
                    args.0,
                    args.1,
                    args.2,
                    args.3,
                    frame.warnings.clone(),
                );
                match (got, expected) {
                    (Ok(got), Ok(expected)) => {
                        assert_eq!(got.entries(), expected.entries(), "record {}", frame.number);
                        assert_eq!(
                            got.warnings(),
                            expected.warnings(),
                            "record {}",
                            frame.number
                        );
                        assert_eq!(got.leader(), expected.leader());
                    }
                    (got, expected) => assert_eq!(
                        format!("{:?}", got.err()),
                        format!("{:?}", expected.err()),
                        "record {}",
                        frame.number
                    ),
                }
                n += 1;
            }
        }
        n
    }

    fn test_files() -> Vec<std::path::PathBuf> {
        crate::test_data::iso2709_files()
    }

    /// Every ISO 2709 file of the shared and the repository's test data (sound and damaged).
    #[test]
    fn parse_matches_general_path_on_test_data() {
        let files = test_files();
        assert!(files.len() > 50, "{} files", files.len());
        let mut frames = 0;
        for path in &files {
            if let Ok(data) = std::fs::read(path) {
                frames += check_against_reference(&data);
            }
        }
        assert!(frames > 1000, "{frames} frames");
    }

    fn sample_records() -> Vec<Vec<u8>> {
        let mut samples = Vec::new();
        for path in test_files() {
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            let mut reader = Reader::new(&data[..], ReadMode::Permissive);
            let mut taken = 0;
            while let Some(Ok(frame)) = reader.next_frame() {
                samples.push(frame.bytes.to_vec());
                taken += 1;
                if taken == 3 {
                    break;
                }
            }
        }
        samples
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// The word-at-a-time reading of a directory entry's numbers agrees with reading
        /// them digit by digit.
        #[test]
        fn entry_numbers_match_digit_by_digit(
            entry in proptest::collection::vec(prop_oneof![
                4 => b'0'..=b'9', 1 => any::<u8>(), 1 => Just(b'/'), 1 => Just(b':'),
                1 => Just(0xFFu8), 1 => Just(b'0' + 0x80)
            ], 12),
        ) {
            let expected = match (reference::digits(&entry[3..7]), reference::digits(&entry[7..12])) {
                (Some(len), Some(start)) => Some((len, start)),
                _ => None,
            };
            prop_assert_eq!(entry_numbers(&entry), expected);
        }

        /// Real records with bytes overwritten anywhere (digits, terminators, delimiters,
        /// letters, any byte) parse the same both ways.
        #[test]
        fn parse_matches_general_path_on_mutated_records(
            picks in proptest::collection::vec((any::<prop::sample::Index>(), proptest::collection::vec(
                (any::<prop::sample::Index>(), prop_oneof![
                    Just(FIELD_TERMINATOR), Just(SUBFIELD_DELIMITER), Just(b'0'), Just(b'9'),
                    Just(b'a'), Just(b' '), any::<u8>()
                ]), 0..4)), 1..4),
        ) {
            static SAMPLES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
            let samples = SAMPLES.get_or_init(sample_records);
            let mut data = Vec::new();
            for (which, edits) in picks {
                let mut record = samples[which.index(samples.len())].clone();
                for (at, byte) in edits {
                    let i = at.index(record.len());
                    record[i] = byte;
                }
                data.extend_from_slice(&record);
            }
            check_against_reference(&data);
        }
    }
}
