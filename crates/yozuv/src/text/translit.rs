//! Uzbek Cyrillic ⇄ Latin transliteration by the 1995 official rules (UZBEK-TEXT.md sections 2 and 3).
//!
//! The letter tables and the exception lexicons are data files (`data/text/uz-cyrl-latn.tsv`,
//! `uz-latn-cyrl.tsv`, `uz-cyrl-latn-exceptions.tsv`, `uz-latn-cyrl-exceptions.tsv`); the context rules (е/ye,
//! ц/s/ts, ь, ъ, сҳ → sʼh, ё/ю/я, digraph case) are below. A word the rules and the lexicon cannot decide is
//! transliterated by the rule default **and** listed in [`Transliterated::ambiguous`], never guessed silently.
//!
//! Offsets in the result refer to the input (after NFC, which leaves NFC input unchanged).
//!
//! ```
//! use yozuv::text::translit::{to_cyrillic, to_latin};
//!
//! assert_eq!(to_latin("Ўзбекистон Республикаси").text, "Oʻzbekiston Respublikasi");
//! assert_eq!(to_latin("ШАҲАР").text, "SHAHAR");
//! assert_eq!(to_latin("поезд, объект, Исҳоқ").text, "poyezd, obyekt, Isʼhoq");
//! assert_eq!(to_cyrillic("O‘zbekiston Respublikasi").text, "Ўзбекистон Республикаси");
//! let t = to_latin("плёнкаси ва бюро");
//! assert_eq!(t.text, "plyonkasi va byuro");
//! assert_eq!(t.ambiguous.len(), 1); // бюро: ю after a consonant is lexical
//! ```

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::apostrophe::{self, LETTER_MARK, TUTUQ};
use super::script::{self, script_of, Script};
use super::tables;
use super::{Fix, Flag};

/// The result of a transliteration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transliterated {
    /// The transliterated text.
    pub text: String,
    /// One entry per word that changed (`rule` is `translit.rules` or `translit.lexicon`).
    pub fixes: Vec<Fix>,
    /// Words whose spelling the rules leave to the dictionary and the lexicon did not decide; `suggestion` is
    /// what was written (the rule default).
    pub ambiguous: Vec<Flag>,
}

fn is_cyr_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ў' | 'э' | 'ю' | 'я' | 'ы'
    )
}

fn is_lat_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Writes `piece` in the case of the source letter(s).
fn push_cased(out: &mut String, piece: &str, upper: bool, all_caps: bool) {
    if !upper {
        out.push_str(piece);
    } else if all_caps {
        out.extend(piece.chars().flat_map(char::to_uppercase));
    } else {
        let mut it = piece.chars();
        if let Some(first) = it.next() {
            out.extend(first.to_uppercase());
            out.push_str(it.as_str());
        }
    }
}

/// Case of an exception-lexicon stem applied to the word's case.
fn push_lexicon(out: &mut String, stem: &str, word: &[char]) {
    let letters: Vec<&char> = word.iter().filter(|c| c.is_alphabetic()).collect();
    let all_upper = letters.len() > 1 && letters.iter().all(|c| !c.is_lowercase());
    let first_upper = word.first().is_some_and(|c| c.is_uppercase());
    if all_upper {
        out.extend(stem.chars().flat_map(char::to_uppercase));
    } else if first_upper {
        push_cased(out, stem, true, false);
    } else {
        out.push_str(stem);
    }
}

/// Longest exception whose stem starts the word: whole-word entries, or stems of 5+ letters.
fn lexicon_match<'t>(
    lexicon: &'t [(Vec<char>, &'static str)],
    lower_word: &[char],
) -> Option<(&'t [char], &'static str)> {
    lexicon
        .iter()
        .find(|(stem, _)| {
            lower_word.starts_with(stem) && (stem.len() == lower_word.len() || stem.len() >= 5)
        })
        .map(|(s, l)| (s.as_slice(), *l))
}

/// Why a Cyrillic word is ambiguous.
#[derive(Default)]
struct CyrWordInfo {
    ambiguous: Option<&'static str>,
    lexicon: bool,
}

/// Transliterates one Cyrillic word (a run of letters) to Latin, appending to `out`.
fn cyr_word_to_latin(word: &[char], out: &mut String) -> CyrWordInfo {
    let t = tables::translit();
    let l: Vec<char> = word.iter().map(|&c| lower(c)).collect();
    let n = l.len();
    let mut info = CyrWordInfo::default();
    let mut start = 0;
    if let Some((stem, latin)) = lexicon_match(&t.cyr_lat_exceptions, &l) {
        push_lexicon(out, latin, &word[..stem.len()]);
        start = stem.len();
        info.lexicon = true;
    }
    let cased = word.iter().filter(|c| c.is_alphabetic()).count();
    let all_caps_word = cased > 1 && word.iter().all(|c| !c.is_lowercase());
    for i in start..n {
        let c = l[i];
        let prev = if i > 0 { Some(l[i - 1]) } else { None };
        let next = l.get(i + 1).copied();
        let after_vowel_or_sign = prev.map_or(true, |p| is_cyr_vowel(p) || p == 'ъ' || p == 'ь');
        let piece: Cow<str> = match c {
            'е' => Cow::Borrowed(if after_vowel_or_sign { "ye" } else { "e" }),
            'ё' | 'ю' | 'я' => {
                if !after_vowel_or_sign && !info.lexicon {
                    info.ambiguous.get_or_insert("translit.softening");
                }
                Cow::Borrowed(match c {
                    'ё' => "yo",
                    'ю' => "yu",
                    _ => "ya",
                })
            }
            'ц' => {
                if i == 0 || i + 1 == n || prev.is_some_and(|p| !is_cyr_vowel(p)) {
                    Cow::Borrowed("s")
                } else {
                    if !info.lexicon
                        && t.ts_prefixes
                            .iter()
                            .any(|p| p.len() == i && l.starts_with(p))
                    {
                        info.ambiguous.get_or_insert("translit.ts-after-prefix");
                    }
                    Cow::Borrowed("ts")
                }
            }
            'ь' => Cow::Borrowed(if next == Some('о') { "y" } else { "" }),
            'ъ' => {
                if prev == Some('ў') || next == Some('е') {
                    Cow::Borrowed("")
                } else {
                    if matches!(next, Some('ё' | 'ю' | 'я')) && !info.lexicon {
                        info.ambiguous.get_or_insert("translit.hard-sign");
                    }
                    Cow::Borrowed("\u{02BC}")
                }
            }
            'с' if next == Some('ҳ') => Cow::Borrowed("s\u{02BC}"),
            _ => match t.cyr_lat.get(&c) {
                Some(latin) => Cow::Borrowed(*latin),
                None => Cow::Owned(word[i].to_string()),
            },
        };
        let src = word[i];
        let upper = src.is_uppercase();
        if upper && piece.chars().filter(|c| c.is_alphabetic()).count() > 1 {
            let all = all_caps_word
                || match word.get(i + 1) {
                    Some(nx) if nx.is_alphabetic() => nx.is_uppercase(),
                    _ => i > 0 && word[i - 1].is_uppercase(),
                };
            push_cased(out, &piece, true, all);
        } else if upper {
            push_cased(out, &piece, true, true);
        } else if matches!(piece, Cow::Owned(_)) {
            out.push(src);
        } else {
            out.push_str(&piece);
        }
    }
    info
}

fn nfc(input: &str) -> Cow<'_, str> {
    if input.is_ascii() || is_nfc_quick(input.chars()) == IsNormalized::Yes {
        Cow::Borrowed(input)
    } else {
        Cow::Owned(input.nfc().collect())
    }
}

/// Uzbek Cyrillic → Latin (1995 rules). Text in other scripts passes through.
pub fn to_latin(input: &str) -> Transliterated {
    let src = nfc(input);
    let s: &str = &src;
    let mut text = String::with_capacity(s.len());
    let mut fixes = Vec::new();
    let mut ambiguous = Vec::new();
    let mut word: Vec<char> = Vec::new();
    let mut word_start = 0;
    let mut flush = |word: &mut Vec<char>, start: usize, end: usize, text: &mut String| {
        if word.is_empty() {
            return;
        }
        // Kazakh (and Karakalpak) words: no table yet (spec section 4), so leave them and say so.
        if word
            .iter()
            .any(|&c| script::is_kazakh_letter(c) || matches!(c, 'і' | 'І' | 'һ' | 'Һ'))
        {
            let orig: String = word.iter().collect();
            text.push_str(&orig);
            ambiguous.push(Flag {
                start,
                end,
                text: orig,
                rule: "translit.not-uzbek",
                suggestion: None,
            });
            word.clear();
            return;
        }
        let before = text.len();
        let info = cyr_word_to_latin(word, text);
        let after = text[before..].to_string();
        let orig: String = word.iter().collect();
        if let Some(rule) = info.ambiguous {
            ambiguous.push(Flag {
                start,
                end,
                text: orig.clone(),
                rule,
                suggestion: Some(after.clone()),
            });
        }
        if after != orig {
            fixes.push(Fix {
                start,
                end,
                before: orig,
                after,
                rule: if info.lexicon {
                    "translit.lexicon"
                } else {
                    "translit.rules"
                },
            });
        }
        word.clear();
    };
    for (i, c) in s.char_indices() {
        if script_of(c) == Script::Cyrillic {
            if word.is_empty() {
                word_start = i;
            }
            word.push(c);
        } else {
            flush(&mut word, word_start, i, &mut text);
            text.push(c);
        }
    }
    flush(&mut word, word_start, s.len(), &mut text);
    Transliterated {
        text,
        fixes,
        ambiguous,
    }
}

/// Transliterates one Latin word (letters and canonical marks) to Cyrillic.
fn lat_word_to_cyrillic(word: &[char], out: &mut String) -> (Option<&'static str>, bool) {
    let t = tables::translit();
    let l: Vec<char> = word.iter().map(|&c| lower(c)).collect();
    let n = l.len();
    let mut ambiguous = None;
    let mut lexicon = false;
    let mut i = 0;
    if let Some((stem, cyr)) = lexicon_match(&t.lat_cyr_exceptions, &l) {
        push_lexicon(out, cyr, &word[..stem.len()]);
        i = stem.len();
        lexicon = true;
    }
    let cased = word.iter().filter(|c| c.is_alphabetic()).count();
    let all_caps_word = cased > 1 && word.iter().all(|c| !c.is_lowercase());
    let _ = all_caps_word;
    let mut prev_vowel: Option<bool> = if i > 0 {
        Some(is_lat_vowel(l[i - 1]))
    } else {
        None
    };
    while i < n {
        let c = l[i];
        let rest = &l[i..];
        let upper = word[i].is_uppercase();
        let at_start_or_vowel = prev_vowel.unwrap_or(true);
        let (piece, len, vowel): (Cow<str>, usize, bool) = if c == 's'
            && rest.get(1) == Some(&TUTUQ)
            && rest.get(2) == Some(&'h')
        {
            (Cow::Borrowed("сҳ"), 3, false)
        } else if c == 'y' && matches!(rest.get(1), Some('o')) && rest.get(2) == Some(&LETTER_MARK)
        {
            (Cow::Borrowed("й"), 1, false)
        } else if c == 'y' && rest.get(1) == Some(&'e') {
            if at_start_or_vowel {
                (Cow::Borrowed("е"), 2, true)
            } else {
                if !lexicon {
                    ambiguous.get_or_insert("translit.ye-after-consonant");
                }
                (Cow::Borrowed("ъе"), 2, true)
            }
        } else if c == 'y' && matches!(rest.get(1), Some('o' | 'u' | 'a')) {
            if !at_start_or_vowel && !lexicon {
                ambiguous.get_or_insert("translit.soft-vowel-after-consonant");
            }
            let p = match rest[1] {
                'o' => "ё",
                'u' => "ю",
                _ => "я",
            };
            (Cow::Borrowed(p), 2, true)
        } else if c == 't' && rest.get(1) == Some(&'s') {
            if t.ts_patterns.iter().any(|p| rest.starts_with(p)) {
                (Cow::Borrowed("ц"), 2, false)
            } else {
                if prev_vowel == Some(true) && !lexicon {
                    ambiguous.get_or_insert("translit.ts");
                }
                (Cow::Borrowed("тс"), 2, false)
            }
        } else if c == 'e' {
            (
                Cow::Borrowed(if at_start_or_vowel { "э" } else { "е" }),
                1,
                true,
            )
        } else if let Some((unit, cyr)) = t.lat_cyr.iter().find(|(u, _)| rest.starts_with(u)) {
            let vowel = is_lat_vowel(unit[0]);
            (Cow::Borrowed(*cyr), unit.len(), vowel)
        } else {
            if matches!(c, 'c' | 'w') && !lexicon {
                ambiguous.get_or_insert("translit.foreign-letter");
            }
            (Cow::Owned(word[i].to_string()), 1, false)
        };
        if upper {
            let mut it = piece.chars();
            if let Some(f) = it.next() {
                out.extend(f.to_uppercase());
                // сҳ, ъе, тс: only the first letter takes the capital unless the word is all caps.
                if all_caps_word {
                    out.extend(it.flat_map(char::to_uppercase));
                } else {
                    out.push_str(it.as_str());
                }
            }
        } else {
            out.push_str(&piece);
        }
        prev_vowel = Some(vowel);
        i += len;
    }
    (ambiguous, lexicon)
}

/// Options for the apostrophe pass before Latin → Cyrillic.
fn uzbek_apostrophes_only() -> super::FixOptions {
    super::FixOptions {
        apostrophes: true,
        homoglyphs: false,
        nfc: false,
        roman_numerals: false,
        lang: super::Lang::UzbekLatin,
        script: None,
    }
}

/// Uzbek Latin → Cyrillic. Apostrophes are normalised first (section 5); text in other scripts passes through.
///
/// Round trips are not guaranteed (e/э, ts/s, ь and ъ are lost going to Latin).
pub fn to_cyrillic(input: &str) -> Transliterated {
    let src = nfc(input);
    let s: &str = &src;
    let mut text = String::with_capacity(s.len() + s.len() / 2);
    let mut fixes = Vec::new();
    let mut ambiguous = Vec::new();
    // Words: Latin letters joined by apostrophe-like marks.
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if script_of(c) != Script::Latin {
            text.push(c);
            k += 1;
            continue;
        }
        let mut j = k + 1;
        loop {
            while j < chars.len() && script_of(chars[j].1) == Script::Latin {
                j += 1;
            }
            let mut m = j;
            while m < chars.len()
                && (apostrophe::mark_class(chars[m].1).is_some()
                    || (chars[m].1 == '\\' && chars.get(m + 1).is_some_and(|&(_, d)| d == '\'')))
            {
                m += 1;
            }
            if m > j && m < chars.len() && script_of(chars[m].1) == Script::Latin {
                j = m;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(s.len(), |&(b, _)| b);
        let orig = &s[i..end];
        // Apostrophes first (spec section 3): the full word-level repair, word list included.
        let repaired = super::fix(orig, &uzbek_apostrophes_only());
        let canonical: &str = &repaired.text;
        let word: Vec<char> = canonical.chars().collect();
        let before = text.len();
        let (amb, lexicon) = lat_word_to_cyrillic(&word, &mut text);
        let after = text[before..].to_string();
        if let Some(rule) = amb {
            ambiguous.push(Flag {
                start: i,
                end,
                text: orig.to_string(),
                rule,
                suggestion: Some(after.clone()),
            });
        }
        if after != orig {
            fixes.push(Fix {
                start: i,
                end,
                before: orig.to_string(),
                after,
                rule: if lexicon {
                    "translit.lexicon"
                } else {
                    "translit.rules"
                },
            });
        }
        k = j;
    }
    Transliterated {
        text,
        fixes,
        ambiguous,
    }
}

/// Lower-case Latin form of one Cyrillic word, for keys (no reports).
pub(crate) fn word_to_latin_lower(word: &[char], out: &mut String) {
    cyr_word_to_latin(word, out);
}
