//! Duplicates inside a batch, including one book catalogued in Uzbek Cyrillic and in Uzbek
//! Latin (the match key folds the scripts).

mod common;

use common::*;
use yozuv::{Field, Indicators, Leader, Record, Subfield};

fn book(id: &str, title: &str, author: &str, year: &str, isbn: Option<&str>) -> Vec<u8> {
    let mut r = Record::new(Leader::from_bytes(b"00000nam a2200000 a 4500").unwrap());
    r.push(Field::control("001", id));
    r.push(Field::control(
        "008",
        format!("250101s{year}    uz            000 0 uzb d"),
    ));
    if let Some(i) = isbn {
        r.push(Field::data(
            "020",
            Indicators::blank(),
            vec![Subfield::new(b'a', i)],
        ));
    }
    r.push(Field::data(
        "100",
        Indicators::new(b'1', b' '),
        vec![Subfield::new(b'a', author)],
    ));
    r.push(Field::data(
        "245",
        Indicators::new(b'1', b'0'),
        vec![Subfield::new(b'a', title)],
    ));
    r.to_iso2709().unwrap()
}

#[test]
fn clusters_reported_once_with_all_records() {
    let mut data = Vec::new();
    // 1 and 3 share an 001; 2 and 4 an ISBN (ISBN-10 and its ISBN-13); 1 (Latin) and 5
    // (Cyrillic) are the same book: "Oʻtkan kunlar" by Abdulla Qodiriy, 1926.
    data.extend(book(
        "uz-1",
        "Oʻtkan kunlar",
        "Qodiriy, Abdulla",
        "1926",
        None,
    ));
    data.extend(book(
        "uz-2",
        "Mehrobdan chayon",
        "Qodiriy, Abdulla",
        "1929",
        Some("0-306-40615-2"),
    ));
    data.extend(book(
        "uz-1",
        "Boshqa kitob",
        "Navoiy, Alisher",
        "1990",
        None,
    ));
    data.extend(book(
        "uz-4",
        "Ikkinchi nashr",
        "Cho'lpon",
        "1936",
        Some("978-0-306-40615-7"),
    ));
    data.extend(book(
        "uz-5",
        "Ўткан кунлар",
        "Қодирий, Абдулла",
        "1926",
        None,
    ));
    let (summary, ev) = collect("marc21", &[("b.mrc", data)], 2);
    assert_eq!(summary.records, 5);
    let by = |rule: &str| -> Vec<Vec<u64>> {
        ev.batch
            .iter()
            .filter(|d| &*d.rule == rule)
            .map(|d| d.related.iter().map(|r| r.record).collect())
            .collect()
    };
    assert_eq!(by("duplicate.id001"), vec![vec![1, 3]]);
    assert_eq!(by("duplicate.isbn"), vec![vec![2, 4]]);
    assert_eq!(by("duplicate.match-key"), vec![vec![1, 5]]);
    // A repeated 001 is an error: the second record goes to --rejected, the first stays clean.
    assert!(!ev.records[0].rejected);
    assert!(ev.records[2].rejected);
    assert!(
        !ev.records[4].rejected,
        "a match-key duplicate is a warning only"
    );
}

#[test]
fn three_records_one_cluster() {
    let mut data = Vec::new();
    for _ in 0..3 {
        data.extend(testdata("marc4j-summerland.mrc"));
    }
    let (_, ev) = collect("marc21", &[("s.mrc", data)], 1);
    let ids: Vec<_> = ev
        .batch
        .iter()
        .filter(|d| &*d.rule == "duplicate.id001")
        .collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(
        ids[0].related.iter().map(|r| r.record).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(ids[0].arg("count").unwrap().to_string(), "3");
}
