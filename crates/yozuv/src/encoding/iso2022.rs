//! Decoding of the ISO 2022-style sets: MARC-8 (escape sequences, EACC, ANSEL) and the
//! UNIMARC sets (ISO 5426, 5427, 5428) in G1. Combining marks, which these sets write
//! BEFORE their base character, are moved after it, and the result is put in NFC.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::tables::{entry_char, Tables, COMBINING, EMPTY, NOT_NFC};
use super::{Charset, Problem, ProblemKind};

const ESC: u8 = 0x1B;
/// Final byte of ASCII (G0 default of MARC-8).
pub(crate) const ASCII: u8 = 0x42;
/// Final byte of ISO 646 in the UNIMARC tables.
const ISO_646: u8 = 0x40;
/// Final byte of ANSEL (G1 default of MARC-8).
pub(crate) const ANSEL: u8 = 0x45;

/// The designations in force while decoding.
#[derive(Clone, Copy)]
pub(crate) struct State {
    pub(crate) g0: u8,
    pub(crate) g1: u8,
}

/// Decodes `bytes` with `tables`, starting from `state`, appending to `out`.
/// `escapes` enables ISO 2022 escape sequences and LoC numeric character references.
pub(crate) fn decode(
    bytes: &[u8],
    tables: &Tables,
    mut state: State,
    charset: Charset,
    escapes: bool,
    out: &mut String,
    problems: &mut Vec<Problem>,
) {
    let start_len = out.len();
    let mut pending: Vec<char> = Vec::new();
    // Only text with combining marks or compatibility ideographs can be non-NFC.
    let mut needs_nfc = false;
    let mut i = 0;
    let mut g0_set = tables.set(state.g0);
    let mut g1_set = tables.set(state.g1);
    let multibyte = tables.multibyte_final;
    let invalid = |problems: &mut Vec<Problem>, at: usize, length: usize| {
        problems.push(Problem {
            offset: at,
            kind: ProblemKind::InvalidBytes { charset, length },
        });
    };
    while i < bytes.len() {
        let b = bytes[i];
        // Runs of plain ASCII under an ASCII G0 are copied as they are.
        if pending.is_empty()
            && (state.g0 == ASCII || state.g0 == ISO_646)
            && (0x20..0x7F).contains(&b)
            && b != b'&'
        {
            let run = bytes[i..]
                .iter()
                .position(|&x| !(0x20..0x7F).contains(&x) || x == b'&')
                .map_or(bytes.len(), |n| i + n);
            if let Ok(s) = std::str::from_utf8(&bytes[i..run]) {
                out.push_str(s);
            }
            i = run;
            continue;
        }
        let at = i;
        // The decoded character (with flags) and how many bytes it took.
        let (entry, used): (u32, usize) = if b == ESC && escapes {
            match escape(&bytes[i..], tables) {
                Some((g, final_byte, len)) => {
                    if g == 0 {
                        state.g0 = final_byte;
                        g0_set = tables.set(final_byte);
                    } else {
                        state.g1 = final_byte;
                        g1_set = tables.set(final_byte);
                    }
                    i += len;
                    continue;
                }
                None => {
                    problems.push(Problem {
                        offset: at,
                        kind: ProblemKind::InvalidEscape,
                    });
                    // Kept as is (lossless), like pymarc does.
                    (u32::from(ESC), 1)
                }
            }
        } else if b <= 0x20 || (b == 0x7F && Some(state.g0) != multibyte) {
            (u32::from(b), 1)
        } else if b < 0x80 {
            if Some(state.g0) == multibyte {
                multibyte_at(bytes, i, tables)
            } else if b == b'&' && escapes {
                match reference(&bytes[i..]) {
                    Some((c, len)) => {
                        // Any character can come this way: leave it to the NFC pass.
                        needs_nfc = true;
                        (c as u32, len)
                    }
                    None => (lookup(g0_set, b), 1),
                }
            } else {
                (lookup(g0_set, b), 1)
            }
        } else if b < 0xA0 {
            let e = g1_set.map_or(0, |s| s.c1(b));
            let e = if e == 0 {
                tables.set(ANSEL).map_or(0, |s| s.c1(b))
            } else {
                e
            };
            (e, 1)
        } else if Some(state.g1) == multibyte {
            multibyte_at(bytes, i, tables)
        } else {
            (lookup(g1_set, b & 0x7F), 1)
        };
        i += used.max(1);
        if entry == 0 {
            invalid(problems, at, used.max(1));
            out.push(char::REPLACEMENT_CHARACTER);
            if !pending.is_empty() {
                out.extend(pending.drain(..));
            }
            continue;
        }
        if entry & EMPTY != 0 {
            continue;
        }
        let Some(c) = entry_char(entry) else {
            invalid(problems, at, used.max(1));
            out.push(char::REPLACEMENT_CHARACTER);
            continue;
        };
        if entry & NOT_NFC != 0 {
            needs_nfc = true;
        }
        if entry & COMBINING != 0 {
            pending.push(c);
        } else if pending.is_empty() {
            out.push(c);
        } else {
            // The common case, one mark on a letter, composes here; anything else is
            // left to the NFC pass.
            match (
                pending.len(),
                unicode_normalization::char::compose(c, pending[0]),
            ) {
                (1, Some(composed)) => {
                    out.push(composed);
                    pending.clear();
                }
                _ => {
                    out.push(c);
                    out.extend(pending.drain(..));
                    needs_nfc = true;
                }
            }
        }
    }
    if !pending.is_empty() {
        needs_nfc = true;
        out.extend(pending.drain(..));
    }
    let added = &out[start_len..];
    if needs_nfc && is_nfc_quick(added.chars()) != IsNormalized::Yes {
        let normalized: String = added.nfc().collect();
        out.truncate(start_len);
        out.push_str(&normalized);
    }
}

fn lookup(set: Option<&super::tables::Set>, byte: u8) -> u32 {
    set.map_or(0, |s| s.graphic[usize::from(byte & 0x7F)])
}

fn multibyte_at(bytes: &[u8], i: usize, tables: &Tables) -> (u32, usize) {
    match bytes.get(i..i + 3) {
        // An unknown character still takes its three bytes, so that the text after it
        // stays aligned.
        Some(&[a, b, c]) => {
            let code =
                (u32::from(a & 0x7F) << 16) | (u32::from(b & 0x7F) << 8) | u32::from(c & 0x7F);
            (tables.multibyte(code), 3)
        }
        // A truncated EACC character at the end of the text.
        _ => (0, bytes.len() - i),
    }
}

/// True when `bytes` starts with an escape sequence designating a set of `tables`.
pub(crate) fn is_escape(bytes: &[u8], tables: &Tables) -> bool {
    escape(bytes, tables).is_some()
}

/// Parses an escape sequence at the start of `bytes`: `(graphic set 0|1, final byte, length)`.
fn escape(bytes: &[u8], tables: &Tables) -> Option<(u8, u8, usize)> {
    let known = |f: u8| tables.set(f).is_some() || Some(f) == tables.multibyte_final;
    let n1 = *bytes.get(1)?;
    let (g, mut at) = match n1 {
        b'(' | b',' => (0, 2),
        b')' | b'-' => (1, 2),
        b'$' => match *bytes.get(2)? {
            b'(' | b',' => (0, 3),
            b')' | b'-' => (1, 3),
            _ => (0, 2),
        },
        // Technique 1: Greek symbols, subscripts, superscripts, and back to ASCII.
        b'g' | b'b' | b'p' if known(n1) => return Some((0, n1, 2)),
        b's' => return Some((0, ASCII, 2)),
        _ => return None,
    };
    // "ESC ) ! E": the intermediate '!' of a 96-character set.
    if bytes.get(at) == Some(&b'!') {
        at += 1;
    }
    let f = *bytes.get(at)?;
    if known(f) {
        Some((g, f, at + 1))
    } else {
        None
    }
}

/// A LoC lossless numeric character reference `&#xHHHH;` at the start of `bytes`.
fn reference(bytes: &[u8]) -> Option<(char, usize)> {
    let rest = bytes.strip_prefix(b"&#x")?;
    let digits = rest.iter().take(7).position(|&b| b == b';')?;
    if digits == 0 || digits > 6 {
        return None;
    }
    let hex = std::str::from_utf8(&rest[..digits]).ok()?;
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((c, 3 + digits + 1))
}
