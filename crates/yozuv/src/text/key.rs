//! Search and dedup keys (UZBEK-TEXT.md section 7): lossy, one-way, for matching only — never for display.
//!
//! Pipeline: NFKC → full case folding → per word: homoglyph repair by the word's majority script, apostrophe
//! folding (all marks dropped, so o‘ = oʻ = o' = o’), Uzbek Cyrillic → Latin by the official table, loose folding
//! (ts → s, ye → e; ь and ъ dropped) → punctuation and ISBD marks stripped, whitespace collapsed.
//!
//! ```
//! use yozuv::text::key::search_key;
//!
//! assert_eq!(
//!     search_key("Ўзбекистон Миллий кутубхонаси"),
//!     search_key("O‘zbekiston milliy kutubxonasi /"),
//! );
//! assert_eq!(search_key("Ўзбекистoн : [тарих]"), "ozbekiston tarix");
//! ```

use unicode_normalization::UnicodeNormalization;

use super::apostrophe;
use super::homoglyph::{self, Decision};
use super::script::{script_of, Script};
use super::tables;
use super::translit;

/// Full default case folding of one character (CaseFolding.txt C+F, not Turkic).
fn fold_into(c: char, out: &mut String) {
    // ASCII folds to its lowercase (no ASCII letter is a full-folding exception: tested).
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if let Some(f) = tables::casefold_extra().get(&c) {
        out.push_str(f);
    } else {
        out.extend(c.to_lowercase());
    }
}

/// The search/dedup key of `input`.
pub fn search_key(input: &str) -> String {
    if input.is_ascii() {
        ascii_search_key(input)
    } else {
        general_search_key(input)
    }
}

/// [`search_key`] of pure ASCII text, which takes the same steps with nothing to do for most of
/// them: NFKC and full case folding are ASCII lowercasing, a word without Cyrillic letters is
/// never a homoglyph repair nor transliterated, so only the apostrophe marks (dropped, but part
/// of the word), the word split and the loose folding (ts → s, ye → e) remain.
fn ascii_search_key(input: &str) -> String {
    let mut key = String::with_capacity(input.len());
    let mut word = String::new();
    let mut in_word = false;
    let flush = |word: &mut String, in_word: &mut bool, key: &mut String| {
        if !*in_word {
            return;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        if has_loose_fold(word) {
            key.push_str(&word.replace("ts", "s").replace("ye", "e"));
        } else {
            key.push_str(word);
        }
        word.clear();
        *in_word = false;
    };
    for b in input.bytes() {
        let c = b.to_ascii_lowercase() as char;
        if c.is_ascii_alphanumeric() {
            word.push(c);
            in_word = true;
        } else if apostrophe::mark_class(c).is_some() {
            in_word = true;
        } else {
            flush(&mut word, &mut in_word, &mut key);
        }
    }
    flush(&mut word, &mut in_word, &mut key);
    key
}

/// Whether `word` holds "ts" or "ye" (the loose folds): a byte-pair scan, cheaper than two
/// substring searches on words of a few letters.
fn has_loose_fold(word: &str) -> bool {
    word.as_bytes()
        .windows(2)
        .any(|pair| pair == b"ts" || pair == b"ye")
}

/// [`search_key`] of any text.
fn general_search_key(input: &str) -> String {
    let nfkc: String = if input.is_ascii() {
        input.to_string()
    } else {
        input.nfkc().collect()
    };
    let mut folded = String::with_capacity(nfkc.len());
    for c in nfkc.chars() {
        fold_into(c, &mut folded);
    }
    // Majority script of the whole text, for words made only of look-alikes.
    let (mut lat, mut cyr) = (0usize, 0usize);
    for c in folded.chars() {
        match script_of(c) {
            Script::Latin => lat += 1,
            Script::Cyrillic => cyr += 1,
            _ => {}
        }
    }
    let majority = if cyr > lat {
        Some(Script::Cyrillic)
    } else if lat > cyr {
        Some(Script::Latin)
    } else {
        None
    };
    let mut key = String::with_capacity(folded.len());
    let mut word = String::new();
    let flush = |word: &mut String, key: &mut String| {
        if word.is_empty() {
            return;
        }
        if word.is_ascii() {
            // No Cyrillic letter: no homoglyph repair and nothing to transliterate, so
            // only the marks are dropped and the loose folds applied (as below).
            if !key.is_empty() {
                key.push(' ');
            }
            let start = key.len();
            key.extend(
                word.chars()
                    .filter(|&c| apostrophe::mark_class(c).is_none()),
            );
            if has_loose_fold(&key[start..]) {
                let loose = key[start..].replace("ts", "s").replace("ye", "e");
                key.truncate(start);
                key.push_str(&loose);
            }
            word.clear();
            return;
        }
        let repaired = match homoglyph::decide(word, None, || false, true, || majority) {
            Decision::Repair(s, _) => s,
            _ => std::mem::take(word),
        };
        // Drop apostrophes, then fold Cyrillic to Latin.
        let letters: Vec<char> = repaired
            .chars()
            .filter(|&c| apostrophe::mark_class(c).is_none())
            .collect();
        let mut latin = String::with_capacity(letters.len() * 2);
        let mut run: Vec<char> = Vec::new();
        for &c in &letters {
            if script_of(c) == Script::Cyrillic {
                run.push(c);
            } else {
                if !run.is_empty() {
                    translit::word_to_latin_lower(&run, &mut latin);
                    run.clear();
                }
                latin.push(c);
            }
        }
        if !run.is_empty() {
            translit::word_to_latin_lower(&run, &mut latin);
        }
        let latin: String = latin
            .chars()
            .filter(|&c| apostrophe::mark_class(c).is_none())
            .collect();
        let loose = latin.replace("ts", "s").replace("ye", "e");
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&loose);
        word.clear();
    };
    for c in folded.chars() {
        if super::script::is_alphabetic(c)
            || c.is_numeric()
            || (c as u32 >= 0x300 && unicode_normalization::char::is_combining_mark(c))
            || apostrophe::mark_class(c).is_some()
        {
            word.push(c);
        } else {
            flush(&mut word, &mut key);
        }
    }
    flush(&mut word, &mut key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut of `fold_into` relies on this.
    #[test]
    fn no_ascii_full_folding_exception() {
        assert!(tables::casefold_extra().keys().all(|c| !c.is_ascii()));
        assert!(!tables::casefold_extra().is_empty());
    }

    /// Words of ASCII letters inside non-ASCII text take the per-word shortcut: the keys are
    /// the ones the whole pipeline gives (checked against the steps written out).
    #[test]
    fn ascii_words_in_general_text() {
        for (input, key) in [
            ("Tsentral'naya Aziya — ye", "sentralnaya aziya e"),
            ("Ўзбекистон tsar", "ozbekiston sar"),
            ("café o‘zbek ts", "café ozbek s"),
        ] {
            assert_eq!(general_search_key(input), key, "{input:?}");
        }
    }

    /// The ASCII fast path gives exactly the general pipeline's key.
    #[test]
    fn ascii_fast_path_matches_general_pipeline() {
        let mut inputs: Vec<String> = vec![
            "Tsentral'naya Aziya : ye-mail / [by] O'zbekiston`s TSYE yets".into(),
            "' ` '' a ' b".into(),
            "  The history of Uzbekistan, 1991-2001 /".into(),
            "Yetti yoshlik Tsar".into(),
            String::new(),
        ];
        // Every ASCII character alone, between letters, and beside "t"/"y" for the folds.
        for b in 0u8..0x80 {
            let c = b as char;
            inputs.push(c.to_string());
            inputs.push(format!("a{c}b"));
            inputs.push(format!("t{c}s Y{c}E {c}ye{c}"));
        }
        for s in &inputs {
            assert_eq!(ascii_search_key(s), general_search_key(s), "input {s:?}");
        }
    }
}
