//! SARIF 2.1.0: one run, the rules with their help text, results with byte-offset regions in
//! the input file and a logical location (record, tag, occurrence, subfield). Streamed: the
//! tool and artifacts are written first, results as they come.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{json, Value};

use super::{place, write_err, ReportContext, Sink};
use crate::{Diagnostic, Error, Events, RecordOutcome, Severity, Summary};

/// The SARIF report.
pub struct SarifSink {
    out: Box<dyn Write + Send>,
    context: ReportContext,
    rule_index: HashMap<String, usize>,
    first: bool,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

impl SarifSink {
    /// A SARIF report to `out`.
    pub fn new(mut out: Box<dyn Write + Send>, context: ReportContext) -> Result<Self, Error> {
        let m = &context.messages;
        let mut rule_index = HashMap::new();
        let rules: Vec<Value> = context
            .registry
            .iter()
            .enumerate()
            .map(|(i, r)| {
                rule_index.insert(r.id.clone(), i);
                let summary = m.summary(&r.id).unwrap_or_else(|| r.id.clone());
                json!({
                    "id": r.id,
                    "shortDescription": { "text": summary },
                    "fullDescription": { "text": r.help },
                    "help": { "text": format!("{}\nSource: {}", r.help, r.source) },
                    "defaultConfiguration": { "level": level(r.severity), "enabled": r.enabled },
                    "properties": { "category": r.category },
                })
            })
            .collect();
        let artifacts: Vec<Value> = context
            .names
            .iter()
            .map(|n| json!({ "location": { "uri": uri(n) }, "mimeType": "application/marc" }))
            .collect();
        let head = json!({
            "tool": { "driver": {
                "name": "yozuv",
                "informationUri": "https://example.invalid/yozuv",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "artifacts": artifacts,
            "columnKind": "unicodeCodePoints",
            "properties": { "profile": context.profile, "language": m.language() },
        });
        // Write the run object without its closing brace, then stream the results into it.
        let text = serde_json::to_string(&head).map_err(|e| write_err(e.into()))?;
        let open = text.strip_suffix('}').unwrap_or(&text);
        write!(
            out,
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{open},\"results\":["
        )
        .map_err(write_err)?;
        Ok(SarifSink {
            out,
            context,
            rule_index,
            first: true,
        })
    }

    fn write(&mut self, d: &Diagnostic) -> Result<(), Error> {
        let l = &d.location;
        let mut logical = format!("record {}", l.record);
        let p = place(l);
        if !p.is_empty() {
            logical.push('/');
            logical.push_str(&p);
        }
        let mut result = json!({
            "ruleId": &*d.rule,
            "level": level(d.severity),
            "message": { "text": self.context.messages.diagnostic(d) },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(self.context.name(l.file)), "index": l.file },
                    "region": { "byteOffset": l.offset },
                },
                "logicalLocations": [{ "name": logical, "kind": "element" }],
            }],
            "properties": {
                "record": l.record,
                "id001": l.id001.as_deref(),
                "tag": l.tag.map(|t| t.to_string()),
                "occurrence": l.occurrence,
                "subfield": l.subfield.map(|c| (c as char).to_string()),
            },
        });
        if let Some(&i) = self.rule_index.get(&*d.rule) {
            result["ruleIndex"] = json!(i);
        }
        if !d.related.is_empty() {
            result["relatedLocations"] = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    json!({
                        "id": i,
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(self.context.name(r.file)), "index": r.file },
                            "region": { "byteOffset": r.offset },
                        },
                        "message": { "text": format!("record {}", r.record) },
                    })
                })
                .collect();
        }
        if !self.first {
            self.out.write_all(b",").map_err(write_err)?;
        }
        self.first = false;
        self.out.write_all(b"\n").map_err(write_err)?;
        serde_json::to_writer(&mut self.out, &result).map_err(|e| write_err(e.into()))
    }
}

/// A relative URI reference for a file name (spaces and `%`, `#`, `?` escaped).
fn uri(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            ' ' => s.push_str("%20"),
            '%' => s.push_str("%25"),
            '#' => s.push_str("%23"),
            '?' => s.push_str("%3F"),
            '\\' => s.push('/'),
            c => s.push(c),
        }
    }
    s
}

impl Events for SarifSink {
    fn record(&mut self, outcome: &RecordOutcome, _bytes: &[u8]) -> Result<(), Error> {
        outcome.diagnostics.iter().try_for_each(|d| self.write(d))
    }
    fn batch(&mut self, diagnostics: &[Diagnostic]) -> Result<(), Error> {
        diagnostics.iter().try_for_each(|d| self.write(d))
    }
}

impl Sink for SarifSink {
    fn finish(&mut self, _summary: &Summary) -> Result<(), Error> {
        self.out.write_all(b"\n]}]}\n").map_err(write_err)?;
        self.out.flush().map_err(write_err)
    }
}
