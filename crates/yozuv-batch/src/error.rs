//! The crate's one error type.

/// What can go wrong while setting up or running a validation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A profile file that is not valid TOML or names unknown things.
    #[error("profile {name}: {detail}")]
    Profile {
        /// The profile's name or path.
        name: String,
        /// What was wrong.
        detail: String,
    },
    /// A profile name that is neither bundled nor a readable file.
    #[error("unknown profile {0:?} (bundled: marc21, unimarc, rusmarc, uz-unicat)")]
    UnknownProfile(String),
    /// A message language that is not available.
    #[error("unknown language {0:?} (available: en, ru, uz-Latn, uz-Cyrl)")]
    UnknownLanguage(String),
    /// Reading an input or writing an output failed. The I/O error is the `source()` (not
    /// repeated in the message, so that error chains print it once).
    #[error("{context}")]
    Io {
        /// Which file or stream.
        context: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The reader gave up on an input (an I/O failure mid-stream).
    #[error("{0}")]
    Read(#[from] yozuv::Error),
}

impl Error {
    /// An I/O error with a context.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}
