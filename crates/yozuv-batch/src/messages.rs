//! Localized messages (Fluent) in `en`, `ru`, `uz-Latn`, `uz-Cyrl`.
//!
//! Every `.ftl` file under `messages/<language>/` is compiled in. A rule's message id is its
//! rule id with `.` replaced by `-`; its `.summary` attribute is the one-line description
//! used by `yozuv rules list`. Report labels have ids starting with `ui-`.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
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
        Some(text.into_owned())
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
            // language, rule, then each argument's name, kind and value, NUL-separated (no
            // part contains NUL except a Text value, which is length-prefixed).
            key.clear();
            key.extend_from_slice(self.language.as_bytes());
            key.push(0);
            key.extend_from_slice(rule.as_bytes());
            for (name, value) in args {
                key.push(0);
                key.extend_from_slice(name.as_bytes());
                match value {
                    Arg::Text(t) => {
                        key.push(b'T');
                        key.extend_from_slice(&t.len().to_le_bytes());
                        key.extend_from_slice(t.as_bytes());
                    }
                    Arg::Number(n) => {
                        key.push(b'N');
                        key.extend_from_slice(&n.to_le_bytes());
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
