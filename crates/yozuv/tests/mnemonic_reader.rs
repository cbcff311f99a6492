//! Mnemonic text reader: MarcEdit/MARCMaker escapes and damaged lines.

use yozuv::{mnemonic, Error, Record};

fn syntax(e: &Error) -> (u64, u64, String) {
    match e {
        Error::Syntax {
            position, detail, ..
        } => (position.record, position.byte, detail.clone()),
        other => panic!("expected a syntax error, got {other}"),
    }
}

#[test]
fn marcedit_escapes() {
    let text = "=LDR  00000nam\\\\2200000\\\\\\4500\n=001  ab\\c{bsol}\n=008  {esc}{1B}\n=245  10$aCost {dollar}5 {lcub}x{rcub} a\\b{copy}{acute}$c{unknown}\n=650  \\0$aX\n";
    let r: Vec<Record> = mnemonic::Reader::new(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(&r[0].leader.0, b"00000nam  2200000   4500");
    assert_eq!(r[0].control_value("001"), Some("ab c\\"));
    assert_eq!(r[0].control_value("008"), Some("\u{1b}\u{1b}"));
    assert_eq!(
        r[0].first_subfield("245", b'a'),
        Some("Cost $5 {x} a\\b\u{a9}\u{301}")
    );
    assert_eq!(r[0].first_subfield("245", b'c'), Some("{unknown}"));
    assert_eq!(r[0].field("650").unwrap().indicators().unwrap().0, *b" 0");
}

#[test]
fn damaged_lines_are_reported_and_skipped() {
    let text = concat!(
        "=LDR  00000nam a2200000   4500\n=001  one\n\n",
        "=LDR  00000nam a2200000   4500\n=245  10junk$aT\n\n",
        "=LDR  too short\n=001  three\n\n",
        "=LDR  00000nam a2200000   4500\n=001  four\n",
    );
    let got: Vec<_> = mnemonic::Reader::new(text.as_bytes()).collect();
    assert_eq!(got.len(), 4);
    assert_eq!(got[0].as_ref().unwrap().id(), Some("one"));
    let (n, byte, d) = syntax(got[1].as_ref().unwrap_err());
    assert_eq!(n, 2);
    assert_eq!(byte as usize, text.find("junk").unwrap());
    assert!(d.starts_with("line 5, column 9:"), "{d}");
    let (n, byte, d) = syntax(got[2].as_ref().unwrap_err());
    assert_eq!((n, byte as usize), (3, text.find("too short").unwrap()));
    assert!(d.starts_with("line 7, column 7:"), "{d}");
    assert_eq!(got[3].as_ref().unwrap().id(), Some("four"));
}

#[test]
fn records_without_blank_lines_between_them() {
    let text = "=LDR  00000nam a2200000   4500\n=001  one\n=LDR  00000nam a2200000   4500\r\n=001  two\r\n";
    let got: Vec<Record> = mnemonic::Reader::new(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        got.iter().map(|r| r.id().unwrap()).collect::<Vec<_>>(),
        ["one", "two"]
    );
}
