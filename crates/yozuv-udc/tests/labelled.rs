//! Every row of ../shared/udc/real-notations-labelled.tsv: verdict, normalized form and the
//! offset (in characters) of the first problem, as labelled.

use yozuv_udc::{check, validate, Status};

const LABELLED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/udc/real-notations-labelled.tsv"
));

/// Rows whose label we believe is wrong, with the reason. Empty: every label is followed.
const EXCEPTIONS: &[(&str, &str)] = &[];

fn status(s: &str) -> Status {
    match s {
        "valid" => Status::Valid,
        "fixable" => Status::Fixable,
        "nonudc" => Status::NonUdc,
        "invalid" => Status::Invalid,
        other => panic!("unknown verdict {other}"),
    }
}

#[test]
fn every_labelled_row() {
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in LABELLED.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 4, "short row: {line}");
        let (input, verdict, normalized, offset) = (cols[0], cols[1], cols[2], cols[3]);
        if EXCEPTIONS.iter().any(|(n, _)| *n == input) {
            continue;
        }
        rows += 1;
        let c = check(input);
        let want_offset: Option<usize> = if offset.is_empty() {
            None
        } else {
            Some(offset.parse().unwrap())
        };
        let got_norm = c.normalized().unwrap_or_default();
        let got_offset = c.first_problem_offset();
        if c.status != status(verdict) || got_norm != normalized || got_offset != want_offset {
            failures.push(format!(
                "{input:?}: want {verdict} {normalized:?} {want_offset:?}, got {} {got_norm:?} {got_offset:?} {:?}",
                c.status.as_str(),
                c.findings.iter().map(|f| (f.rule.id(), f.offset)).collect::<Vec<_>>()
            ));
        }
        // The cheap path agrees with the full check.
        let v = validate(input);
        assert_eq!(v.status, c.status, "validate() vs check() on {input:?}");
        assert_eq!(
            v.first_problem.map(|p| p.0),
            got_offset,
            "validate() vs check() on {input:?}"
        );
    }
    assert!(rows > 200);
    assert!(
        failures.is_empty(),
        "{} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
