//! One self-contained HTML file (no network): summary by rule and severity, a filterable table
//! per record (severity, rule, free text), and each record's mnemonic text with the lines of
//! fields that have problems marked. At most `html_max_records` records with problems are kept.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use super::{place, write_err, ReportContext, Sink};
use crate::{Diagnostic, Error, Events, RecordOutcome, Severity, Summary};

struct Row {
    severity: Severity,
    rule: String,
    place: String,
    offset: u64,
    message: String,
    tag: Option<String>,
    occurrence: u32,
}

struct Kept {
    title: String,
    rows: Vec<Row>,
    text: Option<String>,
}

/// The HTML report.
pub struct HtmlSink {
    out: Box<dyn Write + Send>,
    context: ReportContext,
    kept: Vec<Kept>,
    batch: Vec<Row>,
    dropped: u64,
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A lossy, escaped view of bytes that could not be parsed.
fn raw_preview(bytes: &[u8]) -> String {
    let mut s = String::new();
    for &b in bytes.iter().take(4096) {
        match b {
            0x1D => s.push_str("{1D}\n"),
            0x1E => s.push_str("{1E}\n"),
            0x1F => s.push('$'),
            b if b.is_ascii_graphic() || b == b' ' => s.push(b as char),
            b => {
                let _ = write!(s, "{{{b:02X}}}");
            }
        }
    }
    s
}

impl HtmlSink {
    /// An HTML report to `out`.
    pub fn new(out: Box<dyn Write + Send>, context: ReportContext) -> Self {
        HtmlSink {
            out,
            context,
            kept: Vec::new(),
            batch: Vec::new(),
            dropped: 0,
        }
    }

    fn row(&self, d: &Diagnostic) -> Row {
        Row {
            severity: d.severity,
            rule: d.rule.to_string(),
            place: place(&d.location),
            offset: d.location.offset,
            message: self.context.messages.diagnostic(d),
            tag: d.location.tag.map(|t| t.to_string()),
            occurrence: d.location.occurrence.unwrap_or(1),
        }
    }
}

impl Events for HtmlSink {
    fn record(&mut self, outcome: &RecordOutcome, bytes: &[u8]) -> Result<(), Error> {
        if outcome.diagnostics.is_empty() {
            return Ok(());
        }
        if self.kept.len() >= self.context.html_max_records {
            self.dropped += 1;
            return Ok(());
        }
        let m = &self.context.messages;
        let mut title = format!(
            "{} — {} {} @{}",
            self.context.name(outcome.file),
            m.ui("ui-record"),
            outcome.number,
            outcome.offset
        );
        if let Some(id) = &outcome.id001 {
            let _ = write!(title, " — 001 {id}");
        }
        let rows = outcome.diagnostics.iter().map(|d| self.row(d)).collect();
        let text = Some(
            outcome
                .mnemonic
                .clone()
                .unwrap_or_else(|| raw_preview(bytes)),
        );
        self.kept.push(Kept { title, rows, text });
        Ok(())
    }

    fn batch(&mut self, diagnostics: &[Diagnostic]) -> Result<(), Error> {
        for d in diagnostics {
            let mut r = self.row(d);
            r.place = format!(
                "{} #{}",
                self.context.name(d.location.file),
                d.location.record
            );
            self.batch.push(r);
        }
        Ok(())
    }
}

const STYLE: &str = r#"
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.num{text-align:right}
.error .sev{color:#b00;font-weight:bold}.warning .sev{color:#a60}.info .sev{color:#067}
.rec{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;margin:1em 0}
.rec h3{font-size:1em;margin:.2em 0}
pre.mrk{background:#fafafa;border:1px solid #eee;padding:.5em;overflow-x:auto;font-size:12px}
pre.mrk .hit{display:block}pre.mrk .hit.error{background:#fde2e2}pre.mrk .hit.warning{background:#fff3cd}pre.mrk .hit.info{background:#e2f0fd}
pre.mrk .note{display:block;color:#555;font-style:italic;padding-left:2em}
#filters{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #ddd}
#filters label{margin-right:1em}.hidden{display:none}#shown{color:#555}
a.rule{cursor:pointer;color:#036;text-decoration:underline}
"#;

const SCRIPT: &str = r#"
function applyFilters(){
  var sev=document.getElementById('sev').value, rule=document.getElementById('rule').value,
      q=document.getElementById('q').value.toLowerCase(), shown=0;
  document.querySelectorAll('section.rec').forEach(function(sec){
    var any=false;
    sec.querySelectorAll('tr.d').forEach(function(tr){
      var ok=(sev==='all'||tr.dataset.sev===sev)&&(rule==='all'||tr.dataset.rule===rule)&&
             (q===''||sec.dataset.text.indexOf(q)>=0||tr.textContent.toLowerCase().indexOf(q)>=0);
      tr.classList.toggle('hidden',!ok); if(ok){any=true;}
    });
    sec.classList.toggle('hidden',!any); if(any){shown++;}
  });
  document.getElementById('shown').textContent=shown;
}
function pickRule(r){document.getElementById('rule').value=r;applyFilters();}
document.addEventListener('DOMContentLoaded',function(){
  ['sev','rule','q'].forEach(function(id){var e=document.getElementById(id);e.addEventListener('input',applyFilters);e.addEventListener('change',applyFilters);});
  applyFilters();
});
"#;

impl HtmlSink {
    fn section(&self, h: &mut String, title: &str, rows: &[Row], text: Option<&str>) {
        let sevs: Vec<&str> = rows.iter().map(|r| r.severity.as_str()).collect();
        let search = format!(
            "{} {}",
            title.to_lowercase(),
            rows.iter()
                .map(|r| r.message.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let _ = write!(
            h,
            "<section class=\"rec\" data-sev=\"{}\" data-text=\"{}\"><h3>{}</h3><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(&sevs.join(" ")),
            esc(&search),
            esc(title),
            esc(&self.context.messages.ui("ui-severity")),
            esc(&self.context.messages.ui("ui-where")),
            esc(&self.context.messages.ui("ui-message")),
            esc(&self.context.messages.ui("ui-rule")),
        );
        for r in rows {
            let _ = write!(
                h,
                "<tr class=\"d {sev}\" data-sev=\"{sev}\" data-rule=\"{rule}\"><td class=\"sev\">{sevl}</td><td>{place} @{off}</td><td>{msg}</td><td><code>{rule}</code></td></tr>",
                sev = r.severity.as_str(),
                sevl = esc(&self.context.messages.ui(&format!("ui-{}", r.severity.as_str()))),
                rule = esc(&r.rule),
                place = esc(&r.place),
                off = r.offset,
                msg = esc(&r.message),
            );
        }
        h.push_str("</table>");
        if let Some(text) = text {
            h.push_str("<pre class=\"mrk\">");
            let mut counts: BTreeMap<String, u32> = BTreeMap::new();
            for (i, line) in text.lines().enumerate() {
                let tag = if i == 0 {
                    None
                } else {
                    line.get(1..4).map(str::to_string)
                };
                let occ = tag.as_ref().map(|t| {
                    let c = counts.entry(t.clone()).or_insert(0);
                    *c += 1;
                    *c
                });
                let hits: Vec<&Row> = rows
                    .iter()
                    .filter(|r| match (&r.tag, &tag) {
                        (Some(rt), Some(t)) => rt == t && Some(r.occurrence) == occ,
                        (None, None) => i == 0,
                        _ => false,
                    })
                    .collect();
                match hits.iter().map(|r| r.severity).max() {
                    Some(worst) => {
                        let _ = write!(
                            h,
                            "<span class=\"hit {}\">{}</span>",
                            worst.as_str(),
                            esc(line)
                        );
                        for r in hits {
                            let _ = write!(
                                h,
                                "<span class=\"note\">↳ {} [{}]</span>",
                                esc(&r.message),
                                esc(&r.rule)
                            );
                        }
                    }
                    None => {
                        h.push_str(&esc(line));
                        h.push('\n');
                    }
                }
            }
            h.push_str("</pre>");
        }
        h.push_str("</section>\n");
    }
}

impl Sink for HtmlSink {
    fn finish(&mut self, s: &Summary) -> Result<(), Error> {
        let m = self.context.messages.clone();
        let mut h = String::with_capacity(64 * 1024);
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{STYLE}</style><script>{SCRIPT}</script></head><body>\n<h1>{title}</h1>",
            lang = m.language(),
            title = esc(&m.ui("ui-title")),
        );
        let _ = write!(
            h,
            "<p>{}: <b>{}</b> — {}: {}</p>",
            esc(&m.ui("ui-profile")),
            esc(&s.profile),
            esc(&m.ui("ui-files")),
            esc(&self.context.names.join(", "))
        );
        let _ = write!(
            h,
            "<h2>{}</h2><table id=\"summary\">",
            esc(&m.ui("ui-summary"))
        );
        for (label, n) in [
            ("ui-records", s.records),
            ("ui-clean", s.clean),
            ("ui-rejected", s.rejected),
            ("ui-errors", s.errors),
            ("ui-warnings", s.warnings),
            ("ui-infos", s.infos),
        ] {
            let _ = write!(
                h,
                "<tr><th>{}</th><td class=\"num\">{n}</td></tr>",
                esc(&m.ui(label))
            );
        }
        h.push_str("</table>");
        let _ = write!(
            h,
            "<h2>{}</h2><table id=\"by-rule\"><tr><th>{}</th><th></th><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(&m.ui("ui-by-rule")),
            esc(&m.ui("ui-rule")),
            esc(&m.ui("ui-errors")),
            esc(&m.ui("ui-warnings")),
            esc(&m.ui("ui-infos"))
        );
        for (rule, [e, w, i]) in &s.by_rule {
            let _ = write!(
                h,
                "<tr><td><a class=\"rule\" onclick=\"pickRule('{r}')\">{r}</a></td><td>{sum}</td><td class=\"num\">{e}</td><td class=\"num\">{w}</td><td class=\"num\">{i}</td></tr>",
                r = esc(rule),
                sum = esc(&m.summary(rule).unwrap_or_default()),
            );
        }
        h.push_str("</table>");
        let _ = write!(
            h,
            "<div id=\"filters\"><label>{sev} <select id=\"sev\"><option value=\"all\">{all}</option><option value=\"error\">{e}</option><option value=\"warning\">{w}</option><option value=\"info\">{i}</option></select></label><label>{rule} <select id=\"rule\"><option value=\"all\">{all}</option>",
            sev = esc(&m.ui("ui-severity")),
            all = esc(&m.ui("ui-all")),
            e = esc(&m.ui("ui-error")),
            w = esc(&m.ui("ui-warning")),
            i = esc(&m.ui("ui-info")),
            rule = esc(&m.ui("ui-rule")),
        );
        for rule in s.by_rule.keys() {
            let _ = write!(h, "<option value=\"{r}\">{r}</option>", r = esc(rule));
        }
        let _ = writeln!(
            h,
            "</select></label><label>{} <input id=\"q\" type=\"search\" size=\"30\"></label> <span id=\"shown\"></span> / {}</div>",
            esc(&m.ui("ui-filter")),
            self.kept.len() + usize::from(!self.batch.is_empty())
        );
        if self.kept.is_empty() && self.batch.is_empty() {
            let _ = write!(h, "<p>{}</p>", esc(&m.ui("ui-no-problems")));
        }
        if !self.batch.is_empty() {
            let rows = std::mem::take(&mut self.batch);
            self.section(&mut h, &m.ui("ui-batch"), &rows, None);
        }
        let kept = std::mem::take(&mut self.kept);
        for k in &kept {
            self.section(&mut h, &k.title, &k.rows, k.text.as_deref());
        }
        if self.dropped > 0 {
            let _ = write!(
                h,
                "<p><i>{} (+{})</i></p>",
                esc(&m.ui("ui-shown-first")),
                self.dropped
            );
        }
        h.push_str("</body></html>\n");
        self.out.write_all(h.as_bytes()).map_err(write_err)?;
        self.out.flush().map_err(write_err)
    }
}
