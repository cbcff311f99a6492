//! The directory parsing of [`RawRecord::parse_with`] as it was before its fast path for
//! sound records was rewritten (entries parsed in place, no second vector): kept, in tests
//! only, to check the parser against.

use memchr::memchr;

use super::{count_byte, field_segments, locate_directory, Entry, RawRecord};
use crate::error::{Damage, Error, Warning};
use crate::iso2709::ReadMode;
use crate::{Leader, Position, Tag, FIELD_TERMINATOR, RECORD_TERMINATOR};

/// The number written by these ASCII digits; `None` if empty or any byte is not a digit.
/// One pass: each byte is checked and added in (the directory has two numbers per entry).
#[inline]
pub(super) fn digits(b: &[u8]) -> Option<usize> {
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
    /// The general form of [`RawRecord::parse_with`].
    pub(crate) fn parse_with_reference(
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
            byte_kind: super::ByteKindMemo::default(),
        })
    }
}
