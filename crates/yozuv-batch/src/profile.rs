//! Profiles: which rules run, their severities (with per-tag overrides), the mandatory and
//! recommended fields per flavour, holdings tags and thresholds. TOML files; the bundled ones
//! (`marc21`, `unimarc`, `rusmarc`, `uz-unicat`) are compiled in.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use yozuv::format::{marcedit, Definitions, Flavour as Format};
use yozuv::Tag;

use crate::{Error, Flavour, Registry, Severity};

/// The bundled profiles: name and TOML text.
pub const BUNDLED: &[(&str, &str)] = &[
    ("marc21", include_str!("../profiles/marc21.toml")),
    ("unimarc", include_str!("../profiles/unimarc.toml")),
    ("rusmarc", include_str!("../profiles/rusmarc.toml")),
    ("uz-unicat", include_str!("../profiles/uz-unicat.toml")),
    (
        "uz-unicat-strict",
        include_str!("../profiles/uz-unicat-strict.toml"),
    ),
    ("ru-skbr", include_str!("../profiles/ru-skbr.toml")),
];

/// Which flavour a profile checks records as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlavourChoice {
    /// Every record is MARC 21.
    Marc21,
    /// Every record is UNIMARC (RUSMARC included).
    Unimarc,
    /// Detected per record.
    Auto,
}

/// One mandatory (or recommended) element: any of `alternatives` satisfies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// As written in the profile, e.g. `260$a|264$a`.
    pub text: String,
    /// Field tag and optional subfield code; one present (and non-empty) is enough.
    pub alternatives: Vec<(Tag, Option<u8>)>,
    /// Only for records whose leader/06 is one of these bytes.
    pub when_type: Option<Vec<u8>>,
    /// Only for records whose leader/07 is one of these bytes.
    pub when_level: Option<Vec<u8>>,
}

impl Requirement {
    /// Whether the requirement applies to a record with this leader.
    pub fn applies(&self, leader: &yozuv::Leader) -> bool {
        self.when_type
            .as_ref()
            .map_or(true, |t| t.contains(&leader.record_type()))
            && self
                .when_level
                .as_ref()
                .map_or(true, |l| l.contains(&leader.bibliographic_level()))
    }
}

/// Numbers that tune rules and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// The HTML report shows at most this many records with problems.
    pub html_max_records: usize,
    /// A title shorter than this (after folding) gives no duplicate match key.
    pub min_title_key_chars: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            html_max_records: 2000,
            min_title_key_chars: 3,
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RequirementSpec {
    Plain(String),
    Conditional {
        field: String,
        when_type: Option<String>,
        when_level: Option<String>,
    },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PerFlavour {
    #[serde(default)]
    marc21: Vec<RequirementSpec>,
    #[serde(default)]
    unimarc: Vec<RequirementSpec>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    enabled: Option<bool>,
    severity: Option<Severity>,
    #[serde(default)]
    tags: HashMap<String, Severity>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct HoldingsSpec {
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    /// The profile this one starts from (merged in by [`merged_table`]; read again only to
    /// be accepted by `deny_unknown_fields`).
    #[allow(dead_code)]
    extends: Option<String>,
    name: String,
    #[serde(default)]
    description: String,
    flavour: FlavourChoice,
    #[serde(default)]
    mandatory: PerFlavour,
    #[serde(default)]
    recommended: PerFlavour,
    #[serde(default)]
    holdings: HoldingsSpec,
    #[serde(default)]
    thresholds: Thresholds,
    #[serde(default)]
    rules: HashMap<String, RuleSpec>,
    /// Which format definitions: `marc21`, `unimarc` or `rusmarc` (default: detected per record).
    format: Option<String>,
    /// A MarcEdit rules file (`marcrules.txt` / `unimarcrules.txt`) whose definitions replace
    /// the built-in ones (path relative to the profile file).
    marcedit_rules: Option<String>,
    /// Local fields in MarcEdit rules form added to the definitions (path relative to the
    /// profile file).
    local_fields: Option<String>,
    /// Whether local fields (9XX, X9X) pass the format checks unchecked (default true).
    #[serde(default = "default_true")]
    local_tags: bool,
    /// The participant sigla registry for `holdings.sigla` (path relative to the profile
    /// file; default: the bundled, partial `data/sigla.tsv`).
    sigla_registry: Option<String>,
    /// Control numbers of the main base for `link.target-missing` (one file or a list; paths
    /// relative to the profile file).
    #[serde(default)]
    known_ids: OneOrMany,
    /// Exports of the main base (records) for the `duplicate.main-base-*` rules (one file or
    /// a list; paths relative to the profile file).
    #[serde(default)]
    main_base: OneOrMany,
}

/// A profile value that is one string or a list of them.
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn items(&self) -> &[String] {
        match self {
            OneOrMany::None => &[],
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

fn default_true() -> bool {
    true
}

/// How one rule runs under a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSetting {
    /// Whether it runs.
    pub enabled: bool,
    /// Its severity.
    pub severity: Severity,
    /// Severity overrides for diagnostics on particular tags.
    pub tags: Vec<(Tag, Severity)>,
}

/// A loaded profile.
///
/// ```
/// use yozuv_batch::{Profile, Registry, Severity};
/// let p = Profile::bundled("uz-unicat", Registry::builtin()).unwrap();
/// assert!(p.is_enabled("holdings.missing"));
/// assert_eq!(p.severity("duplicate.id001", None), Some(Severity::Error));
/// ```
#[derive(Debug, Clone)]
pub struct Profile {
    /// The profile's name.
    pub name: String,
    /// One line about it.
    pub description: String,
    /// How records' flavour is chosen.
    pub flavour: FlavourChoice,
    /// Mandatory elements per flavour (rule `mandatory.missing`).
    pub mandatory: HashMap<Flavour, Vec<Requirement>>,
    /// Recommended elements per flavour (rule `recommended.missing`).
    pub recommended: HashMap<Flavour, Vec<Requirement>>,
    /// Tags that count as holdings (rule `holdings.missing`).
    pub holdings_tags: Vec<Tag>,
    /// Thresholds.
    pub thresholds: Thresholds,
    /// The format whose definitions the `format.*` checks use (`None`: the detected one).
    pub format: Option<Format>,
    /// Definitions replacing the built-in ones for a format (a MarcEdit rules file, local fields).
    definitions: Vec<(Format, Arc<Definitions>)>,
    /// Options of the format checks (local tags allowed or not).
    pub format_options: yozuv::format::check::CheckOptions,
    /// The participant sigla registry of `holdings.sigla` (`None`: the bundled one).
    pub sigla: Option<Arc<crate::rules::SiglaRegistry>>,
    /// Files of the main base's control numbers (or its records) for `link.target-missing`:
    /// links to them are not missing (see [`crate::links`]). Read after the batch.
    pub known_ids: Vec<PathBuf>,
    /// Exports of the main base (records in any format yozuv reads) for the
    /// `duplicate.main-base-*` rules: batch records sharing a 001, an ISBN or a match key with
    /// one of its records are reported (see [`crate::duplicates`]). Read after the batch.
    pub main_base: Vec<PathBuf>,
    /// Looked up for every diagnostic and every rule of every record: Fx-hashed (rule ids
    /// come from the registry and profiles, not from untrusted input).
    /// Keyed by shared ids: a diagnostic's `rule` is a clone of the key.
    settings: HashMap<Arc<str>, RuleSetting, rustc_hash::FxBuildHasher>,
}

fn parse_element(name: &str, text: &str) -> Result<(Tag, Option<u8>), Error> {
    let bad = || Error::Profile {
        name: name.to_string(),
        detail: format!("{text:?} is not a field like 245 or 245$a"),
    };
    let (tag, code) = match text.split_once('$') {
        Some((t, c)) => {
            let c = c.as_bytes();
            if c.len() != 1 {
                return Err(bad());
            }
            (t, Some(c[0]))
        }
        None => (text, None),
    };
    let tag = Tag::from_bytes(tag.trim().as_bytes()).ok_or_else(bad)?;
    Ok((tag, code))
}

fn requirements(name: &str, specs: Vec<RequirementSpec>) -> Result<Vec<Requirement>, Error> {
    specs
        .into_iter()
        .map(|spec| {
            let (text, when_type, when_level) = match spec {
                RequirementSpec::Plain(t) => (t, None, None),
                RequirementSpec::Conditional {
                    field,
                    when_type,
                    when_level,
                } => (field, when_type, when_level),
            };
            let alternatives = text
                .split('|')
                .map(|alt| parse_element(name, alt.trim()))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Requirement {
                text,
                alternatives,
                when_type: when_type.map(String::into_bytes),
                when_level: when_level.map(String::into_bytes),
            })
        })
        .collect()
}

/// How many `extends` a profile may chain (a cycle ends here with an error).
const MAX_EXTENDS: usize = 8;

/// The profile's TOML with its `extends` chain merged in: the parent (a bundled profile, or a
/// file path relative to `dir` when the child is a file) first, the child's keys over it —
/// tables merged key by key (so `[rules."x"] severity = "error"` changes one setting), any
/// other value (lists included) replaced whole.
fn merged_table(
    name: &str,
    text: &str,
    dir: Option<&Path>,
    depth: usize,
) -> Result<toml::Table, Error> {
    let err = |detail: String| Error::Profile {
        name: name.to_string(),
        detail,
    };
    let mut table: toml::Table = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    let Some(parent) = table.remove("extends") else {
        return Ok(table);
    };
    let parent = parent
        .as_str()
        .ok_or_else(|| err("`extends` must be a profile name or path".into()))?
        .to_string();
    if depth >= MAX_EXTENDS {
        return Err(err(format!(
            "`extends` goes deeper than {MAX_EXTENDS} profiles (a cycle?)"
        )));
    }
    let mut base = match BUNDLED.iter().find(|(n, _)| *n == parent) {
        Some((n, t)) => merged_table(n, t, None, depth + 1)?,
        None => {
            let Some(dir) = dir else {
                return Err(err(format!("extends unknown bundled profile {parent:?}")));
            };
            let path = dir.join(&parent);
            let parent_text = std::fs::read_to_string(&path)
                .map_err(|e| err(format!("extends {}: {e}", path.display())))?;
            let parent_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            merged_table(
                &path.display().to_string(),
                &parent_text,
                Some(&parent_dir),
                depth + 1,
            )?
        }
    };
    merge_into(&mut base, table);
    Ok(base)
}

fn merge_into(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge_into(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn profile_file(name: &str, table: toml::Table) -> Result<ProfileFile, Error> {
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| Error::Profile {
            name: name.to_string(),
            detail: e.to_string(),
        })
}

impl Profile {
    /// A bundled profile by name.
    pub fn bundled(name: &str, registry: &Registry) -> Result<Profile, Error> {
        let text = BUNDLED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .ok_or_else(|| Error::UnknownProfile(name.to_string()))?;
        Profile::from_toml(name, text, registry)
    }

    /// A bundled profile by name, or else a TOML file at that path.
    pub fn load(name_or_path: &str, registry: &Registry) -> Result<Profile, Error> {
        if BUNDLED.iter().any(|(n, _)| *n == name_or_path) {
            return Profile::bundled(name_or_path, registry);
        }
        let text = std::fs::read_to_string(name_or_path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::UnknownProfile(name_or_path.to_string())
            } else {
                Error::io(name_or_path, e)
            }
        })?;
        let dir = Path::new(name_or_path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let table = merged_table(name_or_path, &text, Some(&dir), 0)?;
        let mut profile = Profile::from_table(name_or_path, table.clone(), registry)?;
        let file = profile_file(name_or_path, table)?;
        let resolve = |p: &str| -> PathBuf {
            let p = Path::new(p);
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                dir.join(p)
            }
        };
        if let Some(rules) = &file.marcedit_rules {
            profile.import_marcedit_rules(&resolve(rules))?;
        }
        if let Some(local) = &file.local_fields {
            profile.add_local_fields(&resolve(local))?;
        }
        if let Some(sigla) = &file.sigla_registry {
            profile.load_sigla_registry(&resolve(sigla))?;
        }
        for ids in file.known_ids.items() {
            profile.add_known_ids(&resolve(ids))?;
        }
        for export in file.main_base.items() {
            profile.add_main_base(&resolve(export))?;
        }
        Ok(profile)
    }

    /// Checks records as `format` (its definitions, and its family for the profile lists),
    /// whatever detection says: `yozuv validate --flavour`.
    pub fn force_format(&mut self, format: Format) {
        self.format = Some(format);
        self.flavour = if format.is_unimarc_family() {
            FlavourChoice::Unimarc
        } else {
            FlavourChoice::Marc21
        };
    }

    /// The definitions the `format.*` checks use for `format`: the profile's own (imported or
    /// extended) ones, or the built-in ones.
    pub fn definitions_for(&self, format: Format) -> &Definitions {
        self.definitions
            .iter()
            .find(|(f, _)| *f == format)
            .map(|(_, d)| &**d)
            .unwrap_or_else(|| Definitions::for_flavour(format))
    }

    /// Replaces the definitions with a MarcEdit rules file. Its format is the profile's
    /// (`format` key, or the flavour: `unimarc` → UNIMARC, else MARC 21); the records of that
    /// format are then checked with it.
    pub fn import_marcedit_rules(&mut self, path: &Path) -> Result<(), Error> {
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        let format = self.format.unwrap_or(match self.flavour {
            FlavourChoice::Unimarc => Format::Unimarc,
            _ => Format::Marc21,
        });
        let defs = marcedit::from_rules(format, &text).map_err(|e| Error::Profile {
            name: path.display().to_string(),
            detail: e.to_string(),
        })?;
        self.definitions.retain(|(f, _)| *f != format);
        self.definitions.push((format, Arc::new(defs)));
        if self.format.is_none() && self.flavour != FlavourChoice::Auto {
            self.format = Some(format);
        }
        Ok(())
    }

    /// Replaces the participant sigla registry of `holdings.sigla` with a file (one code per
    /// line, a tab and the participant's name, `#` comments: the form of `data/sigla.tsv`).
    pub fn load_sigla_registry(&mut self, path: &Path) -> Result<(), Error> {
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        self.sigla = Some(Arc::new(crate::rules::SiglaRegistry::parse(&text)));
        Ok(())
    }

    /// Adds a file of the main base's control numbers (or records) for `link.target-missing`
    /// (see [`crate::links`]). The file is read after the batch; here it is only opened, so
    /// that a wrong path fails before the batch is validated.
    pub fn add_known_ids(&mut self, path: &Path) -> Result<(), Error> {
        let context = || format!("known identifiers: {}", path.display());
        let file = std::fs::File::open(path).map_err(|e| Error::io(context(), e))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(Error::io(
                context(),
                std::io::Error::other("is a directory, not a file"),
            ));
        }
        self.known_ids.push(path.to_path_buf());
        Ok(())
    }

    /// Adds an export of the main base (records: ISO 2709, MARCXML, MARC-in-JSON or mnemonic
    /// text) for the `duplicate.main-base-*` rules (see [`crate::duplicates`]). The file is
    /// read after the batch; here it is opened and its first bytes sniffed, so that a wrong
    /// path, or a text list of 001s (that is `known_ids`), fails before the batch.
    pub fn add_main_base(&mut self, path: &Path) -> Result<(), Error> {
        let context = || format!("main base: {}", path.display());
        let file = std::fs::File::open(path).map_err(|e| Error::io(context(), e))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(Error::io(
                context(),
                std::io::Error::other("is a directory, not a file"),
            ));
        }
        let head = crate::links::file_head(path).map_err(|e| Error::io(context(), e))?;
        if !head.is_empty() && crate::links::records_serialization(&head).is_none() {
            return Err(Error::io(
                context(),
                std::io::Error::other(
                    "not records (ISO 2709, MARCXML, MARC-in-JSON or mnemonic text); \
                     a list of control numbers is given with --known-ids",
                ),
            ));
        }
        self.main_base.push(path.to_path_buf());
        Ok(())
    }

    /// Adds local fields (MarcEdit rules form) to the definitions of every format.
    pub fn add_local_fields(&mut self, path: &Path) -> Result<(), Error> {
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        for format in [Format::Marc21, Format::Unimarc, Format::Rusmarc] {
            let mut defs = self.definitions_for(format).clone();
            marcedit::extend(&mut defs, &text).map_err(|e| Error::Profile {
                name: path.display().to_string(),
                detail: e.to_string(),
            })?;
            self.definitions.retain(|(f, _)| *f != format);
            self.definitions.push((format, Arc::new(defs)));
        }
        Ok(())
    }

    /// A profile from TOML text. Rule ids the registry does not know are refused (a typo
    /// would otherwise silently leave a rule on).
    pub fn from_toml(name: &str, text: &str, registry: &Registry) -> Result<Profile, Error> {
        Profile::from_table(name, merged_table(name, text, None, 0)?, registry)
    }

    fn from_table(name: &str, table: toml::Table, registry: &Registry) -> Result<Profile, Error> {
        let file = profile_file(name, table)?;
        let mut settings: HashMap<Arc<str>, RuleSetting, rustc_hash::FxBuildHasher> = registry
            .iter()
            .map(|r| {
                (
                    Arc::from(r.id.as_str()),
                    RuleSetting {
                        enabled: r.enabled,
                        severity: r.severity,
                        tags: Vec::new(),
                    },
                )
            })
            .collect();
        for (id, spec) in file.rules {
            let Some(setting) = settings.get_mut(id.as_str()) else {
                return Err(Error::Profile {
                    name: name.to_string(),
                    detail: format!("unknown rule id {id:?} (see `yozuv rules list`)"),
                });
            };
            if let Some(e) = spec.enabled {
                setting.enabled = e;
            }
            if let Some(s) = spec.severity {
                setting.severity = s;
            }
            for (tag, severity) in spec.tags {
                let tag = Tag::from_bytes(tag.as_bytes()).ok_or_else(|| Error::Profile {
                    name: name.to_string(),
                    detail: format!("{tag:?} is not a tag"),
                })?;
                setting.tags.push((tag, severity));
            }
        }
        let mut mandatory = HashMap::new();
        mandatory.insert(Flavour::Marc21, requirements(name, file.mandatory.marc21)?);
        mandatory.insert(
            Flavour::Unimarc,
            requirements(name, file.mandatory.unimarc)?,
        );
        let mut recommended = HashMap::new();
        recommended.insert(
            Flavour::Marc21,
            requirements(name, file.recommended.marc21)?,
        );
        recommended.insert(
            Flavour::Unimarc,
            requirements(name, file.recommended.unimarc)?,
        );
        let holdings_tags = file
            .holdings
            .tags
            .iter()
            .map(|t| {
                Tag::from_bytes(t.as_bytes()).ok_or_else(|| Error::Profile {
                    name: name.to_string(),
                    detail: format!("holdings tag {t:?} is not a tag"),
                })
            })
            .collect::<Result<_, _>>()?;
        let format = match file.format.as_deref() {
            None => None,
            Some(f) => Some(Format::from_name(f).ok_or_else(|| Error::Profile {
                name: name.to_string(),
                detail: format!("format {f:?} is not marc21, unimarc or rusmarc"),
            })?),
        };
        Ok(Profile {
            format,
            definitions: Vec::new(),
            format_options: {
                let mut o = yozuv::format::check::CheckOptions::default();
                o.allow_local_tags = file.local_tags;
                o
            },
            sigla: None,
            known_ids: Vec::new(),
            main_base: Vec::new(),
            name: file.name,
            description: file.description,
            flavour: file.flavour,
            mandatory,
            recommended,
            holdings_tags,
            thresholds: file.thresholds,
            settings,
        })
    }

    /// Whether any `format.*` rule runs (then the definition checks are worth running).
    pub fn format_checks_enabled(&self) -> bool {
        yozuv::format::check::ids::ALL
            .iter()
            .any(|id| self.is_enabled(id))
    }

    /// Whether the rule runs. Ids unknown to the registry the profile was built with run
    /// (they come from the reader or from rules added later).
    pub fn is_enabled(&self, rule: &str) -> bool {
        self.settings.get(rule).map_or(true, |s| s.enabled)
    }

    /// The severity of a diagnostic of `rule` on `tag`, or `None` when the rule is off.
    /// Ids unknown to the registry are warnings.
    pub fn severity(&self, rule: &str, tag: Option<Tag>) -> Option<Severity> {
        match self.settings.get(rule) {
            None => Some(Severity::Warning),
            Some(s) if !s.enabled => None,
            Some(s) => Some(
                tag.and_then(|t| s.tags.iter().find(|(tt, _)| *tt == t).map(|&(_, sev)| sev))
                    .unwrap_or(s.severity),
            ),
        }
    }

    /// [`Profile::severity`] together with the profile's shared copy of the rule id (`None`
    /// for an id the profile does not know), in one look-up: every diagnostic needs both.
    pub(crate) fn severity_and_id(
        &self,
        rule: &str,
        tag: Option<Tag>,
    ) -> (Option<Severity>, Option<&Arc<str>>) {
        match self.settings.get_key_value(rule) {
            None => (Some(Severity::Warning), None),
            Some((_, s)) if !s.enabled => (None, None),
            Some((id, s)) => (
                Some(
                    tag.and_then(|t| s.tags.iter().find(|(tt, _)| *tt == t).map(|&(_, sev)| sev))
                        .unwrap_or(s.severity),
                ),
                Some(id),
            ),
        }
    }

    /// The setting of a rule, when the registry knows it.
    pub fn setting(&self, rule: &str) -> Option<&RuleSetting> {
        self.settings.get(rule)
    }

    /// Changes a rule's setting (for callers that tune a bundled profile in code).
    pub fn set(&mut self, rule: &str, setting: RuleSetting) {
        self.settings.insert(Arc::from(rule), setting);
    }
}
