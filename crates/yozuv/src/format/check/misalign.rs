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
/// Most positions a field is read with (MARC 21 008: 20-odd; UNIMARC 100$a: 14).
const MAX_POSITIONS: usize = 64;

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
    let length_shift = bytes.len() as isize - expected as isize;
    // A field of the right length with one finding is not the noise of a shift.
    if length_shift == 0 && out.len() < from + 2 {
        return;
    }
    let shifts: &[isize] = if length_shift == 0 {
        &DISPLACEMENT
    } else if length_shift.abs() <= MAX_SHIFT {
        std::slice::from_ref(&length_shift)
    } else {
        return;
    };
    let min_flips = if length_shift == 0 { 3 } else { 2 };
    if !worth_a_look(lists, bytes, shifts, min_flips, defs, &out[from..]) {
        return;
    }
    // The positions of all lists in order, on the stack (a field has a few dozen at most).
    let mut order = [(0usize, 0usize); MAX_POSITIONS];
    let mut n = 0;
    for (l, list) in lists.iter().enumerate() {
        for k in 0..list.len() {
            if n == MAX_POSITIONS {
                return;
            }
            order[n] = (l, k);
            n += 1;
        }
    }
    order[..n].sort_by_key(|&(l, k)| (lists[l][k].start, lists[l][k].end));
    let position = |i: usize| -> &PositionDef {
        let (l, k) = order[i];
        &lists[l][k]
    };
    let mut spans = [(0usize, 0usize); MAX_POSITIONS];
    for (i, span) in spans.iter_mut().enumerate().take(n) {
        let p = position(i);
        *span = (p.start, p.end);
    }
    let spans = &spans[..n];
    let mut at0 = [Fit::Absent; MAX_POSITIONS];
    for (i, fit) in at0.iter_mut().enumerate().take(n) {
        *fit = position_fit(position(i), bytes, 0, defs);
    }
    let min_gain = if length_shift == 0 {
        MIN_GAIN_RIGHT_LENGTH
    } else {
        MIN_GAIN_WRONG_LENGTH
    };
    let mut best: Option<Reading> = None;
    let mut at = [Fit::Absent; MAX_POSITIONS];
    for &shift in shifts {
        // First only the positions that fail as they stand: without enough of them fitting
        // shifted, no stretch can have the evidence (most fields with findings stop here).
        let (mut could_flip, mut could_be_strong) = (0usize, false);
        for (i, fit) in at.iter_mut().enumerate().take(n) {
            *fit = Fit::Absent;
            if at0[i] == Fit::Fail {
                *fit = position_fit(position(i), bytes, shift, defs);
                could_flip += usize::from(fit.fits());
                could_be_strong |= *fit == Fit::Strong;
            }
        }
        if !could_be_strong && could_flip < min_flips {
            continue;
        }
        for (i, fit) in at.iter_mut().enumerate().take(n) {
            if at0[i] != Fit::Fail {
                *fit = position_fit(position(i), bytes, shift, defs);
            }
        }
        // Prefix sums over the positions: what reading them shifted gains, how many fit only
        // shifted (flips), and how many of those are strong evidence; a stretch first..last
        // is then judged in O(1).
        let mut gain = [0i32; MAX_POSITIONS + 1];
        let mut flips = [0u16; MAX_POSITIONS + 1];
        let mut strong = [0u16; MAX_POSITIONS + 1];
        for i in 0..n {
            // A position read shifted exactly onto a neighbour that is fine as it stands only
            // finds the neighbour's value (UNIMARC 100$a/26-33: four character-set pairs;
            // MARC 21 006/12-14: three 0/1 codes): no evidence.
            let could_flip = at0[i] == Fit::Fail && at[i].fits();
            let echo = could_flip && {
                let (start, end) = spans[i];
                match (
                    start.checked_add_signed(shift),
                    end.checked_add_signed(shift),
                ) {
                    (Some(s), Some(e)) => spans.binary_search(&(s, e)).is_ok_and(|j| at0[j].fits()),
                    _ => false,
                }
            };
            let flip = could_flip && !echo;
            gain[i + 1] = gain[i] + at[i].score() - at0[i].score();
            flips[i + 1] = flips[i] + u16::from(flip);
            strong[i + 1] = strong[i] + u16::from(flip && at[i] == Fit::Strong);
        }
        if strong[n] == 0 && usize::from(flips[n]) < min_flips {
            continue; // no stretch has the evidence
        }
        // Latest start first: positions that fit either way stay before the shift (checked).
        // A field of the wrong length is shifted to its end; one of the right length may
        // realign after the stretch.
        for first in (0..n).rev() {
            let lasts = if length_shift == 0 { first + 1 } else { n };
            for last in lasts..=n {
                // Evidence: some element only fits shifted — a list code or date, or several.
                let strong_flip = strong[last] > strong[first];
                if !strong_flip && usize::from(flips[last] - flips[first]) < min_flips {
                    continue;
                }
                let window_gain = gain[last] - gain[first];
                if window_gain >= min_gain && best.map_or(true, |b| window_gain > b.gain) {
                    best = Some(Reading {
                        shift,
                        first,
                        last,
                        gain: window_gain,
                    });
                }
            }
        }
    }
    let Some(best) = best else {
        return;
    };
    for (i, fit) in at.iter_mut().enumerate().take(n) {
        *fit = position_fit(position(i), bytes, best.shift, defs);
    }
    // Where the shift starts: after the last position that fits only unshifted, at the
    // latest where the first element that fits only shifted begins.
    let evidence = (best.first..best.last)
        .find(|&i| at0[i] == Fit::Fail && at[i] == Fit::Strong)
        .or_else(|| (best.first..best.last).find(|&i| at0[i] == Fit::Fail && at[i].fits()))
        .unwrap_or(best.first);
    let after = (0..best.first)
        .rev()
        .find(|&i| at0[i].fits() && at[i] == Fit::Fail)
        .map_or(0, |i| position(i).end + 1);
    let shifted_from = position(best.first).start;
    let shifted_to = position(best.last - 1).end;
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

    let p = position(evidence);
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
    let position = f.get("position")?.as_bytes();
    let digits = position.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    Some(
        position[..digits]
            .iter()
            .fold(0usize, |n, b| n * 10 + usize::from(b - b'0')),
    )
}

/// The first position (in list order) starting at `start`: what a search through the lists
/// in turn finds. Every list is a slice of [`Definitions::positions`], sorted by start
/// (`Definitions::regroup` sorts each group so; a test checks it), so a binary search finds
/// the first one of each list.
pub(super) fn first_starting_at<'a>(
    lists: &[&'a [PositionDef]],
    start: usize,
) -> Option<&'a PositionDef> {
    lists.iter().find_map(|list| {
        let i = list.partition_point(|p| p.start < start);
        list.get(i).filter(|p| p.start == start)
    })
}

/// Quick test before the full reading: do enough of the positions that gave an "undefined
/// code" finding fit when read shifted (some strongly, or `min_flips` of them)? Without that
/// no shifted reading can have the evidence.
fn worth_a_look(
    lists: &[&[PositionDef]],
    bytes: &[u8],
    shifts: &[isize],
    min_flips: usize,
    defs: &Definitions,
    findings: &[Finding],
) -> bool {
    let mut failed: [Option<&PositionDef>; MAX_POSITIONS] = [None; MAX_POSITIONS];
    let mut n = 0;
    for f in findings {
        // The same `&'static str` as the id constant (what the checks give) is taken without
        // comparing the text; any other id is compared as text.
        let is = |id: &str| std::ptr::eq(f.id, id) || f.id == id;
        let undefined = f.severity_hint == super::SeverityHint::Error
            && (is(ids::FIXED_FIELD_CODE) || is(ids::LANGUAGE_CODE) || is(ids::COUNTRY_CODE));
        if !undefined || n == MAX_POSITIONS {
            continue;
        }
        if let Some(start) = finding_start(f) {
            failed[n] = first_starting_at(lists, start);
            n += usize::from(failed[n].is_some());
        }
    }
    shifts.iter().any(|&shift| {
        let mut fits = 0;
        for p in failed[..n].iter().flatten() {
            // The same bytes a step away (a run of one character) fail again.
            let here = bytes.get(p.start..=p.end);
            let there = p
                .start
                .checked_add_signed(shift)
                .zip(p.end.checked_add_signed(shift))
                .and_then(|(s, e)| bytes.get(s..=e));
            if here == there {
                continue;
            }
            match position_fit(p, bytes, shift, defs) {
                Fit::Strong => return true,
                Fit::Weak => fits += 1,
                _ => {}
            }
        }
        fits >= min_flips
    })
}
