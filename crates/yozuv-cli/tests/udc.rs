//! `yozuv udc` end to end: JSON Lines of `check`, exit codes, `sort`, `explain`, `tag`.

use std::io::Write;
use std::process::{Command, Stdio};

fn yozuv(args: &[&str], stdin: &str) -> (String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yozuv"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run yozuv");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn check_writes_json_lines_from_stdin() {
    let (out, code) = yozuv(&["udc", "check"], "94(575.1)\"19\"\n2 (075)\n62.139\n");
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[0]["main_classes"], serde_json::json!(["9"]));
    assert_eq!(lines[1]["normalized"], "2(075)");
    assert_eq!(lines[1]["errors"][0]["offset"], 1);
    assert_eq!(lines[2]["normalized"], serde_json::Value::Null);
    assert_eq!(lines[2]["errors"][0]["offset"], 2);
    for l in &lines {
        for key in [
            "input",
            "valid",
            "normalized",
            "errors",
            "warnings",
            "main_classes",
        ] {
            assert!(l.get(key).is_some(), "{key} missing in {l}");
        }
    }
}

#[test]
fn check_all_valid_exits_zero() {
    let (_, code) = yozuv(&["udc", "check", "004.738.5:002", "(575.1)"], "");
    assert_eq!(code, 0);
}

#[test]
fn sort_files_in_udc_order() {
    // UDC-SYNTAX.md §4 example order, given reversed.
    let input = "622.1\n622.01\n622-7\n622\"19\"\n622(=512.133)\n622(575.1)\n622(075)\n622=111\n622:669\n622\n622/669\n622+669\n";
    let (out, code) = yozuv(&["udc", "sort"], input);
    assert_eq!(code, 0);
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(
        got,
        [
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
            "622.1"
        ]
    );
}

#[test]
fn explain_in_uzbek() {
    let (out, code) = yozuv(&["udc", "explain", "94(575.1)", "--lang", "uz-Cyrl"], "");
    assert_eq!(code, 0);
    assert!(out.contains("Умумий тарих"), "{out}");
    assert!(out.contains("Ўзбекистон"), "{out}");
    let (_, code) = yozuv(&["udc", "explain", "94", "--lang", "xx"], "");
    assert_eq!(code, 2);
}

#[test]
fn tag_lists_per_record() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/udc/1251.mrc");
    let (out, _) = yozuv(&["udc", "tag", file, "--format", "json"], "");
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["notations"][0]["input"], "624.01:532.5(075.8)");
    assert_eq!(first["notations"][0]["edition"], "4");
    assert_eq!(first["main_classes"], serde_json::json!(["6", "5"]));
}
