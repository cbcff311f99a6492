//! `Reader::next_block` frames the same records as `Reader::next_frame` — bytes, numbers,
//! offsets, warnings, junk — over every file of ../shared/testdata (broken ones included),
//! whatever the block limits and however the input arrives (short reads, I/O errors).

use std::io::Read;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use yozuv::iso2709::{ReadMode, Reader};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().and_then(|e| e.to_str()) != Some("md") {
            out.push(path);
        }
    }
}

/// Gives at most `step` bytes per read (cycling through a few sizes), to make records
/// straddle reads.
struct Trickle<'a> {
    data: &'a [u8],
    steps: Vec<usize>,
    turn: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let step = self.steps[self.turn % self.steps.len()];
        self.turn += 1;
        let n = step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

type Framed = (Vec<u8>, u64, u64, Vec<yozuv::Warning>);
/// Every frame, the junk spans, the trailing junk.
type Framing = (Vec<Framed>, Vec<(u64, usize)>, Option<(u64, usize)>);

fn by_frames(input: impl Read) -> Framing {
    let mut reader = Reader::new(input, ReadMode::Permissive);
    let mut out = Vec::new();
    while let Some(frame) = reader.next_frame() {
        let f = frame.unwrap();
        out.push((f.bytes.to_vec(), f.number, f.offset, f.warnings));
    }
    (out, reader.junk().to_vec(), reader.trailing_junk())
}

fn by_blocks(input: impl Read, max_records: usize, max_bytes: usize) -> Framing {
    let mut reader = Reader::new(input, ReadMode::Permissive);
    let mut out = Vec::new();
    let (mut block, mut frames) = (Vec::new(), Vec::new());
    // Blocks are recycled as the engine does: each call gets back an older block.
    let mut spare: Vec<Vec<u8>> = Vec::new();
    while reader
        .next_block(&mut block, &mut frames, max_records, max_bytes)
        .unwrap()
    {
        assert!(!frames.is_empty());
        for f in frames.drain(..) {
            out.push((
                block[f.start..f.end].to_vec(),
                f.number,
                f.offset,
                f.warnings,
            ));
        }
        spare.push(std::mem::take(&mut block));
        if spare.len() > 2 {
            block = spare.remove(0);
        }
    }
    assert!(frames.is_empty());
    (out, reader.junk().to_vec(), reader.trailing_junk())
}

#[test]
fn blocks_frame_what_frames_frame_on_every_shared_file() {
    let mut all = Vec::new();
    files(
        Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/testdata"
        )),
        &mut all,
    );
    all.sort();
    assert!(all.len() > 50);
    let mut records = 0;
    for path in &all {
        let data = std::fs::read(path).unwrap();
        let expected = by_frames(&data[..]);
        records += expected.0.len();
        for (max_records, max_bytes) in [(1, 1), (3, 1 << 20), (128, 256 << 10), (1000, 4096)] {
            let got = by_blocks(&data[..], max_records, max_bytes);
            assert_eq!(
                got,
                expected,
                "{} ({max_records}, {max_bytes})",
                path.display()
            );
        }
        let trickle = Trickle {
            data: &data,
            steps: vec![1, 7, 24, 300, 5000],
            turn: 0,
        };
        assert_eq!(by_blocks(trickle, 5, 2000), expected, "{}", path.display());
    }
    assert!(records > 5_000, "{records} records compared");
}

/// A block never ends inside data already read: the bytes carried to the next block are less
/// than one record.
#[test]
fn blocks_close_where_the_reads_are_used_up() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/marc21/large/obp-open-book-publishers-2025-12.mrc"
    );
    let data = std::fs::read(path).unwrap();
    let mut reader = Reader::new(&data[..], ReadMode::Permissive);
    let (mut block, mut frames) = (Vec::new(), Vec::new());
    let mut closed_at = Vec::new();
    while reader
        .next_block(&mut block, &mut frames, 128, 256 << 10)
        .unwrap()
    {
        let end = frames.last().unwrap().end;
        closed_at.push((frames.len(), end));
        // Past the limits by less than one 64 KiB read (and one record).
        assert!(end < (256 << 10) + (64 << 10) + 100_000);
    }
    let blocks = closed_at.len();
    // Every block but the last reached a limit before closing.
    for &(records, end) in &closed_at[..blocks - 1] {
        assert!(
            records >= 128 || end >= 256 << 10,
            "{records} records, {end} bytes"
        );
    }
    assert!(blocks > 1);
}

/// An I/O error after some records: those records come out whole, then the error.
#[test]
fn an_error_comes_after_the_whole_records_before_it() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/iso2709/summerland.mrc"
    );
    let one = std::fs::read(path).unwrap();
    let data: Vec<u8> = one.repeat(3);
    struct Failing<'a>(&'a [u8]);
    impl Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("disk gone"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    // Two whole records and half of the third.
    let cut = one.len() * 2 + one.len() / 2;
    let mut reader = Reader::new(Failing(&data[..cut]), ReadMode::Permissive);
    let (mut block, mut frames) = (Vec::new(), Vec::new());
    assert!(reader
        .next_block(&mut block, &mut frames, 100, 1 << 20)
        .unwrap());
    assert_eq!(frames.len(), 2);
    assert_eq!(&block[frames[1].start..frames[1].end], &one[..]);
    let err = reader
        .next_block(&mut block, &mut frames, 100, 1 << 20)
        .unwrap_err();
    assert!(matches!(err, yozuv::Error::Io { .. }), "{err}");
    assert_eq!(err.position().record, 3);
    assert!(!reader
        .next_block(&mut block, &mut frames, 100, 1 << 20)
        .unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Random bytes built from record-ish pieces: the same frames either way.
    #[test]
    fn blocks_agree_with_frames_on_random_input(
        pieces in prop::collection::vec(
            prop_oneof![
                Just(b"00026nam a2200025 a 4500\x1e\x1d".to_vec()),
                Just(b"\x1d".to_vec()),
                Just(b"\x1e".to_vec()),
                Just(b"00100".to_vec()),
                Just(b"   \n".to_vec()),
                prop::collection::vec(any::<u8>(), 0..40),
            ],
            0..60,
        ),
        max_records in 1usize..6,
        max_bytes in 1usize..200,
        step in 1usize..50,
    ) {
        let data: Vec<u8> = pieces.concat();
        let expected = by_frames(&data[..]);
        let trickle = Trickle { data: &data, steps: vec![step, 1, 3 * step], turn: 0 };
        prop_assert_eq!(by_blocks(trickle, max_records, max_bytes), expected);
    }
}
