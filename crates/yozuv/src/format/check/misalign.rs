//! Misaligned fixed-length fields: a MARC 21 006/007/008 or a UNIMARC coded subfield
//! (100$a …) whose content is shifted because a character was inserted or dropped.
//!
//! Checked position by position, such a field gives one finding for every position after the
//! shift: dozens of lines that hide the one fault. When the field has the wrong length, or
//! its positions gave findings, the content is tried again with the positions after some
//! point read `shift` characters further on (a single insertion or deletion; for a field of
//! the right length also a displaced stretch that realigns later). When that reading fits the
//! definitions clearly better, with at least one element that only fits shifted (Date 1, a
//! language or country code, …), one [`ids::FIXED_FIELD_MISALIGNED`] finding replaces the
//! per-position findings of the shifted positions; positions before the shift stay checked.
//!
//! Nothing here runs for a field of the right length whose positions are all fine.

use super::{
    code_matches, display_value, ids, push_two_digits, Finding, PositionCodes, PositionDef,
};
use crate::format::definitions::{CodeStatus, Definitions};
use crate::Tag;

/// How well the bytes at one position (read at some offset) fit its definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    /// Not a defined code there.
    Fail,
    /// Outside the field at this offset, or nothing to tell (no code list): no evidence.
    Absent,
    /// Fits, but says little (one byte, a blank, the fill character).
    Weak,
    /// Fits and is unlikely by chance: a code from a code list, a multi-byte code, four or
    /// more non-blank characters each allowed (a date such as `1985`).
    Strong,
}

impl Fit {
    fn score(self) -> i32 {
        match self {
            Fit::Strong => 3,
            Fit::Weak => 1,
            Fit::Absent => 0,
            Fit::Fail => -3,
        }
    }

    fn fits(self) -> bool {
        matches!(self, Fit::Weak | Fit::Strong)
    }
}

fn position_fit(p: &PositionDef, bytes: &[u8], offset: isize, defs: &Definitions) -> Fit {
    let (Some(start), Some(end)) = (
        p.start.checked_add_signed(offset),
        p.end.checked_add_signed(offset),
    ) else {
        return Fit::Absent;
    };
    let Some(slice) = bytes.get(start..=end) else {
        return Fit::Absent;
    };
    if slice.iter().all(|b| *b == b'|') {
        return Fit::Weak;
    }
    let meaningful = |min: usize| slice.len() >= min && slice.iter().all(|b| *b != b' ');
    match &p.codes {
        PositionCodes::EachChar { allowed, obsolete } => {
            if !slice
                .iter()
                .all(|b| allowed.contains(*b) || obsolete.contains(*b))
            {
                Fit::Fail
            } else if meaningful(4) {
                Fit::Strong
            } else {
                Fit::Weak
            }
        }
        PositionCodes::Whole { allowed, obsolete } => {
            if !allowed
                .iter()
                .chain(obsolete.iter())
                .any(|a| code_matches(a, slice))
            {
                Fit::Fail
            } else if meaningful(2) {
                Fit::Strong
            } else {
                Fit::Weak
            }
        }
        PositionCodes::List(kind) => {
            let list = defs.code_list(*kind);
            let Ok(code) = std::str::from_utf8(slice) else {
                return Fit::Fail;
            };
            let code = code.trim_end_matches(' ');
            if list.is_empty() {
                return Fit::Absent;
            }
            if code.is_empty() {
                return Fit::Weak;
            }
            match list.status(code) {
                CodeStatus::Valid => Fit::Strong,
                CodeStatus::Discontinued => Fit::Weak,
                CodeStatus::Unknown => Fit::Fail,
            }
        }
    }
}

/// The length a fixed field described by `lists` should have: one past its last position.
pub(super) fn expected_length(lists: &[&[PositionDef]]) -> usize {
    lists
        .iter()
        .flat_map(|l| l.iter())
        .map(|p| p.end + 1)
        .max()
        .unwrap_or(0)
}

/// The best shifted reading of a field: positions `first..last` (indexes into the sorted
/// positions) read `shift` bytes further on.
#[derive(Debug, Clone, Copy)]
struct Reading {
    shift: isize,
    first: usize,
    last: usize,
    gain: i32,
}

/// Largest shift tried for a field of the right length (a displaced stretch).
const DISPLACEMENT: [isize; 4] = [-1, 1, -2, 2];
/// Largest insertion or deletion tried for a field of the wrong length.
const MAX_SHIFT: isize = 8;
/// How much better the shifted reading must fit (in [`Fit::score`] points): one element
/// turning from undefined into a list code or date is 6.
const MIN_GAIN_WRONG_LENGTH: i32 = 4;
const MIN_GAIN_RIGHT_LENGTH: i32 = 6;

/// Looks for a shift in `bytes` (a fixed field with the positions of `lists`). When found,
/// removes from `out[from..]` the per-position findings of the shifted positions and pushes
/// one misalignment finding. `from` is `out.len()` before the positions of this field were
/// checked; the caller only calls this when the length is wrong or there were findings.
#[allow(clippy::too_many_arguments)]
pub(super) fn report_misalignment(
    tag: Tag,
    occurrence: Option<usize>,
    subfield: Option<u8>,
    lists: &[&[PositionDef]],
    bytes: &[u8],
    defs: &Definitions,
    out: &mut Vec<Finding>,
    from: usize,
) {
    let expected = expected_length(lists);
    if expected < 2 || bytes.is_empty() {
        return;
    }
    let mut positions: Vec<&PositionDef> = lists.iter().flat_map(|l| l.iter()).collect();
    positions.sort_by_key(|p| (p.start, p.end));
    let n = positions.len();
    let at0: Vec<Fit> = positions
        .iter()
        .map(|p| position_fit(p, bytes, 0, defs))
        .collect();
    let length_shift = bytes.len() as isize - expected as isize;
    let shifts: &[isize] = if length_shift == 0 {
        &DISPLACEMENT
    } else if length_shift.abs() <= MAX_SHIFT {
        std::slice::from_ref(&length_shift)
    } else {
        return;
    };
    let mut best: Option<Reading> = None;
    for &shift in shifts {
        let at: Vec<Fit> = positions
            .iter()
            .map(|p| position_fit(p, bytes, shift, defs))
            .collect();
        // A position read shifted exactly onto a neighbour that is fine as it stands only
        // finds the neighbour's value (UNIMARC 100$a/26-33: four character-set pairs; MARC 21
        // 006/12-14: three 0/1 codes): no evidence.
        let echo: Vec<bool> = positions
            .iter()
            .map(|p| {
                positions.iter().zip(&at0).any(|(q, fit)| {
                    Some(q.start) == p.start.checked_add_signed(shift)
                        && Some(q.end) == p.end.checked_add_signed(shift)
                        && fit.fits()
                })
            })
            .collect();
        let flip = |i: usize| at0[i] == Fit::Fail && at[i].fits() && !echo[i];
        // diff[i]: what reading position i shifted gains; a stretch first..last gains the sum.
        let diff: Vec<i32> = at0
            .iter()
            .zip(&at)
            .map(|(a, b)| b.score() - a.score())
            .collect();
        let lasts: Vec<usize> = if length_shift == 0 {
            (1..=n).collect()
        } else {
            vec![n]
        };
        // Latest start first: positions that fit either way stay before the shift (checked).
        for first in (0..n).rev() {
            for &last in &lasts {
                if last <= first {
                    continue;
                }
                let window = first..last;
                // Evidence: some element only fits shifted, and a list code or date among them.
                let strong_flip = window.clone().any(|i| flip(i) && at[i] == Fit::Strong);
                let flips = window.clone().filter(|&i| flip(i)).count();
                // The wrong length is evidence by itself; a right-length field needs more.
                let min_flips = if length_shift == 0 { 3 } else { 2 };
                if !strong_flip && flips < min_flips {
                    continue;
                }
                let gain: i32 = diff[window].iter().sum();
                let min = if length_shift == 0 {
                    MIN_GAIN_RIGHT_LENGTH
                } else {
                    MIN_GAIN_WRONG_LENGTH
                };
                if gain < min {
                    continue;
                }
                if best.map_or(true, |b| gain > b.gain) {
                    best = Some(Reading {
                        shift,
                        first,
                        last,
                        gain,
                    });
                }
            }
        }
    }
    let Some(best) = best else {
        return;
    };
    let at: Vec<Fit> = positions
        .iter()
        .map(|p| position_fit(p, bytes, best.shift, defs))
        .collect();
    // Where the shift starts: after the last position that fits only unshifted, at the
    // latest where the first element that fits only shifted begins.
    let evidence = (best.first..best.last)
        .find(|&i| at0[i] == Fit::Fail && at[i] == Fit::Strong)
        .or_else(|| (best.first..best.last).find(|&i| at0[i] == Fit::Fail && at[i].fits()))
        .unwrap_or(best.first);
    let after = (0..best.first)
        .rev()
        .find(|&i| at0[i].fits() && at[i] == Fit::Fail)
        .map_or(0, |i| positions[i].end + 1);
    let shifted_from = positions[best.first].start;
    let shifted_to = positions[best.last - 1].end;
    let unchecked = shifted_from..=shifted_to;

    // The per-position findings of the shifted positions are explained by the shift.
    let mut i = from;
    while i < out.len() {
        let explained = matches!(
            out[i].id,
            ids::FIXED_FIELD_CODE
                | ids::OBSOLETE
                | ids::LANGUAGE_CODE
                | ids::COUNTRY_CODE
                | ids::RELATOR_CODE
        ) && out[i].tag == Some(tag)
            && out[i].subfield == subfield
            && finding_start(&out[i]).is_some_and(|s| unchecked.contains(&s));
        if explained {
            out.remove(i);
        } else {
            i += 1;
        }
    }

    let p = positions[evidence];
    let range = |start: usize, end: usize| {
        let mut s = String::with_capacity(5);
        push_two_digits(&mut s, start);
        if end != start {
            s.push('-');
            push_two_digits(&mut s, end);
        }
        s
    };
    let found_start = p.start.saturating_add_signed(best.shift);
    let found_end = p.end.saturating_add_signed(best.shift);
    let found = bytes
        .get(found_start..=found_end)
        .map(|v| display_value(&String::from_utf8_lossy(v)))
        .unwrap_or_default();
    let shift = if best.shift > 0 {
        format!("+{}", best.shift)
    } else {
        best.shift.to_string()
    };
    let mut label = tag.as_str().to_string();
    if let Some(code) = subfield {
        label.push('$');
        label.push(char::from(code));
    }
    let mut finding = Finding::new(ids::FIXED_FIELD_MISALIGNED, Some(tag), occurrence, subfield)
        .arg("tag", label)
        .arg("shift", shift)
        .arg("length", bytes.len().to_string())
        .arg("expected", expected.to_string())
        .arg("from", range(after.min(p.start), after.min(p.start)))
        .arg("to", range(p.start, p.start))
        .arg("name", p.name.clone())
        .arg("position", range(p.start, p.end))
        .arg("value", found)
        .arg("found_at", range(found_start, found_end))
        .arg("unchecked", range(shifted_from, shifted_to));
    finding.args.push((
        "realigned",
        if best.last < n { "yes" } else { "no" }.to_string(),
    ));
    out.push(finding);
}

/// The first position of a fixed-field finding (`"35-37"` → 35).
fn finding_start(f: &Finding) -> Option<usize> {
    let position = f.get("position")?;
    let digits = position.split('-').next()?;
    digits.parse().ok()
}
