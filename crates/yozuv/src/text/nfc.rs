//! Is a text in NFC, and its NFKC form, for validators and keys that ask it of every subfield:
//! the quick check of UAX #15 ("Detecting Normalization Forms") with ASCII skipped eight bytes
//! at a time, and the characters that are starters with Quick_Check=Yes — nearly every letter of
//! every script — answered from a bitmap instead of two lookups in the normaliser's tables.
//! Normalizing, where it is needed, works only on the segments that need it.
//!
//! ```
//! use yozuv::text::nfc;
//!
//! assert_eq!(nfc::quick_check("Ўзбекистон café"), Some(true));
//! assert_eq!(nfc::quick_check("cafe\u{301}"), None); // U+0301 may compose: not decided
//! assert!(!nfc::is_nfc("cafe\u{301}"));
//! assert!(!nfc::is_nfc("e\u{301}\u{327}")); // marks out of canonical order
//! assert!(nfc::is_nfc("Abc\u{5d0}\u{5b8}"));
//! ```

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Blocks of 64 code points in the Basic Multilingual Plane.
const BLOCKS: usize = 0x10000 / 64;

/// One bit per BMP code point: whether it is a starter (canonical combining class 0) with
/// Quick_Check=Yes for one normalization form. Filled a block at a time on first use, from the
/// normaliser's own tables; filling a block twice (two threads at once) writes the same word.
struct PlainBitmap {
    /// One bit per block: its word in `plain` has been computed.
    known: [AtomicU64; BLOCKS / 64],
    plain: [AtomicU64; BLOCKS],
    /// The answer for one character, from the tables.
    by_tables: fn(char) -> bool,
}

impl PlainBitmap {
    const fn new(by_tables: fn(char) -> bool) -> Self {
        PlainBitmap {
            known: [const { AtomicU64::new(0) }; BLOCKS / 64],
            plain: [const { AtomicU64::new(0) }; BLOCKS],
            by_tables,
        }
    }

    /// `by_tables(c)`, through the bitmap for BMP characters.
    fn get(&self, c: char) -> bool {
        let u = c as u32;
        let block = (u >> 6) as usize;
        let (Some(known), Some(plain)) = (self.known.get(block >> 6), self.plain.get(block)) else {
            return (self.by_tables)(c);
        };
        let bit = 1u64 << (block & 63);
        let word = if known.load(Ordering::Acquire) & bit != 0 {
            plain.load(Ordering::Relaxed)
        } else {
            let base = u & !63;
            let word = (0..64u32)
                .filter(|k| char::from_u32(base + k).is_some_and(self.by_tables))
                .fold(0u64, |w, k| w | 1 << k);
            plain.store(word, Ordering::Relaxed);
            known.fetch_or(bit, Ordering::Release);
            word
        };
        word >> (u & 63) & 1 != 0
    }
}

/// Whether `c` is a starter with NFC_Quick_Check=Yes, from the tables of `unicode-normalization`.
fn plain_by_tables(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Whether `c` is a starter with NFKC_Quick_Check=Yes, from the tables.
fn nfkc_plain_by_tables(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
}

static NFC_PLAIN: PlainBitmap = PlainBitmap::new(plain_by_tables);
static NFKC_PLAIN: PlainBitmap = PlainBitmap::new(nfkc_plain_by_tables);

/// [`plain_by_tables`] through the bitmap.
fn is_plain(c: char) -> bool {
    NFC_PLAIN.get(c)
}

/// The NFKC form of `s` (`s.nfkc().collect()`), borrowed when `s` is in NFKC already. Text is
/// normalized segment by segment between the starters with NFKC_Quick_Check=Yes (a boundary
/// nothing before it crosses: UAX #15), and only the segments holding another character are
/// normalized at all; the rest is copied.
///
/// ```
/// use yozuv::text::nfc::nfkc;
///
/// assert!(matches!(nfkc("Toshkent, 1999"), std::borrow::Cow::Borrowed(_)));
/// assert_eq!(nfkc("ﬁle e\u{301}"), "file \u{e9}");
/// ```
pub fn nfkc(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let mut i = super::ascii::prefix_len(bytes);
    // Where the current segment starts, and whether it holds a character other than its
    // starter (then it is normalized).
    let mut segment = i.saturating_sub(1);
    let mut dirty = false;
    let mut out: Option<String> = None;
    // `s[..copied]` is in `out` (normalized where it had to be).
    let mut copied = 0;
    let mut settle = |from: usize, to: usize, out: &mut Option<String>| {
        let out = out.get_or_insert_with(|| String::with_capacity(s.len() + 8));
        out.push_str(s.get(copied..from).unwrap_or_default());
        out.extend(s.get(from..to).unwrap_or_default().nfkc());
        copied = to;
    };
    while let Some(&b) = bytes.get(i) {
        let c = if b < 0x80 {
            None
        } else {
            s.get(i..).and_then(|rest| rest.chars().next())
        };
        match c {
            Some(c) if !NFKC_PLAIN.get(c) => {
                dirty = true;
                i += c.len_utf8();
            }
            _ => {
                if dirty {
                    settle(segment, i, &mut out);
                    dirty = false;
                }
                segment = i;
                i += match c {
                    None => {
                        let run = bytes.get(i..).map_or(1, super::ascii::prefix_len).max(1);
                        segment = i + run - 1;
                        run
                    }
                    Some(c) => c.len_utf8(),
                };
            }
        }
    }
    if dirty {
        settle(segment, s.len(), &mut out);
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut out) => {
            out.push_str(s.get(copied..).unwrap_or_default());
            Cow::Owned(out)
        }
    }
}

/// The NFC quick check of `s`: `Some(true)` when it is surely NFC, `Some(false)` when it surely is
/// not, `None` ("Maybe") when only normalizing can tell. Gives what
/// `unicode_normalization::is_nfc_quick(s.chars())` gives.
pub fn quick_check(s: &str) -> Option<bool> {
    check(s, false)
}

/// Whether `s` is in NFC: `s.nfc().eq(s.chars())`, but normalizing only where the quick check
/// cannot tell. Normalization works segment by segment between the characters that are starters
/// with NFC_Quick_Check=Yes (nothing before one composes with it or anything after it: UAX #15,
/// "Detecting Normalization Forms"), so only the segments holding a "Maybe" character (such as
/// a combining acute after its letter) are normalized.
pub fn is_nfc(s: &str) -> bool {
    check(s, true).unwrap_or(false)
}

/// Whether `s[from..to]` is in NFC, by normalizing it.
fn segment_is_nfc(s: &str, from: usize, to: usize) -> bool {
    s.get(from..to)
        .is_some_and(|segment| segment.nfc().eq(segment.chars()))
}

/// The quick check, and with `normalize` the answer for its "Maybe" segments too (so never
/// `None`).
fn check(s: &str, normalize: bool) -> Option<bool> {
    let bytes = s.as_bytes();
    let mut i = super::ascii::prefix_len(bytes);
    // Where the current segment starts: at its starter with NFC_Quick_Check=Yes (the last ASCII
    // character before `i`), or at the start of the text.
    let mut segment = i.saturating_sub(1);
    let mut last_class = 0u8;
    // The text (quick check) or the current segment (`normalize`) holds a "Maybe" character.
    let mut maybe = false;
    while let Some(&b) = bytes.get(i) {
        let c = if b < 0x80 {
            None
        } else {
            s.get(i..).and_then(|rest| rest.chars().next())
        };
        if c.map_or(true, is_plain) {
            // A segment boundary: ASCII or a starter with NFC_Quick_Check=Yes.
            if normalize && maybe {
                if !segment_is_nfc(s, segment, i) {
                    return Some(false);
                }
                maybe = false;
            }
            last_class = 0;
            segment = i;
            i += match c {
                // A run of ASCII; the segment starts at its last character.
                None => {
                    let run = bytes.get(i..).map_or(1, super::ascii::prefix_len).max(1);
                    segment = i + run - 1;
                    run
                }
                Some(c) => c.len_utf8(),
            };
            continue;
        }
        let Some(c) = c else { break };
        i += c.len_utf8();
        let class = canonical_combining_class(c);
        if last_class > class && class != 0 {
            return Some(false);
        }
        match is_nfc_quick(std::iter::once(c)) {
            IsNormalized::Yes => {}
            IsNormalized::No => return Some(false),
            IsNormalized::Maybe => maybe = true,
        }
        last_class = class;
    }
    match (maybe, normalize) {
        (false, _) => Some(true),
        (true, true) => Some(segment_is_nfc(s, segment, s.len())),
        (true, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library_quick_check(s: &str) -> Option<bool> {
        match is_nfc_quick(s.chars()) {
            IsNormalized::Yes => Some(true),
            IsNormalized::No => Some(false),
            IsNormalized::Maybe => None,
        }
    }

    /// The bitmap holds what the tables say, for every code point of the BMP.
    #[test]
    fn bitmap_matches_tables() {
        let mut plain = 0;
        for c in (0..0x10000u32).filter_map(char::from_u32) {
            assert_eq!(is_plain(c), plain_by_tables(c), "U+{:04X}", c as u32);
            plain += usize::from(is_plain(c));
        }
        // Sanity: most of the BMP is plain, and the combining marks are not.
        assert!(plain > 50_000, "{plain}");
        assert!(!is_plain('\u{301}') && !is_plain('\u{93c}') && is_plain('ж'));
    }

    /// Every character alone and around ASCII, and the marks in every order after a base: the
    /// quick check answers what the library's does, and `is_nfc` what full normalization does.
    #[test]
    fn matches_library_and_normalization() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(
                quick_check(&alone),
                library_quick_check(&alone),
                "{alone:?}"
            );
            if (c as u32) < 0x3400 || (0xF900..0x10000).contains(&(c as u32)) {
                for v in [format!("a{c}"), format!("{c}b\u{301}"), format!("x{c}{c}y")] {
                    assert_eq!(quick_check(&v), library_quick_check(&v), "{v:?}");
                    assert_eq!(is_nfc(&v), v.nfc().eq(v.chars()), "{v:?}");
                }
            }
        }
        let marks = [
            "\u{301}",
            "\u{308}\u{301}",
            "\u{327}",
            "\u{93c}",
            "\u{301}\u{327}",
            "\u{5b8}\u{5b4}",
        ];
        let bases = ["", "e", "Ce", "Ka", "Ж", "x ", "ab.", "\u{915}", "\u{5d0}"];
        let tails = ["", "z", "\u{e9}", " \u{41}\u{30a}", "\u{2000}"];
        for head in ["", "Tit", "A b "] {
            for base in bases {
                for mark in marks {
                    for tail in tails {
                        let v = format!("{head}{base}{mark}{tail}");
                        assert_eq!(quick_check(&v), library_quick_check(&v), "{v:?}");
                        assert_eq!(is_nfc(&v), v.nfc().eq(v.chars()), "{v:?}");
                    }
                }
            }
        }
        for v in ["", "plain", "caf\u{e9}", "\u{1e9b}\u{323}", "\u{958}"] {
            assert_eq!(quick_check(v), library_quick_check(v), "{v:?}");
            assert_eq!(is_nfc(v), v.nfc().eq(v.chars()), "{v:?}");
        }
    }

    /// Many strings of letters, composites, marks in and out of order, Hangul jamo and syllables
    /// (ones that compose and ones that do not): `is_nfc` answers what normalizing all of it
    /// answers, and the quick check what the library's does.
    #[test]
    fn segments_match_whole_normalization() {
        let alphabet: Vec<char> = "aeoAE .-\u{e9}\u{c5}\u{1e0d}\u{301}\u{300}\u{308}\u{323}\u{327}\u{30a}\u{345}\u{3b1}\u{1f71}\u{415}\u{439}\u{438}\u{306}\u{915}\u{93c}\u{94d}\u{958}\u{1100}\u{1161}\u{11a8}\u{ac00}\u{b3e}\u{b47}\u{2000}\u{5d0}\u{5b8}\u{5bc}\u{fb2f}\u{1d15e}\u{1d165}"
            .chars()
            .collect();
        // A small linear congruential generator: the same strings on every run.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        for _ in 0..200_000 {
            let len = next(9);
            let v: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            assert_eq!(is_nfc(&v), v.nfc().eq(v.chars()), "{v:?}");
            assert_eq!(quick_check(&v), library_quick_check(&v), "{v:?}");
        }
    }

    /// NFKC by segments gives what normalizing all of it gives: every character alone and after
    /// a letter, and pseudo-random strings of compatibility characters, composites and marks.
    #[test]
    fn nfkc_matches_whole_normalization() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for v in [c.to_string(), format!("a{c}\u{301}"), format!("{c}{c} ")] {
                assert_eq!(nfkc(&v), v.nfkc().collect::<String>(), "{v:?}");
            }
        }
        let alphabet: Vec<char> = "ae \u{e9}\u{301}\u{308}\u{323}\u{327}\u{345}\u{1f71}\u{439}\u{306}\u{915}\u{93c}\u{958}\u{1100}\u{1161}\u{11a8}\u{ac00}\u{b3e}\u{b47}\u{2000}\u{fb01}\u{fb2f}\u{5b8}\u{2460}\u{ff21}\u{3300}\u{1d15e}\u{f73}\u{f71}\u{a8}\u{2126}"
            .chars()
            .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        for _ in 0..200_000 {
            let len = next(9);
            let v: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let whole: String = v.nfkc().collect();
            let ours = nfkc(&v);
            assert_eq!(ours, whole, "{v:?}");
            if matches!(ours, Cow::Borrowed(_)) {
                assert_eq!(whole, v, "{v:?}");
            }
        }
    }

    /// The NFKC bitmap holds what the tables say.
    #[test]
    fn nfkc_bitmap_matches_tables() {
        for c in (0..0x10000u32).filter_map(char::from_u32) {
            assert_eq!(
                NFKC_PLAIN.get(c),
                nfkc_plain_by_tables(c),
                "U+{:04X}",
                c as u32
            );
        }
    }
}
