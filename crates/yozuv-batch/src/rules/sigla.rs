//! The participant sigla registry of the Uzbek union catalogue (uz-unicat UZ-H02): the bundled
//! partial list (`data/sigla.tsv`) or a file a profile names (`sigla_registry`).

use std::collections::HashSet;
use std::sync::OnceLock;

/// The participant sigla registry of the Uzbek union catalogue: one code per line (sigla, a
/// tab, the participant), `#` comments. The bundled file is partial (see `data/sigla.tsv`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SiglaRegistry {
    codes: HashSet<String>,
}

impl SiglaRegistry {
    /// A registry from the text of a sigla file.
    ///
    /// ```
    /// use yozuv_batch::rules::SiglaRegistry;
    /// let r = SiglaRegistry::parse("# comment\nNDH\tUrgench\nabv\n");
    /// assert!(r.contains("NDH") && r.contains("ABV") && !r.contains("NLR"));
    /// ```
    pub fn parse(text: &str) -> Self {
        let codes = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty())
            .collect();
        SiglaRegistry { codes }
    }

    /// The bundled (partial) registry.
    pub fn builtin() -> &'static SiglaRegistry {
        static REGISTRY: OnceLock<SiglaRegistry> = OnceLock::new();
        REGISTRY.get_or_init(|| SiglaRegistry::parse(include_str!("../../data/sigla.tsv")))
    }

    /// Whether `code` is a known sigla (case-insensitive).
    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains(&code.trim().to_uppercase())
    }

    /// How many codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether it holds no code.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}
