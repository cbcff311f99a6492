//! Scans of UTF-8 text for ASCII, eight bytes at a time: most values of most records are plain
//! ASCII, and a validator asking every subfield "anything to look at here?" wants the answer
//! for a few instructions per eight bytes.
//!
//! The bytes are read as `u64` words ("SWAR"), with the tests of "Bit Twiddling Hacks":
//! "has a byte less than n" (`(w - n·0x01…) & !w & 0x80…`, exact for n ≤ 0x80, as a borrow
//! only starts at a byte below n) and the high bit of every byte. Each answers "is there any
//! such byte", so bytes may be read twice: the last part of an input is read as its last eight
//! bytes, and an input shorter than eight bytes as its first and last four (or two) bytes,
//! padded with spaces (which no test counts).
//!
//! ```
//! use yozuv::text::ascii;
//!
//! assert_eq!(ascii::prefix_len("Toshkent: Фан, 1999".as_bytes()), 10);
//! assert!(ascii::is_printable(b"Toshkent : Fan, 1999."));
//! assert_eq!(ascii::classify("a\u{1b}(Bb".as_bytes()), (false, true));
//! assert_eq!(ascii::classify("Фан".as_bytes()), (true, false));
//! assert!(!ascii::has_control("Фан\u{7e}".as_bytes()));
//! ```

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGH: u64 = ONES * 0x80;

/// Bytes of one word, little-endian.
const WORD: usize = 8;

/// `f` of every eight-byte word of `bytes` (the last one overlapping, or a short input padded),
/// or-ed together.
#[inline]
fn fold_words(bytes: &[u8], f: impl Fn(u64) -> u64) -> u64 {
    let Some(last) = bytes.last_chunk::<WORD>() else {
        return f(short_word(bytes));
    };
    let mut acc = f(u64::from_le_bytes(*last));
    let mut words = bytes.chunks_exact(WORD);
    for word in &mut words {
        acc |= f(u64::from_le_bytes(word.try_into().unwrap_or_default()));
    }
    acc
}

/// The bytes of an input shorter than a word in one word: its first and last four (or two)
/// bytes, overlapping where it is shorter, and spaces where it has no bytes. No loop and no copy:
/// most short values (codes, numbers, `$2` sources) take this way.
#[inline]
fn short_word(bytes: &[u8]) -> u64 {
    const SPACES: u64 = ONES * 0x20;
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*first)) | u64::from(u32::from_le_bytes(*last)) << 32
    } else if let (Some(first), Some(last)) = (bytes.first_chunk::<2>(), bytes.last_chunk::<2>()) {
        u64::from(u16::from_le_bytes(*first))
            | u64::from(u16::from_le_bytes(*last)) << 16
            | SPACES << 32
    } else if let Some(&only) = bytes.first() {
        u64::from(only) | SPACES << 8
    } else {
        SPACES
    }
}

/// The high bit of each byte of `w` that is below `n` (n ≤ 0x80), and maybe of bytes above such
/// a byte: nonzero exactly when some byte is below `n`.
#[inline]
fn below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH
}

/// The length of the run of ASCII bytes that `bytes` starts with (all of it when it is ASCII).
pub fn prefix_len(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(WORD);
    let mut at = 0;
    for word in &mut words {
        let high = u64::from_le_bytes(word.try_into().unwrap_or_default()) & HIGH;
        if high != 0 {
            // Little-endian: the first byte is the lowest.
            return at + (high.trailing_zeros() / 8) as usize;
        }
        at += WORD;
    }
    at + words
        .remainder()
        .iter()
        .position(|&b| b >= 0x80)
        .unwrap_or(words.remainder().len())
}

/// Whether every byte is printable ASCII (0x20..=0x7E): no control character, no DEL, nothing
/// beyond ASCII.
pub fn is_printable(bytes: &[u8]) -> bool {
    // A byte ≥ 0x7F has its high bit set, or gets it by adding one (0x7F); the carry of adding
    // one only leaves a byte that is 0xFF, itself found by its high bit.
    fold_words(bytes, |w| below(w, 0x20) | w | w.wrapping_add(ONES)) & HIGH == 0
}

/// Whether `bytes` hold any byte beyond ASCII (≥ 0x80), and whether they hold any ASCII control
/// (C0, below 0x20, or DEL).
pub fn classify(bytes: &[u8]) -> (bool, bool) {
    (prefix_len(bytes) < bytes.len(), has_control(bytes))
}

/// Whether `bytes` hold any ASCII control byte: C0 (below 0x20) or DEL.
pub fn has_control(bytes: &[u8]) -> bool {
    fold_words(bytes, |w| below(w, 0x20) | below(w ^ (ONES * 0x7f), 1)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value at every place of inputs of every length up to three words and a bit,
    /// in a field of letters and in a field of non-ASCII bytes: each scan finds what a byte-by-byte
    /// look finds.
    #[test]
    fn scans_match_bytewise() {
        for fill in [b'a', 0xD0, b' ', 0x7E] {
            for len in 0..=3 * WORD + 1 {
                for at in 0..len.max(1) {
                    for b in 0..=255u8 {
                        let mut v = vec![fill; len];
                        if let Some(x) = v.get_mut(at) {
                            *x = b;
                        }
                        let what = format!("len {len} at {at} byte {b:#x} fill {fill:#x}");
                        assert_eq!(
                            prefix_len(&v),
                            v.iter().position(|&b| b >= 0x80).unwrap_or(v.len()),
                            "{what}"
                        );
                        assert_eq!(
                            is_printable(&v),
                            v.iter().all(|&b| (0x20..=0x7e).contains(&b)),
                            "{what}"
                        );
                        assert_eq!(
                            has_control(&v),
                            v.iter().any(|&b| b < 0x20 || b == 0x7f),
                            "{what}"
                        );
                        assert_eq!(
                            classify(&v),
                            (
                                v.iter().any(|&b| b >= 0x80),
                                v.iter().any(|&b| b < 0x20 || b == 0x7f)
                            ),
                            "{what}"
                        );
                    }
                }
            }
        }
    }

    /// Two special bytes in one word, so that a borrow or carry from one runs into the other.
    #[test]
    fn neighbouring_bytes() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let v = [b'x', a, b, b'y', b'z', b'w', b'v', b'u', b't'];
                assert_eq!(
                    is_printable(&v),
                    v.iter().all(|&b| (0x20..=0x7e).contains(&b)),
                    "{a:#x} {b:#x}"
                );
                assert_eq!(
                    classify(&v),
                    (
                        v.iter().any(|&b| b >= 0x80),
                        v.iter().any(|&b| b < 0x20 || b == 0x7f)
                    ),
                    "{a:#x} {b:#x}"
                );
            }
        }
    }
}
