//! Reports: SARIF validates against the official SARIF 2.1.0 schema; JUnit parses as XML with
//! the expected suites, cases and failures, validates against Jenkins' JUnit schema and reads in
//! Python's junitparser; JSON parses; the HTML opens in headless Chromium
//! and its filters work (skipped cleanly when Chromium is not installed).

mod common;

use common::*;
use yozuv_batch::report::Format;

const SARIF_SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/formats/sarif/sarif-2.1.0-rtm.5.json"
);

fn sample() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("bad records.mrc", testdata("pymarc-bad_records.mrc")),
        ("filler.usmarc", testdata("marc-record-filler.usmarc")),
        ("ur.iso", testdata("ur_utf8_data_declares_cp1251.iso")),
    ]
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SARIF_SCHEMA).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for lang in ["en", "uz-Cyrl"] {
        let (summary, out, _, _) = report("uz-unicat", lang, Format::Sarif, &sample(), 2);
        let v: serde_json::Value = serde_json::from_str(&out.text()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(
            results.len() as u64,
            summary.errors + summary.warnings + summary.infos
        );
        assert!(
            v["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .len()
                >= 50
        );
        // A byte offset region points at the damage (record 2's base address, leader/12).
        let r = results
            .iter()
            .find(|r| r["ruleId"] == "iso2709.base-address-invalid")
            .unwrap();
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["byteOffset"],
            127 + 12
        );
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "bad%20records.mrc"
        );
    }
    // The schema does reject a broken document (the check can fail).
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(!validator.is_valid(&broken));
}

#[test]
fn junit_parses_with_suites_cases_and_failures() {
    use quick_xml::events::Event;
    let (summary, out, _, _) = report("marc21", "en", Format::Junit, &sample(), 2);
    let xml = out.text();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut suites, mut cases, mut failures, mut depth_ok) = (0, 0, 0u64, true);
    let mut stack: Vec<String> = Vec::new();
    // Per suite: (tests attribute, failures attribute, testcases seen, failures seen).
    let mut counts: Vec<(u64, u64, u64, u64)> = Vec::new();
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> u64 {
        e.try_get_attribute(name)
            .unwrap()
            .unwrap()
            .unescape_value()
            .unwrap()
            .parse()
            .unwrap()
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                match name.as_str() {
                    "testsuite" => {
                        suites += 1;
                        counts.push((attr(&e, "tests"), attr(&e, "failures"), 0, 0));
                    }
                    "testcase" => {
                        cases += 1;
                        counts.last_mut().unwrap().2 += 1;
                    }
                    "failure" => {
                        failures += 1;
                        counts.last_mut().unwrap().3 += 1;
                        depth_ok &= stack.last().map(String::as_str) == Some("testcase");
                    }
                    _ => {}
                }
                stack.push(name);
            }
            Event::Empty(e) => match e.name().as_ref() {
                b"testcase" => {
                    cases += 1;
                    counts.last_mut().unwrap().2 += 1;
                }
                b"failure" => failures += 1,
                _ => {}
            },
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty());
    assert!(depth_ok);
    assert_eq!(suites, 3, "one testsuite per input file");
    // One testcase per record, plus one per whole-batch finding (junk, duplicate clusters).
    let batch_cases = summary
        .by_rule
        .iter()
        .filter(|(r, _)| {
            r.starts_with("duplicate.") || r.as_str() == "iso2709.junk-after-last-record"
        })
        .map(|(_, c)| c.iter().sum::<u64>())
        .sum::<u64>();
    assert_eq!(cases as u64, summary.records + batch_cases);
    // One failure per error diagnostic, and the counts in the attributes are those seen.
    assert_eq!(failures, summary.errors);
    assert!(
        failures > summary.rejected,
        "some records have several errors"
    );
    for (tests, fails, seen_cases, seen_failures) in counts {
        assert_eq!((tests, fails), (seen_cases, seen_failures));
    }
    assert!(xml.contains("testsuite name=\"bad records.mrc\""));
}

/// Runs `program` with `args`; `None` when it cannot be started.
fn run(program: &str, args: &[&str]) -> Option<std::process::Output> {
    std::process::Command::new(program).args(args).output().ok()
}

const JUNIT_SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/junit/junit-10.xsd"
);

/// The JUnit report is valid against the schema of Jenkins' xUnit plugin (junit-10.xsd, see
/// testdata/junit/PROVENANCE.md), checked with libxml2's xmllint when it is installed.
#[test]
fn junit_is_valid_against_the_jenkins_schema() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = sample();
    // Control characters and markup in the data must not break the XML.
    files.push((
        "odd <&\">.mrc",
        testdata("mrrc-e202_non_printable_subfield_code.bin"),
    ));
    let (_, out, _, _) = report("uz-unicat", "ru", Format::Junit, &files, 2);
    let report_path = dir.path().join("junit.xml");
    std::fs::write(&report_path, out.bytes()).unwrap();
    let Some(version) = run("xmllint", &["--version"]) else {
        eprintln!("xmllint not installed (Debian libxml2-utils): skipping the JUnit schema check");
        return;
    };
    assert!(version.status.success());
    let check = |path: &std::path::Path| {
        run(
            "xmllint",
            &["--noout", "--schema", JUNIT_SCHEMA, path.to_str().unwrap()],
        )
        .unwrap()
    };
    let result = check(&report_path);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    // The check can fail: a testcase without its required name is refused.
    let broken = dir.path().join("broken.xml");
    std::fs::write(
        &broken,
        "<testsuites><testsuite name=\"x\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase/></testsuite></testsuites>",
    )
    .unwrap();
    assert!(!check(&broken).status.success());
}

/// Python's junitparser (a real JUnit consumer) reads the report: per suite the counts it
/// recounts equal the attributes, and a record with four errors yields four results.
/// Skipped with a note when no python3 with junitparser is found (`scripts/test` installs
/// Debian's python3-junitparser when run as root).
#[test]
fn junitparser_reads_one_result_per_error() {
    const SCRIPT: &str = r#"
import json, sys
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromfile(sys.argv[1])
out = []
for suite in xml:
    attrs = (suite.tests, suite.failures, suite.errors, suite.skipped)
    suite.update_statistics()
    recount = (suite.tests, suite.failures, suite.errors, suite.skipped)
    cases = {}
    for case in suite:
        cases[case.name] = [[type(r).__name__, r.type, r.message, r.text] for r in case.result]
    out.append({"name": suite.name, "attrs": attrs, "recount": recount, "cases": cases})
print(json.dumps(out))
"#;
    let Some(python) = ["python3", "/usr/bin/python3"]
        .into_iter()
        .find(|p| run(p, &["-c", "import junitparser"]).is_some_and(|o| o.status.success()))
    else {
        eprintln!("no python3 with junitparser: skipping the junitparser check");
        return;
    };
    let (summary, out, _, _) = report("marc21", "en", Format::Junit, &sample(), 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junit.xml");
    std::fs::write(&path, out.bytes()).unwrap();
    let result = run(python, &["-c", SCRIPT, path.to_str().unwrap()]).unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let suites: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    let suites = suites.as_array().unwrap();
    assert_eq!(suites.len(), 3);
    let mut failures = 0;
    for s in suites {
        assert_eq!(s["attrs"], s["recount"], "{}", s["name"]);
        failures += s["recount"][1].as_u64().unwrap();
    }
    assert_eq!(failures, summary.errors);
    // pymarc's bad_records.mrc, record 1: leader "00127     2200037   4500" has blanks at
    // 05, 06 and 07 (none allowed in MARC 21), and the record holds only a 245 (no 008):
    // four errors, four results, in that order, each with its position.
    let bad = &suites[0];
    assert_eq!(bad["name"], "bad records.mrc");
    let results = bad["cases"]["record 1"].as_array().unwrap();
    let types: Vec<&str> = results.iter().map(|r| r[1].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "leader.invalid-code",
            "leader.invalid-code",
            "leader.invalid-code",
            "mandatory.missing"
        ]
    );
    assert!(results.iter().all(|r| r[0] == "Failure"));
    assert!(results[0][2].as_str().unwrap().contains("Leader/05"));
    assert!(results[2][2].as_str().unwrap().contains("Leader/07"));
    assert!(results[3][2].as_str().unwrap().contains("008"));
    assert_eq!(results[3][3], "record=1 offset=0 tag=008");
    // A record without errors is a passing testcase.
    let filler = &suites[1]["cases"];
    assert!(filler
        .as_object()
        .unwrap()
        .values()
        .any(|r| r.as_array().unwrap().is_empty()));
}

#[test]
fn json_has_summary_and_diagnostics() {
    let (summary, out, _, _) = report("uz-unicat", "ru", Format::Json, &sample(), 1);
    let v: serde_json::Value = serde_json::from_str(&out.text()).unwrap();
    assert_eq!(v["summary"]["records"], summary.records);
    let d = v["diagnostics"].as_array().unwrap();
    assert_eq!(
        d.len() as u64,
        summary.errors + summary.warnings + summary.infos
    );
    for key in [
        "record",
        "offset",
        "id001",
        "tag",
        "occurrence",
        "subfield",
        "rule",
        "severity",
        "message",
    ] {
        assert!(d[0].get(key).is_some(), "{key}");
    }
    // Russian messages.
    assert!(d
        .iter()
        .any(|x| x["message"].as_str().unwrap().contains("Базовый адрес")));
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn html_opens_and_filters_work_in_headless_chromium() {
    let (summary, out, _, _) = report("uz-unicat", "en", Format::Html, &sample(), 2);
    let html = out.text();
    // Self-contained: no external scripts, styles, images or fonts (record data may hold URLs).
    for external in ["<script src", "<link", "<img", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
    assert!(html.contains("<pre class=\"mrk\">"));
    assert!(html.contains("=LDR  "), "records shown as mnemonic text");
    let Some(chrome) = chromium() else {
        eprintln!("chromium not installed: skipping the browser part of the HTML test");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // A probe page: the report plus a script that exercises the filters and writes the counts
    // into the title, which --dump-dom then shows.
    let probe = html.replace(
        "</body></html>",
        r#"<script>
window.addEventListener('load', function(){
  var total = document.querySelectorAll('section.rec').length;
  var sev = document.getElementById('sev'); sev.value = 'error'; sev.dispatchEvent(new Event('change'));
  var errors = document.querySelectorAll('section.rec:not(.hidden)').length;
  sev.value = 'all'; sev.dispatchEvent(new Event('change'));
  var rule = document.getElementById('rule'); rule.value = 'iso2709.no-fields'; rule.dispatchEvent(new Event('change'));
  var nofields = document.querySelectorAll('section.rec:not(.hidden)').length;
  rule.value = 'all'; rule.dispatchEvent(new Event('change'));
  var q = document.getElementById('q'); q.value = 'fol05754809'; q.dispatchEvent(new Event('input'));
  var search = document.querySelectorAll('section.rec:not(.hidden)').length;
  document.body.setAttribute('data-probe', [total, errors, nofields, search].join(','));
});
</script></body></html>"#,
    );
    let page = dir.path().join("report.html");
    std::fs::write(&page, probe).unwrap();
    let profile = dir.path().join("profile");
    let output = std::process::Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.display()),
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let probe = dom
        .split("data-probe=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| {
            panic!(
                "no probe in DOM; stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let n: Vec<usize> = probe.split(',').map(|x| x.parse().unwrap()).collect();
    // Sections: the whole-batch one plus one per record with diagnostics.
    assert!(n[0] >= 8, "{probe}");
    // Error filter: exactly the records with an error (all 8 bad records + ur.iso + batch has
    // no error) — at least the rejected records are shown, fewer than everything.
    assert!(n[1] as u64 >= summary.rejected && n[1] <= n[0], "{probe}");
    assert_eq!(
        n[2], 1,
        "one record has no fields (pymarc record 7): {probe}"
    );
    assert_eq!(n[3], 1, "search by 001 finds one record: {probe}");
}
