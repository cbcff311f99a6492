//! The crate's one error type.

use crate::rules::Rule;

/// What can go wrong in `yozuv-udc`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The notation breaks a syntax rule (`offset` in bytes of the text parsed).
    #[error("invalid UDC notation at byte {offset}: {} ({})", rule.message(), rule.id())]
    Syntax {
        /// Byte offset of the first error.
        offset: usize,
        /// The rule broken.
        rule: Rule,
    },
    /// A language tag `explain` does not know.
    #[error("unknown caption language '{0}' (use en, ru, uz-Latn or uz-Cyrl)")]
    UnknownLanguage(String),
}
