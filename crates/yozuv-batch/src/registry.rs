//! The rules yozuv-batch knows: ids, default severities, sources and help, from the data
//! file `data/rules.toml` compiled into the crate.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::Severity;

/// One rule's description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInfo {
    /// Stable id, e.g. `isbn.invalid`.
    pub id: String,
    /// Severity unless a profile overrides it.
    pub severity: Severity,
    /// Whether the rule runs unless a profile turns it off.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// A group name (`structure`, `charset`, `identifier`, …).
    pub category: String,
    /// Where the check comes from (standard, manual, research note).
    pub source: String,
    /// English help text.
    pub help: String,
}

fn default_true() -> bool {
    true
}

#[derive(Deserialize)]
struct RulesFile {
    rule: Vec<RuleInfo>,
}

/// The set of known rules, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    rules: Vec<RuleInfo>,
    index: HashMap<String, usize>,
}

impl Registry {
    /// The rules built into this crate.
    ///
    /// ```
    /// let r = yozuv_batch::Registry::builtin();
    /// assert!(r.get("isbn.invalid").is_some());
    /// assert!(r.get("iso2709.record-length-mismatch").is_some());
    /// ```
    pub fn builtin() -> &'static Registry {
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        REGISTRY.get_or_init(|| {
            // The data file is part of the crate and checked by the tests; an error
            // here is a build defect, so fall back to an empty registry rather than panic.
            let file: RulesFile = toml::from_str(include_str!("../data/rules.toml"))
                .unwrap_or(RulesFile { rule: Vec::new() });
            let mut r = Registry::default();
            r.extend(file.rule);
            r
        })
    }

    /// Adds rules (from another crate's adapter). An id already known is replaced.
    pub fn extend(&mut self, rules: impl IntoIterator<Item = RuleInfo>) {
        for rule in rules {
            match self.index.get(&rule.id) {
                Some(&i) => self.rules[i] = rule,
                None => {
                    self.index.insert(rule.id.clone(), self.rules.len());
                    self.rules.push(rule);
                }
            }
        }
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&RuleInfo> {
        self.index.get(id).map(|&i| &self.rules[i])
    }

    /// All rules in order.
    pub fn iter(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.iter()
    }

    /// How many rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when no rule is known.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}
