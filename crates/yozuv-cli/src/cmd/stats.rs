//! `yozuv stats`: records, fields, bytes, errors and warnings per file.

use std::io::{BufRead, BufReader, Read};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

use serde::Serialize;
use yozuv::encoding::DecodeOptions;
use yozuv::iso2709::{Frame, ReadMode, Reader};
use yozuv::{AnyReader, RawRecord, Serialization};
use yozuv::{Error, Warning};

use crate::{input, Outcome};

/// Arguments of `yozuv stats`.
#[derive(clap::Args)]
pub struct Args {
    /// ISO 2709 files (`-` for standard input).
    #[arg(required = true)]
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Refuse damaged records instead of repairing what can be repaired.
    #[arg(long)]
    strict: bool,
    /// Threads that parse records [default: the machine's cores, at most 4]; one more
    /// thread reads. `--threads 1` reads and parses on a single thread.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Also decode every record as this character set and count the bytes that are
    /// not valid in it as warnings (without it, records are not decoded).
    #[arg(long, value_name = "CHARSET")]
    assume_charset: Option<yozuv::encoding::Charset>,
    /// Also decode every record to UTF-8 (character set detected from the bytes and checked
    /// against the declaration) and count what decoding reports as warnings.
    #[arg(long)]
    decode: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Default, Serialize, Clone, Copy)]
struct Counts {
    records: u64,
    fields: u64,
    subfields: u64,
    bytes: u64,
    errors: u64,
    warnings: u64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.records += o.records;
        self.fields += o.fields;
        self.subfields += o.subfields;
        self.bytes += o.bytes;
        self.errors += o.errors;
        self.warnings += o.warnings;
    }
}

/// Junk spans skipped by the framer, and the span after the last record.
type Junk = (Vec<(u64, usize)>, Option<(u64, usize)>);

/// Bytes of framed records gathered before they are handed to the parsing thread.
const BATCH_BYTES: usize = 256 << 10;

/// Framed records, copied out of the reader's buffer so another thread can parse them.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    frames: Vec<FrameInfo>,
}

/// Where one framed record sits in a [`Batch`], and what framing found.
struct FrameInfo {
    start: usize,
    end: usize,
    number: u64,
    offset: u64,
    warnings: Vec<Warning>,
}

impl Batch {
    fn push(&mut self, frame: Frame<'_>) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(frame.bytes);
        self.frames.push(FrameInfo {
            start,
            end: self.bytes.len(),
            number: frame.number,
            offset: frame.offset,
            warnings: frame.warnings,
        });
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.frames.clear();
    }
}

/// Counts the records of one batch into `c`.
fn count_batch(
    batch: &mut Batch,
    mode: ReadMode,
    decode: Option<DecodeOptions>,
    c: &mut Counts,
) -> Result<(), Error> {
    for info in batch.frames.drain(..) {
        let frame = Frame {
            bytes: &batch.bytes[info.start..info.end],
            number: info.number,
            offset: info.offset,
            warnings: info.warnings,
        };
        count_record(frame.parse(mode), decode, c)?;
    }
    batch.clear();
    Ok(())
}

/// Counts one record (sound, repaired or damaged) into `c`. Every field and every
/// subfield is parsed: this is what the read benchmark times.
fn count_record(
    item: Result<RawRecord<'_>, Error>,
    decode: Option<DecodeOptions>,
    c: &mut Counts,
) -> Result<(), Error> {
    c.records += 1;
    match item {
        Ok(raw) => {
            c.bytes += raw.as_bytes().len() as u64;
            c.warnings += raw.warnings().len() as u64;
            for f in raw.fields() {
                c.fields += 1;
                c.subfields += f.subfields().count() as u64;
            }
            if let Some(options) = decode {
                let record = raw.decode(&options)?;
                c.warnings += (record.warnings.len() - raw.warnings().len()) as u64;
            }
            Ok(())
        }
        Err(e) if e.is_record_error() => {
            c.errors += 1;
            c.bytes += e.raw_bytes().map_or(0, |b| b.len() as u64);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// The input of one file.
type Input = Box<dyn Read + Send>;

/// Counts a MARCXML, MARC-in-JSON or mnemonic file: its records are read whole (the
/// readers are streaming), then their fields and subfields counted.
fn count_other(input: Input, mode: ReadMode) -> anyhow::Result<Counts> {
    let mut c = Counts::default();
    let read = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counting = CountingReader {
        inner: input,
        read: Arc::clone(&read),
    };
    let mut reader = AnyReader::open_with(counting, None, mode)?;
    for item in reader.by_ref() {
        c.records += 1;
        match item {
            Ok(record) => {
                c.warnings += record.warnings.len() as u64;
                c.fields += record.fields.len() as u64;
                c.subfields += record
                    .fields
                    .iter()
                    .map(|f| f.subfields().len() as u64)
                    .sum::<u64>();
            }
            Err(e) if e.is_record_error() => c.errors += 1,
            Err(e) => return Err(e.into()),
        }
    }
    c.warnings += reader.junk().len() as u64;
    c.warnings += u64::from(reader.xml_trailing_junk().is_some());
    c.bytes = read.load(std::sync::atomic::Ordering::Relaxed);
    Ok(c)
}

/// Counts the bytes read through it (the serialized input's size, for `bytes`).
struct CountingReader {
    inner: Input,
    read: Arc<std::sync::atomic::AtomicU64>,
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// How many threads parse batches by default: the machine's cores, at most four (one
/// more thread reads and frames).
fn default_parsers() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Counts one file on the calling thread alone.
fn count_single(
    input: Input,
    mode: ReadMode,
    decode: Option<DecodeOptions>,
) -> anyhow::Result<Counts> {
    let mut c = Counts::default();
    let mut reader = Reader::new(input, mode);
    while let Some(item) = reader.next_raw() {
        count_record(item, decode, &mut c)?;
    }
    c.warnings += u64::from(reader.trailing_junk().is_some());
    c.bytes += reader.junk().iter().map(|&(_, n)| n as u64).sum::<u64>();
    Ok(c)
}

/// Counts one file. The streaming reader's own framing (`Reader::next_frame`, so
/// numbering, offsets and junk are exactly those of `next_raw`) runs on one thread and
/// hands batches of framed records to parsing threads, which parse every record and
/// every subfield. Batches are recycled and only a few are alive at once (bounded by the
/// channel and the number of parsers), so memory stays flat whatever the input size.
fn count(
    path: &str,
    mode: ReadMode,
    parsers: usize,
    decode: Option<DecodeOptions>,
) -> anyhow::Result<Counts> {
    // The serialization is decided by the content, not the file name.
    let mut input = BufReader::with_capacity(64 * 1024, input::open(path)?);
    let head = input.fill_buf()?;
    if yozuv::detect_format(head) != Serialization::Iso2709 {
        return count_other(Box::new(input), mode);
    }
    let input: Input = Box::new(input);
    if parsers <= 1 {
        return count_single(input, mode, decode);
    }
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(1);
    // Shared by the parsers; when the last one is gone (even by a panic) the receiver is
    // dropped and the framer stops instead of waiting forever.
    let full_rx = Arc::new(Mutex::new(full_rx));
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    thread::scope(|scope| {
        let framer = scope.spawn(move || -> Result<Junk, Error> {
            let mut reader = Reader::new(input, mode);
            let mut batch = Batch::default();
            let mut failure = None;
            while let Some(frame) = reader.next_frame() {
                match frame {
                    Ok(frame) => batch.push(frame),
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
                if batch.bytes.len() >= BATCH_BYTES {
                    let next = empty_rx.try_recv().unwrap_or_default();
                    if full_tx.send(std::mem::replace(&mut batch, next)).is_err() {
                        break;
                    }
                }
            }
            if !batch.frames.is_empty() {
                let _ = full_tx.send(batch);
            }
            match failure {
                Some(e) => Err(e),
                None => Ok((reader.junk().to_vec(), reader.trailing_junk())),
            }
        });

        let parser = |full_rx: Arc<Mutex<mpsc::Receiver<Batch>>>, empty_tx: mpsc::Sender<Batch>| {
            move || -> Result<Counts, Error> {
                let mut c = Counts::default();
                let mut failure = None;
                loop {
                    let next = match full_rx.lock() {
                        Ok(rx) => rx.recv(),
                        // Another parser panicked; the scope re-raises its panic.
                        Err(_) => break,
                    };
                    let Ok(mut batch) = next else { break };
                    if failure.is_none() {
                        // After an error, keep draining so the framer never blocks.
                        failure = count_batch(&mut batch, mode, decode, &mut c).err();
                    }
                    batch.clear();
                    // The framer may have finished; a batch nobody takes back is dropped.
                    let _ = empty_tx.send(batch);
                }
                failure.map_or(Ok(c), Err)
            }
        };
        let workers: Vec<_> = (0..parsers)
            .map(|_| scope.spawn(parser(Arc::clone(&full_rx), empty_tx.clone())))
            .collect();
        drop(full_rx);
        drop(empty_tx);

        let mut c = Counts::default();
        let mut failure = None;
        for worker in workers {
            match worker.join() {
                Ok(Ok(counts)) => c.add(&counts),
                Ok(Err(e)) => failure = failure.or(Some(e)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        let (junk, trailing) = match framer.join() {
            Ok(result) => result?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        if let Some(e) = failure {
            return Err(e.into());
        }
        c.warnings += u64::from(trailing.is_some());
        c.bytes += junk.iter().map(|&(_, n)| n as u64).sum::<u64>();
        Ok(c)
    })
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let mode = if args.strict {
        ReadMode::Strict
    } else {
        ReadMode::Permissive
    };
    let decode = match (args.assume_charset, args.decode) {
        (Some(charset), _) => Some(DecodeOptions::assume(charset)),
        (None, true) => Some(DecodeOptions::default()),
        (None, false) => None,
    };
    let parsers = args.threads.unwrap_or_else(default_parsers);
    let mut total = Counts::default();
    let mut per_file = Vec::new();
    for path in &args.files {
        let c = count(path, mode, parsers, decode)?;
        total.add(&c);
        per_file.push((path.clone(), c));
    }
    match args.format {
        Format::Json => {
            let value = if per_file.len() == 1 {
                serde_json::to_value(total)?
            } else {
                let files: serde_json::Map<_, _> = per_file
                    .iter()
                    .map(|(p, c)| (p.clone(), serde_json::to_value(c).unwrap()))
                    .collect();
                serde_json::json!({ "files": files, "total": total })
            };
            outln!("{}", serde_json::to_string_pretty(&value)?);
        }
        Format::Text => {
            outln!(
                "{:>9} {:>10} {:>11} {:>12} {:>7} {:>9}  file",
                "records",
                "fields",
                "subfields",
                "bytes",
                "errors",
                "warnings"
            );
            let total_row = (per_file.len() > 1).then(|| ("total".to_string(), total));
            for (name, c) in per_file.iter().chain(total_row.iter()) {
                outln!(
                    "{:>9} {:>10} {:>11} {:>12} {:>7} {:>9}  {name}",
                    c.records,
                    c.fields,
                    c.subfields,
                    c.bytes,
                    c.errors,
                    c.warnings
                );
            }
        }
    }
    Ok(if total.errors + total.warnings > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
