//! Reports: SARIF validates against the official SARIF 2.1.0 schema; JUnit parses as XML with
//! the expected suites, cases and failures; JSON parses; the HTML opens in headless Chromium
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
    let (mut suites, mut cases, mut failures, mut depth_ok) = (0, 0, 0, true);
    let mut stack: Vec<String> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                match name.as_str() {
                    "testsuite" => suites += 1,
                    "testcase" => cases += 1,
                    "failure" => {
                        failures += 1;
                        depth_ok &= stack.last().map(String::as_str) == Some("testcase");
                    }
                    _ => {}
                }
                stack.push(name);
            }
            Event::Empty(e) => match e.name().as_ref() {
                b"testcase" => cases += 1,
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
    assert!(failures as u64 >= summary.rejected);
    assert!(xml.contains("testsuite name=\"bad records.mrc\""));
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
