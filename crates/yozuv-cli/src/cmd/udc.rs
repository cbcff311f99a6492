//! `yozuv udc`: check, explain, sort UDC notations and tag records by them.

use std::io::{self, BufRead, BufWriter, Write};

use serde_json::json;
use yozuv::iso2709::{ReadMode, Reader};
use yozuv_udc::explain::{explain, render, Lang};
use yozuv_udc::tag::{main_class_caption, tag};
use yozuv_udc::{check, Checked, Severity, Status};

use crate::{input, Outcome};

/// Arguments of `yozuv udc`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: UdcCommand,
}

#[derive(clap::Subcommand)]
enum UdcCommand {
    /// Check notations (arguments, or one per line on standard input); writes JSON Lines with
    /// input, valid, verdict, normalized, errors, warnings, main_classes.
    Check {
        /// Notations; none: read lines from standard input.
        #[arg(allow_hyphen_values = true)]
        notations: Vec<String>,
    },
    /// Explain a notation part by part, with captions.
    Explain {
        /// The notation (repaired first if needed).
        #[arg(allow_hyphen_values = true)]
        notation: String,
        /// Caption language: en, ru, uz-Latn, uz-Cyrl.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Write the parts as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Sort notations in UDC filing order (arguments, or one per line on standard input).
    Sort {
        /// Notations; none: read lines from standard input.
        #[arg(allow_hyphen_values = true)]
        notations: Vec<String>,
    },
    /// List the UDC notations of every record (MARC 21 080, UNIMARC 675) of an ISO 2709 file.
    Tag {
        /// ISO 2709 file (`-` for standard input).
        input: String,
        /// Output: text lines or JSON Lines (one object per record).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Caption language for main classes: en, ru, uz-Latn, uz-Cyrl.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn lines_or_args(args: Vec<String>) -> anyhow::Result<Vec<String>> {
    if !args.is_empty() {
        return Ok(args);
    }
    let mut out = Vec::new();
    for line in io::stdin().lock().lines() {
        let line = line?;
        let line = line.strip_suffix('\r').unwrap_or(&line).to_string();
        if !line.trim().is_empty() {
            out.push(line);
        }
    }
    Ok(out)
}

fn findings_json(c: &Checked, want: &dyn Fn(Severity) -> bool) -> serde_json::Value {
    c.findings
        .iter()
        .filter(|f| want(f.severity()))
        .map(|f| {
            json!({
                "offset": f.offset,
                "byte": f.span.start,
                "rule": f.rule.id(),
                "repaired": f.severity() == Severity::Repair,
                "message": f.message(),
            })
        })
        .collect()
}

/// The JSON object of one checked value.
pub fn check_json(c: &Checked) -> serde_json::Value {
    let classes: Vec<String> = c
        .main_classes_best_effort()
        .iter()
        .map(|c| c.to_string())
        .collect();
    json!({
        "input": c.input,
        "valid": c.status == Status::Valid,
        "verdict": c.status.as_str(),
        "normalized": c.normalized(),
        "errors": findings_json(c, &|s| s != Severity::Warning),
        "warnings": findings_json(c, &|s| s == Severity::Warning),
        "main_classes": classes,
        "split_off": c.split_off,
    })
}

/// Runs `yozuv udc`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.command {
        UdcCommand::Check { notations } => {
            let mut all_valid = true;
            for n in lines_or_args(notations)? {
                let c = check(&n);
                all_valid &= c.status == Status::Valid;
                writeln!(out, "{}", check_json(&c))?;
            }
            out.flush()?;
            Ok(if all_valid {
                Outcome::Clean
            } else {
                Outcome::Problems
            })
        }
        UdcCommand::Explain {
            notation,
            lang,
            json,
        } => {
            let lang: Lang = lang.parse()?;
            let c = check(&notation);
            if json {
                let trees = if c.notations.is_empty() {
                    &c.parsed
                } else {
                    &c.notations
                };
                let mut v = check_json(&c);
                v["parts"] = trees
                    .iter()
                    .map(|n| serde_json::to_value(explain(n, lang)))
                    .collect::<Result<Vec<_>, _>>()?
                    .into();
                writeln!(out, "{v}")?;
                out.flush()?;
                return Ok(if c.status == Status::Valid {
                    Outcome::Clean
                } else {
                    Outcome::Problems
                });
            }
            writeln!(out, "{}  [{}]", notation, c.status.as_str())?;
            for f in &c.findings {
                writeln!(out, "  ! {} {}: {}", f.offset, f.rule.id(), f.message())?;
            }
            let trees = if c.notations.is_empty() {
                &c.parsed
            } else {
                &c.notations
            };
            for n in trees {
                if trees.len() > 1 || n.text() != notation {
                    writeln!(out, "{n}")?;
                }
                write!(out, "{}", render(&explain(n, lang), lang))?;
            }
            out.flush()?;
            Ok(if c.status == Status::Valid {
                Outcome::Clean
            } else {
                Outcome::Problems
            })
        }
        UdcCommand::Sort { notations } => {
            let mut keyed: Vec<(Vec<yozuv_udc::FilingElement>, String, String)> = Vec::new();
            let mut unparsed = Vec::new();
            for n in lines_or_args(notations)? {
                let c = check(&n);
                match c.notations.first() {
                    Some(tree) if c.notations.len() == 1 => {
                        keyed.push((tree.filing_key(), tree.to_string(), n))
                    }
                    _ => unparsed.push(n),
                }
            }
            keyed.sort();
            for (_, _, n) in &keyed {
                writeln!(out, "{n}")?;
            }
            // Values that are not one notation file after all others, in input order.
            for n in &unparsed {
                writeln!(out, "{n}")?;
            }
            out.flush()?;
            Ok(if unparsed.is_empty() {
                Outcome::Clean
            } else {
                Outcome::Problems
            })
        }
        UdcCommand::Tag {
            input: path,
            format,
            lang,
        } => {
            let lang: Lang = lang.parse()?;
            let mut problems = false;
            let mut reader = Reader::new(input::open(&path)?, ReadMode::Permissive);
            let mut number = 0u64;
            while let Some(item) = reader.next_raw() {
                number += 1;
                let record = match item.and_then(|raw| raw.to_record()) {
                    Ok(r) => r,
                    Err(e) if e.is_record_error() => {
                        problems = true;
                        eprintln!("yozuv udc tag: record {number}: {e}");
                        continue;
                    }
                    Err(e) => return Err(e.into()),
                };
                let tags = tag(&record);
                if !tags.all_valid() {
                    problems = true;
                }
                let id = record.id().unwrap_or("").to_string();
                let classes = tags.main_classes();
                match format {
                    Format::Json => {
                        let notations: Vec<serde_json::Value> = tags
                            .notations
                            .iter()
                            .map(|t| {
                                let mut v = check_json(&t.checked);
                                v["tag"] = json!(t.tag);
                                v["edition"] = json!(t.edition);
                                v["main_classes"] = json!(t
                                    .main_classes()
                                    .iter()
                                    .map(|c| c.to_string())
                                    .collect::<Vec<_>>());
                                v["qualifiers"] = json!(t
                                    .qualifiers()
                                    .iter()
                                    .map(|(k, s)| json!({"kind": k.id(), "text": s}))
                                    .collect::<Vec<_>>());
                                v
                            })
                            .collect();
                        let captions: serde_json::Map<String, serde_json::Value> = classes
                            .iter()
                            .map(|c| (c.to_string(), json!(main_class_caption(*c, lang))))
                            .collect();
                        writeln!(
                            out,
                            "{}",
                            json!({
                                "record": number,
                                "id": id,
                                "notations": notations,
                                "main_classes": classes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                                "captions": captions,
                            })
                        )?;
                    }
                    Format::Text => {
                        if tags.notations.is_empty() {
                            continue;
                        }
                        writeln!(out, "record {number} {id}")?;
                        for t in &tags.notations {
                            let norm = t.checked.normalized().unwrap_or_default();
                            writeln!(
                                out,
                                "  {} {:<30} {:<8} {}",
                                t.tag,
                                t.value,
                                t.checked.status.as_str(),
                                norm
                            )?;
                        }
                        for c in &classes {
                            writeln!(
                                out,
                                "  class {c}: {}",
                                main_class_caption(*c, lang).unwrap_or("")
                            )?;
                        }
                    }
                }
            }
            out.flush()?;
            Ok(if problems {
                Outcome::Problems
            } else {
                Outcome::Clean
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_json_has_the_documented_keys() {
        let v = check_json(&check("2 (075)"));
        assert_eq!(v["input"], "2 (075)");
        assert_eq!(v["valid"], false);
        assert_eq!(v["verdict"], "fixable");
        assert_eq!(v["normalized"], "2(075)");
        assert_eq!(v["errors"][0]["offset"], 1);
        assert!(v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("space"));
        assert_eq!(v["main_classes"], serde_json::json!(["2"]));
        let v = check_json(&check("62.139"));
        assert_eq!(v["normalized"], serde_json::Value::Null);
        assert_eq!(v["errors"][0]["offset"], 2);
        assert_eq!(v["errors"][0]["rule"], "point-rule");
        let v = check_json(&check("629.734/735"));
        assert_eq!(v["valid"], true);
        assert_eq!(v["warnings"][0]["rule"], "unabbreviated-range");
    }
}
