//! Line and column of a byte offset in a stream, for error messages.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

/// How many recent line starts are kept: enough to place any error near the read point.
const WINDOW: usize = 4096;

/// A [`BufRead`] that counts the lines it hands out, so that a byte offset that was read
/// recently can be turned into a line and a column without keeping the input.
pub(crate) struct LineTracker<R> {
    inner: R,
    consumed: u64,
    newlines: u64,
    /// Offsets of the most recent `\n` bytes, oldest first.
    recent: VecDeque<u64>,
}

impl<R> LineTracker<R> {
    pub(crate) fn new(inner: R) -> Self {
        LineTracker {
            inner,
            consumed: 0,
            newlines: 0,
            recent: VecDeque::with_capacity(WINDOW),
        }
    }

    /// Line (from 1) and column (from 1, in bytes) of byte `offset`, which must not be far
    /// behind the read point (within the last [`WINDOW`] lines).
    pub(crate) fn line_column(&self, offset: u64) -> (u64, u64) {
        let after = self
            .recent
            .iter()
            .rev()
            .take_while(|&&nl| nl >= offset)
            .count() as u64;
        let line = self.newlines.saturating_sub(after) + 1;
        let idx = self.recent.len() - after as usize;
        let column = match idx.checked_sub(1).and_then(|i| self.recent.get(i)) {
            Some(&nl) => offset - nl,
            None if self.newlines == after => offset + 1,
            None => 0,
        };
        (line, column)
    }
}

impl<R: BufRead> BufRead for LineTracker<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // Count the newlines in the bytes being consumed (the buffer is already filled,
        // so `fill_buf` here does not read).
        if let Ok(buf) = self.inner.fill_buf() {
            let end = amt.min(buf.len());
            for i in memchr::memchr_iter(b'\n', &buf[..end]) {
                self.newlines += 1;
                if self.recent.len() == WINDOW {
                    self.recent.pop_front();
                }
                self.recent.push_back(self.consumed + i as u64);
            }
        }
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

impl<R: BufRead> Read for LineTracker<R> {
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
}
