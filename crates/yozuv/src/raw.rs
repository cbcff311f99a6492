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
        let end = memchr(SUBFIELD_DELIMITER, body).unwrap_or(body.len());
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
        // Nearly always the body starts with the first delimiter: skip the search then.
        let start = if body.first() == Some(&SUBFIELD_DELIMITER) {
            0
        } else {
            memchr(SUBFIELD_DELIMITER, body).unwrap_or(body.len())
        };
        RawSubfields {
            rest: &body[start..],
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
        let end = memchr(SUBFIELD_DELIMITER, &self.rest[value_start..])
            .map_or(self.rest.len(), |i| i + value_start);
        let value = &self.rest[value_start..end];
        self.offset += end as u64;
        self.rest = &self.rest[end..];
        Some((code, value))
    }
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

/// The number written by these ASCII digits; `None` if empty or any byte is not a digit.
/// One pass: each byte is checked and added in (the directory has two numbers per entry).
#[inline]
fn digits(b: &[u8]) -> Option<usize> {
    if b.is_empty() {
        return None;
    }
    let mut n = 0usize;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + usize::from(d);
    }
    Some(n)
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
        let mut sound = true;
        let mut tiled_end = Some(base);
        let mut declared = Vec::with_capacity(directory.len() / 12);
        for (index, e) in directory.chunks_exact(12).enumerate() {
            let epos = pos(24 + index * 12);
            let tag = Tag([e[0], e[1], e[2]]);
            let (Some(len), Some(start)) = (digits(&e[3..7]), digits(&e[7..12])) else {
                return Err(fail(
                    epos.with_tag(tag),
                    Damage::DirectoryEntryInvalid { index },
                    warnings,
                ));
            };
            let abs = base + start;
            sound = sound
                && len > 0
                && abs + len <= data_end
                && bytes[abs + len - 1] == FIELD_TERMINATOR;
            tiled_end = tiled_end.filter(|&end| end == abs).map(|_| abs + len);
            declared.push((tag, len, abs, epos));
        }
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
                .is_some_and(|area| count_byte(area, FIELD_TERMINATOR) == declared.len());
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
        let mut entries = Vec::with_capacity(declared.len());
        let mut in_order = true;
        let mut last_start = 0usize;
        let mut last_end = 0usize;
        if no_early_terminator {
            // Each field ends at its declared terminator, in order, without overlap: what
            // the general loop below would conclude, without its per-entry searches.
            for &(tag, len, abs, epos) in &declared {
                if !tag.is_alphanumeric() {
                    damage!(epos.with_tag(tag), Damage::TagInvalid);
                }
                entries.push(Entry {
                    tag,
                    start: abs as u32,
                    len: (len - 1) as u32,
                });
            }
            last_end = tiled_end.map_or(0, |end| end - 1);
        }
        let general: &[_] = if no_early_terminator { &[] } else { &declared };
        for (i, &(tag, len, abs, epos)) in general.iter().enumerate() {
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
        })
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
        record.leader = self.leader;
        let warnings = &mut record.warnings;
        warnings.clear();
        warnings.extend_from_slice(&self.warnings);
        let fields = &mut record.fields;
        let mut used = 0;
        for f in self.fields() {
            let fpos = Position::new(self.number, f.offset()).with_tag(f.tag());
            if used == fields.len() {
                fields.push(Field::Control {
                    tag: f.tag(),
                    value: String::new(),
                });
            }
            let slot = &mut fields[used];
            used += 1;
            if f.is_control() {
                if let Field::Control { tag, value } = slot {
                    *tag = f.tag();
                    value.clear();
                    decode(f.data(), fpos, warnings, value);
                } else {
                    let mut value = String::new();
                    decode(f.data(), fpos, warnings, &mut value);
                    *slot = Field::Control {
                        tag: f.tag(),
                        value,
                    };
                }
                continue;
            }
            let indicators = match f.indicators() {
                Some(i) => Indicators(i),
                None => {
                    warnings.push(Warning {
                        position: fpos,
                        damage: Damage::MissingIndicators,
                    });
                    let mut i = *b"  ";
                    for (slot, &b) in i
                        .iter_mut()
                        .zip(f.data().iter().take_while(|&&b| b != SUBFIELD_DELIMITER))
                    {
                        *slot = b;
                    }
                    Indicators(i)
                }
            };
            let leading = f.leading_data();
            if !leading.is_empty() {
                warnings.push(Warning {
                    position: fpos.at_byte(f.offset() + 2),
                    damage: Damage::DataBeforeFirstSubfield {
                        length: leading.len(),
                    },
                });
            }
            if !matches!(slot, Field::Data { .. }) {
                *slot = Field::Data {
                    tag: f.tag(),
                    indicators,
                    subfields: Vec::new(),
                };
            }
            let Field::Data {
                tag,
                indicators: slot_indicators,
                subfields,
            } = slot
            else {
                continue;
            };
            *tag = f.tag();
            *slot_indicators = indicators;
            let mut filled = 0;
            let mut subs = f.subfields();
            loop {
                let at = subs.offset();
                let Some((code, value)) = subs.next() else {
                    break;
                };
                let spos = fpos.at_byte(at).with_subfield(code);
                if code == FIELD_TERMINATOR || code == SUBFIELD_DELIMITER {
                    warnings.push(Warning {
                        position: spos,
                        damage: Damage::MissingSubfieldCode,
                    });
                } else if !code.is_ascii_graphic() {
                    warnings.push(Warning {
                        position: spos,
                        damage: Damage::SubfieldCodeInvalid { code },
                    });
                }
                if filled == subfields.len() {
                    subfields.push(Subfield {
                        code,
                        value: String::new(),
                    });
                }
                let sub = &mut subfields[filled];
                filled += 1;
                sub.code = code;
                sub.value.clear();
                decode(value, spos.at_byte(at + 2), warnings, &mut sub.value);
            }
            subfields.truncate(filled);
            if f.data().last() == Some(&SUBFIELD_DELIMITER) {
                warnings.push(Warning {
                    position: fpos.at_byte(f.offset() + f.data().len() as u64 - 1),
                    damage: Damage::MissingSubfieldCode,
                });
            }
        }
        fields.truncate(used);
        Ok(())
    }
}
