//! The gold data of ../shared/text through the library: homoglyph and apostrophe rows (negatives must come back
//! unchanged) and the peer transliteration cases (agree/DISAGREE rows must give expected_official).

use yozuv::text::translit::to_latin;
use yozuv::text::{fix, FixOptions};

const HOMOGLYPH: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/text/homoglyph-gold.tsv"
));
const APOSTROPHE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/text/apostrophe-gold.tsv"
));
const PEER: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/text/peer-translit-cases.tsv"
));

/// Data rows of a gold TSV (comments and the header dropped), split into columns.
fn rows(data: &str) -> Vec<Vec<&str>> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect()
}

#[test]
fn homoglyph_gold_rows() {
    let rows = rows(HOMOGLYPH);
    assert!(rows.len() > 80, "gold file too short: {}", rows.len());
    let mut failures = Vec::new();
    for r in &rows {
        let (damaged, corrected) = (r[0], r[1]);
        let got = fix(damaged, &FixOptions::default());
        if got.text != corrected {
            failures.push(format!("{damaged} -> {} (want {corrected})", got.text));
        }
        if damaged == corrected && !got.fixes.is_empty() {
            failures.push(format!("negative {damaged} reported fixes {:?}", got.fixes));
        }
        if damaged != corrected && got.fixes.is_empty() {
            failures.push(format!("{damaged}: changed without a Fix"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn apostrophe_gold_rows() {
    let rows = rows(APOSTROPHE);
    assert!(rows.len() > 50);
    let mut failures = Vec::new();
    for r in &rows {
        let (input, expected) = (r[0], r[1]);
        let got = fix(input, &FixOptions::default());
        if got.text != expected {
            failures.push(format!(
                "{input} -> {} (want {expected}) flags {:?}",
                got.text, got.flags
            ));
        }
        if input == expected && !got.fixes.is_empty() {
            failures.push(format!("negative {input} reported fixes {:?}", got.fixes));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Peer apostrophes normalised the way the gold file says to compare.
fn canonical(s: &str) -> String {
    fix(s, &FixOptions::default()).text.into_owned()
}

#[test]
fn peer_translit_agree_and_disagree_rows_give_the_official_form() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for r in rows(PEER) {
        if r.len() < 5 || r[0] != "cyr2lat" || !(r[4] == "agree" || r[4] == "DISAGREE") {
            continue;
        }
        checked += 1;
        let got = to_latin(r[1]).text;
        let want = canonical(r[3]);
        if got != want {
            failures.push(format!("{} -> {got} (want {want}, {})", r[1], r[4]));
        }
    }
    assert!(checked > 1400, "only {checked} rows checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn peer_translit_lexical_rows_are_right_or_flagged() {
    let (mut right, mut flagged, mut total) = (0, 0, 0);
    let mut failures = Vec::new();
    for r in rows(PEER) {
        if r.len() < 5 || r[0] != "cyr2lat" || r[4] != "lexical" {
            continue;
        }
        total += 1;
        let got = to_latin(r[1]);
        if got.text == canonical(r[3]) {
            right += 1;
        } else if !got.ambiguous.is_empty() {
            flagged += 1;
        } else {
            failures.push(format!("{} -> {} (official {})", r[1], got.text, r[3]));
        }
    }
    eprintln!("lexical rows: {total} total, {right} right, {flagged} flagged ambiguous");
    assert!(total >= 20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
