//! Duplicates inside a batch: same 001, same ISBN (as ISBN-13), same match key (title proper,
//! first author and year, Latin/Cyrillic folded). Whole-batch rules: the engine feeds every
//! record's small [`RecordKeys`] to a [`DuplicateIndex`] in input order and reports each
//! cluster once, after the stream, with all its record numbers.
//!
//! Memory per record: up to three 64-bit keys in hash maps (about 20-40 bytes each with the
//! table's slack), its offset (8 bytes), and a 4-byte entry per cluster it belongs to. Turn the
//! `duplicate.*` rules off in a profile for memory that does not grow with the batch.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use yozuv::{Field, Record};

use crate::rules::{isbn_to_13, RecordView, TextInspector};
use crate::{Arg, Diagnostic, Flavour, Location, Profile, RecordRef, Severity};
use std::sync::Arc;

/// The keys of one record (transient: only hashes are kept by the index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordKeys {
    /// Hash and text of the trimmed 001.
    pub id001: Option<(u64, Box<str>)>,
    /// Valid ISBNs as ISBN-13 numbers, without repeats.
    pub isbns: Vec<u64>,
    /// Hash and text of the match key.
    pub match_key: Option<(u64, Box<str>)>,
}

fn hash(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn strip_nonsorting(s: &str) -> String {
    // UNIMARC NSB/NSE (ISO 6630 and their UTF-8 forms) bracket the non-filing part.
    let mut out = String::with_capacity(s.len());
    let mut skipping = false;
    for c in s.chars() {
        match c {
            '\u{88}' | '\u{98}' => skipping = true,
            '\u{89}' | '\u{9C}' => skipping = false,
            c if !skipping => out.push(c),
            _ => {}
        }
    }
    out
}

fn first_year(s: &str) -> Option<String> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3))
        .find(|&i| b[i..i + 4].iter().all(u8::is_ascii_digit))
        .map(|i| s[i..i + 4].to_string())
}

fn title_author_year(record: &Record, flavour: Flavour) -> (String, String, String) {
    match flavour {
        Flavour::Marc21 => {
            let f245 = record.field("245");
            let mut title = f245
                .and_then(|f| f.subfield(b'a'))
                .unwrap_or("")
                .to_string();
            if let Some(Field::Data { indicators, .. }) = f245 {
                let skip = indicators.second();
                if skip.is_ascii_digit() {
                    title = title.chars().skip(usize::from(skip - b'0')).collect();
                }
            }
            let author = record
                .first_subfield("100", b'a')
                .or_else(|| record.first_subfield("110", b'a'))
                .or_else(|| record.first_subfield("700", b'a'))
                .unwrap_or("")
                .to_string();
            let year = record
                .control_value("008")
                .and_then(|v| v.get(7..11))
                .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string)
                .or_else(|| record.first_subfield("264", b'c').and_then(first_year))
                .or_else(|| record.first_subfield("260", b'c').and_then(first_year))
                .unwrap_or_default();
            (title, author, year)
        }
        Flavour::Unimarc => {
            let title = strip_nonsorting(record.first_subfield("200", b'a').unwrap_or(""));
            let author = record
                .first_subfield("700", b'a')
                .or_else(|| record.first_subfield("710", b'a'))
                .or_else(|| record.first_subfield("701", b'a'))
                .unwrap_or("")
                .to_string();
            let year = record
                .first_subfield("100", b'a')
                .and_then(|a| a.get(9..13))
                .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string)
                .or_else(|| record.first_subfield("210", b'd').and_then(first_year))
                .or_else(|| record.first_subfield("214", b'd').and_then(first_year))
                .unwrap_or_default();
            (strip_nonsorting(&title), strip_nonsorting(&author), year)
        }
    }
}

/// Computes a record's keys.
pub fn record_keys(view: &RecordView<'_>, text: &dyn TextInspector) -> RecordKeys {
    let record = view.record;
    let mut keys = RecordKeys::default();
    let enabled = |r| view.profile.is_enabled(r);
    if enabled("duplicate.id001") {
        if let Some(id) = record
            .control_value("001")
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            keys.id001 = Some((hash(id), id.into()));
        }
    }
    if enabled("duplicate.isbn") {
        let tag = match view.flavour {
            Flavour::Marc21 => "020",
            Flavour::Unimarc => "010",
        };
        for f in record.fields_by_tag(tag) {
            for v in f.subfield_values(b'a') {
                if let Ok(Some(n)) = isbn_to_13(v) {
                    if !keys.isbns.contains(&n) {
                        keys.isbns.push(n);
                    }
                }
            }
        }
    }
    if enabled("duplicate.match-key") {
        let (title, author, year) = title_author_year(record, view.flavour);
        let title = text.search_key(&title);
        if title.chars().filter(|c| !c.is_whitespace()).count()
            >= view.profile.thresholds.min_title_key_chars
        {
            let author = text.search_key(&author);
            let surname = author.split(' ').next().unwrap_or("");
            let key = format!("{title}|{surname}|{year}");
            keys.match_key = Some((hash(&key), key.into()));
        }
    }
    keys
}

const KINDS: [&str; 3] = ["duplicate.id001", "duplicate.isbn", "duplicate.match-key"];

struct Cluster {
    kind: usize,
    value: String,
    members: Vec<u32>,
}

/// The batch-wide duplicate index.
#[derive(Default)]
pub struct DuplicateIndex {
    maps: [HashMap<u64, (u32, u32)>; 3],
    clusters: Vec<Cluster>,
    /// Per record sequence number: its byte offset (file and number follow from `file_starts`).
    records: Vec<u64>,
    file_starts: Vec<(usize, u32)>,
}

const NO_CLUSTER: u32 = u32::MAX;

impl DuplicateIndex {
    /// An empty index.
    pub fn new() -> Self {
        DuplicateIndex::default()
    }

    fn record_ref(&self, seq: u32) -> RecordRef {
        let i = self
            .file_starts
            .partition_point(|&(_, start)| start <= seq)
            .saturating_sub(1);
        let (file, start) = self.file_starts.get(i).copied().unwrap_or((0, 0));
        let offset = self.records.get(seq as usize).copied().unwrap_or(0);
        RecordRef {
            file,
            record: u64::from(seq - start) + 1,
            offset,
        }
    }

    /// Adds the next record (records must come in input order, numbered from 1 in each
    /// file). Returns, for each of `duplicate.id001`, `duplicate.isbn`,
    /// `duplicate.match-key`, whether this record repeats an earlier one.
    pub fn add(&mut self, file: usize, number: u64, offset: u64, keys: &RecordKeys) -> [bool; 3] {
        let seq = self.records.len() as u32;
        let new_file = match self.file_starts.last() {
            None => true,
            Some(&(f, _)) => f != file,
        };
        if number == 1 || new_file {
            self.file_starts.push((file, seq));
        }
        self.records.push(offset);
        let mut repeated = [false; 3];
        let mut one = |kind: usize, h: u64, value: &dyn Fn() -> String, this: &mut Self| match this
            .maps[kind]
            .get_mut(&h)
        {
            None => {
                this.maps[kind].insert(h, (seq, NO_CLUSTER));
            }
            Some((first, cluster)) => {
                if *first == seq {
                    return;
                }
                repeated[kind] = true;
                if *cluster == NO_CLUSTER {
                    *cluster = this.clusters.len() as u32;
                    let first = *first;
                    this.clusters.push(Cluster {
                        kind,
                        value: value(),
                        members: vec![first, seq],
                    });
                } else {
                    let c = *cluster as usize;
                    if this.clusters[c].members.last() != Some(&seq) {
                        this.clusters[c].members.push(seq);
                    }
                }
            }
        };
        if let Some((h, v)) = &keys.id001 {
            one(0, *h, &|| v.to_string(), self);
        }
        for &n in &keys.isbns {
            one(1, n, &|| n.to_string(), self);
        }
        if let Some((h, v)) = &keys.match_key {
            one(2, *h, &|| v.to_string(), self);
        }
        repeated
    }

    /// One diagnostic per cluster, in order of the cluster's first record. `names` are the
    /// input names (used in the record list when there are several inputs).
    pub fn diagnostics(&self, profile: &Profile, names: &[String]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let _ = self.each_diagnostic(profile, names, &mut |d| {
            out.push(d);
            Ok::<(), std::convert::Infallible>(())
        });
        out
    }

    /// Like [`DuplicateIndex::diagnostics`], one at a time (a huge cluster list is never held
    /// in memory all at once).
    pub fn each_diagnostic<E>(
        &self,
        profile: &Profile,
        names: &[String],
        f: &mut dyn FnMut(Diagnostic) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut clusters: Vec<&Cluster> = self.clusters.iter().collect();
        clusters.sort_by_key(|c| (c.members[0], c.kind));
        for c in clusters {
            let rule = KINDS[c.kind];
            let Some(severity) = profile.severity(rule, None) else {
                continue;
            };
            let related: Vec<RecordRef> = c.members.iter().map(|&s| self.record_ref(s)).collect();
            let list = related
                .iter()
                .map(|r| {
                    if names.len() > 1 {
                        format!(
                            "{}#{}",
                            names.get(r.file).map_or("?", String::as_str),
                            r.record
                        )
                    } else {
                        r.record.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let first = related[0];
            f(Diagnostic {
                location: Location {
                    file: first.file,
                    record: first.record,
                    offset: first.offset,
                    ..Location::default()
                },
                rule: Arc::from(rule),
                severity,
                args: vec![
                    ("value", Arg::Text(c.value.clone())),
                    ("count", Arg::Number(related.len() as i64)),
                    ("records", Arg::Text(list)),
                ],
                detail: None,
                related,
                text: None,
            })?;
        }
        Ok(())
    }

    /// Whether a repeat of kind `kind` makes the repeating record an error under `profile`.
    pub fn rejects(profile: &Profile, repeated: [bool; 3]) -> bool {
        KINDS
            .iter()
            .zip(repeated)
            .any(|(rule, r)| r && profile.severity(rule, None) == Some(Severity::Error))
    }
}
