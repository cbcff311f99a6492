//! The catalogers' guides (docs/guide-uz.md, docs/guide-ru.md) and the CLI README say that
//! every command and output they show is real. This test keeps them so: it runs each
//! ```` ```console ```` block's `$ command` lines in order, in one scratch directory per
//! document (with the repo's `testdata/` beside it and the built `yozuv` first on PATH), and
//! compares what the command printed with the lines the document shows. A line `...` stands for
//! any number of lines. `$ echo $?` shows the previous command's exit status.

use std::path::Path;
use std::process::Command;

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// `expected` (with `...` wildcards) matches `got` line for line.
fn matches(expected: &[&str], got: &[&str]) -> bool {
    match expected.split_first() {
        None => got.is_empty(),
        Some((&"...", rest)) => (0..=got.len()).any(|skip| matches(rest, &got[skip..])),
        Some((line, rest)) => got
            .split_first()
            .is_some_and(|(g, more)| g.trim_end() == line.trim_end() && matches(rest, more)),
    }
}

fn check(document: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{REPO}/{document}")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        Path::new(REPO).join("testdata").canonicalize().unwrap(),
        dir.path().join("testdata"),
    )
    .unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_yozuv")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    let mut last_status = 0;
    let mut in_block = false;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("```") {
            in_block = line == "```console";
            continue;
        }
        let Some(command) = line.strip_prefix("$ ").filter(|_| in_block) else {
            continue;
        };
        let mut expected = Vec::new();
        while let Some(next) = lines.peek() {
            if next.starts_with("$ ") || next.starts_with("```") {
                break;
            }
            expected.push(*next);
            lines.next();
        }
        let got = if command == "echo $?" {
            last_status.to_string()
        } else {
            // Standard error joins standard output as on a terminal.
            let out = Command::new("sh")
                .arg("-c")
                .arg(format!("exec 2>&1\n{command}"))
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .env_remove("LANG")
                .env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .output()
                .unwrap();
            last_status = out.status.code().unwrap_or(-1);
            let mut all = String::from_utf8_lossy(&out.stdout).into_owned();
            all.push_str(&String::from_utf8_lossy(&out.stderr));
            all
        };
        let got: Vec<&str> = got.trim_end_matches('\n').lines().collect();
        while expected.last().is_some_and(|l| l.is_empty()) {
            expected.pop();
        }
        if !expected.is_empty() && !matches(&expected, &got) {
            failures.push(format!(
                "{document}: `{command}`\n--- the document shows:\n{}\n--- the command printed:\n{}",
                expected.join("\n"),
                got.join("\n")
            ));
        }
    }
    failures
}

#[test]
fn guides_show_what_the_commands_print() {
    let mut failures = Vec::new();
    for document in [
        "docs/guide-uz.md",
        "docs/guide-ru.md",
        "crates/yozuv-cli/README.md",
    ] {
        failures.extend(check(document));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn wildcard_lines() {
    assert!(matches(&["a", "...", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "...", "d"], &["a", "d"]));
    assert!(!matches(&["a", "...", "d"], &["a", "b"]));
    assert!(!matches(&["a", "b"], &["a", "c"]));
}
