//! Every rule declares every id it emits: the engine skips a rule whose declared ids are all
//! off in the profile, so an undeclared id would silently vanish from reports. Each built-in
//! rule runs alone, with every rule of the registry switched on, over every ISO 2709 record of
//! ../shared/testdata (all flavours, broken files included), checked as each format.

use std::path::{Path, PathBuf};

use yozuv::iso2709::{ReadMode, SliceReader};
use yozuv_batch::profile::RuleSetting;
use yozuv_batch::rules::{Emitter, FieldIndex, FoundCharset, RecordView};
use yozuv_batch::{Flavour, Location, Profile, Registry, Validator};

fn iso_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            iso_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("mrc" | "iso" | "marc" | "dat" | "bin")
        ) {
            out.push(path);
        }
    }
}

/// A profile running every rule the registry knows.
fn everything_on(name: &str) -> Profile {
    let registry = Registry::builtin();
    let mut profile = Profile::bundled(name, registry).unwrap();
    for info in registry.iter() {
        let setting = profile.setting(&info.id).cloned().unwrap_or(RuleSetting {
            enabled: true,
            severity: yozuv_batch::Severity::Warning,
            tags: Vec::new(),
        });
        profile.set(
            &info.id,
            RuleSetting {
                enabled: true,
                ..setting
            },
        );
    }
    profile
}

#[test]
fn every_emitted_id_is_declared() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/testdata");
    let mut files = Vec::new();
    iso_files(Path::new(root), &mut files);
    files.sort();
    assert!(files.len() >= 10, "the shared ISO 2709 files are there");
    let cases = [
        ("marc21", Flavour::Marc21, yozuv::format::Flavour::Marc21),
        ("unimarc", Flavour::Unimarc, yozuv::format::Flavour::Unimarc),
        ("rusmarc", Flavour::Unimarc, yozuv::format::Flavour::Rusmarc),
        ("uz-unicat", Flavour::Marc21, yozuv::format::Flavour::Marc21),
        (
            "uz-unicat",
            Flavour::Unimarc,
            yozuv::format::Flavour::Rusmarc,
        ),
    ];
    let mut emitted = 0usize;
    for (name, flavour, format) in cases {
        let profile = everything_on(name);
        let validator = Validator::new(profile.clone());
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            for raw in SliceReader::new(&bytes, ReadMode::Permissive)
                .flatten()
                .take(300)
            {
                let Ok(record) = raw.to_record() else {
                    continue;
                };
                let index = FieldIndex::new(&raw);
                let found = FoundCharset::of(&raw);
                let view = RecordView {
                    record: &record,
                    raw: &raw,
                    flavour,
                    format,
                    profile: &profile,
                    found,
                    text_reliable: true,
                };
                for rule in validator.rules() {
                    let mut em = Emitter::new(&profile, Location::default(), &index, Some(&raw));
                    rule.check(&view, &mut em);
                    let declared = rule.ids();
                    for d in em.into_diagnostics() {
                        emitted += 1;
                        assert!(
                            declared.contains(&&*d.rule),
                            "{} emitted by a rule declaring only {declared:?} ({}, record {})",
                            d.rule,
                            file.display(),
                            raw.number()
                        );
                    }
                }
            }
        }
    }
    assert!(emitted > 1000, "the rules found things to say ({emitted})");
}
