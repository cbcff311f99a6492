//! BBK (ББК / KBK, the Russian and Uzbek library-bibliographic classification) index syntax in
//! UNIMARC 686$a and MARC 21 084$a when `$2` names BBK (`rubbk`, `rubbkm`, `bbk`, …): rule
//! `bbk.syntax` (uz-unicat UZ-C03).
//!
//! The checker reads the notation structure from `data/bbk.toml`: a main class (a capital
//! Cyrillic letter with up to three digits in the full edition, `Ч515.815`; up to two digits in
//! the medium and mass editions, `63.3`), digits grouped by dots every three digits,
//! territorial divisions in parentheses (`(2Рос)`, `(5Узб)`), general typical divisions
//! (`я73`), special divisions after `-` and `,`. It reports what is certainly wrong (Latin
//! letters that look Cyrillic, unbalanced brackets, stray dots, a connector with nothing after
//! it, a UDC number in the BBK field) and lets unfamiliar but well-formed pieces pass.

use std::sync::OnceLock;

use serde::Deserialize;

use super::{Emitter, RecordView, Rule};
use crate::Flavour;

#[derive(Deserialize)]
struct BbkTables {
    otd_letters: String,
    otd_needs_digits: String,
    signs: String,
    connectors: String,
    group_digits: usize,
    numeric_main_digits: usize,
    escapes: Vec<(String, String)>,
    source_prefixes: Vec<String>,
}

fn tables() -> Option<&'static BbkTables> {
    static TABLES: OnceLock<Option<BbkTables>> = OnceLock::new();
    TABLES
        .get_or_init(|| toml::from_str(include_str!("../../data/bbk.toml")).ok())
        .as_ref()
}

/// What is wrong with a BBK index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BbkFault {
    /// Empty index.
    Empty,
    /// A space inside the index.
    Space,
    /// A Latin letter (usually a look-alike of a Cyrillic one: C, P, X, A …).
    LatinLetter,
    /// A character that is not a BBK sign.
    Character,
    /// The index does not start with a main class (a digit or a capital Cyrillic letter).
    MainClass,
    /// A numeric main class with three or more digits before its first dot: a UDC number.
    UdcLike,
    /// A dot not between two digits.
    Dot,
    /// A dot-separated digit group of the wrong length (inner groups have three digits).
    DigitGroup,
    /// Brackets that do not balance, or an empty pair.
    Brackets,
    /// A connector (`-`, `,`, `=`, `/`, …) with nothing after it, or two in a row.
    Dangling,
    /// A general typical division letter (`я`) without its number.
    FormDivision,
}

impl BbkFault {
    /// A stable name, used as the message selector.
    pub fn as_str(self) -> &'static str {
        match self {
            BbkFault::Empty => "empty",
            BbkFault::Space => "space",
            BbkFault::LatinLetter => "latin-letter",
            BbkFault::Character => "character",
            BbkFault::MainClass => "main-class",
            BbkFault::UdcLike => "udc-like",
            BbkFault::Dot => "dot",
            BbkFault::DigitGroup => "digit-group",
            BbkFault::Brackets => "brackets",
            BbkFault::Dangling => "dangling",
            BbkFault::FormDivision => "form-division",
        }
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_cyrillic_upper(c: char) -> bool {
    is_cyrillic(c) && c.is_uppercase()
}

/// Checks one BBK index; `Err` with the first fault and its character position (from 0).
///
/// ```
/// use yozuv_batch::rules::{check_bbk, BbkFault};
/// assert!(check_bbk("63.3(2Рос)").is_ok());
/// assert!(check_bbk("Ч515.813(2)-8Нейман").is_ok());
/// assert!(check_bbk("65.052я73").is_ok());
/// assert_eq!(check_bbk("63.3(2Рос").unwrap_err().0, BbkFault::Brackets);
/// assert_eq!(check_bbk("C550.354").unwrap_err().0, BbkFault::LatinLetter); // Latin C
/// assert_eq!(check_bbk("621.3").unwrap_err().0, BbkFault::UdcLike);
/// ```
pub fn check_bbk(index: &str) -> Result<(), (BbkFault, usize)> {
    let Some(t) = tables() else {
        return Ok(());
    };
    let mut text = index.trim().to_string();
    for (from, to) in &t.escapes {
        text = text.replace(from.as_str(), to);
    }
    let chars: Vec<char> = text.chars().collect();
    let Some(&first) = chars.first() else {
        return Err((BbkFault::Empty, 0));
    };
    // A personal name closing the index (personalia, "-8Пушкин А.С."): from a capital letter
    // after the notation to the end, with no digit and no bracket after it. Only its characters
    // are checked; spaces and initials' points are part of it.
    let tail = (1..chars.len())
        .find(|&p| {
            is_cyrillic_upper(chars[p])
                && !is_cyrillic(chars[p - 1])
                && chars[p..]
                    .iter()
                    .all(|c| !c.is_ascii_digit() && !matches!(c, '(' | ')' | '[' | ']' | '{' | '}'))
        })
        .unwrap_or(chars.len());
    // Characters.
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() && i < tail {
            return Err((BbkFault::Space, i));
        }
        if c.is_ascii_alphabetic() {
            return Err((BbkFault::LatinLetter, i));
        }
        if !(c.is_ascii_digit() || is_cyrillic(c) || t.signs.contains(c) || c == ' ') {
            return Err((BbkFault::Character, i));
        }
    }
    // Main class.
    if !(first.is_ascii_digit() || is_cyrillic_upper(first)) {
        return Err((BbkFault::MainClass, 0));
    }
    if first.is_ascii_digit() {
        let main = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        if main > t.numeric_main_digits && chars.get(main) == Some(&'.') {
            return Err((BbkFault::UdcLike, 0));
        }
    } else {
        let main = chars[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if main > t.group_digits {
            return Err((BbkFault::DigitGroup, 1));
        }
    }
    // Brackets.
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' | '[' | '{' => stack.push((c, i)),
            ')' | ']' | '}' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match stack.pop() {
                    Some((o, at)) if o == open => {
                        if at + 1 == i {
                            return Err((BbkFault::Brackets, at));
                        }
                    }
                    _ => return Err((BbkFault::Brackets, i)),
                }
            }
            _ => {}
        }
    }
    if let Some(&(_, at)) = stack.first() {
        return Err((BbkFault::Brackets, at));
    }
    // Dots, digit groups, connectors, typical divisions.
    for (i, &c) in chars.iter().enumerate().take(tail) {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        if c == '.' {
            if !(prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit()))
            {
                return Err((BbkFault::Dot, i));
            }
            // The group before this dot, when it follows another dot, has exactly
            // `group_digits` digits; the group after it has at most that many.
            let before = chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let start = i - before;
            if start > 0 && chars[start - 1] == '.' && before != t.group_digits {
                return Err((BbkFault::DigitGroup, start));
            }
            let after = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if after > t.group_digits {
                return Err((BbkFault::DigitGroup, i + 1));
            }
        } else if t.connectors.contains(c) && c != '.' {
            // A connector needs something after it, not another connector or a closing
            // bracket ("(" is a connector only in this sense: it cannot end the index).
            match next {
                None => return Err((BbkFault::Dangling, i)),
                Some(n)
                    if c != '('
                        && ((t.connectors.contains(n) && n != '(')
                            || matches!(n, ')' | ']' | '}')) =>
                {
                    return Err((BbkFault::Dangling, i));
                }
                _ => {}
            }
            if c == ',' && !next.is_some_and(|n| n.is_ascii_digit()) {
                return Err((BbkFault::Dangling, i));
            }
        } else if t.otd_needs_digits.contains(c)
            && prev.is_some_and(|p| p.is_ascii_digit() || p == ')')
            && !next.is_some_and(|n| n.is_ascii_digit())
        {
            return Err((BbkFault::FormDivision, i));
        }
    }
    let _ = &t.otd_letters;
    Ok(())
}

/// Whether a `$2` source code names BBK.
pub fn is_bbk_source(code: &str) -> bool {
    let code = code.trim().to_lowercase();
    tables().is_some_and(|t| {
        t.source_prefixes
            .iter()
            .any(|p| code.starts_with(p.as_str()))
    })
}

/// The `bbk.syntax` rule.
pub struct BbkRule;

impl Rule for BbkRule {
    fn ids(&self) -> Vec<&'static str> {
        vec!["bbk.syntax"]
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        if !out.enabled("bbk.syntax") {
            return;
        }
        let tag = match view.flavour {
            Flavour::Marc21 => "084",
            Flavour::Unimarc => "686",
        };
        for (i, f) in view.record.fields.iter().enumerate() {
            if f.tag() != tag || !f.subfield_values(b'2').any(is_bbk_source) {
                continue;
            }
            for (j, s) in f.subfields().iter().enumerate() {
                if s.code != b'a' {
                    continue;
                }
                if let Err((fault, at)) = check_bbk(&s.value) {
                    out.subfield(
                        "bbk.syntax",
                        i,
                        j,
                        vec![
                            ("value", s.value.clone().into()),
                            ("problem", fault.as_str().into()),
                            ("position", (at as i64 + 1).into()),
                        ],
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every BBK index (686/084 with $2 rubbk…) of the real files in shared/testdata, as
    /// listed by `yozuv dump` and checked by hand against the notation rules above.
    const REAL: &[&str] = &[
        "Ч515.815я43",
        "Э372.24-34-028",
        "А7,0я44",
        "Ч515.813(2)-8Нейман",
        "Ч515.813(2)7-8Исаев",
        "75.581",
        "20.18",
        "26.341",
        "47.2",
        "56.14",
        "56.7",
        "63.3(2Рос)",
        "63.3(4Вел)6",
        "65.052я73",
        "65.291",
        "65.433",
        "67.401.213",
        "67.404.3",
        "67.71",
        "76.006.5",
        "77.056я92",
        "81.2Рус-922",
        "84(7Сое)-44",
        "84(Рос-Рус)6-6",
        "88.37",
        "В311",
        "Д451.41-09(2Р55-4М)",
        "П722.42(92)",
        "Р120.43",
        "Р121.1(4Р351-4Ки)я431(2)022",
        "Р645.90-41",
        "Р670.2-5",
        "Р733.514.121-52",
        "Р733.645.90-41",
        "С550.354",
        "С73(2Р-6Б)7я2",
        "Т3(2)462,013.13",
        "Т3(2Р-4М-2М)",
        "Т3(4Вл)6-8",
        "Т3(5Каз)0,02",
        "У052.9(2)2я73",
        "У21(0)",
        "У24(2)05(2-2СПб)",
        "У5-803.81я73",
        "Х62-39(2Р)21",
        "Х620.619",
        "Х621.163-1я43",
        "Х629.011-75-39(2Р)",
        "Х629.217.7-39(2Р)",
        "Х62я431",
        "Х833.4",
        "Ч51,0",
        "Ш141.12-93абх/адыг2.1[2]",
        "Ш5(2=Р)53-4Северянин",
        "Ш6(2=Р)75-5",
        "Ш6(7США)67-442{lcub}Лх1979-51{rcub}",
        "Ш992.2",
        "Э38-4",
        "Ю3(0)415.1-365",
        "Ю937.2",
        "Я12(5И)2",
        "Д18(28-83Вол)75А",
        "Д18(28-83Вол-2)3А",
        "Щ156.658.3(2)53",
        "Ш5(4Вл)64-644",
        "Ш5(2=Р)53-646.7",
        "Э36-250",
        "22.31",
        "38.1я73",
        "65.31я73",
        "84(4Шве)-44",
        "88.4",
        "У03(2)470.261.1-212.113.62-04,0",
        "Х819(2)111,0",
        "Ч421,8(2)216я26",
        "Э372.24-637.21-347.08Амвросий,0",
        "Г276.22,0",
        "О812-048.9,0",
        "Т3(5Ср)63-4,02",
        "Т3(6Ег)63-4,02",
        "Э38-36-021.4,0",
        "У02в,0",
        // Personalia with initials (hand-made in the form of the real "-8Нейман" ones).
        "83.3(2Рос=Рус)1-8Пушкин А.С.",
    ];

    #[test]
    fn real_indices_pass() {
        for i in REAL {
            assert_eq!(check_bbk(i), Ok(()), "{i}");
        }
    }

    #[test]
    fn faulty_indices_fail() {
        let cases: &[(&str, BbkFault)] = &[
            ("", BbkFault::Empty),
            ("63.3 (2Рос)", BbkFault::Space),
            ("C550.354", BbkFault::LatinLetter), // Latin C for Cyrillic С
            ("63.3(2Poc)", BbkFault::LatinLetter),
            ("63.3(2Рос)#", BbkFault::Character),
            ("(2Рос)63.3", BbkFault::MainClass),
            ("я73", BbkFault::MainClass),
            ("821.512.133", BbkFault::UdcLike), // a UDC number in the BBK field
            ("63..3", BbkFault::Dot),
            ("63.3.", BbkFault::Dot),
            (".63", BbkFault::MainClass),
            ("67.4012", BbkFault::DigitGroup),
            ("67.40.213", BbkFault::DigitGroup),
            ("Ч5158", BbkFault::DigitGroup),
            ("63.3(2Рос", BbkFault::Brackets),
            ("63.3)2Рос(", BbkFault::Brackets),
            ("63.3()", BbkFault::Brackets),
            ("84(2Рос=Рус)6-", BbkFault::Dangling),
            ("84(2Рос=)6", BbkFault::Dangling),
            ("Т3(5Каз)0,", BbkFault::Dangling),
            ("65.052я", BbkFault::FormDivision),
            ("ББК 63.3", BbkFault::Space),
            ("Ч515.813(2)-8Нейман 5", BbkFault::Space),
        ];
        for (i, fault) in cases {
            assert_eq!(check_bbk(i).map_err(|e| e.0), Err(*fault), "{i}");
        }
    }

    #[test]
    fn bbk_sources() {
        assert!(is_bbk_source("rubbk"));
        assert!(is_bbk_source("rubbkm"));
        assert!(is_bbk_source("BBK"));
        assert!(!is_bbk_source("rugasnti"));
        assert!(!is_bbk_source("udc"));
    }
}
