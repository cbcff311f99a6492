//! A buffered reader that can tell the line and column of a recent byte offset.
//!
//! Lines are counted once per buffer refill (a SIMD count over the whole chunk), not per
//! event; the current and the previous chunk are kept, so any offset in them can be
//! placed exactly — which covers every error position the XML parser reports, short of
//! a single piece of markup longer than a chunk.

use std::io::{self, BufRead, Read};

const CHUNK: usize = 256 * 1024;

pub(crate) struct LineTracker<R> {
    inner: R,
    buf: Vec<u8>,
    prev: Vec<u8>,
    /// Unconsumed bytes are `buf[start..]`.
    start: usize,
    /// Input offset of `buf[0]` and of `prev[0]`.
    buf_offset: u64,
    prev_offset: u64,
    /// Newlines before `prev[0]` and before `buf[0]`.
    lines_before_prev: u64,
    lines_before_buf: u64,
    /// Offset of the last newline before `prev[0]`, if any.
    last_nl_before_prev: Option<u64>,
}

impl<R> LineTracker<R> {
    pub(crate) fn new(inner: R) -> Self {
        LineTracker {
            inner,
            buf: Vec::with_capacity(CHUNK),
            prev: Vec::with_capacity(CHUNK),
            start: 0,
            buf_offset: 0,
            prev_offset: 0,
            lines_before_prev: 0,
            lines_before_buf: 0,
            last_nl_before_prev: None,
        }
    }

    /// Line (from 1) and column (from 1, in bytes) of byte `offset`. Offsets older than the
    /// previous chunk are placed at the start of what is kept (column 0 = unknown).
    pub(crate) fn line_column(&self, offset: u64) -> (u64, u64) {
        if offset < self.prev_offset {
            return (self.lines_before_prev + 1, 0);
        }
        // The kept text: prev then buf, contiguous in the input.
        let in_prev = offset < self.buf_offset;
        let (chunk, chunk_offset, lines_before) = if in_prev {
            (&self.prev, self.prev_offset, self.lines_before_prev)
        } else {
            (&self.buf, self.buf_offset, self.lines_before_buf)
        };
        let rel = ((offset - chunk_offset) as usize).min(chunk.len());
        let line = lines_before + memchr::memchr_iter(b'\n', &chunk[..rel]).count() as u64 + 1;
        let last_nl = match memchr::memrchr(b'\n', &chunk[..rel]) {
            Some(i) => Some(chunk_offset + i as u64),
            None if in_prev => self.last_nl_before_prev,
            None => match memchr::memrchr(b'\n', &self.prev) {
                Some(i) => Some(self.prev_offset + i as u64),
                None => self.last_nl_before_prev,
            },
        };
        let column = match last_nl {
            Some(nl) => offset - nl,
            None => offset + 1,
        };
        (line, column)
    }
}

impl<R: Read> BufRead for LineTracker<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start >= self.buf.len() {
            // Retire the previous chunk, keep the current one as previous, read a new one.
            if let Some(i) = memchr::memrchr(b'\n', &self.prev) {
                self.last_nl_before_prev = Some(self.prev_offset + i as u64);
            }
            let prev_lines = memchr::memchr_iter(b'\n', &self.buf).count() as u64;
            std::mem::swap(&mut self.prev, &mut self.buf);
            self.lines_before_prev = self.lines_before_buf;
            self.prev_offset = self.buf_offset;
            self.lines_before_buf += prev_lines;
            self.buf_offset += self.prev.len() as u64;
            self.buf.clear();
            self.buf.resize(CHUNK, 0);
            let n = loop {
                match self.inner.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.buf.clear();
                        return Err(e);
                    }
                }
            };
            self.buf.truncate(n);
            self.start = 0;
        }
        Ok(&self.buf[self.start..])
    }

    fn consume(&mut self, amt: usize) {
        self.start = (self.start + amt).min(self.buf.len());
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let mut t = LineTracker::new(&b"ab\ncd\n\nef"[..]);
        let n = t.fill_buf().unwrap().len();
        t.consume(n);
        assert_eq!(t.line_column(0), (1, 1));
        assert_eq!(t.line_column(1), (1, 2));
        assert_eq!(t.line_column(3), (2, 1));
        assert_eq!(t.line_column(4), (2, 2));
        assert_eq!(t.line_column(6), (3, 1));
        assert_eq!(t.line_column(8), (4, 2));
    }

    #[test]
    fn across_chunks() {
        // Lines of 10 bytes ("123456789\n"), over three chunks.
        let text: Vec<u8> = b"123456789\n"
            .iter()
            .copied()
            .cycle()
            .take(CHUNK * 2 + 500)
            .collect();
        let mut t = LineTracker::new(&text[..]);
        loop {
            let n = t.fill_buf().unwrap().len();
            if n == 0 {
                break;
            }
            t.consume(n);
            let end = t.buf_offset + t.buf.len() as u64;
            for off in [t.buf_offset, end.saturating_sub(1), t.prev_offset + 5] {
                if off >= t.prev_offset && off < end {
                    assert_eq!(
                        t.line_column(off),
                        (off / 10 + 1, off % 10 + 1),
                        "offset {off}"
                    );
                }
            }
        }
    }
}
