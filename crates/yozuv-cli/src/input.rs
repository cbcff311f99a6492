//! Opening inputs: files or `-` for standard input.

use std::fs::File;
use std::io::{self, BufReader, Read};

use anyhow::Context;

/// Opens `path` for reading (`-` is standard input).
pub fn open(path: &str) -> anyhow::Result<Box<dyn Read + Send>> {
    if path == "-" {
        Ok(Box::new(io::stdin()))
    } else {
        let f = File::open(path).with_context(|| format!("cannot open {path}"))?;
        Ok(Box::new(BufReader::with_capacity(0, f)))
    }
}
