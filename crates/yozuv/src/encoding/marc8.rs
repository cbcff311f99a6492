//! UTF-8 -> MARC-8. Combining marks are written before their base character; a
//! character no MARC-8 table can express is written as LoC's lossless numeric
//! character reference `&#xHHHH;` and reported.

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use super::iso2022::{ANSEL, ASCII};
use super::tables::{self, Tables};

const ESC: u8 = 0x1B;
const EACC: u8 = 0x31;
/// The sets designated with a two-byte escape ("technique 1") and left with `ESC s`.
const TECHNIQUE_1: [u8; 3] = [0x62, 0x67, 0x70];

/// A character that MARC-8 cannot express, written as `&#xHHHH;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmappable {
    /// Byte offset of the character in the UTF-8 text.
    pub offset: usize,
    /// The character.
    pub character: char,
}

/// Encodes UTF-8 text as MARC-8. G0 starts (and ends) as ASCII, G1 stays ANSEL.
///
/// ```
/// let (bytes, unmappable) = yozuv::encoding::encode_marc8("communauté Мир");
/// assert_eq!(bytes, b"communaut\xe2e \x1b(N\x6d\x49\x52\x1b(B");
/// assert!(unmappable.is_empty());
/// ```
pub fn encode_marc8(text: &str) -> (Vec<u8>, Vec<Unmappable>) {
    let mut encoder = Encoder {
        tables: tables::marc8(),
        out: Vec::with_capacity(text.len() + 8),
        g0: ASCII,
        unmappable: Vec::new(),
    };
    if text.is_ascii() && !text.contains("&#x") {
        return (text.as_bytes().to_vec(), Vec::new());
    }
    encoder.run(text);
    encoder.designate(ASCII);
    (encoder.out, encoder.unmappable)
}

struct Encoder {
    tables: &'static Tables,
    out: Vec<u8>,
    g0: u8,
    unmappable: Vec<Unmappable>,
}

impl Encoder {
    fn is_mark(&self, c: char) -> bool {
        canonical_combining_class(c) != 0
            || self
                .tables
                .codes_for(c)
                .first()
                .is_some_and(|&(set, code)| self.combining(set, code))
    }

    fn combining(&self, set: u8, code: u32) -> bool {
        let entry = if set == EACC {
            self.tables.multibyte(code)
        } else if (0x80..0xA0).contains(&code) {
            self.tables.set(set).map_or(0, |s| s.c1(code as u8))
        } else {
            self.tables
                .set(set)
                .map_or(0, |s| s.graphic[(code & 0x7F) as usize])
        };
        entry & tables::COMBINING != 0
    }

    fn mappable(&self, c: char) -> bool {
        (c as u32) < 0x20 || !self.tables.codes_for(c).is_empty()
    }

    fn run(&mut self, text: &str) {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut right_half: Option<u32> = None;
        let mut i = 0;
        while i < chars.len() {
            let (offset, c) = chars[i];
            let mut j = i + 1;
            while j < chars.len() && self.is_mark(chars[j].1) {
                j += 1;
            }
            // The base and the marks that follow it, each with its offset in the text.
            let mut base = vec![(offset, c)];
            if !self.mappable(c) && !self.is_mark(c) {
                let mut parts = Vec::new();
                decompose_canonical(c, |p| parts.push((offset, p)));
                if parts.len() > 1 && parts.iter().all(|&(_, p)| self.mappable(p)) {
                    base = parts;
                }
            }
            let (head, head_marks) = base.split_at(1);
            let marks: Vec<(usize, char)> = head_marks
                .iter()
                .copied()
                .chain(chars[i + 1..j].iter().copied())
                .collect();
            let head = head[0];
            let head_is_mark = self.is_mark(head.1);
            // A double diacritic's right half goes before the next base character.
            if !head_is_mark {
                if let Some(code) = right_half.take() {
                    self.out.push(code as u8);
                }
            }
            let mut next_right_half = None;
            // Only marks the tables write as combining go before the base. Marks that no
            // table has (references) or that a table writes as a spacing character
            // travel AFTER their base: they decode as characters of their own.
            let (marks, after): (Vec<_>, Vec<_>) = marks.into_iter().partition(|&(_, m)| {
                self.tables
                    .codes_for(m)
                    .first()
                    .is_some_and(|&(set, code)| self.combining(set, code))
            });
            for &(off, m) in &marks {
                if let Some(&(set, code)) = self.tables.codes_for(m).first() {
                    if let Some(&(_, right)) = self
                        .tables
                        .right_halves
                        .iter()
                        .find(|&&(left, _)| left.0 == set && left.1 & 0x7F == code & 0x7F)
                    {
                        next_right_half = Some(right);
                    }
                }
                self.put(off, m);
            }
            if head_is_mark {
                // A mark with no base before it: MARC-8 would attach it to the next
                // character, so it travels as a reference to keep its place.
                self.reference(head.0, head.1);
            } else {
                self.put(head.0, head.1);
            }
            for (off, m) in after {
                self.put(off, m);
            }
            if next_right_half.is_some() {
                right_half = next_right_half;
            }
            i = j;
        }
    }

    /// Writes one character in the current or a newly designated G0 set, or ANSEL.
    fn put(&mut self, offset: usize, c: char) {
        if (c as u32) <= 0x20 {
            self.out.push(c as u8);
            return;
        }
        let codes = self.tables.codes_for(c);
        let Some(&(set, code)) = codes
            .iter()
            .find(|&&(s, _)| s == self.g0 && s != EACC)
            .or_else(|| codes.first())
        else {
            self.reference(offset, c);
            return;
        };
        if set == ANSEL {
            self.out
                .push(code as u8 | if code < 0x80 { 0x80 } else { 0 });
            return;
        }
        if (0x80..0xA0).contains(&code) {
            self.out.push(code as u8);
            return;
        }
        self.designate(set);
        if set == EACC {
            self.out
                .extend_from_slice(&[(code >> 16) as u8, (code >> 8) as u8, code as u8]);
        } else {
            self.out.push((code & 0x7F) as u8);
        }
    }

    fn reference(&mut self, offset: usize, c: char) {
        self.unmappable.push(Unmappable {
            offset,
            character: c,
        });
        self.designate(ASCII);
        self.out
            .extend_from_slice(format!("&#x{:04X};", c as u32).as_bytes());
    }

    fn designate(&mut self, set: u8) {
        if self.g0 == set {
            return;
        }
        if set == ASCII && TECHNIQUE_1.contains(&self.g0) {
            self.out.extend_from_slice(&[ESC, b's']);
        } else if TECHNIQUE_1.contains(&set) {
            self.out.extend_from_slice(&[ESC, set]);
        } else if set == EACC {
            self.out.extend_from_slice(&[ESC, b'$', EACC]);
        } else {
            self.out.extend_from_slice(&[ESC, b'(', set]);
        }
        self.g0 = set;
    }
}
