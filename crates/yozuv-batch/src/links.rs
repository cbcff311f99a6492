//! Links between the records of a batch (rule `link.target-missing`, uz-unicat UZ-K01):
//! UNIMARC/RUSMARC 4XX linking fields with an embedded `$1 001…` and MARC 21 773 `$w` name the
//! control number of the record they belong to (a set, a serial, a host item); the target
//! should be in the batch. A whole-batch rule: each record gives its [`RecordLinks`] to the
//! [`LinkIndex`] in input order, and the links still unresolved after the last record are
//! reported, one diagnostic per link, at the linking field. A target may come before or after
//! the linking record (a set's record often follows its volumes); a record may link to itself.
//!
//! Memory stays flat however large the batch: the index does not keep a set of the 001s seen.
//! It writes two kinds of entries, keyed by the target's full text, to a bounded external sort
//! (the duplicate index's; same [`DuplicateOptions`] budget and temporary directory): "a record
//! with 001 = X exists" and "record R links to X from field F". After the stream the entries
//! are merged: within one target the "exists" entries come first, so each link of a target
//! with none is missing. The missing links go through a second bounded sort, by record and
//! link, and are reported in input order. Targets are compared in full, never by hash: no
//! collision can hide a missing target.
//!
//! Links to records already in the union catalog's main base are not missing: the main base's
//! control numbers can be given ([`LinkIndex::add_known_ids`], the profile key `known_ids`,
//! `yozuv validate --known-ids FILE`). They go into the same external sort as the batch's own
//! 001s ("exists" entries without a record), so a file of millions of identifiers costs temporary
//! disk, not memory. A known-ids source is either text (one 001 per line; blank lines and lines
//! starting with `#` are skipped; leading and trailing white space is trimmed, as it is from the
//! batch's 001s) or records (ISO 2709, MARCXML, MARC-in-JSON or mnemonic text, sniffed from the
//! content as inputs are), whose 001s are taken; records that cannot be read are skipped and
//! counted ([`KnownIds::unreadable`]).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use yozuv::iso2709::ReadMode;
use yozuv::{Serialization, Tag};

use crate::duplicates::DuplicateOptions;
use crate::external_sort::{self, Sorter};
use crate::rules::{FieldIndex, RecordView};
use crate::{Arg, Diagnostic, Error, Flavour, Location, Profile, RecordRef};

/// The rule id.
pub const LINK_RULE: &str = "link.target-missing";

/// One link of a record: the target's control number and where the linking field is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The target as written (without a MARC 21 `(ORG)` prefix).
    pub target: Box<str>,
    /// The linking field's tag.
    pub tag: Tag,
    /// Its occurrence in the record, from 1.
    pub occurrence: u32,
    /// Its byte offset in the input.
    pub offset: u64,
}

/// The links of one record (empty when the rule is off or the record links nowhere).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordLinks {
    /// The links.
    pub links: Vec<Link>,
}

/// The control number a MARC 21 `$w` names: `(RuMoRGB)01003543129` → `01003543129`.
fn strip_org(w: &str) -> &str {
    let w = w.trim();
    match w.strip_prefix('(').and_then(|r| r.split_once(')')) {
        Some((_, rest)) => rest.trim(),
        None => w,
    }
}

/// The links of a record: UNIMARC 4XX `$1` values starting with `001`, MARC 21 773 `$w`.
pub fn record_links(view: &RecordView<'_>, index: &FieldIndex) -> RecordLinks {
    let mut out = RecordLinks::default();
    if !view.profile.is_enabled(LINK_RULE) {
        return out;
    }
    for (i, f) in view.record.fields.iter().enumerate() {
        let tag = f.tag();
        let targets: Vec<&str> = match view.flavour {
            Flavour::Unimarc if tag.as_str().starts_with('4') => f
                .subfield_values(b'1')
                .filter_map(|v| v.strip_prefix("001"))
                .map(str::trim)
                .take(1)
                .collect(),
            Flavour::Marc21 if tag == "773" => f.subfield_values(b'w').map(strip_org).collect(),
            _ => continue,
        };
        let (offset, occurrence) = index
            .fields
            .get(i)
            .map_or((0, 1), |&(_, off, occ)| (off, occ));
        for t in targets.into_iter().filter(|t| !t.is_empty()) {
            out.links.push(Link {
                target: t.into(),
                tag,
                occurrence,
                offset,
            });
        }
    }
    out
}

/// Entry kinds of the first sort; "exists" sorts before the links of the same target.
const EXISTS: u8 = 0;
const LINKS_TO: u8 = 1;

/// Appends `bytes` with its length before it (u32 big-endian, so that a shorter text never
/// runs into the bytes after it when keys are compared).
fn push_text(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// A length-prefixed text at the start of `bytes`, and the rest.
fn split_text(bytes: &[u8]) -> (&[u8], &[u8]) {
    let mut len = [0u8; 4];
    if let Some(b) = bytes.get(..4) {
        len.copy_from_slice(b);
    }
    let end = (4 + u32::from_be_bytes(len) as usize).min(bytes.len());
    (bytes.get(4..end).unwrap_or_default(), &bytes[end..])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    if let Some(s) = b.get(at..at + 4) {
        w.copy_from_slice(s);
    }
    u32::from_le_bytes(w)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    if let Some(s) = b.get(at..at + 8) {
        w.copy_from_slice(s);
    }
    u64::from_le_bytes(w)
}

/// Where a link is, as its diagnostic names it: file (u32 LE), record number (u64 LE), the
/// field's offset (u64 LE), tag (3 bytes), occurrence (u32 LE), then the record's 001 (a byte
/// 0 for none, or 1 and its text).
const SITE_LEN: usize = 4 + 8 + 8 + 3 + 4;

fn encode_site(out: &mut Vec<u8>, record: RecordRef, link: &Link, id001: Option<&Arc<str>>) {
    out.extend_from_slice(&(record.file as u32).to_le_bytes());
    out.extend_from_slice(&record.record.to_le_bytes());
    out.extend_from_slice(&link.offset.to_le_bytes());
    out.extend_from_slice(link.tag.as_bytes());
    out.extend_from_slice(&link.occurrence.to_le_bytes());
    match id001 {
        None => out.push(0),
        Some(id) => {
            out.push(1);
            out.extend_from_slice(id.as_bytes());
        }
    }
}

/// What a known-ids source gave (see the module documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KnownIds {
    /// Whether the source was records (else lines of text).
    pub records: bool,
    /// Identifiers added (lines, or records with a non-empty 001).
    pub ids: u64,
    /// Records that could not be read (their 001, if any, is not known).
    pub unreadable: u64,
}

/// Whether `head` starts like an ISO 2709 record: a leader whose record length and base
/// address are digits, with indicator and subfield-code counts `22` and entry map `45`, and
/// no line break inside it (a text file of identifiers has one much earlier).
fn looks_like_iso2709(head: &[u8]) -> bool {
    let Some(leader) = head.get(..24) else {
        return false;
    };
    let digits = |r: std::ops::Range<usize>| leader[r].iter().all(u8::is_ascii_digit);
    digits(0..5)
        && digits(12..17)
        && &leader[10..12] == b"22"
        && &leader[20..22] == b"45"
        && !leader.contains(&b'\n')
}

/// How a known-ids source (or a main-base export) is read, from its first bytes: records of
/// a serialization, or (`None`) lines of text.
pub(crate) fn records_serialization(head: &[u8]) -> Option<Serialization> {
    match yozuv::detect_format(head) {
        Serialization::Iso2709 if looks_like_iso2709(head) => Some(Serialization::Iso2709),
        Serialization::Iso2709 => None,
        // A text line starting with `=` and three letters would read as mnemonic text: no
        // control number looks like that, and the records would then be reported unreadable.
        other => Some(other),
    }
}

/// The first bytes of a file (up to 512), for [`records_serialization`].
pub(crate) fn file_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(512);
    std::fs::File::open(path)?
        .take(512)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The batch-wide link index: bounded memory (see the module documentation).
pub struct LinkIndex {
    options: DuplicateOptions,
    entries: Sorter,
    /// Records added so far.
    seq: u64,
    key: Vec<u8>,
    payload: Vec<u8>,
    /// Whether identifiers known outside the batch were added.
    known_given: bool,
}

impl Default for LinkIndex {
    fn default() -> Self {
        LinkIndex::new()
    }
}

impl LinkIndex {
    /// An empty index with the default memory budget and temporary directory.
    pub fn new() -> Self {
        LinkIndex::with_options(DuplicateOptions::default())
    }

    /// An empty index keeping at most `options.memory` bytes of entries in memory (as much
    /// again for the missing links after the stream), spilling to `options.temp_dir`.
    pub fn with_options(options: DuplicateOptions) -> Self {
        LinkIndex {
            entries: LinkIndex::sorter(&options),
            options,
            seq: 0,
            key: Vec::new(),
            payload: Vec::new(),
            known_given: false,
        }
    }

    fn sorter(options: &DuplicateOptions) -> Sorter {
        let (arena, items) = Sorter::split(options.memory, 0);
        Sorter::new(
            external_sort::temp_dir(options.temp_dir.as_deref()),
            None,
            arena,
            items,
        )
    }

    /// Sorted runs written to temporary files so far.
    pub fn spilled_runs(&self) -> usize {
        self.entries.spills
    }

    fn io_error(&self, e: std::io::Error) -> Error {
        let dir = external_sort::temp_dir(self.options.temp_dir.as_deref());
        Error::io(
            format!("link index: temporary file in {}", dir.display()),
            e,
        )
    }

    fn push(&mut self) -> Result<(), Error> {
        if !self.entries.has_room(self.key.len() + self.payload.len()) {
            self.entries
                .spill(&mut |_| {})
                .map_err(|e| self.io_error(e))?;
        }
        self.entries.push(&self.key, &self.payload);
        Ok(())
    }

    /// Adds the next record (in input order): its 001 and its links. Fails only when a
    /// temporary file cannot be written.
    pub fn add(
        &mut self,
        record: RecordRef,
        id001: Option<&Arc<str>>,
        links: &RecordLinks,
    ) -> Result<(), Error> {
        let seq = self.seq;
        self.seq += 1;
        if let Some(id) = id001.filter(|s| !s.is_empty()) {
            self.key.clear();
            push_text(&mut self.key, id.as_bytes());
            self.key.push(EXISTS);
            self.key.extend_from_slice(&seq.to_be_bytes());
            self.payload.clear();
            self.push()?;
        }
        for (ordinal, link) in links.links.iter().enumerate() {
            self.key.clear();
            push_text(&mut self.key, link.target.as_bytes());
            self.key.push(LINKS_TO);
            self.key.extend_from_slice(&seq.to_be_bytes());
            self.key.extend_from_slice(&(ordinal as u32).to_be_bytes());
            self.payload.clear();
            encode_site(&mut self.payload, record, link, id001);
            self.push()?;
        }
        Ok(())
    }

    /// Adds the control number of a record that exists outside the batch (in the main base):
    /// links to it are not missing. `id` is compared with link targets as given (trim it).
    pub fn add_known(&mut self, id: &[u8]) -> Result<(), Error> {
        self.known_given = true;
        if id.is_empty() {
            return Ok(());
        }
        self.key.clear();
        push_text(&mut self.key, id);
        self.key.push(EXISTS);
        self.payload.clear();
        self.push()
    }

    /// Adds the control numbers of a known-ids source (lines of text, or records: see the
    /// module documentation), streaming: memory stays the index's budget however long it is.
    /// `name` names the source in errors.
    ///
    /// ```
    /// use yozuv_batch::links::LinkIndex;
    /// let mut index = LinkIndex::new();
    /// let text = "# main base, 2026-11-01\nRU\\NLR\\bibl\\5996\n\n  010086108 \n";
    /// let got = index.add_known_ids(text.as_bytes(), "ids.txt").unwrap();
    /// assert_eq!((got.records, got.ids), (false, 2));
    /// ```
    pub fn add_known_ids(&mut self, read: impl Read, name: &str) -> Result<KnownIds, Error> {
        let mut input = BufReader::with_capacity(256 * 1024, read);
        let io = |e: std::io::Error| Error::io(format!("known identifiers: {name}"), e);
        let head = input.fill_buf().map_err(io)?;
        let head = head.get(..512).unwrap_or(head);
        let mut out = KnownIds::default();
        match records_serialization(head) {
            None => {
                let mut line = Vec::new();
                let mut first = true;
                loop {
                    line.clear();
                    if input.read_until(b'\n', &mut line).map_err(io)? == 0 {
                        break;
                    }
                    let mut bytes = line.as_slice();
                    if std::mem::take(&mut first) {
                        bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                    }
                    let text = String::from_utf8_lossy(bytes);
                    let id = text.trim();
                    if id.is_empty() || id.starts_with('#') {
                        continue;
                    }
                    self.add_known(id.as_bytes())?;
                    out.ids += 1;
                }
            }
            Some(Serialization::Iso2709) => {
                out.records = true;
                let mut reader = yozuv::iso2709::Reader::new(input, ReadMode::Permissive);
                let mut id = Vec::new();
                while let Some(next) = reader.next_raw() {
                    match next {
                        Ok(raw) => {
                            id.clear();
                            if let Some(f) = raw.fields().find(|f| f.tag() == "001") {
                                let text = String::from_utf8_lossy(f.data());
                                id.extend_from_slice(
                                    text.trim_end_matches('\x1e').trim().as_bytes(),
                                );
                            }
                        }
                        Err(yozuv::Error::Io { source, .. }) => return Err(io(source)),
                        Err(_) => {
                            out.unreadable += 1;
                            continue;
                        }
                    }
                    if !id.is_empty() {
                        self.add_known(&id)?;
                        out.ids += 1;
                    }
                }
            }
            Some(serialization) => {
                out.records = true;
                let reader =
                    yozuv::AnyReader::open_with(input, Some(serialization), ReadMode::Permissive)
                        .map_err(Error::Read)?;
                for next in reader {
                    match next {
                        Ok(record) => {
                            if let Some(id) = record.id().map(str::trim).filter(|s| !s.is_empty()) {
                                self.add_known(id.as_bytes())?;
                                out.ids += 1;
                            }
                        }
                        Err(yozuv::Error::Io { source, .. }) => return Err(io(source)),
                        Err(_) => out.unreadable += 1,
                    }
                }
            }
        }
        Ok(out)
    }

    /// [`LinkIndex::add_known_ids`] from a file.
    pub fn add_known_ids_file(&mut self, path: &Path) -> Result<KnownIds, Error> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path)
            .map_err(|e| Error::io(format!("known identifiers: {name}"), e))?;
        self.add_known_ids(file, &name)
    }

    /// One diagnostic per link whose target never came, in input order (by record, then by
    /// the link's place in it). Empties the index.
    pub fn each_diagnostic(
        &mut self,
        profile: &Profile,
        f: &mut dyn FnMut(Diagnostic) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let Some(severity) = profile.severity(LINK_RULE, None) else {
            return Ok(());
        };
        for path in &profile.known_ids {
            self.add_known_ids_file(path)?;
        }
        let known = if profile.known_ids.is_empty() && !self.known_given {
            "no"
        } else {
            "yes"
        };
        // With runs on disk, the buffer joins them and its memory goes to the missing links.
        self.entries.spill_rest().map_err(|e| self.io_error(e))?;
        let mut missing = LinkIndex::sorter(&self.options);
        let mut target: Vec<u8> = Vec::new();
        let mut exists = false;
        let (mut key, mut payload) = (Vec::new(), Vec::new());
        let result = self.entries.drain_sorted(|k, p| {
            let (text, rest) = split_text(k);
            let this = k.get(..4 + text.len()).unwrap_or_default();
            if this != target.as_slice() {
                target.clear();
                target.extend_from_slice(this);
                exists = false;
            }
            match rest.split_first() {
                Some((&EXISTS, _)) => exists = true,
                Some((&LINKS_TO, order)) if !exists => {
                    // Sorted by record sequence number and link, both big-endian.
                    key.clear();
                    key.extend_from_slice(order);
                    payload.clear();
                    payload.extend_from_slice(this);
                    payload.extend_from_slice(p);
                    if !missing.has_room(key.len() + payload.len()) {
                        missing.spill(&mut |_| {})?;
                    }
                    missing.push(&key, &payload);
                }
                _ => {}
            }
            Ok(())
        });
        result.map_err(|e| self.io_error(e))?;
        missing.spill_rest().map_err(|e| self.io_error(e))?;
        let mut failure: Option<Error> = None;
        let result = missing.drain_sorted(|_, p| {
            let (text, site) = split_text(p);
            let tag = site
                .get(20..23)
                .and_then(Tag::from_bytes)
                .unwrap_or(Tag(*b"???"));
            let Some(severity) = profile.severity(LINK_RULE, Some(tag)).or(Some(severity)) else {
                return Ok(());
            };
            let id001 = match site.get(SITE_LEN..).and_then(|b| b.split_first()) {
                Some((1, id)) => Some(Arc::from(String::from_utf8_lossy(id).as_ref())),
                _ => None,
            };
            let d = Diagnostic {
                location: Location {
                    file: u32_at(site, 0) as usize,
                    record: u64_at(site, 4),
                    offset: u64_at(site, 12),
                    id001,
                    tag: Some(tag),
                    occurrence: Some(u32_at(site, 23)),
                    subfield: None,
                },
                rule: Arc::from(LINK_RULE),
                severity,
                args: vec![
                    (
                        "value",
                        Arg::Text(String::from_utf8_lossy(text).into_owned()),
                    ),
                    // Whether the main base's identifiers were given (the message says so).
                    ("known", Arg::Text(known.into())),
                ],
                detail: None,
                related: Vec::new(),
                text: None,
            };
            f(d).map_err(|e| {
                failure = Some(e);
                std::io::Error::other("report failed")
            })
        });
        match (result, failure) {
            (_, Some(e)) => Err(e),
            (Err(e), None) => Err(self.io_error(e)),
            (Ok(()), None) => Ok(()),
        }
    }

    /// The diagnostics, collected. Empties the index.
    pub fn diagnostics(&mut self, profile: &Profile) -> Result<Vec<Diagnostic>, Error> {
        let mut out = Vec::new();
        self.each_diagnostic(profile, &mut |d| {
            out.push(d);
            Ok(())
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(target: &str, occurrence: u32) -> Link {
        Link {
            target: target.into(),
            tag: Tag(*b"461"),
            occurrence,
            offset: 1000 + u64::from(occurrence),
        }
    }

    fn at(record: u64) -> RecordRef {
        RecordRef {
            file: 0,
            record,
            offset: record * 100,
        }
    }

    fn uz() -> Profile {
        Profile::bundled("uz-unicat", crate::Registry::builtin()).unwrap()
    }

    /// (record, occurrence, target) of each missing link.
    fn missing(index: &mut LinkIndex) -> Vec<(u64, u32, String)> {
        index
            .diagnostics(&uz())
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d.location.record,
                    d.location.occurrence.unwrap_or(0),
                    d.args[0].1.to_string(),
                )
            })
            .collect()
    }

    /// Record `i` (from 1) has 001 `ids[i-1]` and links to `links[i-1]`.
    fn index(memory: usize, ids: &[Option<&str>], links: &[&[&str]]) -> LinkIndex {
        let mut index = LinkIndex::with_options(DuplicateOptions {
            memory,
            temp_dir: None,
        });
        for (i, (id, targets)) in ids.iter().zip(links).enumerate() {
            let id: Option<Arc<str>> = id.map(Arc::from);
            let links = RecordLinks {
                links: targets
                    .iter()
                    .enumerate()
                    .map(|(o, t)| link(t, o as u32 + 1))
                    .collect(),
            };
            index.add(at(i as u64 + 1), id.as_ref(), &links).unwrap();
        }
        index
    }

    #[test]
    fn targets_before_after_itself_or_never() {
        let ids = [Some("A"), Some("B"), Some("C"), None, Some("D")];
        let links: [&[&str]; 5] = [
            &["B", "X"], // later, never
            &["A"],      // earlier
            &["C"],      // itself
            &["D", "Y"], // later (record 4 has no 001), never
            &["A", "X"], // earlier, never again
        ];
        let expected = vec![
            (1, 2, "X".to_string()),
            (4, 2, "Y".to_string()),
            (5, 2, "X".to_string()),
        ];
        for memory in [0, 100, 4 << 20] {
            let mut i = index(memory, &ids, &links);
            assert_eq!(missing(&mut i), expected, "memory {memory}");
        }
    }

    #[test]
    fn targets_compared_in_full() {
        // Prefixes, a longer key, case, a NUL: all different targets from "AB".
        let ids = [Some("AB"), Some("A/B")];
        let links: [&[&str]; 2] = [&["A", "AB\0", "ABC", "ab", "AB", "A/B"], &["AB\0B", "B"]];
        let mut i = index(1 << 20, &ids, &links);
        let got: Vec<String> = missing(&mut i).into_iter().map(|m| m.2).collect();
        assert_eq!(got, ["A", "AB\0", "ABC", "ab", "AB\0B", "B"]);
        let links: [&[&str]; 2] = [&["AB\u{0}"], &["A\u{0}B"]];
        let ids = [Some("AB"), Some("A")];
        let mut i = index(1 << 20, &ids, &links);
        assert_eq!(missing(&mut i).len(), 2);
    }

    #[test]
    fn spilled_runs_give_the_same_links_in_input_order() {
        // 3000 records; each links to the one 7 ahead (missing for the last 7), to itself,
        // and to a number never given, in descending target order.
        let n = 3000u64;
        let names: Vec<String> = (1..=n).map(|i| format!("{i:05}")).collect();
        let never: Vec<String> = (1..=n).map(|i| format!("none-{}", n - i)).collect();
        let ahead: Vec<String> = (1..=n).map(|i| format!("{:05}", i + 7)).collect();
        let ids: Vec<Option<&str>> = names.iter().map(|s| Some(s.as_str())).collect();
        let targets: Vec<[&str; 3]> = (0..n as usize)
            .map(|i| [ahead[i].as_str(), names[i].as_str(), never[i].as_str()])
            .collect();
        let links: Vec<&[&str]> = targets.iter().map(|t| t.as_slice()).collect();
        let mut expected = Vec::new();
        for r in 1..=n {
            if r > n - 7 {
                expected.push((r, 1, format!("{:05}", r + 7)));
            }
            expected.push((r, 3, format!("none-{}", n - r)));
        }
        let mut small = index(2048, &ids, &links);
        assert!(small.spilled_runs() > 50, "{}", small.spilled_runs());
        assert_eq!(missing(&mut small), expected);
        let mut large = index(64 << 20, &ids, &links);
        assert_eq!(large.spilled_runs(), 0);
        assert_eq!(missing(&mut large), expected);
    }

    #[test]
    fn unwritable_temporary_directory_is_an_error() {
        let dir = std::env::temp_dir().join("yozuv-links-no-such-dir/deeper");
        let mut index = LinkIndex::with_options(DuplicateOptions {
            memory: 256,
            temp_dir: Some(dir.clone()),
        });
        let links = RecordLinks {
            links: vec![link("target", 1)],
        };
        let id: Arc<str> = Arc::from("x");
        let result = (1..100).try_for_each(|r| index.add(at(r), Some(&id), &links));
        match result {
            Err(Error::Io { context, .. }) => {
                assert!(context.starts_with("link index"), "{context}");
                assert!(context.contains(&dir.display().to_string()), "{context}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn known_ids_resolve_links_and_spill_like_the_batch() {
        // 20,000 known ids (lines, in descending order, with comments between), 100 records
        // linking to known id 2i, to an id never given, and to each other.
        let mut text = String::from("# main base\n");
        for k in (0..20_000u32).rev() {
            text.push_str(&format!("main-{k:06}\n"));
            if k % 1000 == 0 {
                text.push_str("\n# page\n");
            }
        }
        let names: Vec<String> = (0..100).map(|i| format!("main-{:06}", i * 2)).collect();
        let never: Vec<String> = (0..100)
            .map(|i| format!("main-{:06}", 30_000 + i))
            .collect();
        let ids: Vec<Option<&str>> = (0..100).map(|_| Some("batch")).collect();
        let targets: Vec<[&str; 3]> = (0..100)
            .map(|i| [names[i].as_str(), never[i].as_str(), "batch"])
            .collect();
        let links: Vec<&[&str]> = targets.iter().map(|t| t.as_slice()).collect();
        let expected: Vec<(u64, u32, String)> = (0..100)
            .map(|i| (i as u64 + 1, 2, never[i].clone()))
            .collect();
        for memory in [2048, 64 << 20] {
            let mut i = index(memory, &ids, &links);
            let got = i.add_known_ids(text.as_bytes(), "ids.txt").unwrap();
            assert_eq!(
                got,
                KnownIds {
                    records: false,
                    ids: 20_000,
                    unreadable: 0
                }
            );
            if memory == 2048 {
                assert!(i.spilled_runs() > 100, "{}", i.spilled_runs());
            }
            assert_eq!(missing(&mut i), expected, "memory {memory}");
        }
    }

    #[test]
    fn known_ids_text_or_records() {
        // A text file of long numeric ids is not taken for ISO 2709.
        assert_eq!(
            records_serialization(b"012345678901234567890123456789\n1\n"),
            None
        );
        assert_eq!(records_serialization(b"RU\\NLR\\bibl\\5996\n"), None);
        assert_eq!(records_serialization(b"# ids\n"), None);
        assert_eq!(
            records_serialization(b"00425nam2 2200157   450 \x1e"),
            Some(Serialization::Iso2709)
        );
        assert_eq!(
            records_serialization(b"00385nam a2200121 i 4500"),
            Some(Serialization::Iso2709)
        );
        assert_eq!(
            records_serialization(b"<?xml version=\"1.0\"?>"),
            Some(Serialization::MarcXml)
        );
    }

    #[test]
    fn org_prefix() {
        assert_eq!(strip_org("(RuMoRGB)01003543129"), "01003543129");
        assert_eq!(strip_org(" 123 "), "123");
    }
}
