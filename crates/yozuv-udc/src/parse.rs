//! A hand-written byte scanner for UDC-SYNTAX.md §2.
//!
//! Recursive descent over bytes: UDC signs are ASCII, so only alphabetical extensions and
//! non-UDC tails need UTF-8 decoding. It never allocates on the way except for the tree itself,
//! reports every broken rule with a byte span, and recovers where it can so that one call finds
//! the first error and usually the ones after it.

use crate::rules::Rule;
use crate::syntax::{
    AbbreviatedEnd, AuxKind, AuxPart, Auxiliary, Connector, Expr, Head, Notation, Span, Term,
};

/// A rule broken (or a lint triggered) at a span of the parsed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Diagnostic {
    /// Which rule.
    pub rule: Rule,
    /// Where, in bytes of the parsed text.
    pub span: Span,
}

/// Parses `text` exactly as given (no repair) into a tree and the list of diagnostics
/// (errors and warnings). The tree is built even when there are errors.
pub fn parse_with_diagnostics(text: &str) -> (Notation, Vec<Diagnostic>) {
    let mut p = Parser {
        t: text,
        s: text.as_bytes(),
        i: 0,
        diags: Vec::new(),
        depth: 0,
    };
    let root = p.top();
    (
        Notation {
            text: text.to_string(),
            root,
        },
        p.diags,
    )
}

/// Only the diagnostics (no tree kept): the cheap path of [`crate::validate`].
pub(crate) fn diagnostics_only(text: &str) -> Vec<Diagnostic> {
    let mut p = Parser {
        t: text,
        s: text.as_bytes(),
        i: 0,
        diags: Vec::new(),
        depth: 0,
    };
    let _ = p.top();
    p.diags
}

struct Parser<'a> {
    t: &'a str,
    s: &'a [u8],
    i: usize,
    diags: Vec<Diagnostic>,
    /// `[` nesting, bounded so that no input can exhaust the stack.
    depth: usize,
}

/// Deepest `[ ]` nesting accepted (real notations use one or two levels).
const MAX_DEPTH: usize = 32;

/// The digits of a number, without points or signs (filing compares these).
fn digits_of(s: &str) -> String {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(char::from)
        .collect()
}

fn is_digit(b: Option<u8>) -> bool {
    matches!(b, Some(b'0'..=b'9'))
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn peek_at(&self, k: usize) -> Option<u8> {
        self.s.get(self.i + k).copied()
    }
    fn diag(&mut self, rule: Rule, start: usize, end: usize) {
        self.diags.push(Diagnostic {
            rule,
            span: Span::new(start, end.max(start)),
        });
    }
    fn char_here(&self) -> Option<char> {
        self.t.get(self.i..).and_then(|r| r.chars().next())
    }
    fn at_letter(&self) -> bool {
        self.char_here().is_some_and(char::is_alphabetic)
    }

    fn top(&mut self) -> Expr {
        if self.s.is_empty() {
            self.diag(Rule::NotUdc, 0, 0);
            return Expr {
                terms: Vec::new(),
                connectors: Vec::new(),
                span: Span::new(0, 0),
            };
        }
        if self.t == "(1/9)" || self.t == "(0/9)" {
            self.diag(Rule::SchedulePattern, 0, self.s.len());
        }
        let e = self.expr();
        if let Some(b) = self.peek() {
            let start = self.i;
            let len = self.char_here().map_or(1, char::len_utf8);
            let rule = match b {
                b']' | b')' => Rule::UnmatchedClosing,
                b'.' if self.peek_at(1) == Some(b'.') => Rule::SchedulePattern,
                _ if self.t[start..].starts_with('…') => Rule::SchedulePattern,
                _ => Rule::UnexpectedCharacter,
            };
            self.diag(rule, start, start + len);
        }
        e
    }

    /// Lexes a connector at the current position (`::` before `:`).
    fn connector(&mut self) -> Option<(Connector, Span)> {
        let start = self.i;
        let c = match self.peek()? {
            b'+' => Connector::Coordination,
            b'/' => Connector::Extension,
            b':' if self.peek_at(1) == Some(b':') => {
                self.i += 2;
                return Some((Connector::OrderFixing, Span::new(start, start + 2)));
            }
            b':' => Connector::Relation,
            _ => return None,
        };
        self.i += 1;
        Some((c, Span::new(start, start + 1)))
    }

    fn expr(&mut self) -> Expr {
        let start = self.i;
        let mut terms: Vec<Term> = Vec::new();
        let mut connectors: Vec<(Connector, Span)> = Vec::new();
        let mut after: Option<(Connector, Span)> = None;
        loop {
            match self.term(after.map(|c| c.0)) {
                Some(t) => {
                    if let Some(c) = after.take() {
                        connectors.push(c);
                    }
                    terms.push(t);
                }
                None => {
                    let here = self.i;
                    let next_is_connector = matches!(self.peek(), Some(b'+' | b'/' | b':'));
                    match after.take() {
                        Some((_, sp)) if next_is_connector => {
                            let _ = sp;
                            self.diag(Rule::DoubledConnector, here, here + 1)
                        }
                        Some((_, sp)) => self.diag(Rule::DanglingConnector, sp.start, sp.end),
                        None if next_is_connector => {
                            self.diag(Rule::LeadingConnector, here, here + 1)
                        }
                        None => {}
                    }
                }
            }
            if let Some(c) = self.connector() {
                after = Some(c);
                continue;
            }
            if let Some((_, sp)) = after {
                self.diag(Rule::DanglingConnector, sp.start, sp.end);
            }
            break;
        }
        self.check_ranges(&terms, &connectors);
        self.check_biterminal(&terms);
        Expr {
            terms,
            connectors,
            span: Span::new(start, self.i),
        }
    }

    fn term(&mut self, after: Option<Connector>) -> Option<Term> {
        let start = self.i;
        let b = self.peek()?;
        let head = match b {
            b'0'..=b'9' => {
                let sp = self.digits(true);
                if self.s.get(sp.start) == Some(&b'4') {
                    self.diag(Rule::VacantClass, sp.start, sp.start + 1);
                }
                Head::Main(sp)
            }
            b'[' if self.depth >= MAX_DEPTH => {
                self.diag(Rule::TooDeep, start, start + 1);
                self.i = self.s.len();
                return None;
            }
            b'[' => {
                self.i += 1;
                self.depth += 1;
                let e = self.expr();
                self.depth -= 1;
                if self.peek() == Some(b']') {
                    self.i += 1;
                } else {
                    self.diag(Rule::UnclosedBracket, start, start + 1);
                }
                if e.terms.is_empty() {
                    self.diag(Rule::EmptyAuxiliary, start, self.i);
                }
                Head::Group(Box::new(e))
            }
            b'(' | b'"' | b'=' => Head::Auxiliary(self.independent()?),
            b'.' | b'-' | b'\'' | b'`'
                if after == Some(Connector::Extension) && is_digit(self.peek_at(1)) =>
            {
                self.i += 1;
                let number = self.digits(false);
                Head::Abbreviated(AbbreviatedEnd {
                    sign: if b == b'`' { '\'' } else { b as char },
                    number,
                    span: Span::new(start, self.i),
                })
            }
            b'.' if self.peek_at(1) == Some(b'.') => {
                self.diag(Rule::SchedulePattern, start, start + 2);
                return None;
            }
            b'.' if is_digit(self.peek_at(1)) && self.peek_at(1) != Some(b'0') => {
                self.diag(Rule::LeadingPoint, start, start + 1);
                self.i += 1;
                Head::Main(self.digits(true))
            }
            b'.' | b'-' | b'\'' | b'`' if is_digit(self.peek_at(1)) => {
                self.diag(Rule::DependentWithoutBase, start, start + 1);
                Head::Auxiliary(self.dependent()?)
            }
            _ => return None,
        };
        let mut auxiliaries = Vec::new();
        self.auxiliaries(&mut auxiliaries, true);
        let literature =
            matches!(&head, Head::Main(sp) if self.t[sp.start..sp.end].starts_with("82"));
        self.check_citation_order(&auxiliaries, literature);
        Some(Term {
            head,
            auxiliaries,
            span: Span::new(start, self.i),
        })
    }

    /// Auxiliaries after a head. `independent` allows `( ) " = * A/Z` (false inside brackets).
    fn auxiliaries(&mut self, out: &mut Vec<Auxiliary>, independent: bool) {
        loop {
            let Some(b) = self.peek() else { return };
            match b {
                b'-' | b'\'' | b'`' if is_digit(self.peek_at(1)) => match self.dependent() {
                    Some(a) => out.push(a),
                    None => return,
                },
                b'.' if self.peek_at(1) == Some(b'0') => {
                    // `.0…` attaches to a number, not to `)` or `"` (`94(430).085`).
                    if !(self.i > 0 && self.s[self.i - 1].is_ascii_digit()) {
                        self.diag(Rule::DependentWithoutBase, self.i, self.i + 1);
                    }
                    match self.dependent() {
                        Some(a) => out.push(a),
                        None => return,
                    }
                }
                b'.' if self.peek_at(1) == Some(b'.') => {
                    let len = if self.peek_at(2) == Some(b'.') { 3 } else { 2 };
                    let rule = if len == 3 {
                        Rule::SchedulePattern
                    } else {
                        Rule::DoublePoint
                    };
                    self.diag(rule, self.i, self.i + len);
                    self.i += len;
                }
                b'.' if is_digit(self.peek_at(1)) => {
                    // e.g. `94(430).085`-like `.5` after an auxiliary: point rule broken.
                    self.diag(Rule::PointRule, self.i, self.i + 1);
                    self.i += 1;
                    let _ = self.digits(false);
                }
                b'.' => {
                    self.diag(Rule::TrailingPoint, self.i, self.i + 1);
                    self.i += 1;
                }
                b'(' | b'"' | b'=' if independent => match self.independent() {
                    Some(a) => out.push(a),
                    None => return,
                },
                b'*' if independent => {
                    let start = self.i;
                    self.i += 1;
                    let ns = self.i;
                    while let Some(c) = self.char_here() {
                        if c.is_whitespace() || "()[]:+\"=".contains(c) {
                            break;
                        }
                        self.i += c.len_utf8();
                    }
                    if self.i == ns {
                        self.diag(Rule::EmptyAuxiliary, start, self.i);
                    } else {
                        self.diag(Rule::NonUdcTail, start, self.i);
                    }
                    out.push(Auxiliary {
                        kind: AuxKind::NonUdc,
                        number: Span::new(ns, self.i),
                        parts: Vec::new(),
                        span: Span::new(start, self.i),
                    });
                }
                _ if independent && self.at_letter() => {
                    let start = self.i;
                    while let Some(c) = self.char_here() {
                        let next_is_letter = self
                            .t
                            .get(self.i + c.len_utf8()..)
                            .and_then(|r| r.chars().next())
                            .is_some_and(char::is_alphabetic);
                        // A point, hyphen or apostrophe belongs to the extension only between
                        // letters (`Иванов-Петров`, `O’zbekiston`); otherwise to what follows.
                        let joiner = matches!(c, '-' | '.' | '\'' | '`' | '’' | 'ʼ' | '‘');
                        if c.is_alphabetic() || c.is_ascii_digit() || (joiner && next_is_letter) {
                            self.i += c.len_utf8();
                        } else {
                            break;
                        }
                    }
                    out.push(Auxiliary {
                        kind: AuxKind::Alphabetic,
                        number: Span::new(start, self.i),
                        parts: Vec::new(),
                        span: Span::new(start, self.i),
                    });
                }
                _ => return,
            }
        }
    }

    /// A dependent auxiliary at the current position: `-…`, `.0…`, `'…` (or backtick).
    fn dependent(&mut self) -> Option<Auxiliary> {
        let start = self.i;
        let b = self.peek()?;
        self.i += 1;
        if b == b'`' {
            self.diag(Rule::BacktickApostrophe, start, start + 1);
        }
        let number = self.digits(false);
        let first = self.s.get(number.start).copied();
        let second = self.s.get(number.start + 1).copied();
        let kind = match b {
            b'-' if first == Some(b'0') => AuxKind::GeneralCharacteristic,
            b'-' => AuxKind::SpecialHyphen,
            b'.' if first == Some(b'0') && second == Some(b'0') => AuxKind::PointOfView,
            b'.' => AuxKind::SpecialPointZero,
            _ => AuxKind::SpecialApostrophe,
        };
        Some(Auxiliary {
            kind,
            number,
            parts: Vec::new(),
            span: Span::new(start, self.i),
        })
    }

    /// An independent auxiliary: `=…`, `(…)`, `"…"`.
    fn independent(&mut self) -> Option<Auxiliary> {
        let start = self.i;
        match self.peek()? {
            b'=' => {
                self.i += 1;
                if self.peek() == Some(b'.') && self.peek_at(1) == Some(b'.') {
                    self.diag(Rule::SchedulePattern, self.i, self.i + 2);
                    while self.peek() == Some(b'.') {
                        self.i += 1;
                    }
                } else if !is_digit(self.peek()) {
                    self.diag(Rule::EmptyAuxiliary, start, self.i);
                }
                let number = self.digits(false);
                Some(Auxiliary {
                    kind: AuxKind::Language,
                    number,
                    parts: Vec::new(),
                    span: Span::new(start, self.i),
                })
            }
            b'(' => Some(self.parenthesised()),
            b'"' => Some(self.time()),
            _ => None,
        }
    }

    fn parenthesised(&mut self) -> Auxiliary {
        let start = self.i;
        self.i += 1;
        let inner_start = self.i;
        let mut parts: Vec<AuxPart> = Vec::new();
        let mut connector = None;
        loop {
            let ps = self.i;
            let (kind, number) = match self.peek() {
                Some(b'=') => {
                    self.i += 1;
                    if !is_digit(self.peek()) {
                        self.diag(Rule::EmptyAuxiliary, ps, self.i);
                    }
                    (AuxKind::Ethnic, self.digits(false))
                }
                Some(b'0') => (AuxKind::Form, self.digits(false)),
                Some(b'1'..=b'9') => (AuxKind::Place, self.digits(false)),
                Some(b'-') if is_digit(self.peek_at(1)) => {
                    self.diag(Rule::PlaceShortForm, ps, ps + 1);
                    (AuxKind::Place, Span::new(ps, ps))
                }
                Some(b'.') if self.peek_at(1) == Some(b'.') => {
                    self.diag(Rule::SchedulePattern, ps, ps + 2);
                    self.skip_before(b')');
                    break;
                }
                _ if self.at_letter() => {
                    self.diag(Rule::LettersInAuxiliary, ps, ps + 1);
                    self.skip_before(b')');
                    break;
                }
                Some(b')') | None if connector.is_none() && parts.is_empty() => {
                    self.diag(Rule::EmptyAuxiliary, start, self.i + 1);
                    break;
                }
                Some(b')') | None => {
                    self.diag(Rule::DanglingConnector, ps.saturating_sub(1), ps);
                    break;
                }
                Some(b'+' | b'/' | b':') => {
                    self.diag(
                        if parts.is_empty() {
                            Rule::LeadingConnector
                        } else {
                            Rule::DoubledConnector
                        },
                        ps,
                        ps + 1,
                    );
                    self.skip_before(b')');
                    break;
                }
                _ => {
                    let len = self.char_here().map_or(1, char::len_utf8);
                    self.diag(Rule::UnexpectedCharacter, ps, ps + len);
                    self.skip_before(b')');
                    break;
                }
            };
            let mut auxiliaries = Vec::new();
            self.auxiliaries(&mut auxiliaries, false);
            parts.push(AuxPart {
                connector: connector.take(),
                kind,
                number,
                auxiliaries,
                span: Span::new(ps, self.i),
            });
            if let Some((c, _)) = self.connector() {
                connector = Some(c);
                continue;
            }
            break;
        }
        self.check_part_ranges(&parts);
        let inner_end = self.i;
        match self.peek() {
            Some(b')') => self.i += 1,
            None => self.diag(Rule::UnclosedParenthesis, start, start + 1),
            Some(_) => {
                if self.at_letter() {
                    self.diag(Rule::LettersInAuxiliary, self.i, self.i + 1);
                } else {
                    let len = self.char_here().map_or(1, char::len_utf8);
                    self.diag(Rule::UnexpectedCharacter, self.i, self.i + len);
                }
                if !self.skip_to(b')') {
                    self.diag(Rule::UnclosedParenthesis, start, start + 1);
                }
            }
        }
        let kind = parts.first().map_or(AuxKind::Place, |p| p.kind);
        Auxiliary {
            kind,
            number: Span::new(inner_start, inner_end),
            parts,
            span: Span::new(start, self.i),
        }
    }

    /// Skips to `close` (not consumed).
    fn skip_before(&mut self, close: u8) {
        while let Some(b) = self.peek() {
            if b == close {
                return;
            }
            self.i += 1;
        }
    }

    /// Skips to just after `close`; false when the text ends first.
    fn skip_to(&mut self, close: u8) -> bool {
        while let Some(b) = self.peek() {
            self.i += 1;
            if b == close {
                return true;
            }
        }
        false
    }

    fn time(&mut self) -> Auxiliary {
        let start = self.i;
        self.i += 1;
        let inner_start = self.i;
        let mut parts: Vec<AuxPart> = Vec::new();
        let mut connector = None;
        loop {
            let ps = self.i;
            match self.peek() {
                Some(b'0'..=b'9') => {}
                Some(b'.') if self.peek_at(1) == Some(b'.') => {
                    self.diag(Rule::SchedulePattern, ps, ps + 2);
                    break;
                }
                Some(b'.') => {
                    self.diag(Rule::LeadingPoint, ps, ps + 1);
                    break;
                }
                Some(b'"') | None if connector.is_none() && parts.is_empty() => {
                    if self.peek().is_some() {
                        self.diag(Rule::EmptyAuxiliary, start, self.i + 1);
                    }
                    break;
                }
                Some(b'"') | None => {
                    self.diag(Rule::DanglingConnector, ps.saturating_sub(1), ps);
                    break;
                }
                _ if self.t[ps..].starts_with('…') => {
                    self.diag(Rule::SchedulePattern, ps, ps + '…'.len_utf8());
                    break;
                }
                _ if self.at_letter() => {
                    self.diag(Rule::LettersInAuxiliary, ps, ps + 1);
                    break;
                }
                _ => {
                    let len = self.char_here().map_or(1, char::len_utf8);
                    self.diag(Rule::UnexpectedCharacter, ps, ps + len);
                    break;
                }
            }
            // Years and dates: digits with points anywhere between digits.
            while let Some(b) = self.peek() {
                match b {
                    b'0'..=b'9' => self.i += 1,
                    b'.' if is_digit(self.peek_at(1)) => self.i += 1,
                    b'.' if self.peek_at(1) == Some(b'.') => {
                        self.diag(Rule::SchedulePattern, self.i, self.i + 2);
                        break;
                    }
                    b'.' => {
                        self.diag(Rule::TrailingPoint, self.i, self.i + 1);
                        self.i += 1;
                        break;
                    }
                    _ => break,
                }
            }
            parts.push(AuxPart {
                connector: connector.take(),
                kind: AuxKind::Time,
                number: Span::new(ps, self.i),
                auxiliaries: Vec::new(),
                span: Span::new(ps, self.i),
            });
            if let Some((c, _)) = self.connector() {
                connector = Some(c);
                continue;
            }
            break;
        }
        self.check_part_ranges(&parts);
        let inner_end = self.i;
        match self.peek() {
            Some(b'"') => self.i += 1,
            None => self.diag(Rule::UnterminatedQuote, start, start + 1),
            Some(_) => {
                if !self.diags.last().is_some_and(|d| d.span.start >= start) {
                    let len = self.char_here().map_or(1, char::len_utf8);
                    self.diag(Rule::UnexpectedCharacter, self.i, self.i + len);
                }
                if !self.skip_to(b'"') {
                    self.diag(Rule::UnterminatedQuote, start, start + 1);
                }
            }
        }
        Auxiliary {
            kind: AuxKind::Time,
            number: Span::new(inner_start, inner_end),
            parts,
            span: Span::new(start, self.i),
        }
    }

    /// Digits with the point rule of §1.1. `main`: a point-of-view `.00` ends the number even
    /// after a full group of three (`621.002.3`).
    fn digits(&mut self, main: bool) -> Span {
        let start = self.i;
        let mut group = 0usize;
        loop {
            while is_digit(self.peek()) {
                group += 1;
                self.i += 1;
            }
            if group > 3 {
                self.diag(Rule::LongDigitGroup, self.i - group, self.i);
            }
            if self.peek() != Some(b'.') || group == 0 {
                break;
            }
            match self.peek_at(1) {
                Some(d @ b'0'..=b'9') => {
                    if group % 3 == 0 {
                        if main && d == b'0' && self.peek_at(2) == Some(b'0') {
                            break;
                        }
                    } else if d == b'0' {
                        break;
                    } else {
                        self.diag(Rule::PointRule, self.i, self.i + 1);
                    }
                    self.i += 1;
                    group = 0;
                }
                Some(b'.') => {
                    let len = if self.peek_at(2) == Some(b'.') { 3 } else { 2 };
                    let rule = if len == 3 {
                        Rule::SchedulePattern
                    } else {
                        Rule::DoublePoint
                    };
                    self.diag(rule, self.i, self.i + len);
                    self.i += len;
                    group = 0;
                    if !is_digit(self.peek()) {
                        break;
                    }
                }
                _ => {
                    // `004.` at the end or before a sign; the auxiliary loop reports it.
                    break;
                }
            }
        }
        Span::new(start, self.i)
    }

    /// §1.4: the end of a `/` extension must file after its start; an abbreviated end
    /// (`.735`) replaces the last point groups of the start.
    fn check_ranges(&mut self, terms: &[Term], connectors: &[(Connector, Span)]) {
        for (k, (c, sp)) in connectors.iter().enumerate() {
            if *c != Connector::Extension {
                continue;
            }
            let (Some(a), Some(b)) = (terms.get(k), terms.get(k + 1)) else {
                continue;
            };
            let Some(start_text) = crate::syntax::extension_start(a, self.t) else {
                continue;
            };
            match &b.head {
                Head::Main(e) => {
                    // Compare main numbers only: `62-1/69` compares 62 with 69.
                    let main_only = match &a.head {
                        Head::Main(s) => s.of(self.t),
                        _ => start_text,
                    };
                    let md = digits_of(main_only);
                    let ed = digits_of(e.of(self.t));
                    if ed <= md {
                        self.diag(Rule::RangeOrder, sp.start, e.end);
                    } else if ed.len() < md.len() {
                        self.diag(Rule::UnabbreviatedRange, sp.start, e.end);
                    }
                }
                Head::Abbreviated(end) => {
                    match crate::syntax::expand_abbreviation(start_text, end, self.t) {
                        None => self.diag(Rule::AbbreviationTooLong, end.span.start, end.span.end),
                        Some(expanded) => {
                            if digits_of(&expanded) <= digits_of(start_text) {
                                self.diag(Rule::RangeOrder, sp.start, end.span.end);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Ranges inside `( )` and `" "` (`"1941/1945"`, `(1/9)`): same-length numbers must rise.
    fn check_part_ranges(&mut self, parts: &[AuxPart]) {
        for w in parts.windows(2) {
            if w[1].connector != Some(Connector::Extension) {
                continue;
            }
            let ad = digits_of(w[0].number.of(self.t));
            let bd = digits_of(w[1].number.of(self.t));
            let comparable = w[0].kind != AuxKind::Time || ad.len() == bd.len();
            if comparable && !ad.is_empty() && !bd.is_empty() && bd <= ad {
                self.diag(Rule::RangeOrder, w[1].span.start, w[1].span.end);
            }
        }
    }

    /// §1.2: `(470)+(571)` is written `(470+571)`: a lint on two bracketed auxiliaries of the
    /// same kind, standing alone, joined by a connector.
    fn check_biterminal(&mut self, terms: &[Term]) {
        for w in terms.windows(2) {
            if let (Head::Auxiliary(a), Head::Auxiliary(b)) = (&w[0].head, &w[1].head) {
                let bracketed = !a.parts.is_empty() && !b.parts.is_empty();
                if bracketed && a.kind == b.kind && w[0].auxiliaries.is_empty() {
                    self.diag(Rule::SeparateBiterminal, a.span.start, b.span.end);
                }
            }
        }
    }

    /// §3 order of citation (a lint): special → -0 → place → ethnic → time → form → language.
    /// `literature`: under class 82 a place before the form (`821.111(73)-31`, American novels)
    /// is the usual way to name a literature, not a deviation.
    fn check_citation_order(&mut self, auxiliaries: &[Auxiliary], literature: bool) {
        let rank = |k: AuxKind| match k {
            AuxKind::SpecialHyphen
            | AuxKind::SpecialPointZero
            | AuxKind::SpecialApostrophe
            | AuxKind::PointOfView => Some(1),
            AuxKind::GeneralCharacteristic => Some(2),
            AuxKind::Place => Some(3),
            AuxKind::Ethnic => Some(4),
            AuxKind::Time => Some(5),
            AuxKind::Form => Some(6),
            AuxKind::Language => Some(7),
            AuxKind::Alphabetic | AuxKind::NonUdc => None,
        };
        let mut last = 0;
        for (k, a) in auxiliaries.iter().enumerate() {
            let after_place = k > 0 && auxiliaries[k - 1].kind == AuxKind::Place;
            if literature && after_place && a.kind == AuxKind::SpecialHyphen {
                continue;
            }
            if let Some(r) = rank(a.kind) {
                if r < last {
                    self.diag(Rule::CitationOrder, a.span.start, a.span.end);
                    return;
                }
                last = r;
            }
        }
    }
}
