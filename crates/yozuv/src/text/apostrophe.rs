//! Apostrophes in Uzbek Latin words (UZBEK-TEXT.md section 5).
//!
//! A mark right after o/O/g/G with a letter after it is the letter mark U+02BB (a tutuq never follows o or g);
//! any other mark between letters is the tutuq U+02BC. OCR junk (¢, °, `c¢`, a stray letter) and missing marks
//! are repaired only when the Uzbek word list confirms the result; otherwise they are reported.

use super::tables::{self, MarkClass};

/// U+02BB MODIFIER LETTER TURNED COMMA: the oʻ/gʻ letter mark.
pub(crate) const LETTER_MARK: char = '\u{02BB}';
/// U+02BC MODIFIER LETTER APOSTROPHE: the tutuq belgisi.
pub(crate) const TUTUQ: char = '\u{02BC}';
const LETTER_MARK_STR: &str = "\u{02BB}";
const TUTUQ_STR: &str = "\u{02BC}";

/// The class of an apostrophe-like character, if it is one.
#[inline]
pub(crate) fn mark_class(c: char) -> Option<MarkClass> {
    tables::apostrophes().class(c)
}

/// An edit inside a word: `word[start..end]` becomes `after`.
pub(crate) struct Edit {
    pub start: usize,
    pub end: usize,
    pub after: &'static str,
    pub rule: &'static str,
}

/// A suspect span inside a word.
pub(crate) struct Suspect {
    pub start: usize,
    pub end: usize,
    pub rule: &'static str,
    pub suggestion: Option<String>,
}

/// What [`repair`] found.
pub(crate) struct Repair {
    /// The new word, when an edit was made.
    pub text: Option<String>,
    pub edits: Vec<Edit>,
    pub suspects: Vec<Suspect>,
}

fn is_og(c: char) -> bool {
    matches!(c, 'o' | 'O' | 'g' | 'G')
}

fn is_mark_or_escape(cs: &[(usize, char)], k: usize) -> bool {
    let c = cs[k].1;
    mark_class(c).is_some()
        || (c == '\\' && cs.get(k + 1).is_some_and(|&(_, d)| mark_class(d).is_some()))
}

/// Lower case with every mark between letters written the canonical way (by position) and junk kept.
fn canonical_lower(word: &str) -> String {
    let cs: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    for (k, &c) in cs.iter().enumerate() {
        match mark_class(c) {
            Some(MarkClass::Mark) | Some(MarkClass::LetterMark) | Some(MarkClass::Tutuq) => {
                let prev = if k > 0 { cs[k - 1] } else { ' ' };
                out.push(if is_og(prev) { LETTER_MARK } else { TUTUQ });
            }
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// True when the Uzbek word list knows `word` (whole, or by a stem).
pub(crate) fn confirmed(word: &str) -> bool {
    let lex = tables::uz_lexicon();
    let lw = canonical_lower(word);
    lex.words.contains(&lw) || lex.stems.iter().any(|s| lw.starts_with(s.as_str()))
}

/// True when the exact word form (any case, any marks) is in the Uzbek word list (stems not used).
pub(crate) fn in_word_list(word: &str) -> bool {
    tables::uz_lexicon().words.contains(&canonical_lower(word))
}

/// True when `word` is in the list of words that end in a tutuq (`qat` + ʼ).
pub(crate) fn is_final_tutuq_word(word: &str) -> bool {
    let mut w = canonical_lower(word);
    w.push(TUTUQ);
    tables::uz_lexicon().final_tutuq.contains(&w)
}

/// Lower case with every mark-like character written as ASCII `'` (to match `apostrophe-foreign.txt`).
pub(crate) fn ascii_marks_lower(word: &str) -> String {
    word.chars()
        .flat_map(|c| {
            let m = if mark_class(c).is_some() { '\'' } else { c };
            m.to_lowercase()
        })
        .collect()
}

/// Canonical marks inside one Uzbek Latin word (letters joined by runs of marks).
pub(crate) fn repair(word: &str) -> Repair {
    let cs: Vec<(usize, char)> = word.char_indices().collect();
    let n = cs.len();
    let byte_at = |k: usize| if k < n { cs[k].0 } else { word.len() };
    let mut edits: Vec<Edit> = Vec::new();
    let mut suspects = Vec::new();
    let mut k = 0;
    while k < n {
        if k == 0 || !is_mark_or_escape(&cs, k) {
            k += 1;
            continue;
        }
        let mut j = k;
        while j < n && is_mark_or_escape(&cs, j) {
            j += 1;
        }
        if j >= n {
            break;
        }
        let prev = cs[k - 1].1;
        let run = &cs[k..j];
        let junk = run
            .iter()
            .any(|&(_, c)| mark_class(c) == Some(MarkClass::Junk));
        let marks = run
            .iter()
            .filter(|&&(_, c)| {
                matches!(
                    mark_class(c),
                    Some(MarkClass::Mark | MarkClass::LetterMark | MarkClass::Tutuq)
                )
            })
            .count();
        let run_text = &word[byte_at(k)..byte_at(j)];
        if !junk && marks == 1 {
            let target = if is_og(prev) { LETTER_MARK } else { TUTUQ };
            // OCR stray letter: O + f + ‘ + lka where oʻlka is a word and ofʼlka is not.
            if !is_og(prev) && k >= 2 && matches!(cs[k - 2].1, 'o' | 'O') {
                let candidate = format!(
                    "{}{}{}",
                    &word[..byte_at(k - 1)],
                    LETTER_MARK,
                    &word[byte_at(j)..]
                );
                let as_rule = format!("{}{}{}", &word[..byte_at(k)], TUTUQ, &word[byte_at(j)..]);
                if confirmed(&candidate) && !confirmed(&as_rule) {
                    edits.push(Edit {
                        start: byte_at(k - 1),
                        end: byte_at(j),
                        after: LETTER_MARK_STR,
                        rule: "apostrophe.ocr-stray-letter",
                    });
                    k = j;
                    continue;
                }
            }
            if run_text.chars().count() != 1 || !run_text.starts_with(target) {
                edits.push(Edit {
                    start: byte_at(k),
                    end: byte_at(j),
                    after: if target == LETTER_MARK {
                        LETTER_MARK_STR
                    } else {
                        TUTUQ_STR
                    },
                    rule: if target == LETTER_MARK {
                        "apostrophe.letter-mark"
                    } else {
                        "apostrophe.tutuq"
                    },
                });
            }
        } else {
            // Junk or several marks: repair only when the word list confirms the result.
            let span = if is_og(prev) {
                Some(byte_at(k))
            } else if matches!(prev, 'c' | 'C')
                && k >= 2
                && matches!(cs[k - 2].1, 'o' | 'O')
                && mark_class(cs[k].1) == Some(MarkClass::Junk)
            {
                Some(byte_at(k - 1))
            } else {
                None
            };
            let candidate =
                span.map(|s| format!("{}{}{}", &word[..s], LETTER_MARK, &word[byte_at(j)..]));
            match (span, candidate) {
                (Some(s), Some(c)) if confirmed(&c) => edits.push(Edit {
                    start: s,
                    end: byte_at(j),
                    after: LETTER_MARK_STR,
                    rule: "apostrophe.ocr-junk",
                }),
                (s, c) => suspects.push(Suspect {
                    start: s.unwrap_or(byte_at(k)),
                    end: byte_at(j),
                    rule: "apostrophe.ocr-suspect",
                    suggestion: c,
                }),
            }
        }
        k = j;
    }
    let text = if edits.is_empty() {
        None
    } else {
        let mut out = String::with_capacity(word.len());
        let mut at = 0;
        for e in &edits {
            out.push_str(&word[at..e.start]);
            out.push_str(e.after);
            at = e.end;
        }
        out.push_str(&word[at..]);
        Some(out)
    };
    Repair {
        text,
        edits,
        suspects,
    }
}

/// Missing-mark repair by the word list (`tog‘risida` → `toʻgʻrisida`), tried only on words that already carry a
/// mark (evidence that the text writes marks at all). Returns the repaired word, keeping the input's letter case.
pub(crate) fn missing_mark(word: &str, had_marks: bool) -> Option<String> {
    if !had_marks {
        return None;
    }
    // Only an o or g with no mark after it can lack one.
    let mut chars = word.chars().peekable();
    let mut candidate = false;
    while let Some(c) = chars.next() {
        if is_og(c)
            && chars
                .peek()
                .is_some_and(|&n| n.is_alphabetic() && n != LETTER_MARK)
        {
            candidate = true;
            break;
        }
    }
    if !candidate {
        return None;
    }
    let lex = tables::uz_lexicon();
    let lw = canonical_lower(word);
    if lex.words.contains(&lw) || lw.chars().any(|c| mark_class(c) == Some(MarkClass::Junk)) {
        return None;
    }
    let sk = tables::skeleton(&lw);
    let canonical = if let Some(c) = lex.by_skeleton.get(&sk) {
        c.clone()
    } else if lex.words.contains(&lw) || lex.stems.iter().any(|s| lw.starts_with(s.as_str())) {
        return None;
    } else {
        let (stem_sk, stem) = lex
            .stems_by_skeleton
            .iter()
            .find(|(ssk, stem)| stem.contains(LETTER_MARK) && sk.starts_with(ssk.as_str()))?;
        // The rest of the word after the stem's letters.
        let mut need = stem_sk.chars().count();
        let mut rest_at = lw.len();
        for (b, c) in lw.char_indices() {
            if need == 0 {
                rest_at = b;
                break;
            }
            if c != LETTER_MARK {
                need -= 1;
            }
        }
        if need > 0 {
            return None;
        }
        format!("{stem}{}", &lw[rest_at..])
    };
    if canonical == lw {
        return None;
    }
    // Rebuild with the input's case: canonical differs only by inserted U+02BB marks.
    let mut src = word.chars().filter(|&c| c != LETTER_MARK).peekable();
    let mut out = String::with_capacity(word.len() + 4);
    for c in canonical.chars() {
        if c == LETTER_MARK {
            out.push(LETTER_MARK);
        } else {
            let s = src.next()?;
            if s.to_lowercase().ne(c.to_lowercase())
                && !(mark_class(s).is_some() && mark_class(c).is_some())
            {
                return None;
            }
            out.push(s);
        }
    }
    if src.next().is_some() {
        return None;
    }
    Some(out)
}
