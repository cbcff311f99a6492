//! Which script a character belongs to, for the two scripts yozuv repairs between (UAX #24 blocks).
//!
//! Only Latin and Cyrillic matter for homoglyph repair (UZBEK-TEXT.md section 6); every other letter is
//! [`Script::Other`], and characters of the Common and Inherited scripts (digits, punctuation, combining marks,
//! U+02BB/U+02BC) are not letters here.

/// Script of one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Latin letter.
    Latin,
    /// Cyrillic letter.
    Cyrillic,
    /// A letter of another script.
    Other,
    /// Not a letter (digit, punctuation, space, mark, modifier letter of the Common script).
    None,
}

/// `c.is_alphabetic()`, remembered per 256-character block of the BMP: the standard library
/// answers most non-Latin letters (Devanagari, CJK, combining marks) with a table walk of
/// hundreds of instructions, and catalogue text asks about the same few blocks again and
/// again. A block is filled from `char::is_alphabetic` on first use, so the answer is the same.
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    use std::sync::OnceLock;
    static BLOCKS: [OnceLock<[u64; 4]>; 256] = [const { OnceLock::new() }; 256];
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphabetic();
    }
    let Some(block) = BLOCKS.get((u >> 8) as usize) else {
        return char::is_alphabetic(c);
    };
    let bits = block.get_or_init(|| {
        let mut bits = [0u64; 4];
        for low in 0..256u32 {
            if char::from_u32((u & !0xFF) | low).is_some_and(char::is_alphabetic) {
                bits[(low >> 6) as usize] |= 1 << (low & 63);
            }
        }
        bits
    });
    let low = u & 0xFF;
    bits[(low >> 6) as usize] & (1 << (low & 63)) != 0
}

/// Script of `c`. ASCII, Latin-1 and the main Cyrillic block are answered without tables.
#[inline]
pub fn script_of(c: char) -> Script {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_alphabetic() {
            Script::Latin
        } else {
            Script::None
        };
    }
    match u {
        0x0400..=0x0481 | 0x048A..=0x052F => Script::Cyrillic,
        0x0482..=0x0489 => Script::None,
        0x2000..=0x206F => Script::None,
        0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => {
            if is_alphabetic(c) {
                Script::Cyrillic
            } else {
                Script::None
            }
        }
        0x00C0..=0x024F
        | 0x1E00..=0x1EFF
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xFF21..=0xFF3A
        | 0xFF41..=0xFF5A => {
            if is_alphabetic(c) && u != 0xD7 && u != 0xF7 {
                Script::Latin
            } else {
                Script::None
            }
        }
        // Modifier letters U+02B0..U+02FF (ʻ ʼ among them) are Common.
        0x02B0..=0x02FF => Script::None,
        _ => {
            if is_alphabetic(c) {
                Script::Other
            } else {
                Script::None
            }
        }
    }
}

/// Kazakh-only Cyrillic letters (not in the Uzbek or Russian alphabets): their presence marks Kazakh text.
/// і and һ are left out: they are the very letters that turn up as look-alikes (ХІV) in other text.
#[inline]
pub(crate) fn is_kazakh_letter(c: char) -> bool {
    matches!(c, 'ә' | 'Ә' | 'ө' | 'Ө' | 'ұ' | 'Ұ' | 'ү' | 'Ү' | 'ң' | 'Ң')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The per-block memo answers exactly what the standard library answers, for every
    /// character (including the surrogate gap and beyond the BMP).
    #[test]
    fn memoized_is_alphabetic_matches_std() {
        for u in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_alphabetic(c), c.is_alphabetic(), "U+{u:04X}");
            }
        }
    }
}
