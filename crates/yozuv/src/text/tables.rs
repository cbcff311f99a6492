//! The data files of `data/text/`, parsed once on first use.
//!
//! Every table is a tab-separated or one-item-a-line text file compiled in with `include_str!`; lines starting
//! with `#` are comments. A malformed line is skipped (the files are checked by the tests in `tests/text_data.rs`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Data lines of a table: not empty, not a comment.
fn lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    if it.next().is_none() {
        Some(c)
    } else {
        None
    }
}

/// Cyrillic ⇄ Latin homoglyph pairs (`confusables.tsv`), in direct-indexed arrays: every pair in the file is
/// ASCII on the Latin side and in U+0400..U+052F on the Cyrillic side (other lines are ignored).
pub(crate) struct Confusables {
    /// ASCII Latin letter → (Cyrillic twin, Kazakh-only scope).
    lat_to_cyr: [Option<(char, bool)>; 128],
    /// Cyrillic letter (offset from U+0400) → Latin twin.
    cyr_to_lat: [Option<char>; 0x130],
}

impl Confusables {
    /// The Cyrillic twin of a Latin letter and whether the pair holds only in Kazakh text.
    #[inline]
    pub fn cyrillic_twin(&self, latin: char) -> Option<(char, bool)> {
        self.lat_to_cyr.get(latin as usize).copied().flatten()
    }

    /// The Latin twin of a Cyrillic letter.
    #[inline]
    pub fn latin_twin(&self, cyrillic: char) -> Option<char> {
        (cyrillic as usize)
            .checked_sub(0x400)
            .and_then(|i| self.cyr_to_lat.get(i))
            .copied()
            .flatten()
    }
}

pub(crate) fn confusables() -> &'static Confusables {
    static T: OnceLock<Confusables> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Confusables {
            lat_to_cyr: [None; 128],
            cyr_to_lat: [None; 0x130],
        };
        for line in lines(include_str!("../../data/text/confusables.tsv")) {
            let cols: Vec<&str> = line.split('\t').collect();
            if let (Some(c), Some(l), Some(scope)) = (
                cols.first().and_then(|s| single_char(s)),
                cols.get(1).and_then(|s| single_char(s)),
                cols.get(2),
            ) {
                let ci = (c as usize).wrapping_sub(0x400);
                if l.is_ascii() && ci < 0x130 {
                    t.lat_to_cyr[l as usize] = Some((c, *scope == "kk"));
                    t.cyr_to_lat[ci] = Some(l);
                }
            }
        }
        t
    })
}

/// Class of an apostrophe-like character (`apostrophes.tsv`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum MarkClass {
    /// U+02BB, the canonical oʻ/gʻ letter mark.
    LetterMark,
    /// U+02BC, the canonical tutuq.
    Tutuq,
    /// A look-alike that may stand for either.
    Mark,
    /// OCR debris seen in place of the mark.
    Junk,
}

/// The apostrophe table, direct-indexed below U+0300 and a short list above (a Cyrillic letter is answered
/// after two comparisons).
pub(crate) struct Apostrophes {
    low: [Option<MarkClass>; 0x300],
    high: Vec<(char, MarkClass)>,
}

impl Apostrophes {
    /// The class of `c`, if it is an apostrophe-like character.
    #[inline]
    pub fn class(&self, c: char) -> Option<MarkClass> {
        match self.low.get(c as usize) {
            Some(class) => *class,
            None => self.high.iter().find(|&&(m, _)| m == c).map(|&(_, k)| k),
        }
    }
}

pub(crate) fn apostrophes() -> &'static Apostrophes {
    static T: OnceLock<Apostrophes> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Apostrophes {
            low: [None; 0x300],
            high: Vec::new(),
        };
        for line in lines(include_str!("../../data/text/apostrophes.tsv")) {
            let cols: Vec<&str> = line.split('\t').collect();
            let cp = cols
                .first()
                .and_then(|s| s.strip_prefix("U+"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32);
            let class = match cols.get(1).copied() {
                Some("canonical-letter-mark") => Some(MarkClass::LetterMark),
                Some("canonical-tutuq") => Some(MarkClass::Tutuq),
                Some("mark") => Some(MarkClass::Mark),
                Some("junk") => Some(MarkClass::Junk),
                _ => None,
            };
            if let (Some(cp), Some(class)) = (cp, class) {
                match t.low.get_mut(cp as usize) {
                    Some(slot) => *slot = Some(class),
                    None => t.high.push((cp, class)),
                }
            }
        }
        t
    })
}

/// One-item-a-line word list, lower-cased.
fn word_set(data: &'static str) -> HashSet<String> {
    lines(data).map(|l| l.trim().to_lowercase()).collect()
}

/// Uzbek Latin word forms with canonical marks, and the stems of `uz-latin-stems.txt`.
pub(crate) struct UzLexicon {
    pub words: HashSet<String>,
    /// Stems, longest first.
    pub stems: Vec<String>,
    /// Word without its U+02BB marks → canonical word (for missing-mark repair).
    pub by_skeleton: HashMap<String, String>,
    /// Stems by skeleton, longest first.
    pub stems_by_skeleton: Vec<(String, String)>,
    pub final_tutuq: HashSet<String>,
    pub foreign: HashSet<String>,
    /// The English function words of up to 8 ASCII letters packed into integers (see [`pack_ascii_word`]), sorted.
    pub english_packed: Vec<u64>,
}

/// A lower-case ASCII word of 1 to 8 letters as one integer, for lookups without hashing.
pub(crate) fn pack_ascii_word(word: &[u8]) -> Option<u64> {
    if word.is_empty() || word.len() > 8 || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 8];
    buf[..word.len()].copy_from_slice(word);
    Some(u64::from_le_bytes(buf))
}

pub(crate) fn skeleton(word: &str) -> String {
    word.chars().filter(|&c| c != '\u{02BB}').collect()
}

pub(crate) fn uz_lexicon() -> &'static UzLexicon {
    static T: OnceLock<UzLexicon> = OnceLock::new();
    T.get_or_init(|| {
        let words = word_set(include_str!("../../data/text/uz-latin-words.txt"));
        let english = word_set(include_str!("../../data/text/english-function-words.txt"));
        let mut stems: Vec<String> = word_set(include_str!("../../data/text/uz-latin-stems.txt"))
            .into_iter()
            .collect();
        stems.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        // Of forms that differ only by U+02BB marks, the one with the most marks wins (a dropped mark is damage).
        let mut by_skeleton: HashMap<String, String> = HashMap::new();
        for w in &words {
            let marks = |s: &str| s.matches('\u{02BB}').count();
            let entry = by_skeleton.entry(skeleton(w)).or_insert_with(|| w.clone());
            if marks(w) > marks(entry) || (marks(w) == marks(entry) && w < entry) {
                *entry = w.clone();
            }
        }
        let stems_by_skeleton = stems.iter().map(|s| (skeleton(s), s.clone())).collect();
        UzLexicon {
            words,
            stems,
            by_skeleton,
            stems_by_skeleton,
            final_tutuq: word_set(include_str!("../../data/text/uz-latin-final-tutuq.txt")),
            foreign: word_set(include_str!("../../data/text/apostrophe-foreign.txt")),
            english_packed: {
                let mut v: Vec<u64> = english
                    .iter()
                    .filter_map(|w| pack_ascii_word(w.as_bytes()))
                    .collect();
                v.sort_unstable();
                v
            },
        }
    })
}

/// Transliteration tables.
pub(crate) struct Translit {
    /// Cyrillic lower-case letter → Latin.
    pub cyr_lat: HashMap<char, &'static str>,
    /// Latin lower-case unit (letter or digraph) → Cyrillic, longest first.
    pub lat_cyr: Vec<(Vec<char>, &'static str)>,
    /// Cyrillic stem → Latin, longest first.
    pub cyr_lat_exceptions: Vec<(Vec<char>, &'static str)>,
    /// Latin stem → Cyrillic, longest first.
    pub lat_cyr_exceptions: Vec<(Vec<char>, &'static str)>,
    /// Prefixes before a stem-initial ц.
    pub ts_prefixes: Vec<Vec<char>>,
    /// Latin letter sequences that give ц for `ts`.
    pub ts_patterns: Vec<Vec<char>>,
}

fn pairs(data: &'static str) -> Vec<(&'static str, &'static str)> {
    lines(data)
        .filter_map(|l| {
            let mut it = l.split('\t');
            Some((it.next()?.trim(), it.next().unwrap_or("").trim()))
        })
        .filter(|(a, _)| !a.is_empty())
        .collect()
}

fn longest_first(mut v: Vec<(Vec<char>, &'static str)>) -> Vec<(Vec<char>, &'static str)> {
    v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    v
}

pub(crate) fn translit() -> &'static Translit {
    static T: OnceLock<Translit> = OnceLock::new();
    T.get_or_init(|| {
        let cyr_lat = pairs(include_str!("../../data/text/uz-cyrl-latn.tsv"))
            .into_iter()
            .filter_map(|(c, l)| Some((single_char(c)?, l)))
            .collect();
        let lat_cyr = longest_first(
            pairs(include_str!("../../data/text/uz-latn-cyrl.tsv"))
                .into_iter()
                .map(|(l, c)| (l.chars().collect(), c))
                .collect(),
        );
        let cyr_lat_exceptions = longest_first(
            pairs(include_str!("../../data/text/uz-cyrl-latn-exceptions.tsv"))
                .into_iter()
                .map(|(c, l)| (c.chars().collect(), l))
                .collect(),
        );
        let lat_cyr_exceptions = longest_first(
            pairs(include_str!("../../data/text/uz-latn-cyrl-exceptions.tsv"))
                .into_iter()
                .map(|(l, c)| (l.chars().collect(), c))
                .collect(),
        );
        let ts_prefixes = lines(include_str!("../../data/text/uz-cyrl-ts-prefixes.txt"))
            .map(|l| l.trim().chars().collect())
            .collect();
        let ts_patterns = lines(include_str!("../../data/text/uz-latn-cyrl-ts-patterns.txt"))
            .map(|l| l.trim().chars().collect())
            .collect();
        Translit {
            cyr_lat,
            lat_cyr,
            cyr_lat_exceptions,
            lat_cyr_exceptions,
            ts_prefixes,
            ts_patterns,
        }
    })
}

/// Full case folding exceptions (`casefold-extra.tsv`), sorted by character for a binary search
/// (a dozen entries: cheaper than hashing). A character listed twice takes its last line.
pub(crate) fn casefold_extra() -> &'static [(char, &'static str)] {
    static T: OnceLock<Vec<(char, &'static str)>> = OnceLock::new();
    T.get_or_init(|| {
        let mut table: Vec<(char, &'static str)> = Vec::new();
        for (c, f) in pairs(include_str!("../../data/text/casefold-extra.tsv")) {
            let Some(c) = single_char(c) else { continue };
            match table.iter_mut().find(|(k, _)| *k == c) {
                Some(entry) => entry.1 = f,
                None => table.push((c, f)),
            }
        }
        table.sort_by_key(|&(c, _)| c);
        table
    })
}

/// Raw text of the record policy table (`text-subfields.tsv`).
pub(crate) const TEXT_SUBFIELDS: &str = include_str!("../../data/text/text-subfields.tsv");

pub(crate) fn data_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    lines(data)
}
