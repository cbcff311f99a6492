//! The seams other modules plug into: a definition-driven rule through `FnRule` (the shape of
//! `yozuv::format::check_record`), a replacement UDC checker, and a registry extended with the
//! plug-in's rule so that profiles can set its severity.

mod common;

use std::sync::Arc;

use common::*;
use yozuv::Tag;
use yozuv_batch::rules::{Finding, FnRule, RecordView, UdcChecker};
use yozuv_batch::{
    CollectEvents, Input, Profile, Registry, RuleInfo, RunOptions, Severity, Validator,
};

struct RejectAll;
impl UdcChecker for RejectAll {
    fn check(&self, _n: &str) -> Result<(), String> {
        Err("plugged".into())
    }
}

#[test]
fn fn_rule_and_udc_seam() {
    let mut registry = Registry::builtin().clone();
    registry.extend([RuleInfo {
        id: "format.example-650".into(),
        severity: Severity::Info,
        enabled: true,
        category: "format".into(),
        source: "test".into(),
        help: "test".into(),
    }]);
    let text = "name = \"t\"\nflavour = \"marc21\"\n[rules.\"format.example-650\"]\nseverity = \"error\"\n";
    let profile = Profile::from_toml("t", text, &registry).unwrap();
    let rule = FnRule::new(
        vec!["format.example-650"],
        Arc::new(|view: &RecordView<'_>| {
            view.record
                .fields_by_tag("650")
                .enumerate()
                .map(|(i, _)| Finding {
                    id: "format.example-650".into(),
                    tag: Some(Tag::from_str_lossy("650")),
                    occurrence: Some(i as u32 + 1),
                    subfield: Some(b'a'),
                    args: vec![],
                })
                .collect()
        }),
    );
    let validator = Validator::new(profile)
        .with_rule(Arc::new(rule))
        .with_udc(Arc::new(RejectAll));
    let data = testdata("marc4j-summerland.mrc");
    let mut ev = CollectEvents::default();
    let input = Input {
        name: "s".into(),
        reader: Box::new(std::io::Cursor::new(data.clone())),
    };
    validator
        .run(vec![input], RunOptions::default(), &mut ev)
        .unwrap();
    let found: Vec<_> = ev.records[0]
        .diagnostics
        .iter()
        .filter(|d| &*d.rule == "format.example-650")
        .collect();
    // Summerland has 650 fields; each finding lands on its field's $a delimiter.
    assert!(!found.is_empty());
    for (i, d) in found.iter().enumerate() {
        assert_eq!(
            d.severity,
            Severity::Error,
            "the profile's severity applies"
        );
        assert_eq!(d.location.occurrence, Some(i as u32 + 1));
        assert_eq!(d.location.subfield, Some(b'a'));
        assert_eq!(
            data[d.location.offset as usize], 0x1F,
            "offset of the subfield delimiter"
        );
        assert_eq!(data[d.location.offset as usize + 1], b'a');
    }
    // Summerland has no 080, so the plugged UDC checker has nothing to say.
    assert!(!ev.records[0]
        .diagnostics
        .iter()
        .any(|d| &*d.rule == "udc.syntax"));
}
