//! The streaming engine: one reader thread frames records and copies them into chunks, a
//! rayon pool validates chunks, and results come out in input order whatever the number of
//! threads. The channel of chunks is bounded, so memory stays flat however large the input.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;

use serde::Serialize;
use yozuv::iso2709::{Frame, ReadMode, Reader};
use yozuv::{Damage, RawRecord, Record, Warning};

use crate::duplicates::{record_keys, DuplicateIndex, DuplicateOptions, RecordKeys};
use crate::rules::{
    CharsetRule, ControlFieldRule, Emitter, FieldIndex, FormatRule, FoundCharset, IdentifierRule,
    LeaderRule, PresenceRule, RecordView, Rule, TextInspector, TextRule, UdcChecker, UdcRule,
    YozuvText, YozuvUdc,
};
use crate::{
    Arg, Diagnostic, Error, Flavour, FlavourChoice, Location, Profile, RecordRef, Severity,
};

mod main_base;
pub use main_base::MainBaseRead;

/// One input: a name for reports and a byte stream.
pub struct Input {
    /// File name (or `-`).
    pub name: String,
    /// The bytes.
    pub reader: Box<dyn Read + Send>,
}

/// How a run goes.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Worker threads (0: as many as cores).
    pub jobs: usize,
    /// Records per chunk.
    pub chunk_records: usize,
    /// Bytes per chunk (a chunk closes at whichever limit comes first).
    pub chunk_bytes: usize,
    /// Keep the mnemonic text of records with diagnostics (for the HTML report).
    pub keep_mnemonic: bool,
    /// Keep each diagnostic's message arguments after its text is formatted (JSON reports
    /// and library callers read them). Without them a diagnostic crosses from the worker to
    /// the reporting thread with a few allocations fewer.
    pub keep_args: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            jobs: 0,
            chunk_records: 128,
            chunk_bytes: 256 << 10,
            keep_mnemonic: false,
            keep_args: true,
        }
    }
}

/// The result of validating one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOutcome {
    /// Input index.
    pub file: usize,
    /// Record number in the input, from 1.
    pub number: u64,
    /// Byte offset of the record's first byte.
    pub offset: u64,
    /// The record's length in bytes.
    pub length: u64,
    /// The 001.
    pub id001: Option<Arc<str>>,
    /// The flavour it was checked as (`None` when it could not be parsed).
    pub flavour: Option<Flavour>,
    /// Its diagnostics, in rule order.
    pub diagnostics: Vec<Diagnostic>,
    /// Mnemonic text (when asked for and the record has diagnostics).
    pub mnemonic: Option<String>,
    /// True when the record goes to `--rejected`: an error, or an error-severity repeat.
    pub rejected: bool,
    /// Its links to other records (for the whole-batch rule `link.target-missing`).
    pub links: crate::links::RecordLinks,
}

impl RecordOutcome {
    /// The worst severity among its diagnostics.
    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

/// Counts for a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Profile name.
    pub profile: String,
    /// Input names.
    pub files: Vec<FileSummary>,
    /// Records read.
    pub records: u64,
    /// Records with no error (they go to `--clean`).
    pub clean: u64,
    /// Records with an error (they go to `--rejected`).
    pub rejected: u64,
    /// Diagnostics by severity.
    pub errors: u64,
    /// Warnings.
    pub warnings: u64,
    /// Infos.
    pub infos: u64,
    /// Per rule id: [errors, warnings, infos].
    pub by_rule: BTreeMap<String, [u64; 3]>,
    /// Bytes of all records.
    pub record_bytes: u64,
    /// Bytes outside records (junk).
    pub junk_bytes: u64,
}

/// Per input counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    /// Input name.
    pub name: String,
    /// Records.
    pub records: u64,
    /// Records with errors.
    pub rejected: u64,
    /// Error diagnostics.
    pub errors: u64,
    /// Warning diagnostics.
    pub warnings: u64,
}

impl Summary {
    /// Counts a record's diagnostics: rules report in runs (a 007 with ten bad positions),
    /// so the per-rule slot is looked up once per run of one rule, not per diagnostic.
    fn count_all(&mut self, diagnostics: &[Diagnostic]) {
        let mut rest = diagnostics;
        while let Some(first) = rest.first() {
            let run = rest
                .iter()
                .take_while(|d| Arc::ptr_eq(&d.rule, &first.rule) || d.rule == first.rule)
                .count();
            let (same, next) = rest.split_at(run);
            rest = next;
            let mut by_severity = [0u64; 3];
            for d in same {
                by_severity[match d.severity {
                    Severity::Error => 0,
                    Severity::Warning => 1,
                    Severity::Info => 2,
                }] += 1;
                if let Some(f) = self.files.get_mut(d.location.file) {
                    match d.severity {
                        Severity::Error => f.errors += 1,
                        Severity::Warning => f.warnings += 1,
                        Severity::Info => {}
                    }
                }
            }
            let slot = match self.by_rule.get_mut(&*first.rule) {
                Some(slot) => slot,
                None => self.by_rule.entry(first.rule.to_string()).or_insert([0; 3]),
            };
            for (s, n) in slot.iter_mut().zip(by_severity) {
                *s += n;
            }
            self.errors += by_severity[0];
            self.warnings += by_severity[1];
            self.infos += by_severity[2];
        }
    }

    fn count(&mut self, d: &Diagnostic) {
        // Most rules are already counted: one look-up, no key allocation.
        let slot = match self.by_rule.get_mut(&*d.rule) {
            Some(slot) => slot,
            None => self.by_rule.entry(d.rule.to_string()).or_insert([0; 3]),
        };
        match d.severity {
            Severity::Error => {
                self.errors += 1;
                slot[0] += 1;
            }
            Severity::Warning => {
                self.warnings += 1;
                slot[1] += 1;
            }
            Severity::Info => {
                self.infos += 1;
                slot[2] += 1;
            }
        }
        if let Some(f) = self.files.get_mut(d.location.file) {
            match d.severity {
                Severity::Error => f.errors += 1,
                Severity::Warning => f.warnings += 1,
                Severity::Info => {}
            }
        }
    }
}

/// What the engine tells its caller, in input order.
pub trait Events {
    /// An input starts.
    fn file_start(&mut self, _file: usize, _name: &str) -> Result<(), Error> {
        Ok(())
    }
    /// One record, with its original bytes.
    fn record(&mut self, outcome: &RecordOutcome, bytes: &[u8]) -> Result<(), Error>;
    /// Diagnostics outside any record (junk after the last record of a file, duplicate
    /// clusters, batch rules). Called at the end of each file and once after the stream.
    fn batch(&mut self, _diagnostics: &[Diagnostic]) -> Result<(), Error> {
        Ok(())
    }
    /// An input ends.
    fn file_end(&mut self, _file: usize) -> Result<(), Error> {
        Ok(())
    }
    /// How the records of input `file` are laid out (told before its first record, for
    /// MARCXML, MARC-in-JSON and mnemonic inputs; ISO 2709 inputs are not told).
    fn container(&mut self, _file: usize, _container: &Container) -> Result<(), Error> {
        Ok(())
    }
}

/// How an input holds its records, for writers that copy records byte for byte
/// ([`crate::report::PassThrough`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Container {
    /// ISO 2709: records one after another.
    Iso2709,
    /// MARCXML: each record's bytes are a `<record>` element; `head` and `tail` make a
    /// document of them (the input's XML declaration and `<collection …>` start tag, see
    /// [`yozuv::marcxml::collection_wrapper`]).
    MarcXml {
        /// The XML declaration and the collection start tag, ending with a line end.
        head: Vec<u8>,
        /// The collection end tag and a line end.
        tail: Vec<u8>,
    },
    /// MARC-in-JSON: each record's bytes are one object; `array` when the input was one
    /// JSON array (otherwise objects one after another, as JSON Lines).
    Json {
        /// A top-level array.
        array: bool,
    },
    /// Mnemonic text: each record's bytes are its lines; records are separated by a blank line.
    Mnemonic,
}

/// Decodes a raw record into a [`Record`] (the seam for `yozuv::encoding`), filling the given
/// one in place so that its allocations serve the next record too.
pub type Decoder = dyn Fn(&RawRecord<'_>, &mut Record) -> Result<(), yozuv::Error> + Send + Sync;

/// A validator: a profile, the rules, and the pluggable pieces (decoder, flavour detector,
/// text inspector, UDC checker).
///
/// ```
/// use yozuv_batch::{Input, Profile, Registry, RunOptions, Validator, CollectEvents};
/// let profile = Profile::bundled("marc21", Registry::builtin()).unwrap();
/// let validator = Validator::new(profile);
/// let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/iso2709/summerland.mrc")).unwrap();
/// let mut events = CollectEvents::default();
/// let summary = validator
///     .run(vec![Input { name: "summerland.mrc".into(), reader: Box::new(std::io::Cursor::new(bytes)) }],
///          RunOptions::default(), &mut events)
///     .unwrap();
/// assert_eq!(summary.records, 1);
/// assert_eq!(summary.errors, 0);
/// ```
pub struct Validator {
    profile: Arc<Profile>,
    rules: Vec<Arc<dyn Rule>>,
    text: Arc<dyn TextInspector>,
    decoder: Arc<Decoder>,
    decodes_legacy: bool,
    detect: fn(&Record) -> yozuv::format::FlavourGuess,
    messages: Option<Arc<crate::Messages>>,
    /// Whole-batch link index of the current run (`link.target-missing`); only the thread
    /// emitting results in order touches it. Runs of one validator must not overlap while
    /// that rule is on (each run starts a fresh index).
    links: std::sync::Mutex<crate::links::LinkIndex>,
    duplicates: DuplicateOptions,
    /// The profile the duplicate keys are computed under when it differs from `profile`: a
    /// main-base rule on whose batch rule is off still needs its keys.
    keys_profile: Option<Arc<Profile>>,
    /// What the last run read of each main-base file.
    main_base_read: std::sync::Mutex<Vec<MainBaseRead>>,
}

/// Framed records of one input, copied out of the reader's buffer.
struct Chunk {
    file: usize,
    data: Vec<u8>,
    frames: Vec<FrameMeta>,
    /// Where `data` goes back when the chunk is dropped (after its records are emitted).
    pool: Arc<BufferPool>,
}

/// Chunk buffers handed back by the thread that emitted them, for the reader to refill: a
/// fresh 256 KiB buffer per chunk cost a page fault per 4 KiB of input (~5,000 for 20 MB).
/// Holds at most [`POOL_MAX`] buffers, so memory stays bounded.
#[derive(Default)]
struct BufferPool(std::sync::Mutex<Vec<Vec<u8>>>);

const POOL_MAX: usize = 16;

impl BufferPool {
    fn take(&self, capacity: usize) -> Vec<u8> {
        let reused = self.0.lock().ok().and_then(|mut buffers| buffers.pop());
        reused.unwrap_or_else(|| Vec::with_capacity(capacity))
    }
}

impl Drop for Chunk {
    fn drop(&mut self) {
        // Not cleared: the ISO 2709 reader reads into a recycled buffer's whole length, which
        // then needs no zeroing again (chunks that append to their buffer clear it first).
        let data = std::mem::take(&mut self.data);
        if let Ok(mut buffers) = self.pool.0.lock() {
            if buffers.len() < POOL_MAX {
                buffers.push(data);
            }
        }
    }
}

struct FrameMeta {
    start: usize,
    end: usize,
    number: u64,
    offset: u64,
    warnings: Vec<Warning>,
    /// A MARCXML / MARC-in-JSON record the reader could not read (then there are no bytes).
    syntax: Option<Box<yozuv::Error>>,
    /// MARCXML / MARC-in-JSON / mnemonic: where the record's original bytes are in the
    /// chunk's data (after its ISO 2709 form); they are what events receive.
    source: Option<(usize, usize)>,
}

/// Where a producer of whole-batch diagnostics hands them, one by one.
type DiagnosticSink<'a> = dyn FnMut(Diagnostic) -> Result<(), Error> + 'a;

/// Results of work handed out in sequence, given back in sequence whatever order they
/// finish in.
struct InOrder<T> {
    sent: u64,
    next: u64,
    ready: BTreeMap<u64, T>,
}

impl<T> Default for InOrder<T> {
    fn default() -> Self {
        InOrder {
            sent: 0,
            next: 0,
            ready: BTreeMap::new(),
        }
    }
}

impl<T> InOrder<T> {
    /// The sequence number of the next piece of work handed out.
    fn next_seq(&mut self) -> u64 {
        self.sent += 1;
        self.sent - 1
    }

    /// Pieces handed out and not yet given back.
    fn waiting(&self) -> u64 {
        self.sent - self.next
    }

    /// Takes one finished piece (waiting for it when `block`) and gives back every piece now
    /// in sequence. False when nothing was there.
    fn receive(
        &mut self,
        rx: &Receiver<(u64, T)>,
        block: bool,
        give: &mut dyn FnMut(T) -> Result<(), Error>,
    ) -> Result<bool, Error> {
        let got = if block {
            rx.recv().ok()
        } else {
            rx.try_recv().ok()
        };
        let Some((seq, item)) = got else {
            return Ok(false);
        };
        self.ready.insert(seq, item);
        while let Some(item) = self.ready.remove(&self.next) {
            give(item)?;
            self.next += 1;
        }
        Ok(true)
    }
}

enum Message {
    FileStart(usize),
    /// How a MARCXML / JSON / mnemonic input holds its records (before its first chunk).
    Container(usize, Container),
    Chunk(Chunk),
    /// Junk after the last record: (offset, length).
    FileEnd(usize, Vec<(u64, usize)>, &'static str),
    Failed(Error),
}

fn damage_args(d: &Damage) -> Vec<(&'static str, Arg)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(d) else {
        return Vec::new();
    };
    let mut args = Vec::new();
    for (k, v) in map {
        let name: &'static str = match k.as_str() {
            "length" => "length",
            "declared" => "declared",
            "actual" => "actual",
            "limit" => "limit",
            "found" => "found",
            "index" => "index",
            "code" => "code",
            "byte" => "byte",
            "charset" => "charset",
            "declaration" => "declaration",
            "via" => "via",
            "text" => "text",
            "character" => "character",
            _ => continue,
        };
        let arg = match (&v, name) {
            (serde_json::Value::Number(n), "found") => {
                let b = n.as_u64().unwrap_or(0) as u8;
                Arg::Text(if b.is_ascii_graphic() {
                    format!("'{}'", b as char)
                } else {
                    format!("0x{b:02x}")
                })
            }
            (serde_json::Value::Number(n), "code" | "byte") => {
                Arg::Text(format!("0x{:02x}", n.as_u64().unwrap_or(0)))
            }
            (serde_json::Value::Number(n), _) => Arg::Number(n.as_i64().unwrap_or(0)),
            (serde_json::Value::String(s), _) => Arg::Text(s.clone()),
            (other, _) => Arg::Text(other.to_string()),
        };
        args.push((name, arg));
    }
    args
}

/// The outcome of a record that could not be read or decoded: rejected, with what was
/// found, and no keys for the whole-batch rules.
fn unreadable(
    file: usize,
    number: u64,
    offset: u64,
    length: u64,
    diagnostics: Vec<Diagnostic>,
) -> (RecordOutcome, RecordKeys) {
    (
        RecordOutcome {
            file,
            number,
            offset,
            length,
            id001: None,
            flavour: None,
            diagnostics,
            mnemonic: None,
            rejected: true,
            links: Default::default(),
        },
        RecordKeys::default(),
    )
}

fn push_warning(em: &mut Emitter<'_>, index: &FieldIndex, base: &Location, w: &Warning) {
    let mut loc = base.clone();
    loc.offset = w.position.byte;
    loc.tag = w.position.tag;
    loc.subfield = w.position.subfield;
    if let Some(tag) = w.position.tag {
        loc.occurrence = index
            .locate(tag, w.position.byte)
            .map(|i| index.fields[i].2);
    }
    em.push(
        w.damage.id(),
        loc,
        damage_args(&w.damage),
        Some(w.damage.to_string()),
        Vec::new(),
    );
}

impl Validator {
    /// A validator with the built-in rules.
    pub fn new(profile: Profile) -> Self {
        let text: Arc<dyn TextInspector> = Arc::new(YozuvText);
        let udc: Arc<dyn UdcChecker> = Arc::new(YozuvUdc);
        Validator {
            keys_profile: main_base::keys_profile(&profile).map(Arc::new),
            main_base_read: Default::default(),
            profile: Arc::new(profile),
            rules: vec![
                Arc::new(CharsetRule),
                Arc::new(TextRule::new(text.clone())),
                Arc::new(LeaderRule),
                Arc::new(ControlFieldRule),
                Arc::new(PresenceRule),
                Arc::new(IdentifierRule),
                Arc::new(UdcRule::new(udc)),
                Arc::new(FormatRule::new()),
                Arc::new(crate::rules::BbkRule),
                Arc::new(crate::rules::UnicatRule),
            ],
            text,
            decoder: Arc::new(|raw: &RawRecord<'_>, record: &mut Record| {
                raw.decode_into(&yozuv::encoding::DecodeOptions::default(), record)
            }),
            // `to_record` decodes every character set yozuv knows (yozuv::encoding),
            // checking the declaration against the bytes, so 8-bit text is real text.
            decodes_legacy: true,
            detect: yozuv::format::detect_flavour,
            messages: None,
            links: Default::default(),
            duplicates: DuplicateOptions::default(),
        }
    }

    /// Sets the memory budget and temporary directory of the duplicate index and of the link
    /// index (each gets the budget).
    pub fn with_duplicate_options(mut self, options: DuplicateOptions) -> Self {
        self.duplicates = options;
        self
    }

    /// The profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The rules it runs, in order (each asked only when the profile runs one of its
    /// [`Rule::ids`]).
    pub fn rules(&self) -> &[Arc<dyn Rule>] {
        &self.rules
    }

    /// Adds a rule (a plug-in from another crate).
    pub fn with_rule(mut self, rule: Arc<dyn Rule>) -> Self {
        self.rules.push(rule);
        self
    }

    /// Replaces the text inspector (homoglyphs, apostrophes, search keys): the seam for
    /// `yozuv::text`.
    pub fn with_text(mut self, text: Arc<dyn TextInspector>) -> Self {
        for r in &mut self.rules {
            if r.ids().contains(&"text.mixed-script") {
                *r = Arc::new(TextRule::new(text.clone()));
            }
        }
        self.text = text;
        self
    }

    /// Replaces the UDC checker: the seam for `yozuv_udc`.
    pub fn with_udc(mut self, udc: Arc<dyn UdcChecker>) -> Self {
        for r in &mut self.rules {
            if r.ids().contains(&"udc.syntax") {
                *r = Arc::new(UdcRule::new(udc.clone()));
            }
        }
        self
    }

    /// Replaces the decoder: the seam for `yozuv::encoding`. `decodes_legacy` says whether it
    /// decodes 8-bit sets (MARC-8, ISO 5426, CP1251, …) properly, so that text rules can
    /// trust the text of such records.
    pub fn with_decoder(mut self, decoder: Arc<Decoder>, decodes_legacy: bool) -> Self {
        self.decoder = decoder;
        self.decodes_legacy = decodes_legacy;
        self
    }

    /// Formats every diagnostic's message on the worker threads in this language (reports
    /// then only copy it), which takes the formatting off the thread that writes reports.
    pub fn with_messages(mut self, messages: Arc<crate::Messages>) -> Self {
        self.messages = Some(messages);
        self
    }

    /// Replaces flavour detection (by default `yozuv::format::detect_flavour`).
    pub fn with_flavour_detector(
        mut self,
        detect: fn(&Record) -> yozuv::format::FlavourGuess,
    ) -> Self {
        self.detect = detect;
        self
    }

    /// The outcome of a MARCXML / MARC-in-JSON record that could not be read: one
    /// `input.syntax` error at its record number and byte offset (line and column in the
    /// detail), or `iso2709.too-long` when it was read but ISO 2709 cannot hold it; rejected.
    fn syntax_outcome(
        &self,
        file: usize,
        number: u64,
        offset: u64,
        error: &yozuv::Error,
    ) -> (RecordOutcome, RecordKeys) {
        let position = error.position();
        let mut location = Location {
            file,
            record: number,
            offset: position.byte,
            tag: position.tag,
            subfield: position.subfield,
            ..Location::default()
        };
        let (rule, args, detail) = match error {
            yozuv::Error::TooLong { length, limit, .. } => {
                // UZ-S02: the record was read; it just cannot be uploaded as ISO 2709. The
                // error's byte offset is in the ISO 2709 copy, so the record's own is used.
                location.offset = offset;
                let what = if position.tag.is_some() {
                    "field"
                } else {
                    "record"
                };
                let tag = position.tag.map(|t| t.to_string()).unwrap_or_default();
                let args = vec![
                    ("what", Arg::Text(what.into())),
                    ("tag", Arg::Text(tag)),
                    ("length", Arg::Number(*length as i64)),
                    ("limit", Arg::Number(*limit as i64)),
                ];
                ("iso2709.too-long", args, error.to_string())
            }
            _ => {
                let (format, detail) = match error {
                    yozuv::Error::Syntax { format, detail, .. } => (*format, detail.clone()),
                    other => ("input", other.to_string()),
                };
                let args = vec![
                    ("format", Arg::Text(format.into())),
                    ("detail", Arg::Text(detail.clone())),
                ];
                ("input.syntax", args, detail)
            }
        };
        let empty = FieldIndex::default();
        let mut em = Emitter::new(&self.profile, location.clone(), &empty, None);
        em.push(rule, location, args, Some(detail), Vec::new());
        (
            RecordOutcome {
                file,
                number,
                offset,
                length: 0,
                id001: None,
                flavour: None,
                diagnostics: em.into_diagnostics(),
                mnemonic: None,
                rejected: true,
                links: Default::default(),
            },
            RecordKeys::default(),
        )
    }

    /// Validates one framed record.
    fn validate(
        &self,
        file: usize,
        frame: Frame<'_>,
        keep_mnemonic: bool,
        record: &mut Record,
        rules: &[&dyn Rule],
    ) -> (RecordOutcome, RecordKeys) {
        let number = frame.number;
        let offset = frame.offset;
        let length = frame.bytes.len() as u64;
        let base = Location {
            file,
            record: number,
            offset,
            ..Location::default()
        };
        let profile = &*self.profile;
        let empty = FieldIndex::default();
        let raw = match frame.parse(ReadMode::Permissive) {
            Ok(raw) => raw,
            Err(e) => {
                let mut em = Emitter::new(profile, base.clone(), &empty, None);
                if let yozuv::Error::Damaged {
                    position,
                    damage,
                    warnings,
                    ..
                } = &e
                {
                    // Damage found before the fatal one comes first, in byte order.
                    let fatal = Warning {
                        position: *position,
                        damage: damage.clone(),
                    };
                    let mut all = warnings.clone();
                    all.push(fatal);
                    for w in &all {
                        push_warning(&mut em, &empty, &base, w);
                    }
                    // A record that cannot be read is rejected whatever the profile says.
                } else {
                    em.push(
                        "iso2709.record-length-invalid",
                        base.clone(),
                        vec![],
                        Some(e.to_string()),
                        vec![],
                    );
                }
                let mut diagnostics = em.into_diagnostics();
                // The damage that made the record unreadable is an error here, even when the
                // profile rates it a warning for records that can still be read (e.g.
                // `iso2709.directory-not-ascii`): a rejected record always shows why.
                if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
                    if let Some(last) = diagnostics.last_mut() {
                        last.severity = Severity::Error;
                    }
                }
                return unreadable(file, number, offset, length, diagnostics);
            }
        };
        let index = FieldIndex::new(&raw);
        let record = match (self.decoder)(&raw, record) {
            Ok(()) => &*record,
            Err(e) => {
                let mut em = Emitter::new(profile, base.clone(), &index, Some(&raw));
                for w in raw.warnings() {
                    push_warning(&mut em, &index, &base, w);
                }
                em.push(
                    "encoding.invalid-bytes",
                    base.clone(),
                    vec![],
                    Some(e.to_string()),
                    vec![],
                );
                let diagnostics = em.into_diagnostics();
                return unreadable(file, number, offset, length, diagnostics);
            }
        };
        // After decoding: the decoder has classified the record's bytes already.
        let found = FoundCharset::of(&raw);
        let id001: Option<Arc<str>> = record.control_value("001").map(|s| Arc::from(s.trim()));
        let base = Location {
            id001: id001.clone(),
            ..base
        };
        let (format, flavour, uncertain) = self.format_of(record);
        let mut em = Emitter::new(profile, base.clone(), &index, Some(&raw));
        if let Some(guess) = uncertain {
            em.record(
                "flavour.uncertain",
                vec![
                    ("flavour", Arg::Text(guess.flavour.as_str().into())),
                    ("evidence", Arg::Text(guess.evidence.join("; "))),
                ],
            );
        }
        for w in &record.warnings {
            push_warning(&mut em, &index, &base, w);
        }
        let view = RecordView {
            record,
            raw: &raw,
            flavour,
            format,
            profile,
            found,
            text_reliable: found != FoundCharset::EightBit || self.decodes_legacy,
        };
        for rule in rules {
            rule.check(&view, &mut em);
        }
        let keys = match &self.keys_profile {
            Some(keys_profile) => record_keys(
                &RecordView {
                    profile: keys_profile,
                    ..view
                },
                &*self.text,
            ),
            None => record_keys(&view, &*self.text),
        };
        let links = crate::links::record_links(&view, &index);
        let diagnostics = em.into_diagnostics();
        let rejected = diagnostics.iter().any(|d| d.severity == Severity::Error);
        let mnemonic =
            (keep_mnemonic && !diagnostics.is_empty()).then(|| yozuv::mnemonic::to_string(record));
        (
            RecordOutcome {
                file,
                number,
                offset,
                length,
                id001,
                flavour: Some(flavour),
                diagnostics,
                mnemonic,
                rejected,
                links,
            },
            keys,
        )
    }

    /// The format and flavour a record is checked as, and the detector's guess when it was
    /// not confident.
    fn format_of(
        &self,
        record: &Record,
    ) -> (
        yozuv::format::Flavour,
        Flavour,
        Option<yozuv::format::FlavourGuess>,
    ) {
        use yozuv::format::Flavour as Format;
        let profile = &*self.profile;
        let mut uncertain = None;
        let format = match (profile.format, profile.flavour) {
            (Some(format), _) => format,
            (None, FlavourChoice::Marc21) => Format::Marc21,
            (None, FlavourChoice::Unimarc) => match (self.detect)(record).flavour {
                Format::Rusmarc => Format::Rusmarc,
                _ => Format::Unimarc,
            },
            (None, FlavourChoice::Auto) => {
                let guess = (self.detect)(record);
                if !guess.confident {
                    uncertain = Some(guess.clone());
                }
                guess.flavour
            }
        };
        let flavour = match profile.flavour {
            FlavourChoice::Marc21 => Flavour::Marc21,
            FlavourChoice::Unimarc => Flavour::Unimarc,
            FlavourChoice::Auto => Flavour::of(format),
        };
        (format, flavour, uncertain)
    }

    fn validate_chunk(
        &self,
        chunk: &Chunk,
        options: &RunOptions,
    ) -> Vec<(RecordOutcome, RecordKeys)> {
        let keep_mnemonic = options.keep_mnemonic;
        // One record per chunk, refilled for each frame: its strings are reused.
        let mut record = Record::default();
        let rules = self.active_rules();
        chunk
            .frames
            .iter()
            .map(|m| {
                let frame = Frame {
                    bytes: &chunk.data[m.start..m.end],
                    number: m.number,
                    offset: m.offset,
                    warnings: m.warnings.clone(),
                };
                if let Some(error) = &m.syntax {
                    let mut outcome = self.syntax_outcome(chunk.file, m.number, m.offset, error);
                    if !m.warnings.is_empty() {
                        // Stray content before it (`marcxml.content-between-records`) first.
                        let base = outcome.0.diagnostics.first().map(|d| d.location.clone());
                        let empty = FieldIndex::default();
                        let base = base.unwrap_or_default();
                        let mut em = Emitter::new(&self.profile, base.clone(), &empty, None);
                        for w in &m.warnings {
                            push_warning(&mut em, &empty, &base, w);
                        }
                        let mut diagnostics = em.into_diagnostics();
                        diagnostics.append(&mut outcome.0.diagnostics);
                        outcome.0.diagnostics = diagnostics;
                    }
                    return outcome;
                }
                self.validate(chunk.file, frame, keep_mnemonic, &mut record, &rules)
            })
            .map(|(mut outcome, keys)| {
                // Messages are formatted here, on the worker threads, so that the thread
                // writing reports only copies them.
                if let Some(messages) = &self.messages {
                    for d in &mut outcome.diagnostics {
                        if d.text.is_none() {
                            d.text = Some(messages.diagnostic_shared(d));
                        }
                        if !options.keep_args {
                            // Freed here, by the thread that made them (cheaper for the
                            // allocator than a free from the reporting thread).
                            d.args = Vec::new();
                        }
                    }
                }
                (outcome, keys)
            })
            .collect()
    }

    /// The rules with at least one id the profile runs: a rule whose every id is off (the
    /// union-catalog checks under `marc21`) is not even asked, instead of asking the profile
    /// about each of its ids for every record.
    fn active_rules(&self) -> Vec<&dyn Rule> {
        self.rules
            .iter()
            .filter(|rule| rule.ids().iter().any(|id| self.profile.is_enabled(id)))
            .map(|rule| &**rule)
            .collect()
    }

    /// Validates `inputs` in order, telling `events` about every record in input order.
    /// Returns the summary. An I/O failure ends the run with an error; damaged records never do.
    pub fn run(
        &self,
        inputs: Vec<Input>,
        options: RunOptions,
        events: &mut dyn Events,
    ) -> Result<Summary, Error> {
        let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
        let mut summary = Summary {
            profile: self.profile.name.clone(),
            files: names
                .iter()
                .map(|n| FileSummary {
                    name: n.clone(),
                    ..FileSummary::default()
                })
                .collect(),
            ..Summary::default()
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.jobs)
            .thread_name(|i| format!("yozuv-validate-{i}"))
            .build()
            .map_err(|e| Error::io("thread pool", std::io::Error::other(e)))?;
        let jobs = pool.current_num_threads().max(1);
        let batch_size = jobs * 2;
        let (tx, rx) = sync_channel::<Message>(batch_size + 2);
        let mut duplicates = DuplicateIndex::for_profile(&self.profile, self.duplicates.clone());
        // A fresh link index for this run.
        *self.links.lock().unwrap_or_else(|e| e.into_inner()) =
            crate::links::LinkIndex::with_options(self.duplicates.clone());
        let mut flavours: BTreeMap<Flavour, (u64, Option<RecordRef>)> = BTreeMap::new();
        std::thread::scope(|scope| -> Result<(), Error> {
            scope.spawn(move || read_inputs(inputs, options, tx));
            // Owned here so that it is dropped (and the reader stops) if consuming fails.
            let rx = rx;
            self.consume(
                &rx,
                batch_size,
                options,
                &pool,
                events,
                &mut summary,
                &mut duplicates,
                &mut flavours,
            )
        })?;
        self.add_main_base(&pool, options, &mut duplicates)?;
        self.emit_clusters(&pool, events, &mut summary, &mut |sink| {
            duplicates.each_diagnostic(&self.profile, &names, sink)
        })?;
        drop(duplicates);
        let mut links = std::mem::take(&mut *self.links.lock().unwrap_or_else(|e| e.into_inner()));
        links.each_diagnostic(&self.profile, &mut |d| {
            summary.count(&d);
            events.batch(std::slice::from_ref(&d))
        })?;
        drop(links);
        let mut batch = Vec::new();
        if flavours.len() > 1 {
            if let Some(severity) = self.profile.severity("batch.mixed-flavour", None) {
                let (minority, (count, first)) = flavours
                    .iter()
                    .min_by_key(|(_, (n, _))| *n)
                    .map(|(f, v)| (*f, *v))
                    .unwrap_or((Flavour::Marc21, (0, None)));
                let first = first.unwrap_or(RecordRef {
                    file: 0,
                    record: 0,
                    offset: 0,
                });
                batch.push(Diagnostic {
                    location: Location {
                        file: first.file,
                        record: first.record,
                        offset: first.offset,
                        ..Location::default()
                    },
                    rule: Arc::from("batch.mixed-flavour"),
                    severity,
                    args: vec![
                        ("flavour", Arg::Text(minority.as_str().into())),
                        ("count", Arg::Number(count as i64)),
                        ("records", Arg::Number(summary.records as i64)),
                    ],
                    detail: None,
                    related: vec![first],
                    text: None,
                });
            }
        }
        for d in &batch {
            summary.count(d);
        }
        events.batch(&batch)?;
        Ok(summary)
    }

    /// Emits the duplicate clusters `produce` hands out, in its order. Every cluster's message
    /// is different (it lists the records), so it is formatted with Fluent, not through the
    /// per-thread message cache, which would only fill up with them: batches of clusters are
    /// formatted on the (by now idle) pool while the index goes on merging, since this is
    /// the serial tail of a run.
    fn emit_clusters(
        &self,
        pool: &rayon::ThreadPool,
        events: &mut dyn Events,
        summary: &mut Summary,
        produce: &mut dyn FnMut(&mut DiagnosticSink<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        const BATCH: usize = 64;
        let Some(messages) = self.messages.as_deref() else {
            return produce(&mut |d| {
                summary.count(&d);
                events.batch(std::slice::from_ref(&d))
            });
        };
        let in_flight = pool.current_num_threads().max(1) as u64 * 2;
        let (done_tx, done_rx) = std::sync::mpsc::channel::<(u64, Vec<Diagnostic>)>();
        pool.in_place_scope(|scope| -> Result<(), Error> {
            let mut order = InOrder::default();
            let mut pending: Vec<Diagnostic> = Vec::with_capacity(BATCH);
            let mut emit = |batch: Vec<Diagnostic>| -> Result<(), Error> {
                for d in &batch {
                    summary.count(d);
                }
                events.batch(&batch)
            };
            let send = |batch: Vec<Diagnostic>, order: &mut InOrder<Vec<Diagnostic>>| {
                let seq = order.next_seq();
                let done_tx = done_tx.clone();
                scope.spawn(move |_| {
                    let mut batch = batch;
                    for d in &mut batch {
                        let text = messages.format(&d.message_id(), None, &d.args);
                        d.text = Some(Arc::from(
                            text.or_else(|| d.detail.clone())
                                .unwrap_or_else(|| d.rule.to_string()),
                        ));
                    }
                    let _ = done_tx.send((seq, batch));
                });
            };
            produce(&mut |d| {
                pending.push(d);
                if pending.len() == BATCH {
                    let batch = std::mem::replace(&mut pending, Vec::with_capacity(BATCH));
                    send(batch, &mut order);
                    // Bounded: at most `in_flight` batches wait to be written.
                    while order.waiting() >= in_flight {
                        order.receive(&done_rx, true, &mut emit)?;
                    }
                    while order.receive(&done_rx, false, &mut emit)? {}
                }
                Ok(())
            })?;
            if !pending.is_empty() {
                send(std::mem::take(&mut pending), &mut order);
            }
            while order.waiting() > 0 {
                order.receive(&done_rx, true, &mut emit)?;
            }
            Ok(())
        })
    }

    /// Emits one validated chunk: duplicate index, counts, events, in input order.
    fn emit(
        &self,
        chunk: &Chunk,
        outcomes: Vec<(RecordOutcome, RecordKeys)>,
        events: &mut dyn Events,
        summary: &mut Summary,
        duplicates: &mut DuplicateIndex,
        flavours: &mut BTreeMap<Flavour, (u64, Option<RecordRef>)>,
    ) -> Result<(), Error> {
        for (meta, (mut outcome, keys)) in chunk.frames.iter().zip(outcomes) {
            let mut bytes = &chunk.data[meta.start..meta.end];
            if let Some((start, end)) = meta.source {
                // A MARCXML / JSON / mnemonic record: its original bytes; its offset and length
                // are its element's in the input. Offsets inside it were counted in its ISO
                // 2709 form and mean nothing in the input: they become the record's (the tag,
                // occurrence and subfield say where), except a syntax error's line and column.
                bytes = &chunk.data[start..end];
                outcome.length = bytes.len() as u64;
                if meta.syntax.is_none() {
                    for d in &mut outcome.diagnostics {
                        // Stray content between records keeps its own input offset.
                        if &*d.rule != CONTENT_BETWEEN_RECORDS {
                            d.location.offset = outcome.offset;
                        }
                    }
                }
            }
            for w in &meta.warnings {
                if let Damage::JunkBeforeRecord { length }
                | Damage::ContentBetweenRecords { length } = w.damage
                {
                    summary.junk_bytes += length as u64;
                }
            }
            let repeated = duplicates.add(outcome.file, outcome.number, outcome.offset, &keys)?;
            if self.profile.is_enabled(crate::links::LINK_RULE) {
                let record = RecordRef {
                    file: outcome.file,
                    record: outcome.number,
                    offset: outcome.offset,
                };
                self.links.lock().unwrap_or_else(|e| e.into_inner()).add(
                    record,
                    outcome.id001.as_ref(),
                    &outcome.links,
                )?;
            }
            if DuplicateIndex::rejects(&self.profile, repeated) {
                outcome.rejected = true;
            }
            if let Some(f) = outcome.flavour {
                let e = flavours.entry(f).or_insert((0, None));
                e.0 += 1;
                if e.1.is_none() {
                    e.1 = Some(RecordRef {
                        file: outcome.file,
                        record: outcome.number,
                        offset: outcome.offset,
                    });
                }
            }
            summary.records += 1;
            summary.record_bytes += outcome.length;
            if let Some(f) = summary.files.get_mut(outcome.file) {
                f.records += 1;
                if outcome.rejected {
                    f.rejected += 1;
                }
            }
            if outcome.rejected {
                summary.rejected += 1;
            } else {
                summary.clean += 1;
            }
            summary.count_all(&outcome.diagnostics);
            events.record(&outcome, bytes)?;
        }
        Ok(())
    }

    /// Handles a file start, file end or failure message from the reader.
    fn control(
        &self,
        message: Message,
        events: &mut dyn Events,
        summary: &mut Summary,
    ) -> Result<(), Error> {
        match message {
            Message::FileStart(file) => {
                let name = summary
                    .files
                    .get(file)
                    .map(|f| f.name.clone())
                    .unwrap_or_default();
                events.file_start(file, &name)?;
            }
            Message::FileEnd(file, junk, rule) => {
                let mut diags = Vec::new();
                for (offset, length) in junk {
                    summary.junk_bytes += length as u64;
                    if let Some(severity) = self.profile.severity(rule, None) {
                        diags.push(Diagnostic {
                            location: Location {
                                file,
                                record: 0,
                                offset,
                                ..Location::default()
                            },
                            rule: Arc::from(rule),
                            severity,
                            args: vec![("length", Arg::Number(length as i64))],
                            detail: None,
                            related: Vec::new(),
                            text: None,
                        });
                    }
                }
                for d in &diags {
                    summary.count(d);
                }
                if !diags.is_empty() {
                    events.batch(&diags)?;
                }
                events.file_end(file)?;
            }
            Message::Container(file, container) => events.container(file, &container)?,
            Message::Failed(e) => return Err(e),
            Message::Chunk(_) => {}
        }
        Ok(())
    }

    /// Receives chunks from the reader, validates them on the pool while earlier results are
    /// written, and emits results strictly in input order. At most `in_flight` chunks are being
    /// validated or waiting to be emitted at any time.
    #[allow(clippy::too_many_arguments)]
    fn consume(
        &self,
        rx: &Receiver<Message>,
        in_flight: usize,
        options: RunOptions,
        pool: &rayon::ThreadPool,
        events: &mut dyn Events,
        summary: &mut Summary,
        duplicates: &mut DuplicateIndex,
        flavours: &mut BTreeMap<Flavour, (u64, Option<RecordRef>)>,
    ) -> Result<(), Error> {
        type Validated = (Chunk, Vec<(RecordOutcome, RecordKeys)>);
        let (done_tx, done_rx) = std::sync::mpsc::channel::<(u64, Validated)>();
        pool.in_place_scope(|scope| -> Result<(), Error> {
            let mut order = InOrder::<Validated>::default();
            // Takes one validated chunk (waiting when `block`) and emits all now in order.
            let mut collect = |order: &mut InOrder<Validated>,
                               block: bool,
                               events: &mut dyn Events,
                               summary: &mut Summary| {
                order.receive(&done_rx, block, &mut |(chunk, outcomes)| {
                    self.emit(&chunk, outcomes, events, summary, duplicates, flavours)
                })
            };
            loop {
                match rx.recv() {
                    Ok(Message::Chunk(chunk)) => {
                        while order.waiting() >= in_flight as u64 {
                            collect(&mut order, true, events, summary)?;
                        }
                        let seq = order.next_seq();
                        let done_tx = done_tx.clone();
                        scope.spawn(move |_| {
                            let outcomes = self.validate_chunk(&chunk, &options);
                            let _ = done_tx.send((seq, (chunk, outcomes)));
                        });
                        while collect(&mut order, false, events, summary)? {}
                    }
                    other => {
                        // File boundaries come after all of the file's records.
                        while order.waiting() > 0 {
                            collect(&mut order, true, events, summary)?;
                        }
                        match other {
                            Ok(message) => self.control(message, events, summary)?,
                            Err(_) => return Ok(()),
                        }
                    }
                }
            }
        })
    }
}

/// The rule of text or elements other than `record` between (or after) MARCXML records.
const CONTENT_BETWEEN_RECORDS: &str = "marcxml.content-between-records";

/// The reader thread: frames every input's records into chunks. MARCXML, MARC-in-JSON and
/// mnemonic inputs (detected from their first bytes) are read record by record and each
/// record is re-encoded as ISO 2709, so the rules see the same thing whatever the input;
/// events still receive each record's original bytes and its offset in the input.
fn read_inputs(inputs: Vec<Input>, options: RunOptions, tx: std::sync::mpsc::SyncSender<Message>) {
    let pool = Arc::new(BufferPool::default());
    for (file, input) in inputs.into_iter().enumerate() {
        if tx.send(Message::FileStart(file)).is_err() {
            return;
        }
        let mut buffered = std::io::BufReader::with_capacity(256 * 1024, input.reader);
        let serialization = match std::io::BufRead::fill_buf(&mut buffered) {
            Ok(head) => yozuv::detect_format(&head[..head.len().min(512)]),
            Err(e) => {
                let _ = tx.send(Message::Failed(Error::io(input.name.clone(), e)));
                return;
            }
        };
        let sent = match serialization {
            yozuv::Serialization::MarcXml
            | yozuv::Serialization::Json
            | yozuv::Serialization::Mnemonic => {
                read_records(file, buffered, serialization, options, &tx, &pool)
                    .map(|junk| (junk, CONTENT_BETWEEN_RECORDS))
            }
            _ => {
                // Past the bytes read for detection, reads go straight to the input: the
                // framer reads into chunk buffers itself, and a BufReader would copy reads
                // smaller than its capacity once more.
                let head = std::io::Cursor::new(buffered.buffer().to_vec());
                read_frames(file, head.chain(buffered.into_inner()), options, &tx, &pool)
                    .map(|junk| (junk, "iso2709.junk-after-last-record"))
            }
        };
        let Some((trailing, rule)) = sent else {
            return;
        };
        if tx.send(Message::FileEnd(file, trailing, rule)).is_err() {
            return;
        }
    }
}

fn new_chunk(file: usize, options: &RunOptions, pool: &Arc<BufferPool>) -> Chunk {
    let mut data = pool.take(options.chunk_bytes + 64 * 1024);
    data.clear();
    Chunk {
        file,
        data,
        frames: Vec::with_capacity(options.chunk_records),
        pool: Arc::clone(pool),
    }
}

/// Sends `chunk` when it is full; false when the receiver is gone.
fn send_if_full(
    chunk: &mut Chunk,
    options: &RunOptions,
    tx: &std::sync::mpsc::SyncSender<Message>,
) -> bool {
    if chunk.frames.len() >= options.chunk_records || chunk.data.len() >= options.chunk_bytes {
        let next = new_chunk(chunk.file, options, &chunk.pool);
        let full = std::mem::replace(chunk, next);
        return tx.send(Message::Chunk(full)).is_ok();
    }
    true
}

/// ISO 2709: records framed straight into chunk buffers by [`Reader::next_block`] (no copy
/// per record). Returns the junk after the last record, or `None` when the run must stop.
fn read_frames<R: Read>(
    file: usize,
    read: R,
    options: RunOptions,
    tx: &std::sync::mpsc::SyncSender<Message>,
    pool: &Arc<BufferPool>,
) -> Option<Vec<(u64, usize)>> {
    let mut reader = Reader::new(read, ReadMode::Permissive);
    let mut frames = Vec::with_capacity(options.chunk_records);
    let mut last_end = 0u64;
    loop {
        let mut data = pool.take(options.chunk_bytes + 64 * 1024);
        match reader.next_block(
            &mut data,
            &mut frames,
            options.chunk_records,
            options.chunk_bytes,
        ) {
            Err(e) => {
                let _ = tx.send(Message::Failed(Error::Read(e)));
                return None;
            }
            Ok(false) => break,
            Ok(true) => {}
        }
        let frames = frames
            .drain(..)
            .map(|f| {
                last_end = f.offset + (f.end - f.start) as u64;
                FrameMeta {
                    start: f.start,
                    end: f.end,
                    number: f.number,
                    offset: f.offset,
                    warnings: f.warnings,
                    syntax: None,
                    source: None,
                }
            })
            .collect();
        let chunk = Chunk {
            file,
            data,
            frames,
            pool: Arc::clone(pool),
        };
        if tx.send(Message::Chunk(chunk)).is_err() {
            return None;
        }
    }
    Some(
        reader
            .junk()
            .iter()
            .copied()
            .filter(|&(off, _)| off >= last_end)
            .collect(),
    )
}

/// MARCXML / MARC-in-JSON / mnemonic text: records re-encoded as ISO 2709 for the rules, with
/// their original bytes (what events receive) after them in the chunk; a record the reader
/// cannot read is a frame without ISO 2709 bytes carrying its error (and its original bytes
/// when the reader could delimit them). The input's [`Container`] is sent before its first
/// record. Offsets are those of the records in the input.
fn read_records<R: Read>(
    file: usize,
    read: R,
    serialization: yozuv::Serialization,
    options: RunOptions,
    tx: &std::sync::mpsc::SyncSender<Message>,
    pool: &Arc<BufferPool>,
) -> Option<Vec<(u64, usize)>> {
    let mut reader =
        match yozuv::AnyReader::open_with(read, Some(serialization), ReadMode::Permissive) {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.send(Message::Failed(Error::Read(e)));
                return None;
            }
        };
    let container = |reader: &yozuv::AnyReader<R>| match serialization {
        yozuv::Serialization::MarcXml => {
            let (head, tail) = yozuv::marcxml::collection_wrapper(reader.xml_prologue());
            Container::MarcXml { head, tail }
        }
        yozuv::Serialization::Json => Container::Json {
            array: reader.json_style() == Some(yozuv::json::Style::Array),
        },
        yozuv::Serialization::Mnemonic => Container::Mnemonic,
        yozuv::Serialization::Iso2709 => Container::Iso2709,
    };
    let mut chunk = new_chunk(file, &options, pool);
    let mut told = false;
    let mut number = 0u64;
    let mut next_offset = 0u64;
    while let Some(item) = reader.next() {
        number += 1;
        if !told {
            told = true;
            if tx
                .send(Message::Container(file, container(&reader)))
                .is_err()
            {
                return None;
            }
        }
        let start = chunk.data.len();
        // Stray content before the record (in the input, not in the record): the reader's
        // warning goes with the frame, whose ISO 2709 form cannot carry it.
        let mut stray: Vec<yozuv::Warning> = item
            .as_ref()
            .map(|record| {
                record
                    .warnings
                    .iter()
                    .filter(|w| matches!(w.damage, Damage::ContentBetweenRecords { .. }))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        // Before a record that could not be read, the reader keeps it apart.
        if let Some((at, length)) = reader.xml_stray_before_error() {
            stray.push(yozuv::Warning {
                position: yozuv::Position::new(number, at),
                damage: Damage::ContentBetweenRecords { length },
            });
        }
        let encoded = item.and_then(|record| record.to_iso2709());
        let syntax = match encoded {
            Ok(bytes) => {
                chunk.data.extend_from_slice(&bytes);
                None
            }
            Err(e @ yozuv::Error::Io { .. }) => {
                let _ = tx.send(Message::Failed(Error::Read(e)));
                return None;
            }
            Err(e) => Some(Box::new(e)),
        };
        let end = chunk.data.len();
        let offset = match (reader.last_span(), &syntax) {
            (Some(span), _) => span.start,
            (None, Some(e)) => e.position().byte,
            (None, None) => next_offset,
        };
        let source = reader.last_bytes().map(|original| {
            chunk.data.extend_from_slice(original);
            (end, chunk.data.len())
        });
        next_offset = reader.last_span().map_or(offset, |span| span.end);
        chunk.frames.push(FrameMeta {
            start,
            end,
            number,
            offset,
            warnings: stray,
            syntax,
            source,
        });
        if !send_if_full(&mut chunk, &options, tx) {
            return None;
        }
    }
    if !told
        && tx
            .send(Message::Container(file, container(&reader)))
            .is_err()
    {
        return None;
    }
    if !chunk.frames.is_empty() && tx.send(Message::Chunk(chunk)).is_err() {
        return None;
    }
    Some(reader.xml_trailing_junk().into_iter().collect())
}

/// [`Events`] that keeps everything in memory (for tests and small batches).
#[derive(Debug, Default)]
pub struct CollectEvents {
    /// Every record's outcome.
    pub records: Vec<RecordOutcome>,
    /// Batch diagnostics.
    pub batch: Vec<Diagnostic>,
}

impl Events for CollectEvents {
    fn record(&mut self, outcome: &RecordOutcome, _bytes: &[u8]) -> Result<(), Error> {
        self.records.push(outcome.clone());
        Ok(())
    }

    fn batch(&mut self, diagnostics: &[Diagnostic]) -> Result<(), Error> {
        self.batch.extend_from_slice(diagnostics);
        Ok(())
    }
}

#[cfg(test)]
mod summary_tests {
    use super::*;

    /// Counting a record's diagnostics by runs of one rule gives the counts of counting
    /// them one by one.
    #[test]
    fn count_all_matches_one_by_one() {
        let d = |rule: &str, severity: Severity, file: usize| Diagnostic {
            location: Location {
                file,
                ..Location::default()
            },
            rule: Arc::from(rule),
            severity,
            args: Vec::new(),
            detail: None,
            related: Vec::new(),
            text: None,
        };
        let shared: Arc<str> = Arc::from("format.fixed-field-code");
        let mut same_arc = d("x", Severity::Error, 0);
        same_arc.rule = shared.clone();
        let mut diagnostics = vec![
            d("format.fixed-field-code", Severity::Error, 0),
            same_arc.clone(),
            same_arc,
            d("format.fixed-field-code", Severity::Warning, 1),
            d("leader.invalid-code", Severity::Info, 1),
            d("format.fixed-field-code", Severity::Error, 7),
            d("chars.not-nfc", Severity::Warning, 0),
            d("chars.not-nfc", Severity::Warning, 0),
        ];
        diagnostics[1].rule = shared;
        let empty = || Summary {
            files: vec![FileSummary::default(), FileSummary::default()],
            ..Summary::default()
        };
        let mut by_runs = empty();
        by_runs.count_all(&diagnostics);
        by_runs.count_all(&diagnostics[2..5]);
        by_runs.count_all(&[]);
        let mut one_by_one = empty();
        for x in diagnostics.iter().chain(&diagnostics[2..5]) {
            one_by_one.count(x);
        }
        assert_eq!(by_runs, one_by_one);
        assert_eq!(by_runs.by_rule["format.fixed-field-code"], [5, 2, 0]);
        assert_eq!(by_runs.errors, 5);
    }
}

#[cfg(test)]
mod in_order_tests {
    use super::*;

    /// Work finishing in any order is given back in the order it was handed out, and a
    /// piece is only given back once every earlier one is.
    #[test]
    fn gives_back_in_sequence() {
        let (tx, rx) = std::sync::mpsc::channel::<(u64, u64)>();
        let mut order = InOrder::default();
        let seqs: Vec<u64> = (0..5).map(|_| order.next_seq()).collect();
        assert_eq!(seqs, [0, 1, 2, 3, 4]);
        assert_eq!(order.waiting(), 5);
        let mut got = Vec::new();
        for seq in [3, 1, 0, 4, 2] {
            tx.send((seq, seq * 10)).unwrap();
            order
                .receive(&rx, true, &mut |v| {
                    got.push(v);
                    Ok(())
                })
                .unwrap();
            if seq == 3 || seq == 1 {
                assert!(got.is_empty(), "nothing before piece 0 is back");
            }
        }
        assert_eq!(got, [0, 10, 20, 30, 40]);
        assert_eq!(order.waiting(), 0);
        let nothing = order.receive(&rx, false, &mut |_| Ok(())).unwrap();
        assert!(!nothing);
    }
}
