//! Mixed-script words (UZBEK-TEXT.md section 6): decide the intended script, then write every look-alike
//! letter of the other script as its twin.

use super::script::{script_of, Script};
use super::tables;

/// What to do with a word.
pub(crate) enum Decision {
    /// Not mixed, or nothing to do.
    Keep,
    /// Write it this way; the rule that decided.
    Repair(String, &'static str),
    /// Leave it and report: the reason and what it would become.
    Flag(&'static str, Option<String>),
}

/// Value of a Roman numeral, when `s` (upper-case I V X L C D M) is one in standard form.
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let val = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Option<Vec<u32>> = s.chars().map(val).collect();
    let digits = digits?;
    let mut total = 0u32;
    for (k, &d) in digits.iter().enumerate() {
        match digits.get(k + 1) {
            Some(&next) if next > d => total = total.checked_sub(d)?,
            _ => total += d,
        }
    }
    // Standard form only: writing the value back must give the same letters.
    (to_roman(total)? == s).then_some(total)
}

fn to_roman(mut n: u32) -> Option<String> {
    if n == 0 || n >= 4000 {
        return None;
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(v, s) in &TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    Some(out)
}

/// The word written in Latin look-alikes, when every letter has a Latin twin (or is Latin).
pub(crate) fn latin_twin(word: &str) -> Option<String> {
    let conf = tables::confusables();
    word.chars()
        .map(|c| match script_of(c) {
            Script::Cyrillic => conf.latin_twin(c),
            _ => Some(c),
        })
        .collect()
}

/// Decides the intended script of a mixed word by the spec's evidence order: script-unique letters, majority of
/// the letters that are not look-alikes, the field/record script (`hint`), the neighbouring words.
/// `kazakh` is asked only when a Latin letter's twin is a Kazakh-only Cyrillic letter (і ј ѕ һ).
pub(crate) fn decide(
    word: &str,
    hint: Option<Script>,
    mut kazakh: impl FnMut() -> bool,
    roman_numerals: bool,
    neighbours: impl FnOnce() -> Option<Script>,
) -> Decision {
    let conf = tables::confusables();
    let (mut lat, mut cyr, mut lat_ev, mut cyr_ev) = (0, 0, 0, 0);
    let mut all_upper = true;
    for c in word.chars() {
        match script_of(c) {
            Script::Latin => {
                lat += 1;
                match conf.cyrillic_twin(c) {
                    Some((_, kk_only)) if !kk_only || kazakh() => {}
                    _ => lat_ev += 1,
                }
            }
            Script::Cyrillic => {
                cyr += 1;
                if conf.latin_twin(c).is_none() {
                    cyr_ev += 1;
                }
            }
            _ => {}
        }
        if c.is_lowercase() {
            all_upper = false;
        }
    }
    if lat == 0 || cyr == 0 {
        return Decision::Keep;
    }
    // A Roman numeral typed with Cyrillic look-alikes (ХІV).
    if all_upper {
        if let Some(latin) = latin_twin(word).filter(|l| roman_value(l).is_some()) {
            return if roman_numerals {
                Decision::Repair(latin, "homoglyph.roman-numeral")
            } else {
                Decision::Flag("homoglyph.roman-numeral", Some(latin))
            };
        }
    }
    let (target, rule) = if cyr_ev > 0 && lat_ev == 0 {
        (Script::Cyrillic, "homoglyph.unique-letters")
    } else if lat_ev > 0 && cyr_ev == 0 {
        (Script::Latin, "homoglyph.unique-letters")
    } else if lat_ev > 0 && cyr_ev > 0 {
        // Letters of both scripts that have no twin: no way to write it in one script.
        return Decision::Flag("homoglyph.conflict", None);
    } else if let Some(h) = hint.filter(|h| matches!(h, Script::Latin | Script::Cyrillic)) {
        (h, "homoglyph.field-language")
    } else if let Some(n) = neighbours() {
        (n, "homoglyph.neighbours")
    } else {
        return Decision::Flag("homoglyph.undecided", None);
    };
    let converted: Option<String> = word
        .chars()
        .map(|c| match (script_of(c), target) {
            (Script::Latin, Script::Cyrillic) => match conf.cyrillic_twin(c) {
                Some((twin, kk_only)) if !kk_only || kazakh() => Some(twin),
                _ => None,
            },
            (Script::Cyrillic, Script::Latin) => conf.latin_twin(c),
            _ => Some(c),
        })
        .collect();
    match converted {
        Some(s) => Decision::Repair(s, rule),
        None => Decision::Flag("homoglyph.no-twin", None),
    }
}
