//! Tagging real records: every 080/675 value listed in udc_notations_seen.tsv (derived from the
//! files independently of this crate) comes out of `tag()`, in order, with its main class; and
//! every ISO 2709 file of ../shared/testdata tags without failing.

use std::path::{Path, PathBuf};

use yozuv::iso2709::{ReadMode, Reader};
use yozuv::{Field, Record};
use yozuv_udc::tag::tag;

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/udc")
        .join(p)
}

fn records(path: &Path) -> Vec<Record> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Reader::new(f, ReadMode::Permissive)
        .filter_map(Result::ok)
        .collect()
}

/// The main class a value starts with, read by hand: its first character when that is a digit.
fn leading_class(value: &str) -> Option<char> {
    value
        .chars()
        .next()
        .filter(|c| c.is_ascii_digit() && *c != '4')
}

#[test]
fn seen_values_come_out_in_order() {
    let seen = std::fs::read_to_string(repo("udc_notations_seen.tsv")).unwrap();
    // The list was made from the files' bytes. The bnr files hold double-encoded UTF-8
    // (unimarc/PROVENANCE.md: "ş = C3 85 C2 9F", UTF-8 read as Latin-1 and encoded again),
    // which the decoder undoes, so their listed values are compared after the same repair.
    let files = [
        ("serial.bnr.1993.mrc", true),
        ("short.bnr.1993.mrc", true),
        ("nlr_rusmarc_cp1251.iso", false),
        ("1251.mrc", false),
        ("1251-split_mojibake_fffd.mrc", false),
        ("rsl_10_broken.mrc", false),
    ];
    for (file, double_encoded) in files {
        let want: Vec<String> = seen
            .lines()
            .skip(1)
            .filter_map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                (c.get(2) == Some(&file)).then(|| c[0])
            })
            .map(|v| {
                let repaired = double_encoded
                    .then(|| {
                        yozuv::encoding::undo_double_encoding(v, yozuv::encoding::Charset::Latin1)
                    })
                    .flatten();
                repaired.unwrap_or_else(|| v.to_string())
            })
            .collect();
        let recs = records(&repo(file));
        let mut got: Vec<(String, Vec<char>)> = Vec::new();
        for r in &recs {
            for t in tag(r).notations {
                got.push((t.value.clone(), t.main_classes()));
            }
        }
        // The list holds each distinct value once per file, in order of first appearance.
        let mut got_values: Vec<String> = Vec::new();
        for (v, _) in &got {
            if !got_values.contains(v) {
                got_values.push(v.clone());
            }
        }
        assert_eq!(got_values, want, "{file}");
        assert!(!want.is_empty(), "{file}");
        for (value, classes) in &got {
            if let Some(c) = leading_class(value) {
                assert!(classes.contains(&c), "{file}: {value:?} gave {classes:?}");
            }
        }
    }
}

#[test]
fn known_records() {
    // TEST1.ISO record 2 of the subset: 675 $a 821.161.1-2Бабель would need CP1251; the ASCII
    // ones are checked exactly.
    let recs = records(&repo("nlr_rusmarc_cp1251.iso"));
    let all: Vec<String> = recs
        .iter()
        .flat_map(|r| {
            tag(r)
                .notations
                .into_iter()
                .map(|t| t.checked.normalized().unwrap_or_default())
        })
        .collect();
    assert!(all.contains(&"94(571.65-25)".to_string()));
    assert!(all.contains(&"639.2.053(261+265.7)".to_string()));
    assert!(all.contains(&"351.74(47+57)(082)".to_string()));
    // MARC 21 080 with $2 edition (RSL): 1251.mrc first record.
    let recs = records(&repo("1251.mrc"));
    let t = tag(&recs[0]);
    assert_eq!(t.notations[0].value, "624.01:532.5(075.8)");
    assert_eq!(t.notations[0].edition.as_deref(), Some("4"));
    assert_eq!(t.main_classes(), vec!['6', '5']);
    let q = t.notations[0].qualifiers();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].1, "(075.8)");
    // 080 with a shelf mark glued to the number (marc4j pride and prejudice).
    let recs = records(&repo("marc4j-pride-and-prejudice-fixed.mrc"));
    let glued = recs
        .iter()
        .flat_map(|r| tag(r).notations)
        .find(|t| t.value == "821.111-3AUSj7pri")
        .expect("the shelf-marked value");
    assert_eq!(glued.checked.normalized().as_deref(), Some("821.111-3"));
    assert_eq!(glued.checked.split_off, vec!["AUSj7pri".to_string()]);
    assert_eq!(glued.main_classes(), vec!['8']);
}

#[test]
fn every_shared_iso2709_file_tags() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata");
    if !root.exists() {
        return; // CI without ../shared: the copies above still run.
    }
    let mut stack = vec![root];
    let mut with_udc = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "mrc" | "iso" | "dat" | "marc" | "usmarc" | "bin") {
                continue;
            }
            for r in records(&p) {
                let fields: Vec<&Field> = r
                    .fields
                    .iter()
                    .filter(|f| f.tag() == "080" || f.tag() == "675")
                    .collect();
                if fields.is_empty() {
                    continue;
                }
                with_udc += 1;
                let a_count: usize = fields
                    .iter()
                    .map(|f| {
                        if f.is_control() {
                            1
                        } else {
                            f.subfield_values(b'a').count()
                        }
                    })
                    .sum();
                let t = tag(&r);
                assert_eq!(t.notations.len(), a_count, "{}", p.display());
                for n in &t.notations {
                    if let Some(c) = leading_class(&n.value) {
                        assert!(
                            n.main_classes().contains(&c),
                            "{}: {:?}",
                            p.display(),
                            n.value
                        );
                    }
                }
            }
        }
    }
    assert!(with_udc >= 60, "{with_udc} records with 080/675");
}
