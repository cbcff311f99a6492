//! The rules a notation can break, the repairs `normalize` makes, and their messages.
//!
//! Identifiers, severities and English messages live in `data/rules.tsv` (one row per variant,
//! in declaration order).

use std::sync::OnceLock;

/// A syntax rule, a lint, or a repair. [`Rule::id`] is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // each variant is described by its row in data/rules.tsv
pub enum Rule {
    PointRule,
    LeadingPoint,
    TrailingPoint,
    DoublePoint,
    DanglingConnector,
    LeadingConnector,
    DoubledConnector,
    UnclosedParenthesis,
    UnclosedBracket,
    UnterminatedQuote,
    UnmatchedClosing,
    EmptyAuxiliary,
    RangeOrder,
    AbbreviationTooLong,
    DependentWithoutBase,
    LettersInAuxiliary,
    VacantClass,
    SchedulePattern,
    UnexpectedCharacter,
    NotUdc,
    UnabbreviatedRange,
    PlaceShortForm,
    CitationOrder,
    BacktickApostrophe,
    LongDigitGroup,
    NonUdcTail,
    RepairWhitespace,
    RepairLetterO,
    RepairDecimalComma,
    RepairDash,
    RepairQuote,
    RepairApostrophe,
    RepairLabel,
    RepairSubfieldMarker,
    RepairPunctuation,
    RepairSplitList,
    SplitGloss,
    LooksLikeBbk,
    SeparateBiterminal,
    TooDeep,
}

impl Rule {
    /// Every rule, in declaration order (the order of `data/rules.tsv`).
    pub const ALL: [Rule; 40] = [
        Rule::PointRule,
        Rule::LeadingPoint,
        Rule::TrailingPoint,
        Rule::DoublePoint,
        Rule::DanglingConnector,
        Rule::LeadingConnector,
        Rule::DoubledConnector,
        Rule::UnclosedParenthesis,
        Rule::UnclosedBracket,
        Rule::UnterminatedQuote,
        Rule::UnmatchedClosing,
        Rule::EmptyAuxiliary,
        Rule::RangeOrder,
        Rule::AbbreviationTooLong,
        Rule::DependentWithoutBase,
        Rule::LettersInAuxiliary,
        Rule::VacantClass,
        Rule::SchedulePattern,
        Rule::UnexpectedCharacter,
        Rule::NotUdc,
        Rule::UnabbreviatedRange,
        Rule::PlaceShortForm,
        Rule::CitationOrder,
        Rule::BacktickApostrophe,
        Rule::LongDigitGroup,
        Rule::NonUdcTail,
        Rule::RepairWhitespace,
        Rule::RepairLetterO,
        Rule::RepairDecimalComma,
        Rule::RepairDash,
        Rule::RepairQuote,
        Rule::RepairApostrophe,
        Rule::RepairLabel,
        Rule::RepairSubfieldMarker,
        Rule::RepairPunctuation,
        Rule::RepairSplitList,
        Rule::SplitGloss,
        Rule::LooksLikeBbk,
        Rule::SeparateBiterminal,
        Rule::TooDeep,
    ];

    fn row(self) -> &'static RuleRow {
        let table = table();
        // The table is checked against ALL by a unit test; fall back to the first row.
        table.get(self as usize).unwrap_or(&table[0])
    }

    /// Stable identifier, e.g. `point-rule`.
    pub fn id(self) -> &'static str {
        self.row().id
    }

    /// English message.
    pub fn message(self) -> &'static str {
        self.row().message
    }

    /// Section of UDC-SYNTAX.md the rule comes from.
    pub fn spec(self) -> &'static str {
        self.row().spec
    }

    /// Whether breaking it makes a notation invalid, only deserves a warning, or is a repair.
    pub fn severity(self) -> Severity {
        self.row().severity
    }
}

impl serde::Serialize for Rule {
    /// A rule serializes as its stable id (`point-rule`).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// How serious a [`Rule`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The notation is invalid.
    Error,
    /// Valid, but suspicious or against a recommendation (the spec's "to verify" rules).
    Warning,
    /// Mechanical damage that `normalize` repaired.
    Repair,
}

struct RuleRow {
    id: &'static str,
    severity: Severity,
    message: &'static str,
    spec: &'static str,
}

fn table() -> &'static [RuleRow] {
    static TABLE: OnceLock<Vec<RuleRow>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../data/rules.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let mut cols = l.split('\t');
                let id = cols.next().unwrap_or("");
                let severity = match cols.next().unwrap_or("") {
                    "warning" => Severity::Warning,
                    "repair" => Severity::Repair,
                    _ => Severity::Error,
                };
                let message = cols.next().unwrap_or("");
                let spec = cols.next().unwrap_or("");
                RuleRow {
                    id,
                    severity,
                    message,
                    spec,
                }
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_enum() {
        assert_eq!(table().len(), Rule::ALL.len());
        for (i, r) in Rule::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i);
        }
        assert_eq!(Rule::PointRule.id(), "point-rule");
        assert_eq!(Rule::SplitGloss.id(), "split-gloss");
        assert_eq!(Rule::CitationOrder.severity(), Severity::Warning);
        assert_eq!(Rule::RepairDash.severity(), Severity::Repair);
        assert_eq!(Rule::VacantClass.severity(), Severity::Error);
    }
}
