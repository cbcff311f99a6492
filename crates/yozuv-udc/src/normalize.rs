//! Repair of the mechanical damage seen in real records (UDC-SYNTAX.md §6.2), before parsing.
//!
//! Every change is reported with the byte offset of the original text it replaced. The repaired
//! text keeps a map from each of its bytes back to the original, so that errors found by the
//! parser point into what the cataloguer typed.

use std::sync::OnceLock;

use crate::rules::Rule;

/// One repair or split, at a byte range of the original input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawFinding {
    pub rule: Rule,
    pub start: usize,
    pub end: usize,
}

/// One notation's worth of repaired text.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub text: String,
    /// For each byte of `text`: the original byte offset it came from.
    pub map: Vec<usize>,
    /// Original byte offset just after the segment (for errors at the end of `text`).
    pub end: usize,
}

impl Segment {
    pub fn original(&self, byte: usize) -> usize {
        self.map.get(byte).copied().unwrap_or(self.end)
    }
}

/// The outcome of [`repair`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Repaired {
    pub segments: Vec<Segment>,
    pub findings: Vec<RawFinding>,
    /// Text split off as not UDC (author marks, glosses), with its original byte offset.
    pub split_off: Vec<(usize, String)>,
}

struct Typography {
    dash: &'static str,
    quote: &'static str,
    apostrophe: &'static str,
    zero: &'static str,
    invisible: &'static str,
    labels: Vec<Vec<char>>,
}

fn typography() -> &'static Typography {
    static T: OnceLock<Typography> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Typography {
            dash: "",
            quote: "",
            apostrophe: "",
            zero: "",
            invisible: "",
            labels: Vec::new(),
        };
        for line in include_str!("../data/typography.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(class), Some(chars)) = (cols.next(), cols.next()) else {
                continue;
            };
            match class {
                "dash" => t.dash = chars,
                "quote" => t.quote = chars,
                "apostrophe" => t.apostrophe = chars,
                "zero" => t.zero = chars,
                "invisible" => t.invisible = chars,
                _ => {}
            }
        }
        t.labels = include_str!("../data/labels.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.trim().chars().flat_map(char::to_lowercase).collect())
            .collect();
        t
    })
}

fn is_apostrophe_like(c: char) -> bool {
    c == '\'' || typography().apostrophe.contains(c)
}

/// Same letter for label matching: lowercase, one apostrophe.
fn fold(c: char) -> char {
    if is_apostrophe_like(c) || c == '`' {
        '\''
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Length in bytes of a leaked subfield marker at the start of `s` (`^a`, `$a`, `‡a`, `|a`).
fn subfield_marker(s: &str) -> Option<usize> {
    let mut it = s.chars();
    let first = it.next()?;
    let code = it.next()?;
    if matches!(first, '^' | '$' | '‡' | '|' | '\u{1f}') && code.is_ascii_alphanumeric() {
        Some(first.len_utf8() + 1)
    } else {
        None
    }
}

/// Length in bytes of a label prefix (`УДК`, `UDC:`, `O‘UK`) at the start of `s`, with the
/// punctuation and spaces after it.
fn label_prefix(s: &str) -> Option<usize> {
    for label in &typography().labels {
        let mut it = s.char_indices();
        let mut matched = true;
        for &want in label {
            match it.next() {
                Some((_, c)) if fold(c) == fold(want) => {}
                _ => {
                    matched = false;
                    break;
                }
            }
        }
        if !matched {
            continue;
        }
        let rest_at = it.next().map_or(s.len(), |(k, _)| k);
        let rest = &s[rest_at..];
        if rest.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        let skipped = rest.len()
            - rest
                .trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–' | '—' | '№')
                })
                .len();
        return Some(rest_at + skipped);
    }
    None
}

/// Repairs `input` and splits it into notations.
pub(crate) fn repair(input: &str) -> Repaired {
    let mut r = Repaired::default();
    let mut i = input.len() - input.trim_start().len();
    if i > 0 {
        r.findings.push(RawFinding {
            rule: Rule::RepairWhitespace,
            start: 0,
            end: i,
        });
    }
    loop {
        let rest = &input[i..];
        if let Some(len) = subfield_marker(rest) {
            r.findings.push(RawFinding {
                rule: Rule::RepairSubfieldMarker,
                start: i,
                end: i + len,
            });
            i += len;
        } else if let Some(len) = label_prefix(rest) {
            r.findings.push(RawFinding {
                rule: Rule::RepairLabel,
                start: i,
                end: i + len,
            });
            i += len;
        } else {
            break;
        }
        let ws = input[i..].len() - input[i..].trim_start().len();
        i += ws;
    }
    let labelled = !r.findings.iter().all(|f| f.rule == Rule::RepairWhitespace);
    // A later subfield leaked too (`^a004.8^v3`): the value ends there.
    let mut end = input.trim_end().len().max(i);
    if let Some(k) = input[i..end]
        .char_indices()
        .find(|&(k, _)| subfield_marker(&input[i + k..]).is_some())
        .map(|(k, _)| i + k)
    {
        r.findings.push(RawFinding {
            rule: Rule::RepairSubfieldMarker,
            start: k,
            end,
        });
        end = input[..k].trim_end().len().max(i);
    }
    let trimmed_end = input.trim_end().len().max(i);
    if trimmed_end < input.len() {
        r.findings.push(RawFinding {
            rule: Rule::RepairWhitespace,
            start: trimmed_end,
            end: input.len(),
        });
    }
    // Split on `;` (never part of UDC syntax).
    let mut bounds = Vec::new();
    let mut seg_start = i;
    for (k, c) in input[i..end].char_indices() {
        if c == ';' {
            bounds.push((seg_start, i + k));
            seg_start = i + k + 1;
        }
    }
    bounds.push((seg_start, end));
    let non_empty: Vec<bool> = bounds
        .iter()
        .map(|&(a, b)| !input[a..b].trim().is_empty())
        .collect();
    let n_non_empty = non_empty.iter().filter(|&&x| x).count();
    for (k, &(a, b)) in bounds.iter().enumerate() {
        if k + 1 < bounds.len() {
            // The `;` at `b`.
            let between =
                non_empty[..=k].iter().any(|&x| x) && non_empty[k + 1..].iter().any(|&x| x);
            r.findings.push(RawFinding {
                rule: if between && n_non_empty > 1 {
                    Rule::RepairSplitList
                } else {
                    Rule::RepairPunctuation
                },
                start: b,
                end: b + 1,
            });
        }
        if !non_empty[k] {
            continue;
        }
        let lead = input[a..b].len() - input[a..b].trim_start().len();
        let trail = input[a..b].trim_end().len();
        if lead > 0 {
            r.findings.push(RawFinding {
                rule: Rule::RepairWhitespace,
                start: a,
                end: a + lead,
            });
        }
        if a + trail < b {
            r.findings.push(RawFinding {
                rule: Rule::RepairWhitespace,
                start: a + trail,
                end: b,
            });
        }
        if let Some(seg) = clean_segment(input, a + lead, a + trail, labelled, &mut r) {
            r.segments.push(seg);
        }
    }
    r.findings.sort_by_key(|f| f.start);
    r
}

/// Signs after which a space is only a stray space (the notation goes on).
fn joins_after(c: char) -> bool {
    matches!(c, ':' | '+' | '/' | '[' | '(' | '=' | '-' | '\'' | '*')
}

/// Signs before which a space is only a stray space.
fn joins_before(c: char) -> bool {
    matches!(
        c,
        ':' | '+' | '/' | '(' | ')' | '[' | ']' | '=' | '-' | '\'' | '"' | '*' | '.' | '`'
    ) || typography().dash.contains(c)
        || typography().quote.contains(c)
        || typography().apostrophe.contains(c)
}

/// `labelled`: the value carried a label or subfield marker, so it is a transcription with ISBD
/// punctuation and a final point after a digit is punctuation too (`УДК 621.39.`).
fn clean_segment(
    input: &str,
    a: usize,
    b: usize,
    labelled: bool,
    r: &mut Repaired,
) -> Option<Segment> {
    let t = typography();
    let chars: Vec<(usize, char)> = input[a..b]
        .char_indices()
        .map(|(k, c)| (a + k, c))
        .collect();
    if looks_like_bbk(&chars) {
        r.findings.push(RawFinding {
            rule: Rule::LooksLikeBbk,
            start: a,
            end: b,
        });
        r.split_off.push((a, input[a..b].to_string()));
        return None;
    }
    let mut out = String::with_capacity(b - a);
    let mut map: Vec<usize> = Vec::with_capacity(b - a);
    let push = |out: &mut String, map: &mut Vec<usize>, c: char, at: usize| {
        out.push(c);
        for _ in 0..c.len_utf8() {
            map.push(at);
        }
    };
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        let next = chars.get(k + 1).map(|x| x.1);
        let prev = out.chars().next_back();
        let here_end = at + c.len_utf8();
        // Two apostrophes for a double quote: ’’2022’’.
        if is_apostrophe_like(c) && next.is_some_and(is_apostrophe_like) {
            let end = chars.get(k + 1).map_or(here_end, |x| x.0 + x.1.len_utf8());
            r.findings.push(RawFinding {
                rule: Rule::RepairQuote,
                start: at,
                end,
            });
            push(&mut out, &mut map, '"', at);
            k += 2;
            continue;
        }
        let mut repaired = |rule: Rule, ch: char, out: &mut String, map: &mut Vec<usize>| {
            r.findings.push(RawFinding {
                rule,
                start: at,
                end: here_end,
            });
            push(out, map, ch, at);
        };
        if t.invisible.contains(c) {
            r.findings.push(RawFinding {
                rule: Rule::RepairWhitespace,
                start: at,
                end: here_end,
            });
        } else if t.dash.contains(c) {
            repaired(Rule::RepairDash, '-', &mut out, &mut map);
        } else if t.quote.contains(c) {
            repaired(Rule::RepairQuote, '"', &mut out, &mut map);
        } else if t.apostrophe.contains(c)
            && !(prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic))
        {
            repaired(Rule::RepairApostrophe, '\'', &mut out, &mut map);
        } else if t.zero.contains(c) && zero_context(&chars, k, prev) {
            repaired(Rule::RepairLetterO, '0', &mut out, &mut map);
        } else if c == ','
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit())
        {
            repaired(Rule::RepairDecimalComma, '.', &mut out, &mut map);
        } else if c.is_whitespace() {
            let mut j = k;
            while chars.get(j).is_some_and(|x| x.1.is_whitespace()) {
                j += 1;
            }
            let Some(&(_, n)) = chars.get(j) else { break };
            let ws_end = chars.get(j).map_or(b, |x| x.0);
            if prev.is_some_and(joins_after) || joins_before(n) {
                r.findings.push(RawFinding {
                    rule: Rule::RepairWhitespace,
                    start: at,
                    end: ws_end,
                });
                k = j;
                continue;
            }
            // A gloss inside parentheses (`(498 Buc.)`, `(420 Londra)`): split off up to `)`
            // and go on with the rest of the notation.
            let open = out.matches('(').count() > out.matches(')').count();
            if let Some(close) = chars[j..].iter().position(|x| x.1 == ')').filter(|_| open) {
                let close = j + close;
                split_off(r, input, at, chars[close].0);
                k = close;
                continue;
            }
            split_off(r, input, at, b);
            break;
        } else if c.is_alphabetic() {
            match prev {
                None => {
                    split_off(r, input, at, b);
                    break;
                }
                Some(p) if p.is_ascii_digit() || p == ')' || p == ']' => {
                    // A word glued to the number: an alphabetical extension (`929Черчилль`),
                    // unless it carries digits — then it is an author mark (`Бабель2`, `Б12`).
                    let has_digit = chars[k..]
                        .iter()
                        .take_while(|x| x.1.is_alphanumeric())
                        .any(|x| x.1.is_ascii_digit());
                    if has_digit {
                        split_off(r, input, at, b);
                        break;
                    }
                    push(&mut out, &mut map, c, at);
                }
                Some(_) => push(&mut out, &mut map, c, at),
            }
        } else {
            push(&mut out, &mut map, c, at);
        }
        k += 1;
    }
    // Trailing ISBD punctuation: `,` and `;` always; `.` after a sign or a letter (after a digit
    // it is the lexical error "trailing point", UDC-SYNTAX.md §6.2 `004.`, unless the value
    // came with a label such as `УДК`).
    loop {
        let mut it = out.chars().rev();
        let (Some(last), before) = (it.next(), it.next()) else {
            break;
        };
        let strip = match last {
            ',' | ';' => true,
            '.' => before.is_some_and(|p| (labelled || !p.is_ascii_digit()) && p != '.'),
            _ => false,
        };
        if !strip {
            break;
        }
        let at = map.get(out.len() - 1).copied().unwrap_or(b);
        r.findings.push(RawFinding {
            rule: Rule::RepairPunctuation,
            start: at,
            end: at + 1,
        });
        out.pop();
        map.truncate(out.len());
    }
    if out.is_empty() {
        return None;
    }
    let end = map.last().map_or(b, |&m| {
        input[m..].chars().next().map_or(m, |c| m + c.len_utf8())
    });
    Some(Segment {
        text: out,
        map,
        end,
    })
}

fn split_off(r: &mut Repaired, input: &str, at: usize, b: usize) {
    r.findings.push(RawFinding {
        rule: Rule::SplitGloss,
        start: at,
        end: b,
    });
    r.split_off.push((at, input[at..b].trim().to_string()));
}

/// Whether the letter O at `chars[k]` stands for a zero: a run of O's next to a digit or point
/// and not inside a word (`ОО4`, `(О75.8)`, but not `929Олеша`).
fn zero_context(chars: &[(usize, char)], k: usize, before: Option<char>) -> bool {
    let zero = typography().zero;
    let mut j = k;
    while chars.get(j).is_some_and(|x| zero.contains(x.1)) {
        j += 1;
    }
    let mut after = chars.get(j).map(|x| x.1);
    // `O’zbek`: an apostrophe followed by a letter continues the word.
    if after.is_some_and(is_apostrophe_like) {
        after = chars
            .get(j + 1)
            .map(|x| x.1)
            .filter(|c| c.is_alphabetic())
            .or(after);
    }
    let numeric = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.');
    !before.is_some_and(char::is_alphabetic)
        && !after.is_some_and(char::is_alphabetic)
        && (numeric(before) || numeric(after))
}

/// A BBK (LBC, the Soviet/Russian library classification) index put in the UDC field:
/// a form division `я7…` (`22.1я73`), a leading Cyrillic capital with digits (`Ш5(2=Р)7`), or a
/// Russian place code `(2Рос…)` (`84(2Рос=Рус)6`).
fn looks_like_bbk(chars: &[(usize, char)]) -> bool {
    let is_cyr_upper = |c: char| ('А'..='Я').contains(&c) || c == 'Ё';
    let first_two = (chars.first().map(|x| x.1), chars.get(1).map(|x| x.1));
    if let (Some(f), Some(s)) = first_two {
        if is_cyr_upper(f) && s.is_ascii_digit() {
            return true;
        }
    }
    chars
        .windows(2)
        .any(|w| w[0].1 == 'я' && w[1].1.is_ascii_digit())
        || chars
            .windows(3)
            .any(|w| w[0].1 == '(' && w[1].1 == '2' && is_cyr_upper(w[2].1))
}
