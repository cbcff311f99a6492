//! Localized messages (Fluent) in `en`, `ru`, `uz-Latn`, `uz-Cyrl`.
//!
//! Every `.ftl` file under `messages/<language>/` is compiled in. A rule's message id is its
//! rule id with `.` replaced by `-`; its `.summary` attribute is the one-line description
//! used by `yozuv rules list`. Report labels have ids starting with `ui-`.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use std::sync::Arc;

use crate::{Arg, Diagnostic, Error};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The languages messages exist in.
pub const LANGUAGES: &[&str] = &["en", "ru", "uz-Latn", "uz-Cyrl"];

/// Picks a message language from a POSIX locale (`LANG`/`LC_ALL` value) or a language tag:
/// `ru_RU.UTF-8` → `ru`, `uz_UZ` → `uz-Latn`, `uz_UZ.UTF-8@cyrillic` → `uz-Cyrl`; anything
/// else → `en`.
///
/// ```
/// use yozuv_batch::messages::language_from_locale;
/// assert_eq!(language_from_locale("ru_RU.UTF-8"), "ru");
/// assert_eq!(language_from_locale("uz_UZ.UTF-8@cyrillic"), "uz-Cyrl");
/// assert_eq!(language_from_locale("uz-Latn"), "uz-Latn");
/// assert_eq!(language_from_locale("C.UTF-8"), "en");
/// ```
pub fn language_from_locale(locale: &str) -> &'static str {
    let l = locale.trim();
    let lower = l.to_ascii_lowercase();
    if lower.starts_with("ru") {
        "ru"
    } else if lower.starts_with("uz") {
        if lower.contains("cyrl") || lower.contains("cyrillic") {
            "uz-Cyrl"
        } else {
            "uz-Latn"
        }
    } else {
        "en"
    }
}

/// A reusable key buffer and the formatted messages by key (see `Messages::format_cached`).
/// Fx-hashed: keys are short and built by us, and SipHash cost more than the look-up saved.
type MessageCache = (
    Vec<u8>,
    std::collections::HashMap<Vec<u8>, Option<Arc<str>>, rustc_hash::FxBuildHasher>,
);

/// Formats a pattern made only of text and references to given arguments (nearly every
/// message) exactly as Fluent's resolver does with this crate's bundles (no Unicode isolation
/// marks, no transform, no custom formatter), without building `FluentArgs` or a resolver
/// scope; `None` for anything else (selectors, terms, functions, a missing argument), which
/// then goes through Fluent. Fluent keeps the last of repeated argument names and writes a
/// number as the `f64` it converts it to.
fn format_simple(pattern: &ast::Pattern<&str>, args: &[(&str, Arg)]) -> Option<String> {
    use std::fmt::Write;
    // Fluent's own limit on placeables; past it the resolver reports an error.
    const MAX_PLACEABLES: usize = 100;
    let mut placeables = 0;
    let mut out = String::new();
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push_str(value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Inline(ast::InlineExpression::VariableReference { id }),
            } => {
                placeables += 1;
                if placeables > MAX_PLACEABLES {
                    return None;
                }
                let (_, value) = args.iter().rev().find(|(name, _)| *name == id.name)?;
                match value {
                    Arg::Text(t) => out.push_str(t),
                    Arg::Number(n) => {
                        let _ = write!(out, "{}", *n as f64);
                    }
                }
            }
            ast::PatternElement::Placeable { .. } => return None,
        }
    }
    Some(out)
}

/// Messages in one language, falling back to English for a missing message.
pub struct Messages {
    language: &'static str,
    bundle: FluentBundle<FluentResource>,
    fallback: Option<Box<Messages>>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages")
            .field("language", &self.language)
            .finish()
    }
}

fn bundle(language: &'static str) -> Result<FluentBundle<FluentResource>, Error> {
    let id: LanguageIdentifier = language
        .parse()
        .map_err(|_| Error::UnknownLanguage(language.to_string()))?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    for (_, _, text) in FILES.iter().filter(|(l, _, _)| *l == language) {
        // Files with syntax errors still add the messages that parse; the message test
        // reports the rest.
        let resource = match FluentResource::try_new((*text).to_string()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        let _ = bundle.add_resource(resource);
    }
    Ok(bundle)
}

impl Messages {
    /// Messages in `language` (`en`, `ru`, `uz-Latn` or `uz-Cyrl`).
    pub fn new(language: &str) -> Result<Messages, Error> {
        let language: &'static str = LANGUAGES
            .iter()
            .copied()
            .find(|l| l.eq_ignore_ascii_case(language))
            .ok_or_else(|| Error::UnknownLanguage(language.to_string()))?;
        let fallback = if language == "en" {
            None
        } else {
            Some(Box::new(Messages::new("en")?))
        };
        Ok(Messages {
            language,
            bundle: bundle(language)?,
            fallback,
        })
    }

    /// The language.
    pub fn language(&self) -> &'static str {
        self.language
    }

    /// Whether this language (without fallback) has message `id`, and its `.summary`
    /// attribute when `with_summary`.
    pub fn has(&self, id: &str, with_summary: bool) -> bool {
        match self.bundle.get_message(id) {
            Some(m) => {
                m.value().is_some() && (!with_summary || m.get_attribute("summary").is_some())
            }
            None => false,
        }
    }

    /// Formats message `id` (or its attribute) with `args`; `None` when neither this language
    /// nor English has it.
    pub fn format(
        &self,
        id: &str,
        attribute: Option<&str>,
        args: &[(&str, Arg)],
    ) -> Option<String> {
        let pattern = self.bundle.get_message(id).and_then(|m| match attribute {
            Some(a) => m.get_attribute(a).map(|a| a.value()),
            None => m.value(),
        });
        let Some(pattern) = pattern else {
            return self.fallback.as_ref()?.format(id, attribute, args);
        };
        if let Some(text) = format_simple(pattern, args) {
            return Some(text);
        }
        Some(self.format_with_fluent(pattern, args))
    }

    /// Formats a pattern of this bundle with Fluent's resolver (the reference for
    /// `format_simple`).
    fn format_with_fluent(&self, pattern: &ast::Pattern<&str>, args: &[(&str, Arg)]) -> String {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(s) => fargs.set(*name, FluentValue::from(s.as_str())),
                Arg::Number(n) => fargs.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fargs), &mut errors);
        text.into_owned()
    }

    /// The localized message of a diagnostic (English `detail` or the rule id when no
    /// message exists).
    pub fn diagnostic(&self, d: &Diagnostic) -> String {
        self.diagnostic_shared(d).to_string()
    }

    /// [`Messages::diagnostic`] as a shared string: repeated messages are one allocation
    /// (what [`crate::Validator`] stores in [`Diagnostic::text`]).
    pub fn diagnostic_shared(&self, d: &Diagnostic) -> Arc<str> {
        if let Some(text) = &d.text {
            return Arc::clone(text);
        }
        self.format_cached(&d.rule, &d.args)
            .or_else(|| d.detail.as_deref().map(Arc::from))
            .unwrap_or_else(|| Arc::from(&*d.rule))
    }

    /// [`Messages::format`] of rule `rule`'s message, remembered per thread: a batch repeats
    /// the same few thousand (rule, arguments) pairs, and Fluent's resolver costs far more
    /// than a hash look-up. The cache is cleared when it grows past a few thousand entries.
    fn format_cached(&self, rule: &str, args: &[(&str, Arg)]) -> Option<Arc<str>> {
        const MAX_ENTRIES: usize = 8192;
        thread_local! {
            static CACHE: std::cell::RefCell<MessageCache> = std::cell::RefCell::default();
        }
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let (key, map) = &mut *cache;
            // The language (one of `LANGUAGES`: by address), the rule (length-prefixed),
            // then per argument a fixed 24-byte head (the name, a literal, by address and
            // length; the kind; a number or a text's length) and a text's bytes. Fixed-size
            // pieces are plain stores, not copies: this runs for every diagnostic.
            key.clear();
            let texts: usize = args
                .iter()
                .map(|(_, v)| match v {
                    Arg::Text(t) => t.len(),
                    Arg::Number(_) => 0,
                })
                .sum();
            key.reserve(16 + rule.len() + 24 * args.len() + texts);
            let mut start = [0u8; 16];
            start[..8].copy_from_slice(&(self.language.as_ptr() as usize as u64).to_le_bytes());
            start[8..].copy_from_slice(&(rule.len() as u64).to_le_bytes());
            key.extend_from_slice(&start);
            key.extend_from_slice(rule.as_bytes());
            for (name, value) in args {
                let mut head = [0u8; 24];
                head[..8].copy_from_slice(&(name.as_ptr() as usize as u64).to_le_bytes());
                head[8..16].copy_from_slice(&(name.len() as u64).to_le_bytes());
                match value {
                    Arg::Text(t) => {
                        head[16..].copy_from_slice(&(t.len() as u64).to_le_bytes());
                        key.extend_from_slice(&head);
                        key.extend_from_slice(t.as_bytes());
                    }
                    Arg::Number(n) => {
                        head[15] = 1;
                        head[16..].copy_from_slice(&n.to_le_bytes());
                        key.extend_from_slice(&head);
                    }
                }
            }
            if let Some(text) = map.get(key.as_slice()) {
                return text.clone();
            }
            let text: Option<Arc<str>> = self
                .format(&crate::diagnostic::message_id(rule), None, args)
                .map(Arc::from);
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(key.clone(), text.clone());
            text
        })
    }

    /// The one-line summary of a rule.
    pub fn summary(&self, rule: &str) -> Option<String> {
        self.format(&crate::diagnostic::message_id(rule), Some("summary"), &[])
    }

    /// A report label (`ui-…` id), or the id itself.
    pub fn ui(&self, id: &str) -> String {
        self.format(id, None, &[]).unwrap_or_else(|| id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variable an element of a pattern refers to, selectors and nested ones included.
    fn variables<'a>(pattern: &ast::Pattern<&'a str>, out: &mut Vec<&'a str>) {
        fn inline<'a>(e: &ast::InlineExpression<&'a str>, out: &mut Vec<&'a str>) {
            match e {
                ast::InlineExpression::VariableReference { id } => out.push(id.name),
                ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
                _ => {}
            }
        }
        fn expression_vars<'a>(e: &ast::Expression<&'a str>, out: &mut Vec<&'a str>) {
            match e {
                ast::Expression::Inline(i) => inline(i, out),
                ast::Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        variables(&v.value, out);
                    }
                }
            }
        }
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_vars(expression, out);
            }
        }
    }

    /// The fast path for simple patterns gives exactly what Fluent's resolver gives, for every
    /// message and attribute of every language, with text and number arguments (numbers that
    /// pick plural forms, big ones, negative ones), arguments missing and repeated.
    #[test]
    fn simple_patterns_format_as_fluent_does() {
        let mut simple = 0;
        for &language in LANGUAGES {
            let m = Messages::new(language).expect("language");
            for (_, _, text) in FILES.iter().filter(|(l, _, _)| *l == language) {
                let resource = match FluentResource::try_new((*text).to_string()) {
                    Ok(r) => r,
                    Err((r, _)) => r,
                };
                for entry in resource.entries() {
                    let ast::Entry::Message(message) = entry else {
                        continue;
                    };
                    let Some(bundled) = m.bundle.get_message(message.id.name) else {
                        continue;
                    };
                    let mut patterns: Vec<_> = bundled.value().into_iter().collect();
                    patterns.extend(bundled.attributes().map(|a| a.value()));
                    for pattern in patterns {
                        let mut names = Vec::new();
                        variables(pattern, &mut names);
                        let numbers = [0i64, 1, 2, 5, 21, -3, 1234567, (1 << 53) + 1, i64::MAX];
                        let mut arg_sets: Vec<Vec<(&str, Arg)>> = vec![Vec::new()];
                        for (i, &n) in numbers.iter().enumerate() {
                            arg_sets.push(
                                names
                                    .iter()
                                    .map(|&name| (name, Arg::Number(n + i as i64 % 2)))
                                    .collect(),
                            );
                        }
                        arg_sets.push(
                            names
                                .iter()
                                .map(|&name| (name, Arg::Text(format!("<{name} «ж» 'x'>"))))
                                .collect(),
                        );
                        // Repeated names: Fluent keeps the last.
                        arg_sets.push(
                            names
                                .iter()
                                .flat_map(|&name| {
                                    [(name, Arg::Text("first".into())), (name, Arg::Number(7))]
                                })
                                .collect(),
                        );
                        // One argument missing.
                        arg_sets.push(
                            names
                                .iter()
                                .skip(1)
                                .map(|&name| (name, Arg::Text("v".into())))
                                .collect(),
                        );
                        for args in &arg_sets {
                            let fluent = m.format_with_fluent(pattern, args);
                            if let Some(fast) = format_simple(pattern, args) {
                                simple += 1;
                                assert_eq!(fast, fluent, "{language} {} {args:?}", message.id.name);
                            }
                        }
                    }
                }
            }
        }
        assert!(simple > 1000, "the fast path was taken {simple} times");
    }

    /// The per-thread cache gives what Fluent gives, for each language and set of arguments,
    /// however the calls interleave.
    #[test]
    fn cached_messages_match_uncached() {
        let en = Messages::new("en").expect("en");
        let ru = Messages::new("ru").expect("ru");
        let calls: Vec<(&str, Vec<(&str, Arg)>)> = vec![
            (
                "format.undefined-tag",
                vec![("tag", Arg::Text("999".into()))],
            ),
            (
                "format.undefined-tag",
                vec![("tag", Arg::Text("998".into()))],
            ),
            (
                "control.008-length",
                vec![("length", Arg::Number(39)), ("expected", Arg::Number(40))],
            ),
            (
                "control.008-length",
                vec![("length", Arg::Number(41)), ("expected", Arg::Number(40))],
            ),
            ("chars.not-nfc", vec![]),
            ("no.such-rule", vec![]),
            // Names at one address, of different lengths: different keys.
            (
                "format.undefined-tag",
                vec![(&"tags"[..3], Arg::Text("997".into()))],
            ),
            (
                "format.undefined-tag",
                vec![("tags", Arg::Text("997".into()))],
            ),
            // Same value bytes, different kinds and names: different keys.
            ("format.undefined-tag", vec![("tag", Arg::Number(999))]),
            (
                "format.undefined-tag",
                vec![("tog", Arg::Text("999".into()))],
            ),
        ];
        for _ in 0..2 {
            for m in [&en, &ru] {
                for (rule, args) in &calls {
                    let uncached = m.format(&crate::diagnostic::message_id(rule), None, args);
                    assert_eq!(
                        m.format_cached(rule, args).as_deref(),
                        uncached.as_deref(),
                        "{rule} {args:?}"
                    );
                }
            }
        }
        assert_ne!(
            en.format_cached("format.undefined-tag", &calls[0].1),
            en.format_cached("format.undefined-tag", &calls[1].1)
        );
    }
}
