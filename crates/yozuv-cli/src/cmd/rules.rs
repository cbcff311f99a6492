//! `yozuv rules`: the validation rules, their ids, severities and help.

use std::sync::Arc;

use anyhow::bail;
use yozuv_batch::{Messages, Profile, Registry};

use crate::Outcome;

/// Arguments of `yozuv rules`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// List every rule: id, severity, whether it runs, summary.
    List {
        /// Show severities and on/off under this profile (bundled name or TOML file).
        #[arg(long, short = 'p')]
        profile: Option<String>,
        /// Message language: en, ru, uz-Latn, uz-Cyrl.
        #[arg(long)]
        lang: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Explain one rule: what it checks, where the check comes from, its severity per profile.
    Explain {
        /// The rule id (e.g. isbn.invalid).
        id: String,
        /// Message language: en, ru, uz-Latn, uz-Cyrl.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Print a bundled profile's TOML (a starting point for your own).
    Profile {
        /// marc21, unimarc, rusmarc, uz-unicat, uz-unicat-strict or ru-skbr.
        name: String,
    },
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let registry = Registry::builtin();
    match args.action {
        Action::List {
            profile,
            lang,
            json,
        } => {
            let lang = lang.unwrap_or_else(|| super::validate::env_language().to_string());
            let messages = Arc::new(Messages::new(&lang)?);
            let profile = profile.map(|p| Profile::load(&p, registry)).transpose()?;
            let mut rows = Vec::new();
            for r in registry.iter() {
                let (enabled, severity) = match &profile {
                    Some(p) => {
                        let s = p.setting(&r.id);
                        (
                            s.map_or(true, |s| s.enabled),
                            s.map_or(r.severity, |s| s.severity),
                        )
                    }
                    None => (r.enabled, r.severity),
                };
                rows.push((
                    r,
                    enabled,
                    severity,
                    messages.summary(&r.id).unwrap_or_default(),
                ));
            }
            if json {
                let v: Vec<_> = rows
                    .iter()
                    .map(|(r, e, s, sum)| {
                        serde_json::json!({"id": r.id, "severity": s.as_str(), "enabled": e,
                            "category": r.category, "summary": sum})
                    })
                    .collect();
                outln!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                for (r, e, s, sum) in rows {
                    let state = if e { s.as_str() } else { "off" };
                    outln!("{:<36} {:<8} {}", r.id, state, sum);
                }
            }
        }
        Action::Explain { id, lang } => {
            let Some(r) = registry.get(&id) else {
                bail!("unknown rule id {id:?} (see `yozuv rules list`)");
            };
            let lang = lang.unwrap_or_else(|| super::validate::env_language().to_string());
            let messages = Messages::new(&lang)?;
            outln!("{}", r.id);
            outln!("  {}", messages.summary(&r.id).unwrap_or_default());
            outln!();
            outln!("  {}", r.help);
            outln!();
            outln!("  category: {}", r.category);
            outln!("  source:   {}", r.source);
            outln!(
                "  default:  {}{}",
                r.severity,
                if r.enabled {
                    ""
                } else {
                    " (off unless a profile turns it on)"
                }
            );
            for (name, _) in yozuv_batch::profile::BUNDLED {
                let p = Profile::bundled(name, registry)?;
                let state = match p.setting(&r.id) {
                    Some(s) if !s.enabled => "off".to_string(),
                    Some(s) => s.severity.to_string(),
                    None => "-".to_string(),
                };
                outln!("  profile {name:<16} {state}");
            }
        }
        Action::Profile { name } => {
            let Some((_, text)) = yozuv_batch::profile::BUNDLED
                .iter()
                .find(|(n, _)| *n == name)
            else {
                let names: Vec<&str> = yozuv_batch::profile::BUNDLED
                    .iter()
                    .map(|(n, _)| *n)
                    .collect();
                bail!("unknown profile {name:?} (bundled: {})", names.join(", "));
            };
            print!("{text}");
        }
    }
    Ok(Outcome::Clean)
}
