//! Captions and explanations: each part of a notation with its kind and caption in `en`, `ru`,
//! `uz-Latn` or `uz-Cyrl`.
//!
//! Captions come from `data/captions.tsv` (written by this project: main classes, their first
//! subdivisions, common-auxiliary tables and frequent common auxiliaries, four languages) and,
//! with the default feature `udc-summary`, from the English UDC Summary main tables
//! (CC BY-SA 3.0, © UDC Consortium; see `data/udc-summary/LICENSE.md`). A number deeper than the
//! tables is shown with its nearest known ancestor and marked so — never with an invented caption.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::syntax::{AuxKind, AuxPart, Auxiliary, Expr, Head, Notation};
use crate::Error;

/// A caption language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Uzbek in Latin script.
    UzLatn,
    /// Uzbek in Cyrillic script.
    UzCyrl,
}

impl Lang {
    /// The BCP 47 tag (`en`, `ru`, `uz-Latn`, `uz-Cyrl`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::UzLatn => "uz-Latn",
            Lang::UzCyrl => "uz-Cyrl",
        }
    }

    fn column(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Ru => 1,
            Lang::UzLatn => 2,
            Lang::UzCyrl => 3,
        }
    }
}

impl FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "ru" => Ok(Lang::Ru),
            "uz-latn" | "uz" => Ok(Lang::UzLatn),
            "uz-cyrl" => Ok(Lang::UzCyrl),
            _ => Err(Error::UnknownLanguage(s.to_string())),
        }
    }
}

/// Where a caption comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaptionSource {
    /// `data/captions.tsv`, written by this project.
    Yozuv,
    /// The UDC Summary (CC BY-SA 3.0, © UDC Consortium).
    UdcSummary,
}

/// A caption found in the tables.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Caption {
    /// The table entry it belongs to (`82` for `821.512.133` when the tables stop at `82`).
    pub notation: String,
    /// The caption text.
    pub text: &'static str,
    /// True when `notation` is the number itself; false when it is the nearest known ancestor
    /// (the number is deeper than the tables know).
    pub exact: bool,
    /// Where it comes from.
    pub source: CaptionSource,
    /// Language of `text` (`en` when only the English UDC Summary knows the entry).
    pub lang: &'static str,
    /// When `text` is English because only the English tables go this deep: the nearest entry
    /// and caption in the requested language (`82`, `Адабиёт`).
    pub in_language: Option<(String, &'static str)>,
}

/// One explained part of a notation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Part {
    /// Nesting depth (0 for parts of the top expression).
    pub depth: usize,
    /// The part as written (`821.512.133`, `-31`, `(575.1)`, `:`).
    pub text: String,
    /// Kind identifier (`main`, `place`, `special-hyphen`, `:`…).
    pub kind: &'static str,
    /// Kind name in the requested language.
    pub kind_name: &'static str,
    /// Caption, when the tables know the part or an ancestor of it.
    pub caption: Option<Caption>,
}

struct Tables {
    ours: HashMap<&'static str, [&'static str; 4]>,
    kinds: HashMap<&'static str, [&'static str; 4]>,
    summary: HashMap<&'static str, &'static str>,
}

fn parse_four(data: &'static str) -> HashMap<&'static str, [&'static str; 4]> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            match c.as_slice() {
                [k, en, ru, uzl, uzc, ..] => Some((*k, [*en, *ru, *uzl, *uzc])),
                _ => None,
            }
        })
        .collect()
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables {
        ours: parse_four(include_str!("../data/captions.tsv")),
        kinds: parse_four(include_str!("../data/kinds.tsv")),
        summary: summary(),
    })
}

#[cfg(feature = "udc-summary")]
fn summary() -> HashMap<&'static str, &'static str> {
    include_str!("../data/udc-summary/udcsummary-en-main-tables.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut c = l.split('\t');
            let k = c.next()?;
            let _level = c.next()?;
            Some((k, c.next()?))
        })
        .collect()
}

#[cfg(not(feature = "udc-summary"))]
fn summary() -> HashMap<&'static str, &'static str> {
    HashMap::new()
}

/// The caption of one table entry (`82`, `(575.1)`, `=512.133`, `82-31`), exactly.
///
/// ```
/// use yozuv_udc::explain::{caption, Lang};
/// assert_eq!(caption("(575.1)", Lang::UzLatn), Some("Oʻzbekiston"));
/// assert_eq!(caption("8", Lang::UzCyrl), Some("Тил. Тилшунослик. Адабиёт"));
/// ```
pub fn caption(notation: &str, lang: Lang) -> Option<&'static str> {
    lookup_exact(notation, lang).map(|(t, _)| t)
}

fn lookup_exact(key: &str, lang: Lang) -> Option<(&'static str, CaptionSource)> {
    let t = tables();
    if let Some(row) = t.ours.get(key) {
        return Some((row[lang.column()], CaptionSource::Yozuv));
    }
    if lang == Lang::En {
        if let Some(c) = t.summary.get(key) {
            return Some((c, CaptionSource::UdcSummary));
        }
    }
    None
}

fn kind_name(id: &str, lang: Lang) -> &'static str {
    tables().kinds.get(id).map_or("", |row| row[lang.column()])
}

/// Shorter and shorter prefixes of `number` (digits removed from the end; never ending on a
/// point or a sign).
fn prefixes(number: &str) -> impl Iterator<Item = &str> {
    (1..=number.len())
        .rev()
        .filter(move |&n| number.is_char_boundary(n))
        .map(move |n| &number[..n])
        .filter(|p| p.ends_with(|c: char| c.is_ascii_digit()))
}

/// The caption of `wrap(prefix)` for the longest prefix of `number` in the tables. In a language
/// other than English, an English UDC Summary caption is used when it is deeper than what the
/// requested language knows (marked by `lang`).
fn nearest(number: &str, lang: Lang, wrap: &dyn Fn(&str) -> String) -> Option<Caption> {
    let own = prefixes(number).find_map(|p| {
        let key = wrap(p);
        lookup_exact(&key, lang).map(|(text, source)| Caption {
            exact: p.len() == number.len(),
            notation: key,
            text,
            source,
            lang: lang.tag(),
            in_language: None,
        })
    });
    if lang == Lang::En {
        return own;
    }
    let own_len = own.as_ref().map_or(0, |c| c.notation.len());
    let english = prefixes(number).find_map(|p| {
        let key = wrap(p);
        tables().summary.get(key.as_str()).map(|text| Caption {
            exact: p.len() == number.len(),
            notation: key,
            text,
            source: CaptionSource::UdcSummary,
            lang: "en",
            in_language: None,
        })
    });
    match english {
        Some(mut e) if e.notation.len() > own_len => {
            e.in_language = own.map(|o| (o.notation, o.text));
            Some(e)
        }
        _ => own,
    }
}

fn heading(key: &str, lang: Lang) -> Option<Caption> {
    lookup_exact(key, lang).map(|(text, source)| Caption {
        notation: key.to_string(),
        text,
        exact: false,
        source,
        lang: lang.tag(),
        in_language: None,
    })
}

/// Explains every part of a notation, in written order.
///
/// ```
/// use yozuv_udc::explain::{explain, Lang};
/// let n = yozuv_udc::parse("94(575.1)").unwrap();
/// let parts = explain(&n, Lang::UzLatn);
/// assert_eq!(parts[0].text, "94");
/// assert_eq!(parts[0].caption.as_ref().unwrap().text, "Umumiy tarix");
/// assert_eq!(parts[1].caption.as_ref().unwrap().text, "Oʻzbekiston");
/// ```
pub fn explain(n: &Notation, lang: Lang) -> Vec<Part> {
    let mut out = Vec::new();
    explain_expr(n, n.root(), 0, lang, &mut out);
    out
}

fn part(
    depth: usize,
    text: String,
    kind: &'static str,
    lang: Lang,
    caption: Option<Caption>,
) -> Part {
    Part {
        depth,
        text,
        kind,
        kind_name: kind_name(kind, lang),
        caption,
    }
}

fn explain_expr(n: &Notation, e: &Expr, depth: usize, lang: Lang, out: &mut Vec<Part>) {
    for (i, t) in e.terms.iter().enumerate() {
        if i > 0 {
            if let Some((c, _)) = e.connectors.get(i - 1) {
                out.push(part(depth, c.sign().to_string(), c.sign(), lang, None));
            }
        }
        let mut main: Option<&str> = None;
        match &t.head {
            Head::Main(s) => {
                let number = n.slice(*s);
                main = Some(number);
                let cap = nearest(number, lang, &|p| p.to_string());
                out.push(part(depth, number.to_string(), "main", lang, cap));
            }
            Head::Group(g) => {
                out.push(part(depth, "[ ]".to_string(), "group", lang, None));
                explain_expr(n, g, depth + 1, lang, out);
            }
            Head::Auxiliary(a) => explain_aux(n, a, None, depth, lang, out),
            Head::Abbreviated(a) => {
                // Caption of the expanded end (`.735` after `629.734` is `629.735`).
                let expanded = i
                    .checked_sub(1)
                    .and_then(|k| e.terms.get(k))
                    .and_then(|prev| crate::syntax::extension_start(prev, n.text()))
                    .and_then(|start| crate::syntax::expand_abbreviation(start, a, n.text()));
                let written = n.slice(a.span);
                let (text, cap) = match &expanded {
                    Some(x) if a.sign == '.' => (
                        format!("{written} = {x}"),
                        nearest(x, lang, &|p| p.to_string()),
                    ),
                    Some(x) => (format!("{written} = {x}"), None),
                    None => (written.to_string(), None),
                };
                out.push(part(depth, text, "abbreviated", lang, cap));
            }
        }
        for a in &t.auxiliaries {
            explain_aux(n, a, main, depth + 1, lang, out);
        }
    }
}

fn explain_aux(
    n: &Notation,
    a: &Auxiliary,
    main: Option<&str>,
    depth: usize,
    lang: Lang,
    out: &mut Vec<Part>,
) {
    let text = n.slice(a.span).to_string();
    let number = n.slice(a.number);
    let kind = a.kind.id();
    match a.kind {
        AuxKind::Language => {
            let cap = nearest(number, lang, &|p| format!("={p}")).or_else(|| heading("=...", lang));
            out.push(part(depth, text, kind, lang, cap));
        }
        AuxKind::Form | AuxKind::Place | AuxKind::Ethnic | AuxKind::Time => {
            if a.parts.len() == 1 {
                let cap = part_caption(n, &a.parts[0], lang);
                out.push(part(depth, text, kind, lang, cap));
            } else {
                // The tables may know the combination itself: `(470+571)` Russia.
                let whole = lookup_exact(&text, lang).map(|(t, source)| Caption {
                    notation: text.clone(),
                    text: t,
                    exact: true,
                    source,
                    lang: lang.tag(),
                    in_language: None,
                });
                out.push(part(depth, text, kind, lang, whole));
                for p in &a.parts {
                    if let Some(c) = p.connector {
                        out.push(part(depth + 1, c.sign().to_string(), c.sign(), lang, None));
                    }
                    let cap = part_caption(n, p, lang);
                    out.push(part(
                        depth + 1,
                        n.slice(p.span).to_string(),
                        p.kind.id(),
                        lang,
                        cap,
                    ));
                }
            }
        }
        AuxKind::GeneralCharacteristic => {
            let cap =
                nearest(number, lang, &|p| format!("-{p}")).or_else(|| heading("-0...", lang));
            out.push(part(depth, text, kind, lang, cap));
        }
        AuxKind::SpecialHyphen
        | AuxKind::SpecialPointZero
        | AuxKind::PointOfView
        | AuxKind::SpecialApostrophe => {
            let sign = match a.kind {
                AuxKind::SpecialHyphen => "-",
                AuxKind::SpecialApostrophe => "'",
                _ => ".",
            };
            // Special auxiliaries are listed under a class: try `82-31` for `821.512.133-31`.
            let mut cap = None;
            if let Some(main) = main {
                'outer: for m in prefixes(main) {
                    for p in prefixes(number) {
                        let key = format!("{m}{sign}{p}");
                        let found = lookup_exact(&key, lang)
                            .map(|(t, s)| (t, s, lang.tag()))
                            .or_else(|| {
                                tables()
                                    .summary
                                    .get(key.as_str())
                                    .map(|t| (*t, CaptionSource::UdcSummary, "en"))
                            });
                        if let Some((t, source, l)) = found {
                            cap = Some(Caption {
                                exact: m.len() == main.len() && p.len() == number.len(),
                                notation: key,
                                text: t,
                                source,
                                lang: l,
                                in_language: None,
                            });
                            break 'outer;
                        }
                    }
                }
            }
            out.push(part(depth, text, kind, lang, cap));
        }
        AuxKind::Alphabetic | AuxKind::NonUdc => out.push(part(depth, text, kind, lang, None)),
    }
}

fn part_caption(n: &Notation, p: &AuxPart, lang: Lang) -> Option<Caption> {
    let number = n.slice(p.number);
    match p.kind {
        AuxKind::Form => {
            nearest(number, lang, &|x| format!("({x})")).or_else(|| heading("(0...)", lang))
        }
        AuxKind::Place => {
            nearest(number, lang, &|x| format!("({x})")).or_else(|| heading("(1/9)", lang))
        }
        AuxKind::Ethnic => {
            nearest(number, lang, &|x| format!("(={x})")).or_else(|| heading("(=...)", lang))
        }
        _ => lookup_exact(&format!("\"{number}\""), lang)
            .map(|(text, source)| Caption {
                notation: format!("\"{number}\""),
                text,
                exact: true,
                source,
                lang: lang.tag(),
                in_language: None,
            })
            .or_else(|| heading("\"...\"", lang)),
    }
}

/// Renders an explanation as indented text lines: part, kind, caption (with the entry it comes
/// from when the part is deeper than the tables know).
pub fn render(parts: &[Part], lang: Lang) -> String {
    let mut s = String::new();
    for p in parts {
        let indent = "  ".repeat(p.depth + 1);
        let caption = match &p.caption {
            Some(c) => {
                let marker = if c.lang == lang.tag() {
                    String::new()
                } else {
                    format!("({}) ", c.lang)
                };
                let own = c
                    .in_language
                    .as_ref()
                    .map(|(k, t)| format!("[{}: {k}] {t}; ", kind_name("deeper", lang)))
                    .unwrap_or_default();
                if c.exact {
                    format!(" — {own}{marker}{}", c.text)
                } else if !own.is_empty() {
                    format!(" — {own}{marker}{} {}", c.notation, c.text)
                } else {
                    let deeper = kind_name("deeper", lang);
                    format!(" — {own}[{deeper}: {}] {marker}{}", c.notation, c.text)
                }
            }
            None if matches!(p.kind, "main") => format!(" — [{}]", kind_name("unknown", lang)),
            None => String::new(),
        };
        s.push_str(&format!("{indent}{}  ({}){caption}\n", p.text, p.kind_name));
    }
    s
}
