//! The syntax tree of a UDC notation (UDC-SYNTAX.md §1–2).
//!
//! A [`Notation`] owns its text; every node carries a [`Span`] of byte offsets into that text.
//! The tree is flat where the spec has no precedence: an [`Expr`] is a list of [`Term`]s joined
//! by [`Connector`]s, and `[ ]` is the only grouping.

use std::fmt;

/// Byte offsets `start..end` into a notation's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The text this span covers in `text` (empty if out of range).
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A connecting sign between two terms (UDC-SYNTAX.md §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Connector {
    /// `+` coordination (addition).
    Coordination,
    /// `/` consecutive extension (a range).
    Extension,
    /// `:` simple relation.
    Relation,
    /// `::` order-fixing relation.
    OrderFixing,
}

impl Connector {
    /// The sign as written.
    pub fn sign(self) -> &'static str {
        match self {
            Connector::Coordination => "+",
            Connector::Extension => "/",
            Connector::Relation => ":",
            Connector::OrderFixing => "::",
        }
    }
}

/// What kind of auxiliary (or attached element) a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum AuxKind {
    /// `=…` common auxiliary of language (Table 1c).
    Language,
    /// `(0…)` common auxiliary of form (Table 1d).
    Form,
    /// `(1/9)` common auxiliary of place (Table 1e).
    Place,
    /// `(=…)` common auxiliary of human ancestry, ethnic grouping, nationality (Table 1f).
    Ethnic,
    /// `"…"` common auxiliary of time (Table 1g).
    Time,
    /// `-0…` common auxiliary of general characteristics (Table 1k).
    GeneralCharacteristic,
    /// `-1/-9` special auxiliary (hyphen).
    SpecialHyphen,
    /// `.01/.09` special auxiliary (point-nought).
    SpecialPointZero,
    /// `.00…` the old, cancelled point-of-view auxiliary.
    PointOfView,
    /// `'1/'9` special auxiliary (apostrophe; also written as a backtick).
    SpecialApostrophe,
    /// `A/Z` direct alphabetical specification (`929Черчилль`).
    Alphabetic,
    /// `*…` a notation from another system (ignored by tagging).
    NonUdc,
}

impl AuxKind {
    /// Stable identifier (used in JSON and data files).
    pub fn id(self) -> &'static str {
        match self {
            AuxKind::Language => "language",
            AuxKind::Form => "form",
            AuxKind::Place => "place",
            AuxKind::Ethnic => "ethnic",
            AuxKind::Time => "time",
            AuxKind::GeneralCharacteristic => "general-characteristic",
            AuxKind::SpecialHyphen => "special-hyphen",
            AuxKind::SpecialPointZero => "special-point-zero",
            AuxKind::PointOfView => "point-of-view",
            AuxKind::SpecialApostrophe => "special-apostrophe",
            AuxKind::Alphabetic => "alphabetic",
            AuxKind::NonUdc => "non-udc",
        }
    }

    /// Independent auxiliaries may stand alone or lead a notation (§1.2).
    pub fn is_independent(self) -> bool {
        matches!(
            self,
            AuxKind::Language | AuxKind::Form | AuxKind::Place | AuxKind::Ethnic | AuxKind::Time
        )
    }
}

/// One element inside `( )` or `" "`: a number with its own dependent auxiliaries, joined to the
/// previous element by a connector (`(470+571)`, `(1-924.16)`, `"1941/1945"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuxPart {
    /// The connector before this part (`None` for the first).
    pub connector: Option<Connector>,
    /// Form, place or ethnic (inside `( )`), or time.
    pub kind: AuxKind,
    /// The number (without the `=` of an ethnic part; empty for the RU short form `(-21)`).
    pub number: Span,
    /// Dependent auxiliaries of this part (`-924.16` in `(1-924.16)`).
    pub auxiliaries: Vec<Auxiliary>,
    /// The whole part.
    pub span: Span,
}

/// An auxiliary: a sign and a number (`-31`, `.016`, `=512.133`), or a bracketed auxiliary made
/// of parts (`(470+571)`, `"1941/1945"`), or an alphabetic / non-UDC tail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auxiliary {
    /// Which auxiliary.
    pub kind: AuxKind,
    /// The number or text after the sign (for bracketed ones: the inside).
    pub number: Span,
    /// For `( )` and `" "`: the parts inside.
    pub parts: Vec<AuxPart>,
    /// The whole auxiliary, signs included.
    pub span: Span,
}

/// What a term starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// A main-table number (`821.512.133`).
    Main(Span),
    /// A `[ … ]` subgroup.
    Group(Box<Expr>),
    /// An independent auxiliary leading the term (`(575.1)`, `=512.133`, `"19"`).
    Auxiliary(Auxiliary),
    /// The abbreviated end of an extension, after `/`: `.735` in `629.734/.735`, `-9` in `62-1/-9`.
    Abbreviated(AbbreviatedEnd),
}

/// The end of an abbreviated extension (`.735` in `629.734/.735`): a sign (`.`, `-` or `'`)
/// and the digits that replace the end of the start number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbbreviatedEnd {
    /// `.`, `-` or `'`.
    pub sign: char,
    /// The digits after the sign (`735`).
    pub number: Span,
    /// Sign and digits.
    pub span: Span,
}

/// Where an abbreviated end replaces the end of its start: the byte index in `start` of the sign
/// before which `end` takes over (`629.734` + `.735` → 3), or `None` when `end` has more point
/// groups than `start`. `text` is the notation text `end`'s spans point into.
pub fn abbreviation_cut(start: &str, end: &AbbreviatedEnd, text: &str) -> Option<usize> {
    let groups = 1 + end.number.of(text).bytes().filter(|&b| b == b'.').count();
    let mut seen = 0;
    for (idx, ch) in start.bytes().enumerate().rev() {
        let hit = match end.sign {
            '\'' => ch == b'\'' || ch == b'`',
            s => ch == s as u8,
        };
        if hit {
            seen += 1;
            if seen == groups {
                return Some(idx);
            }
        }
    }
    None
}

/// The full end of an abbreviated extension: `629.734/.735` → `629.735`, `62-1/-9` → `62-9`.
///
/// ```
/// let n = yozuv_udc::parse("629.734/.735").unwrap();
/// let ends = n.extension_ends();
/// assert_eq!(ends, vec![("629.734".to_string(), "629.735".to_string())]);
/// ```
pub fn expand_abbreviation(start: &str, end: &AbbreviatedEnd, text: &str) -> Option<String> {
    abbreviation_cut(start, end, text).map(|cut| format!("{}{}", &start[..cut], end.span.of(text)))
}

/// A head with the auxiliaries attached to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The head.
    pub head: Head,
    /// Auxiliaries after the head, in written order.
    pub auxiliaries: Vec<Auxiliary>,
    /// The whole term.
    pub span: Span,
}

/// Terms joined by connectors: `connectors[i]` stands between `terms[i]` and `terms[i + 1]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    /// The terms (at least one).
    pub terms: Vec<Term>,
    /// The connectors, with their spans.
    pub connectors: Vec<(Connector, Span)>,
    /// The whole expression (for a group: without the brackets).
    pub span: Span,
}

/// A parsed UDC notation: its text and its tree.
///
/// ```
/// let n = yozuv_udc::parse("94(575.1)\"19\"").unwrap();
/// assert_eq!(n.to_string(), "94(575.1)\"19\"");
/// assert_eq!(n.main_classes(), vec!['9']);
/// ```
#[derive(Debug, Clone)]
pub struct Notation {
    pub(crate) text: String,
    pub(crate) root: Expr,
}

impl Notation {
    /// The text the spans point into (the notation as parsed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The root expression.
    pub fn root(&self) -> &Expr {
        &self.root
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        span.of(&self.text)
    }

    /// Main numbers in written order (inside subgroups too; abbreviated ends expanded are not
    /// included). `*` tails are never main numbers.
    pub fn main_numbers(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_mains(&self.root, &self.text, &mut out);
        out
    }

    /// Every `/` extension of the top expression and its subgroups as (start, end), the end
    /// expanded when abbreviated (`629.734/.735` → `("629.734", "629.735")`).
    pub fn extension_ends(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        collect_extensions(&self.root, &self.text, &mut out);
        out
    }

    /// The main classes (first digit of every main number, `0`–`9`), distinct, in order of
    /// first appearance.
    pub fn main_classes(&self) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for m in self.main_numbers() {
            if let Some(c) = m.chars().next() {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }
}

/// The start of an extension as written: the main number with its directly following dependent
/// auxiliaries (`7.01` in `7.01/.09`).
pub(crate) fn extension_start<'t>(t: &Term, text: &'t str) -> Option<&'t str> {
    let Head::Main(s) = &t.head else { return None };
    let mut end = s.end;
    for aux in &t.auxiliaries {
        let dependent = matches!(
            aux.kind,
            AuxKind::SpecialPointZero
                | AuxKind::PointOfView
                | AuxKind::SpecialHyphen
                | AuxKind::GeneralCharacteristic
                | AuxKind::SpecialApostrophe
        );
        if aux.span.start == end && dependent {
            end = aux.span.end;
        } else {
            break;
        }
    }
    text.get(s.start..end)
}

fn collect_extensions(e: &Expr, text: &str, out: &mut Vec<(String, String)>) {
    for (k, (c, _)) in e.connectors.iter().enumerate() {
        if *c != Connector::Extension {
            continue;
        }
        let (Some(a), Some(b)) = (e.terms.get(k), e.terms.get(k + 1)) else {
            continue;
        };
        let Some(start) = extension_start(a, text) else {
            continue;
        };
        let end = match &b.head {
            Head::Main(s) => Some(s.of(text).to_string()),
            Head::Abbreviated(end) => expand_abbreviation(start, end, text),
            _ => None,
        };
        if let Some(end) = end {
            out.push((start.to_string(), end));
        }
    }
    for t in &e.terms {
        if let Head::Group(g) = &t.head {
            collect_extensions(g, text, out);
        }
    }
}

fn collect_mains<'t>(e: &Expr, text: &'t str, out: &mut Vec<&'t str>) {
    for t in &e.terms {
        match &t.head {
            Head::Main(s) => out.push(s.of(text)),
            Head::Group(g) => collect_mains(g, text, out),
            _ => {}
        }
    }
}

impl PartialEq for Notation {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for Notation {}

impl fmt::Display for Notation {
    /// Prints the notation from its tree in canonical form (apostrophe `'`, no spaces).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(f, &self.root, &self.text)
    }
}

fn write_expr(f: &mut fmt::Formatter<'_>, e: &Expr, text: &str) -> fmt::Result {
    for (i, t) in e.terms.iter().enumerate() {
        if i > 0 {
            if let Some((c, _)) = e.connectors.get(i - 1) {
                f.write_str(c.sign())?;
            }
        }
        match &t.head {
            Head::Main(s) => f.write_str(s.of(text))?,
            Head::Group(g) => {
                f.write_str("[")?;
                write_expr(f, g, text)?;
                f.write_str("]")?;
            }
            Head::Auxiliary(a) => write_aux(f, a, text)?,
            Head::Abbreviated(a) => write!(f, "{}{}", a.sign, a.number.of(text))?,
        }
        for a in &t.auxiliaries {
            write_aux(f, a, text)?;
        }
    }
    Ok(())
}

pub(crate) fn write_aux(f: &mut dyn fmt::Write, a: &Auxiliary, text: &str) -> fmt::Result {
    let num = a.number.of(text);
    match a.kind {
        AuxKind::Language => write!(f, "={num}"),
        AuxKind::GeneralCharacteristic | AuxKind::SpecialHyphen => write!(f, "-{num}"),
        AuxKind::SpecialPointZero | AuxKind::PointOfView => write!(f, ".{num}"),
        AuxKind::SpecialApostrophe => write!(f, "'{num}"),
        AuxKind::Alphabetic => f.write_str(num),
        AuxKind::NonUdc => write!(f, "*{num}"),
        AuxKind::Form | AuxKind::Place | AuxKind::Ethnic => {
            f.write_str("(")?;
            write_parts(f, &a.parts, text)?;
            f.write_str(")")
        }
        AuxKind::Time => {
            f.write_str("\"")?;
            write_parts(f, &a.parts, text)?;
            f.write_str("\"")
        }
    }
}

fn write_parts(f: &mut dyn fmt::Write, parts: &[AuxPart], text: &str) -> fmt::Result {
    for p in parts {
        if let Some(c) = p.connector {
            f.write_str(c.sign())?;
        }
        if p.kind == AuxKind::Ethnic {
            f.write_str("=")?;
        }
        f.write_str(p.number.of(text))?;
        for a in &p.auxiliaries {
            write_aux(f, a, text)?;
        }
    }
    Ok(())
}
