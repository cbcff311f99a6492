//! Damaged input never panics a reader: every reader over thousands of mutated copies
//! (bytes flipped, cut, duplicated) of real files, through the sniffing reader too.

use yozuv::{json, marcxml, mnemonic, AnyReader};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/serial");

/// A small deterministic generator (xorshift), so failures repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SPECIAL: &[u8] = b"<>/:&;\"'{}[],$=\\\n \x1d\x1e\x1f\x00\xff\xc3record";

fn mutate(data: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut d = data.to_vec();
    for _ in 0..1 + rng.below(8) {
        if d.is_empty() {
            break;
        }
        let at = rng.below(d.len());
        match rng.below(4) {
            0 => d[at] = SPECIAL[rng.below(SPECIAL.len())],
            1 => d.truncate(at),
            2 => {
                let end = (at + rng.below(64)).min(d.len());
                let piece = d[at..end].to_vec();
                let to = rng.below(d.len());
                d.splice(to..to, piece);
            }
            _ => {
                d.remove(at);
            }
        }
    }
    d
}

#[test]
fn mutated_inputs_do_not_panic() {
    let files = [
        "marcjs-bib.xml",
        "broken/catmandu-broken.xml",
        "svod-18-partial_rusmarc.marcxml",
        "marc-mij-test.ndj",
        "pymarc-batch.json",
        "marc-perl-camel.mrk",
        "marc4j-brkrtest.mrk8",
        "marc4j-summerland.mrc",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for name in files {
        let data = std::fs::read(format!("{DATA}/{name}")).unwrap();
        for _ in 0..150 {
            let d = mutate(&data, &mut rng);
            let _ = marcxml::Reader::new(&d[..]).take(100).count();
            let _ = json::Reader::new(&d[..]).take(100).count();
            let _ = mnemonic::Reader::new(&d[..]).take(100).count();
            if let Ok(r) = AnyReader::open(&d[..]) {
                let _ = r.take(100).count();
            }
        }
    }
    // Odd end tags next to the framing search.
    for text in [
        "<:record>",
        "</:record>",
        "<record></:record></record>",
        "</record",
        "</",
        "record>",
    ] {
        let _ = marcxml::Reader::new(text.as_bytes()).count();
    }
}
