//! The streaming MARCXML reader.
//!
//! The input is read in large chunks into one window. Each record is framed first — up to
//! the end of the next `</record>` (or `</prefix:record>`) end tag, which cannot occur in
//! text because `<` must be escaped there. The frame is then read by the fast path
//! ([`super::fast`]) when it is plain MARCXML, and otherwise by quick-xml's slice reader,
//! whose events borrow the window; the full path is the one that reports errors. No copy
//! per event, and the window holds no more than one record and a read chunk, however
//! large the file. (A `</record>` inside a comment or CDATA section would end a frame
//! early; that record is then reported as damaged.)

use std::borrow::Cow;
use std::io::{self, Read};
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};

use super::{between, fast, CHAR_PI_TARGET};
use crate::{Damage, Error, Field, Indicators, Leader, Position, Record, Subfield, Tag, Warning};

const FORMAT: &str = "MARCXML";
const CHUNK: usize = 256 * 1024;
/// The longest record text the reader accepts while looking for its end tag.
pub const MAX_RECORD_TEXT: usize = 64 * 1024 * 1024;
/// The longest prologue (bytes before the first `<record>`) the reader keeps a copy of.
const MAX_PROLOGUE: usize = 1 << 20;

/// The element we are inside and collecting text for.
enum Open {
    Nothing,
    Leader,
    Control(Tag),
    Subfield(u8),
}

/// A record under construction.
struct Building {
    number: u64,
    start: u64,
    leader: Option<Leader>,
    fields: Vec<Field>,
    /// The data field being filled: tag, indicators, subfields.
    data: Option<(Tag, Indicators, Vec<Subfield>)>,
    /// Where the open `<leader>` or `<datafield>` starts.
    leader_at: u64,
    data_at: u64,
    warnings: Vec<Warning>,
    open: Open,
    /// The first problem found in the record.
    error: Option<Error>,
}

/// Turns input offsets in the window into lines and columns.
struct Locator<'a> {
    window: &'a [u8],
    /// The frame's text, when it is valid UTF-8 as a whole (checked once per record, so
    /// texts inside it need no check of their own).
    frame: Option<&'a str>,
    window_offset: u64,
    frame_offset: u64,
    lines_before: u64,
    last_nl_before: Option<u64>,
}

impl<'a> Locator<'a> {
    /// `bytes` (a slice of the frame) as text, if the frame is valid UTF-8.
    fn frame_text(&self, bytes: &[u8]) -> Option<&'a str> {
        let frame = self.frame?;
        let start = (bytes.as_ptr() as usize).checked_sub(frame.as_ptr() as usize)?;
        frame.get(start..start.checked_add(bytes.len())?)
    }

    fn line_column(&self, offset: u64) -> (u64, u64) {
        let rel = (offset.saturating_sub(self.window_offset) as usize).min(self.window.len());
        let head = &self.window[..rel];
        let line = self.lines_before + memchr::memchr_iter(b'\n', head).count() as u64 + 1;
        let last_nl = match memchr::memrchr(b'\n', head) {
            Some(i) => Some(self.window_offset + i as u64),
            None => self.last_nl_before,
        };
        (line, last_nl.map_or(offset + 1, |nl| offset - nl))
    }
}

/// Where reading goes on after a record.
enum Stop {
    /// Where the XML parser stopped.
    Here,
    /// At this input offset (the start of a record that interrupted another).
    At(u64),
    /// After the whole frame (parsing gave up).
    FrameEnd,
}

/// How parsing a frame ended.
enum Parsed {
    /// A record (or its error), and where reading goes on.
    Done(Result<Record, Error>, Stop),
    /// The frame held no record start.
    NoRecord,
}

/// A streaming MARCXML / MarcXchange reader: an iterator of [`Record`]s over any
/// [`Read`]. Record numbers count `<record>` elements from 1; positions are byte
/// offsets of the element (or of the problem), with line and column in error details.
pub struct Reader<R> {
    inner: R,
    window: Vec<u8>,
    /// Input offset of `window[0]`.
    window_offset: u64,
    /// Consumed bytes are `window[..pos]`.
    pos: usize,
    /// The search for the next end tag resumes here.
    scan: usize,
    lines_before: u64,
    last_nl_before: Option<u64>,
    eof: bool,
    text: String,
    number: u64,
    done: bool,
    /// Try the fast path first (off only in tests that compare the two paths).
    fast: bool,
    /// The input span of the last record yielded, when it could be delimited.
    span: Option<Range<u64>>,
    /// The input bytes before the first record element, once it has been read.
    prologue: Option<Vec<u8>>,
    /// Whether the records are in a `<collection>` (whose gaps are checked for stray
    /// content); known once the first record has been read.
    in_collection: bool,
    /// Stray content seen since the last record yielded: its input span.
    stray: Option<Range<u64>>,
    /// Stray content after the last record: (offset, length).
    trailing: Option<(u64, usize)>,
    /// Stray content before the record last yielded, when that record could not be read.
    stray_before_error: Option<(u64, usize)>,
}

impl<R: Read> Reader<R> {
    /// A reader over `inner` (it is read in large chunks: no need for a `BufReader`).
    pub fn new(inner: R) -> Self {
        Reader {
            inner,
            window: Vec::with_capacity(2 * CHUNK),
            window_offset: 0,
            pos: 0,
            scan: 0,
            lines_before: 0,
            last_nl_before: None,
            eof: false,
            text: String::with_capacity(1024),
            number: 0,
            done: false,
            fast: true,
            span: None,
            prologue: None,
            in_collection: false,
            stray: None,
            trailing: None,
            stray_before_error: None,
        }
    }

    /// How many `<record>` elements have been started.
    pub fn records_read(&self) -> u64 {
        self.number
    }

    /// The byte span in the input of the record last yielded — its `<record>` element, from
    /// the `<` of the start tag to the `>` of the end tag — for a damaged record (an
    /// [`Error::Syntax`]) too: up to the start of the next record when its end tag is missing.
    /// `None` before the first record, and when the record could not be delimited (damage
    /// before any `<record>` start tag, no end tag within [`MAX_RECORD_TEXT`], I/O errors).
    ///
    /// ```
    /// let xml = b"<collection><record><leader>00000nam a2200000   4500</leader></record>\n<record/></collection>";
    /// let mut reader = yozuv::marcxml::Reader::new(&xml[..]);
    /// assert!(reader.next().unwrap().is_ok());
    /// assert_eq!(reader.last_span(), Some(12..70));
    /// assert!(reader.next().unwrap().is_err()); // an empty <record/>
    /// assert_eq!(reader.last_bytes(), Some(&b"<record/>"[..]));
    /// assert_eq!(reader.prologue(), Some(&b"<collection>"[..]));
    /// ```
    pub fn last_span(&self) -> Option<Range<u64>> {
        self.span.clone()
    }

    /// The input bytes of [`Reader::last_span`], exactly as they are in the input (until the
    /// next call of `next`).
    pub fn last_bytes(&self) -> Option<&[u8]> {
        let span = self.span.as_ref()?;
        let start = usize::try_from(span.start.checked_sub(self.window_offset)?).ok()?;
        let end = usize::try_from(span.end.checked_sub(self.window_offset)?).ok()?;
        self.window.get(start..end)
    }

    /// The input bytes before the first record element (the XML declaration, comments,
    /// the `<collection …>` start tag with its namespace declarations, or an envelope),
    /// once the first record has been read; `None` before that, or when they were more
    /// than a megabyte. See [`super::collection_wrapper`].
    pub fn prologue(&self) -> Option<&[u8]> {
        self.prologue.as_deref()
    }

    /// Text or elements other than `record` after the last record of a `<collection>`
    /// (before or after `</collection>`), as `(offset, length)` from its first to its last
    /// stray byte, once the input has been read to its end; `None` when there is none.
    /// Stray content between records is a [`Damage::ContentBetweenRecords`] warning on the
    /// record after it.
    ///
    /// ```
    /// let xml = b"<collection><record><leader>00000nam a2200000   4500</leader></record>\nJUNK</collection>";
    /// let mut reader = yozuv::marcxml::Reader::new(&xml[..]);
    /// assert!(reader.next().unwrap().is_ok());
    /// assert!(reader.next().is_none());
    /// assert_eq!(reader.trailing_junk(), Some((71, 4)));
    /// ```
    pub fn trailing_junk(&self) -> Option<(u64, usize)> {
        self.trailing
    }

    /// Stray content between the previous record (or the collection start) and the record
    /// last yielded, as `(offset, length)` from its first to its last stray byte, when that
    /// record could not be read: an [`Error`] carries no warnings, so the
    /// [`Damage::ContentBetweenRecords`] a readable record would carry is here instead (until
    /// the next call of `next`). `None` when there was none, or the record was read.
    ///
    /// ```
    /// let xml = b"<collection><record><leader>00000nam a2200000   4500</leader></record>\nJUNK\n<record><leader>short</leader></record></collection>";
    /// let mut reader = yozuv::marcxml::Reader::new(&xml[..]);
    /// assert!(reader.next().unwrap().is_ok());
    /// assert!(reader.next().unwrap().is_err()); // a leader of 5 characters
    /// assert_eq!(reader.stray_before_error(), Some((71, 4)));
    /// ```
    pub fn stray_before_error(&self) -> Option<(u64, usize)> {
        self.stray_before_error
    }

    /// Notes stray content in `window[from..to]` (the input between the end of the last
    /// record and the start of the next one, or the input's end when `closing`). Before
    /// the first record has been read, `in_collection` is false: the prologue is not a gap.
    fn note_gap(&mut self, from: usize, to: usize, closing: bool) {
        if !self.in_collection {
            return;
        }
        let Some(gap) = self.window.get(from..to) else {
            return;
        };
        if let Some((s, e)) = between::stray_span(gap, closing) {
            let base = self.window_offset + from as u64;
            let (s, e) = (base + s as u64, base + e as u64);
            self.stray = Some(match self.stray.take() {
                Some(old) => old.start.min(s)..old.end.max(e),
                None => s..e,
            });
        }
    }

    /// Puts the stray content seen before `result` on it as a warning, or, when the record
    /// could not be read, keeps it for [`Reader::stray_before_error`].
    fn attach_stray(&mut self, result: &mut Result<Record, Error>) {
        let Some(stray) = self.stray.take() else {
            return;
        };
        let length = usize::try_from(stray.end - stray.start).unwrap_or(usize::MAX);
        if result.is_err() {
            self.stray_before_error = Some((stray.start, length));
        }
        if let Ok(record) = result {
            record.warnings.insert(
                0,
                Warning {
                    position: Position::new(self.number, stray.start),
                    damage: Damage::ContentBetweenRecords { length },
                },
            );
        }
    }

    /// Moves the stray content not followed by a record to [`Reader::trailing_junk`].
    fn finish_trailing(&mut self) {
        if let Some(stray) = self.stray.take() {
            let length = usize::try_from(stray.end - stray.start).unwrap_or(usize::MAX);
            self.trailing = Some((stray.start, length));
        }
    }

    /// Remembers the span of the record being yielded, and the prologue before the first one.
    fn set_span(&mut self, span: Option<Range<u64>>) {
        if let Some(span) = &span {
            if self.prologue.is_none() && self.window_offset == 0 {
                let head = usize::try_from(span.start).unwrap_or(usize::MAX);
                if head <= MAX_PROLOGUE {
                    self.prologue = self.window.get(..head).map(<[u8]>::to_vec);
                    self.in_collection = self
                        .prologue
                        .as_deref()
                        .is_some_and(between::parent_is_collection);
                }
            }
        }
        self.span = span;
    }

    /// Drops consumed bytes (counting their lines) and reads another chunk.
    fn fill(&mut self) -> io::Result<()> {
        if self.pos > 0 {
            let gone = &self.window[..self.pos];
            self.lines_before += memchr::memchr_iter(b'\n', gone).count() as u64;
            if let Some(i) = memchr::memrchr(b'\n', gone) {
                self.last_nl_before = Some(self.window_offset + i as u64);
            }
            self.window.drain(..self.pos);
            self.window_offset += self.pos as u64;
            self.scan -= self.pos.min(self.scan);
            self.pos = 0;
        }
        // Read up to a chunk (or to the end of the input), appending without zeroing.
        let old = self.window.len();
        loop {
            match (&mut self.inner)
                .take(CHUNK as u64)
                .read_to_end(&mut self.window)
            {
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        if self.window.len() == old {
            self.eof = true;
        }
        Ok(())
    }

    /// The end (exclusive, window index) of the next `</record>` / `</p:record>` tag.
    fn find_frame_end(&mut self) -> Option<usize> {
        let finder = memchr::memmem::Finder::new(b"record");
        while let Some(i) = finder.find(&self.window[self.scan..]) {
            let at = self.scan + i;
            let rest = &self.window[at + 6..];
            // After the name: optional white space, then `>`.
            let Some(gt) = rest.iter().position(|&b| !b.is_ascii_whitespace()) else {
                self.scan = at; // cut by the end of the window: look again after a refill
                return None;
            };
            // Before the name: `</` or `</prefix:`.
            let head = &self.window[self.pos..at];
            let is_end_tag = match head {
                [.., b'<', b'/'] => true,
                [.., b':'] => {
                    let lt = memchr::memrchr(b'<', head);
                    lt.is_some_and(|lt| {
                        head.get(lt + 1) == Some(&b'/')
                            && head.get(lt + 2..head.len() - 1).is_some_and(|prefix| {
                                !prefix.is_empty()
                                    && prefix.iter().all(|&b| {
                                        b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
                                    })
                            })
                    })
                }
                _ => false,
            };
            self.scan = at + 6;
            if is_end_tag && rest[gt] == b'>' {
                return Some(at + 6 + gt + 1);
            }
        }
        // Keep the last bytes: they may be a name cut by the window's end.
        self.scan = self.window.len().saturating_sub(6).max(self.pos);
        None
    }

    fn next_record(&mut self) -> Option<Result<Record, Error>> {
        self.span = None;
        self.stray_before_error = None;
        loop {
            if self.done {
                self.finish_trailing();
                return None;
            }
            let frame_end = loop {
                if let Some(end) = self.find_frame_end() {
                    break end;
                }
                if self.eof {
                    break self.window.len();
                }
                if self.window.len() - self.pos > MAX_RECORD_TEXT {
                    let at = self.window_offset + self.pos as u64;
                    self.pos = self.window.len();
                    self.scan = self.pos;
                    self.number += 1;
                    return Some(Err(Error::Syntax {
                        position: Position::new(self.number, at),
                        format: FORMAT,
                        detail: format!("no </record> within {MAX_RECORD_TEXT} bytes; skipped"),
                        raw: None,
                    }));
                }
                if let Err(source) = self.fill() {
                    self.done = true;
                    return Some(Err(Error::Io {
                        position: Position::new(
                            self.number + 1,
                            self.window_offset + self.window.len() as u64,
                        ),
                        source,
                    }));
                }
            };
            let at_eof = self.eof && frame_end == self.window.len();
            let frame_offset = self.window_offset + self.pos as u64;
            let frame = &self.window[self.pos..frame_end];
            let loc = Locator {
                frame: std::str::from_utf8(frame).ok(),
                window: &self.window,
                window_offset: self.window_offset,
                frame_offset,
                lines_before: self.lines_before,
                last_nl_before: self.last_nl_before,
            };
            if let Some(frame_text) = loc.frame.filter(|_| self.fast) {
                if let Some((record, start, used)) = fast_path(frame_text, &mut self.text) {
                    self.note_gap(self.pos, self.pos + start, false);
                    self.number += 1;
                    self.set_span(Some(
                        frame_offset + start as u64..frame_offset + used as u64,
                    ));
                    self.pos += used;
                    self.scan = self.pos;
                    if at_eof && self.pos == frame_end {
                        self.done = true;
                    }
                    let mut result = Ok(record);
                    self.attach_stray(&mut result);
                    return Some(result);
                }
            }
            let mut xml = quick_xml::Reader::from_reader(&self.window[self.pos..frame_end]);
            let config = xml.config_mut();
            config.trim_text(false);
            config.check_end_names = true;
            config.allow_unmatched_ends = true;
            config.expand_empty_elements = false;
            let mut start = None;
            let parsed = parse_frame(&mut xml, &loc, &mut self.text, &mut self.number, &mut start);
            match parsed {
                Parsed::NoRecord => {
                    self.note_gap(self.pos, frame_end, at_eof);
                    self.pos = frame_end;
                    self.scan = self.scan.max(self.pos);
                    if at_eof {
                        self.done = true;
                        self.finish_trailing();
                        return None;
                    }
                }
                Parsed::Done(mut result, stop) => {
                    let consumed = xml.buffer_position() as usize;
                    if let Some(s) = start.and_then(|s| s.checked_sub(self.window_offset)) {
                        self.note_gap(self.pos, (s as usize).min(frame_end), false);
                    }
                    self.attach_stray(&mut result);
                    self.pos = match stop {
                        Stop::Here => self.pos + consumed,
                        Stop::At(at) => (at - self.window_offset) as usize,
                        Stop::FrameEnd => frame_end,
                    }
                    .min(frame_end);
                    let end = self.window_offset + self.pos as u64;
                    self.set_span(start.filter(|&s| s < end).map(|s| s..end));
                    self.scan = self.pos;
                    if at_eof && self.pos == frame_end {
                        self.done = true;
                    }
                    return Some(result);
                }
            }
        }
    }
}

/// The fast path over a frame: finds the `<record>` start after the prologue (XML
/// declaration, comments, `<collection>` or envelope tags) and reads the record with the
/// small scanner, or gives up (`None`).
fn fast_path(frame: &str, text: &mut String) -> Option<(Record, usize, usize)> {
    fast::parse_frame(frame, text)
}

/// Parses one frame: skips to a `<record>` start and reads that record. `start` receives
/// the input offset of the record's start tag.
fn parse_frame(
    xml: &mut quick_xml::Reader<&[u8]>,
    loc: &Locator<'_>,
    text: &mut String,
    number: &mut u64,
    start: &mut Option<u64>,
) -> Parsed {
    loop {
        let at = loc.frame_offset + xml.buffer_position();
        match xml.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"record" => {
                *number += 1;
                let mut b = Building::new(*number, at);
                let parsed = parse_record(xml, loc, text, &mut b);
                *start = Some(b.start);
                return parsed;
            }
            Ok(Event::Empty(e)) if e.local_name().as_ref() == b"record" => {
                *number += 1;
                *start = Some(at);
                let err = syntax(loc, *number, at, "empty <record/>");
                let next = loc.frame_offset + xml.buffer_position();
                return Parsed::Done(Err(err), Stop::At(next));
            }
            Ok(Event::Eof) => return Parsed::NoRecord,
            Ok(_) => {}
            Err(e) => {
                // Damage outside any record (the prologue, an envelope).
                let at = loc.frame_offset + xml.error_position();
                let err = syntax(loc, *number + 1, at, e);
                return Parsed::Done(Err(err), Stop::FrameEnd);
            }
        }
    }
}

impl Building {
    fn new(number: u64, start: u64) -> Self {
        Building {
            number,
            start,
            leader: None,
            fields: Vec::with_capacity(32),
            data: None,
            leader_at: start,
            data_at: start,
            warnings: Vec::new(),
            open: Open::Nothing,
            error: None,
        }
    }
}

fn parse_record(
    xml: &mut quick_xml::Reader<&[u8]>,
    loc: &Locator<'_>,
    text: &mut String,
    b: &mut Building,
) -> Parsed {
    let mut last_error_at = None;
    loop {
        let at = loc.frame_offset + xml.buffer_position();
        let event = match xml.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let at = loc.frame_offset + xml.error_position();
                let err = syntax(loc, b.number, at, &e);
                if last_error_at == Some(at) {
                    // No progress: give up on the rest of this frame.
                    return Parsed::Done(Err(b.error.take().unwrap_or(err)), Stop::FrameEnd);
                }
                last_error_at = Some(at);
                b.error.get_or_insert(err);
                continue;
            }
        };
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"record" => {
                        // A record inside a record: an envelope (OAI-PMH) or a
                        // record whose end tag is missing.
                        if b.fields.is_empty() && b.leader.is_none() && b.error.is_none() {
                            b.start = at;
                        } else {
                            let err = syntax(
                                loc,
                                b.number,
                                at,
                                "<record> starts before the previous one ended",
                            );
                            return Parsed::Done(Err(b.error.take().unwrap_or(err)), Stop::At(at));
                        }
                    }
                    b"leader" => {
                        text.clear();
                        b.leader_at = at;
                        b.open = Open::Leader;
                    }
                    b"controlfield" => {
                        let tag = start_tag(&e, b, at, loc);
                        text.clear();
                        b.open = Open::Control(tag);
                    }
                    b"datafield" => {
                        let (tag, ind) = data_start(&e, b, at, loc);
                        b.data_at = at;
                        b.data = Some((tag, ind, Vec::with_capacity(8)));
                    }
                    b"subfield" => {
                        let code = subfield_code(&e, b, at, loc);
                        text.clear();
                        b.open = Open::Subfield(code);
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => match e.local_name().as_ref() {
                b"leader" => {
                    text.clear();
                    b.leader_at = at;
                    b.open = Open::Leader;
                    close_leader(loc, text, b);
                }
                b"controlfield" => {
                    let tag = start_tag(&e, b, at, loc);
                    b.fields.push(Field::Control {
                        tag,
                        value: String::new(),
                    });
                }
                b"datafield" => {
                    let (tag, indicators) = data_start(&e, b, at, loc);
                    b.warnings.push(Warning {
                        position: Position::new(b.number, at).with_tag(tag),
                        damage: Damage::FieldWithoutSubfields,
                    });
                    b.fields.push(Field::Data {
                        tag,
                        indicators,
                        subfields: Vec::new(),
                    });
                }
                b"subfield" => {
                    let code = subfield_code(&e, b, at, loc);
                    if let Some((_, _, subs)) = b.data.as_mut() {
                        subs.push(Subfield {
                            code,
                            value: String::new(),
                        });
                    }
                }
                _ => {}
            },
            Event::Text(t) if !matches!(b.open, Open::Nothing) => match loc.frame_text(&t) {
                Some(raw) if memchr::memchr(b'&', raw.as_bytes()).is_none() => text.push_str(raw),
                _ => match t.unescape() {
                    Ok(s) => text.push_str(&s),
                    Err(e) => {
                        let err = syntax(loc, b.number, at, e);
                        b.error.get_or_insert(err);
                    }
                },
            },
            Event::CData(t) if !matches!(b.open, Open::Nothing) => match std::str::from_utf8(&t) {
                Ok(s) => text.push_str(s),
                Err(e) => {
                    let err = syntax(loc, b.number, at, e);
                    b.error.get_or_insert(err);
                }
            },
            Event::PI(pi)
                if !matches!(b.open, Open::Nothing) && pi.target() == CHAR_PI_TARGET.as_bytes() =>
            {
                let hex = std::str::from_utf8(pi.content()).unwrap_or("").trim();
                match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    Some(c) => text.push(c),
                    None => {
                        let err = syntax(
                            loc,
                            b.number,
                            at,
                            format!("<?{CHAR_PI_TARGET} {hex}?> is not a character"),
                        );
                        b.error.get_or_insert(err);
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"leader" => close_leader(loc, text, b),
                b"controlfield" => {
                    if let Open::Control(tag) = b.open {
                        b.fields.push(Field::Control {
                            tag,
                            value: take_text(text),
                        });
                    }
                    b.open = Open::Nothing;
                }
                b"subfield" => {
                    if let Open::Subfield(code) = b.open {
                        let value = take_text(text);
                        if let Some((_, _, subs)) = b.data.as_mut() {
                            subs.push(Subfield { code, value });
                        }
                    }
                    b.open = Open::Nothing;
                }
                b"datafield" => {
                    if let Some((tag, indicators, subfields)) = b.data.take() {
                        if subfields.is_empty() {
                            b.warnings.push(Warning {
                                position: Position::new(b.number, b.data_at).with_tag(tag),
                                damage: Damage::FieldWithoutSubfields,
                            });
                        }
                        b.fields.push(Field::Data {
                            tag,
                            indicators,
                            subfields,
                        });
                    }
                }
                b"record" => return Parsed::Done(finish(loc, b), Stop::Here),
                _ => {}
            },
            Event::Eof => {
                let err = syntax(loc, b.number, at, "input ends inside <record>");
                return Parsed::Done(Err(b.error.take().unwrap_or(err)), Stop::FrameEnd);
            }
            _ => {}
        }
    }
}

fn close_leader(loc: &Locator<'_>, text: &str, b: &mut Building) {
    let at = b.leader_at;
    if !matches!(b.open, Open::Leader) {
        return;
    }
    b.open = Open::Nothing;
    match Leader::from_bytes(text.as_bytes()) {
        Some(l) => b.leader = Some(l),
        None => {
            let n = text.chars().count();
            let err = syntax(
                loc,
                b.number,
                at,
                format!("leader {:?} is {n} characters, not 24", text),
            );
            b.error.get_or_insert(err);
        }
    }
}

fn finish(loc: &Locator<'_>, b: &mut Building) -> Result<Record, Error> {
    if let Some(e) = b.error.take() {
        return Err(e);
    }
    let Some(leader) = b.leader else {
        return Err(syntax(loc, b.number, b.start, "record has no <leader>"));
    };
    Ok(Record {
        leader,
        fields: std::mem::take(&mut b.fields),
        warnings: std::mem::take(&mut b.warnings),
    })
}

fn syntax(loc: &Locator<'_>, record: u64, at: u64, detail: impl std::fmt::Display) -> Error {
    let (line, column) = loc.line_column(at);
    Error::Syntax {
        position: Position::new(record, at),
        format: FORMAT,
        detail: format!("line {line}, column {column}: {detail}"),
        raw: None,
    }
}

fn take_text(text: &mut String) -> String {
    let s = String::from(text.as_str());
    text.clear();
    s
}

/// The attributes MARCXML uses, read in one pass: `tag`, `ind1`, `ind2`, `code`.
#[derive(Default)]
struct MarcAttributes<'a> {
    tag: Option<Cow<'a, [u8]>>,
    ind1: Option<Cow<'a, [u8]>>,
    ind2: Option<Cow<'a, [u8]>>,
    code: Option<Cow<'a, [u8]>>,
}

fn marc_attributes<'a>(e: &'a BytesStart<'_>) -> Result<MarcAttributes<'a>, String> {
    let mut found = MarcAttributes::default();
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(|e| e.to_string())?;
        let slot = match attr.key.local_name().as_ref() {
            b"tag" => &mut found.tag,
            b"ind1" => &mut found.ind1,
            b"ind2" => &mut found.ind2,
            b"code" => &mut found.code,
            _ => continue,
        };
        *slot = Some(if attr.value.contains(&b'&') {
            let s = attr.unescape_value().map_err(|e| e.to_string())?;
            Cow::Owned(s.into_owned().into_bytes())
        } else {
            attr.value
        });
    }
    Ok(found)
}

fn start_tag(e: &BytesStart<'_>, b: &mut Building, at: u64, r: &Locator<'_>) -> Tag {
    match marc_attributes(e) {
        Ok(a) => tag_of(a.tag, b, at, r),
        Err(detail) => {
            let err = syntax(r, b.number, at, detail);
            b.error.get_or_insert(err);
            Tag(*b"???")
        }
    }
}

fn tag_of(tag: Option<Cow<'_, [u8]>>, b: &mut Building, at: u64, r: &Locator<'_>) -> Tag {
    match tag {
        Some(v) => match Tag::from_bytes(&v) {
            Some(t) => t,
            None => {
                let err = syntax(
                    r,
                    b.number,
                    at,
                    format!("tag {:?} is not 3 characters", String::from_utf8_lossy(&v)),
                );
                b.error.get_or_insert(err);
                Tag(*b"???")
            }
        },
        None => {
            let err = syntax(r, b.number, at, "field without a tag attribute");
            b.error.get_or_insert(err);
            Tag(*b"???")
        }
    }
}

fn data_start(e: &BytesStart<'_>, b: &mut Building, at: u64, r: &Locator<'_>) -> (Tag, Indicators) {
    let a = match marc_attributes(e) {
        Ok(a) => a,
        Err(detail) => {
            let err = syntax(r, b.number, at, detail);
            b.error.get_or_insert(err);
            return (Tag(*b"???"), Indicators::blank());
        }
    };
    let tag = tag_of(a.tag, b, at, r);
    let mut ind = *b"  ";
    for (slot, value) in ind.iter_mut().zip([a.ind1, a.ind2]) {
        match value {
            // A missing or empty indicator is blank (MARC4J, pymarc read it so).
            None => {}
            Some(v) if v.is_empty() => {}
            Some(v) if v.len() == 1 => *slot = v[0],
            Some(v) => {
                let err = syntax(
                    r,
                    b.number,
                    at,
                    format!(
                        "field {tag}: indicator {:?} is not one character",
                        String::from_utf8_lossy(&v)
                    ),
                );
                b.error.get_or_insert(err);
            }
        }
    }
    (tag, Indicators(ind))
}

fn subfield_code(e: &BytesStart<'_>, b: &mut Building, at: u64, r: &Locator<'_>) -> u8 {
    let tag = b.data.as_ref().map(|d| d.0);
    let fail = |detail: String, b: &mut Building| {
        let mut err = syntax(r, b.number, at, detail);
        if let (Error::Syntax { position, .. }, Some(tag)) = (&mut err, tag) {
            *position = position.with_tag(tag);
        }
        b.error.get_or_insert(err);
        b' '
    };
    match marc_attributes(e).map(|a| a.code) {
        Ok(Some(v)) if v.len() == 1 => v[0],
        Ok(Some(v)) => fail(
            format!(
                "subfield code {:?} is not one character",
                String::from_utf8_lossy(&v)
            ),
            b,
        ),
        Ok(None) => fail("subfield without a code attribute".to_string(), b),
        Err(detail) => fail(detail, b),
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<Record, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Outcomes = Vec<Result<Record, String>>;

    fn both(data: &[u8]) -> (Outcomes, Outcomes) {
        let fast = Reader::new(data)
            .map(|r| r.map_err(|e| e.to_string()))
            .collect();
        let mut slow = Reader::new(data);
        slow.fast = false;
        let slow = slow.map(|r| r.map_err(|e| e.to_string())).collect();
        (fast, slow)
    }

    fn xml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                xml_files(&p, out);
            } else if std::fs::read(&p)
                .is_ok_and(|d| crate::detect_format(&d) == crate::Serialization::MarcXml)
            {
                out.push(p);
            }
        }
    }

    /// The fast path gives exactly what the full quick-xml path gives, records and errors,
    /// on every MARCXML file of the repository's and the shared test data.
    #[test]
    fn fast_and_full_paths_agree() {
        let mut files = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        xml_files(&root.join("../../testdata"), &mut files);
        xml_files(&root.join("../../../shared/testdata/marc21"), &mut files);
        xml_files(&root.join("../../../shared/testdata/unimarc"), &mut files);
        assert!(files.len() > 20, "{} files", files.len());
        let mut records = 0;
        for f in files {
            if f.to_string_lossy().contains("codetables")
                || f.to_string_lossy().contains("definitions")
            {
                continue;
            }
            let data = std::fs::read(&f).unwrap();
            let (fast, slow) = both(&data);
            assert_eq!(fast, slow, "{}", f.display());
            records += fast.len();
        }
        assert!(records > 100, "{records}");
        // Odd but legal shapes take the fast path and still agree.
        let odd = concat!(
            "<?xml version='1.0'?><!-- c --><m:collection xmlns:m='http://www.loc.gov/MARC21/slim'>",
            "<m:record><!-- x --><m:leader>00000nam a2200000   4500</m:leader>",
            "<m:controlfield tag = '001' >a&amp;b&#x41;&#66;<?yozuv-char 1B?></m:controlfield>",
            "<m:datafield tag=\"245\" ind1=\"1\" ind2=\"0\"><m:subfield code='a'/><m:subfield code=\"&lt;\">x&gt;</m:subfield></m:datafield>",
            "<m:controlfield tag=\"005\"/></m:record></m:collection>"
        );
        let (fast, slow) = both(odd.as_bytes());
        assert_eq!(fast, slow);
        assert!(fast[0].is_ok(), "{fast:?}");
    }

    /// The two paths also agree on damaged copies (bytes replaced, removed, duplicated).
    #[test]
    fn fast_and_full_paths_agree_on_damage() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut rand = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        let special = b"<>/:&;#x'\" =?!-[]\r\n\t\x1b\xc3";
        for name in [
            "marcjs-bib.xml",
            "pymarc-batch.xml",
            "svod-18-partial_rusmarc.marcxml",
        ] {
            let data = std::fs::read(root.join("../../testdata/serial").join(name)).unwrap();
            for _ in 0..300 {
                let mut d = data.clone();
                for _ in 0..1 + rand(4) {
                    let at = rand(d.len());
                    match rand(3) {
                        0 => d[at] = special[rand(special.len())],
                        1 => {
                            d.remove(at);
                        }
                        _ => {
                            let end = (at + rand(40)).min(d.len());
                            let piece = d[at..end].to_vec();
                            let to = rand(d.len());
                            d.splice(to..to, piece);
                        }
                    }
                }
                let (fast, slow) = both(&d);
                assert_eq!(fast, slow, "{}", String::from_utf8_lossy(&d));
            }
        }
    }
}
