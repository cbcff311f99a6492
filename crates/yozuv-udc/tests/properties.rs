//! Property tests: normalize is idempotent, a parsed notation prints back to its normalized
//! string, filing order is a total order, and no input makes the crate panic.

use proptest::prelude::*;
use yozuv_udc::{check, normalize, parse, Rule, Severity, Status};

/// A main number: groups of three digits, first digit not 4 (vacant), last group 1–3 digits.
fn main_number() -> impl Strategy<Value = String> {
    (
        "[0-35-9][0-9]{0,2}",
        prop::collection::vec("[0-9]{3}", 0..2),
        prop::option::of("[1-9][0-9]{0,2}"),
    )
        .prop_map(|(first, full, last)| {
            let mut s = first.clone();
            if first.len() == 3 {
                for g in full {
                    s.push('.');
                    s.push_str(&g);
                }
                if let Some(l) = last {
                    s.push('.');
                    s.push_str(&l);
                }
            }
            s
        })
}

fn auxiliary() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "-31",
        "-057.4",
        "(075.8)",
        "(575.1)",
        "(470+571)",
        "\"19\"",
        "\"1941/1945\"",
        "=111",
        "=512.133",
        "(=512.133)",
        "'374",
        "(1-924.16)",
        "(03)",
        "Черчилль",
    ])
}

fn term() -> impl Strategy<Value = String> {
    (main_number(), prop::collection::vec(auxiliary(), 0..3)).prop_map(|(m, aux)| {
        let mut s = m;
        for a in aux {
            s.push_str(a);
        }
        s
    })
}

/// Notations built from the grammar (UDC-SYNTAX.md §2), valid except for what the generator
/// cannot see (e.g. `Черчилль` followed by more auxiliaries is still valid).
fn notation() -> impl Strategy<Value = String> {
    let joined = (
        term(),
        prop::collection::vec((prop::sample::select(vec!["+", ":", "::"]), term()), 0..3),
    )
        .prop_map(|(first, rest)| {
            let mut s = first;
            for (c, t) in rest {
                s.push_str(c);
                s.push_str(&t);
            }
            s
        });
    prop_oneof![
        4 => joined,
        1 => (term(), term(), prop::option::of(auxiliary())).prop_map(|(a, b, q)| format!("[{a}+{b}]{}", q.unwrap_or(""))),
    ]
}

/// Damaged values: real-world junk characters mixed with notation characters.
fn damaged() -> impl Strategy<Value = String> {
    let junk = "(УДК |\\^a|O‘UK )?[0-9.:+/()\\[\\]=\"'\\- ;,ОOо–—”“«»’`*A-Za-zА-я…]{0,24}";
    let damage = (
        notation(),
        0..8usize,
        prop::option::of(prop::sample::select(vec![
            " Иванов",
            " 1П",
            ".",
            ";",
            "Б12",
        ])),
    )
        .prop_map(|(n, op, tail)| {
            let mut s = match op {
                0 => n.replacen('(', " (", 1),
                1 => n.replace('-', "–"),
                2 => format!("УДК {n}"),
                3 => n.replace('"', "”"),
                4 => n.replacen('0', "О", 1),
                5 => format!("^a{n}"),
                6 => n.replace('\'', "’"),
                _ => format!("{n};{n}"),
            };
            if let Some(t) = tail {
                s.push_str(t);
            }
            s
        });
    prop_oneof![junk, damage]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn generated_notations_are_valid_and_print_back(s in notation()) {
        let c = check(&s);
        prop_assert_eq!(c.status, Status::Valid, "{:?}: {:?}", &s, &c.findings);
        let n = parse(&s).unwrap();
        prop_assert_eq!(n.to_string(), s.clone());
        prop_assert_eq!(c.normalized(), Some(s));
    }

    #[test]
    fn normalize_is_idempotent(s in damaged()) {
        if let Some(n) = normalize(&s) {
            prop_assert_eq!(normalize(&n), Some(n.clone()), "from {:?}", &s);
            // What is left to repair in a normalized value is at most the `;` split.
            let again = check(&n);
            prop_assert!(again.findings.iter().all(|f| f.severity() != Severity::Repair || f.rule == Rule::RepairSplitList), "{:?} -> {:?}: {:?}", &s, &n, &again.findings);
        }
    }

    #[test]
    fn parsed_normalized_prints_back(s in damaged()) {
        let c = check(&s);
        prop_assert_eq!(yozuv_udc::validate(&s), c.verdict(), "{:?}", &s);
        if c.notations.len() == 1 {
            let n = c.normalized().unwrap();
            let tree = parse(&n);
            prop_assert!(tree.is_ok(), "{:?} -> {:?}", &s, &n);
            prop_assert_eq!(tree.unwrap().to_string(), n);
        }
    }

    #[test]
    fn never_panics(s in any::<String>()) {
        let c = check(&s);
        let _ = c.normalized();
        let _ = yozuv_udc::validate(&s);
        for n in &c.parsed {
            let _ = n.to_string();
            let _ = n.filing_key();
            let _ = yozuv_udc::explain::explain(n, yozuv_udc::explain::Lang::UzCyrl);
        }
    }

    #[test]
    fn never_panics_on_sign_soup(s in "[0-9().\"'`\\[\\]:+/=*А-яO…–”’\\- ;,^$]{0,20}") {
        let c = check(&s);
        let _ = c.normalized();
        // The cheap path agrees with the full check.
        let v = yozuv_udc::validate(&s);
        prop_assert_eq!(v, c.verdict(), "{:?}", &s);
        let (n, _) = yozuv_udc::parse_with_diagnostics(&s);
        let _ = n.to_string();
        let _ = n.filing_key();
        let _ = yozuv_udc::explain::explain(&n, yozuv_udc::explain::Lang::En);
        // Whatever parses without error prints back as written (backtick → apostrophe).
        // (A `*` tail is kept verbatim, backticks included.)
        if let Ok(tree) = parse(&s) {
            if !s.contains('*') {
                prop_assert_eq!(tree.to_string(), s.replace('`', "'"));
            }
        }
    }

    #[test]
    fn filing_is_a_total_order(a in notation(), b in notation(), c in notation()) {
        let (a, b, c) = (parse(&a).unwrap(), parse(&b).unwrap(), parse(&c).unwrap());
        // Antisymmetric and consistent with Eq.
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a.cmp(&b) == std::cmp::Ordering::Equal, a.to_string() == b.to_string());
        // Transitive.
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
        let mut v = [a.clone(), b.clone(), c.clone()];
        v.sort();
        prop_assert!(v.windows(2).all(|w| w[0] <= w[1]));
    }
}

/// UDC-SYNTAX.md §4 (lines 97–100): the example order and the decimal-fraction order of main numbers.
#[test]
fn spec_filing_examples() {
    let expected = [
        "622+669",
        "622/669",
        "622",
        "622:669",
        "622=111",
        "622(075)",
        "622(575.1)",
        "622(=512.133)",
        "622\"19\"",
        "622-7",
        "622.01",
        "622.1",
    ];
    let mut v: Vec<_> = expected.iter().rev().map(|s| parse(s).unwrap()).collect();
    v.sort();
    let got: Vec<String> = v.iter().map(|n| n.to_string()).collect();
    assert_eq!(got, expected);

    let expected = ["0", "00", "001", "004", "01", "1", "11"];
    let mut v: Vec<_> = ["11", "004", "1", "0", "01", "001", "00"]
        .iter()
        .map(|s| parse(s).unwrap())
        .collect();
    v.sort();
    let got: Vec<String> = v.iter().map(|n| n.to_string()).collect();
    assert_eq!(got, expected);
}
