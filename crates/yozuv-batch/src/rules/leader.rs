//! Leader values (rules `leader.invalid-code`, `leader.invalid-coded-value`,
//! `leader.not-full-level`), from the data file `data/leader.toml`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Emitter, RecordView, Rule};
use crate::Flavour;

#[derive(Deserialize, Default)]
struct LeaderValues {
    code: HashMap<String, String>,
    coded: HashMap<String, String>,
    full_level: String,
}

#[derive(Deserialize, Default)]
struct LeaderFile {
    marc21: LeaderValues,
    unimarc: LeaderValues,
}

/// Positions and their allowed bytes, sorted by position.
/// Per checked position: the position, its allowed bytes, and those bytes as shown in
/// messages (`a b c #`), made once.
type Allowed = Vec<(usize, Vec<u8>, String)>;

struct Table {
    code: Allowed,
    coded: Allowed,
    full_level: Vec<u8>,
}

fn positions(map: &HashMap<String, String>) -> Allowed {
    let mut v: Vec<(usize, Vec<u8>)> = map
        .iter()
        .filter_map(|(k, v)| Some((k.parse().ok()?, v.as_bytes().to_vec())))
        .filter(|(p, _)| *p < 24)
        .collect();
    v.sort();
    v.into_iter()
        .map(|(p, allowed)| {
            let shown_list = allowed
                .iter()
                .map(|&b| shown(b))
                .collect::<Vec<_>>()
                .join(" ");
            (p, allowed, shown_list)
        })
        .collect()
}

fn tables() -> &'static (Table, Table) {
    static T: OnceLock<(Table, Table)> = OnceLock::new();
    T.get_or_init(|| {
        let file: LeaderFile =
            toml::from_str(include_str!("../../data/leader.toml")).unwrap_or_default();
        let t = |v: &LeaderValues| Table {
            code: positions(&v.code),
            coded: positions(&v.coded),
            full_level: v.full_level.as_bytes().to_vec(),
        };
        (t(&file.marc21), t(&file.unimarc))
    })
}

/// The leader positions the `leader.invalid-code` / `leader.invalid-coded-value` rules check
/// for a flavour (so that the format checks do not report the same fault again).
pub(crate) fn checked_positions(flavour: Flavour) -> Vec<usize> {
    let (m, u) = tables();
    let table = match flavour {
        Flavour::Marc21 => m,
        Flavour::Unimarc => u,
    };
    table
        .code
        .iter()
        .chain(&table.coded)
        .map(|(p, _, _)| *p)
        .collect()
}

/// Checks coded leader positions against the flavour's code lists.
pub struct LeaderRule;

impl Rule for LeaderRule {
    fn ids(&self) -> Vec<&'static str> {
        vec![
            "leader.invalid-code",
            "leader.invalid-coded-value",
            "leader.not-full-level",
        ]
    }

    fn check(&self, view: &RecordView<'_>, out: &mut Emitter<'_>) {
        let (m, u) = tables();
        let table = match view.flavour {
            Flavour::Marc21 => m,
            Flavour::Unimarc => u,
        };
        let leader = &view.record.leader.0;
        for (rule, list) in [
            ("leader.invalid-code", &table.code),
            ("leader.invalid-coded-value", &table.coded),
        ] {
            if !out.enabled(rule) {
                continue;
            }
            for (pos, allowed, allowed_shown) in list {
                let b = leader[*pos];
                if !allowed.contains(&b) {
                    out.record(
                        rule,
                        vec![
                            ("position", two_digits(*pos).into()),
                            ("value", shown(b).into()),
                            ("allowed", allowed_shown.as_str().into()),
                        ],
                    );
                }
            }
        }
        if out.enabled("leader.not-full-level") && !table.full_level.contains(&leader[17]) {
            out.record(
                "leader.not-full-level",
                vec![("value", shown(leader[17]).into())],
            );
        }
    }
}

/// `n` as `format!("{n:02}")` writes it, without the formatting machinery (a leader
/// position is below 24).
fn two_digits(n: usize) -> String {
    if n < 100 {
        let digits = [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        digits.iter().map(|&d| char::from(d)).collect()
    } else {
        n.to_string()
    }
}

/// A leader byte as catalogers write it: `#` for a blank.
fn shown(b: u8) -> String {
    match b {
        b' ' => "#".to_string(),
        b if b.is_ascii_graphic() => (b as char).to_string(),
        b => format!("0x{b:02x}"),
    }
}

#[cfg(test)]
mod tests {
    use super::two_digits;

    /// The position text is what `format!("{:02}")` gives.
    #[test]
    fn two_digits_match_format() {
        for n in 0..300 {
            assert_eq!(two_digits(n), format!("{n:02}"));
        }
    }
}
